"""Cells of a registry row, and the product, subject or certificate built from them.

A cell is read with a parser that accepts the notations of provincial
registries — dates ``dd/mm/yyyy`` (:func:`~ocopkit.io.parse_date`), stars
``3 sao`` or ``★★★`` (:func:`~ocopkit.io.parse_stars`), shares ``51%``
(:func:`~ocopkit.io.parse_share`), yes/no in Vietnamese or English
(:func:`~ocopkit.io.parse_bool`), authorities (:func:`~ocopkit.io.parse_authority`)
— and raises :class:`~ocopkit.io.InvalidCellError` otherwise. The builders
then turn one row's cells into a :class:`~ocopkit.products.Product`, a
:class:`~ocopkit.products.Subject` or a
:class:`~ocopkit.certification.Certificate`, deriving what is missing and
collecting every problem of the row. Every public name here is importable
from, and documented in, :mod:`ocopkit.io`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any, Literal

from ocopkit import rulesets as auth
from ocopkit.certification import PartialDate, RevocationGround
from ocopkit.errors import CertificateError, OcopError, Problem, Severity, ValidationError
from ocopkit.text import fold, nfc, suggest

from ._rows import _Row, shown

__all__ = [
    "InvalidCellError",
    "parse_authority",
    "parse_bool",
    "parse_date",
    "parse_partial_date",
    "parse_share",
    "parse_stars",
]


# --------------------------------------------------------------------------- cell parsers


_DMY = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})")
_YMD = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_STARS = re.compile(r"([1-5])(?:[.,]0+)?\s*(?:sao|\*|★|stars?)?", re.IGNORECASE)
_GLYPHS = re.compile(r"(★{1,5}|\*{1,5})")
_TRUE = {"true", "yes", "y", "x", "1", "co", "dung", "nu", "phai", "✓", "✔"}
_FALSE = {"false", "no", "n", "0", "khong", "sai", "nam", "-"}


def _bad(field: str, code: str, vi: str, en: str,
         suggestion: str | None = None) -> InvalidCellError:
    return InvalidCellError(field, code, vi, en, suggestion)


class InvalidCellError(ValueError):
    """A cell that cannot be read (internal; becomes a located Problem)."""

    def __init__(self, field: str, code: str, vi: str, en: str,
                 suggestion: str | None = None) -> None:
        super().__init__(en)
        self.field = field
        self.problem = (code, vi, en, suggestion)


def parse_date(text: str, field: str = "date") -> date:
    """``dd/mm/yyyy`` (also with ``-`` or ``.``) or ISO ``yyyy-mm-dd``.

    >>> parse_date("05/06/2026"), parse_date("2026-06-05"), parse_date("5.6.2026")
    (datetime.date(2026, 6, 5), datetime.date(2026, 6, 5), datetime.date(2026, 6, 5))
    """
    value = text.strip()
    m = _YMD.fullmatch(value)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _DMY.fullmatch(value)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        raise _bad(field, "invalid-date", f"ngày không tồn tại: {shown(text)}",
                   f"no such date: {shown(text)}") from None
    raise _bad(field, "invalid-date",
               f"ngày không hợp lệ {shown(text)} (dd/mm/yyyy hoặc yyyy-mm-dd)",
               f"invalid date {shown(text)} (dd/mm/yyyy or yyyy-mm-dd)")


_MONTH_YEAR = re.compile(r"(?:thang\s*)?([0-9]{1,2})\s*(?:/|-|\.|\s+nam\s+)\s*([0-9]{4})")
_YEAR_ONLY = re.compile(r"(?:nam\s*)?([0-9]{4})")
_ROUND = re.compile(r"(?:dot|round)\s*[0-9ivx]+\s*(?:/|nam|of|-)?\s*([0-9]{4})")
_BOUND = re.compile(r"(truoc|before|sau|after)\s*(?:ngay\s*)?(.+)")


def parse_partial_date(text: str, field: str = "date") -> date | PartialDate:
    """A day (as :func:`parse_date`), or what a published list says of it.

    ``06/2025``, ``tháng 6/2025``, ``2025-06`` → that month; ``2025``, ``năm 2025`` →
    that year; ``trước 30/06/2025`` / ``before 2025-06-30`` → on or before that day,
    ``sau …`` / ``after …`` → on or after; ``đợt 2 năm 2025`` (a round of the year) →
    the year, since the rounds of 2025 have no dates in law (26/2026 Điều 7.4 fixes
    rounds only from 2026); the canonical forms of
    :class:`~ocopkit.certification.PartialDate` too.

    >>> [str(parse_partial_date(t)) for t in ("19/06/2025", "tháng 6/2025", "năm 2025",
    ...                                        "trước 30/06/2025", "đợt 2 năm 2025")]
    ['2025-06-19', '2025-06', '2025', 'before 2025-06-30', '2025']
    """
    try:
        return parse_date(text, field)
    except InvalidCellError:
        if _DMY.fullmatch(text.strip()) or _YMD.fullmatch(text.strip()):
            raise  # a day that does not exist (31/02) is not a partial date
    key = fold(text).strip().rstrip(".")
    parts = [t for t in (x.strip() for x in re.split(r"\s[–-]\s|–", text)) if t]
    if len(parts) == 2:  # "01/07/2025 – 31/12/2025"
        try:
            first, last = parse_date(parts[0], field), parse_date(parts[1], field)
            return PartialDate.between(first, last)
        except (InvalidCellError, ValidationError):
            pass
    try:
        if m := _MONTH_YEAR.fullmatch(key):
            return PartialDate.month(int(m[2]), int(m[1]))
        if m := _YEAR_ONLY.fullmatch(key):
            return PartialDate.year(int(m[1]))
        if m := _ROUND.fullmatch(key):
            return PartialDate.year(int(m[1]))
        if m := _BOUND.fullmatch(key):
            day = parse_partial_date(m[2], field)
            if isinstance(day, PartialDate):
                day = (day.latest if m[1] in ("truoc", "before") else day.earliest) or date.min
            return (PartialDate.before(day) if m[1] in ("truoc", "before")
                    else PartialDate.after(day))
        return PartialDate.parse(text)
    except (ValidationError, InvalidCellError):
        pass
    raise _bad(field, "invalid-date",
               f"ngày không hợp lệ {shown(text)} (dd/mm/yyyy, mm/yyyy, yyyy, trước/sau dd/mm/yyyy)",
               f"invalid date {shown(text)} (dd/mm/yyyy, mm/yyyy, yyyy, before/after dd/mm/yyyy)")


def parse_stars(text: str, field: str = "stars") -> int:
    """``3``, ``3 sao``, ``★★★``, ``3*``, ``***``, ``3★`` → ``3``.

    >>> [parse_stars(s) for s in ("3", "4 sao", "★★★★★", "3*", "***", "4★", "3.0")]
    [3, 4, 5, 3, 3, 4, 3]
    """
    value = text.strip()
    m = _STARS.fullmatch(value)
    if m:
        return int(m[1])
    m = _GLYPHS.fullmatch(value.replace(" ", ""))
    if m:
        return len(m[1])
    raise _bad(field, "invalid-stars", f"hạng sao không hợp lệ {shown(text)} (ví dụ 3, 3 sao, ★★★)",
               f"invalid stars {shown(text)} (e.g. 3, 3 sao, ★★★)")


def parse_bool(text: str, field: str) -> bool:
    """Yes/no in Vietnamese or English (``có``/``không``, ``x``, ``1``/``0``, …)."""
    key = fold(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise _bad(field, "invalid-boolean", f"cần có/không: {shown(text)}",
               f"expected yes/no: {shown(text)}")


def parse_share(text: str, field: str = "community_capital_share") -> Fraction:
    """``51%``, ``0.51``, ``0,51`` or ``51/100`` → ``Fraction(51, 100)`` (exact).

    >>> parse_share("51%"), parse_share("0,51"), parse_share("51/100")
    (Fraction(51, 100), Fraction(51, 100), Fraction(51, 100))
    """
    value = text.strip().replace(" ", "")
    percent = value.endswith("%")
    value = value.rstrip("%").replace(",", ".")
    try:
        if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?", value):
            raise ValueError(value)
        share = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise _bad(field, "invalid-share", f"tỷ lệ không hợp lệ {shown(text)} (ví dụ 51%, 0,51)",
                   f"invalid share {shown(text)} (e.g. 51%, 0.51)") from None
    return share / 100 if percent else share


_AUTHORITIES = (auth.DISTRICT, auth.PROVINCE, auth.MINISTRY_MARD, auth.MINISTRY_MAE)
_AUTHORITY_WORDS = {
    "tinh": auth.PROVINCE, "ubnd tinh": auth.PROVINCE, "province": auth.PROVINCE,
    "cap tinh": auth.PROVINCE,
    "huyen": auth.DISTRICT, "ubnd huyen": auth.DISTRICT, "district": auth.DISTRICT,
    "cap huyen": auth.DISTRICT,
}
_CENTRAL_WORDS = {"trung uong", "central", "bo", "cap trung uong", "ministry"}


def parse_authority(text: str, field: str = "authority") -> auth.Authority | Literal["central"]:
    """An authority id or name, or a level word (``tỉnh``, ``huyện``, ``trung ương``)."""
    key = fold(text)
    for a in _AUTHORITIES:
        if key in (fold(a.id), fold(a.name_vi), fold(a.name_en)):
            return a
    if key in _AUTHORITY_WORDS:
        return _AUTHORITY_WORDS[key]
    if key in _CENTRAL_WORDS:
        return "central"
    options = [a.id for a in _AUTHORITIES] + ["tỉnh", "huyện", "trung ương"]
    raise _bad(field, "unknown-authority", f"cơ quan không xác định {shown(text)}",
               f"unknown authority {shown(text)}", suggest(text, options, cutoff=0.4))


def _domain(field: str, exc: OcopError) -> list[tuple[str, Problem]]:
    """(field, problem) pairs for a domain error raised while building a record."""
    if isinstance(exc, ValidationError):
        out = []
        for p in exc.problems:
            m = re.search(r"\.([A-Za-z_]+)(?:\.[A-Za-z]+)?$", p.path)
            out.append((m.group(1) if m else field, p))
        return out
    if isinstance(exc, CertificateError):
        return [(field, Problem("", exc.code, exc.message_vi, exc.message_en))]
    return [(field, Problem("", "invalid-value", str(exc), str(exc)))]


# --------------------------------------------------------------------------- record builders


class _Cells:
    """Typed access to one row's cells, collecting every problem."""

    def __init__(self, row: _Row) -> None:
        self.row = row
        self.errors: list[tuple[str, Problem]] = []
        self.flags: list[tuple[str, Problem]] = []
        """Warnings and notes: the record is kept (a strict import refuses warnings)."""
        self._parsed: dict[str, Any] = {}

    def text(self, field: str) -> str | None:
        return self.row.cells.get(field)

    def get(self, field: str, parse: Callable[[str, str], Any]) -> Any:
        """The parsed cell (parsed once: a bad cell is reported once)."""
        if field in self._parsed:
            return self._parsed[field]
        raw = self.row.cells.get(field)
        value = None
        if raw is not None:
            try:
                value = parse(raw, field)
            except InvalidCellError as exc:
                code, vi, en, hint = exc.problem
                self.errors.append((exc.field, Problem("", code, vi, en, hint)))
            except OcopError as exc:
                self.errors.extend(_domain(field, exc))
            except (ValueError, OverflowError, ArithmeticError) as exc:
                self.out_of_range(exc, field)
        self._parsed[field] = value
        return value

    def flag(self, field: str, code: str, vi: str, en: str, severity: Severity,
             suggestion: str | None = None) -> None:
        """Report something about a record that is kept."""
        self.flags.append((field, Problem("", code, vi, en, suggestion, severity)))

    def sorted_errors(self) -> list[tuple[str, Problem]]:
        """The problems in the order of the file's columns (errors, then the flags of a
        record that is kept)."""
        order = {field: i for i, field in enumerate(self.row.headers)}
        found = self.errors if self.errors else self.flags
        return sorted(found, key=lambda e: order.get(e[0], len(order)))

    def need(self, field: str, *alternatives: str) -> None:
        fields = (field, *alternatives)
        if not any(self.row.cells.get(f) for f in fields):
            where = next((f for f in fields if f in self.row.headers), field)
            self.errors.append((where, Problem("", "missing-value", "thiếu giá trị",
                                               "missing value")))

    def fail(self, field: str, exc: OcopError) -> None:
        self.errors.extend(_domain(field, exc))

    def out_of_range(self, exc: Exception, field: str = "") -> None:
        """A value Python itself cannot work with (a date whose arithmetic leaves the
        calendar, a number of more digits than ``int`` converts): refuses the row."""
        why = str(exc)[:200]
        self.errors.append((field, Problem(
            "", "value-out-of-range",
            f"giá trị không xử lý được ({type(exc).__name__}: {why})",
            f"a value cannot be worked with ({type(exc).__name__}: {why})")))


def _ground(text: str, field: str) -> RevocationGround:
    value = nfc(text).strip().lower().rstrip(")").lstrip("(")
    for g in RevocationGround:
        if value in (g.value, g.name.lower().replace("_", "-"), g.name.lower()):
            return g
    raise _bad(field, "unknown-ground",
               f"căn cứ thu hồi không hợp lệ {shown(text)} (a, b, c, d, đ, e)",
               f"unknown revocation ground {shown(text)} (a, b, c, d, đ, e)")
