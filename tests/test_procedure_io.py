"""JSON of the procedure: every new object round-trips losslessly, validates against its
JSON Schema, and bad documents come back as located, bilingual problems."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from _procedure_support import council, product, province_dossier, to_provincial_result

from ocopkit.errors import ValidationError
from ocopkit.io import from_dict, from_json, json_schema, load_document, to_dict, to_json
from ocopkit.procedure import (
    Actor,
    CalendarException,
    Case,
    CommuneDossier,
    ProcedurePolicy,
    ProductDossier,
    ProvinceDossier,
    Round,
    WorkingCalendar,
    compare_self_assessment,
    deadline_report,
    round_for,
)
from ocopkit.samples import sample_commune_dossier, sample_commune_dossier_json
from ocopkit.scoring import evaluate

jsonschema: Any
try:
    import jsonschema  # type: ignore[import-untyped, no-redef, unused-ignore]
except ImportError:  # pragma: no cover
    jsonschema = None

ROOT = Path(__file__).resolve().parents[1]
D = date


def objects() -> dict[str, tuple[str, object]]:
    case = to_provincial_result(Case.open("HS", product(), received_on=D(2027, 2, 1)),
                                D(2027, 2, 1))
    cmp = compare_self_assessment(sample_commune_dossier().product.self_assessment,
                                  evaluate(council(D(2027, 5, 20), 4, below=90)))
    return {
        "case": ("case", case),
        "commune-dossier": ("commune-dossier", sample_commune_dossier()),
        "product-dossier": ("product-dossier", product()),
        "province-dossier": ("province-dossier", province_dossier(product(), D(2027, 6, 1))),
        "round": ("round", round_for(D(2026, 3, 1))),
        "deadline-report": ("deadline-report", deadline_report(case, D(2027, 4, 1))),
        "procedure-policy": ("procedure-policy", ProcedurePolicy(calendar=WorkingCalendar(
            exceptions=(CalendarException(D(2027, 2, 12), working=False, name="Nghỉ"),)))),
        "working-calendar": ("working-calendar", WorkingCalendar(public_holidays=False)),
        "self-assessment-comparison": ("self-assessment-comparison", cmp),
    }


OBJECTS = objects()


@pytest.mark.parametrize("name", sorted(OBJECTS))
def test_lossless_json_valid_against_its_schema(name: str) -> None:
    schema_name, obj = OBJECTS[name]
    data = to_dict(obj)
    assert from_dict(data, type(obj)) == obj
    assert from_json(to_json(obj), type(obj)) == obj
    back = pickle.loads(pickle.dumps(obj))
    assert back == obj and hash(back) == hash(obj)
    if jsonschema is not None:
        v = jsonschema.Draft202012Validator(json_schema(schema_name),
                                            format_checker=jsonschema.FormatChecker())
        assert [e.message for e in v.iter_errors(json.loads(json.dumps(data)))] == []


def test_documents_are_told_apart_by_their_type() -> None:
    text = sample_commune_dossier_json()
    assert isinstance(load_document(text), CommuneDossier)
    data = json.loads(text)
    assert isinstance(from_dict(data["product"], ProductDossier), ProductDossier)
    data.pop("type")
    assert from_dict(data, CommuneDossier) == sample_commune_dossier()   # optional there
    with pytest.raises(ValidationError) as err:
        load_document(json.dumps(data))
    assert err.value.codes == ("missing-type",)
    with pytest.raises(ValidationError) as err:
        from_dict({**data, "type": "province-dossier"}, CommuneDossier)
    assert err.value.codes == ("wrong-type",)
    with pytest.raises(ValidationError) as err:
        from_dict({**data, "type": "province-dossier"}, ProvinceDossier)
    assert "missing-field" in err.value.codes


def test_bad_documents_are_located_problems() -> None:
    data = json.loads(sample_commune_dossier_json())
    data["product"]["registration"]["commune_receipt"]["number"]["province_code"] = "99"
    data["product"]["kind"] = "upgrad"
    data["samples"]["count"] = "5"
    with pytest.raises(ValidationError) as err:
        load_document(json.dumps(data))
    paths = {p.path: p.code for p in err.value.problems}
    kind = next(p for p in err.value.problems if p.path == "$.product.kind")
    assert (kind.code, kind.suggestion) == ("unknown-value", "upgrade")
    assert paths["$.samples.count"] == "wrong-type"
    assert any(code == "unknown-province" for code in paths.values())


def test_a_tampered_history_is_refused_with_its_code() -> None:
    case = OBJECTS["case"][1]
    data = to_dict(case)
    data["events"][1]["on"] = "2026-01-01"
    with pytest.raises(ValidationError) as err:
        load_document(json.dumps(data, ensure_ascii=False))
    assert err.value.codes == ("date-before-previous-step",)


def test_round_json_keeps_extra_rounds() -> None:
    extra = Round(id="r", level=round_for(D(2027, 1, 1)).level, province="22",
                  proposals_from=D(2027, 1, 1), proposals_until=D(2027, 1, 31),
                  decide_by=D(2027, 2, 28), citation=round_for(D(2027, 1, 1)).citation)
    assert from_json(to_json(extra), Round) == extra


def test_the_template_is_generated_and_complete() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "make_sample_procedure.py"),
                           "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_case_json_survives_a_whole_walk() -> None:
    case = OBJECTS["case"][1]
    assert isinstance(case, Case)
    done = case.forward(by=Actor.PROVINCE_CHAIRMAN, on=D(2027, 6, 10),
                        dossier=province_dossier(case.dossier, D(2027, 6, 10)))
    again = load_document(to_json(done))
    assert again == done and again.stage is done.stage
    assert attrs.evolve(again).province_dossier == done.province_dossier
