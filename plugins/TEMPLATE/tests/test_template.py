"""The minimum every plug-in should test (fixtures from ``ocopkit.testing``), then one
test per hook, on the invented examples of ``ocopkit_template.examples``.

When you copy an example into your plug-in, copy its test too and point it at your
rule (``ocopkit_rules`` instead of ``example_rules``; your province, dates and figures).
"""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from ocopkit_template import examples

from ocopkit import plugins
from ocopkit.certification import DEFAULT_POLICY
from ocopkit.plugins import Loaded, check_plugin
from ocopkit.products import Product
from ocopkit.rulesets import Rules
from ocopkit.samples import sample_portfolio
from ocopkit.scoring import Assessment, evaluate
from ocopkit.targets import attainment
from ocopkit.testing import GoldenCase, sample_assessments

# ---------------------------------------------------------------- the plug-in itself


def test_loads(ocopkit_loaded: Loaded) -> None:
    assert "template" in {p.name for p in ocopkit_loaded.report.plugins}


def test_conformance(ocopkit_plugin: object) -> None:
    assert check_plugin(ocopkit_plugin) == []


def test_golden_cases_unchanged(ocopkit_rules: Rules, golden_cases: tuple[GoldenCase, ...]) -> None:
    assert [c.name for c in golden_cases if not c.holds(ocopkit_rules)] == []


def test_assessments_without_a_province_unchanged(
    ocopkit_rules: Rules, sample_assessments: tuple[Assessment, ...]
) -> None:
    for a in sample_assessments:
        assert evaluate(a, ocopkit_rules) == evaluate(a), a.name


def test_plans_pass_their_checks(ocopkit_loaded: Loaded) -> None:
    for provided in ocopkit_loaded.plans:
        assert provided.item.check(ocopkit_loaded.indicator_registry) == [], provided.item.id


# ---------------------------------------------------------------- the examples, hook by hook


@pytest.fixture(scope="module")
def example() -> Loaded:
    return plugins.load(autoload=False, strict=True, plugins=[examples.ExamplePlugin])


def test_the_examples_pass_check_plugin() -> None:
    assert check_plugin(examples.ExamplePlugin) == []


def _in_province(on: date = date(2026, 9, 1), **kw: object) -> Assessment:
    (a,) = sample_assessments(product_sets=[7], profiles=["high"], assessed_on=on,
                              province="48")
    return attrs.evolve(a, **kw)


def test_gate_withholds_tiers_without_the_evidence_and_only_there(example: Loaded) -> None:
    ev = evaluate(_in_province(), example.rules)
    assert (ev.band, ev.stars, ev.certifiable) == (5, 2, False)
    assert [(f.plugin, sorted(f.missing)) for f in ev.gate_failures] == [
        ("ExamplePlugin", ["lab-test"])]
    assert evaluate(_in_province(evidence={"lab-test": ["PKN-1"]}), example.rules).stars == 5
    assert evaluate(_in_province(on=date(2028, 1, 1)), example.rules).stars == 5  # window over


def test_override_changes_its_criterion_only_in_its_province(example: Loaded) -> None:
    (low,) = sample_assessments(product_sets=[7], profiles=["low"], province="48",
                                assessed_on=date(2026, 9, 1))
    ev = evaluate(low, example.rules)
    assert ev.line("1.5").decided_by == "ExamplePlugin"
    assert ev.total - evaluate(low).total == 1
    (hanoi,) = sample_assessments(product_sets=[7], profiles=["low"], province="01",
                                  assessed_on=date(2026, 9, 1))
    assert evaluate(hanoi, example.rules) == evaluate(hanoi)


def test_certificate_policy_applies_to_the_province(example: Loaded) -> None:
    assert example.certificate_policy_for("48", date(2026, 9, 1)).validity_months == 24
    assert example.certificate_policy_for("01", date(2026, 9, 1)) is DEFAULT_POLICY


def test_plan_and_indicator(example: Loaded) -> None:
    (provided,) = example.plans
    plan = provided.item
    assert plan.check(example.indicator_registry) == []
    report = attainment(plan, sample_portfolio(), date(2026, 12, 31), example.indicator_registry)
    statuses = {row.target_id: row.status.value for row in report.rows}
    assert statuses["fairs"] == "not-measurable"
    assert set(statuses) == {"four-stars", "new-3-stars", "fairs"}


def test_validate_product(example: Loaded) -> None:
    without = Product("p1", "Mứt gừng", 7, "s1", examples.EXAMPLE_PROVINCE)
    assert [p.code for p in example.validate_product(without)] == ["template-missing-code"]
    elsewhere = Product("p2", "Mứt gừng", 7, "s1", "01@34")
    assert example.validate_product(elsewhere) == ()
