"""Attainment: how far a province plan has come, target by target, on a date.

:func:`attainment` measures every :class:`~ocopkit.targets.Target` of a
:class:`~ocopkit.targets.Plan` against a
:class:`~ocopkit.portfolio.Portfolio` and returns an :class:`AttainmentReport`
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
   be computed from the data (:class:`~ocopkit.indicators.NotMeasurableError`)
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

``ratio`` is ``value / low`` (``value / high`` for a maximum; ``None`` when
that is 0 or there is no value), an exact :class:`~fractions.Fraction`.

``report.to_frame()`` (pandas), ``report.plot()`` (matplotlib) and
``report._repr_html_()`` are optional views; importing this module never
imports pandas, numpy or matplotlib.
"""

from __future__ import annotations

import enum
import html
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs

from .errors import MissingDependencyError, Problem, ValidationError
from .indicators import (
    EvaluationEvent,
    Indicator,
    IndicatorRegistry,
    IndicatorScope,
    IndicatorValue,
    NotMeasurableError,
    Number,
    _sharing,
    builtin_indicators,
)
from .targets import Plan, Target, TargetKind, format_number
from .units import CommuneRegistry, Province

if TYPE_CHECKING:
    from .portfolio import Portfolio

__all__ = [
    "AttainmentReport",
    "AttainmentRow",
    "Status",
    "YearResult",
    "attainment",
]

_ONE_DAY: Final = timedelta(days=1)
_COLUMNS: Final = ("", "Chỉ tiêu", "Mục tiêu", "Giá trị", "Tiến độ", "Tỷ lệ", "Trạng thái")
_COLUMNS_EN: Final = ("", "Target", "Goal", "Value", "Expected", "Ratio", "Status")


class Status(enum.Enum):
    """Where a target stands on the report date (see the module docstring)."""

    MET = "met"
    ABOVE_RANGE = "above-range"
    ON_TRACK = "on-track"
    BEHIND = "behind"
    MISSED = "missed"
    NOT_STARTED = "not-started"
    NOT_MEASURABLE = "not-measurable"

    @property
    def marker(self) -> str:
        """One-character marker used in text tables (✓ … ✗)."""
        return _STATUS_TEXT[self][0]

    @property
    def label_vi(self) -> str:
        """Vietnamese label."""
        return _STATUS_TEXT[self][1]

    @property
    def label_en(self) -> str:
        """English label."""
        return _STATUS_TEXT[self][2]


_STATUS_TEXT: Final[dict[Status, tuple[str, str, str]]] = {
    Status.MET: ("✓", "đạt", "met"),
    Status.ABOVE_RANGE: ("↑", "vượt khoảng mục tiêu", "above range"),
    Status.ON_TRACK: ("…", "đúng tiến độ", "on track"),
    Status.BEHIND: ("!", "chậm tiến độ", "behind"),
    Status.MISSED: ("✗", "không đạt", "missed"),
    Status.NOT_STARTED: ("○", "chưa bắt đầu", "not started"),
    Status.NOT_MEASURABLE: ("–", "không đo được từ danh mục", "not measurable from the portfolio"),
}


@attrs.frozen
class YearResult:
    """One calendar year of a per-year target."""

    year: int
    start: date
    end: date
    status: Status
    value: Number | None = None
    expected: Number | None = None


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _years(value: Iterable[YearResult]) -> tuple[YearResult, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class AttainmentRow:
    """The attainment of one target on the report date.

    ``window`` is the period measured (for a per-year target, the current
    year); ``measured_on`` the day the value refers to
    (``min(as_of, deadline)``); ``records`` the ids (of kind
    ``record_kind``) behind ``value``; ``detail`` the raw
    :class:`~ocopkit.indicators.IndicatorValue`.
    """

    target: Target
    status: Status
    value: Number | None = None
    expected: Number | None = None
    baseline: Number | None = None
    ratio: Fraction | None = None
    window: tuple[date, date] | None = None
    measured_on: date | None = None
    records: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    record_kind: str | None = None
    years: tuple[YearResult, ...] = attrs.field(default=(), converter=_years)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    detail: IndicatorValue | None = None
    indicator: Indicator | None = None

    @property
    def target_id(self) -> str:
        """The target's id."""
        return self.target.id

    def value_text(self) -> str:
        """The value as shown in tables (``"79/108"`` when a denominator is known)."""
        if self.value is None:
            return "–"
        text = format_number(self.value, self.target.unit)
        if (self.detail is not None and self.detail.denominator is not None
                and self.target.unit == "communes"):
            text = f"{text}/{self.detail.denominator}"
        return text


@attrs.frozen
class _Context:
    portfolio: Portfolio
    indicators: IndicatorRegistry
    communes: CommuneRegistry | None
    evaluations: tuple[EvaluationEvent, ...]


def _rows(value: Iterable[AttainmentRow]) -> tuple[AttainmentRow, ...]:
    return tuple(value)


@attrs.frozen
class AttainmentReport:
    """The attainment of a plan on ``as_of``: one :class:`AttainmentRow` per target.

    ``str(report)`` is a plain-text table; :meth:`to_frame`, :meth:`plot`
    and ``_repr_html_`` are views for notebooks; :meth:`series` recomputes a
    target's indicator over time.
    """

    plan: Plan
    as_of: date
    rows: tuple[AttainmentRow, ...] = attrs.field(converter=_rows)
    _context: _Context = attrs.field(repr=False, eq=False, alias="context")

    def __iter__(self) -> Iterator[AttainmentRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, target_id: str) -> AttainmentRow:
        """The row of target ``target_id``."""
        for r in self.rows:
            if r.target.id == target_id:
                return r
        self.plan.target(target_id)  # raises unknown-target with a suggestion
        raise AssertionError("unreachable")  # pragma: no cover

    def counts(self) -> Mapping[Status, int]:
        """How many rows have each status (statuses with no row are omitted)."""
        out: dict[Status, int] = {}
        for r in self.rows:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    # ------------------------------------------------------------------ series

    def series(
        self, target_id: str, dates: Iterable[date] | None = None, *, freq: str = "quarter"
    ) -> tuple[tuple[date, Number | None], ...]:
        """The target's indicator at each date (quarter or year ends by default).

        Default dates run from the end of the first quarter (or year) of the
        target's window to ``min(as_of, deadline)``, which is included.
        Flow indicators count from the window's start (per-year targets:
        from 1 January of each date's year); ``None`` marks dates where the
        value cannot be computed.
        """
        target = self.plan.target(target_id)
        start, deadline = self.plan.start_of(target), self.plan.deadline_of(target)
        if dates is None:
            dates = _sample_dates(start, min(self.as_of, deadline), freq)
        indicator = self._indicator(target)
        out: list[tuple[date, Number | None]] = []
        for d in dates:
            if indicator is None or d < start:
                out.append((d, None))
                continue
            first = max(start, date(d.year, 1, 1)) if target.per_year else start
            end = min(deadline, date(d.year, 12, 31)) if target.per_year else deadline
            try:
                v = _measure(self._context, self.plan.area, target, indicator, first, end,
                             min(d, deadline)).value
            except NotMeasurableError:
                out.append((d, None))
            else:
                out.append((d, v))
        return tuple(out)

    def _indicator(self, target: Target) -> Indicator | None:
        if target.indicator is None or target.indicator not in self._context.indicators:
            return None
        return self._context.indicators.get(target.indicator)

    # ------------------------------------------------------------------ views

    def _header(self, lang: str = "vi") -> list[str]:
        plan = self.plan
        area = plan.area
        doc = f" ({plan.document})" if plan.document else ""
        if lang == "en":
            return [
                f"{plan.name_en}{doc}",
                f"{plan.id} · {area.name} ({area.id}) · period {plan.period_start} – "
                f"{plan.period_end} · as of {self.as_of}",
            ]
        return [
            f"{plan.name_vi}{doc}",
            f"{plan.id} · {area.name} ({area.id}) · giai đoạn {plan.period_start} – "
            f"{plan.period_end} · tính đến {self.as_of}",
        ]

    def _table(self, lang: str = "vi") -> list[tuple[str, ...]]:
        en = lang == "en"

        def num(text: str) -> str:  # Vietnamese decimal comma → English decimal point
            return text.replace(",", ".") if en else text

        rows: list[tuple[str, ...]] = []
        for r in self.rows:
            rows.append((
                r.status.marker,
                r.target.label_en if en else r.target.label_vi,
                num(r.target.describe()),
                num(r.value_text()),
                "–" if r.expected is None else num(format_number(r.expected, r.target.unit)),
                "–" if r.ratio is None else num(format_number(r.ratio, "share")),
                r.status.label_en if en else r.status.label_vi,
            ))
        return rows

    def format(self, lang: str = "vi") -> str:
        """The plain-text table, in Vietnamese (``"vi"``, also for ``"both"``) or English."""
        columns = _COLUMNS_EN if lang == "en" else _COLUMNS
        table = [columns, *self._table(lang)]
        widths = [max(len(row[i]) for row in table) for i in range(len(columns))]
        right = {3, 4, 5}
        lines = self._header(lang)
        for row in table:
            cells = [cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
                     for i, cell in enumerate(row)]
            lines.append("  ".join(cells).rstrip())
        notes = [f"  {r.target.id}: {note}" for r in self.rows for note in r.notes]
        if notes:
            lines.append("Notes:" if lang == "en" else "Ghi chú / notes:")
            lines.extend(notes)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format("vi")

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(f"<th>{esc(c)}</th>" for c in _COLUMNS)
        body = []
        for r, cells in zip(self.rows, self._table(), strict=True):
            title = esc("; ".join(r.notes), quote=True)
            tds = "".join(f"<td>{esc(c)}</td>" for c in cells)
            body.append(f'<tr title="{title}" data-status="{r.status.value}">{tds}</tr>')
        caption = "<br>".join(esc(line) for line in self._header())
        return (f'<table class="ocopkit-attainment"><caption>{caption}</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")

    def to_frame(self) -> Any:
        """A :class:`pandas.DataFrame`, one row per target (needs the ``notebook`` extra).

        Exact values stay exact (``int`` / ``Fraction`` in object columns);
        ``percent`` is a float for display.
        """
        try:
            import pandas as pd
        except ImportError:
            raise MissingDependencyError("pandas", "notebook") from None
        records = []
        for r in self.rows:
            t = r.target
            records.append({
                "target": t.id,
                "label_vi": t.label_vi,
                "label_en": t.label_en,
                "indicator": t.indicator,
                "unit": t.unit,
                "kind": t.kind.value,
                "goal": t.describe(),
                "low": t.low,
                "high": t.high,
                "per_year": t.per_year,
                "start": self.plan.start_of(t),
                "deadline": self.plan.deadline_of(t),
                "baseline": r.baseline,
                "value": r.value,
                "expected": r.expected,
                "ratio": r.ratio,
                "percent": None if r.ratio is None else float(r.ratio * 100),
                "status": r.status.value,
                "marker": r.status.marker,
                "measured_on": r.measured_on,
                "records": len(r.records),
                "notes": "; ".join(r.notes),
            })
        exact = ("low", "high", "baseline", "value", "expected", "ratio")
        columns = {key: pd.Series([r[key] for r in records],
                                  dtype=object if key in exact else None)
                   for key in (records[0] if records else {"target": None})}
        return pd.DataFrame(columns).set_index("target")

    def plot(self, ax: Any = None, *, target: str | None = None, freq: str = "quarter") -> Any:
        """Draw progress against the targets over the plan period (needs the ``plot`` extra).

        Without ``target``: every measurable, period-long target as a
        percentage of its reference (``low``, or ``high``), with its linear-
        pace line (dashed) and the 100 % line; the band of a range target is
        shaded. With ``target``: that target in its own unit, with the pace
        line and the target band. The indicator is recomputed at quarter
        (``freq="year"``: year) ends. Returns the matplotlib Axes.
        """
        try:
            import matplotlib.pyplot as plt
        except ImportError:
            raise MissingDependencyError("matplotlib", "plot") from None
        if ax is None:
            _, ax = plt.subplots(figsize=(9, 5))
        if target is not None:
            self._plot_one(ax, self.plan.target(target), freq)
        else:
            self._plot_all(ax, freq)
        ax.axvline(self.as_of, color="grey", linewidth=0.8, linestyle=":")
        title = textwrap.fill(self.plan.name_vi, 70)
        ax.set_title(f"{title}\n(tính đến {self.as_of})", fontsize=9)
        return ax

    def _plottable(self) -> list[AttainmentRow]:
        return [r for r in self.rows
                if r.status not in (Status.NOT_MEASURABLE,) and not r.target.per_year
                and r.target.reference != 0 and self._indicator(r.target) is not None]

    def _plot_all(self, ax: Any, freq: str) -> None:
        for r in self._plottable():
            t = r.target
            ref = Fraction(t.reference)
            points = [(d, v) for d, v in self.series(t.id, freq=freq) if v is not None]
            if not points:
                continue
            (line,) = ax.plot([d for d, _ in points], [float(v / ref * 100) for _, v in points],
                              marker="o", markersize=3, label=t.label_vi)
            if t.kind is not TargetKind.MAXIMUM and r.baseline is not None:
                start, end = self.plan.start_of(t), self.plan.deadline_of(t)
                ax.plot([start, end], [float(Fraction(r.baseline) / ref * 100), 100.0],
                        linestyle="--", linewidth=0.8, color=line.get_color())
            if t.kind is TargetKind.RANGE and t.high is not None:
                ax.axhspan(100.0, float(Fraction(t.high) / ref * 100), alpha=0.08,
                           color=line.get_color())
        ax.axhline(100.0, color="black", linewidth=0.8)
        ax.set_ylabel("% chỉ tiêu")
        ax.legend(fontsize=7, loc="best")

    def _plot_one(self, ax: Any, t: Target, freq: str) -> None:
        r = self.row(t.id)
        points = [(d, v) for d, v in self.series(t.id, freq=freq) if v is not None]
        ax.plot([d for d, _ in points], [float(v) for _, v in points], marker="o",
                markersize=3, label=t.label_vi)
        start, end = self.plan.start_of(t), self.plan.deadline_of(t)
        if t.kind is not TargetKind.MAXIMUM and not t.per_year and r.baseline is not None:
            assert t.low is not None
            ax.plot([start, end], [float(r.baseline), float(t.low)], linestyle="--",
                    linewidth=0.8, label="tiến độ tuyến tính")
        low = float(t.low) if t.low is not None else 0.0
        high = float(t.high) if t.high is not None else None
        if high is not None and high > low:
            ax.axhspan(low, high, alpha=0.12, label=t.describe())
        else:
            ax.axhline(high if t.low is None and high is not None else low, color="black",
                       linewidth=0.8, label=t.describe())
        ax.set_ylabel(t.unit)
        ax.legend(fontsize=7, loc="best")


# --------------------------------------------------------------------------- computation


def _sample_dates(start: date, end: date, freq: str) -> list[date]:
    if freq not in ("quarter", "year"):
        raise ValidationError([Problem("$.freq", "invalid-frequency",
                                       f"tần suất không hợp lệ: {freq!r}",
                                       f"freq must be 'quarter' or 'year', not {freq!r}")])
    months = (3, 6, 9, 12) if freq == "quarter" else (12,)
    out: list[date] = []
    for year in range(start.year, end.year + 1):
        for m in months:
            d = (date(year, m + 1, 1) - _ONE_DAY) if m < 12 else date(year, 12, 31)
            if start <= d < end:
                out.append(d)
    if end >= start:
        out.append(end)
    return out


def _measure(ctx: _Context, area: Province, target: Target, indicator: Indicator,
             start: date, end: date, on: date) -> IndicatorValue:
    scope = IndicatorScope(on, start, end, province=area, parameters=target.parameters,
                           communes=ctx.communes, evaluations=ctx.evaluations)
    return indicator.compute(ctx.portfolio, scope)


@attrs.frozen
class _Outcome:
    status: Status
    value: Number | None = None
    expected: Number | None = None
    baseline: Number | None = None
    detail: IndicatorValue | None = None
    measured_on: date | None = None


def _window(ctx: _Context, area: Province, target: Target, indicator: Indicator,
            start: date, end: date, as_of: date, baseline: Number | None) -> _Outcome:
    """Rules 2–5 of the module docstring for one window."""
    if as_of < start:
        return _Outcome(Status.NOT_STARTED)
    on = min(as_of, end)
    detail = _measure(ctx, area, target, indicator, start, end, on)
    v = detail.value
    final = as_of >= end
    if baseline is None:
        if indicator.flow:
            baseline = 0
        else:
            try:
                baseline = _measure(ctx, area, target, indicator, start, end,
                                    start - _ONE_DAY).value
            except NotMeasurableError:
                baseline = 0
    expected: Number | None = None
    if target.kind is not TargetKind.MAXIMUM:
        assert target.low is not None
        elapsed = Fraction((on - start).days + 1, (end - start).days + 1)
        expected = _exact(baseline + (target.low - baseline) * elapsed)
    if target.is_above(v):
        status = Status.ABOVE_RANGE
    elif target.is_met(v):
        status = Status.MET if final or target.kind is not TargetKind.MAXIMUM else Status.ON_TRACK
    elif final:
        status = Status.MISSED
    elif expected is not None and v >= expected:
        status = Status.ON_TRACK
    else:
        status = Status.BEHIND
    return _Outcome(status, v, expected, baseline, detail, on)


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
        results.append(YearResult(year, first, last, out.status, out.value, out.expected))
        current = out
    started = [y for y in results if y.status is not Status.NOT_STARTED]
    if not started:
        return current, results
    if as_of >= deadline:
        statuses = {y.status for y in started}
        status = (Status.MISSED if Status.MISSED in statuses
                  else Status.ABOVE_RANGE if Status.ABOVE_RANGE in statuses else Status.MET)
    elif any(y.status is Status.MISSED for y in started[:-1]):
        status = Status.BEHIND
    else:
        status = current.status
    return attrs.evolve(current, status=status), results


def _row(ctx: _Context, plan: Plan, target: Target, as_of: date) -> AttainmentRow:
    start, deadline = plan.start_of(target), plan.deadline_of(target)
    if target.indicator is None:
        return AttainmentRow(target=target, status=Status.NOT_MEASURABLE,
                             window=(start, deadline),
                             notes=(target.note,) if target.note else ())
    if target.indicator not in ctx.indicators:
        return AttainmentRow(target=target, status=Status.NOT_MEASURABLE,
                             window=(start, deadline),
                             notes=(f"indicator {target.indicator!r} is not registered "
                                    "(is its plug-in installed?)",))
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
                             window=(start, deadline), notes=(exc.message_en,))
    detail = out.detail
    notes = list(detail.notes) if detail is not None else []
    if target.note:
        notes.append(target.note)
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

    ``indicators`` defaults to :func:`~ocopkit.indicators.builtin_indicators`
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
    with _sharing():  # indicators counting the same products on a day share the work
        rows = [_row(ctx, plan, t, as_of) for t in plan.targets]
    return AttainmentReport(plan, as_of, rows, context=ctx)
