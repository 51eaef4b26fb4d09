"""Quảng Ninh plug-in, tested with the ocopkit conformance kit fixtures.

The 2018–2020 gate is exercised on the scorecards of its era, QĐ 1048/QĐ-TTg (2019):
samples dated in the window are 1048 assessments. ocopkit has no national rule set
before 2019-08-21, so the gate's first months (2018-01-01 – 2019-08-20) cannot be
scored by ocopkit at all.
"""

from __future__ import annotations

from datetime import date

import attrs
import ocopkit_quangninh as qn
import pytest

from ocopkit.errors import ValidationError
from ocopkit.plugins import Loaded, check_plugin
from ocopkit.rulesets import Rules
from ocopkit.scoring import Assessment, evaluate
from ocopkit.testing import GoldenCase, sample_assessments

IN_WINDOW = date(2019, 9, 2)


def top(on: date, province: str | None = "22", **evidence: list[str]) -> Assessment:
    (a,) = sample_assessments(product_sets=[7], profiles=["high"], assessed_on=on,
                              province=province)
    return attrs.evolve(a, evidence={k.replace("_", "-"): v for k, v in evidence.items()})


def test_loads_and_attributes_the_gate(ocopkit_rules: Rules) -> None:
    names = {p.name for p in ocopkit_rules.plugins}
    assert "quangninh" in names
    (gate,) = [g for g in ocopkit_rules.gates if g.plugin == "quangninh"]
    assert gate.item == qn.ONSITE_APPRAISAL_AND_LAB_TEST


def test_gate_withholds_3_stars_without_appraisal_and_lab_test(ocopkit_rules: Rules) -> None:
    a = top(IN_WINDOW)
    assert a.ruleset_id == "vn-qd-1048-2019"
    ev = evaluate(a, ocopkit_rules)
    assert (ev.total, ev.band) == (100, 5)
    assert ev.provenance.caveats == ()  # before 781/2020 (2020-06-08): nothing is missing
    assert (ev.stars, ev.certifiable) == (2, False)
    (failure,) = ev.gate_failures
    assert failure.plugin == "quangninh"
    assert failure.missing == {"on-site-appraisal", "lab-test"}
    assert "100% sản phẩm này đều được lấy mẫu kiểm nghiệm" in str(failure.citation)
    assert "quangninh" in {p.name for p in ev.provenance.plugins}


def test_one_kind_of_evidence_is_not_enough(ocopkit_rules: Rules) -> None:
    ev = evaluate(top(IN_WINDOW, lab_test=["PKN-2019-17"]), ocopkit_rules)
    assert not ev.certifiable
    assert ev.gate_failures[0].missing == {"on-site-appraisal"}


def test_with_evidence_the_national_result_stands(ocopkit_rules: Rules) -> None:
    a = top(IN_WINDOW, on_site_appraisal=["BB-2019-03"], lab_test=["PKN-2019-17"])
    ev = evaluate(a, ocopkit_rules)
    assert (ev.stars, ev.certifiable, ev.gate_failures) == (5, True, ())


def test_in_2020_a_1048_card_under_the_gate(ocopkit_rules: Rules) -> None:
    ev = evaluate(top(date(2020, 11, 20)), ocopkit_rules)
    assert (ev.band, ev.stars, ev.certifiable) == (5, 2, False)
    assert [c.id for c in ev.provenance.caveats] == ["qd-781-2020-minimums"]


def test_before_1048_there_is_no_rule_set_to_gate(ocopkit_rules: Rules) -> None:
    (a,) = sample_assessments(product_sets=[7], profiles=["high"], assessed_on=IN_WINDOW,
                              province="22")
    early = attrs.evolve(a, assessed_on=date(2018, 6, 1))
    for rules in (ocopkit_rules, Rules.national()):
        with pytest.raises(ValidationError) as exc:
            evaluate(early, rules)
        assert exc.value.codes == ("ruleset-not-in-force",)


@pytest.mark.parametrize(
    ("on", "province"),
    [
        (date(2021, 1, 1), "22"),  # after the 2017–2020 phase (a 1048 card)
        (date(2026, 6, 1), "22"),  # Quảng Ninh 22@34, after the reorganisation
        (IN_WINDOW, "01"),  # Hà Nội
        (IN_WINDOW, None),  # no province
    ],
)
def test_gate_does_not_apply_elsewhere(ocopkit_rules: Rules, on: date, province: str | None) -> None:
    a = top(on, province)
    assert evaluate(a, ocopkit_rules) == evaluate(a, Rules.national())


def test_golden_cases_unchanged(ocopkit_rules: Rules, golden_cases: tuple[GoldenCase, ...]) -> None:
    assert [c.name for c in golden_cases if not c.holds(ocopkit_rules)] == []


def test_sample_assessments_unchanged(
    ocopkit_rules: Rules, sample_assessments: tuple[Assessment, ...]
) -> None:
    for a in sample_assessments:
        assert evaluate(a, ocopkit_rules) == evaluate(a), a.name


def test_conformance(ocopkit_plugin: object) -> None:
    assert check_plugin(ocopkit_plugin) == []


def test_ocop_qn_label() -> None:
    assert qn.OCOP_QN_LABEL.eligible(3)
    assert not qn.OCOP_QN_LABEL.eligible(2)
    assert not qn.OCOP_QN_LABEL.eligible(None)
    assert "90/QĐ-OCOP" in qn.OCOP_QN_LABEL.decision


def test_plans_are_registered_and_attributed(ocopkit_loaded: Loaded) -> None:
    assert [p for p in ocopkit_loaded.plans if p.plugin == "quangninh"]
