"""Quảng Nam's OCOP programme 2021–2025, as data.

Source: Thảo Nguyên, “Quảng Nam sẽ ứng dụng công nghệ 4.0 đưa sản phẩm Ocop
tham gia thị trường xuất khẩu” (undated, written at the start of the
2021–2025 phase; ``tools/sources/seeds/004_26173ab77883a1b3.txt`` in the
ocopkit repository). The article does not name the plan document.

Readings (each target's ``note`` repeats the one that applies):

* Two product targets, not one: "củng cố, nâng cấp **hơn** 200 sản phẩm …
  công nhận … trong giai đoạn 2018-2020" (consolidate or upgrade more than
  200 of the products recognised in 2018–2020: a strict minimum of
  ``consolidated-products`` on that cohort) and "phát triển mới **ít nhất**
  200 sản phẩm" (at least 200 new products: ``new-products``, i.e. newly
  recognised at 3★ or more, since a portfolio only holds recognised
  products). The first sentence could also be read as describing the cohort
  ("the >200 products recognised in 2018–2020") with the goal of
  consolidating all of them; the strict minimum is the literal reading.
* "bình quân mỗi xã có ít nhất 2 sản phẩm Ocop đạt 3 sao trở lên": the
  number of communes is not in the article; it comes from the commune
  registry given to :func:`~ocopkit.targets.attainment`.
* "5 sản phẩm chủ lực cấp tỉnh đạt 5 sao": products carry no "provincial key
  product" flag, so every 5★ product counts (an upper bound).
* "Phát triển mới ít nhất 80 tổ chức kinh tế …; trong đó, 30 doanh
  nghiệp, 50 Hợp tác xã": ``new-subjects`` counts subjects whose first OCOP
  certificate falls in the period (a proxy: organisations that joined
  without a recognised product are not seen).
* Sale points, OCOP centres, consolidated organisations and support visits
  are not in a portfolio: recorded with ``indicator=None``.

The province is named as when the plan was made: ``"Quảng Nam"``
(``49@63``), merged into Đà Nẵng (``48@34``) on 2025-07-01.

This module imports nothing but :mod:`ocopkit`, so that it can be loaded by
path (see :func:`ocopkit.samples.sample_plans`).
"""

from __future__ import annotations

from datetime import date

from ocopkit.plugins import Citation, Plan, Target, quoted

__all__ = ["ARTICLE", "plans"]

#: The article the data is taken from.
ARTICLE = (
    "Thảo Nguyên, “Quảng Nam sẽ ứng dụng công nghệ 4.0 đưa sản phẩm Ocop tham gia thị "
    "trường xuất khẩu” (undated, c. 2021)"
)

_CONSOLIDATE = (
    "Chương trình “Mỗi xã, phường một sản phẩm” (Ocop) giai đoạn 2021-2025 Quảng Nam đề ra mục "
    "tiêu củng cố, nâng cấp hơn 200 sản phẩm Ocop được UBND tỉnh quyết định công nhận hạng 3 "
    "sao trở lên trong giai đoạn 2018-2020."
)
_NEW = (
    "Cùng với đó, phát triển mới ít nhất 200 sản phẩm; trong đó tập trung chế biến, chế biến "
    "sâu để gia tăng giá trị, theo chuỗi các sản phẩm chủ lực cấp huyện, tỉnh; phát triển các "
    "sản phẩm thuộc nhóm ngành dịch vụ du lịch cộng đồng, điểm du lịch và các sản phẩm thế mạnh "
    "khác."
)
_PER_COMMUNE = "Đến năm 2025, bình quân mỗi xã có ít nhất 2 sản phẩm Ocop đạt 3 sao trở lên."
_FIVE_STAR = (
    "Cả tỉnh Quảng Nam có ít nhất 5 sản phẩm chủ lực cấp tỉnh đạt 5 sao, phát triển theo chuỗi "
    "giá trị, liên kết chặt chẽ, quy mô lớn và ứng dụng công nghệ 4.0 trong quản trị chất "
    "lượng, tham gia thị trường xuất khẩu."
)
_ORGS = (
    "Củng cố, phát triển các tổ chức kinh tế tham gia Ocop Quảng Nam có ít nhất 50 tổ chức kinh "
    "tế sản xuất, kinh doanh sản phẩm Ocop được củng cố, nâng cấp."
)
_NEW_ORGS = (
    "Phát triển mới ít nhất 80 tổ chức kinh tế tham gia chương trình Ocop; trong đó, 30 doanh "
    "nghiệp, 50 Hợp tác xã."
)
_CENTRES = (
    "Xây dựng 45 điểm bán hàng Ocop, 10 trung tâm Ocop cấp huyện, 2 trung tâm Ocop cấp tỉnh, "
    "1 trung tâm Ocop cấp vùng."
)
# "viêc" (sic) is the source's spelling.
_VISITS = (
    "Phát huy tốt hơn nữa hoạt động của tổ liên ngành cấp tỉnh trong viêc định kỳ hàng năm, "
    "mỗi năm ít nhất 2 lần xuống hỗ trợ địa phương"
)
_NEW_SUBJECT_NOTE = ("proxy: subjects whose first OCOP certificate falls in the period; "
                     "organisations without a recognised product are not seen")
_NEW_SUBJECT_NOTE_VI = ("đo gián tiếp: chủ thể có giấy chứng nhận OCOP đầu tiên trong giai "
                        "đoạn; tổ chức chưa có sản phẩm được công nhận không được tính")


def _c(sentence: str) -> Citation:
    return quoted(ARTICLE, sentence)


def plans() -> tuple[Plan, ...]:
    """The Quảng Nam programme 2021–2025 (one plan)."""
    targets = (
        Target.minimum(
            "consolidated-2018-2020", 200, strict=True, unit="products",
            label_vi="Sản phẩm OCOP 2018–2020 được củng cố, nâng cấp",
            label_en="Products of 2018–2020 consolidated or upgraded",
            indicator="consolidated-products",
            parameters={"cohort_start": date(2018, 1, 1), "cohort_end": date(2020, 12, 31)},
            citation=_c(_CONSOLIDATE),
            note="'hơn 200' read as more than 200 products of the 2018–2020 cohort re-evaluated "
                 "or upgraded in 2021–2025",
            note_vi="'hơn 200' hiểu là trên 200 sản phẩm được công nhận giai đoạn 2018–2020 được "
                    "đánh giá lại hoặc nâng hạng trong giai đoạn 2021–2025",
        ),
        Target.minimum(
            "new-products", 200, unit="products",
            label_vi="Sản phẩm OCOP phát triển mới", label_en="New OCOP products",
            indicator="new-products", parameters={"min_stars": 3}, citation=_c(_NEW),
            note="new products counted once recognised (3★ or more)",
            note_vi="sản phẩm mới được tính khi được công nhận (từ 3★ trở lên)",
        ),
        Target.minimum(
            "products-per-commune", 2, unit="products/commune",
            label_vi="Bình quân sản phẩm OCOP từ 3 sao mỗi xã",
            label_en="Products rated 3★ or more per commune (average)",
            indicator="products-per-commune",
            parameters={"min_stars": 3, "basis": "recognised"},
            citation=_c(_PER_COMMUNE),
        ),
        Target.minimum(
            "five-star-key-products", 5, unit="products",
            label_vi="Sản phẩm chủ lực cấp tỉnh đạt 5 sao",
            label_en="Provincial key products rated 5★",
            indicator="five-star-products", parameters={"basis": "recognised"},
            citation=_c(_FIVE_STAR),
            note="every 5★ product counts: 'provincial key product' is not recorded",
            note_vi="mọi sản phẩm 5★ đều được tính: danh mục không ghi 'sản phẩm chủ lực cấp "
                    "tỉnh'",
        ),
        Target.minimum(
            "organisations-consolidated", 50, unit="organisations",
            label_vi="Tổ chức kinh tế OCOP được củng cố, nâng cấp",
            label_en="OCOP economic organisations consolidated",
            citation=_c(_ORGS),
        ),
        Target.minimum(
            "new-organisations", 80, unit="subjects",
            label_vi="Tổ chức kinh tế tham gia OCOP phát triển mới",
            label_en="New economic organisations in OCOP",
            indicator="new-subjects", citation=_c(_NEW_ORGS), note=_NEW_SUBJECT_NOTE,
            note_vi=_NEW_SUBJECT_NOTE_VI,
        ),
        Target.minimum(
            "new-enterprises", 30, unit="subjects",
            label_vi="Doanh nghiệp tham gia OCOP phát triển mới",
            label_en="New enterprises in OCOP",
            indicator="new-subjects", parameters={"kind": "enterprise"},
            citation=_c(_NEW_ORGS), note=_NEW_SUBJECT_NOTE,
            note_vi=_NEW_SUBJECT_NOTE_VI,
        ),
        Target.minimum(
            "new-cooperatives", 50, unit="subjects",
            label_vi="Hợp tác xã tham gia OCOP phát triển mới",
            label_en="New cooperatives in OCOP",
            indicator="new-subjects", parameters={"kind": "cooperative"},
            citation=_c(_NEW_ORGS), note=_NEW_SUBJECT_NOTE,
            note_vi=_NEW_SUBJECT_NOTE_VI,
        ),
        Target.minimum(
            "sale-points", 45, unit="sale points",
            label_vi="Điểm bán hàng OCOP", label_en="OCOP sale points", citation=_c(_CENTRES),
        ),
        Target.minimum(
            "district-centres", 10, unit="centres",
            label_vi="Trung tâm OCOP cấp huyện", label_en="District OCOP centres",
            citation=_c(_CENTRES),
        ),
        Target.minimum(
            "province-centres", 2, unit="centres",
            label_vi="Trung tâm OCOP cấp tỉnh", label_en="Provincial OCOP centres",
            citation=_c(_CENTRES),
        ),
        Target.minimum(
            "regional-centre", 1, unit="centres",
            label_vi="Trung tâm OCOP cấp vùng", label_en="Regional OCOP centre",
            citation=_c(_CENTRES),
        ),
        Target.minimum(
            "support-visits-per-year", 2, unit="visits", per_year=True,
            label_vi="Số lần tổ liên ngành cấp tỉnh xuống hỗ trợ địa phương mỗi năm",
            label_en="Support visits of the provincial inter-agency team per year",
            citation=_c(_VISITS),
        ),
    )
    return (
        Plan(
            id="vn-49-ocop-2021-2025",
            province="Quảng Nam",
            name_vi="Chương trình “Mỗi xã, phường một sản phẩm” tỉnh Quảng Nam giai đoạn "
                    "2021–2025",
            name_en="Quảng Nam “One Commune, One Product” programme 2021–2025",
            period_start=date(2021, 1, 1),
            period_end=date(2025, 12, 31),
            source=Citation(ARTICLE),
            targets=targets,
            note="the article names no plan document and no adoption date",
        ),
    )
