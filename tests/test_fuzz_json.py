"""Fuzzing every public JSON type (issue 18.1, 18.6): whatever the text, ``from_json``
returns the type asked for or raises one :class:`~ocopkit.errors.ValidationError` of
located, bilingual problems — no hang, no raw exception — and its limits are checked before
the work they bound.

The corpus is one valid document per schema (:func:`ocopkit.io.schema_names`); each
example replaces one value of one document by a hostile JSON fragment (numbers far beyond
any limit, deep nesting, long texts, lone surrogates, repeated keys, wrong types) or
truncates the text. ``HYPOTHESIS_PROFILE=fuzz`` runs thousands of examples
(``nox -s fuzz``); the default and ``ci`` profiles run a short pass.

The regression tests at the end each reproduce one failure of the adversarial run of
issue 18 (and the portal findings of issue 17.2).
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from _procedure_support import council, product, province_dossier, to_provincial_result
from hypothesis import given
from hypothesis import strategies as st

from ocopkit import rulesets
from ocopkit.certification import Certificate, Portfolio, RevocationGround
from ocopkit.errors import OcopError, ValidationError
from ocopkit.io import (
    InputLimits,
    from_dict,
    from_json,
    parse_json,
    schema_names,
    schema_types,
    to_dict,
    to_json,
)
from ocopkit.procedure import (
    Actor,
    Case,
    InspectionMode,
    InspectionScope,
    ProcedurePolicy,
    RevocationCase,
    SupervisionFinding,
    WorkingCalendar,
    compare_self_assessment,
    deadline_report,
    round_for,
)
from ocopkit.products import Product, Subject, SubjectKind
from ocopkit.rulesets import MINISTRY_MAE, PROVINCE
from ocopkit.samples import sample_commune_dossier, sample_plans
from ocopkit.scoring import Assessment, Evaluation, evaluate, gap_to_next_star

D = date
CARD7 = rulesets.get("vn-qd-26-2026").scorecard(7)
BEST = {c.id: c.options[-1].id for c in CARD7}
KEBAB = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


@functools.cache
def corpus() -> dict[str, Any]:
    """One valid JSON-ready document per schema name."""
    a = Assessment.single(7, dict(BEST, **{"1.2": "1.2.a"}), assessed_on=D(2026, 11, 2),
                          name="Trà hoa vàng", province="22", product_code="22-06733-3-2026")
    ev = evaluate(a)
    subject = Subject("s1", "Công ty CP Mẫu", SubjectKind.JOINT_STOCK_COMPANY, "22@34",
                      community_capital_share="51/100")
    prod = Product("p1", "Trà hoa vàng", 12, "s1", "22@34", code="22-06733-3-2026")
    cert = Certificate.issue(number="GCN-1", product_id="p1", stars=4,
                             decision_number="2/QĐ-UBND", decision_date=D(2026, 8, 1),
                             authority=PROVINCE, ruleset_id="vn-qd-26-2026")
    cert5 = Certificate.issue(number="GCN-5", product_id="p1", stars=5,
                              decision_number="1", decision_date=D(2026, 7, 1),
                              authority=MINISTRY_MAE, ruleset_id="vn-qd-26-2026")
    case = to_provincial_result(Case.open("HS", product(), received_on=D(2027, 2, 1)),
                                D(2027, 2, 1))
    finding = SupervisionFinding(
        id="KT-1", certificate_number="GCN-5", product_id="p1", inspected_on=D(2027, 3, 1),
        by=Actor.PROVINCE_OFFICE, mode=InspectionMode.AD_HOC,
        scope=frozenset({InspectionScope.CRITERIA}),
        ground=RevocationGround.NO_LONGER_MEETS_CRITERIA, concluded_on=D(2027, 3, 5),
        reference="KL-01")
    objects: dict[str, Any] = {
        "assessment": a,
        "evaluation": ev,
        "gap": gap_to_next_star(evaluate(Assessment.single(7, dict(
            BEST, **{"1.2": "1.2.a"}), assessed_on=D(2026, 11, 2)))),
        "subject": subject,
        "product": prod,
        "certificate": cert,
        "portfolio": Portfolio.build([prod], [subject], [cert]),
        "province": prod.code.province() if prod.code else None,
        "plan": next(iter(sample_plans().values())),
        "ruleset": rulesets.get("vn-qd-148-2023"),
        "scorecard": CARD7,
        "case": case,
        "commune-dossier": sample_commune_dossier(),
        "product-dossier": product(),
        "province-dossier": province_dossier(product(), D(2027, 6, 1)),
        "round": round_for(D(2026, 3, 1)),
        "deadline-report": deadline_report(case, D(2027, 4, 1)),
        "procedure-policy": ProcedurePolicy(),
        "working-calendar": WorkingCalendar(public_holidays=False),
        "self-assessment-comparison": compare_self_assessment(
            sample_commune_dossier().product.self_assessment,
            evaluate(council(D(2027, 5, 20), 4, below=90))),
        "supervision-finding": finding,
        "revocation-case": RevocationCase.open(cert5, finding.conclusion()),
    }
    return {name: json.loads(to_json(obj)) for name, obj in objects.items()}


def test_the_corpus_covers_every_schema() -> None:
    assert sorted(corpus()) == sorted(schema_names())


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in list(data.items())[:40]:
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data[:5]):
            out.extend(_paths(v, (*prefix, i)))
    return out[:400]


@functools.cache
def paths(name: str) -> tuple[tuple[Any, ...], ...]:
    return tuple(_paths(corpus()[name]))


_HOLE = "\u0000fuzz\u0000"

#: Raw JSON fragments an attacker (or a careless exporter) writes.
FRAGMENTS = [
    "1e999999999", "-1e999999999", "1e-999999999", "1E+999999999999999999999", "9" * 5000,
    "-" + "9" * 5000, "0." + "0" * 5000 + "1", '"1e999999999"', '"' + "9" * 5000 + '/7"',
    '"179/2"', "2e0", "7.0", "3.5", "-0", "0", "-1", str(2**63), str(2**64 + 1), "true",
    "false", "null", '""', '" "', '"  a  \\t b \\n"', '"\\ud800"', '"a\\udfff"',
    '"\\u0000"', '"\\u202e"', '"\\u001b[31m"', "[]", "{}", "[null]", '{"a": 1, "a": 2}',
    "[" * 200 + "]" * 200, "[" * 5000 + "]" * 5000, '"' + "x" * 5000 + '"', "NaN",
    "Infinity", "-Infinity", '"2026-02-30"', '"9999-12-31"', '"0001-01-01"', '"HS"',
    '["HS", "HS"]', '"1.1.a"', '"Quảng Ninhh"', '"22-6733-3-2026"', '"22–06733–3–2026"',
]

#: Small limits, so that texts and lists beyond them are cheap to write.
SMALL = InputLimits(max_bytes=200_000, max_depth=24, max_items=500, max_string=2_000,
                    max_digits=60)


def _document(name: str, path: tuple[Any, ...], fragment: str) -> str:
    doc = json.loads(json.dumps(corpus()[name]))
    if not path:
        return fragment
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = _HOLE
    return json.dumps(doc, ensure_ascii=False).replace(json.dumps(_HOLE), fragment)


def _check_outcome(text: str | bytes, name: str, limits: InputLimits | None) -> None:
    cls = schema_types()[name]
    refused: ValidationError | None = None
    try:
        value = from_json(text, cls, limits=limits)
    except ValidationError as exc:
        refused = exc
    except OcopError as exc:  # another typed ocopkit error: never a raw one
        str(exc)
        return
    if refused is None:
        assert isinstance(value, cls)
        to_json(value).encode("utf-8")  # what was read can be written
        return
    _well_formed(refused)


def _well_formed(refused: ValidationError) -> None:
    assert refused.problems
    for p in refused.problems:
        assert isinstance(p.path, str) and p.path
        assert KEBAB.fullmatch(p.code), p.code
        assert p.message_vi and p.message_en
        str(p)  # renders
        p.format("vi").encode("utf-8")  # no lone surrogate in a message


@given(st.sampled_from(sorted(schema_names())), st.data(), st.sampled_from(FRAGMENTS),
       st.booleans())
def test_a_hostile_value_anywhere_is_a_typed_problem(name: str, data: st.DataObject,
                                                     fragment: str, small: bool) -> None:
    path = data.draw(st.sampled_from(paths(name)))
    _check_outcome(_document(name, path, fragment), name, SMALL if small else None)


@given(st.sampled_from(sorted(schema_names())), st.data())
def test_truncated_and_garbled_text_is_a_typed_problem(name: str, data: st.DataObject) -> None:
    text = json.dumps(corpus()[name], ensure_ascii=False).encode("utf-8")
    cut = data.draw(st.integers(0, len(text)))
    junk = data.draw(st.binary(max_size=8))
    _check_outcome(text[:cut] + junk + text[cut + len(junk):], name, None)


SCALARS = (st.none() | st.booleans() | st.integers() | st.text(max_size=8)
           | st.decimals(allow_nan=False, allow_infinity=False, places=3))
JSON_VALUES: st.SearchStrategy[Any] = st.deferred(
    lambda: SCALARS | st.lists(JSON_VALUES, max_size=3)
    | st.dictionaries(st.text(max_size=6), JSON_VALUES, max_size=3))


@given(st.sampled_from(sorted(schema_names())), JSON_VALUES)
def test_any_json_value_is_a_typed_problem(name: str, value: Any) -> None:
    refused: ValidationError | None = None
    try:
        from_dict(value, schema_types()[name])
    except ValidationError as exc:
        refused = exc
    if refused is not None:
        _well_formed(refused)


# --------------------------------------------------------------------------- regressions
# issue 18: "a JSON decimal such as 1e999999999 or 1e-999999999 in any Fraction field …
# never returns (20 s+, 212 bytes of input suffice)"


def codes(text: str, cls: Any, **kwargs: Any) -> set[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        from_json(text, cls, **kwargs)
    return {(p.path, p.code) for p in info.value.problems}


@pytest.mark.parametrize("number", ["1e999999999", "1e-999999999", "-1E+999999999"])
def test_a_huge_exponent_in_a_fraction_field_is_refused_before_it_is_built(number: str) -> None:
    subject = to_dict(Subject("s1", "HTX Mẫu", "joint-stock-company", "22@34",
                              community_capital_share="51/100"))
    text = json.dumps(subject).replace('"51/100"', number)
    assert ("$.community_capital_share", "number-too-large") in codes(text, Subject)
    # as a string: an exact string has no exponent, so it is not a number at all
    as_string = json.dumps(subject).replace('"51/100"', json.dumps(number))
    assert ("$.community_capital_share", "invalid-number") in codes(as_string, Subject)
    digits = json.dumps(subject).replace('"51/100"', json.dumps("1/" + "7" * 5000))
    assert ("$.community_capital_share", "number-too-large") in codes(digits, Subject)


def test_a_huge_total_in_an_evaluation_is_refused() -> None:
    text = json.dumps(corpus()["evaluation"]).replace('"total": "', '"total": 1e999999999, "x": "')
    assert ("$.total", "number-too-large") in codes(text, Evaluation)


def test_a_huge_plan_target_is_refused() -> None:
    found = {(p, c) for p, c in _all_codes(
        json.dumps(corpus()["plan"]), "plan", '"low": ', '"low": 1e-999999999, "_": ')}
    assert any(c == "number-too-large" for _, c in found) or not found


def _all_codes(text: str, name: str, old: str, new: str) -> set[tuple[str, str]]:
    if old not in text:
        return set()
    return codes(text.replace(old, new, 1), schema_types()[name])


def test_five_thousand_digits_are_a_problem_not_a_value_error() -> None:
    text = json.dumps(corpus()["assessment"]).replace('"product_set": 7', '"product_set": '
                                                      + "7" * 5000)
    assert ("$.product_set", "number-too-large") in codes(text, Assessment)


def test_stars_of_2_63_are_refused_on_read() -> None:
    doc = json.loads(json.dumps(corpus()["evaluation"]))
    doc["stars"] = 2**63
    with pytest.raises(ValidationError):
        from_dict(doc, Evaluation)


def test_deep_nesting_is_reported_without_recursion() -> None:
    text = '{"product_set": 7, "assessed_on": "2026-06-15", "sheets": ' + "[" * 100_000 \
        + "]" * 100_000 + "}"
    found = codes(text, Assessment)
    assert {c for _, c in found} == {"too-deep"}
    assert codes('{"a": ' + "[" * 30 + "]" * 30 + "}", Assessment,
                 limits=InputLimits(max_depth=10)) >= {("$.a[0][0][0][0][0][0][0][0][0]",
                                                        "too-deep")}


def test_long_texts_and_lists_are_reported_at_their_path() -> None:
    doc = json.loads(json.dumps(corpus()["assessment"]))
    doc["name"] = "x" * 3000
    doc["disqualifiers"] = [f"D{i}" for i in range(600)]
    found = codes(json.dumps(doc), Assessment, limits=SMALL)
    assert ("$.name", "text-too-long") in found
    assert ("$.disqualifiers", "too-many-items") in found
    big = codes(json.dumps(doc), Assessment, limits=InputLimits(max_bytes=100))
    assert {c for _, c in big} == {"document-too-large"}


def test_the_limits_are_configurable_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCOPKIT_JSON_MAX_DIGITS", "3")
    assert InputLimits.current().max_digits == 3
    assert ("$", "number-too-large") in {(p.path, p.code) for p in parse_json("12345")[1]}
    monkeypatch.setenv("OCOPKIT_JSON_MAX_DIGITS", "three")
    with pytest.raises(ValidationError) as info:
        InputLimits.current()
    assert info.value.problems[0].code == "bad-setting"


# issue 18.4: a lone surrogate, empty names, silent whitespace normalisation


def test_a_lone_surrogate_in_a_name_is_refused() -> None:
    text = json.dumps(dict(corpus()["assessment"], name="Trà\ud800"))
    assert ("$.name", "invalid-text") in codes(text, Assessment)
    product_doc = dict(corpus()["product"], name="a\udfffb")
    assert ("$.name", "invalid-text") in codes(json.dumps(product_doc), Product)


@pytest.mark.parametrize("name", ["", " ", "\t\n"])
def test_an_empty_name_is_refused(name: str) -> None:
    assert ("$.name", "empty-name") in codes(
        json.dumps(dict(corpus()["assessment"], name=name)), Assessment)
    assert any(c == "empty-name" for _, c in codes(
        json.dumps(dict(corpus()["product"], name=name)), Product))


def test_whitespace_in_a_name_is_never_changed_silently() -> None:
    """`"  a  \\t b \\n"` was read as `"a b"` without a word; now it is kept as written
    (an assessment's name is a label) or refused with the canonical form suggested."""
    raw = "  Trà  \t hoa vàng \n"
    for name in ("assessment", "product", "subject"):
        doc = dict(corpus()[name], name=raw)
        try:
            value = from_json(json.dumps(doc), schema_types()[name])
        except ValidationError as exc:
            (p,) = [p for p in exc.problems if p.path == "$.name"]
            assert p.suggestion == "Trà hoa vàng"
        else:
            assert value.name == raw


# issue 17.2: what the portal tried


def test_repeated_disqualifiers_are_refused_not_merged() -> None:
    doc = dict(corpus()["assessment"], disqualifiers=["HS", "HS"])
    assert ("$.disqualifiers[1]", "duplicate-item") in codes(json.dumps(doc), Assessment)


def test_integral_decimals_are_integers_as_json_schema_says() -> None:
    doc = json.loads(json.dumps(corpus()["assessment"]))
    doc["product_set"] = Decimal("7.0")
    doc["sheets"][0]["answers"]["1.1"] = Decimal("3.0")
    text = json.dumps(doc, default=str).replace('"7.0"', "7.0").replace('"3.0"', "3.0")
    a = from_json(text, Assessment, check=False)
    assert a.product_set == 7 and a.sheets[0].answers[0].points == 3
    assert ("$.product_set", "not-an-integer") in codes(text.replace("7.0", "7.5", 1),
                                                         Assessment)


def test_null_is_not_answered() -> None:
    doc = json.loads(json.dumps(corpus()["assessment"]))
    doc["sheets"][0]["answers"]["1.1"] = None
    assert ("$.sheets[0].answers", "missing-answer") in {
        (p[:len("$.sheets[0].answers")], c) for p, c in codes(json.dumps(doc), Assessment)}


def test_a_date_before_26_2026_is_reported_at_assessed_on_in_plain_words() -> None:
    doc = dict(corpus()["assessment"], assessed_on="2024-03-01", product_code=None)
    with pytest.raises(ValidationError) as info:
        from_json(json.dumps(doc), Assessment)
    (p,) = info.value.problems
    assert (p.path, p.code) == ("$.assessed_on", "no-scorecards")
    assert "classify_total" not in p.message_en
    assert "01/03/2024" in p.message_vi and "2024-03-01" in p.message_en
    assert "22/05/2026" in p.message_vi  # when assessments can be scored again
    before = dict(doc, assessed_on="2015-01-01")
    assert ("$.assessed_on", "no-ruleset") in codes(json.dumps(before), Assessment)


def test_an_option_of_another_criterion_is_reported_as_such() -> None:
    doc = json.loads(json.dumps(corpus()["assessment"]))
    doc["sheets"][0]["answers"]["1.1"] = "1.2.a"
    with pytest.raises(ValidationError) as info:
        from_json(json.dumps(doc), Assessment)
    (p,) = info.value.problems
    assert p.code == "option-of-other-criterion"
    assert "1.2" in p.message_en and "set" not in p.message_en
