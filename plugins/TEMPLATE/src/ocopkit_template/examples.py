"""One complete value for each hook — INVENTED EXAMPLES, not regulations.

Nothing here is registered: :class:`ExamplePlugin` registers them only in the
template's own tests, which show that each value passes ``check_plugin`` and
does what it says. To use one, copy it into ``__init__.py`` (or ``plans.py``),
replace the province, the window, the citation and the figures with those of
your source, and keep its test. The examples use Đà Nẵng (``48@34``), a real
unit, so that ocopkit can check them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ocopkit.certification import CertificatePolicy, Portfolio
from ocopkit.errors import Problem
from ocopkit.plugins import (
    Citation,
    CriterionOverride,
    Gate,
    Indicator,
    OptionChange,
    Plan,
    Target,
    hookimpl,
    quoted,
)
from ocopkit.products import Product
from ocopkit.targets import IndicatorScope, IndicatorValue

__all__ = [
    "EXAMPLE_CERTIFICATE_POLICY",
    "EXAMPLE_GATE",
    "EXAMPLE_INDICATOR",
    "EXAMPLE_OVERRIDE",
    "EXAMPLE_PROVINCE",
    "ExamplePlugin",
    "example_plan",
    "require_product_code",
]

EXAMPLE_PROVINCE = "48@34"
SOURCE = "an invented example (ocopkit plug-in template), not a regulation"

#: A gate: from 3★ up, a lab test report is needed (Quảng Ninh's real gate is a model).
EXAMPLE_GATE = Gate(
    id="template-2026-lab-test",
    province=EXAMPLE_PROVINCE,
    requires=frozenset({"lab-test"}),
    citation=Citation(SOURCE, None, "“<the sentence that requires the lab test>”"),
    name_vi="Kiểm nghiệm sản phẩm trước khi xếp hạng",
    name_en="Laboratory test before ranking",
    min_stars=3,
    effective_from=date(2026, 6, 1),
    effective_until=date(2027, 12, 31),
)

#: A criterion override: option 1.5.a of set 7 is worth 1 point instead of 0.
EXAMPLE_OVERRIDE = CriterionOverride(
    id="template-2026-set7-1.5",
    province=EXAMPLE_PROVINCE,
    criterion_id="1.5",
    changes=(OptionChange("1.5.a", points=1),),
    citation=Citation(SOURCE, None, "“<the sentence that changes the points>”"),
    product_sets=frozenset({7}),
    effective_from=date(2026, 6, 1),
    effective_until=date(2027, 12, 31),
)

#: A certificate policy: certificates of the province are valid 24 months.
EXAMPLE_CERTIFICATE_POLICY = CertificatePolicy(id="template-24-months", validity_months=24)


def _four_stars_or_more(portfolio: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    certs = portfolio.in_force(scope.as_of, province=scope.province, min_stars=4)
    return IndicatorValue(len(certs), records=[c.product_id for c in certs])


#: An indicator: products of 4★ or more with a certificate in force.
EXAMPLE_INDICATOR = Indicator(
    id="template.four-stars-in-force",
    name_vi="Sản phẩm từ 4 sao còn hiệu lực",
    name_en="Products of 4★ or more in force",
    unit="products",
    compute=_four_stars_or_more,
    citation=Citation(SOURCE),
)


def example_plan() -> Plan:
    """A plan with a target per kind of measure: a plug-in indicator, a built-in one
    with parameters, and one no portfolio can measure."""
    return Plan(
        id="template-48-2026-2030",
        province=EXAMPLE_PROVINCE,
        name_vi="Kế hoạch OCOP ví dụ 2026–2030",
        name_en="An example OCOP plan 2026–2030",
        period_start=date(2026, 1, 1),
        period_end=date(2030, 12, 31),
        source=Citation(SOURCE),
        targets=(
            Target.minimum("four-stars", 10, unit="products", indicator=EXAMPLE_INDICATOR.id,
                           label_vi="Sản phẩm từ 4 sao", label_en="Products of 4★ or more",
                           citation=quoted(SOURCE, "ít nhất 10 sản phẩm đạt từ 4 sao")),
            Target.between("new-3-stars", 20, 40, unit="products", indicator="new-products",
                           parameters={"min_stars": 3}, label_vi="Sản phẩm mới từ 3 sao",
                           label_en="New products of 3★ or more",
                           citation=quoted(SOURCE, "công nhận mới từ 20 - 40 sản phẩm")),
            Target.minimum("fairs", 5, unit="fairs", label_vi="Hội chợ OCOP",
                           label_en="OCOP fairs",
                           citation=quoted(SOURCE, "tổ chức ít nhất 5 hội chợ OCOP"),
                           note="fairs are not recorded in a portfolio"),
        ),
    )


def require_product_code(product: Product, report: Callable[[Problem], None]) -> None:
    """A dossier check: a product of the province must carry its product code."""
    if product.province_id == EXAMPLE_PROVINCE and product.code is None:
        report(Problem("$.code", "template-missing-code",
                       "sản phẩm của tỉnh phải có mã sản phẩm",
                       "a product of the province must carry its product code"))


class ExamplePlugin:
    """Every example registered through its hook (for the template's tests only)."""

    __version__ = "0"

    @staticmethod
    @hookimpl
    def ocopkit_register_rules(register: Callable[[CriterionOverride | Gate], None]) -> None:
        register(EXAMPLE_GATE)
        register(EXAMPLE_OVERRIDE)

    @staticmethod
    @hookimpl
    def ocopkit_register_certificate_policies(
        register: Callable[[str, CertificatePolicy], None],
    ) -> None:
        register(EXAMPLE_PROVINCE, EXAMPLE_CERTIFICATE_POLICY)

    @staticmethod
    @hookimpl
    def ocopkit_register_plans(register: Callable[[Plan], None]) -> None:
        register(example_plan())

    @staticmethod
    @hookimpl
    def ocopkit_register_indicators(register: Callable[[Indicator], None]) -> None:
        register(EXAMPLE_INDICATOR)

    @staticmethod
    @hookimpl
    def ocopkit_validate_product(product: Product, report: Callable[[Problem], None]) -> None:
        require_product_code(product, report)
