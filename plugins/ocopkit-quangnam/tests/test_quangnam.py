"""Quảng Nam plug-in, tested with the ocopkit conformance kit fixtures."""

from __future__ import annotations

from ocopkit.plugins import Loaded, check_plugin
from ocopkit.rulesets import Rules
from ocopkit.scoring import Assessment, evaluate
from ocopkit.testing import GoldenCase


def test_loads(ocopkit_loaded: Loaded) -> None:
    assert "quangnam" in {p.name for p in ocopkit_loaded.report.plugins}
    assert ocopkit_loaded.report.ok


def test_registers_no_scoring_rule(ocopkit_loaded: Loaded) -> None:
    # The source article states targets only (see README): no rule is modelled.
    rules = ocopkit_loaded.rules
    assert (rules.overrides, rules.gates, dict(rules.tier_policies)) == ((), (), {})
    assert ocopkit_loaded.certificate_policies == ()


def test_golden_cases_unchanged(ocopkit_rules: Rules, golden_cases: tuple[GoldenCase, ...]) -> None:
    assert [c.name for c in golden_cases if not c.holds(ocopkit_rules)] == []


def test_sample_assessments_unchanged(
    ocopkit_rules: Rules, sample_assessments: tuple[Assessment, ...]
) -> None:
    for a in sample_assessments[:9]:
        assert evaluate(a, ocopkit_rules) == evaluate(a), a.name


def test_conformance(ocopkit_plugin: object) -> None:
    assert check_plugin(ocopkit_plugin) == []


def test_plans_are_registered_and_attributed(ocopkit_loaded: Loaded) -> None:
    assert [p for p in ocopkit_loaded.plans if p.plugin == "quangnam"]
