"""The analyst's views of an :class:`~ocopkit.targets.AttainmentReport`: a pandas frame and
matplotlib plots, each in one language (pandas and matplotlib are imported here, only
when a view is asked for).

**Frame.** One row per target. Numeric columns (``low``, ``high``, ``baseline``,
``value``, ``upper``, ``expected``, ``ratio``, ``percent``) are ``float64`` (``NaN``
where there is no number), so that pandas can compute with them; ``exact=True`` adds, for
each, a column ``<name>_exact`` of exact :class:`~fractions.Fraction` values (``None``
where there is no number) — one type per column, never a mix of ``int`` and ``Fraction``.
Dates (``start``, ``deadline``, ``measured_on``) are ``datetime64`` (``NaT`` for none).
``status`` is the stable code (``"missed"``), ``status_label`` its label in ``lang``
(``"không đạt"`` / ``"missed"``); ``label`` is the target's label in ``lang``.
``years_missed`` names the years a per-year target missed (``"2022, 2024"``; empty
otherwise).

**Plot.** Everything the plot writes — title, axis label, legend — is in one language
(``lang``). The x-axis spans the plan's period (a single target: its own window). When
nothing can be drawn (no target measurable from the data), the axes say so in words
instead of showing an empty chart.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from ocopkit.errors import MissingDependencyError, Problem, ValidationError

from ._plans import Target, TargetKind
from ._results import AttainmentRow, Status

if TYPE_CHECKING:
    from ._report import AttainmentReport

__all__ = ["check_lang", "frame", "plot", "status_text"]

LANGS: Final = ("vi", "en")
NUMERIC: Final = ("low", "high", "baseline", "value", "upper", "expected", "ratio", "percent")
_DATES: Final = ("start", "deadline", "measured_on")

#: Vietnamese names of the units the built-in and seed plans use (others are shown as
#: written).
_UNITS_VI: Final = {
    "products": "sản phẩm", "subjects": "chủ thể", "communes": "xã", "share": "tỷ lệ",
    "centres": "trung tâm", "fairs": "hội chợ", "organisations": "tổ chức",
    "services": "dịch vụ", "visits": "lượt",
}
_TEXT: Final = {
    "vi": {"percent": "% chỉ tiêu", "pace": "tiến độ tuyến tính", "as_of": "tính đến",
           "nothing": "Không có chỉ tiêu nào đo được từ dữ liệu",
           "nothing_one": "Chỉ tiêu này không đo được từ dữ liệu",
           "missed": "năm không đạt"},
    "en": {"percent": "% of target", "pace": "linear pace", "as_of": "as of",
           "nothing": "Nothing measurable: no target can be measured from the data",
           "nothing_one": "Nothing measurable: this target cannot be measured from the data",
           "missed": "years missed"},
}


def check_lang(lang: str) -> str:
    """``lang`` if it is ``"vi"`` or ``"en"``, else a ``ValidationError``
    (``invalid-language``)."""
    if lang not in LANGS:
        raise ValidationError([Problem(
            "$.lang", "invalid-language", f"ngôn ngữ phải là 'vi' hoặc 'en', không phải {lang!r}",
            f"lang must be 'vi' or 'en', not {lang!r}", suggestion="vi")])
    return lang


def years_text(row: AttainmentRow, lang: str) -> str:
    """``"năm không đạt: 2022, 2024"`` / ``"years missed: 2022, 2024"``, or ``""``."""
    years = row.years_missed
    if not years:
        return ""
    return f"{_TEXT['en' if lang == 'en' else 'vi']['missed']}: {', '.join(map(str, years))}"


def status_text(row: AttainmentRow, lang: str) -> str:
    """The row's status label in ``lang``, naming the years a per-year target missed."""
    label = row.status.label_en if lang == "en" else row.status.label_vi
    years = years_text(row, lang)
    return f"{label} ({years})" if years else label


def unit_text(unit: str, lang: str) -> str:
    """A unit as an axis label in ``lang``."""
    return _UNITS_VI.get(unit, unit) if lang == "vi" else unit


# ------------------------------------------------------------------ frame


def _float(value: Any) -> float:
    return float("nan") if value is None else float(value)


def _exact(value: Any) -> Fraction | None:
    return None if value is None else Fraction(value)


def frame(report: AttainmentReport, *, exact: bool = False, lang: str = "vi") -> Any:
    """See :meth:`AttainmentReport.to_frame`."""
    check_lang(lang)
    try:
        import pandas as pd
    except ImportError:
        raise MissingDependencyError("pandas", "notebook") from None
    plan = report.plan
    records: list[dict[str, Any]] = []
    for r in report.rows:
        t = r.target
        numbers = {"low": t.low, "high": t.high, "baseline": r.baseline, "value": r.value,
                   "upper": r.upper, "expected": r.expected, "ratio": r.ratio,
                   "percent": None if r.ratio is None else r.ratio * 100}
        records.append({
            "target": t.id,
            "label": t.label_en if lang == "en" else t.label_vi,
            "label_vi": t.label_vi,
            "label_en": t.label_en,
            "indicator": t.indicator,
            "unit": t.unit,
            "kind": t.kind.value,
            "goal": t.describe(),
            "per_year": t.per_year,
            "start": plan.start_of(t),
            "deadline": plan.deadline_of(t),
            **numbers,
            "status": r.status.value,
            "status_label": status_text(r, lang),
            "marker": r.status.marker,
            "years_missed": ", ".join(map(str, r.years_missed)),
            "measured_on": r.measured_on,
            "records": len(r.records),
            "notes": "; ".join(r.notes),
            **({f"{k}_exact": _exact(v) for k, v in numbers.items()} if exact else {}),
        })
    keys = list(records[0]) if records else ["target"]
    columns: dict[str, Any] = {}
    for key in keys:
        values = [rec.get(key) for rec in records]
        if key in NUMERIC:
            columns[key] = pd.Series([_float(v) for v in values], dtype="float64")
        elif key in _DATES:
            columns[key] = pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
        elif key == "per_year":
            columns[key] = pd.Series(values, dtype=bool)
        elif key == "records":
            columns[key] = pd.Series(values, dtype="int64")
        else:  # text, and the exact Fractions
            columns[key] = pd.Series(values, dtype=object)
    return pd.DataFrame(columns).set_index("target")


# ------------------------------------------------------------------ plot


def plot(report: AttainmentReport, ax: Any, target: str | None, freq: str, lang: str) -> Any:
    """See :meth:`AttainmentReport.plot`."""
    check_lang(lang)
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingDependencyError("matplotlib", "plot") from None
    if target is not None:
        one = report.plan.target(target)  # unknown-target, with a suggestion
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 5))
    plan = report.plan
    text = _TEXT[lang]
    if target is not None:
        start, end = plan.start_of(one), plan.deadline_of(one)
        drawn = _plot_one(report, ax, one, freq, lang)
        empty = text["nothing_one"]
    else:
        start, end = plan.period_start, plan.period_end
        drawn = _plot_all(report, ax, freq, lang)
        empty = text["nothing"]
    name = plan.name_en if lang == "en" else plan.name_vi
    ax.set_title(f"{textwrap.fill(name, 70)}\n({text['as_of']} {_day(report.as_of, lang)})",
                 fontsize=9)
    if not drawn:
        ax.set_axis_off()
        ax.text(0.5, 0.5, textwrap.fill(empty, 64), ha="center", va="center",
                transform=ax.transAxes, fontsize=10)
        return ax
    if start <= report.as_of <= end:
        ax.axvline(report.as_of, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xlim(start, end)
    ax.legend(fontsize=7, loc="best")
    return ax


def _day(d: date, lang: str) -> str:
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def plottable(report: AttainmentReport) -> list[AttainmentRow]:
    """The rows ``plot()`` draws together: measurable, period-long, with a reference."""
    return [r for r in report.rows
            if r.status is not Status.NOT_MEASURABLE and not r.target.per_year
            and r.target.reference != 0 and report._indicator(r.target) is not None]


def _label(t: Target, lang: str) -> str:
    return t.label_en if lang == "en" else t.label_vi


def _points(report: AttainmentReport, t: Target, freq: str) -> Sequence[tuple[Any, Any]]:
    return [(d, v) for d, v in report.series(t.id, freq=freq) if v is not None]


def _plot_all(report: AttainmentReport, ax: Any, freq: str, lang: str) -> bool:
    drawn = False
    for r in plottable(report):
        t = r.target
        ref = Fraction(t.reference)
        points = _points(report, t, freq)
        if not points:
            continue
        drawn = True
        (line,) = ax.plot([d for d, _ in points], [float(v / ref * 100) for _, v in points],
                          marker="o", markersize=3, label=_label(t, lang))
        if t.kind is not TargetKind.MAXIMUM and r.baseline is not None:
            start, end = report.plan.start_of(t), report.plan.deadline_of(t)
            ax.plot([start, end], [float(Fraction(r.baseline) / ref * 100), 100.0],
                    linestyle="--", linewidth=0.8, color=line.get_color())
        if t.kind is TargetKind.RANGE and t.high is not None:
            ax.axhspan(100.0, float(Fraction(t.high) / ref * 100), alpha=0.08,
                       color=line.get_color())
    if drawn:
        ax.axhline(100.0, color="black", linewidth=0.8)
        ax.set_ylabel(_TEXT[lang]["percent"])
    return drawn


def _plot_one(report: AttainmentReport, ax: Any, t: Target, freq: str, lang: str) -> bool:
    r = report.row(t.id)
    if r.status is Status.NOT_MEASURABLE or report._indicator(t) is None:
        return False
    points = _points(report, t, freq)
    if not points:
        return False
    ax.plot([d for d, _ in points], [float(v) for _, v in points], marker="o",
            markersize=3, label=_label(t, lang))
    start, end = report.plan.start_of(t), report.plan.deadline_of(t)
    if t.kind is not TargetKind.MAXIMUM and not t.per_year and r.baseline is not None:
        assert t.low is not None
        ax.plot([start, end], [float(r.baseline), float(t.low)], linestyle="--",
                linewidth=0.8, label=_TEXT[lang]["pace"])
    low = float(t.low) if t.low is not None else 0.0
    high = float(t.high) if t.high is not None else None
    goal = t.describe()
    if lang == "en":
        goal = goal.replace(",", ".")
    if high is not None and high > low:
        ax.axhspan(low, high, alpha=0.12, label=goal)
    else:
        ax.axhline(high if t.low is None and high is not None else low, color="black",
                   linewidth=0.8, label=goal)
    ax.set_ylabel(unit_text(t.unit, lang))
    return True
