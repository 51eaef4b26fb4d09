"""Results read back are checked, not trusted (issue 18.3), and no rule-selecting key can
silently switch provincial rules off (issue 18.4, issue 17.2).

Each test names the defect of the adversarial run it guards against."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from ocopkit import plugins
from ocopkit.errors import ValidationError
from ocopkit.io import from_dict, from_json, to_dict, to_json
from ocopkit.rulesets import Rules
from ocopkit.scoring import Assessment, Evaluation, evaluate

CARD7 = Rules.national().registry.get("vn-qd-26-2026").scorecard(7)
BEST = {c.id: c.options[-1].id for c in CARD7}
DAY = date(2026, 11, 2)


def problems(data: Any, cls: Any = Evaluation, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        from_dict(data, cls, **kwargs)
    return [(p.path, p.code) for p in info.value.problems]


@pytest.fixture(scope="module")
def saved() -> dict[str, Any]:
    ev = evaluate(Assessment.single(7, BEST, assessed_on=DAY, name="Trà hoa vàng"))
    data: dict[str, Any] = json.loads(to_json(ev))
    return data


def test_an_honest_evaluation_reads_back_equal(saved: dict[str, Any]) -> None:
    ev = from_dict(saved, Evaluation)
    assert ev == evaluate(ev.assessment)
    assert to_dict(ev) == saved


@pytest.mark.parametrize(("change", "where"), [
    # the total is not the sum of the trace
    (lambda d: d.__setitem__("total", "99"), ("$.total", "inconsistent-evaluation")),
    # a trace line changed: total and part no longer add up
    (lambda d: d["trace"][0].__setitem__("points", "0"), ("$.total", "inconsistent-evaluation")),
    # a band the total does not give
    (lambda d: d.__setitem__("band", 4), ("$.band", "inconsistent-evaluation")),
    # stars the assessment does not earn (consistent with the band, so only re-evaluation
    # can tell)
    (lambda d: d.__setitem__("stars", 4), ("$.stars", "evaluation-mismatch")),
    # a decision text of another result
    (lambda d: d.__setitem__("decision_en", "5★: certified"),
     ("$.decision_en", "evaluation-mismatch")),
    # a trace line's option changed with its points: consistent sums, another assessment
    (lambda d: d["trace"][0].__setitem__("option_ids", ["x"]),
     ("$.trace[0].option_ids", "evaluation-mismatch")),
    # made with a plug-in that is not loaded: refused, never re-read under national rules
    (lambda d: d["provenance"]["plugins"].append({"name": "ocopkit-quangninh",
                                                   "version": "0.1.0"}),
     ("$.provenance.plugins", "plugins-not-loaded")),
    # a rule set whose content differs
    (lambda d: d["provenance"].__setitem__("ruleset_hash", "sha256:" + "0" * 64),
     ("$.provenance.ruleset_hash", "ruleset-changed")),
])
def test_a_forged_evaluation_is_refused_where_it_was_forged(
        saved: dict[str, Any], change: Any, where: tuple[str, str]) -> None:
    doc = json.loads(json.dumps(saved))
    change(doc)
    assert where in problems(doc)


def test_check_false_keeps_the_consistency_checks(saved: dict[str, Any]) -> None:
    doc = json.loads(json.dumps(saved))
    doc["decision_en"] = "edited"
    assert from_dict(doc, Evaluation, check=False).decision_en == "edited"
    doc["total"] = "99"
    assert ("$.total", "inconsistent-evaluation") in problems(doc, check=False)


def test_an_evaluation_made_with_a_plugin_reads_back_only_with_it() -> None:
    rules = plugins.load_rules()
    if not any(p.name == "quangninh" or "quangninh" in p.name for p in rules.plugins):
        pytest.skip("the Quảng Ninh plug-in is not installed")
    a = Assessment.single(7, BEST, assessed_on=DAY, province="Quảng Ninh")
    ev = evaluate(a, rules)
    text = to_json(ev)
    assert from_json(text, Evaluation, rules=rules) == ev
    used = [p.name for p in ev.provenance.plugins if p.name != "ocopkit.national"]
    if used:
        with pytest.raises(ValidationError) as info:
            from_json(text, Evaluation, rules=Rules.national())
        assert "plugins-not-loaded" in {p.code for p in info.value.problems}


# --------------------------------------------------------------------------- 18.4 / 17.2


def qn_2019(**changes: Any) -> dict[str, Any]:
    """A Quảng Ninh dossier of 2019 under 1048 (set 7, best options, no evidence): the
    Quảng Ninh plug-in's gate (on-site appraisal and lab test) withholds 3★ and up."""
    card = Rules.national().registry.get("vn-qd-1048-2019").scorecard(7)
    doc: dict[str, Any] = {
        "product_set": 7, "assessed_on": "2019-10-01", "province": "Quảng Ninh",
        "sheets": [{"answers": {c.id: c.options[-1].id for c in card}}]}
    doc.update(changes)
    return doc


@pytest.fixture(scope="module")
def qn_rules() -> Rules:
    rules = plugins.load_rules()
    if "quangninh" not in {p.name for p in rules.plugins}:
        pytest.skip("the Quảng Ninh plug-in is not installed")
    return rules


def test_the_quang_ninh_gate_applies_to_its_2019_dossier(qn_rules: Rules) -> None:
    ev = evaluate(from_dict(qn_2019(), Assessment, rules=qn_rules), qn_rules)
    assert ev.band == 5 and ev.stars is not None and ev.stars < 3
    assert "quangninh" in {p.name for p in ev.provenance.plugins}


@pytest.mark.parametrize(("changes", "where"), [
    ({"province": "Quảng Ninhh"}, ("$.province", "unknown-province")),
    ({"province": "22x"}, ("$.province", "unknown-province")),
    ({"province": ""}, ("$.province", "unknown-province")),
    ({"province": "zz"}, ("$.province", "unknown-province")),
    # a product code written with en-dashes: refused with its canonical form
    ({"province": None, "product_code": "22\u201306733\u20133\u20132019"},
     ("$.product_code", "non-canonical-code")),
    ({"province": None, "product_code": "22-193-06733-3-2019"}, None),  # resolves
    ({"product_code": "22-6733-3-2026"}, ("$.product_code.X", "invalid-commune-code")),
    ({"product_code": "7"}, ("$.product_code", "invalid-code-structure")),
    ({"product_code": ""}, ("$.product_code", "invalid-code-structure")),
    # a code of another province (Hà Nội)
    ({"product_code": "01-00001-3-2019"}, ("$.product_code", "code-province-mismatch")),
])
def test_no_input_silently_switches_provincial_rules_off(
        qn_rules: Rules, changes: dict[str, Any], where: tuple[str, str] | None) -> None:
    doc = qn_2019(**changes)
    if where is None:
        ev = evaluate(from_dict(doc, Assessment, rules=qn_rules), qn_rules)
        assert ev.stars is not None and ev.stars < 3  # the code's province: the gate applies
        return
    found = problems(doc, Assessment, rules=qn_rules)
    assert where in found
    with pytest.raises(ValidationError):  # nor does evaluate() score it under national rules
        evaluate(from_dict(doc, Assessment, check=False), qn_rules)


def test_an_unknown_province_suggests_the_near_one() -> None:
    with pytest.raises(ValidationError) as info:
        from_dict(qn_2019(province="Quảng Ninhh"), Assessment)
    (p,) = info.value.problems
    assert p.suggestion == "Quảng Ninh"
    assert "Quảng Ninhh" in p.message_vi and "Quảng Ninhh" in p.message_en


def test_a_malformed_code_is_never_the_label() -> None:
    doc = qn_2019(product_code="22-6733-3-2026", name=None)
    with pytest.raises(ValidationError):
        evaluate(from_dict(doc, Assessment, check=False))
