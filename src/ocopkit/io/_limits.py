"""How much one JSON document may ask of the reader: :class:`InputLimits`.

Every limit is checked *before* the work it bounds is done — the size of the text before
it is parsed, the digits of a number before an ``int`` or a
:class:`~fractions.Fraction` is built (a JSON decimal ``1e999999999`` would otherwise
build a number of a billion digits), nesting before anything is structured — and each
excess is a located, bilingual :class:`~ocopkit.errors.Problem`, never a hang nor a raw
exception. The limits of plug-ins (time budget, contribution cap) are
:class:`ocopkit.plugins.Limits`; both classes read their defaults from the environment
the same way (:meth:`InputLimits.from_env`).

>>> InputLimits().max_depth
64
>>> InputLimits(max_digits=0)
Traceback (most recent call last):
...
ocopkit.errors.ValidationError: 1 lỗi / 1 problem:
  $max_digits: max_digits = 0: cần một số nguyên ≥ 1 / max_digits = 0: expected a whole number ≥ 1
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.text import lone_surrogate

__all__ = [
    "ENV_PREFIX",
    "LIMITS",
    "InputLimits",
    "number_problem",
    "text_problem",
]

#: Environment variables ``OCOPKIT_JSON_MAX_BYTES`` … set the defaults (see :meth:`from_env`).
ENV_PREFIX: Final = "OCOPKIT_JSON_"

_LOG10_2 = 0.30102999566398120


def _setting(name: str, value: object) -> Problem:
    return Problem(f"${name}", "bad-setting", f"{name} = {value!r}: cần một số nguyên ≥ 1",
                   f"{name} = {value!r}: expected a whole number ≥ 1")


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise ValidationError([_setting(attribute.name, value)])


@attrs.frozen
class InputLimits:
    """The bounds of one document read by :func:`ocopkit.io.from_json` (and
    :func:`~ocopkit.io.from_dict`, :func:`~ocopkit.io.parse_json`,
    :func:`~ocopkit.io.load_document`, :func:`~ocopkit.io.load_assessments`).

    ``max_bytes`` (256 MiB)
        the length of the JSON text (bytes, or characters of a ``str``);
        problem ``document-too-large``. A national registry of 10⁴ products with its
        certificates is some 20 MB.
    ``max_depth`` (64)
        how deeply arrays and objects nest (ocopkit's own forms nest at most 12 deep);
        ``too-deep``.
    ``max_items`` (1 000 000)
        the entries of one array or object; ``too-many-items``.
    ``max_string`` (1 000 000)
        the characters of one string or key; ``text-too-long``.
    ``max_digits`` (1 000)
        the digits of a number, counted as the digits of the integers an exact reading
        needs: ``123`` has 3, ``1.5e3`` 4, ``1e-5`` a denominator of 6, ``"7/300"`` 1
        and 3. An ``int`` or a :class:`~fractions.Fraction` is never built beyond it;
        ``number-too-large``.

    Pass another instance as ``limits=`` where a document legitimately needs more.
    """

    max_bytes: int = attrs.field(default=256 * 2**20, validator=_positive)
    max_depth: int = attrs.field(default=64, validator=_positive)
    max_items: int = attrs.field(default=1_000_000, validator=_positive)
    max_string: int = attrs.field(default=1_000_000, validator=_positive)
    max_digits: int = attrs.field(default=1_000, validator=_positive)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> InputLimits:
        """The limits set by ``OCOPKIT_JSON_MAX_BYTES``, ``…_MAX_DEPTH``,
        ``…_MAX_ITEMS``, ``…_MAX_STRING`` and ``…_MAX_DIGITS`` (the defaults where
        unset). A value that is not a whole number ≥ 1 is a
        :class:`~ocopkit.errors.ValidationError`, never silently replaced.

        >>> InputLimits.from_env({"OCOPKIT_JSON_MAX_DEPTH": "200"}).max_depth
        200
        """
        env = os.environ if environ is None else environ
        values: dict[str, int] = {}
        problems: list[Problem] = []
        for f in attrs.fields(cls):
            name = ENV_PREFIX + f.name.upper()
            raw = env.get(name, "").strip()
            if not raw:
                continue
            if raw.isdigit() and len(raw) <= 15 and int(raw) >= 1:
                values[f.name] = int(raw)
            else:
                problems.append(_setting(name, raw))
        if problems:
            raise ValidationError(problems, "invalid JSON limits / giới hạn JSON sai")
        return cls(**values)

    @classmethod
    def current(cls) -> InputLimits:
        """The limits in effect: those of the read in progress, else :meth:`from_env`."""
        found = LIMITS.get()
        return found if found is not None else _from_env_cached()


_CACHE: list[Any] = [None, None]


def _from_env_cached() -> InputLimits:
    key = tuple(os.environ.get(ENV_PREFIX + f.name.upper()) for f in attrs.fields(InputLimits))
    if _CACHE[0] != key or _CACHE[1] is None:
        _CACHE[1] = InputLimits.from_env()
        _CACHE[0] = key
    found: InputLimits = _CACHE[1]
    return found


#: The limits of the read in progress (set by ``from_dict`` / ``from_json``).
LIMITS: contextvars.ContextVar[InputLimits | None] = contextvars.ContextVar(
    "ocopkit_input_limits", default=None)


# --------------------------------------------------------------------------- numbers


def _int_digits(value: int) -> int:
    """An upper bound of the decimal digits of ``value`` (no conversion to text)."""
    return int(abs(value).bit_length() * _LOG10_2) + 1


def _decimal_digits(value: Decimal) -> tuple[int, int]:
    """The digits of the numerator and the denominator ``Fraction(value)`` would have."""
    t = value.as_tuple()
    if not isinstance(t.exponent, int):  # NaN, Infinity: refused elsewhere
        return 0, 0
    digits = len(t.digits)
    exp = t.exponent
    return digits + max(exp, 0), max(-exp, 0) + 1


def _too_large(shown: str, digits: int, limit: int) -> Problem:
    return Problem("$", "number-too-large",
                   f"số quá lớn hoặc quá chính xác ({shown}: khoảng {digits} chữ số; tối đa "
                   f"{limit})",
                   f"number too large or too precise ({shown}: about {digits} digits; at most "
                   f"{limit}, see ocopkit.io.InputLimits.max_digits)")


def _shown(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:10]}…{text[-10:]} ({len(text)} characters)"


def number_problem(value: object, limits: InputLimits) -> Problem | None:
    """The problem of a number (or of the text of one) beyond ``limits.max_digits``.

    Reads ``int``, :class:`~decimal.Decimal`, :class:`~fractions.Fraction` and the
    text of a JSON number (``"1e999999999"``) or of an exact string (``"7/300"``),
    without building the number.

    >>> number_problem("1e999999999", InputLimits()).code
    'number-too-large'
    >>> number_problem("179/2", InputLimits()) is None
    True
    """
    limit = limits.max_digits
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        n = _int_digits(value)
        return None if n <= limit else _too_large(f"{n} digits", n, limit)
    if isinstance(value, Fraction):
        n = max(_int_digits(value.numerator), _int_digits(value.denominator))
        return None if n <= limit else _too_large(f"{n} digits", n, limit)
    if isinstance(value, Decimal):
        n = max(_decimal_digits(value))
        return None if n <= limit else _too_large(str(value)[:24], n, limit)
    if isinstance(value, str):
        n = _text_digits(value, limit)
        return None if n <= limit else _too_large(_shown(value), n, limit)
    return None


_NUMBER = re.compile(r"\s*[-+]?([0-9]*)(?:\.([0-9]*))?(?:[eE]([-+]?)([0-9]+))?\s*")


def _text_digits(text: str, limit: int) -> int:
    """The digits an exact reading of ``text`` needs (``"a/b"``: the larger part)."""
    if "/" in text:
        return max(_text_digits(part, limit) for part in text.split("/", 1))
    m = _NUMBER.fullmatch(text)
    if m is None:
        return 0  # not a number: the hook that reads it says so
    whole, frac, sign, exp = m[1] or "", m[2] or "", m[3], m[4]
    digits = len((whole + frac).lstrip("0")) or 1
    if exp is None:
        shift = -len(frac)
    elif len(exp.lstrip("0")) > 15:
        return limit + 1 + len(exp)  # an exponent of 16 digits or more: far beyond
    else:
        shift = (-1 if sign == "-" else 1) * int(exp) - len(frac)
    return max(digits + max(shift, 0), max(-shift, 0) + 1)


# --------------------------------------------------------------------------- text


def text_problem(value: str, limits: InputLimits) -> Problem | None:
    """The problem of a string too long for ``limits`` or holding a lone surrogate
    (which no UTF-8 output can write).

    >>> text_problem("\\ud800", InputLimits()).code
    'invalid-text'
    """
    if len(value) > limits.max_string:
        return Problem("$", "text-too-long",
                       f"chuỗi quá dài ({len(value)} ký tự; tối đa {limits.max_string})",
                       f"text too long ({len(value)} characters; at most {limits.max_string}, "
                       "see ocopkit.io.InputLimits.max_string)")
    at = lone_surrogate(value)
    if at is not None:
        return Problem("$", "invalid-text",
                       f"chuỗi chứa ký tự thay thế đơn lẻ U+{ord(value[at]):04X} (vị trí {at}),"
                       " không phải văn bản Unicode hợp lệ",
                       f"the text holds a lone surrogate U+{ord(value[at]):04X} (at {at}): not "
                       "valid Unicode text")
    return None
