"""Bình Thuận's OCOP plan 2021–2025 (KH 3799/KH-UBND), as data.

Source: Nguyễn Kiều Ly (VIOIT), a summary of Kế hoạch số 3799/KH-UBND ngày
9/11/2022 of the Bình Thuận People's Committee
(``tools/sources/seeds/002_bcff65a691ea760c.txt`` in the ocopkit repository),
section "2. Mục tiêu cụ thể đến năm 2025".

Readings (each target's ``note`` repeats the one that applies):

* "ít nhất từ 80 - 130" and "khoảng 3 - 5" are ranges; the 3–5 five-star
  products are "trong đó" (among) the newly recognised ones, so they are
  products *newly reaching* 5★ in the period (``new-products`` with
  ``min_stars=5``, upgrades included).
* "Hằng năm củng cố và nâng hạng từ 10 đến 15 sản phẩm" is a per-year range
  of upgrades (``upgraded-products``); ``consolidated-products`` would also
  count re-evaluations at the same tier.
* "Kiểm tra và cấp lại chứng nhận sản phẩm OCOP hết hạn" is read as "no
  product lapses without re-evaluation": a maximum of 0 on
  ``lapsed-without-reevaluation``.
* Sale points, community-tourism services and modern sales channels are
  not in a portfolio: recorded with ``indicator=None``.

The province is named as when the plan was made: ``"Bình Thuận"``
(``60@63``), merged into Lâm Đồng (``68@34``) on 2025-07-01.

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
    "Kế hoạch số 3799/KH-UBND ngày 9/11/2022 của UBND tỉnh Bình Thuận "
    "(tóm tắt: Nguyễn Kiều Ly, VIOIT)"
)
#: The plan document.
DOCUMENT = "KH 3799/KH-UBND"
_WHERE = "mục 2. Mục tiêu cụ thể đến năm 2025"

_NEW = (
    "Trong giai đoạn 2021-2025, phấn đấu công nhận mới ít nhất từ 80 - 130 sản phẩm OCOP đạt "
    "từ 3 sao trở lên, trong đó có khoảng 3 - 5 sản phẩm OCOP đạt 5 sao cấp quốc gia."
)
_UPGRADE = (
    "Hằng năm củng cố và nâng hạng từ 10 đến 15 sản phẩm OCOP đã được đánh giá và phân hạng; "
    "ưu tiên phát triển sản phẩm OCOP gắn với thương hiệu sản phẩm, phát triển dịch vụ du lịch "
    "nông thôn."
)
_RENEW = "Kiểm tra và cấp lại chứng nhận sản phẩm OCOP hết hạn."
_SUBJECTS = (
    "Phấn đấu ít nhất có 40% chủ thể OCOP là hợp tác xã, 30% chủ thể là doanh nghiệp nhỏ và vừa."
)
_CHAINS = (
    "Xây dựng và củng cố ít nhất 30% tổ chức kinh tế sản xuất, kinh doanh sản phẩm OCOP gắn với "
    "chuỗi giá trị và xây dựng 03 dịch vụ du lịch cộng đồng."
)
_CHANNELS = (
    "phấn đấu có ít nhất 50% chủ thể OCOP tham gia vào các kênh bán hàng hiện đại (hệ thống siêu "
    "thị, cửa hàng tiện lợi, sàn giao dịch thương mại điện tử…)"
)
_POINTS = (
    "phấn đấu đến năm 2025 phát triển 04 điểm giới thiệu và bán sản phẩm OCOP tại các điểm du "
    "lịch, giao thương trọng điểm của tỉnh"
)
_SO_FAR = (
    "Tính đến thời điểm hiện tại Bình Thuận đã có 70 sản phẩm OCOP (năm 2020 có 56 sản phẩm và "
    "năm 2021 có 14 sản phẩm; trong đó có 2 sản phẩm đạt chuẩn OCOP 5 sao; 8 sản phẩm đạt chuẩn "
    "OCOP 4 sao và 4 sản phẩm đạt chuẩn OCOP 3 sao cấp tỉnh)."
)
_SO_FAR_NOTE = (
    "'thời điểm hiện tại' is undated; the figures are the 2020 and 2021 batches, read as of "
    "2021-12-31. The 2/8/4 split adds up to the 14 products of 2021; whether the two "
    "'5 sao' are national or provincial ('cấp tỉnh') ratings is ambiguous in the text"
)


def _c(sentence: str) -> Citation:
    return quoted(ARTICLE, sentence, _WHERE)


def plans() -> tuple[Plan, ...]:
    """The Bình Thuận plan 2021–2025 (one plan)."""
    targets = (
        Target.between(
            "new-products-3-star", 80, 130, unit="products",
            label_vi="Sản phẩm OCOP từ 3 sao được công nhận mới",
            label_en="Products newly recognised at 3★ or more",
            indicator="new-products", parameters={"min_stars": 3}, citation=_c(_NEW),
        ),
        Target.between(
            "new-five-star", 3, 5, unit="products",
            label_vi="Sản phẩm OCOP đạt 5 sao cấp quốc gia",
            label_en="Products newly rated 5★ (national)",
            indicator="new-products", parameters={"min_stars": 5}, citation=_c(_NEW),
            note="products whose first 5★ certificate falls in the period (upgrades included)",
            note_vi="sản phẩm có giấy chứng nhận 5★ đầu tiên trong giai đoạn (kể cả nâng hạng)",
        ),
        Target.between(
            "upgraded-per-year", 10, 15, unit="products", per_year=True,
            label_vi="Sản phẩm OCOP được củng cố và nâng hạng mỗi năm",
            label_en="Products upgraded each year",
            indicator="upgraded-products", citation=_c(_UPGRADE),
            note="'củng cố và nâng hạng' read as upgrades to a higher tier",
            note_vi="'củng cố và nâng hạng' hiểu là được nâng lên hạng sao cao hơn",
        ),
        Target.maximum(
            "lapsed-without-reevaluation", 0, unit="products",
            label_vi="Sản phẩm hết hạn chưa được cấp lại chứng nhận",
            label_en="Products whose certificate lapsed without re-evaluation",
            indicator="lapsed-without-reevaluation", citation=_c(_RENEW),
            note="read as: every expired certificate is re-evaluated (none lapses)",
            note_vi="hiểu là: mọi giấy chứng nhận hết hạn đều được đánh giá lại (không sản "
                    "phẩm nào bị hết hạn mà không đánh giá lại)",
        ),
        Target.minimum(
            "cooperative-share", Fraction(40, 100), unit="share",
            label_vi="Tỷ lệ chủ thể OCOP là hợp tác xã",
            label_en="Share of OCOP subjects that are cooperatives",
            indicator="subjects-share", parameters={"kind": "cooperative"},
            citation=_c(_SUBJECTS),
        ),
        Target.minimum(
            "sme-share", Fraction(30, 100), unit="share",
            label_vi="Tỷ lệ chủ thể OCOP là doanh nghiệp nhỏ và vừa",
            label_en="Share of OCOP subjects that are SMEs",
            indicator="subjects-share", parameters={"kind": "enterprise"},
            citation=_c(_SUBJECTS),
        ),
        Target.minimum(
            "value-chain-share", Fraction(30, 100), unit="share",
            label_vi="Tỷ lệ tổ chức kinh tế OCOP gắn với chuỗi giá trị",
            label_en="Share of OCOP economic organisations in value chains",
            indicator="value-chain-share", citation=_c(_CHAINS),
        ),
        Target.minimum(
            "community-tourism-services", 3, unit="services",
            label_vi="Dịch vụ du lịch cộng đồng được xây dựng",
            label_en="Community-tourism services built",
            citation=_c(_CHAINS),
        ),
        Target.minimum(
            "modern-channels-share", Fraction(50, 100), unit="share",
            label_vi="Tỷ lệ chủ thể OCOP tham gia kênh bán hàng hiện đại",
            label_en="Share of subjects in modern sales channels",
            citation=_c(_CHANNELS),
        ),
        Target.minimum(
            "sale-points", 4, unit="sale points",
            label_vi="Điểm giới thiệu và bán sản phẩm OCOP",
            label_en="OCOP showrooms and sale points",
            citation=_c(_POINTS),
        ),
    )
    end_2021 = date(2021, 12, 31)
    reported = (
        Reported(
            id="products-2021", value=70, as_of=end_2021,
            label_vi="Sản phẩm OCOP (năm 2020 và 2021)", label_en="OCOP products (2020 and 2021)",
            indicator="products-recognised", parameters={"min_stars": 3},
            citation=quoted(ARTICLE, _SO_FAR), note=_SO_FAR_NOTE,
        ),
        Reported(
            id="new-products-2020", value=56, as_of=date(2020, 12, 31),
            period_start=date(2020, 1, 1),
            label_vi="Sản phẩm OCOP năm 2020", label_en="OCOP products of 2020",
            indicator="new-products", citation=quoted(ARTICLE, _SO_FAR), note=_SO_FAR_NOTE,
        ),
        Reported(
            id="new-products-2021", value=14, as_of=end_2021, period_start=date(2021, 1, 1),
            label_vi="Sản phẩm OCOP năm 2021", label_en="OCOP products of 2021",
            indicator="new-products", citation=quoted(ARTICLE, _SO_FAR), note=_SO_FAR_NOTE,
        ),
        Reported(
            id="five-star-2021", value=2, as_of=end_2021,
            label_vi="Sản phẩm đạt chuẩn OCOP 5 sao", label_en="Five-star products",
            indicator="products-recognised", parameters={"stars": 5},
            citation=quoted(ARTICLE, _SO_FAR), note=_SO_FAR_NOTE,
        ),
    )
    return (
        Plan(
            id="vn-60-ocop-2021-2025",
            province="Bình Thuận",
            name_vi="Kế hoạch thực hiện Chương trình mỗi xã một sản phẩm tỉnh Bình Thuận "
                    "giai đoạn 2021–2025",
            name_en="Bình Thuận OCOP implementation plan 2021–2025",
            period_start=date(2021, 1, 1),
            period_end=date(2025, 12, 31),
            adopted_on=date(2022, 11, 9),
            document=f"{DOCUMENT} ngày 9/11/2022",
            source=Citation(ARTICLE),
            targets=targets,
            reported=reported,
        ),
    )
