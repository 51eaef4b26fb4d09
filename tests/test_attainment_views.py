"""The analyst's views of attainment (issue 17.4): typed frames, plots in one language over
the plan's period, "nothing measurable" instead of an empty chart, the years a per-year
target missed. pandas and matplotlib are optional extras: the tests skip without them."""

from __future__ import annotations

import warnings
from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from test_attainment import plan, portfolio, target

from ocopkit.errors import ValidationError
from ocopkit.samples import sample_plans, sample_portfolio
from ocopkit.targets import AttainmentReport, Status, attainment

D = date
NUMERIC = ("low", "high", "baseline", "value", "upper", "expected", "ratio", "percent")


@pytest.fixture(scope="module")
def report() -> AttainmentReport:
    # Bình Thuận 2021–2025 mid-way: counts, shares (Fractions), a per-year target
    return attainment(sample_plans()["vn-60-ocop-2021-2025"], sample_portfolio(),
                      D(2023, 12, 31))


@pytest.fixture(scope="module")
def nothing() -> AttainmentReport:
    # Quảng Ninh 2018–2020: both targets are not measurable from a portfolio
    report = attainment(sample_plans()["vn-22-ocop-2018-2020"], sample_portfolio(),
                        D(2020, 12, 31))
    assert {r.status for r in report} == {Status.NOT_MEASURABLE}
    return report


def _per_year() -> AttainmentReport:
    """The per-year case of ``test_per_year_targets``: 2022 has 1 new product for a goal
    of 2–3 a year, every other year 2–4."""
    t = target(low=2, high=3, per_year=True, indicator="new-products")
    items = [(D(2021, 5, 1), 3), (D(2021, 6, 1), 3), (D(2022, 5, 1), 3),
             *[(D(2023, 5, i), 3) for i in range(1, 5)],
             (D(2024, 5, 1), 3), (D(2024, 6, 1), 3), (D(2025, 5, 1), 3), (D(2025, 6, 1), 3)]
    return attainment(plan(t), portfolio(items), D(2026, 1, 1))


# ------------------------------------------------------------------ per-year targets


def test_a_per_year_target_names_the_years_it_missed() -> None:
    report = _per_year()
    row = report.rows[0]
    # the last year met (2 of 2–3: ratio 100 %), but 2022 missed: the row is missed
    assert row.status is Status.MISSED and row.ratio == 1
    assert row.years_missed == (2022,)
    assert "không đạt (năm không đạt: 2022)" in report.format("vi")
    assert "missed (years missed: 2022)" in report.format("en")
    assert "2022" in report._repr_html_()


def test_rows_without_years_name_none(report: AttainmentReport) -> None:
    assert all(r.years_missed == () for r in report if not r.target.per_year)


# ------------------------------------------------------------------ frame


def test_numeric_columns_are_floats_and_exact_ones_fractions(report: AttainmentReport) -> None:
    pd = pytest.importorskip("pandas")
    frame = report.to_frame(exact=True)
    for col in NUMERIC:
        assert frame[col].dtype == "float64", col
        exact = frame[f"{col}_exact"]
        assert exact.dtype == object
        assert all(v is None or type(v) is Fraction for v in exact), col  # never int + Fraction
        for f, x in zip(frame[col], exact, strict=True):
            assert (x is None and pd.isna(f)) or f == pytest.approx(float(x))
    share = report.row("cooperative-share")
    assert isinstance(share.value, Fraction) and share.value.denominator > 1
    assert frame.loc["cooperative-share", "value_exact"] == share.value
    assert frame.loc["cooperative-share", "ratio"] == pytest.approx(float(share.ratio or 0))
    # numbers compute: a mean over the column, no object arithmetic
    assert frame["percent"].mean() == pytest.approx(
        sum(float(r.ratio) * 100 for r in report if r.ratio is not None)
        / sum(1 for r in report if r.ratio is not None))


def test_without_exact_there_are_no_fraction_columns(report: AttainmentReport) -> None:
    pytest.importorskip("pandas")
    frame = report.to_frame()
    assert not [c for c in frame.columns if c.endswith("_exact")]
    assert all(frame[c].dtype == "float64" for c in NUMERIC)


def test_dates_are_datetime64(report: AttainmentReport) -> None:
    pd = pytest.importorskip("pandas")
    frame = report.to_frame()
    for col in ("start", "deadline", "measured_on"):
        assert str(frame[col].dtype).startswith("datetime64"), col
    assert frame.loc["new-products-3-star", "start"] == pd.Timestamp(2021, 1, 1)
    assert frame.loc["new-products-3-star", "measured_on"] == pd.Timestamp(2023, 12, 31)
    assert pd.isna(frame.loc["sale-points", "measured_on"])  # not measurable: NaT


def test_status_labels_follow_the_language(report: AttainmentReport) -> None:
    pytest.importorskip("pandas")
    vi, en = report.to_frame(), report.to_frame(lang="en")
    assert vi.loc["sale-points", "status"] == en.loc["sale-points", "status"] == "not-measurable"
    assert vi.loc["sale-points", "status_label"] == "không đo được từ danh mục"
    assert en.loc["sale-points", "status_label"] == "not measurable from the portfolio"
    row = report.row("new-products-3-star")
    assert vi.loc[row.target.id, "label"] == row.target.label_vi
    assert en.loc[row.target.id, "label"] == row.target.label_en
    with pytest.raises(ValidationError) as err:
        report.to_frame(lang="fr")
    assert err.value.codes == ("invalid-language",)


def test_the_frame_names_the_years_missed() -> None:
    pytest.importorskip("pandas")
    frame = _per_year().to_frame(lang="en")
    assert frame.loc["t", "years_missed"] == "2022"
    assert frame.loc["t", "status_label"] == "missed (years missed: 2022)"


def test_an_empty_plan_gives_an_empty_frame() -> None:
    pytest.importorskip("pandas")
    frame = attainment(plan(), portfolio([]), D(2023, 1, 1)).to_frame()
    assert len(frame) == 0 and frame.index.name == "target"


# ------------------------------------------------------------------ plot


@pytest.fixture
def plt() -> Any:
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def _texts(ax: Any) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_nothing_measurable_is_said_not_drawn(nothing: AttainmentReport, plt: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # before: "No artists with labels found" + empty axes
        ax = nothing.plot()
        en = nothing.plot(lang="en")
        one = nothing.plot(target="fair-booth-share", lang="en")
    assert not ax.get_lines() and not ax.axison
    assert _texts(ax) == ["Không có chỉ tiêu nào đo được từ dữ liệu"]
    assert _texts(en)[0].startswith("Nothing measurable")
    assert _texts(one)[0].startswith("Nothing measurable") and not one.get_lines()


def test_the_x_axis_is_the_plans_period(report: AttainmentReport, plt: Any) -> None:
    from matplotlib.dates import date2num

    p = report.plan
    ax = report.plot()
    assert ax.get_xlim() == (date2num(p.period_start), date2num(p.period_end))
    t = p.target("new-products-3-star")
    one = report.plot(target=t.id)
    assert one.get_xlim() == (date2num(p.start_of(t)), date2num(p.deadline_of(t)))
    # a report after the period keeps the period's axis (before: it ran to as_of)
    late = attainment(p, sample_portfolio(), D(2027, 6, 30)).plot()
    assert late.get_xlim() == (date2num(p.period_start), date2num(p.period_end))


def _words(ax: Any) -> list[str]:
    legend = ax.get_legend()
    return [ax.get_title(), ax.get_ylabel(),
            *([t.get_text() for t in legend.get_texts()] if legend else [])]


def test_one_language_per_plot(report: AttainmentReport, plt: Any) -> None:
    p = report.plan
    measurable = [r.target for r in report  # drawn as a % of a non-zero reference
                  if r.status is not Status.NOT_MEASURABLE and not r.target.per_year
                  and r.target.reference != 0]
    vi, en = report.plot(), report.plot(lang="en")
    title_vi, title_en = (" ".join(ax.get_title().split()) for ax in (vi, en))
    assert title_vi == f"{p.name_vi} (tính đến 31/12/2023)"
    assert title_en == f"{p.name_en} (as of 2023-12-31)"
    assert vi.get_ylabel() == "% chỉ tiêu" and en.get_ylabel() == "% of target"
    assert set(_words(vi)[2:]) == {t.label_vi for t in measurable}
    assert set(_words(en)[2:]) == {t.label_en for t in measurable}
    # one target in its own unit: before, an English unit under a Vietnamese title
    one_vi = report.plot(target="new-products-3-star")
    one_en = report.plot(target="new-products-3-star", lang="en")
    assert one_vi.get_ylabel() == "sản phẩm" and one_en.get_ylabel() == "products"
    assert "tiến độ tuyến tính" in _words(one_vi) and "linear pace" in _words(one_en)
    with pytest.raises(ValidationError):
        report.plot(lang="both")
