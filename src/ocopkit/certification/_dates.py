"""Dates known to a day, a month, a year, or only as "before" or "after" a day.

Published lists say "recognised in 2025", "công nhận tháng 6/2025" or "before
30/06/2025"; a :class:`PartialDate` keeps exactly that: the earliest and the latest day
the event can have happened (``None``: unbounded), and how it was known. Nothing is
rounded to a day that the record does not state.

>>> m = PartialDate.month(2025, 6)
>>> m.earliest, m.latest, m.precision
(datetime.date(2025, 6, 1), datetime.date(2025, 6, 30), 'month')
>>> str(PartialDate.parse("before 2025-06-30")), PartialDate.parse("2025").latest
('before 2025-06-30', datetime.date(2025, 12, 31))
>>> PartialDate.parse("2025-06").contains(date(2025, 6, 19))
True

"Before" and "after" include the day named: "before 30/06/2025" reads "on or before".
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Literal, TypeAlias

import attrs

from ocopkit.errors import Problem, ValidationError

__all__ = ["DatePrecision", "PartialDate"]

#: How a :class:`PartialDate` is known.
DatePrecision: TypeAlias = Literal["day", "month", "year", "before", "after", "between"]

_YEAR = re.compile(r"([0-9]{4})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_BOUND = re.compile(r"(before|after)\s+([0-9]{4}-[0-9]{2}-[0-9]{2})", re.IGNORECASE)
_BETWEEN = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})\s*/\s*([0-9]{4}-[0-9]{2}-[0-9]{2})")


def _bad(text: str, why: str = "") -> ValidationError:
    tail = f" ({why})" if why else ""
    return ValidationError([Problem(
        "$.date", "invalid-partial-date",
        f"ngày không hợp lệ {text!r}{tail} (yyyy-mm-dd, yyyy-mm, yyyy, before/after yyyy-mm-dd, "
        "yyyy-mm-dd/yyyy-mm-dd)",
        f"invalid date {text!r}{tail} (yyyy-mm-dd, yyyy-mm, yyyy, before/after yyyy-mm-dd, "
        "yyyy-mm-dd/yyyy-mm-dd)")])


@attrs.frozen
class PartialDate:
    """A day known only within ``[earliest, latest]`` (inclusive; ``None``: unbounded).

    Build one with :meth:`day`, :meth:`month`, :meth:`year`, :meth:`before`,
    :meth:`after`, :meth:`between` or :meth:`parse`; ``str()`` gives the canonical text
    that :meth:`parse` reads back.
    """

    earliest: date | None
    latest: date | None
    precision: DatePrecision

    def __attrs_post_init__(self) -> None:
        if self.earliest is None and self.latest is None:
            raise _bad(str(self), "both ends unbounded")
        if (self.earliest is not None and self.latest is not None
                and self.earliest > self.latest):
            raise _bad(str(self), "earliest after latest")

    @classmethod
    def day(cls, d: date) -> PartialDate:
        """A day known exactly."""
        return cls(d, d, "day")

    @classmethod
    def month(cls, year: int, month: int) -> PartialDate:
        """Some day of ``month``/``year``."""
        try:
            last = calendar.monthrange(year, month)[1]
            return cls(date(year, month, 1), date(year, month, last), "month")
        except (ValueError, calendar.IllegalMonthError):
            raise _bad(f"{year}-{month}") from None

    @classmethod
    def year(cls, year: int) -> PartialDate:
        """Some day of ``year``."""
        if not 1 <= year <= 9999:
            raise _bad(str(year))
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def before(cls, d: date) -> PartialDate:
        """On or before ``d``."""
        return cls(None, d, "before")

    @classmethod
    def after(cls, d: date) -> PartialDate:
        """On or after ``d``."""
        return cls(d, None, "after")

    @classmethod
    def between(cls, first: date, last: date) -> PartialDate:
        """Some day from ``first`` to ``last`` (inclusive)."""
        if first == last:
            return cls.day(first)
        return cls(first, last, "between")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read the canonical text (``"2025-06-19"``, ``"2025-06"``, ``"2025"``,
        ``"before 2025-06-30"``, ``"after 2025-07-01"``, ``"2025-07-01/2025-12-31"``)."""
        value = text.strip()
        try:
            if m := _ISO.fullmatch(value):
                return cls.day(date(int(m[1]), int(m[2]), int(m[3])))
            if m := _MONTH.fullmatch(value):
                return cls.month(int(m[1]), int(m[2]))
            if m := _YEAR.fullmatch(value):
                return cls.year(int(m[1]))
            if m := _BOUND.fullmatch(value):
                d = date.fromisoformat(m[2])
                return cls.before(d) if m[1].lower() == "before" else cls.after(d)
            if m := _BETWEEN.fullmatch(value):
                return cls.between(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
        except ValueError:
            raise _bad(text) from None
        raise _bad(text)

    @property
    def exact(self) -> date | None:
        """The day, when known exactly."""
        return self.earliest if self.earliest == self.latest else None

    def contains(self, d: date) -> bool:
        """Whether ``d`` may be the day."""
        return ((self.earliest is None or self.earliest <= d)
                and (self.latest is None or d <= self.latest))

    def __str__(self) -> str:
        if self.precision == "day" and self.earliest is not None:
            return self.earliest.isoformat()
        if self.precision == "month" and self.earliest is not None:
            return f"{self.earliest.year:04d}-{self.earliest.month:02d}"
        if self.precision == "year" and self.earliest is not None:
            return f"{self.earliest.year:04d}"
        if self.precision == "before":
            return f"before {self.latest}"
        if self.precision == "after":
            return f"after {self.earliest}"
        return f"{self.earliest}/{self.latest}"

    def format_vi(self) -> str:
        """Vietnamese text, ``dd/mm/yyyy`` (``"tháng 06/2025"``, ``"trước 30/06/2025"``)."""
        def vi(d: date | None) -> str:
            return "?" if d is None else d.strftime("%d/%m/%Y")

        if self.precision == "day":
            return vi(self.earliest)
        if self.precision == "month" and self.earliest is not None:
            return f"tháng {self.earliest.month:02d}/{self.earliest.year:04d}"
        if self.precision == "year" and self.earliest is not None:
            return f"năm {self.earliest.year:04d}"
        if self.precision == "before":
            return f"trước {vi(self.latest)}"
        if self.precision == "after":
            return f"sau {vi(self.earliest)}"
        return f"{vi(self.earliest)} – {vi(self.latest)}"
