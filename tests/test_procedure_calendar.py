"""The working calendar and the counting of time limits, against dates worked out by hand.

Hand computations (Mon–Fri working; days off from the holidays package, which follows
Bộ luật Lao động 2019 Điều 112 and the announced swaps):

* Tết 2027: Lunar New Year on Saturday 06/02/2027; days off Thursday 04/02 (29 Tết) to
  Wednesday 10/02 (mùng 5, compensating the Saturday and Sunday).
* 2026: Saturday 22/08 is worked in exchange for Monday 31/08 off; National Day 01–02/09;
  Vietnam Cultural Day Tuesday 24/11 (from 2026).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopkit.certification import DEFAULT_POLICY, period_end
from ocopkit.errors import ValidationError
from ocopkit.procedure import (
    CalendarException,
    ProcedurePolicy,
    WorkingCalendar,
)

CAL = WorkingCalendar()
WEEKENDS_ONLY = WorkingCalendar(public_holidays=False)


def test_tet_2027_is_seven_days_off() -> None:
    days = [date(2027, 2, 3) + timedelta(days=i) for i in range(9)]
    assert [CAL.is_working_day(d) for d in days] == [
        True, False, False, False, False, False, False, False, True]
    assert CAL.holiday(date(2027, 2, 6)) == "Tết Nguyên Đán"
    assert CAL.holiday(date(2027, 2, 6), "en") == "Lunar New Year"
    assert CAL.holiday(date(2027, 2, 3)) is None


def test_swapped_saturday_and_cultural_day_2026() -> None:
    assert CAL.is_working_day(date(2026, 8, 22))          # Saturday worked
    assert not CAL.is_working_day(date(2026, 8, 31))      # Monday off in exchange
    assert not CAL.is_working_day(date(2026, 11, 24))     # Ngày Văn hóa Việt Nam
    assert WEEKENDS_ONLY.is_working_day(date(2026, 11, 24))
    assert not WEEKENDS_ONLY.is_working_day(date(2026, 8, 22))


@pytest.mark.parametrize(("received", "due", "weekends_only"), [
    # received just before Tết: 2, 3 Feb, then 11 Feb … 1 Mar is the 15th working day
    (date(2027, 2, 1), date(2027, 3, 1), date(2027, 2, 22)),
    # across the swapped Saturday and National Day: 22/8 counts, 31/8–2/9 do not
    (date(2026, 8, 21), date(2026, 9, 15), date(2026, 9, 11)),
    # across Vietnam Cultural Day (24/11/2026)
    (date(2026, 11, 23), date(2026, 12, 15), date(2026, 12, 14)),
    # received on a Saturday: the first working day is Monday
    (date(2027, 3, 6), date(2027, 3, 26), date(2027, 3, 26)),
])
def test_fifteen_working_days_of_the_commune(received: date, due: date,
                                             weekends_only: date) -> None:
    assert ProcedurePolicy().working_days_after(received, 15) == due
    assert ProcedurePolicy(calendar=WEEKENDS_ONLY).working_days_after(received, 15) \
        == weekends_only
    assert CAL.working_days_between(received, due) == 15


def test_an_announced_day_off_moves_the_limit() -> None:
    # an invented announcement, to exercise the mechanism: Friday 12/02/2027 off
    extra = CAL.with_exceptions(CalendarException(date(2027, 2, 12), working=False,
                                                  name="Nghỉ bù (ví dụ)"))
    assert extra.add_working_days(date(2027, 2, 1), 15) == date(2027, 3, 2)
    worked = CAL.with_exceptions(CalendarException(date(2027, 2, 13), working=True,
                                                   name="Làm bù (ví dụ)"))
    assert worked.add_working_days(date(2027, 2, 1), 15) == date(2027, 2, 26)
    with pytest.raises(ValidationError) as err:
        extra.with_exceptions(CalendarException(date(2027, 2, 12), working=True, name="x"))
    assert err.value.codes == ("duplicate-day",)


@pytest.mark.parametrize(("start", "n", "due", "moved"), [
    (date(2026, 11, 10), 45, date(2026, 12, 25), None),               # a Friday
    (date(2026, 12, 24), 45, date(2027, 2, 11), date(2027, 2, 7)),    # Sunday in Tết
    (date(2027, 1, 22), 15, date(2027, 2, 11), date(2027, 2, 6)),     # Saturday in Tết
    (date(2027, 7, 1), 45, date(2027, 8, 16), date(2027, 8, 15)),     # a Sunday
])
def test_days_are_counted_as_the_civil_code_does(start: date, n: int, due: date,
                                                 moved: date | None) -> None:
    assert ProcedurePolicy().days_after(start, n) == (due, moved)
    plain = ProcedurePolicy(roll_forward=False).days_after(start, n)
    assert plain == (moved or due, None)


def test_period_end_is_the_one_count_of_certificates_and_limits() -> None:
    assert period_end(date(2026, 5, 22), days=60) == date(2026, 7, 21)   # Điều 12.2.a
    assert period_end(date(2026, 5, 22), days=30) == date(2026, 6, 21)   # Điều 12.2.b
    assert DEFAULT_POLICY.valid_until(date(2025, 6, 19)) == period_end(date(2025, 6, 19),
                                                                        months=36)
    with pytest.raises(ValueError, match="exactly one"):
        period_end(date(2026, 1, 1), days=1, months=1)


@given(st.dates(date(2026, 1, 1), date(2030, 12, 31)), st.integers(0, 60))
def test_the_nth_working_day_is_a_working_day_after_n(start: date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    assert due >= start
    assert CAL.working_days_between(start, due) == n
    if n:
        assert CAL.is_working_day(due)


@given(st.dates(date(2026, 1, 1), date(2030, 12, 31)), st.integers(1, 120))
def test_a_rolled_limit_ends_on_the_first_working_day_from_the_plain_one(start: date,
                                                                        n: int) -> None:
    due, moved = ProcedurePolicy().days_after(start, n)
    plain = start + timedelta(days=n)
    assert CAL.is_working_day(due)
    assert (moved is None) == (due == plain)
    assert all(not CAL.is_working_day(plain + timedelta(days=i))
               for i in range((due - plain).days))


def test_bad_counts_are_refused_not_looped() -> None:
    with pytest.raises(ValidationError) as err:
        CAL.add_working_days(date(2026, 1, 1), -1)
    assert err.value.codes == ("bad-count",)
    with pytest.raises(ValidationError) as err:
        CAL.add_working_days(date(2026, 1, 1), 10**9)
    assert err.value.codes == ("period-too-long",)
    with pytest.raises(ValidationError):
        WorkingCalendar(weekend=frozenset(range(7)))


def test_import_ocopkit_does_not_import_holidays() -> None:
    code = ("import sys, ocopkit, ocopkit.procedure, ocopkit.io, ocopkit.cli\n"
            "assert 'holidays' not in sys.modules, 'imported too early'\n"
            "from datetime import date\n"
            "ocopkit.procedure.WorkingCalendar().is_working_day(date(2027, 2, 8))\n"
            "assert 'holidays' in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)
