"""Attainment: pace and status rules, lineage, views (text, HTML, pandas, matplotlib)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopkit.certification import DEFAULT_POLICY, Certificate, Portfolio
from ocopkit.errors import MissingDependencyError, ValidationError
from ocopkit.products import Product, Subject
from ocopkit.rulesets import PROVINCE, Citation
from ocopkit.samples import sample_plans, sample_portfolio
from ocopkit.targets import (
    AttainmentReport,
    AttainmentRow,
    Indicator,
    IndicatorValue,
    NotMeasurableError,
    Plan,
    Status,
    Target,
    attainment,
    builtin_indicators,
    quoted,
)

D = date
START, END = D(2021, 1, 1), D(2025, 12, 31)
SUBJECTS = [Subject("s1", "HTX Mẫu", "cooperative", "06@63", in_value_chain=True)]
C = quoted("Nguồn mẫu", "câu trích dẫn")


def cert(pid: str, issued: date, stars: int = 3) -> Certificate:
    return Certificate(
        number=f"C-{pid}", product_id=pid, stars=stars, decision_number="1/QĐ",
        decision_date=issued, authority=PROVINCE, ruleset_id="vn-qd-148-2023",
        issued_on=issued, valid_until=DEFAULT_POLICY.valid_until(issued),
    )


def portfolio(items: Sequence[tuple[date, int]], province_id: str = "06@63") -> Portfolio:
    products = [Product(f"p{i}", f"Sản phẩm mẫu {i}", 6, "s1", province_id)
                for i in range(len(items))]
    certs = [cert(f"p{i}", d, s) for i, (d, s) in enumerate(items)]
    return Portfolio.build(products, SUBJECTS, certs)


def target(**kw: object) -> Target:
    base: dict[str, object] = {"id": "t", "label_vi": "Chỉ tiêu mẫu", "label_en": "Sample",
                               "unit": "products", "citation": C,
                               "indicator": "new-products"}
    base.update(kw)
    return Target(**base)  # type: ignore[arg-type]


def plan(*targets: Target, start: date = START, end: date = END) -> Plan:
    return Plan(id="vn-06-test", province="Bắc Kạn", name_vi="Kế hoạch mẫu",
                name_en="Sample plan", period_start=start, period_end=end,
                targets=targets, source=Citation("Nguồn mẫu"))


def row_of(t: Target, pf: Portfolio, on: date, **kw: Any) -> AttainmentRow:
    return attainment(plan(t), pf, on, **kw).rows[0]


# --------------------------------------------------------------------------- Bắc Kạn


def test_backan_end_2023_is_109_percent() -> None:
    report = attainment(sample_plans()["vn-06-ocop-2021-2025"], sample_portfolio(),
                        D(2023, 12, 31))
    row = report.row("products-3-star")
    assert (row.value, row.ratio, row.status) == (218, Fraction(109, 100), Status.MET)
    assert len(row.records) == 218 and row.record_kind == "product"
    five = report.row("five-star")
    assert (five.value, five.status) == (1, Status.BEHIND)
    assert five.ratio == Fraction(1, 2)


def test_pre_2025_plan_counts_products_in_merged_communes() -> None:
    """Bắc Kạn's plan, measured in 2026 against products recorded under Thái Nguyên."""
    pf = sample_portfolio()
    bk = sample_plans()["vn-06-ocop-2021-2025"]
    merged = {p.id for p in pf.products if p.province_id == "19@34" and p.id.startswith("BK-")}
    outside = {p.id for p in pf.products if p.id.startswith("TN-")}
    report = attainment(bk, pf, D(2026, 3, 1))
    five = report.row("five-star")
    assert (five.value, five.status) == (2, Status.MET)
    assert set(five.records) & merged
    counted = set(report.row("products-3-star").records)
    assert counted >= {p for p in merged if pf.history(p)[0].issued_on <= END}
    assert not counted & outside
    without_registry = Portfolio(pf.products, pf.subjects, pf.certificates)
    bare = attainment(bk, without_registry, D(2026, 3, 1))
    assert (bare.row("five-star").value, bare.row("five-star").status) == (1, Status.MISSED)
    assert not set(bare.row("products-3-star").records) & merged
    passed = attainment(bk, without_registry, D(2026, 3, 1), communes=pf.communes)
    assert passed.row("five-star").value == 2


# --------------------------------------------------------------------------- pace


def test_linear_pace_is_exact() -> None:
    t = target(low=100, indicator="new-products")
    pf = portfolio([(D(2021, 3, 1) + timedelta(i), 3) for i in range(20)])
    row = row_of(t, pf, D(2021, 12, 31))
    days = (END - START).days + 1
    assert row.expected == Fraction(100 * 365, days)
    assert row.status is Status.ON_TRACK
    assert row.baseline == 0
    behind = row_of(t, pf, D(2022, 12, 31))
    assert behind.status is Status.BEHIND
    missed = row_of(t, pf, D(2026, 1, 1))
    assert (missed.status, missed.measured_on) == (Status.MISSED, END)


def test_stock_baseline_is_the_value_before_the_start() -> None:
    t = target(low=30, indicator="products-recognised")
    pf = portfolio([(D(2020, 5, 1) + timedelta(i), 3) for i in range(10)])
    row = row_of(t, pf, D(2021, 12, 31))
    assert row.baseline == 10
    days = (END - START).days + 1
    assert row.expected == 10 + Fraction(20 * 365, days)
    assert row.status is Status.BEHIND
    given_baseline = row_of(target(low=30, indicator="products-recognised", baseline=0), pf,
                            D(2021, 12, 31))
    assert given_baseline.baseline == 0


def test_maximum_targets() -> None:
    t = target(high=0, indicator="lapsed-without-reevaluation", low=None)
    pf = portfolio([(D(2019, 6, 1), 3)])
    ok = row_of(t, pf, D(2022, 6, 1))
    assert (ok.status, ok.ratio, ok.expected) == (Status.ON_TRACK, None, None)
    late = row_of(t, pf, D(2022, 6, 2))
    assert late.status is Status.BEHIND
    assert row_of(t, pf, D(2026, 6, 1)).status is Status.MISSED
    assert row_of(t, portfolio([]), D(2026, 6, 1)).status is Status.MET
    capped = row_of(target(high=4, low=None, indicator="products-recognised"), pf,
                    D(2022, 6, 2))
    assert capped.ratio == Fraction(1, 4)


def test_per_year_targets() -> None:
    t = target(low=2, high=3, per_year=True, indicator="new-products")
    items = [(D(2021, 5, 1), 3), (D(2021, 6, 1), 3),            # 2021: 2 → met
             (D(2022, 5, 1), 3),                                 # 2022: 1 → missed
             *[(D(2023, 5, i), 3) for i in range(1, 5)],          # 2023: 4 → above
             (D(2024, 5, 1), 3), (D(2024, 6, 1), 3),
             (D(2025, 5, 1), 3), (D(2025, 6, 1), 3)]
    pf = portfolio(items)
    r2021 = row_of(t, pf, D(2021, 12, 31))
    assert (r2021.status, r2021.value, r2021.window) == (
        Status.MET, 2, (D(2021, 1, 1), D(2021, 12, 31)))
    r2022 = row_of(t, pf, D(2022, 3, 31))
    assert r2022.status is Status.BEHIND
    r2023 = row_of(t, pf, D(2023, 3, 31))
    assert r2023.status is Status.BEHIND  # a past year was missed
    years = r2023.years
    assert [y.status for y in years] == [Status.MET, Status.MISSED, Status.BEHIND,
                                         Status.NOT_STARTED, Status.NOT_STARTED]
    final = row_of(t, pf, D(2026, 1, 1))
    assert final.status is Status.MISSED
    assert [y.value for y in final.years] == [2, 1, 4, 2, 2]
    clean = portfolio([i for i in items if i[0].year != 2022] + [(D(2022, 5, 1), 3),
                                                                 (D(2022, 6, 1), 3)])
    assert row_of(t, clean, D(2026, 1, 1)).status is Status.ABOVE_RANGE
    assert row_of(t, clean, D(2020, 1, 1)).status is Status.NOT_STARTED


def test_not_measurable_rows() -> None:
    pf = portfolio([(D(2022, 1, 1), 3)])
    none = row_of(target(low=4, indicator=None, note="sale points"), pf, D(2023, 1, 1))
    assert (none.status, none.value, none.ratio) == (Status.NOT_MEASURABLE, None, None)
    assert none.notes == ("sale points",)
    unknown = row_of(target(low=4, indicator="plugin.points"), pf, D(2023, 1, 1))
    assert unknown.status is Status.NOT_MEASURABLE
    assert "not registered" in unknown.notes[0]
    per_commune = row_of(target(low=2, indicator="products-per-commune"), pf, D(2023, 1, 1))
    assert per_commune.status is Status.NOT_MEASURABLE

    def points(_: Portfolio, __: object) -> IndicatorValue:
        raise NotMeasurableError("no data", "không có dữ liệu")

    extra = Indicator(id="plugin.points", name_vi="Điểm bán", name_en="Points",
                      unit="sale points", compute=points)
    plugged = row_of(target(low=4, indicator="plugin.points"), pf, D(2023, 1, 1),
                     indicators=[*builtin_indicators(), extra])
    assert (plugged.status, plugged.notes) == (Status.NOT_MEASURABLE, ("no data",))


# --------------------------------------------------------------------------- properties

days = st.integers(min_value=0, max_value=(D(2026, 6, 30) - D(2019, 1, 1)).days)
items = st.lists(st.tuples(days.map(lambda n: D(2019, 1, 1) + timedelta(n)),
                           st.integers(3, 5)), max_size=12)
GE_INDICATORS = ("products-in-force", "products-recognised", "new-products",
                 "five-star-products", "communes-with-products")


@pytest.mark.property
@given(items, st.tuples(days.map(lambda n: D(2019, 1, 1) + timedelta(n)), st.integers(3, 5)),
       days.map(lambda n: D(2019, 1, 1) + timedelta(n)))
def test_adding_a_certificate_never_lowers_a_ratio(
    base: list[tuple[date, int]], extra: tuple[date, int], on: date
) -> None:
    targets = tuple(target(id=f"t{i}", low=5, indicator=iid, parameters={"basis": "recognised"}
                           if iid == "five-star-products" else {})
                    for i, iid in enumerate(GE_INDICATORS[:4]))
    p = plan(*targets)
    before = attainment(p, portfolio(base), on)
    after = attainment(p, portfolio([*base, extra]), on)
    for a, b in zip(before.rows, after.rows, strict=True):
        if a.ratio is not None:
            assert b.ratio is not None and b.ratio >= a.ratio, a.target.indicator


@pytest.mark.property
@given(st.integers(1, 6), st.integers(0, 5), st.booleans())
def test_range_targets_at_both_ends(lo: int, width: int, final: bool) -> None:
    hi = lo + width
    t = target(low=lo, high=hi, indicator="new-products")
    on = D(2026, 1, 1) if final else D(2023, 6, 30)

    def status(n: int) -> Status:
        pf = portfolio([(D(2021, 2, 1) + timedelta(i), 3) for i in range(n)])
        return row_of(t, pf, on).status

    assert status(lo) is Status.MET
    assert status(hi) is Status.MET
    assert status(hi + 1) is Status.ABOVE_RANGE
    below = status(lo - 1)
    assert below is not Status.MET
    assert below is (Status.MISSED if final else below)
    assert below in ((Status.MISSED,) if final else (Status.ON_TRACK, Status.BEHIND))


@pytest.mark.property
@given(items, st.integers(1, 3000))
def test_a_plan_before_its_period_is_not_started(base: list[tuple[date, int]],
                                                 days_before: int) -> None:
    p = sample_plans()["vn-60-ocop-2021-2025"]
    on = p.period_start - timedelta(days=days_before)
    report = attainment(p, portfolio(base, "60@63"), on)
    for row in report:
        if row.target.measurable:
            assert (row.status, row.value, row.ratio) == (Status.NOT_STARTED, None, None)
        else:
            assert row.status is Status.NOT_MEASURABLE


# --------------------------------------------------------------------------- views


@pytest.fixture
def report() -> AttainmentReport:
    return attainment(sample_plans()["vn-60-ocop-2021-2025"], sample_portfolio(),
                      D(2023, 12, 31))


def test_text_table(report: AttainmentReport) -> None:
    text = str(report)
    assert text.splitlines()[0].startswith("Kế hoạch thực hiện Chương trình mỗi xã")
    assert "KH 3799/KH-UBND" in text
    assert "Sản phẩm OCOP từ 3 sao được công nhận mới" in text
    assert "không đo được từ danh mục" in text
    assert {"✓", "…", "!", "–"} <= {line[:1] for line in text.splitlines()}
    bk = attainment(sample_plans()["vn-06-ocop-2021-2025"], sample_portfolio(),
                    D(2023, 12, 31))
    assert "✓  Sản phẩm OCOP đạt từ 3 sao trở lên" in str(bk)
    assert "109 %" in str(bk)


def test_html(report: AttainmentReport) -> None:
    out = report._repr_html_()
    assert out.startswith('<table class="ocopkit-attainment">')
    assert out.count("<tr ") == len(report.rows)
    assert "data-status=\"not-measurable\"" in out


def test_rows_and_counts(report: AttainmentReport) -> None:
    assert len(report) == len(report.plan.targets)
    assert sum(report.counts().values()) == len(report)
    assert report.row("sale-points").status is Status.NOT_MEASURABLE
    with pytest.raises(ValidationError):
        report.row("nope")
    assert report.row("new-products-3-star").value_text() == "52"


def test_series(report: AttainmentReport) -> None:
    series = report.series("new-products-3-star")
    assert series[0][0] == D(2021, 3, 31) and series[-1][0] == D(2023, 12, 31)
    values = [v for _, v in series]
    assert values == sorted(values)  # type: ignore[type-var]
    assert series[-1][1] == report.row("new-products-3-star").value
    yearly = report.series("new-products-3-star", freq="year")
    assert [d for d, _ in yearly] == [D(2021, 12, 31), D(2022, 12, 31), D(2023, 12, 31)]
    assert report.series("sale-points", [D(2022, 1, 1)]) == ((D(2022, 1, 1), None),)
    assert report.series("new-products-3-star", [D(2019, 1, 1)]) == ((D(2019, 1, 1), None),)
    per_year = report.series("upgraded-per-year", [D(2022, 12, 31), D(2023, 3, 31)])
    assert per_year[0][1] == 11
    with pytest.raises(ValidationError):
        report.series("new-products-3-star", freq="month")


def test_to_frame(report: AttainmentReport) -> None:
    pytest.importorskip("pandas")
    frame = report.to_frame()
    assert list(frame.index) == [t.id for t in report.plan.targets]
    assert frame.loc["new-products-3-star", "value"] == 52
    ratio = report.row("cooperative-share").ratio
    assert frame.loc["cooperative-share", "ratio"] == pytest.approx(float(ratio or 0))
    exact = report.to_frame(exact=True)
    assert exact.loc["cooperative-share", "ratio_exact"] == ratio
    assert frame.loc["sale-points", "status"] == "not-measurable"


def test_plot(report: AttainmentReport) -> None:
    mpl = pytest.importorskip("matplotlib")
    mpl.use("Agg")
    import matplotlib.pyplot as plt

    ax = report.plot()
    assert ax.get_lines()
    _fig, axes = plt.subplots(1, 3)
    report.plot(axes[0], target="new-products-3-star")
    report.plot(axes[1], target="lapsed-without-reevaluation")
    report.plot(axes[2], target="cooperative-share", freq="year")
    assert all(a.get_lines() for a in axes)
    plt.close("all")


def test_missing_extras(report: AttainmentReport, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError) as err:
        report.to_frame()
    assert (err.value.package, err.value.extra) == ("pandas", "notebook")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingDependencyError) as err:
        report.plot()
    assert (err.value.package, err.value.extra) == ("matplotlib", "plot")


def test_importing_never_imports_the_extras() -> None:
    code = ("import sys, ocopkit, ocopkit.targets, ocopkit.targets, ocopkit.targets, "
            "ocopkit.samples; ocopkit.samples.sample_portfolio(); "
            "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_the_text_table_reads_in_english_too() -> None:
    plan = sample_plans()["vn-06-ocop-2021-2025"]
    report = attainment(plan, sample_portfolio(), as_of=date(2024, 1, 1))
    en, vi = report.format("en"), report.format("vi")
    assert str(report) == vi
    assert "Target" in en and "as of 2024-01-01" in en and "met" in en
    assert "Chỉ tiêu" in vi and "tính đến 2024-01-01" in vi and "đạt" in vi
    # numbers use the decimal point in English and the decimal comma in Vietnamese
    row = next(r for r in report.rows if r.expected is not None and r.expected.denominator != 1)
    assert any("," in line for line in vi.splitlines() if row.target.label_vi in line)
    assert all("," not in line for line in en.splitlines() if row.target.label_en in line)


# --------------------------------------------------------------------------- old and new units

AS_OF = (date(2023, 12, 31), date(2025, 6, 30), date(2025, 12, 31), date(2026, 6, 30))


def _figures(pf: Portfolio) -> dict[tuple[str, date, str], tuple[object, ...]]:
    out = {}
    for plan_id, p in sample_plans().items():
        for on in AS_OF:
            for r in attainment(p, pf, on):
                out[(plan_id, on, r.target.id)] = (r.value, r.upper, r.status, r.records)
    return out


def _under_old_units(pf: Portfolio) -> Portfolio:
    """The same records, every product written under the unit in force before 2025-07-01:
    a product recorded under a merged province is moved to the old province (and the old
    commune) its commune's predecessors lay in."""
    import attrs

    communes = pf.communes
    assert communes is not None
    moved = []
    for p in pf.products:
        if p.province_id.endswith("@34") and p.commune_code is not None:
            new = communes.get(p.commune_code, on=date(2025, 7, 1))
            old = communes.get(new.predecessor_codes[0], on=date(2025, 6, 30))
            p = attrs.evolve(p, province_id=old.province_id, commune_code=old.code, code=None)
        moved.append(p)
    return Portfolio.build(moved, pf.subjects, pf.certificates, communes=communes)


def test_seed_plans_give_the_same_figures_under_old_and_new_units(tmp_path: Any) -> None:
    from ocopkit.io import read_registry, write_csv

    pf = sample_portfolio()  # after 2025-07-01 merged provinces' products are under the new
    assert any(p.province_id.endswith("@34") for p in pf.products)
    old = _under_old_units(pf)
    assert not any(p.province_id.endswith("@34") and p.province_id != "22@34"
                   for p in old.products)
    figures = _figures(pf)
    assert figures == _figures(old)
    # no figure changes between the portfolio in memory and its CSV and JSON exports
    write_csv(pf, tmp_path)
    back, _ = read_registry(directory=tmp_path)
    assert _figures(back) == figures
    from ocopkit.io import from_json, to_json

    assert _figures(from_json(to_json(pf), Portfolio)) == figures


def test_ranges_and_the_status_only_when_both_ends_agree() -> None:
    from ocopkit.certification import PartialDate

    # 2 certificates known to the day, 3 issued "in 2025": on 2025-06-30 the count is 2–5
    exact = [cert(f"p{i}", date(2024, 3, 1)) for i in range(2)]
    rough = [Certificate(number=f"R{i}", product_id=f"q{i}", stars=3,
                         issued=PartialDate.year(2025), valid_until=date(2028, 12, 31))
             for i in range(3)]
    products = [Product(c.product_id, "Sản phẩm Mẫu", 6, "s1", "06@63")
                for c in (*exact, *rough)]
    pf = Portfolio.build(products, SUBJECTS,
                         [*exact, *rough])
    t_met = target(low=2)
    row = row_of(t_met, pf, date(2025, 6, 30))
    assert (row.value, row.upper, row.status) == (2, 5, Status.MET)  # both ends meet 2
    assert row.value_text() == "2–5"
    t_open = target(low=4)
    row = row_of(t_open, pf, END + timedelta(days=400))
    assert row.status is Status.MET  # after 2025 all five are certainly recognised
    row = row_of(t_open, pf, date(2025, 6, 30))
    assert row.status is Status.UNDETERMINED
    assert set(row.statuses) >= {Status.MET}
    assert row.upper == 5 and row.value == 2


def test_no_data_outside_the_coverage() -> None:
    from ocopkit.certification import Coverage

    pf = portfolio([(date(2022, 3, 1), 3)] * 5)
    covered = Portfolio.build(pf.products, pf.subjects, pf.certificates,
                              coverage=Coverage(date(2021, 1, 1), date(2023, 12, 31)))
    t = target(low=50)
    assert row_of(t, pf, END).status is Status.MISSED  # coverage unknown: judged
    row = row_of(t, covered, END)
    assert row.status is Status.NO_DATA and row.value is None
    assert "no data for" in row.notes[0] and "2024-01-01" in row.notes[0]
    assert row_of(t, covered, date(2023, 6, 30)).status is Status.BEHIND  # covered
