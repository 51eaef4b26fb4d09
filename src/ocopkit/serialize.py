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

import collections.abc as cabc
import contextvars
import enum
import functools
import json
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar, cast, get_args, get_origin, overload

import attrs
import cattrs
from cattrs.errors import (
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter, make_converter
from cattrs.strategies import configure_tagged_union

from .adjustments import CriterionOverride, Gate
from .assessment import Answer, Assessment, ScoreSheet
from .averaging import Averaging, ExactMean, RoundedMean
from .errors import CertificateError, OcopError, Problem, ValidationError
from .products import ProductCode
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

_INT = re.compile(r"-?[0-9]+")
_EXACT = re.compile(r"\s*-?[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?\s*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


# --------------------------------------------------------------------------- errors


class InvalidValueError(ValueError):
    """A value refused by a hook: carries the :class:`Problem` fields (no path)."""

    def __init__(self, code: str, message_vi: str, message_en: str,
                 suggestion: str | None = None) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en
        self.suggestion = suggestion


_JSON_TYPES = {
    str: ("a string", "chuỗi"),
    int: ("an integer", "số nguyên"),
    bool: ("true or false", "true hoặc false"),
    dict: ("an object", "đối tượng"),
    list: ("an array", "mảng"),
    type(None): ("null", "null"),
}


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float | Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


_VI_NAMES = {"boolean": "true/false", "integer": "số nguyên", "number": "số thực",
             "string": "chuỗi", "null": "null", "object": "đối tượng", "array": "mảng"}


def _got_vi(value: object) -> str:
    got = _json_type(value)
    return _VI_NAMES.get(got, got)


def _wrong_type(value: object, expected: type) -> InvalidValueError:
    en, vi = _JSON_TYPES.get(expected, (expected.__name__, expected.__name__))
    got = _json_type(value)
    return InvalidValueError("wrong-type", f"cần {vi}, nhận được {_got_vi(value)}",
                   f"expected {en}, got {got}")


def _type_name(t: Any) -> str:
    if t is None:
        return "a value"
    if isinstance(t, type):
        if attrs.has(t):
            return f"an object ({t.__name__})"
        en, _ = _JSON_TYPES.get(t, (t.__name__, ""))
        return en
    return str(t).replace("typing.", "")


def _remap(outer: str, inner: str) -> str:
    """Join the path of a nested problem (``$.T``, ``product 'p'.name``) to ``outer``."""
    if inner == "$":
        return outer
    if inner.startswith("$"):
        return outer + inner[1:]
    m = re.fullmatch(r"[a-z ]+ '.*'\.([A-Za-z_][A-Za-z0-9_]*)", inner, flags=re.S)
    if m:
        return f"{outer}.{m.group(1)}"
    return outer


def _describe(exc: BaseException, expected: Any, path: str) -> list[Problem]:
    """The problems one leaf exception stands for, at ``path``."""
    if isinstance(exc, ValidationError):
        return [Problem(_remap(path, p.path), p.code, p.message_vi, p.message_en, p.suggestion)
                for p in exc.problems]
    if isinstance(exc, CertificateError):
        return [Problem(path, exc.code, exc.message_vi, exc.message_en)]
    if isinstance(exc, InvalidValueError):
        return [Problem(path, exc.code, exc.message_vi, exc.message_en, exc.suggestion)]
    if isinstance(exc, ForbiddenExtraKeysError):
        known = [a.name for a in attrs.fields(exc.cl)] if attrs.has(exc.cl) else []
        return [
            Problem(f"{path}.{name}", "unknown-field", f"trường không hợp lệ {name!r}",
                    f"unknown field {name!r}", suggest(name, known, cutoff=0.5))
            for name in sorted(exc.extra_fields)
        ]
    if isinstance(exc, KeyError):
        return [Problem(path, "missing-field", "thiếu trường bắt buộc", "required field missing")]
    if isinstance(exc, OcopError):
        return [Problem(path, "invalid-value", str(exc), str(exc))]
    if isinstance(exc, ValueError | TypeError | AttributeError):
        name = _type_name(expected)
        detail = f" ({exc})" if str(exc) and expected is None else ""
        return [Problem(path, "invalid-value", f"giá trị không hợp lệ, cần {name}{detail}",
                        f"invalid value, expected {name}{detail}")]
    return [Problem(path, "invalid-value", f"giá trị không hợp lệ: {exc}",
                    f"invalid value: {exc}")]


def problems_from(exc: BaseException, path: str = "$") -> list[Problem]:
    """Turn a cattrs (or domain) exception into path-addressed, bilingual problems.

    Uses :func:`cattrs.transform_error` for the paths; each leaf exception is
    described by :func:`_describe`.
    """
    stash: list[tuple[BaseException, Any]] = []

    def remember(e: BaseException, t: Any) -> str:
        stash.append((e, t))
        return f"#{len(stash) - 1}"

    out: list[Problem] = []
    for line in cattrs.transform_error(exc, path=path, format_exception=remember):
        token, _, where = line.partition(" @ ")
        e, t = stash[int(token[1:])]
        out.extend(_describe(e, t, where))
    return out


# --------------------------------------------------------------------------- JSON text


class _Object(dict[str, Any]):
    """A parsed JSON object that remembers its duplicate keys."""

    __slots__ = ("duplicates",)

    duplicates: tuple[str, ...]


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    dups: list[str] = []
    for key, value in pairs:
        if key in obj:
            dups.append(key)
        obj[key] = value
    obj.duplicates = tuple(dups)
    return obj


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in ocopkit JSON")


def _duplicates(value: Any, path: str, out: list[Problem]) -> None:
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            if path.endswith(".answers"):
                out.append(Problem(
                    f"{path}[{key!r}]", "duplicate-answer",
                    f"tiêu chí {key!r} được chấm hai lần trong cùng một phiếu",
                    f"criterion {key!r} is answered twice in the same score sheet"))
            else:
                out.append(Problem(f"{path}[{key!r}]", "duplicate-key",
                                   f"khóa {key!r} xuất hiện nhiều lần",
                                   f"key {key!r} appears more than once"))
        for key, item in value.items():
            _duplicates(item, f"{path}.{key}" if _is_name(key) else f"{path}[{key!r}]", out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _duplicates(item, f"{path}[{i}]", out)


def _is_name(key: str) -> bool:
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) is not None


def parse_json(text: str | bytes, *, source: str = "<json>") -> tuple[Any, list[Problem]]:
    """Parse JSON text: ``(value, duplicate-key problems)``.

    Raises one :class:`~ocopkit.errors.ValidationError` for text that is not JSON (with the
    line and column, ``source:line:column``) or not UTF-8. Numbers with a
    decimal point are read as :class:`~decimal.Decimal` (exact); ``NaN`` and
    ``Infinity`` are refused.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError([Problem(
                f"{source}:byte {exc.start}", "invalid-encoding",
                f"không phải UTF-8 (byte {exc.start})", f"not UTF-8 (byte {exc.start})")]) from None
    elif text.startswith("\ufeff"):
        text = text[1:]
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_float=Decimal,
                           parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError([Problem(
            f"{source}:{exc.lineno}:{exc.colno}", "invalid-json",
            f"JSON không hợp lệ: {exc.msg} (dòng {exc.lineno}, cột {exc.colno})",
            f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")]) from None
    except ValueError as exc:
        raise ValidationError([Problem(source, "invalid-json", f"JSON không hợp lệ: {exc}",
                                       f"invalid JSON: {exc}")]) from None
    except RecursionError:
        raise ValidationError([Problem(source, "too-deep", "JSON lồng nhau quá sâu",
                                       "JSON nested too deeply")]) from None
    problems: list[Problem] = []
    _duplicates(value, "$", problems)
    return value, problems


# --------------------------------------------------------------------------- scalar hooks


def _structure_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise _wrong_type(value, str)
    return value


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong_type(value, int)
    return value


def _structure_bool(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise _wrong_type(value, bool)
    return value


def _structure_date(value: Any, _: Any) -> date:
    if not isinstance(value, str):
        raise _wrong_type(value, str)
    if _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValueError("invalid-date", f"ngày không hợp lệ {value!r} (cần YYYY-MM-DD)",
                  f"invalid date {value!r} (expected YYYY-MM-DD)")


def _unstructure_fraction(value: Fraction) -> str:
    return str(value)


def _structure_fraction(value: Any, _: Any) -> Fraction:
    """``"179/2"``, ``"89.5"``, ``90`` or an exact JSON decimal; never a binary float."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool | float):
        raise InvalidValueError("inexact-number",
                      f"số thực nhị phân {value!r} không chính xác; hãy viết chuỗi như '179/2'",
                      f"binary float {value!r} is not exact; write a string such as '179/2'")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidValueError("invalid-number", "số không hữu hạn", "not a finite number")
        return Fraction(value)
    if isinstance(value, str) and _EXACT.fullmatch(value):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError, InvalidOperation):
            pass
    if isinstance(value, str):
        raise InvalidValueError("invalid-number",
                      f"số không hợp lệ {value!r} (ví dụ '179/2', '89.5', '90')",
                      f"invalid number {value!r} (e.g. '179/2', '89.5', '90')")
    raise _wrong_type(value, str)


def _structure_code(value: Any, _: Any) -> ProductCode:
    if not isinstance(value, str):
        raise _wrong_type(value, str)
    return ProductCode.parse(value, path="$")


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


def _enum_hooks(t: type[enum.Enum]) -> Callable[[Any, Any], enum.Enum]:
    values = [m.value for m in t]

    def structure(value: Any, _: Any) -> enum.Enum:
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise _wrong_type(value, str)
        for member in t:
            if member.value == value and type(member.value) is type(value):
                return member
        shown = ", ".join(repr(v) for v in values)
        raise InvalidValueError("unknown-value", f"giá trị {value!r} không hợp lệ ({shown})",
                      f"unknown value {value!r} (one of {shown})",
                      suggest(str(value), [str(v) for v in values], cutoff=0.5))

    return structure


# --------------------------------------------------------------------------- container hooks


def _origin(t: Any) -> Any:
    return get_origin(t)


def _is_union(t: Any) -> bool:
    return _origin(t) in (typing.Union, types.UnionType)


def _is_mapping(t: Any) -> bool:
    return _origin(t) in (cabc.Mapping, dict, cabc.MutableMapping)


def _is_homogeneous(t: Any) -> bool:
    o = _origin(t)
    if o is tuple:
        args = get_args(t)
        return len(args) == 2 and args[1] is Ellipsis
    return o in (list, frozenset, set, cabc.Sequence, cabc.Set, cabc.MutableSequence)


def _is_fixed_tuple(t: Any) -> bool:
    return _origin(t) is tuple and not _is_homogeneous(t)


def _raise_group(errors: list[Exception], what: str, t: Any) -> None:
    if errors:
        raise IterableValidationError(f"While structuring {what}", errors, t)


def _noted(exc: Exception, index: int | str, t: Any) -> Exception:
    exc.__notes__ = [*getattr(exc, "__notes__", []),
                     IterableValidationNote(f"Structuring @ {index!r}", index, t)]
    return exc


def _mapping_structure(conv: JsonConverter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(t: Any) -> Callable[[Any, Any], Any]:
        args = get_args(t)
        kt, vt = (args if len(args) == 2 else (str, Any))
        vhook = conv.get_structure_hook(vt) if vt is not Any else None

        def structure(value: Any, _: Any) -> dict[Any, Any]:
            if not isinstance(value, dict):
                raise _wrong_type(value, dict)
            out: dict[Any, Any] = {}
            errors: list[Exception] = []
            for key, item in value.items():
                try:
                    k = _mapping_key(key, kt)
                    out[k] = vhook(item, vt) if vhook is not None else item
                except Exception as exc:
                    errors.append(_noted(exc, key, vt))
            _raise_group(errors, "mapping", t)
            return out

        return structure

    return factory


def _mapping_key(key: Any, kt: Any) -> Any:
    if kt is int:
        if isinstance(key, int) and not isinstance(key, bool):
            return key
        if isinstance(key, str) and _INT.fullmatch(key):
            return int(key)
        raise InvalidValueError("invalid-key", f"khóa phải là số nguyên: {key!r}",
                      f"key must be an integer: {key!r}")
    if kt is str:
        if not isinstance(key, str):
            raise _wrong_type(key, str)
        return key
    if _is_enum(kt):
        return _enum_hooks(kt)(key, kt)
    return key


def _mapping_unstructure(conv: JsonConverter) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        args = get_args(t)
        vt = args[1] if len(args) == 2 else Any

        def unstructure(value: Mapping[Any, Any]) -> dict[str, Any]:
            return {
                (k.value if isinstance(k, enum.Enum) else str(k)):
                    conv.unstructure(v, unstructure_as=vt if vt is not Any else None)
                for k, v in value.items()
            }

        return unstructure

    return factory


def _sequence_structure(conv: JsonConverter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(t: Any) -> Callable[[Any, Any], Any]:
        o = _origin(t)
        args = get_args(t)
        et = args[0] if args else Any
        ehook = conv.get_structure_hook(et) if et is not Any else None
        build: Callable[[list[Any]], Any]
        if o in (frozenset, cabc.Set):
            build = frozenset
        elif o is set:
            build = set
        elif o is list or o is cabc.MutableSequence:
            build = list
        else:
            build = tuple

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise _wrong_type(value, list)
            out: list[Any] = []
            errors: list[Exception] = []
            for i, item in enumerate(value):
                try:
                    out.append(ehook(item, et) if ehook is not None else item)
                except Exception as exc:
                    errors.append(_noted(exc, i, et))
            _raise_group(errors, "array", t)
            return build(out)

        return structure

    return factory


def _fixed_tuple_structure(conv: JsonConverter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(t: Any) -> Callable[[Any, Any], Any]:
        ets = get_args(t)
        hooks = [conv.get_structure_hook(et) for et in ets]

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise _wrong_type(value, list)
            if len(value) != len(ets):
                raise InvalidValueError("wrong-length", f"cần {len(ets)} phần tử, có {len(value)}",
                              f"expected {len(ets)} items, got {len(value)}")
            out: list[Any] = []
            errors: list[Exception] = []
            for i, (item, et, hook) in enumerate(zip(value, ets, hooks, strict=True)):
                try:
                    out.append(hook(item, et))
                except Exception as exc:
                    errors.append(_noted(exc, i, et))
            _raise_group(errors, "array", t)
            return tuple(out)

        return structure

    return factory


def _fixed_tuple_unstructure(conv: JsonConverter) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        ets = get_args(t)

        def unstructure(value: tuple[Any, ...]) -> list[Any]:
            return [conv.unstructure(v, unstructure_as=et) for v, et in zip(value, ets,
                                                                             strict=False)]

        return unstructure

    return factory


def _sort_key(item: Any) -> tuple[str, Any]:
    if isinstance(item, int | str):
        return (type(item).__name__, item)
    return ("~", json.dumps(item, sort_keys=True, ensure_ascii=False))


def _set_unstructure(conv: JsonConverter) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        args = get_args(t)
        et = args[0] if args else None

        def unstructure(value: cabc.Set[Any]) -> list[Any]:
            return sorted((conv.unstructure(v, unstructure_as=et) for v in value), key=_sort_key)

        return unstructure

    return factory


_SCALARS = (str, int, bool, Fraction, date)
_RATIO = re.compile(r"\s*-?[0-9]+/[0-9]+\s*")


def _union_structure(conv: JsonConverter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """``X | None`` and unions of scalars (str, int, bool, Fraction, date), strictly typed.

    In a union with ``str``, a string is a date only when it is an ISO date
    and the union has ``date``, and a fraction only when it looks like
    ``"2/5"`` and the union has ``Fraction``.
    """

    def factory(t: Any) -> Callable[[Any, Any], Any]:
        members = [m for m in get_args(t) if m is not type(None)]
        nullable = len(members) < len(get_args(t))
        if len(members) == 1:
            inner = members[0]
            hook = conv.get_structure_hook(inner)

            def optional(value: Any, _: Any) -> Any:
                if value is None and nullable:
                    return None
                return hook(value, inner)

            return optional
        rest = tuple(members)

        def scalar(value: Any, _: Any) -> Any:
            if value is None and nullable:
                return None
            if isinstance(value, bool):
                if bool in rest:
                    return value
            elif isinstance(value, int):
                if int in rest:
                    return value
                if Fraction in rest:
                    return Fraction(value)
            elif isinstance(value, Decimal | Fraction):
                if Fraction in rest:
                    return _structure_fraction(value, Fraction)
            elif isinstance(value, str):
                if date in rest and _ISO_DATE.fullmatch(value):
                    return _structure_date(value, date)
                if Fraction in rest and (str not in rest or _RATIO.fullmatch(value)):
                    return _structure_fraction(value, Fraction)
                if str in rest:
                    return value
            names = " | ".join(_JSON_TYPES.get(m, (m.__name__, ""))[0] for m in rest)
            got = _json_type(value)
            raise InvalidValueError("wrong-type", f"cần {names}, nhận được {_got_vi(value)}",
                          f"expected {names}{' or null' if nullable else ''}, got {got}")

        return scalar

    return factory


def _is_scalar_union(t: Any) -> bool:
    if not _is_union(t):
        return False
    members = [m for m in get_args(t) if m is not type(None)]
    return len(members) == 1 or all(m in _SCALARS for m in members)


# --------------------------------------------------------------------------- attrs classes


def _is_attrs(t: Any) -> bool:
    return isinstance(t, type) and attrs.has(t)


def _attrs_structure(conv: JsonConverter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(t: Any) -> Callable[[Any, Any], Any]:
        fn = make_dict_structure_fn(t, conv, _cattrs_forbid_extra_keys=True)

        def structure(value: Any, cl: Any) -> Any:
            if not isinstance(value, dict):
                raise _wrong_type(value, dict)
            return fn(value, cl)

        return structure

    return factory


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

    >>> c = converter()
    >>> c.unstructure(Fraction(179, 2)), c.structure("89.5", Fraction)
    ('179/2', Fraction(179, 2))
    """
    conv = make_converter(forbid_extra_keys=True)
    # scalars: strict JSON types
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(Fraction, _structure_fraction)
    conv.register_unstructure_hook(Fraction, _unstructure_fraction)
    conv.register_structure_hook(ProductCode, _structure_code)
    conv.register_unstructure_hook(ProductCode, str)
    conv.register_structure_hook_factory(_is_enum, _enum_hooks)
    conv.register_unstructure_hook_factory(_is_enum, lambda _: lambda e: e.value)
    # containers
    conv.register_structure_hook_factory(_is_attrs, _attrs_structure(conv))
    conv.register_structure_hook_factory(_is_scalar_union, _union_structure(conv))
    conv.register_structure_hook_factory(_is_mapping, _mapping_structure(conv))
    conv.register_unstructure_hook_factory(_is_mapping, _mapping_unstructure(conv))
    conv.register_structure_hook_factory(_is_homogeneous, _sequence_structure(conv))
    conv.register_structure_hook_factory(_is_fixed_tuple, _fixed_tuple_structure(conv))
    conv.register_unstructure_hook_factory(_is_fixed_tuple, _fixed_tuple_unstructure(conv))
    conv.register_unstructure_hook_factory(
        lambda t: _origin(t) in (frozenset, set, cabc.Set) or t in (frozenset, set),
        _set_unstructure(conv))
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
