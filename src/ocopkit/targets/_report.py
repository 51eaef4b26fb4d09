"""The :class:`AttainmentReport` of a plan on a date and its views: a text table in
Vietnamese or English, HTML for notebooks, a pandas frame and matplotlib plots (pandas and
matplotlib are imported only by those views)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, Final

import attrs

from ocopkit.errors import Problem, ValidationError

from . import _views
from ._indicators import Indicator, NotMeasurableError, Number
from ._plans import Plan, Target, format_number
from ._results import AttainmentRow, Status, _Context, measure

__all__ = ["AttainmentReport"]

_ONE_DAY: Final = timedelta(days=1)
_COLUMNS: Final = ("", "Chỉ tiêu", "Mục tiêu", "Giá trị", "Tiến độ", "Tỷ lệ", "Trạng thái")
_COLUMNS_EN: Final = ("", "Target", "Goal", "Value", "Expected", "Ratio", "Status")


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
                v = measure(self._context, self.plan.area, target, indicator, first, end,
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
            ratio = "–" if r.ratio is None else format_number(r.ratio, "share")
            if r.ratio is not None and r.upper is not None and r.target.reference:
                high = Fraction(r.upper) / Fraction(r.target.reference)
                ratio = f"{ratio}–{format_number(high, 'share')}"
            rows.append((
                r.status.marker,
                r.target.label_en if en else r.target.label_vi,
                num(r.target.describe()),
                num(r.value_text()),
                "–" if r.expected is None else num(format_number(r.expected, r.target.unit)),
                num(ratio),
                _views.status_text(r, lang),
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

    def to_frame(self, *, exact: bool = False, lang: str = "vi") -> Any:
        """A :class:`pandas.DataFrame`, one row per target (needs the ``notebook`` extra).

        Numeric columns are ``float64`` (``exact=True`` adds ``<name>_exact`` columns of
        exact :class:`~fractions.Fraction` values), dates ``datetime64``; ``status`` is the
        stable code, ``status_label`` and ``label`` are in ``lang`` (``"vi"`` or
        ``"en"``); ``years_missed`` names the years a per-year target missed.
        """
        return _views.frame(self, exact=exact, lang=lang)

    def plot(self, ax: Any = None, *, target: str | None = None, freq: str = "quarter",
             lang: str = "vi") -> Any:
        """Draw progress against the targets over the plan period (needs the ``plot`` extra).

        Without ``target``: every measurable, period-long target as a
        percentage of its reference (``low``, or ``high``), with its linear-
        pace line (dashed) and the 100 % line; the band of a range target is
        shaded. With ``target``: that target in its own unit, with the pace
        line and the target band. The indicator is recomputed at quarter
        (``freq="year"``: year) ends; the x-axis spans the plan's period (the
        target's window). Title, axis and legend are all in ``lang`` (``"vi"`` or
        ``"en"``). When nothing is measurable the axes say so instead of showing an
        empty chart. Returns the matplotlib Axes.
        """
        return _views.plot(self, ax, target, freq, lang)


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
