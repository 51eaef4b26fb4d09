"""The portal form of :class:`~ocopkit.scoring.Assessment` and its score sheets.

Answers are a mapping: a string is an option id, an integer the points a scorer wrote,
``{"option": …, "points": …}`` both; ``null`` is a criterion left unanswered — read
exactly as if its key were absent (a conditional criterion may be; any other one is then
reported ``missing-answer`` by the scorecard check). An answer object with neither
(``{"option": null, "points": null}``, how an empty :class:`~ocopkit.scoring.Answer` is
written) is kept, and refused by the scorecard check (``empty-answer``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from cattrs.gen import make_dict_structure_fn, override
from cattrs.preconf.json import JsonConverter

from ocopkit.errors import Problem, ValidationError
from ocopkit.rulesets import AssessmentKind
from ocopkit.scoring import Answer, Assessment, ScoreSheet
from ocopkit.text import suggest

from ._jsontext import InvalidValueError, _got_vi, _json_type, _wrong_type
from ._jsontypes import _noted, _raise_group
from ._scalars import _structure_str, integral

__all__ = ["ASSESSMENT_KEYS", "register"]


def _answer_value(a: Answer) -> Any:
    if a.option_id is not None and a.points is not None:
        return {"option": a.option_id, "points": a.points}
    if a.option_id is not None:
        return a.option_id
    if a.points is None:  # an answer with neither: kept as such (validate refuses it)
        return {"option": None, "points": None}
    return a.points


def _unstructure_sheet(sheet: ScoreSheet) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for i, a in enumerate(sheet.answers):
        if a.criterion_id in answers:
            raise ValidationError([Problem(
                f"$.answers[{a.criterion_id!r}]", "duplicate-answer",
                f"tiêu chí {a.criterion_id!r} được chấm hai lần (#{i + 1})",
                f"criterion {a.criterion_id!r} is answered twice (#{i + 1}); "
                "a score sheet cannot be written with duplicate answers")])
        answers[a.criterion_id] = _answer_value(a)
    return {"scorer": sheet.scorer, "answers": answers}


def _points(value: Any) -> int:
    found = integral(value)
    if found is None:
        if isinstance(value, Decimal):
            raise InvalidValueError("not-an-integer", f"điểm là số nguyên, không phải {value}",
                                    f"points are a whole number, not {value}")
        raise _wrong_type(value, int)
    return found


def _structure_answer(criterion_id: str, value: Any) -> Answer:
    if isinstance(value, str):
        return Answer(criterion_id, option_id=value)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Answer(criterion_id, points=_points(value))
    if isinstance(value, dict):
        extra = sorted(set(value) - {"option", "points"})
        if extra:
            raise InvalidValueError("unknown-field", f"trường không hợp lệ {extra[0]!r}",
                          f"unknown field {extra[0]!r} (an answer object has "
                          "\"option\" and \"points\")",
                          suggest(extra[0], ("option", "points"), cutoff=0.5))
        option = value.get("option")
        points = value.get("points")
        if option is not None and not isinstance(option, str):
            raise _wrong_type(option, str)
        return Answer(criterion_id, option_id=option,
                      points=None if points is None else _points(points))
    got = _json_type(value)
    raise InvalidValueError("invalid-answer",
                  f"câu trả lời là mã phương án (chuỗi), điểm (số nguyên) hoặc "
                  f"{{option, points}}, không phải {_got_vi(value)}",
                  f"an answer is an option id (string), points (integer) or "
                  f"{{\"option\", \"points\"}}, not {got}")


def _structure_answers(value: Any, _: Any) -> tuple[Answer, ...]:
    if not isinstance(value, dict):
        raise _wrong_type(value, dict)
    out: list[Answer] = []
    errors: list[Exception] = []
    for key, item in value.items():
        if item is None:
            continue  # null: not answered, as if the criterion were left out
        try:
            out.append(_structure_answer(key, item))
        except Exception as exc:
            errors.append(_noted(exc, key, Answer))
    _raise_group(errors, "answers", dict)
    return tuple(out)


def _structure_evidence(conv: JsonConverter) -> Callable[[Any, Any], Any]:
    hook = conv.get_structure_hook(dict[str, tuple[str, ...]])

    def structure(value: Any, _: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
        data = cast("dict[str, tuple[str, ...]]", hook(value, dict[str, tuple[str, ...]]))
        return tuple(sorted(data.items()))

    return structure


_KINDS = tuple(k.value for k in AssessmentKind)


def _structure_kind(value: Any, _: Any) -> AssessmentKind:
    text = _structure_str(value, str)
    if text not in _KINDS:
        raise InvalidValueError("bad-kind", f"loại đánh giá không hợp lệ: {text!r}",
                                f"invalid assessment kind {text!r} (one of "
                                f"{', '.join(_KINDS)})",
                                suggest(text, _KINDS))
    return AssessmentKind(text)


def _structure_sheets(conv: JsonConverter) -> Callable[[Any, Any], tuple[ScoreSheet, ...]]:
    hook = conv.get_structure_hook(tuple[ScoreSheet, ...])

    def structure(value: Any, _: Any) -> tuple[ScoreSheet, ...]:
        sheets = cast("tuple[ScoreSheet, ...]", hook(value, tuple[ScoreSheet, ...]))
        if not sheets:
            raise InvalidValueError("no-sheets", "không có phiếu chấm", "no score sheet")
        return sheets

    return structure


#: Key order of the portal form of an assessment.
ASSESSMENT_KEYS = ("product_set", "assessed_on", "ruleset_id", "level", "kind", "submitted_on",
                   "province", "product_code", "product_id", "name", "sheets", "disqualifiers",
                   "evidence")


def _unstructure_assessment(conv: JsonConverter) -> Callable[[Assessment], dict[str, Any]]:
    def unstructure(a: Assessment) -> dict[str, Any]:
        return {
            "product_set": a.product_set,
            "assessed_on": a.assessed_on.isoformat(),
            "ruleset_id": a.ruleset_id,
            "level": a.level.value,
            "kind": a.kind.value,
            "submitted_on": None if a.submitted_on is None else a.submitted_on.isoformat(),
            "province": a.province,
            "product_code": a.product_code,
            "product_id": a.product_id,
            "name": a.name,
            "sheets": [_unstructure_sheet(s) for s in a.sheets],
            "disqualifiers": sorted(a.disqualifiers),
            "evidence": {k: list(v) for k, v in a.evidence},
        }

    return unstructure


def register(conv: JsonConverter) -> None:
    """Register the portal form of assessments and score sheets on ``conv``."""
    sheet_s = make_dict_structure_fn(ScoreSheet, conv, _cattrs_forbid_extra_keys=True,
                                     answers=override(struct_hook=_structure_answers))
    conv.register_structure_hook(
        ScoreSheet, lambda v, cl: sheet_s(v, cl) if isinstance(v, dict)
        else _raise(_wrong_type(v, dict)))
    conv.register_unstructure_hook(ScoreSheet, _unstructure_sheet)
    assessment_s = make_dict_structure_fn(Assessment, conv, _cattrs_forbid_extra_keys=True,
                                          evidence=override(struct_hook=_structure_evidence(conv)),
                                          kind=override(struct_hook=_structure_kind),
                                          sheets=override(struct_hook=_structure_sheets(conv)))
    conv.register_structure_hook(
        Assessment, lambda v, cl: assessment_s(v, cl) if isinstance(v, dict)
        else _raise(_wrong_type(v, dict)))
    conv.register_unstructure_hook(Assessment, _unstructure_assessment(conv))


def _raise(exc: Exception) -> Any:
    raise exc
