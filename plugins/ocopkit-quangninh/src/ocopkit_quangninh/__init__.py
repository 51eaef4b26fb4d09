"""ocopkit plug-in for Quảng Ninh (province code 22; unit ``22@63``, then ``22@34``).

Source: Báo Quảng Ninh, "OCOP – Nhìn lại năm bản lề" (2018), a review of
2018, the "năm bản lề" (pivot year) of Quảng Ninh's 2017–2020 OCOP phase
(``tools/sources/seeds/000_22246504edb6273f.txt`` in the ocopkit repository).

What the article supports, and what this plug-in models:

* :data:`ONSITE_APPRAISAL_AND_LAB_TEST` — a gate: products in the
  provincial contest were appraised on site by the council and 100 % were
  sampled for laboratory testing *before* being ranked. Tiers from 3★ up
  therefore need the evidence ``"on-site-appraisal"`` and ``"lab-test"``.
  Window: 2018 (the year the article reports the revised criteria) to the
  end of the 2017–2020 phase it describes; the article gives no end date.
* :data:`OCOP_QN_LABEL` — the "OCOP-QN" mark of Quyết định 90/QĐ-OCOP
  (20/11/2017). Not a scoring rule: the article says the decision sets the
  conditions and procedure for the right to use the mark, and that the 62
  products granted it all had 3★ or more. The other conditions are not in
  the article and are not modelled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import attrs

from ocopkit.plugins import Citation, CriterionOverride, Gate, Plan, hookimpl

__version__ = "0.1.0"

__all__ = [
    "OCOP_QN_LABEL",
    "ONSITE_APPRAISAL_AND_LAB_TEST",
    "SOURCE",
    "Label",
    "ocopkit_register_plans",
    "ocopkit_register_rules",
]

#: The article every rule of this plug-in cites.
SOURCE = "Báo Quảng Ninh, “OCOP – Nhìn lại năm bản lề” (2018), baoquangninh.com.vn"

ONSITE_APPRAISAL_AND_LAB_TEST = Gate(
    id="quangninh-2018-onsite-appraisal-lab-test",
    province="22@63",
    requires=frozenset({"on-site-appraisal", "lab-test"}),
    citation=Citation(
        SOURCE,
        None,
        "“điểm mới là các sản phẩm tham gia cuộc thi cấp tỉnh đều được hội đồng thẩm định "
        "thực tế tại cơ sở sản xuất. Đồng thời, 100% sản phẩm này đều được lấy mẫu kiểm "
        "nghiệm, đảm bảo tiêu chí về vệ sinh môi trường, có giấy xác nhận các tiêu chí an "
        "toàn của đơn vị chuyên môn mới được xếp hạng”",
    ),
    name_vi="Thẩm định thực tế tại cơ sở sản xuất và lấy mẫu kiểm nghiệm trước khi xếp hạng "
    "cấp tỉnh",
    name_en="On-site appraisal at the production facility and laboratory sampling before "
    "provincial ranking",
    min_stars=3,
    effective_from=date(2018, 1, 1),
    effective_until=date(2020, 12, 31),
)


@attrs.frozen
class Label:
    """A provincial OCOP mark and the products that may carry it."""

    name: str
    decision: str
    citation: Citation
    min_stars: int
    note_en: str

    def eligible(self, stars: int | None) -> bool:
        """Whether a product with ``stars`` meets the star condition the source states."""
        return stars is not None and stars >= self.min_stars


OCOP_QN_LABEL = Label(
    name="OCOP-QN",
    decision="Quyết định 90/QĐ-OCOP ngày 20/11/2017 của Ban Chỉ đạo OCOP tỉnh Quảng Ninh",
    citation=Citation(
        SOURCE,
        None,
        "“Quyết định 90/QĐ-OCOP ngày 20/11/2017 quy định quản lý, sử dụng nhãn hiệu OCOP-QN "
        "đối với tem, nhãn các sản phẩm tham gia chương trình … toàn tỉnh đã có 62 sản phẩm "
        "đạt 3 sao trở lên của 34 doanh nghiệp, HTX thuộc 8 địa phương được cấp quyền sử dụng "
        "nhãn hiệu OCOP-QN”",
    ),
    min_stars=3,
    note_en="The article names the decision and reports that the products granted the mark "
    "are rated 3★ or more; the decision's other conditions are not in the article.",
)


@hookimpl
def ocopkit_register_rules(register: Callable[[CriterionOverride | Gate], None]) -> None:
    """Quảng Ninh's 2018 gate: on-site appraisal and lab testing before ranking."""
    register(ONSITE_APPRAISAL_AND_LAB_TEST)


@hookimpl
def ocopkit_register_plans(register: Callable[[Plan], None]) -> None:
    """Quảng Ninh's OCOP plans (data in :mod:`ocopkit_quangninh.plans`)."""
    from .plans import plans

    for plan in plans():
        register(plan)
