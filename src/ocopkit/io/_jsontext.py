"""JSON text and its problems: what :mod:`ocopkit.io` reads and reports.

:func:`~ocopkit.io.parse_json` reads JSON text exactly (decimals as
:class:`~decimal.Decimal`, no ``NaN``) and reports every key written twice in
one object — for score-sheet answers with the code ``"duplicate-answer"`` —
instead of silently keeping the last one.
:func:`~ocopkit.io.problems_from` turns the exceptions raised while
structuring (by cattrs or by the domain classes) into located, bilingual
:class:`~ocopkit.errors.Problem` records with ``$``-paths. Hooks refuse a
value by raising :class:`InvalidValueError`. Both functions are importable
from, and documented in, :mod:`ocopkit.io`.

>>> value, problems = parse_json('{"a": 1, "a": 2}')
>>> value, [p.format("en") for p in problems]
({'a': 2}, ["$['a']: key 'a' appears more than once"])
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar, cast

import attrs
import cattrs
from cattrs.errors import ForbiddenExtraKeysError

from ocopkit.errors import OcopError, Problem, TransitionError, ValidationError
from ocopkit.text import suggest

__all__ = [
    "InvalidValueError",
    "on_first_use",
    "parse_json",
    "problems_from",
]


F = TypeVar("F", bound=Callable[..., Any])


def on_first_use(make: Callable[[], F]) -> F:
    """The function ``make()`` returns, made when first called: the cattrs functions of
    a type are generated when the converter first reads or writes it, so that building
    the converter stays cheap (a process that never writes a portfolio does not pay for
    its functions). Generated after every hook is registered, they see the same hooks.

    >>> calls = []
    >>> double = on_first_use(lambda: calls.append("made") or (lambda x: 2 * x))
    >>> calls
    []
    >>> double(2), double(3), calls
    (4, 6, ['made'])
    """
    made: list[F] = []

    def call(*args: Any) -> Any:
        if not made:
            made.append(make())
        return made[0](*args)

    return cast("F", call)


# --------------------------------------------------------------------------- errors


class InvalidValueError(ValueError):
    """A value refused by a hook: carries the :class:`~ocopkit.errors.Problem` fields (no path)."""

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


# The messages of :mod:`json`'s decoder in Vietnamese (the CLI's ``--lang vi`` prints no
# English word); a message not listed is kept as the decoder wrote it.
_JSON_MESSAGES_VI = {
    "Expecting value": "cần một giá trị",
    "Expecting property name enclosed in double quotes": "cần tên khóa trong dấu nháy kép",
    "Expecting ':' delimiter": "thiếu dấu ':'",
    "Expecting ',' delimiter": "thiếu dấu ','",
    "Unterminated string starting at": "chuỗi không được đóng, bắt đầu tại",
    "Invalid control character at": "ký tự điều khiển không hợp lệ tại",
    "Invalid \\escape": "chuỗi thoát (\\) không hợp lệ",
    "Invalid \\uXXXX escape": "chuỗi thoát \\uXXXX không hợp lệ",
    "Extra data": "còn dữ liệu thừa sau giá trị JSON",
}


def json_message_vi(message: str) -> str:
    """The Vietnamese of a :class:`json.JSONDecodeError` message (``msg``).

    >>> json_message_vi("Expecting value"), json_message_vi("something new")
    ('cần một giá trị', 'something new')
    """
    return _JSON_MESSAGES_VI.get(message, message)


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
    if isinstance(exc, TransitionError):
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
            f"JSON không hợp lệ: {json_message_vi(exc.msg)} (dòng {exc.lineno}, "
            f"cột {exc.colno})",
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
