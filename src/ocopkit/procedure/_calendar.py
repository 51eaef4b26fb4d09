"""The working calendar of the procedure's time limits.

A *working day* (ngày làm việc) of the state bodies that handle OCOP dossiers is a day
from Monday to Friday (the 40-hour week of Quyết định 188/1999/QĐ-TTg) that is not a
public holiday (nghỉ lễ, tết: Bộ luật Lao động 2019 Điều 112, with the compensatory day
of Điều 111 khoản 3 when a holiday falls on a weekly rest day). The holidays come from
the maintained `holidays <https://pypi.org/project/holidays/>`_ package (its Vietnamese
calendar computes Tết from the lunar calendar and carries the day swaps the government
announced, e.g. Saturday 22/08/2026 worked for Monday 31/08/2026 off). The package is
imported on first use only, so ``import ocopkit`` stays light.

Announcements the package does not know yet (each year's Tết schedule, a swap of working
days) are added as data, each with its citation:

>>> from datetime import date
>>> cal = WorkingCalendar()
>>> cal.is_working_day(date(2027, 2, 8)), cal.holiday(date(2027, 2, 8))
(False, 'Mùng ba Tết Nguyên Đán')
>>> cal.is_working_day(date(2026, 8, 22))          # a Saturday worked in exchange
True
>>> swapped = cal.with_exceptions(CalendarException(
...     date(2027, 2, 11), working=False, name="Nghỉ bù (ví dụ)", citation="an invented example"))
>>> swapped.is_working_day(date(2027, 2, 11)), swapped.holiday(date(2027, 2, 11))
(False, 'Nghỉ bù (ví dụ)')
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Final

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.frozen import FrozenMap

__all__ = ["DEFAULT_CALENDAR", "MAX_WORKING_DAYS", "CalendarException", "WorkingCalendar"]

_ONE_DAY: Final = timedelta(days=1)

#: The longest count of working days the calendar agrees to make (about 14 years): a
#: bound, so that a wrong input cannot make a count run for ever.
MAX_WORKING_DAYS: Final = 3650

#: The weekly rest days of state bodies (Monday is 0): Saturday and Sunday.
WEEKEND: Final = frozenset({5, 6})

WEEKEND_CITATION: Final = "Quyết định 188/1999/QĐ-TTg (tuần làm việc 40 giờ)"
HOLIDAYS_CITATION: Final = (
    "Bộ luật Lao động 2019 Điều 111 khoản 3, Điều 112 (as computed by the holidays package)"
)


@attrs.frozen
class CalendarException:
    """A day the government announced as a day off (``working=False``: a compensatory
    day, an extended Tết) or as a working day (``working=True``: a Saturday worked in
    exchange for another day off), with the announcement that says so."""

    day: date
    working: bool
    name: str
    citation: str | None = None


def _exceptions(value: Iterable[CalendarException]) -> tuple[CalendarException, ...]:
    return tuple(sorted(value, key=lambda e: e.day))


@functools.lru_cache(maxsize=256)
def _package_year(year: int) -> tuple[Mapping[date, tuple[str, str]], frozenset[date]]:
    """The days off of ``year`` (Vietnamese and English names) and its weekend days worked,
    from the ``holidays`` package (imported here, on first use)."""
    import holidays

    vi = holidays.country_holidays("VN", years=year, language="vi")
    en = holidays.country_holidays("VN", years=year, language="en_US")
    days = FrozenMap({d: (str(vi[d]), str(en.get(d, vi[d]))) for d in sorted(vi)})
    worked = frozenset(d for d in getattr(vi, "weekend_workdays", ()) if d.year == year)
    return days, worked


@attrs.frozen(kw_only=True)
class WorkingCalendar:
    """Which days are working days: weekdays minus public holidays, adjusted by
    announced :class:`CalendarException` records.

    ``weekend``
        the weekly rest days, Monday = 0 (default Saturday and Sunday, Quyết định
        188/1999/QĐ-TTg);
    ``public_holidays``
        whether the public holidays of the ``holidays`` package count as days off
        (``False``: weekends only — useful to see what the holidays change);
    ``exceptions``
        announced days off and working days; they take precedence over both.
    """

    id: str = "vn-state-bodies"
    weekend: frozenset[int] = attrs.field(default=WEEKEND, converter=frozenset)
    public_holidays: bool = True
    exceptions: tuple[CalendarException, ...] = attrs.field(default=(), converter=_exceptions)
    _by_day: Mapping[date, CalendarException] = attrs.field(
        init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        problems = []
        if not self.weekend <= set(range(7)) or len(self.weekend) == 7:
            problems.append(Problem("$.weekend", "bad-weekend",
                                    "ngày nghỉ hằng tuần phải là các số 0–6, không phải cả tuần",
                                    "weekend days are numbers 0–6 (Monday 0), not the whole week"))
        by_day: dict[date, CalendarException] = {}
        for i, e in enumerate(self.exceptions):
            if e.day in by_day:
                problems.append(Problem(
                    f"$.exceptions[{i}]", "duplicate-day",
                    f"ngày {e.day:%d/%m/%Y} được khai báo hai lần",
                    f"{e.day.isoformat()} is declared twice"))
            if not e.name.strip():
                problems.append(Problem(f"$.exceptions[{i}].name", "empty-name",
                                        "thiếu tên ngày", "the day needs a name"))
            by_day[e.day] = e
        if problems:
            raise ValidationError(problems, "invalid calendar / lịch không hợp lệ")
        object.__setattr__(self, "_by_day", FrozenMap(by_day))

    # ------------------------------------------------------------------ queries

    def holiday(self, day: date, lang: str = "vi") -> str | None:
        """The name of the day off ``day`` is (an announced one first), or ``None`` for a
        working day or a plain weekend day."""
        announced = self._by_day.get(day)
        if announced is not None:
            return None if announced.working else announced.name
        if not self.public_holidays:
            return None
        names = _package_year(day.year)[0].get(day)
        if names is None:
            return None
        return names[1] if lang == "en" else names[0]

    def is_working_day(self, day: date) -> bool:
        """Whether state bodies work on ``day``."""
        announced = self._by_day.get(day)
        if announced is not None:
            return announced.working
        if self.public_holidays:
            days, worked = _package_year(day.year)
            if day in days:
                return False
            if day in worked:
                return True
        return day.weekday() not in self.weekend

    def next_working_day(self, day: date) -> date:
        """``day`` if it is a working day, otherwise the first working day after it."""
        for _ in range(MAX_WORKING_DAYS):
            if self.is_working_day(day):
                return day
            day += _ONE_DAY
        raise _too_long(MAX_WORKING_DAYS)  # pragma: no cover - at most 5 weekdays a week

    def add_working_days(self, start: date, count: int) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted).

        >>> cal = WorkingCalendar(public_holidays=False)
        >>> cal.add_working_days(date(2027, 2, 1), 15)     # weekends only
        datetime.date(2027, 2, 22)
        >>> WorkingCalendar().add_working_days(date(2027, 2, 1), 15)   # Tết 4–10/02/2027
        datetime.date(2027, 3, 1)
        """
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValidationError([Problem(
                "$.count", "bad-count", f"số ngày làm việc phải là số nguyên ≥ 0: {count!r}",
                f"a number of working days is an integer ≥ 0, not {count!r}")])
        if count > MAX_WORKING_DAYS:
            raise _too_long(count)
        day, left = start, count
        while left:
            day += _ONE_DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """The working days after ``start`` up to ``end`` inclusive (0 when ``end`` is not
        after ``start``)."""
        if (end - start).days > MAX_WORKING_DAYS * 2:
            raise _too_long((end - start).days)
        n, day = 0, start
        while day < end:
            day += _ONE_DAY
            n += self.is_working_day(day)
        return n

    def with_exceptions(self, *exceptions: CalendarException) -> WorkingCalendar:
        """A calendar with ``exceptions`` added (an announcement for a day already
        declared is refused)."""
        return attrs.evolve(self, exceptions=(*self.exceptions, *exceptions))


def _too_long(count: int) -> ValidationError:
    return ValidationError([Problem(
        "$.count", "period-too-long",
        f"thời hạn quá dài ({count} ngày; tối đa {MAX_WORKING_DAYS} ngày làm việc)",
        f"the period is too long ({count} days; at most {MAX_WORKING_DAYS} working days)")])


#: The calendar used when none is given.
DEFAULT_CALENDAR: Final = WorkingCalendar()
