"""The SYNTHETIC sample portfolio matches the articles' figures; the bundled plans are sound."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from ocopkit import samples
from ocopkit.certification import Certificate
from ocopkit.places import province
from ocopkit.rulesets import DISTRICT, MINISTRY_MARD, PROVINCE
from ocopkit.samples import (
    SYNTHETIC,
    sample_commune_registry,
    sample_plans,
    sample_portfolio,
)
from ocopkit.targets import IndicatorScope, Reported, Status, attainment, builtin_indicators

D = date
END_2023 = D(2023, 12, 31)
BK = province("Bắc Kạn")


def compute(iid: str, on: date, area: str = "Bắc Kạn", **params: object) -> object:
    scope = IndicatorScope(on, province=province(area), parameters=params)  # type: ignore[arg-type]
    return builtin_indicators().get(iid).compute(sample_portfolio(), scope)


def test_backan_end_2023() -> None:
    """218 ≥3★ = 109 % of 200; 1/18/199; 79/108 communes; 52 lapsed (article 003)."""
    pf = sample_portfolio()
    report = attainment(sample_plans()["vn-06-ocop-2021-2025"], pf, END_2023)
    row = report.row("products-3-star")
    assert (row.value, row.ratio) == (218, Fraction(109, 100))
    split = [compute("products-recognised", END_2023, stars=k).value  # type: ignore[attr-defined]
             for k in (5, 4, 3)]
    assert split == [1, 18, 199]
    communes = compute("communes-with-products", END_2023, basis="recognised")
    assert (communes.value, communes.denominator) == (79, 108)  # type: ignore[attr-defined]
    in_force_communes = compute("communes-with-products", END_2023)
    assert in_force_communes.value == 79  # type: ignore[attr-defined]
    lapsed = pf.lapsed_without_reevaluation(END_2023, province=BK)
    assert len(lapsed) == 52
    assert all(c.valid_until < END_2023 for c in lapsed)
    recognised = set(row.records)
    assert {c.product_id for c in lapsed} <= recognised  # the 52 are among the 218
    assert len(pf.in_force(END_2023, province=BK)) == 218 - 52


@pytest.mark.parametrize("plan_id", list(sample_plans()))
def test_reported_figures_are_reproduced(plan_id: str) -> None:
    """Every figure a plan reports and an indicator can compute is matched by the sample."""
    plan = sample_plans()[plan_id]
    checked = 0
    for r in plan.reported:
        if r.indicator is None:
            continue
        got = _reported(r, plan.area.id)
        assert got == r.value, (r.id, got, r.value)
        checked += 1
    assert checked or not plan.reported or plan_id == "vn-49-ocop-2021-2025"


def _reported(r: Reported, area: str) -> object:
    scope = IndicatorScope(r.as_of, r.period_start, province=province(area),
                           parameters=r.parameters)
    assert r.indicator is not None
    return builtin_indicators().get(r.indicator).compute(sample_portfolio(), scope).value


def test_other_articles_figures() -> None:
    assert compute("products-recognised", D(2021, 12, 31), "60@63").value == 70  # type: ignore[attr-defined]
    assert compute("products-recognised", D(2018, 12, 31), "22@63").value == 62  # type: ignore[attr-defined]
    assert compute("subjects", D(2018, 12, 31), "22@63").value == 34  # type: ignore[attr-defined]
    cohort = IndicatorScope(D(2020, 12, 31), D(2018, 1, 1), province=province("49@63"))
    qnam = builtin_indicators().get("new-products").compute(sample_portfolio(), cohort)
    assert qnam.value > 200  # "hơn 200 sản phẩm" recognised in 2018–2020


def test_statuses_on_the_sample_are_varied() -> None:
    pf = sample_portfolio()
    seen = {row.status for p in sample_plans().values()
            for on in (D(2023, 12, 31), D(2025, 12, 31)) for row in attainment(p, pf, on)}
    assert {Status.MET, Status.ON_TRACK, Status.BEHIND, Status.MISSED,
            Status.NOT_MEASURABLE} <= seen


def test_lineage_is_exercised() -> None:
    pf = sample_portfolio()
    for old, new, tag in (("06@63", "19@34", "BK-"), ("60@63", "68@34", "BT-"),
                          ("49@63", "48@34", "QNA-")):
        merged = [p for p in pf.products if p.province_id == new and p.id.startswith(tag)]
        assert merged, old
        reg = sample_commune_registry()
        for p in merged:
            assert p.commune_code is not None
            commune = reg.get(p.commune_code, on=D(2026, 1, 1))
            olds = [reg.get(c, on=D(2025, 6, 30)) for c in commune.predecessor_codes]
            assert {c.province_id for c in olds} == {old}
        assert len(pf.in_force(D(2026, 1, 1), province=old)) >= len(
            [p for p in merged if pf.certificate_in_force(p.id, D(2026, 1, 1))])


def test_clearly_synthetic() -> None:
    pf = sample_portfolio()
    assert "SYNTHETIC" in SYNTHETIC and "SYNTHETIC" in (samples.__doc__ or "")
    assert all(p.name.startswith("Sản phẩm mẫu ") for p in pf.products)
    assert all("Mẫu" in s.name for s in pf.subjects)
    assert all(int(c.code) >= 95000 and "Mẫu" in c.name for c in sample_commune_registry())
    assert {p.province_id for p in pf.products} == {
        "22@63", "22@34", "01@63", "60@63", "68@34", "06@63", "19@63", "19@34", "49@63",
        "48@34"}
    years = {c.issued_on.year for c in pf.certificates}
    assert {2019, 2026} <= years and max(years) == 2026


def test_sample_certificates_pass_the_issuing_rules() -> None:
    """Every sample certificate from 2019-08-21 on could have been issued under the rules:
    Certificate.issue accepts its stars, authority, rule set and dates."""
    checked = 0
    for c in sample_portfolio().certificates:
        assert c.evaluated_on is not None and c.evaluated_on < c.issued_on
        if c.ruleset_id == samples.PRE_1048:
            assert c.issued_on < D(2019, 8, 21)
            continue
        issued = Certificate.issue(
            number=c.number, product_id=c.product_id, stars=c.stars,
            decision_number=c.decision_number, decision_date=c.decision_date,
            authority=c.authority, ruleset_id=c.ruleset_id, evaluated_on=c.evaluated_on)
        assert issued.valid_until == c.valid_until
        checked += 1
    assert checked > 2000


def test_regime_before_1048_is_the_placeholder() -> None:
    assert samples.regime(D(2019, 8, 20), 5) == (samples.PRE_1048, PROVINCE)
    assert samples.regime(D(2019, 8, 21), 5) == ("vn-qd-1048-2019", MINISTRY_MARD)
    assert samples.regime(D(2024, 1, 1), 3) == ("vn-qd-148-2023", DISTRICT)


def test_deterministic() -> None:
    build = sample_portfolio.__wrapped__  # type: ignore[attr-defined]
    assert build() == build()
    assert sample_portfolio() is sample_portfolio()


def test_bundled_plans_are_sound() -> None:
    """The snapshot of the plug-ins' plans: five plans whose checks pass and whose
    indicators are built in (tools/make_sample_plans.py --check compares it with the
    plug-ins themselves)."""
    plans = sample_plans()
    assert list(plans) == sorted(plans, key=list(plans).index)
    assert len(plans) == 5
    assert {p.area.id for p in plans.values()} == {"22@63", "01@63", "60@63", "06@63", "49@63"}
    for plan in plans.values():
        assert plan.check(builtin_indicators()) == []
