"""JSON Schemas: generated, checked in, valid, and in agreement with the converter."""

from __future__ import annotations

import copy
import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocopkit import rulesets
from ocopkit.certification import Certificate, Portfolio
from ocopkit.errors import ValidationError
from ocopkit.io import (
    BASE_URI,
    SCHEMA_VERSION,
    bundled_schema,
    from_dict,
    json_schema,
    render_schema,
    schema_names,
    schema_types,
    to_dict,
    write_schemas,
)
from ocopkit.products import Product, Subject, SubjectKind
from ocopkit.rulesets import PROVINCE
from ocopkit.scoring import Assessment, evaluate, gap_to_next_star
from ocopkit.testing.strategies import assessments

jsonschema: Any
try:  # validating needs the optional test dependency ``jsonschema``
    import jsonschema  # type: ignore[import-untyped, no-redef, unused-ignore]
except ImportError:  # pragma: no cover - depends on the environment
    jsonschema = None

needs_jsonschema = pytest.mark.skipif(jsonschema is None, reason="jsonschema is not installed")


def validator(name: str) -> Any:
    return jsonschema.Draft202012Validator(json_schema(name),
                                           format_checker=jsonschema.FormatChecker())


def errors(name: str, data: Any) -> list[str]:
    return [e.message for e in validator(name).iter_errors(json.loads(json.dumps(data)))]


# --------------------------------------------------------------------------- files


def test_checked_in_schemas_equal_the_generated_ones() -> None:
    """Run ``python -m ocopkit schema --write src/ocopkit/data/schema`` when this fails."""
    folder = resources.files("ocopkit") / "data" / "schema"
    on_disk = sorted(p.name.removesuffix(".json") for p in folder.iterdir()
                     if p.name.endswith(".json"))
    assert on_disk == sorted(schema_names())
    for name in schema_names():
        text = (folder / f"{name}.json").read_text("utf-8")
        assert text == render_schema(json_schema(name)), f"{name}.json is stale"
        assert bundled_schema(name) == json_schema(name)


def test_write_schemas_to_a_folder(tmp_path: Path) -> None:
    written = write_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.json" for n in schema_names())
    assert json.loads((tmp_path / "product.json").read_text("utf-8")) == json_schema("product")


@pytest.mark.parametrize("name", schema_names())
def test_every_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json_schema(name)
    if jsonschema is not None:
        jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{BASE_URI}{name}.json"
    assert f"/schema/{SCHEMA_VERSION}/" in schema["$id"]
    assert schema["x-ocopkit-schema-version"] == "1"


def test_required_input_types_have_schemas() -> None:
    assert {"assessment", "certificate", "product", "subject", "portfolio"} <= set(schema_names())
    assert json_schema(Assessment) == json_schema("assessment")
    assert schema_types()["portfolio"] is Portfolio


def test_unknown_schema_name_suggests() -> None:
    with pytest.raises(ValidationError) as info:
        json_schema("asessment")
    assert info.value.problems[0].suggestion == "assessment"
    with pytest.raises(ValidationError):
        bundled_schema("nope")


def test_schema_describes_the_portal_form() -> None:
    defs = json_schema("assessment")["$defs"]
    assert defs["Assessment"]["required"] == ["product_set", "assessed_on", "sheets"]
    assert defs["Assessment"]["additionalProperties"] is False
    answer = defs["Answer"]["anyOf"]
    assert {"type": "string"} in answer
    assert {"type": "integer"} in answer
    assert json_schema("ruleset")["$defs"]["RuleSet"]["properties"]["content_hash"]


# --------------------------------------------------------------------------- agreement


PORTAL = {
    "product_set": 7, "assessed_on": "2026-06-15", "ruleset_id": None, "level": "province",
    "kind": "first", "submitted_on": None, "province": "22",
    "product_code": "22-06733-3-2026", "product_id": None, "name": "Trà",
    "sheets": [{"scorer": "A", "answers": {"1.1": "1.1.c", "1.2": 2}}],
    "disqualifiers": ["HS"], "evidence": {"lab-test": ["PKN-001"]},
}


@needs_jsonschema
def test_the_portal_example_validates() -> None:
    assert errors("assessment", PORTAL) == []
    assert errors("assessment", {**PORTAL, "extra": 1})
    assert errors("assessment", {**PORTAL, "product_set": "7"})
    assert errors("assessment", {**PORTAL, "assessed_on": "15/06/2026"})
    assert errors("assessment", {**PORTAL, "level": "district"})


@needs_jsonschema
@pytest.mark.property
@settings(max_examples=20)
@given(assessments(sheets=(1, 3)))
def test_assessments_and_evaluations_validate(a: Assessment) -> None:
    assert errors("assessment", to_dict(a)) == []
    ev = evaluate(a)
    assert errors("evaluation", to_dict(ev)) == []
    assert errors("gap", to_dict(gap_to_next_star(ev))) == []


def _portfolio() -> Portfolio:
    subjects = [Subject("s1", "HTX Mẫu", SubjectKind.COOPERATIVE, "06@63"),
                Subject("s2", "Công ty CP", "joint-stock-company", "22@34",
                        community_capital_share="51/100")]
    products = [Product("p1", "Miến dong Mẫu", 6, "s1", "06@63", code="06-99001-1-2024"),
                Product("p2", "Trà hoa vàng", 12, "s2", "22@34", commune_code="06733")]
    certs = [Certificate.issue(number="GCN-1", product_id="p1", stars=3,
                               decision_number="1/QĐ-UBND", decision_date=date(2025, 8, 1),
                               authority=PROVINCE, ruleset_id="vn-qd-148-1489-2025"),
             Certificate.issue(number="GCN-2", product_id="p2", stars=4,
                               decision_number="2/QĐ-UBND", decision_date=date(2026, 8, 1),
                               authority=PROVINCE, ruleset_id="vn-qd-26-2026")]
    return Portfolio.build(products, subjects, certs)


@needs_jsonschema
def test_records_validate() -> None:
    pf = _portfolio()
    assert errors("portfolio", to_dict(pf)) == []
    assert errors("product", to_dict(pf.products[0])) == []
    assert errors("subject", to_dict(pf.subjects[1])) == []
    assert errors("certificate", to_dict(pf.certificates[0])) == []
    assert errors("ruleset", to_dict(rulesets.get("vn-qd-148-2023"))) == []
    assert errors("province", to_dict(pf.product("p1").code.province())) == []  # type: ignore[union-attr]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.extend(_paths(v, (*prefix, i)))
    return out


MUTATIONS = st.sampled_from(["delete", "int", "str", "list", "null", "extra", "bool"])


def _mutate(data: Any, path: tuple[Any, ...], how: str) -> Any:
    doc = copy.deepcopy(data)
    if not path:
        return {"extra": 1} if how == "extra" else 5
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if how == "delete":
        del parent[last]
    elif how == "extra":
        target = parent[last]
        if isinstance(target, dict):
            target["zz_extra"] = 1
        else:
            parent[last] = {"zz_extra": 1}
    else:
        parent[last] = {"int": 7, "str": "x", "list": [], "null": None, "bool": True}[how]
    return doc


@needs_jsonschema
@pytest.mark.property
@settings(max_examples=150)
@given(st.data(), st.sampled_from(["assessment", "portfolio", "certificate", "subject"]))
def test_what_the_schema_refuses_the_converter_refuses(data: st.DataObject, name: str) -> None:
    """Structure is never looser than the schema (domain checks only add refusals)."""
    pf = _portfolio()
    valid = {"assessment": PORTAL, "portfolio": to_dict(pf),
             "certificate": to_dict(pf.certificates[1]), "subject": to_dict(pf.subjects[1])}[name]
    valid = json.loads(json.dumps(valid))
    path = data.draw(st.sampled_from(_paths(valid)))
    doc = _mutate(valid, path, data.draw(MUTATIONS))
    if errors(name, doc):
        with pytest.raises(ValidationError):
            from_dict(doc, schema_types()[name], check=False)


def test_two_classes_of_one_name_are_refused_not_merged() -> None:
    """The 1048 CriterionCase and the procedure's Case once shared the name 'Case': one
    JSON Schema definition would have described both."""
    import attrs

    from ocopkit.io._schema import _Generator

    first = attrs.make_class("Twin", {"a": attrs.field(type=int)})
    second = attrs.make_class("Twin", {"b": attrs.field(type=str)})
    gen = _Generator()
    gen.record(first)
    with pytest.raises(TypeError, match="two types are named 'Twin'"):
        gen.record(second)
