"""JSON forms of every public domain object, built on one cattrs converter.

Keep serialization at the edges: the domain classes know nothing about JSON.
:func:`converter` builds the (only) :class:`cattrs.preconf.json.JsonConverter`
of ocopkit; :func:`to_json` / :func:`from_json` and :func:`to_dict` /
:func:`from_dict` use a cached instance of it.

Conventions (also what :mod:`ocopkit.io` describes):

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

The portal form of an :class:`~ocopkit.scoring.Assessment` keeps answers
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

import functools
import json
import typing
from collections.abc import Mapping
from typing import Any, TypeVar, cast, get_args, overload

from cattrs.preconf.json import JsonConverter, make_converter
from cattrs.strategies import configure_tagged_union

from ocopkit.errors import Problem, ValidationError
from ocopkit.frozen import FrozenMap
from ocopkit.rulesets import (
    Amendment,
    Averaging,
    BandOrNothing,
    Bands,
    CriterionOverride,
    ExactMean,
    Gate,
    HalfOpenBands,
    HighestTierMet,
    IntegerBands,
    RoundedMean,
    Rules,
    TierPolicy,
)
from ocopkit.scoring import Assessment, validate
from ocopkit.text import suggest

from . import _assessments as assessments
from . import _jsontypes as jsontypes
from . import _procedure as procedure
from . import _records as records
from ._jsontext import (
    InvalidValueError,
    _remap,
    _wrong_type,
    check_data,
    parse_json,
    problems_from,
)
from ._jsontypes import _is_homogeneous
from ._limits import LIMITS, InputLimits

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

#: Version of the JSON forms (and of the JSON Schemas in :mod:`ocopkit.io`).
SCHEMA_VERSION = "1"

#: The ``"kind"`` tag written for each member of a tagged union.
TAGS: Mapping[type, str] = FrozenMap({
    CriterionOverride: "criterion-override",
    Gate: "gate",
    Amendment: "amendment",
    HalfOpenBands: "half-open",
    IntegerBands: "integer",
    HighestTierMet: "highest-tier-met",
    BandOrNothing: "band-or-nothing",
    ExactMean: "exact-mean",
    RoundedMean: "rounded-mean",
})

#: Tagged unions: the declared field type and its members.
UNIONS: Mapping[Any, tuple[type, ...]] = FrozenMap({
    CriterionOverride | Gate | Amendment: (CriterionOverride, Gate, Amendment),
    Bands: (HalfOpenBands, IntegerBands),
    TierPolicy: (HighestTierMet, BandOrNothing),
    Averaging: (ExactMean, RoundedMean),
})

TAG = "kind"


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
    assessments.register(conv)
    # the heavier records
    records.register(conv)
    # cases and dossiers of the procedure (ocopkit.procedure)
    procedure.register(conv)
    return conv


@functools.cache
def _default() -> JsonConverter:
    return converter()


# --------------------------------------------------------------------------- API


def to_dict(obj: Any, unstructure_as: Any = None) -> Any:
    """The JSON-ready form of ``obj`` (dicts, lists, strings, numbers, ``None``)."""
    return _default().unstructure(obj, unstructure_as=unstructure_as)


def to_json(obj: Any, *, indent: int | None = 2, unstructure_as: Any = None) -> str:
    """``obj`` as JSON text (UTF-8 friendly: Vietnamese is not escaped)."""
    fast = records.TEXT.get(type(obj)) if unstructure_as is None else None
    if fast is not None:  # the same text, from pieces prepared once (evaluations)
        _default()
        return fast(obj, indent)
    return json.dumps(to_dict(obj, unstructure_as), ensure_ascii=False, indent=indent)


def _check_assessment(a: Assessment, base: str, rules: Rules | None) -> list[Problem]:
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


def _structure(data: Any, cls: Any, rules: Rules | None, limits: InputLimits,
               check: bool = True) -> Any:
    token = records.RULES.set(rules)
    bound = LIMITS.set(limits)
    again = records.REPRODUCE.set(check)
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
        records.REPRODUCE.reset(again)
        LIMITS.reset(bound)
        records.RULES.reset(token)


#: The problems of :func:`parse_json` after which the document is still structured (to
#: report its other problems too); any other one (a limit exceeded) stops the reading.
_REPEATED_KEYS = frozenset({"duplicate-key", "duplicate-answer"})


def _read(data: Any, cls: Any, rules: Rules | None, check: bool, limits: InputLimits,
          problems: list[Problem]) -> Any:
    """Structure ``data`` (already checked against ``limits`` when ``problems`` says so)
    and run the domain checks; one ValidationError with ``problems`` and every new one."""
    value: Any = None
    if all(p.code in _REPEATED_KEYS for p in problems):  # nothing exceeds the limits
        clean = not problems
        try:
            value = _structure(data, cls, rules, limits, check)
        except ValidationError as exc:
            problems.extend(_rebase(exc.problems))
        if clean and not problems and check:
            problems.extend(_domain_checks(value, cls, rules))
    if problems:
        raise ValidationError(problems, "invalid data / dữ liệu không hợp lệ")
    return value


@overload
def from_dict(data: Any, cls: type[T], *, rules: Rules | None = None,
              check: bool = True, limits: InputLimits | None = None) -> T: ...
@overload
def from_dict(data: Any, cls: Any, *, rules: Rules | None = None,
              check: bool = True, limits: InputLimits | None = None) -> Any: ...
def from_dict(data: Any, cls: Any, *, rules: Rules | None = None,
              check: bool = True, limits: InputLimits | None = None) -> Any:
    """Structure JSON-ready ``data`` into ``cls`` (see :func:`from_json`); ``data`` is
    first checked against ``limits`` (depth, sizes, texts, numbers)."""
    limits = limits if limits is not None else InputLimits.current()
    return _read(data, cls, rules, check, limits, check_data(data, limits))


def _rebase(problems: tuple[Problem, ...]) -> list[Problem]:
    return [p if p.path.startswith("$") or ":" in p.path else
            Problem(_remap("$", p.path), p.code, p.message_vi, p.message_en, p.suggestion)
            for p in problems]


@overload
def from_json(text: str | bytes, cls: type[T], *, rules: Rules | None = None,
              check: bool = True, source: str = "<json>",
              limits: InputLimits | None = None) -> T: ...
@overload
def from_json(text: str | bytes, cls: Any, *, rules: Rules | None = None,
              check: bool = True, source: str = "<json>",
              limits: InputLimits | None = None) -> Any: ...
def from_json(text: str | bytes, cls: Any, *, rules: Rules | None = None,
              check: bool = True, source: str = "<json>",
              limits: InputLimits | None = None) -> Any:
    """Parse and structure JSON ``text`` into ``cls``; ONE ValidationError otherwise.

    ``cls`` is a domain class (:class:`~ocopkit.scoring.Assessment`,
    :class:`~ocopkit.certification.Portfolio`, …) or a container of one
    (``list[Assessment]``). With ``check`` (the default), assessments are also
    validated against the scorecard (:func:`ocopkit.scoring.validate` under
    ``rules``, national by default) and those problems are reported with
    ``$``-paths too. An :class:`~ocopkit.scoring.Evaluation` is always checked: its
    scorecard is re-derived from ``rules``, and it must be what evaluating its
    assessment under them gives (see :doc:`/serialization`).

    The text is bounded by ``limits`` (:class:`~ocopkit.io.InputLimits`; default
    :meth:`~ocopkit.io.InputLimits.from_env`): what exceeds them is a problem, found
    before any work it would cost. Only :mod:`ocopkit.errors` types escape.
    """
    limits = limits if limits is not None else InputLimits.current()
    data, problems = parse_json(text, source=source, limits=limits)
    return _read(data, cls, rules, check, limits, problems)


def load_assessments(text: str | bytes, *, rules: Rules | None = None, check: bool = True,
                     source: str = "<json>",
                     limits: InputLimits | None = None) -> tuple[Assessment, ...]:
    """One assessment object or a list of them, as a tuple (used by ``ocopkit score``)."""
    limits = limits if limits is not None else InputLimits.current()
    data, problems = parse_json(text, source=source, limits=limits)
    cls: Any = list[Assessment] if isinstance(data, list) else Assessment
    try:
        value = _read(data, cls, rules, check, limits, problems)
    except ValidationError as exc:
        raise ValidationError(exc.problems,
                              "invalid assessment / phiếu đánh giá không hợp lệ") from None
    return tuple(value) if isinstance(value, list) else (value,)
