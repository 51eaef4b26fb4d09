"""Strict JSON scalars: the cattrs hooks of strings, integers, booleans, dates, exact
numbers, product codes, enums and canonical texts (registered by
:func:`ocopkit.io._jsontypes.register`).

A string is never an integer (``"5"``) nor an integer a string, except that a JSON
number with a zero fraction (``7.0``) is the integer it equals, as JSON Schema defines
``integer``; dates are ISO strings; exact numbers (:class:`~fractions.Fraction`) are
strings such as ``"179/2"``, an integer or a JSON decimal, never read through a binary
``float`` nor built beyond :attr:`~ocopkit.io.InputLimits.max_digits`; a text field the
class normalises is read only when already in canonical form.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import attrs
from cattrs.gen import override

from ocopkit.products import ProductCode
from ocopkit.text import nfc, suggest

from ._jsontext import InvalidValueError, _wrong_type
from ._limits import InputLimits, number_problem

__all__ = ["integral"]

_INT = re.compile(r"-?[0-9]+")
_EXACT = re.compile(r"\s*-?[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?\s*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# --------------------------------------------------------------------------- scalar hooks


def _structure_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise _wrong_type(value, str)
    return value


def integral(value: Any) -> int | None:
    """``value`` as an ``int`` when it is a JSON integer: an ``int``, or a number whose
    fractional part is zero (``7.0``, ``7e0``), as JSON Schema defines ``integer``;
    ``None`` otherwise (``True``, ``7.5``, ``"7"``). Never builds a number beyond
    :attr:`~ocopkit.io.InputLimits.max_digits`.

    >>> integral(7), integral(Decimal("7.0")), integral(Decimal("7.5")), integral(True)
    (7, 7, None, None)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal | float):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        if isinstance(value, Decimal) and (not value.is_finite() or number_problem(
                value, InputLimits.current()) is not None):
            return None
        if value == int(value):
            return int(value)
    return None


def _structure_int(value: Any, _: Any) -> int:
    found = integral(value)
    if found is None:
        if isinstance(value, Decimal | float) and not isinstance(value, bool):
            raise InvalidValueError("not-an-integer", f"cần số nguyên, nhận được {value}",
                                    f"expected an integer, got {value}")
        raise _wrong_type(value, int)
    return found


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
    too_large = (None if isinstance(value, str) and not _EXACT.fullmatch(value)
                 else number_problem(value, InputLimits.current()))
    if too_large is not None:
        raise InvalidValueError(too_large.code, too_large.message_vi, too_large.message_en)
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
        if isinstance(value, Decimal) and integral(value) is not None:
            value = integral(value)  # 3.0 is the JSON integer 3
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


def _canonical_text(optional: bool, field: str) -> Callable[[Any, Any], Any]:
    """The hook of a text field the class normalises (``converter=nfc``): text already in
    canonical form is read, any other is refused with that form as the suggestion — the
    class would otherwise change it silently (issue 18.4)."""
    def structure(value: Any, _: Any) -> Any:
        if value is None and optional:
            return None
        text = _structure_str(value, str)
        canonical = nfc(text)
        if not canonical:
            code = "empty-name" if "name" in field else "empty-text"
            raise InvalidValueError(code, "trống (hoặc chỉ có khoảng trắng)",
                                    "empty (or only white space)")
        if canonical != text:
            raise InvalidValueError(
                "non-canonical-text",
                "văn bản có khoảng trắng thừa (đầu, cuối, liên tiếp, tab hoặc xuống dòng) hoặc "
                f"chưa chuẩn hoá NFC; hãy ghi {canonical!r}",
                "the text has extra white space (leading, trailing, repeated, tabs or line "
                f"breaks) or is not NFC-normalised; write {canonical!r}", canonical)
        return text
    return structure


def _normalised_fields(t: type) -> dict[str, Any]:
    """``override``s for the fields of ``t`` whose converter normalises text."""
    out: dict[str, Any] = {}
    for f in attrs.fields(t):
        conv = f.converter
        if conv is nfc:
            out[f.name] = override(struct_hook=_canonical_text(False, f.name))
        elif getattr(conv, "__name__", "") == "_opt_nfc":
            out[f.name] = override(struct_hook=_canonical_text(True, f.name))
    return out
