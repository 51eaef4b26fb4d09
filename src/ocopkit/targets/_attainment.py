"""Attainment: how far a province plan has come, target by target, on a date.

:func:`attainment` measures every :class:`~ocopkit.targets.Target` of a
:class:`~ocopkit.targets.Plan` against a
:class:`~ocopkit.certification.Portfolio` and returns an :class:`AttainmentReport`
with one :class:`AttainmentRow` per target: the value, the expected value
on a linear pace, the exact ratio, a :class:`Status` and the ids of the
records behind the number.

>>> from datetime import date
>>> from ocopkit.samples import sample_plans, sample_portfolio
>>> plan = sample_plans()["vn-06-ocop-2021-2025"]
>>> row = attainment(plan, sample_portfolio(), date(2023, 12, 31)).row("products-3-star")
>>> row.value, row.ratio, row.status.value
(218, Fraction(109, 100), 'met')

**Status rule** (``w`` = the target's window ``[start, deadline]``, from
the plan's period unless the target narrows it):

1. No indicator, an indicator that is not registered, or one that cannot
   be computed from the data (:class:`~ocopkit.targets.NotMeasurableError`)
   → ``NOT_MEASURABLE`` (never 0 %).
2. ``as_of`` before the start → ``NOT_STARTED`` (no value).
3. Otherwise the indicator is computed on ``min(as_of, deadline)`` (flows
   over ``[start, min(as_of, deadline)]``). A value above the upper bound
   of a range or exact target is ``ABOVE_RANGE`` (neither met nor
   missed: the plan aimed *within* the range). A value within the bounds is
   ``MET`` (also before the deadline: "đạt 109% mục tiêu"; a
   stock indicator may fall back later).
4. On or after the deadline, a value that does not meet the target →
   ``MISSED``.
5. Before the deadline, **linear pace**::

       elapsed  = (days from start to as_of, inclusive) / (days in the window)
       expected = baseline + (low − baseline) × elapsed

   ``value ≥ expected`` → ``ON_TRACK``, else
   ``BEHIND``. The baseline is the target's ``baseline`` when
   given, 0 for flow indicators, else the indicator on the day before the
   start. A maximum has no pace: within the ceiling → ON_TRACK, above it
   → BEHIND (MET / MISSED once the deadline is reached).
6. **Per-year** targets apply rules 2–5 to each calendar year of the window.
   The row shows the current year (the last one after the deadline). After
   the deadline the row is MISSED if any year missed, else ABOVE_RANGE if
   any year was above range, else MET. Before it, a missed past year makes
   the row BEHIND; otherwise the row takes the current year's status.

7. **Coverage.** When the portfolio knows the period its records cover
   (:attr:`Portfolio.coverage <ocopkit.certification.Portfolio.coverage>`), a window
   (for a stock indicator: the day measured) outside it is ``NO_DATA``, with a note
   naming the uncovered days — never ``MISSED``; so is a pace that needs a baseline
   the records do not cover.
8. **Ranges.** When the value is a range (records whose status on the day is
   uncertain; :class:`~ocopkit.targets.IndicatorValue`), the status is computed at
   its worst end (lowest value, highest baseline) and at its best end; the row has
   that status when both agree, else ``UNDETERMINED`` (``row.statuses`` gives both).
   The status regions are intervals of the value, so agreement at the ends means
   agreement for every value between them.

``ratio`` is ``value / low`` (``value / high`` for a maximum; ``None`` when
that is 0 or there is no value), an exact :class:`~fractions.Fraction`.

``report.to_frame()`` (pandas), ``report.plot()`` (matplotlib) and
``report._repr_html_()`` are optional views; importing this module never
imports pandas, numpy or matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from fractions import Fraction
from typing import Final

import attrs

from ocopkit.certification import Portfolio
from ocopkit.places import CommuneRegistry, Province
from ocopkit.text import Bilingual, day, period

from ._builtin import builtin_indicators
from ._counting import sharing
from ._indicators import (
    EvaluationEvent,
    Indicator,
    IndicatorRegistry,
    IndicatorValue,
    NotMeasurableError,
    Number,
)
from ._plans import Plan, Target, TargetKind
from ._report import AttainmentReport
from ._results import AttainmentRow, Status, YearResult, _Context, measure

__all__ = ["attainment"]

_ONE_DAY: Final = timedelta(days=1)


@attrs.frozen
class _Outcome:
    status: Status
    value: Number | None = None
    expected: Number | None = None
    baseline: Number | None = None
    detail: IndicatorValue | None = None
    measured_on: date | None = None
    upper: Number | None = None
    statuses: tuple[Status, ...] = ()
    notes: tuple[str, ...] = ()


def _no_data(ctx: _Context, first: date, last: date) -> str | None:
    """The note for the part of ``[first, last]`` the portfolio does not cover, if any."""
    coverage = ctx.portfolio.coverage
    if coverage is None:
        return None
    gaps = coverage.gaps(first, last)
    if not gaps:
        return None
    spans_en = ", ".join(period(a, b, "en") for a, b in gaps)
    spans_vi = ", ".join(period(a, b, "vi") for a, b in gaps)
    how = ("inferred from the records", "suy ra từ các bản ghi") if coverage.inferred else (
        "stated", "theo khai báo")
    return Bilingual(
        f"no data for {spans_en} (the registry covers {coverage.describe()}, {how[0]})",
        f"không có dữ liệu cho {spans_vi} (danh mục bao quát {coverage.describe('vi')}, "
        f"{how[1]})")


def _expected(target: Target, baseline: Number, start: date, end: date, on: date
              ) -> Number | None:
    if target.kind is TargetKind.MAXIMUM:
        return None
    assert target.low is not None
    elapsed = Fraction((on - start).days + 1, (end - start).days + 1)
    return _exact(baseline + (target.low - baseline) * elapsed)


def _status(target: Target, v: Number, expected: Number | None, final: bool,
            baseline_known: bool) -> Status:
    """Rules 3–5 for one value (``expected`` from the baseline)."""
    if target.is_above(v):
        return Status.ABOVE_RANGE
    if target.is_met(v):
        return Status.MET if final or target.kind is not TargetKind.MAXIMUM else Status.ON_TRACK
    if final:
        return Status.MISSED
    if not baseline_known and target.kind is not TargetKind.MAXIMUM:
        return Status.NO_DATA
    if expected is not None and v >= expected:
        return Status.ON_TRACK
    return Status.BEHIND


def _window(ctx: _Context, area: Province, target: Target, indicator: Indicator,
            start: date, end: date, as_of: date, baseline: Number | None) -> _Outcome:
    """Rules 2–5 of the module docstring for one window, with ranges and coverage."""
    if as_of < start:
        return _Outcome(Status.NOT_STARTED)
    on = min(as_of, end)
    gap = _no_data(ctx, start if indicator.flow else on, on)
    if gap is not None:
        return _Outcome(Status.NO_DATA, measured_on=on, notes=(gap,))
    detail = measure(ctx, area, target, indicator, start, end, on)
    low, high = detail.bounds
    final = as_of >= end
    base_low: Number = 0
    base_high: Number = 0
    baseline_known = True
    if baseline is not None:
        base_low = base_high = baseline
    elif not indicator.flow:
        if _no_data(ctx, start - _ONE_DAY, start - _ONE_DAY) is not None:
            baseline_known = False
        else:
            try:
                base_low, base_high = measure(ctx, area, target, indicator, start, end,
                                              start - _ONE_DAY).bounds
            except NotMeasurableError:
                base_low = base_high = 0
    # the worst end (lowest value, highest baseline) and the best end
    worst = _status(target, low, _expected(target, base_high, start, end, on), final,
                    baseline_known)
    best = _status(target, high, _expected(target, base_low, start, end, on), final,
                   baseline_known)
    notes: tuple[str, ...] = ()
    if not baseline_known:
        before = start - _ONE_DAY
        notes = (Bilingual(f"no data for the baseline on {day(before, 'en')}: the pace "
                           "cannot be judged",
                           f"không có dữ liệu cho mốc ban đầu ngày {day(before, 'vi')}: "
                           "không đánh giá được tiến độ"),)
    status = worst if worst is best else Status.UNDETERMINED
    statuses = () if worst is best else (worst, best)
    return _Outcome(status, low, _expected(target, base_low, start, end, on),
                    base_low if baseline_known else None, detail, on,
                    None if detail.exact else high, statuses, notes)


def _exact(value: Number) -> Number:
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    return value


def _ratio(target: Target, value: Number | None) -> Fraction | None:
    if value is None or target.reference == 0:
        return None
    return Fraction(value) / Fraction(target.reference)


def _per_year(ctx: _Context, area: Province, target: Target, indicator: Indicator,
              start: date, deadline: date, as_of: date) -> tuple[_Outcome, list[YearResult]]:
    results: list[YearResult] = []
    current = _Outcome(Status.NOT_STARTED)
    for year in range(start.year, deadline.year + 1):
        first, last = max(start, date(year, 1, 1)), min(deadline, date(year, 12, 31))
        if as_of < first:
            results.append(YearResult(year, first, last, Status.NOT_STARTED))
            continue
        out = _window(ctx, area, target, indicator, first, last, as_of, None)
        results.append(YearResult(year, first, last, out.status, out.value, out.expected,
                                  out.upper, out.statuses))
        current = out
    started = [y for y in results if y.status is not Status.NOT_STARTED]
    if not started:
        return current, results
    # the row's status at each end of the years' ranges; undetermined when they differ
    ends = [_combine([_end(y, k) for y in started], as_of >= deadline, current, k)
            for k in (0, 1)]
    status = ends[0] if ends[0] is ends[1] else Status.UNDETERMINED
    return attrs.evolve(current, status=status,
                        statuses=() if ends[0] is ends[1] else tuple(ends)), results


def _end(y: YearResult, k: int) -> Status:
    return y.statuses[k] if y.statuses else y.status


def _combine(statuses: list[Status], final: bool, current: _Outcome, k: int) -> Status:
    """Rule 6 over the years' statuses at one end of their ranges."""
    if final:
        found = set(statuses)
        if Status.MISSED in found:
            return Status.MISSED
        if Status.NO_DATA in found:
            return Status.NO_DATA
        return Status.ABOVE_RANGE if Status.ABOVE_RANGE in found else Status.MET
    if any(s is Status.MISSED for s in statuses[:-1]):
        return Status.BEHIND
    return current.statuses[k] if current.statuses else current.status


def _target_note(target: Target) -> tuple[str, ...]:
    """The target's note, with its Vietnamese when the plan gives it."""
    if not target.note:
        return ()
    return (Bilingual(target.note, target.note_vi) if target.note_vi else target.note,)


def _row(ctx: _Context, plan: Plan, target: Target, as_of: date) -> AttainmentRow:
    start, deadline = plan.start_of(target), plan.deadline_of(target)
    if target.indicator is None:
        return AttainmentRow(target=target, status=Status.NOT_MEASURABLE,
                             window=(start, deadline), notes=_target_note(target))
    if target.indicator not in ctx.indicators:
        return AttainmentRow(target=target, status=Status.NOT_MEASURABLE,
                             window=(start, deadline),
                             notes=(Bilingual(f"indicator {target.indicator!r} is not "
                                              "registered (is its plug-in installed?)",
                                              f"chỉ số {target.indicator!r} chưa được đăng "
                                              "ký (plug-in của nó đã được cài chưa?)"),))
    indicator = ctx.indicators.get(target.indicator)
    area = plan.area
    years: list[YearResult] = []
    try:
        if target.per_year:
            out, years = _per_year(ctx, area, target, indicator, start, deadline, as_of)
            window = next(((y.start, y.end) for y in reversed(years)
                           if y.status is not Status.NOT_STARTED), (start, deadline))
        else:
            out = _window(ctx, area, target, indicator, start, deadline, as_of, target.baseline)
            window = (start, deadline)
    except NotMeasurableError as exc:
        return AttainmentRow(target=target, status=Status.NOT_MEASURABLE, indicator=indicator,
                             window=(start, deadline),
                             notes=(Bilingual(exc.message_en, exc.message_vi),))
    detail = out.detail
    notes = list(detail.notes) if detail is not None else []
    notes.extend(out.notes)
    notes.extend(_target_note(target))
    return AttainmentRow(
        target=target,
        status=out.status,
        value=out.value,
        expected=out.expected,
        baseline=out.baseline,
        ratio=_ratio(target, out.value),
        window=window,
        measured_on=out.measured_on,
        records=detail.records if detail is not None else (),
        record_kind=detail.record_kind if detail is not None else None,
        years=years,
        notes=notes,
        detail=detail,
        indicator=indicator,
        upper=out.upper,
        statuses=out.statuses,
    )


def attainment(
    plan: Plan,
    portfolio: Portfolio,
    as_of: date,
    indicators: IndicatorRegistry | Iterable[Indicator] | None = None,
    *,
    communes: CommuneRegistry | None = None,
    evaluations: Iterable[EvaluationEvent] = (),
) -> AttainmentReport:
    """Measure every target of ``plan`` against ``portfolio`` on ``as_of``.

    ``indicators`` defaults to :func:`~ocopkit.targets.builtin_indicators`
    (pass a registry extended with plug-in indicators to measure their
    targets). ``communes`` overrides the portfolio's commune registry (for
    lineage and commune counts); ``evaluations`` feed
    ``products-evaluated``.
    """
    if indicators is None:
        registry = builtin_indicators()
    elif isinstance(indicators, IndicatorRegistry):
        registry = indicators
    else:
        registry = IndicatorRegistry(indicators)
    ctx = _Context(portfolio, registry, communes, tuple(evaluations))
    with sharing():  # indicators counting the same products on a day share the work
        rows = [_row(ctx, plan, t, as_of) for t in plan.targets]
    return AttainmentReport(plan, as_of, rows, context=ctx)
