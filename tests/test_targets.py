"""Targets and plans: kinds, bounds, checks, and the five seed plans as data."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

from ocopkit.errors import ValidationError
from ocopkit.rulesets import Citation
from ocopkit.samples import sample_plans
from ocopkit.targets import (
    IndicatorValue,
    Plan,
    Reported,
    Target,
    TargetKind,
    builtin_indicators,
    format_number,
    quoted,
)
from ocopkit.text import nfc

D = date
SEEDS = Path(__file__).resolve().parents[1] / "tools" / "sources" / "seeds"
C = quoted("Nguồn mẫu", "câu trích dẫn")


def t(**kw: object) -> Target:
    base: dict[str, object] = {"id": "x", "label_vi": "Chỉ tiêu", "label_en": "Target",
                               "unit": "products", "citation": C}
    base.update(kw)
    return Target(**base)  # type: ignore[arg-type]


def test_kinds_and_describe() -> None:
    assert t(low=200).kind is TargetKind.MINIMUM
    assert t(high=0).kind is TargetKind.MAXIMUM
    assert t(low=45, high=45).kind is TargetKind.EXACT
    assert t(low=80, high=130).kind is TargetKind.RANGE
    assert [x.describe() for x in (t(low=200), t(low=200, strict=True), t(high=0),
                                   t(low=45, high=45), t(low=10, high=15, per_year=True))] == [
        "≥ 200", "> 200", "≤ 0", "= 45", "10–15 /năm"]
    share = t(low=Fraction(2, 5), high=Fraction(1, 2), unit="share")
    assert share.describe() == "40 %–50 %"


def test_constructors_and_exact_numbers() -> None:
    kw: dict[str, Any] = {"label_vi": "a", "label_en": "a", "unit": "share", "citation": C}
    assert Target.minimum("a", "2/5", **kw).low == Fraction(2, 5)
    assert Target.minimum("a", "4/2", **kw).low == 2
    assert isinstance(Target.maximum("a", Fraction(4, 2), **kw).high, int)
    assert Target.exact("a", 3, **kw).kind is TargetKind.EXACT
    assert Target.between("a", 1, 2, **kw).reference == 1
    assert Target.maximum("a", 7, **kw).reference == 7
    with pytest.raises(ValidationError) as err:
        Target.minimum("a", 0.4, **kw)  # type: ignore[arg-type]
    assert err.value.codes == ("inexact-number",)
    with pytest.raises(ValidationError):
        Target.minimum("a", "abc", **kw)
    with pytest.raises(ValidationError):
        Target.minimum("a", True, **kw)


def test_invalid_targets_report_every_problem() -> None:
    with pytest.raises(ValidationError) as err:
        t()
    assert err.value.codes == ("target-without-bounds",)
    with pytest.raises(ValidationError) as err:
        t(low=5, high=3, strict=True)
    assert err.value.codes == ("inverted-range", "strict-needs-minimum")


def test_is_met_and_is_above() -> None:
    rng = t(low=80, high=130)
    assert [rng.is_met(v) for v in (79, 80, 130, 131)] == [False, True, True, False]
    assert [rng.is_above(v) for v in (79, 130, 131)] == [False, False, True]
    strict = t(low=200, strict=True)
    assert (strict.is_met(200), strict.is_met(201), strict.is_above(10**6)) == (
        False, True, False)
    ceiling = t(high=0)
    assert (ceiling.is_met(0), ceiling.is_met(1), ceiling.is_above(1)) == (True, False, False)


def test_format_number() -> None:
    assert format_number(Fraction(1, 3), "share") == "33,3 %"
    assert format_number(Fraction(1, 2), "share") == "50 %"
    assert format_number(Fraction(5, 2)) == "2,50"
    assert format_number(Fraction(6, 2)) == "3"


def plan(**kw: object) -> Plan:
    base: dict[str, object] = {
        "id": "vn-06-test", "province": "Bắc Kạn", "name_vi": "Kế hoạch mẫu",
        "name_en": "Sample plan", "period_start": D(2021, 1, 1), "period_end": D(2025, 12, 31),
        "source": Citation("Nguồn mẫu"),
        "targets": (t(low=200, indicator="products-recognised"),),
    }
    base.update(kw)
    return Plan(**base)  # type: ignore[arg-type]


def test_plan_basics() -> None:
    p = plan()
    assert p.check() == []
    assert p.area.id == "06@63"
    assert plan(province="Hà Nội", adopted_on=D(2020, 6, 4)).area.id == "01@63"
    assert plan(province="Hà Nội", period_start=D(2026, 1, 1),
                period_end=D(2026, 12, 31)).area.id == "01@34"
    assert p.target("x").low == 200
    with pytest.raises(ValidationError) as err:
        p.target("y")
    assert err.value.codes == ("unknown-target",)
    tt = p.targets[0]
    assert (p.start_of(tt), p.deadline_of(tt)) == (D(2021, 1, 1), D(2025, 12, 31))


def test_plan_check_lists_every_problem() -> None:
    bad = plan(
        id="Bad Plan",
        province="Bac Kann",
        targets=(
            t(low=1, indicator="product-recognised"),
            t(low=1, indicator="products-recognised", parameters={"min_star": 3},
              start=D(2030, 1, 1), deadline=D(2029, 1, 1)),
            t(id="Share", low=Fraction(3, 2), unit="share",
              citation=Citation("Nguồn mẫu", None, "không có trích dẫn")),
        ),
        reported=(),
    )
    codes = [p.code for p in bad.check()]
    assert codes == [
        "invalid-plan-id", "unknown-province", "unknown-indicator",
        "duplicate-target", "invalid-window", "start-outside-period", "unknown-parameter",
        "invalid-target-id", "share-out-of-range", "missing-quote",
    ]
    problems = {p.code: p for p in bad.check()}
    assert problems["unknown-indicator"].suggestion == "products-recognised"
    assert problems["unknown-parameter"].suggestion == "min_stars"
    assert plan(targets=()).check()[0].code == "no-targets"
    assert "invalid-period" in [p.code for p in plan(period_start=D(2026, 1, 1)).check()]


def test_check_accepts_plugin_indicators() -> None:
    p = plan(targets=(t(low=1, indicator="plugin.sale-points"),))
    assert [x.code for x in p.check()] == ["unknown-indicator"]
    from ocopkit.targets import Indicator

    extra = Indicator(id="plugin.sale-points", name_vi="Điểm bán", name_en="Sale points",
                      unit="sale points", compute=lambda pf, s: IndicatorValue(0))
    assert p.check(builtin_indicators().with_indicators([extra])) == []


def test_quoted_citation() -> None:
    c = quoted("Nguồn", "Câu “có ngoặc” bên trong.", "mục 2")
    assert str(c) == "Nguồn, mục 2, “Câu “có ngoặc” bên trong.”"
    assert t(low=1, citation=c).quote == "Câu “có ngoặc” bên trong."
    assert t(low=1, citation=Citation("Nguồn")).quote == ""


# --------------------------------------------------------------------------- seed plans


def _article(plan_id: str) -> str:
    seed = {"22": "000", "01": "001", "60": "002", "06": "003", "49": "004"}[plan_id[3:5]]
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", nfc(text))


def test_five_plans_load_and_check() -> None:
    plans = sample_plans()
    assert list(plans) == ["vn-22-ocop-2018-2020", "vn-01-ocop-2020", "vn-60-ocop-2021-2025",
                           "vn-06-ocop-2021-2025", "vn-49-ocop-2021-2025"]
    for p in plans.values():
        assert p.check() == [], p.id
        assert p.id.startswith(f"vn-{p.area.code}-ocop-")
        assert p.area.id.endswith("@63")


@pytest.mark.parametrize("plan_id", list(sample_plans()))
def test_every_quote_is_verbatim_in_its_article(plan_id: str) -> None:
    p = sample_plans()[plan_id]
    article = _article(plan_id)
    items: list[Target | Reported] = [*p.targets, *p.reported]
    for item in items:
        quote = re.sub(r"\s+", " ", item.quote)
        assert quote, item.id
        assert quote in article, (item.id, quote)


def test_seed_plan_figures() -> None:
    plans = sample_plans()
    bk = plans["vn-06-ocop-2021-2025"]
    assert (bk.target("products-3-star").low, bk.target("five-star").low) == (200, 2)
    assert bk.document is not None and "386/QĐ-UBND" in bk.document
    bt = plans["vn-60-ocop-2021-2025"]
    new = bt.target("new-products-3-star")
    assert (new.kind, new.low, new.high) == (TargetKind.RANGE, 80, 130)
    assert (bt.target("new-five-star").low, bt.target("new-five-star").high) == (3, 5)
    assert bt.target("upgraded-per-year").per_year
    assert bt.target("cooperative-share").low == Fraction(2, 5)
    assert bt.document is not None and bt.document.startswith("KH 3799/KH-UBND")
    qn = plans["vn-49-ocop-2021-2025"]
    assert qn.target("consolidated-2018-2020").strict
    assert [qn.target(i).low for i in ("new-products", "products-per-commune",
                                       "five-star-key-products", "new-organisations",
                                       "new-enterprises", "new-cooperatives",
                                       "sale-points")] == [200, 2, 5, 80, 30, 50, 45]
    hn = plans["vn-01-ocop-2020"]
    assert hn.target("products-evaluated").low == 700
    qni = plans["vn-22-ocop-2018-2020"]
    assert not any(x.measurable for x in qni.targets)
    assert qni.target("fair-booth-share").start == D(2019, 1, 1)


def test_unmeasurable_targets_have_no_indicator() -> None:
    names = {"sale-points", "community-tourism-services", "modern-channels-share",
             "district-centres", "province-centres", "regional-centre",
             "organisations-consolidated", "support-visits-per-year", "fair-booth-share",
             "contest-lab-sampling"}
    found = {x.id for p in sample_plans().values() for x in p.targets if not x.measurable}
    assert found == names


def test_targets_are_frozen() -> None:
    x = t(low=1)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        x.low = 2  # type: ignore[misc]
    assert hash(x) == hash(t(low=1))
