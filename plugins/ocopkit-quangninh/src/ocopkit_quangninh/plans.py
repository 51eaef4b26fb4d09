"""Quảng Ninh's OCOP programme 2018–2020, as data.

Source: Báo Quảng Ninh, “OCOP – Nhìn lại năm bản lề” (2018),
baoquangninh.com.vn (``tools/sources/seeds/000_22246504edb6273f.txt`` in the
ocopkit repository): a review of 2018, the "năm bản lề" (pivot year) of
Quảng Ninh's 2017–2020 OCOP phase; the provincial key-product criteria it
mentions are "giai đoạn 2018-2020", hence the plan period 2018–2020.

The article states two quantified commitments, neither measurable from a
portfolio (both are recorded with ``indicator=None``):

* from 2019, OCOP booths make up no less than 50 % of the OCOP fairs held
  with the localities;
* 100 % of the products entering the provincial contest are sampled for
  laboratory testing before being ranked (also modelled as a provincial
  gate by this plug-in).

It reports achievements, recorded as :class:`~ocopkit.targets.Reported`:
62 products of 3★ or more from 34 enterprises and cooperatives granted the
OCOP-QN mark, 12 provincial key products, 6 products oriented to the
national level, and nearly 85 % of OCOP products carrying e-stamps. The
article is undated beyond 2018; those figures are read as of 2018-12-31.

This module imports nothing but :mod:`ocopkit`, so that it can be loaded by
path (see :func:`ocopkit.samples.sample_plans`).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from ocopkit.plugins import Citation, Plan, Reported, Target, quoted

__all__ = ["ARTICLE", "plans"]

#: The article the data is taken from.
ARTICLE = "Báo Quảng Ninh, “OCOP – Nhìn lại năm bản lề” (2018), baoquangninh.com.vn"

_FAIRS = (
    "Đáng chú ý, tỉnh đã quyết định từ năm 2019 sẽ tổ chức hội chợ OCOP kết hợp với thương mại "
    "tại các địa phương (trừ TP Hạ Long) thay thế cho hội chợ thương mại thường niên. Đồng "
    "thời, quy định rõ tỷ lệ gian hàng OCOP tại các hội chợ không dưới 50%."
)
_LAB = (
    "Đồng thời, 100% sản phẩm này đều được lấy mẫu kiểm nghiệm, đảm bảo tiêu chí về vệ sinh "
    "môi trường, có giấy xác nhận các tiêu chí an toàn của đơn vị chuyên môn mới được xếp hạng…"
)
_LABEL = (
    "Trên cơ sở đó, đến nay, toàn tỉnh đã có 62 sản phẩm đạt 3 sao trở lên của 34 doanh nghiệp, "
    "HTX thuộc 8 địa phương được cấp quyền sử dụng nhãn hiệu OCOP-QN."
)
_KEY = (
    "Trên cơ sở hệ thống các sản phẩm OCOP đang có, tỉnh đã xây dựng danh sách 12 sản phẩm chủ "
    "lực cấp tỉnh, 6 sản phẩm định hướng cấp quốc gia"
)
_STAMPS = "Đến nay, toàn tỉnh có gần 85% sản phẩm OCOP đã được dán tem điện tử."
_DATE_NOTE = "'đến nay' in a 2018 article; read as of 2018-12-31"
_END_2018 = date(2018, 12, 31)


def plans() -> tuple[Plan, ...]:
    """The Quảng Ninh programme 2018–2020 (one plan)."""
    return (
        Plan(
            id="vn-22-ocop-2018-2020",
            province="Quảng Ninh",
            name_vi="Chương trình OCOP tỉnh Quảng Ninh giai đoạn 2018–2020",
            name_en="Quảng Ninh OCOP programme 2018–2020",
            period_start=date(2018, 1, 1),
            period_end=date(2020, 12, 31),
            source=Citation(ARTICLE),
            targets=(
                Target.minimum(
                    "fair-booth-share", Fraction(50, 100), unit="share",
                    start=date(2019, 1, 1),
                    label_vi="Tỷ lệ gian hàng OCOP tại các hội chợ OCOP",
                    label_en="Share of OCOP booths at the OCOP fairs",
                    citation=quoted(ARTICLE, _FAIRS),
                    note="from 2019; booths are not recorded in a portfolio",
                    note_vi="từ năm 2019; danh mục sản phẩm không ghi nhận gian hàng",
                ),
                Target.minimum(
                    "contest-lab-sampling", 1, unit="share",
                    label_vi="Tỷ lệ sản phẩm dự thi cấp tỉnh được lấy mẫu kiểm nghiệm",
                    label_en="Share of provincial-contest products sampled for lab tests",
                    citation=quoted(ARTICLE, _LAB),
                    note="a rule of the revised provincial criteria, recorded as a 100 % "
                         "commitment; contest entries are not in a portfolio",
                    note_vi="quy định của bộ tiêu chí cấp tỉnh sửa đổi, ghi nhận là cam kết "
                            "100 %; sản phẩm dự thi không có trong danh mục",
                ),
            ),
            reported=(
                Reported(
                    id="products-3-star-2018", value=62, as_of=_END_2018,
                    label_vi="Sản phẩm đạt 3 sao trở lên được cấp quyền sử dụng nhãn hiệu "
                             "OCOP-QN",
                    label_en="Products of 3★ or more granted the OCOP-QN mark",
                    indicator="products-recognised", parameters={"min_stars": 3},
                    citation=quoted(ARTICLE, _LABEL), note=_DATE_NOTE,
                ),
                Reported(
                    id="subjects-2018", value=34, as_of=_END_2018, unit="subjects",
                    label_vi="Doanh nghiệp, HTX có sản phẩm đạt 3 sao trở lên",
                    label_en="Enterprises and cooperatives with such products",
                    indicator="subjects", parameters={"basis": "recognised"},
                    citation=quoted(ARTICLE, _LABEL), note=_DATE_NOTE,
                ),
                Reported(
                    id="key-products", value=12, as_of=_END_2018,
                    label_vi="Sản phẩm chủ lực cấp tỉnh", label_en="Provincial key products",
                    citation=quoted(ARTICLE, _KEY), note=_DATE_NOTE,
                ),
                Reported(
                    id="national-oriented-products", value=6, as_of=_END_2018,
                    label_vi="Sản phẩm định hướng cấp quốc gia",
                    label_en="Products oriented to the national level",
                    citation=quoted(ARTICLE, _KEY), note=_DATE_NOTE,
                ),
                Reported(
                    id="e-stamp-share", value=Fraction(85, 100), as_of=_END_2018, unit="share",
                    label_vi="Sản phẩm OCOP đã được dán tem điện tử (gần 85%)",
                    label_en="OCOP products with e-stamps (nearly 85 %)",
                    citation=quoted(ARTICLE, _STAMPS), note=_DATE_NOTE + "; 'gần' = nearly",
                ),
            ),
            note="the article names no plan document",
        ),
    )
