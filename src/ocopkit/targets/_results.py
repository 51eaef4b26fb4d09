"""What attainment produces: a :class:`Status` per target, :class:`YearResult` per
year of a per-year target, one :class:`AttainmentRow` per target — and the measuring
context the report keeps to recompute a series."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from typing import Final

import attrs

from ocopkit.certification import Portfolio
from ocopkit.places import CommuneRegistry, Province

from ._indicators import (
    EvaluationEvent,
    Indicator,
    IndicatorRegistry,
    IndicatorScope,
    IndicatorValue,
    Number,
)
from ._plans import Target, format_number

__all__ = ["AttainmentRow", "Status", "YearResult", "measure"]


class Status(enum.Enum):
    """Where a target stands on the report date (see the module docstring)."""

    MET = "met"
    ABOVE_RANGE = "above-range"
    ON_TRACK = "on-track"
    BEHIND = "behind"
    MISSED = "missed"
    NOT_STARTED = "not-started"
    NOT_MEASURABLE = "not-measurable"
    NO_DATA = "no-data"
    """The registry does not cover the period measured (see ``Portfolio.coverage``)."""
    UNDETERMINED = "undetermined"
    """The value is a range whose ends have different statuses."""

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
    Status.NO_DATA: ("∅", "không có dữ liệu", "no data"),
    Status.UNDETERMINED: ("?", "chưa xác định (khoảng)", "undetermined (range)"),
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
    upper: Number | None = None
    statuses: tuple[Status, ...] = ()
    """When the value is a range: the statuses at its lower and upper end."""


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
    :class:`~ocopkit.targets.IndicatorValue`.
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
    upper: Number | None = None
    statuses: tuple[Status, ...] = ()

    @property
    def target_id(self) -> str:
        """The target's id."""
        return self.target.id

    @property
    def years_missed(self) -> tuple[int, ...]:
        """The years of a per-year target that missed (``MISSED``), in order; ``()`` for
        other targets. A year whose value is a range missed only at one end is not
        listed (its status is ``UNDETERMINED``)."""
        return tuple(y.year for y in self.years if y.status is Status.MISSED)

    def value_text(self) -> str:
        """The value as shown in tables (``"79/108"`` when a denominator is known)."""
        if self.value is None:
            return "–"
        text = format_number(self.value, self.target.unit)
        if self.upper is not None:
            text = f"{text}–{format_number(self.upper, self.target.unit)}"
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


def measure(ctx: _Context, area: Province, target: Target, indicator: Indicator,
             start: date, end: date, on: date) -> IndicatorValue:
    scope = IndicatorScope(on, start, end, province=area, parameters=target.parameters,
                           communes=ctx.communes, evaluations=ctx.evaluations)
    return indicator.compute(ctx.portfolio, scope)
