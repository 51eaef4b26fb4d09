"""The minimum every plug-in should test (fixtures from ``ocopkit.testing``)."""

from __future__ import annotations

from ocopkit.plugins import Loaded, check_plugin
from ocopkit.rulesets import Rules
from ocopkit.scoring import Assessment, evaluate
from ocopkit.testing import GoldenCase


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


# Then, for each rule: an assessment of your province inside the window that
# the rule changes, the same one with the evidence (or outside the window, or
# in another province) that it does not change, e.g.
#
#     (a,) = sample_assessments(product_sets=[7], profiles=["high"],
#                               assessed_on=date(2024, 5, 1), province="<NN>")
#     ev = evaluate(a, ocopkit_rules)
#     assert ev.gate_failures[0].plugin == "template"
