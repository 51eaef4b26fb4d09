"""Hà Nội plug-in, tested with the ocopkit conformance kit fixtures.

The 2020 gate is exercised on the scorecards of its era, QĐ 1048/QĐ-TTg (2019): the
samples dated 2020 are 1048 assessments (set numbers of 1048).
"""

from __future__ import annotations

from datetime import date

import attrs
import ocopkit_hanoi as hn
import pytest

from ocopkit.plugins import Loaded, check_plugin
from ocopkit.rulesets import Rules
from ocopkit.scoring import Assessment, evaluate
from ocopkit.testing import GoldenCase, sample_assessments

IN_2020 = date(2020, 6, 15)
DOSSIER = {
    "business-plan": ["KH-SXKD"],
    "environmental-protection-plan": ["KH-BVMT"],
    "proof-of-origin": ["NGUON-GOC"],
    "offtake-contract": ["HD-BAO-TIEU"],
    "facility-eligibility-certificate": ["GCN-DDK"],
    "website": ["https://example.vn"],
}


def mid(on: date, province: str | None = "01", evidence: dict[str, list[str]] | None = None,
        product_set: int = 26) -> Assessment:
    (a,) = sample_assessments(product_sets=[product_set], profiles=["mid"], assessed_on=on,
                              province=province)
    return attrs.evolve(a, evidence=evidence or {})


def test_loads_and_attributes_the_gate(ocopkit_rules: Rules) -> None:
    (gate,) = [g for g in ocopkit_rules.gates if g.plugin == "hanoi"]
    assert gate.item == hn.EVIDENCE_DOSSIER_2020


def test_samples_of_2020_are_1048_scorecards() -> None:
    a = mid(IN_2020)
    assert a.ruleset_id == "vn-qd-1048-2019"
    ev = evaluate(a)
    # 1048 set 26 (tourism services): the "mid" options total 73 (band 4); from
    # 2020-06-08 the evaluation says that 781/2020's minimum requirements are missing
    assert (ev.total, ev.band, ev.stars) == (73, 4, 4)
    assert [c.id for c in ev.provenance.caveats] == ["qd-781-2020-minimums"]


def test_incomplete_dossier_is_not_certifiable_in_2020(ocopkit_rules: Rules) -> None:
    partial = {k: v for k, v in DOSSIER.items() if k != "website"}
    ev = evaluate(mid(IN_2020, evidence=partial), ocopkit_rules)
    assert (ev.band, ev.stars, ev.certifiable) == (4, 2, False)
    assert ev.gate_failures[0].missing == {"website"}
    assert ev.gate_failures[0].plugin == "hanoi"


def test_the_gate_changes_the_tier_of_a_processed_food_product(ocopkit_rules: Rules) -> None:
    # 1048 set 7 (processed fruit and vegetables), scored by criteria in 2020: 62 points
    a = mid(IN_2020, product_set=7)
    national = evaluate(a)
    assert (national.total, national.stars, national.certifiable) == (62, 3, True)
    ev = evaluate(a, ocopkit_rules)
    assert (ev.total, ev.stars, ev.certifiable) == (62, 2, False)
    assert len(ev.gate_failures[0].missing) == 6
    complete = evaluate(attrs.evolve(a, evidence=DOSSIER), ocopkit_rules)
    assert (complete.stars, complete.certifiable) == (3, True)


def test_complete_dossier_keeps_the_national_result(ocopkit_rules: Rules) -> None:
    ev = evaluate(mid(IN_2020, evidence=DOSSIER), ocopkit_rules)
    assert (ev.stars, ev.certifiable, ev.gate_failures) == (4, True, ())


@pytest.mark.parametrize(
    ("on", "province"),
    [(date(2019, 12, 31), "01"), (date(2021, 1, 1), "01"), (date(2026, 6, 1), "01"),
     (IN_2020, "22"), (IN_2020, None)],
)
def test_gate_does_not_apply_elsewhere(ocopkit_rules: Rules, on: date, province: str | None) -> None:
    a = mid(on, province)
    assert evaluate(a, ocopkit_rules) == evaluate(a, Rules.national())


def test_golden_cases_unchanged(ocopkit_rules: Rules, golden_cases: tuple[GoldenCase, ...]) -> None:
    assert [c.name for c in golden_cases if not c.holds(ocopkit_rules)] == []


def test_conformance(ocopkit_plugin: object) -> None:
    assert check_plugin(ocopkit_plugin) == []


def test_plans_are_registered_and_attributed(ocopkit_loaded: Loaded) -> None:
    assert [p for p in ocopkit_loaded.plans if p.plugin == "hanoi"]
