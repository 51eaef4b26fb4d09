"""JSON forms of every public domain object, built on one cattrs converter.

Keep serialization at the edges: the domain classes know nothing about JSON.
:func:`converter` builds the (only) :class:`cattrs.preconf.json.JsonConverter`
of ocopkit; :func:`to_json` / :func:`from_json` and :func:`to_dict` /
:func:`from_dict` use a cached instance of it.

Conventions (also what :mod:`ocopkit.schema` describes):

* dates are ISO strings (``"2026-06-15"``);
* exact numbers (:class:`~fractions.Fraction`) are strings: ``"179/2"``,
  ``"90"``; on input an integer, a decimal string ``"89.5"`` or a JSON
  number with a decimal point (read exactly, never through ``float``) are
  accepted too;
* enums are written by value; frozensets as sorted lists; mappings with
  integer keys get string keys (``{"7": …}``);
* a field that holds one of several record types carries an explicit
  ``"kind"`` tag (``{"kind": "gate", …}``);
* unknown keys are refused (``forbid_extra_keys``), and so are values of the
  wrong JSON type (``"5"`` for an integer, ``5`` for a string);
* a JSON object with the same key twice is refused — for answers with the
  code ``"duplicate-answer"`` — instead of silently keeping the last one.

The portal form of an :class:`~ocopkit.assessment.Assessment` keeps answers
as a mapping: a string is an option id, an integer the points a scorer
wrote (``{"option": …, "points": …}`` when a sheet records both):

>>> text = '''{"product_set": 7, "assessed_on": "2026-06-15",
...            "sheets": [{"scorer": "A", "answers": {"1.1": "1.1.c", "1.2": 2}}]}'''
>>> a = from_json(text, Assessment, check=False)
>>> a.sheets[0].answers  # doctest: +NORMALIZE_WHITESPACE
(Answer(criterion_id='1.1', option_id='1.1.c', points=None),
 Answer(criterion_id='1.2', option_id=None, points=2))
>>> to_dict(a)["sheets"]
[{'scorer': 'A', 'answers': {'1.1': '1.1.c', '1.2': 2}}]

Every problem — malformed JSON, a wrong type, an unknown option — comes back
as one :class:`~ocopkit.errors.ValidationError` with ``$``-paths; nothing
else escapes :func:`from_json`:

>>> try:
...     from_json('{"product_set": 7, "assessed_on": "2026-06-15", "sheets": '
...               '[{"answers": {"1.1": "1.1.c", "1.1": "1.1.d"}}]}', Assessment)
... except ValidationError as err:
...     print(err.problems[0].format("en"))
$.sheets[0].answers['1.1']: criterion '1.1' is answered twice in the same score sheet
"""

from __future__ import annotations

import contextvars
import functools
import json
import types
import typing
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast, get_args, overload

import attrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter, make_converter
from cattrs.strategies import configure_tagged_union

from . import jsontypes
from .adjustments import CriterionOverride, Gate
from .assessment import Answer, Assessment, ScoreSheet
from .averaging import Averaging, ExactMean, RoundedMean
from .errors import Problem, ValidationError
from .jsontext import (
    InvalidValueError,
    _got_vi,
    _json_type,
    _remap,
    _wrong_type,
    parse_json,
    problems_from,
)
from .jsontypes import _is_homogeneous, _noted, _raise_group, _structure_str
from .text import suggest
from .tiers import (
    BandOrNothing,
    Bands,
    HalfOpenBands,
    HighestTierMet,
    IntegerBands,
    TierPolicy,
)

if TYPE_CHECKING:
    from .rules import Rules
    from .rulesets import RuleSet
    from .scoring import Evaluation

__all__ = [
    "SCHEMA_VERSION",
    "TAGS",
    "converter",
    "from_dict",
    "from_json",
    "load_assessments",
    "parse_json",
    "problems_from",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

#: Version of the JSON forms (and of the JSON Schemas in :mod:`ocopkit.schema`).
SCHEMA_VERSION = "1"

#: The ``"kind"`` tag written for each member of a tagged union.
TAGS: Mapping[type, str] = types.MappingProxyType({
    CriterionOverride: "criterion-override",
    Gate: "gate",
    HalfOpenBands: "half-open",
    IntegerBands: "integer",
    HighestTierMet: "highest-tier-met",
    BandOrNothing: "band-or-nothing",
    ExactMean: "exact-mean",
    RoundedMean: "rounded-mean",
})

#: Tagged unions: the declared field type and its members.
UNIONS: Mapping[Any, tuple[type, ...]] = types.MappingProxyType({
    CriterionOverride | Gate: (CriterionOverride, Gate),
    Bands: (HalfOpenBands, IntegerBands),
    TierPolicy: (HighestTierMet, BandOrNothing),
    Averaging: (ExactMean, RoundedMean),
})

TAG = "kind"

_RULES: contextvars.ContextVar[Rules | None] = contextvars.ContextVar("ocopkit_rules",
                                                                      default=None)


# --------------------------------------------------------------------------- tagged unions


def _tagged(conv: JsonConverter, union: Any, members: tuple[type, ...]) -> None:
    """A union of record types, told apart by an explicit ``"kind"`` tag written first."""
    literal = members[0] if len(members) == 1 else typing.Union[members]  # noqa: UP007
    configure_tagged_union(literal, conv, tag_generator=lambda cl: TAGS[cl], tag_name=TAG)
    inner_s = conv.get_structure_hook(literal)
    inner_u = conv.get_unstructure_hook(literal)
    tags = {TAGS[m]: m for m in members}

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise _wrong_type(value, dict)
        tag = value.get(TAG)
        if tag not in tags:
            shown = ", ".join(repr(k) for k in tags)
            if TAG not in value:
                raise InvalidValueError("missing-kind", f"thiếu trường \"kind\" ({shown})",
                              f"missing \"kind\" ({shown})")
            raise InvalidValueError("unknown-kind", f"\"kind\" không hợp lệ: {tag!r} ({shown})",
                          f"unknown \"kind\" {tag!r} (one of {shown})",
                          suggest(str(tag), tags, cutoff=0.4))
        return inner_s(value, union)

    def unstructure(value: Any) -> dict[str, Any]:
        if type(value) not in TAGS:
            raise InvalidValueError("unserializable",
                                    f"không tuần tự hóa được {type(value).__name__}",
                                    f"cannot serialize {type(value).__name__}: not one of "
                                    f"{', '.join(m.__name__ for m in members)}")
        data = cast("dict[str, Any]", inner_u(value))
        return {TAG: data.pop(TAG), **data}

    conv.register_structure_hook(union, structure)
    conv.register_unstructure_hook(union, unstructure)
    if union is not literal:
        conv.register_structure_hook(literal, structure)
        conv.register_unstructure_hook(literal, unstructure)

# --------------------------------------------------------------------------- assessments


def _answer_value(a: Answer) -> Any:
    if a.option_id is not None and a.points is not None:
        return {"option": a.option_id, "points": a.points}
    if a.option_id is not None:
        return a.option_id
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


def _structure_answer(criterion_id: str, value: Any) -> Answer:
    if value is None:
        return Answer(criterion_id)
    if isinstance(value, str):
        return Answer(criterion_id, option_id=value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Answer(criterion_id, points=value)
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
        if points is not None and (isinstance(points, bool) or not isinstance(points, int)):
            raise _wrong_type(points, int)
        return Answer(criterion_id, option_id=option, points=points)
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


ASSESSMENT_KINDS = ("first", "upgrade", "re-evaluation")


def _structure_kind(value: Any, _: Any) -> str:
    text = _structure_str(value, str)
    if text not in ASSESSMENT_KINDS:
        raise InvalidValueError("bad-kind", f"loại đánh giá không hợp lệ: {text!r}",
                                f"invalid assessment kind {text!r} (one of "
                                f"{', '.join(ASSESSMENT_KINDS)})",
                                suggest(text, ASSESSMENT_KINDS))
    return text


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
            "kind": a.kind,
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


# --------------------------------------------------------------------------- rule sets


def _ruleset_hooks(conv: JsonConverter) -> None:
    from .rulesets import RuleSet

    base_u = make_dict_unstructure_fn(RuleSet, conv)
    base_s = make_dict_structure_fn(RuleSet, conv, _cattrs_forbid_extra_keys=True)

    def unstructure(rs: RuleSet) -> dict[str, Any]:
        return {**base_u(rs), "content_hash": rs.content_hash}

    def structure(value: Any, cl: Any) -> RuleSet:
        if not isinstance(value, dict):
            raise _wrong_type(value, dict)
        data = dict(value)
        expected = data.pop("content_hash", None)
        rs = base_s(data, cl)
        if expected is not None and expected != rs.content_hash:
            raise ValidationError([Problem(
                "$.content_hash", "hash-mismatch",
                f"mã băm {expected!r} không khớp nội dung ({rs.content_hash})",
                f"content_hash {expected!r} does not match the content ({rs.content_hash})")])
        return rs

    conv.register_unstructure_hook(RuleSet, unstructure)
    conv.register_structure_hook(RuleSet, structure)


# --------------------------------------------------------------------------- evaluations


_DERIVED = ("scorecard", "bands", "rules")


def _evaluation_hooks(conv: JsonConverter) -> None:
    from .scoring import Evaluation

    attrs.resolve_types(Evaluation)
    kept = [f for f in attrs.fields(Evaluation) if f.name not in _DERIVED]
    shadow = attrs.make_class(
        "Evaluation", {f.name: attrs.field(type=f.type) for f in kept}, frozen=True)
    shadow_s: Callable[[Any, Any], Any] = make_dict_structure_fn(
        shadow, conv, _cattrs_forbid_extra_keys=True)
    base_u = make_dict_unstructure_fn(Evaluation, conv, scorecard=override(omit=True),
                                      bands=override(omit=True), rules=override(omit=True))

    def structure(value: Any, _: Any) -> Evaluation:
        from .rules import Rules
        from .scoring import validate

        if not isinstance(value, dict):
            raise _wrong_type(value, dict)
        data = shadow_s(value, shadow)
        fields = {f.name: getattr(data, f.name) for f in kept}
        rules = _RULES.get() or Rules.national()
        try:
            ctx = validate(fields["assessment"], rules)
        except ValidationError as exc:
            raise ValidationError([
                Problem(_remap("$.assessment", p.path), p.code, p.message_vi, p.message_en,
                        p.suggestion) for p in exc.problems]) from None
        prov = fields["provenance"]
        if ctx.ruleset.id != prov.ruleset_id or ctx.ruleset.content_hash != prov.ruleset_hash:
            raise ValidationError([Problem(
                "$.provenance.ruleset_hash", "ruleset-changed",
                f"đánh giá được tính theo {prov.ruleset_id} {prov.ruleset_hash}, nhưng các quy "
                f"tắc hiện có cho {ctx.ruleset.id} {ctx.ruleset.content_hash}",
                f"the evaluation was made under {prov.ruleset_id} {prov.ruleset_hash}, but the "
                f"rules at hand give {ctx.ruleset.id} {ctx.ruleset.content_hash}")])
        return Evaluation(**fields, scorecard=ctx.scorecard, bands=ctx.ruleset.bands,
                          rules=rules)

    conv.register_structure_hook(Evaluation, structure)
    conv.register_unstructure_hook(Evaluation, base_u)


# --------------------------------------------------------------------------- portfolios


def _portfolio_hooks(conv: JsonConverter) -> None:
    from .certificates import Certificate
    from .portfolio import Portfolio
    from .products import Product
    from .subjects import Subject
    from .units import CommuneRegistry

    records = attrs.make_class("Portfolio", {
        "products": attrs.field(type=tuple[Product, ...], default=()),
        "subjects": attrs.field(type=tuple[Subject, ...], default=()),
        "certificates": attrs.field(type=tuple[Certificate, ...], default=()),
        "communes": attrs.field(type=cast("type", CommuneRegistry | None), default=None),
    }, frozen=True)

    records_s: Callable[[Any, Any], Any] = make_dict_structure_fn(
        records, conv, _cattrs_forbid_extra_keys=True)

    def unstructure(pf: Portfolio) -> dict[str, Any]:
        return {
            "products": conv.unstructure(pf.products, unstructure_as=tuple[Product, ...]),
            "subjects": conv.unstructure(pf.subjects, unstructure_as=tuple[Subject, ...]),
            "certificates": conv.unstructure(pf.certificates,
                                             unstructure_as=tuple[Certificate, ...]),
            "communes": conv.unstructure(pf.communes, unstructure_as=CommuneRegistry | None),
        }

    def structure(value: Any, _: Any) -> Portfolio:
        if not isinstance(value, dict):
            raise _wrong_type(value, dict)
        r = records_s(value, records)
        return Portfolio.build(r.products, r.subjects, r.certificates, communes=r.communes)

    conv.register_unstructure_hook(Portfolio, unstructure)
    conv.register_structure_hook(Portfolio, structure)


def _commune_registry_hooks(conv: JsonConverter) -> None:
    from .units import Commune, CommuneRegistry

    def unstructure(reg: CommuneRegistry) -> dict[str, Any]:
        return {"communes": conv.unstructure(reg.communes, unstructure_as=tuple[Commune, ...])}

    conv.register_unstructure_hook(CommuneRegistry, unstructure)


def _attainment_hooks(conv: JsonConverter) -> None:
    """Reports and indicators are written, not read: they hold functions and a portfolio."""
    try:
        from . import attainment, indicators
        from .attainment import AttainmentReport
        from .indicators import Indicator
    except ImportError:  # pragma: no cover - modules of a partial checkout
        return
    from .portfolio import Portfolio
    from .products import Product

    # Their annotations name Portfolio/Product under TYPE_CHECKING only.
    for module, cls in ((indicators, Indicator), (attainment, AttainmentReport)):
        attrs.resolve_types(cls, globalns={**vars(module), "Portfolio": Portfolio,
                                           "Product": Product})
    conv.register_unstructure_hook(
        Indicator, make_dict_unstructure_fn(Indicator, conv, compute=override(omit=True)))
    report_u = make_dict_unstructure_fn(AttainmentReport, conv, _context=override(omit=True))

    def one_way(name: str) -> Callable[[Any, Any], Any]:
        def structure(value: Any, _: Any) -> Any:
            raise InvalidValueError(
                "write-only", f"{name} chỉ được ghi ra JSON, không đọc vào",
                f"{name} is written to JSON but cannot be read back (it holds functions or "
                "a portfolio); recompute it instead")

        return structure

    conv.register_unstructure_hook(AttainmentReport, report_u)
    conv.register_structure_hook(Indicator, one_way("Indicator"))
    conv.register_structure_hook(AttainmentReport, one_way("AttainmentReport"))


# --------------------------------------------------------------------------- the converter


def converter() -> JsonConverter:
    """Build ocopkit's JSON converter (see the module docstring for its conventions).

    A new converter each call; :func:`to_json` and friends share a cached one.

    >>> from fractions import Fraction
    >>> c = converter()
    >>> c.unstructure(Fraction(179, 2)), c.structure("89.5", Fraction)
    ('179/2', Fraction(179, 2))
    """
    conv = make_converter(forbid_extra_keys=True)
    # scalars and containers: strict JSON types
    jsontypes.register(conv)
    # tagged unions and protocol-typed fields
    for union, members in UNIONS.items():
        _tagged(conv, union, members)
    # assessments: the portal form
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
    # Erratum.criterion_id is typed ``str`` but dossier-level errata carry ``None``.
    from .criteria import Erratum

    nullable_str = conv.get_structure_hook(str | None)
    conv.register_structure_hook(Erratum, make_dict_structure_fn(
        Erratum, conv, _cattrs_forbid_extra_keys=True,
        criterion_id=override(struct_hook=nullable_str)))
    # heavier objects
    _ruleset_hooks(conv)
    _evaluation_hooks(conv)
    _commune_registry_hooks(conv)
    _portfolio_hooks(conv)
    _attainment_hooks(conv)
    return conv


def _raise(exc: Exception) -> Any:
    raise exc


@functools.cache
def _default() -> JsonConverter:
    return converter()


# --------------------------------------------------------------------------- API


def to_dict(obj: Any, unstructure_as: Any = None) -> Any:
    """The JSON-ready form of ``obj`` (dicts, lists, strings, numbers, ``None``)."""
    return _default().unstructure(obj, unstructure_as=unstructure_as)


def to_json(obj: Any, *, indent: int | None = 2, unstructure_as: Any = None) -> str:
    """``obj`` as JSON text (UTF-8 friendly: Vietnamese is not escaped)."""
    return json.dumps(to_dict(obj, unstructure_as), ensure_ascii=False, indent=indent)


def _check_assessment(a: Assessment, base: str, rules: Rules | None) -> list[Problem]:
    from .rules import Rules
    from .scoring import validate

    try:
        validate(a, rules or Rules.national())
    except ValidationError as exc:
        out = []
        for p in exc.problems:
            path = p.path
            if len(a.sheets) == 1 and path.startswith("$.answers"):
                path = "$.sheets[0]" + path[1:]
            out.append(Problem(_remap(base, path), p.code, p.message_vi, p.message_en,
                               p.suggestion))
        return out
    return []


def _domain_checks(value: Any, cls: Any, rules: Rules | None) -> list[Problem]:
    if cls is Assessment:
        return _check_assessment(value, "$", rules)
    if _is_homogeneous(cls) and get_args(cls) and get_args(cls)[0] is Assessment:
        out: list[Problem] = []
        for i, a in enumerate(value):
            out.extend(_check_assessment(a, f"$[{i}]", rules))
        return out
    return []


def _structure(data: Any, cls: Any, rules: Rules | None) -> Any:
    token = _RULES.set(rules)
    try:
        return _default().structure(data, cls)
    except ValidationError:
        raise
    except RecursionError:
        raise ValidationError([Problem("$", "too-deep", "dữ liệu lồng nhau quá sâu",
                                       "data nested too deeply")]) from None
    except Exception as exc:
        problems = problems_from(exc)
        raise ValidationError(problems or [Problem("$", "invalid-value", str(exc), str(exc))],
                              "invalid data / dữ liệu không hợp lệ") from None
    finally:
        _RULES.reset(token)


@overload
def from_dict(data: Any, cls: type[T], *, rules: Rules | None = None,
              check: bool = True) -> T: ...
@overload
def from_dict(data: Any, cls: Any, *, rules: Rules | None = None,
              check: bool = True) -> Any: ...
def from_dict(data: Any, cls: Any, *, rules: Rules | None = None,
              check: bool = True) -> Any:
    """Structure JSON-ready ``data`` into ``cls`` (see :func:`from_json`)."""
    problems: list[Problem] = []
    value: Any = None
    try:
        value = _structure(data, cls, rules)
    except ValidationError as exc:
        problems.extend(_rebase(exc.problems))
    if not problems and check:
        problems.extend(_domain_checks(value, cls, rules))
    if problems:
        raise ValidationError(problems, "invalid data / dữ liệu không hợp lệ")
    return value


def _rebase(problems: tuple[Problem, ...]) -> list[Problem]:
    return [p if p.path.startswith("$") or ":" in p.path else
            Problem(_remap("$", p.path), p.code, p.message_vi, p.message_en, p.suggestion)
            for p in problems]


@overload
def from_json(text: str | bytes, cls: type[T], *, rules: Rules | None = None,
              check: bool = True, source: str = "<json>") -> T: ...
@overload
def from_json(text: str | bytes, cls: Any, *, rules: Rules | None = None,
              check: bool = True, source: str = "<json>") -> Any: ...
def from_json(text: str | bytes, cls: Any, *, rules: Rules | None = None,
              check: bool = True, source: str = "<json>") -> Any:
    """Parse and structure JSON ``text`` into ``cls``; ONE ValidationError otherwise.

    ``cls`` is a domain class (:class:`~ocopkit.assessment.Assessment`,
    :class:`~ocopkit.portfolio.Portfolio`, …) or a container of one
    (``list[Assessment]``). With ``check`` (the default), assessments are also
    validated against the scorecard (:func:`ocopkit.scoring.validate` under
    ``rules``, national by default) and those problems are reported with
    ``$``-paths too. An :class:`~ocopkit.scoring.Evaluation` re-derives its
    scorecard from ``rules`` and refuses a rule set whose hash changed.

    Only :mod:`ocopkit.errors` types escape.
    """
    data, problems = parse_json(text, source=source)
    try:
        value = from_dict(data, cls, rules=rules, check=check and not problems)
    except ValidationError as exc:
        problems.extend(exc.problems)
        value = None
    if problems:
        raise ValidationError(problems, "invalid data / dữ liệu không hợp lệ")
    return value


def load_assessments(text: str | bytes, *, rules: Rules | None = None, check: bool = True,
                     source: str = "<json>") -> tuple[Assessment, ...]:
    """One assessment object or a list of them, as a tuple (used by ``ocopkit score``)."""
    data, problems = parse_json(text, source=source)
    if isinstance(data, list):
        cls: Any = list[Assessment]
    else:
        cls = Assessment
    try:
        value = from_dict(data, cls, rules=rules, check=check and not problems)
    except ValidationError as exc:
        raise ValidationError([*problems, *exc.problems],
                              "invalid assessment / phiếu đánh giá không hợp lệ") from None
    if problems:
        raise ValidationError(problems, "invalid assessment / phiếu đánh giá không hợp lệ")
    return tuple(value) if isinstance(value, list) else (value,)
