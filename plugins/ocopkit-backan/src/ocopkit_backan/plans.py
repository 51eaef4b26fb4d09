"""Bắc Kạn's OCOP plan 2021–2025 (QĐ 386/QĐ-UBND), as data.

Source: Hoàng Minh Hải, “Đẩy mạnh Chương trình “Mỗi xã phường một sản
phẩm” trên địa bàn tỉnh Bắc Kạn”, updated 20/06/2024
(``tools/sources/seeds/003_39b1dd1c918de8e5.txt`` in the ocopkit repository).

The article quotes two targets of Đề án "Mỗi xã, phường một sản phẩm giai
đoạn 2021-2025" (Quyết định 386/QĐ-UBND, 19/3/2021): by 2025 at least 200
products of 3★ or more, of which at least 2 five-star. It reports the
results at the end of 2023 (218 products = 109 %, 1 five-star, 18 four-star,
199 three-star) and two weaknesses (79 of 108 communes with an OCOP product;
52 recognised products that did not take part in re-evaluation when their
certificate expired), recorded here as :class:`~ocopkit.targets.Reported`.

**Reading.** The article's 109 % is 218 / 200 where 218 counts products
*recognised* up to the end of 2023, including the 52 whose certificate had
lapsed (they are "sản phẩm OCOP được công nhận"). The stock targets are
therefore measured with the cumulative indicator ``products-recognised``
(``basis="recognised"``); ``products-in-force`` gives the stricter reading.

The province is named as when the plan was made: ``"Bắc Kạn"`` (``06@63``).
Since 2025-07-01 its communes belong to Thái Nguyên (``19@34``); products
recorded there count towards this plan when their commune's predecessors
(or their product code) lie in old Bắc Kạn.

This module imports nothing but :mod:`ocopkit`, so that it can be loaded by
path (see :func:`ocopkit.samples.sample_plans`).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from ocopkit.plugins import Citation, Plan, Reported, Target, quoted

__all__ = ["ARTICLE", "DOCUMENT", "plans"]

#: The article the data is taken from.
ARTICLE = (
    "Hoàng Minh Hải, “Đẩy mạnh Chương trình “Mỗi xã phường một sản phẩm” trên địa bàn "
    "tỉnh Bắc Kạn”, 20/06/2024"
)
#: The plan document, as the article names it.
DOCUMENT = "QĐ 386/QĐ-UBND"

_TARGETS_SENTENCE = (
    "UBND tỉnh ban hành Đề án “Mỗi xã, phường một sản phẩm giai đoạn 2021-2025” tại Quyết định "
    "số 386/QĐ-UBND ngày 19 tháng 3 năm 2021, trong đó đặt ra chỉ tiêu đối với Chương trình "
    "OCOP đến năm 2025 toàn tỉnh có từ 200 sản phẩm OCOP đạt từ 3 sao trở lên, trong đó phấn "
    "đấu có ít nhất 2 sản phẩm đạt 5 sao."
)
_RESULT_2023 = (
    "Tính đến hết năm 2023, toàn tỉnh có 218 sản phẩm được công nhận đạt OCOP 3 sao trở lên "
    "(đạt 109% mục tiêu giai đoạn 2021-2025)"
)
_SPLIT_2023 = (
    "Đến hết năm 2023, toàn tỉnh có 218 sản phẩm đạt 3 sao trở lên được công nhận (trong đó, "
    "sản phẩm miến dong của Hợp tác xã Tài Hoan được công nhận sản phẩm OCOP 5 sao quốc gia, "
    "có 18 sản phẩm đạt OCOP 4 sao, 199 sản phẩm đạt OCOP 3 sao)."
)
_WEAKNESS_NOTE = (
    "undated: the figure appears among the difficulties of an article updated 20/06/2024 that "
    "reviews results to the end of 2023; read as of 2023-12-31"
)
_END_2023 = date(2023, 12, 31)


def plans() -> tuple[Plan, ...]:
    """The Bắc Kạn plan 2021–2025 (one plan)."""
    targets = (
        Target.minimum(
            "products-3-star", 200, unit="products",
            label_vi="Sản phẩm OCOP đạt từ 3 sao trở lên",
            label_en="OCOP products rated 3★ or more",
            indicator="products-recognised", parameters={"min_stars": 3},
            citation=quoted(ARTICLE, _TARGETS_SENTENCE, f"{DOCUMENT}, chỉ tiêu đến năm 2025"),
            note="measured as products recognised (cumulative), as the source computes 109 %",
            note_vi="đo bằng số sản phẩm được công nhận (cộng dồn), như nguồn tính ra 109 %",
        ),
        Target.minimum(
            "five-star", 2, unit="products",
            label_vi="Sản phẩm OCOP đạt 5 sao", label_en="Five-star OCOP products",
            indicator="five-star-products", parameters={"basis": "recognised"},
            citation=quoted(ARTICLE, _TARGETS_SENTENCE, f"{DOCUMENT}, chỉ tiêu đến năm 2025"),
        ),
    )
    reported = (
        Reported(
            id="products-3-star-2023", value=218, as_of=_END_2023,
            label_vi="Sản phẩm được công nhận đạt OCOP 3 sao trở lên (109% mục tiêu)",
            label_en="Products recognised at 3★ or more (109 % of the target)",
            indicator="products-recognised", parameters={"min_stars": 3},
            citation=quoted(ARTICLE, _RESULT_2023),
        ),
        Reported(
            id="five-star-2023", value=1, as_of=_END_2023,
            label_vi="Sản phẩm OCOP 5 sao quốc gia", label_en="National five-star products",
            indicator="products-recognised", parameters={"stars": 5},
            citation=quoted(ARTICLE, _SPLIT_2023),
        ),
        Reported(
            id="four-star-2023", value=18, as_of=_END_2023,
            label_vi="Sản phẩm đạt OCOP 4 sao", label_en="Four-star products",
            indicator="products-recognised", parameters={"stars": 4},
            citation=quoted(ARTICLE, _SPLIT_2023),
        ),
        Reported(
            id="three-star-2023", value=199, as_of=_END_2023,
            label_vi="Sản phẩm đạt OCOP 3 sao", label_en="Three-star products",
            indicator="products-recognised", parameters={"stars": 3},
            citation=quoted(ARTICLE, _SPLIT_2023),
        ),
        Reported(
            id="communes-with-products", value=79, denominator=108, as_of=_END_2023,
            unit="communes",
            label_vi="Số xã, phường, thị trấn có sản phẩm OCOP",
            label_en="Communes, wards and townships with an OCOP product",
            indicator="communes-with-products", parameters={"basis": "recognised"},
            citation=quoted(ARTICLE, "Số xã, phường, thị trấn có sản phẩm OCOP chưa cao (có "
                                     "79/108 đơn vị)"),
            note=_WEAKNESS_NOTE,
        ),
        Reported(
            id="lapsed-without-reevaluation", value=52, as_of=_END_2023,
            label_vi="Sản phẩm không tham gia đánh giá để cấp giấy chứng nhận khi hết hạn",
            label_en="Products not re-evaluated when their certificate expired",
            indicator="lapsed-without-reevaluation",
            citation=quoted(ARTICLE, "Việc duy trì, phát triển sản phẩm OCOP chưa được quan tâm "
                                     "đúng mức (có 52 sản phẩm OCOP được công nhận không tham "
                                     "gia đánh giá để cấp giấy chứng nhận sản phẩm khi hết hạn)"),
            note=_WEAKNESS_NOTE,
        ),
        Reported(
            id="sale-points", value=18, as_of=date(2024, 6, 20), unit="sale points",
            label_vi="Điểm giới thiệu và bán sản phẩm OCOP",
            label_en="OCOP showrooms and sale points",
            citation=quoted(ARTICLE, "hình thành 18 điểm giới thiệu và bán sản phẩm OCOP trên "
                                     "địa bàn toàn tỉnh"),
            note="date of the article (not stated for the figure)",
        ),
        Reported(
            id="products-on-postmart", value=104, as_of=date(2024, 6, 20),
            label_vi="Sản phẩm OCOP, nông sản hàng hóa đưa lên sàn PostMart.vn",
            label_en="OCOP and farm products listed on PostMart.vn",
            citation=quoted(ARTICLE, "đưa 104 sản phẩm OCOP, nông sản hàng hóa lên sàn "
                                     "PostMart.vn"),
            note="date of the article (not stated for the figure)",
        ),
        Reported(
            id="certified-raw-material-areas", value=13, as_of=_END_2023,
            label_vi="Sản phẩm có vùng nguyên liệu đạt chuẩn hữu cơ, VietGap, GACP-WHO",
            label_en="Products with an organic/VietGAP/GACP-WHO raw-material area",
            citation=quoted(ARTICLE, "13 sản phẩm đã có vùng nguyên liệu đạt chuẩn hữu cơ, "
                                     "VietGap, GACP-WHO"),
        ),
        Reported(
            id="subjects-revenue-growth", value=Fraction(946, 1000), as_of=_END_2023,
            unit="share",
            label_vi="Chủ thể đạt doanh thu tăng từ 1,1 lần trở lên",
            label_en="Subjects whose revenue grew 1.1-fold or more",
            citation=quoted(ARTICLE, "có 94,6% chủ thể đạt doanh thu tăng từ 1,1 lần trở lên"),
        ),
    )
    return (
        Plan(
            id="vn-06-ocop-2021-2025",
            province="Bắc Kạn",
            name_vi="Đề án “Mỗi xã, phường một sản phẩm” tỉnh Bắc Kạn giai đoạn 2021–2025",
            name_en="Bắc Kạn “One Commune, One Product” scheme 2021–2025",
            period_start=date(2021, 1, 1),
            period_end=date(2025, 12, 31),
            adopted_on=date(2021, 3, 19),
            document=f"{DOCUMENT} ngày 19/3/2021",
            source=Citation(ARTICLE),
            targets=targets,
            reported=reported,
        ),
    )
