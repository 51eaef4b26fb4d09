"""The portal front door (issue 17.2–17.3): the problem codes page is complete, the JSON
Schema and the reader agree (a differential test, both ways, with the exceptions the page
lists), the scorecard schema describes every scorecard, and the English names are marked
non-official and in step with the rules."""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopkit import rulesets
from ocopkit.errors import ValidationError
from ocopkit.io import bundled_schema, from_json, json_schema, to_dict
from ocopkit.rulesets import Scorecard, english_names
from ocopkit.scoring import Assessment

jsonschema: Any
try:
    import jsonschema  # type: ignore[import-untyped, no-redef, unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    jsonschema = None
needs_jsonschema = pytest.mark.skipif(jsonschema is None, reason="jsonschema is not installed")

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "portal.md"


def tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_tools_{name}", ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CODES = tool("problem_codes")
SCANNED = CODES.scan()


def page_codes(start: str, end: str) -> set[str]:
    text = PAGE.read_text(encoding="utf-8")
    return set(re.findall(r"`([a-z][a-z0-9-]*)`", text.split(start, 1)[1].split(end, 1)[0]))


# --------------------------------------------------------------------------- the codes


def test_every_code_the_library_emits_is_on_the_portal_page() -> None:
    emitted = set(SCANNED)
    listed = page_codes(CODES.START, CODES.END)
    assert emitted - listed == set(), "run python tools/problem_codes.py"
    assert listed - emitted == set(), "codes on the page that nothing emits"
    assert CODES.render(PAGE.read_text(encoding="utf-8")) == PAGE.read_text(encoding="utf-8")


def test_the_scan_finds_codes_given_through_a_variable_or_a_condition() -> None:
    found = SCANNED
    assert {"empty-text", "empty-name", "non-canonical-text", "evaluation-mismatch"} <= set(found)
    assert "white space" in found["non-canonical-text"][0]


@pytest.mark.parametrize(("code", "status"), [
    ("invalid-json", 400), ("document-too-large", 413), ("ruleset-changed", 409),
    ("plugins-not-loaded", 409), ("unknown-province", 422), ("number-too-large", 422),
    ("plugin-timeout", 500), ("bad-setting", 500),
])
def test_suggested_statuses(code: str, status: int) -> None:
    assert CODES.status(code, SCANNED[code][1]) == status


# --------------------------------------------------------------------------- agreement

EXCEPTIONS = page_codes("<!-- schema-exceptions:start -->", "<!-- schema-exceptions:end -->")
CARD7 = rulesets.get("vn-qd-26-2026").scorecard(7)
VALID: dict[str, Any] = {
    "product_set": 7, "assessed_on": "2026-11-02", "ruleset_id": None, "level": "province",
    "kind": "first", "submitted_on": None, "province": "22",
    "product_code": "22-06733-3-2026", "product_id": None, "name": "Trà hoa vàng",
    "sheets": [{"scorer": "A", "answers": {c.id: c.options[-1].id for c in CARD7}}],
    "disqualifiers": [], "evidence": {"lab-test": ["PKN-001"]},
}
_HOLE = "\u0000hole\u0000"
#: JSON fragments (text, so that 7.0 stays a decimal) a form may send.
VALUES = ["7", "7.0", "7.5", "-1", "0", "3", "3.0", "1099511627776", '"7"', '"x"', '""',
          '" "', "null", "true", "[]", "{}", '["HS", "HS"]', '["HS"]', '"2026-02-30"',
          '"2019-10-01"', '"2024-03-01"', '"1.1.a"', '"1.2.a"', '{"option": null, "points": null}',
          '{"option": "1.1.a"}', '{"points": 3.0}', '{"option": "1.1.a", "x": 1}',
          '"Quảng Ninhh"', '"22-6733-3-2026"', '"01-00001-3-2026"', '"vn-qd-148-2023"',
          '"central"', '"upgrade"', '"re-evaluation"', '["a", 1]', '{"lab-test": "x"}']


def _paths() -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [(k,) for k in VALID]
    out += [("sheets", 0, "scorer"), ("sheets", 0, "answers"), ("sheets", 0)]
    out += [("sheets", 0, "answers", c) for c in ("1.1", "1.2", "3.1", "zz")]
    out += [("evidence", "lab-test"), ("evidence", "lab-test", 0), ("disqualifiers", 0)]
    return out


def _document(path: tuple[Any, ...], how: str) -> str:
    doc = json.loads(json.dumps(VALID))
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if isinstance(parent, list) and last >= len(parent):
        parent.append(None)
    if how == "delete":
        if isinstance(parent, dict):
            parent.pop(last, None)
        else:
            parent.pop(last)
        return json.dumps(doc, ensure_ascii=False)
    if how == "extra":
        doc["zz_extra"] = 1
        return json.dumps(doc, ensure_ascii=False)
    parent[last] = _HOLE
    return json.dumps(doc, ensure_ascii=False).replace(json.dumps(_HOLE), how)


@functools.cache
def _validator() -> Any:
    return jsonschema.Draft202012Validator(bundled_schema("assessment"))


def _outcome(text: str) -> tuple[list[str], set[str] | None]:
    schema_errors = [e.message for e in _validator().iter_errors(json.loads(text))]
    try:
        from_json(text, Assessment)
    except ValidationError as exc:
        return schema_errors, {p.code for p in exc.problems}
    return schema_errors, None


@needs_jsonschema
@given(st.sampled_from(_paths()), st.sampled_from(["delete", "extra", *VALUES]))
def test_the_schema_and_the_reader_agree(path: tuple[Any, ...], how: str) -> None:
    """Whatever the schema refuses, the reader refuses; whatever it accepts, the reader
    accepts or refuses only for a reason the page lists as beyond a schema."""
    schema_errors, refused = _outcome(_document(path, how))
    if schema_errors:
        assert refused is not None, schema_errors
    elif refused is not None:
        assert refused <= EXCEPTIONS, refused - EXCEPTIONS


@needs_jsonschema
@pytest.mark.parametrize(("change", "schema_ok", "codes"), [
    # the documented 'null' (not answered) — of a conditional criterion
    (lambda d: d["sheets"][0]["answers"].__setitem__("1.1", None), True, {"missing-answer"}),
    # "disqualifiers": ["HS", "HS"] — refused by both, never de-duplicated
    (lambda d: d.__setitem__("disqualifiers", ["HS", "HS"]), False, {"duplicate-item"}),
    # 7.0 and 3.0 are JSON Schema integers: both accept them
    (lambda d: d.__setitem__("product_set", 7.0), True, None),
    (lambda d: d["sheets"][0]["answers"].__setitem__("1.1", 3.0), True, None),
    (lambda d: d["sheets"][0]["answers"].__setitem__("1.1", 3.5), False, {"not-an-integer"}),
    (lambda d: d.__setitem__("province", "Quảng Ninhh"), True, {"unknown-province"}),
    (lambda d: d.__setitem__("product_code", "22-6733-3-2026"), True, {"invalid-commune-code"}),
])
def test_the_findings_of_the_portal_run(change: Any, schema_ok: bool,
                                        codes: set[str] | None) -> None:
    doc = json.loads(json.dumps(VALID))
    change(doc)
    schema_errors, refused = _outcome(json.dumps(doc, ensure_ascii=False))
    assert (not schema_errors) is schema_ok
    if codes is None:
        assert refused is None
    else:
        assert refused is not None and refused & codes


def test_the_listed_exceptions_are_real_codes() -> None:
    assert EXCEPTIONS - set(SCANNED) == set()


# --------------------------------------------------------------------------- scorecards


@needs_jsonschema
def test_the_scorecard_schema_describes_every_scorecard() -> None:
    schema = bundled_schema("scorecard")
    assert schema == json_schema(Scorecard)
    check = jsonschema.Draft202012Validator(schema)
    for rs in rulesets.all_rulesets():
        for number, card in rs.scorecards.items():
            errors = [e.message for e in check.iter_errors(to_dict(card))]
            assert errors == [], (rs.id, number, errors[:3])


def test_the_english_names_are_non_official_and_in_step_with_the_rules() -> None:
    names = english_names("vn-qd-26-2026")
    assert names.official is False and "not an official" in names.notice
    make = tool("make_translations")
    assert make.main(["vn-qd-26-2026", "--check"]) == 0
    criteria, options = make.texts("vn-qd-26-2026")
    assert list(names.criteria) == criteria and list(names.options) == options
    assert all(v is None or (v.strip() == v and v) for v in names.criteria.values())
    with pytest.raises(ValidationError):
        english_names("vn-qd-148-2023")


def test_the_dates_of_the_page_are_the_rule_sets() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for rs in rulesets.all_rulesets():
        if rs.has_scorecards:
            assert f"{rs.effective_from:%d/%m/%Y}" in text
            if rs.effective_until is not None:
                assert f"{rs.effective_until:%d/%m/%Y}" in text
    assert date(2026, 5, 22).strftime("%d/%m/%Y") in text
