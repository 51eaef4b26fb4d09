"""ocopkit plug-in for <province> (code <NN>; unit ``<NN>@63`` and/or ``<NN>@34``).

Source: <author>, "<title>", <publisher>, <date> (keep a copy of the text).

Say here what the source supports and what this plug-in models, rule by
rule, and what it leaves out. Model only what the source says; quote the
sentence in each citation.

Every hook a province uses is implemented below. Each registers the values of
a module-level tuple (or, for plans, of :func:`ocopkit_template.plans.plans`),
all empty until you add what your source supports: a plug-in that registers
nothing is valid, and one that registers an invented rule is wrong.
:mod:`ocopkit_template.examples` shows one complete, checked value for each
hook (invented examples, never registered); ``tests/test_template.py`` tests
them — copy the tests with the values.

The name results carry is the entry point's (``template`` in
``pyproject.toml``): it is written in every evaluation this plug-in takes
part in, so choose it once.
"""

from __future__ import annotations

from collections.abc import Callable

from ocopkit.certification import CertificatePolicy
from ocopkit.errors import Problem
from ocopkit.plugins import CriterionOverride, Gate, Indicator, Plan, hookimpl
from ocopkit.products import Product

__version__ = "0.1.0"

__all__ = [
    "CERTIFICATE_POLICIES",
    "CHECKS",
    "INDICATORS",
    "RULES",
    "ocopkit_register_certificate_policies",
    "ocopkit_register_indicators",
    "ocopkit_register_plans",
    "ocopkit_register_rules",
    "ocopkit_validate_product",
]

#: The province's criterion overrides and gates (see ``examples.EXAMPLE_GATE``).
RULES: tuple[CriterionOverride | Gate, ...] = ()

#: ``(province, policy)`` pairs, when the source changes the certificate arithmetic.
CERTIFICATE_POLICIES: tuple[tuple[str, CertificatePolicy], ...] = ()

#: Indicators the plans need beyond the built-in ones.
INDICATORS: tuple[Indicator, ...] = ()

#: Dossier checks: functions ``(product, report) -> None`` calling ``report(problem)``.
CHECKS: tuple[Callable[[Product, Callable[[Problem], None]], None], ...] = ()


@hookimpl
def ocopkit_register_rules(register: Callable[[CriterionOverride | Gate], None]) -> None:
    """Register the province's overrides and gates."""
    for rule in RULES:
        register(rule)


@hookimpl
def ocopkit_register_certificate_policies(
    register: Callable[[str, CertificatePolicy], None],
) -> None:
    """Register the province's certificate policy, if its source sets one."""
    for province, policy in CERTIFICATE_POLICIES:
        register(province, policy)


@hookimpl
def ocopkit_register_plans(register: Callable[[Plan], None]) -> None:
    """Register the province's OCOP plans (data in :mod:`ocopkit_template.plans`)."""
    from .plans import plans

    for plan in plans():
        register(plan)


@hookimpl
def ocopkit_register_indicators(register: Callable[[Indicator], None]) -> None:
    """Register the indicators the plans name beyond the built-in ones."""
    for indicator in INDICATORS:
        register(indicator)


@hookimpl
def ocopkit_validate_product(product: Product, report: Callable[[Problem], None]) -> None:
    """Run the province's dossier checks (each looks at the product's province itself).

    A hook reports through ``report``; it never returns its problems.
    """
    for check in CHECKS:
        check(product, report)
