"""Bình Thuận plug-in, tested with the ocopkit conformance kit fixtures.

The gate (2022-11-09 – 2025-06-30) is exercised where its window overlaps a regime with
per-criterion scorecards: QĐ 1048/QĐ-TTg, until 2023-02-23. From 2023-02-24 the
148/2023 regime carries totals only (its scorecards were not found), so ocopkit cannot
score a 2024 dossier by criteria at all.
"""

from __future__ import annotations

from datetime import date

import attrs
import ocopkit_binhthuan as bt
import pytest

from ocopkit.errors import ValidationError
from ocopkit.plugins import Loaded, check_plugin
from ocopkit.rulesets import Rules
from ocopkit.scoring import Assessment, evaluate
from ocopkit.testing import GoldenCase, sample_assessments

IN_WINDOW = date(2022, 12, 15)  # KH 3799 in force, 1048 still the national regime


def top(on: date, province: str | None = "60", product_code: str | None = None,
        evidence: dict[str, list[str]] | None = None) -> Assessment:
    (a,) = sample_assessments(product_sets=[1], profiles=["high"], assessed_on=on,
                              province=province)
    return attrs.evolve(a, product_code=product_code, evidence=evidence or {})


def test_loads_and_attributes_the_gate(ocopkit_rules: Rules) -> None:
    (gate,) = [g for g in ocopkit_rules.gates if g.plugin == "binhthuan"]
    assert gate.item == bt.DISTRICT_EVALUATION_FIRST
    assert gate.item.effective_until == date(2025, 6, 30)


def test_without_the_district_result_no_star_is_recognised(ocopkit_rules: Rules) -> None:
    a = top(IN_WINDOW)
    assert a.ruleset_id == "vn-qd-1048-2019"
    ev = evaluate(a, ocopkit_rules)
    assert (ev.stars, ev.certifiable) == (2, False)
    assert ev.gate_failures[0].missing == {"district-council-result"}


def test_product_code_places_the_product_in_binh_thuan(ocopkit_rules: Rules) -> None:
    # Phường Mũi Né (22915), Phan Thiết (593): a well-formed pre-2025 Bình Thuận code
    a = top(IN_WINDOW, province=None, product_code="60-593-22915-1-2022")
    assert not evaluate(a, ocopkit_rules).certifiable


def test_with_the_district_result_the_national_result_stands(ocopkit_rules: Rules) -> None:
    a = top(IN_WINDOW, evidence={"district-council-result": ["QĐ 12/QĐ-HĐ huyện"]})
    ev = evaluate(a, ocopkit_rules)
    assert (ev.stars, ev.certifiable) == (5, True)


def test_after_1048_the_window_has_no_scorecards() -> None:
    # 148/2023 carries totals only: no per-criterion sample can be made in 2024
    with pytest.raises(ValidationError) as exc:
        sample_assessments(product_sets=[1], profiles=["high"], assessed_on=date(2024, 5, 2))
    assert exc.value.codes == ("no-scorecards",)


@pytest.mark.parametrize(
    ("on", "province"),
    [
        (date(2022, 11, 8), "60"),  # before KH 3799
        (date(2026, 6, 1), "68"),  # Lâm Đồng 68@34, which absorbed Bình Thuận
        (IN_WINDOW, "68"),  # the old Lâm Đồng 68@63
        (IN_WINDOW, "01"),
    ],
)
def test_gate_does_not_apply_elsewhere(ocopkit_rules: Rules, on: date, province: str) -> None:
    a = top(on, province)
    assert evaluate(a, ocopkit_rules) == evaluate(a, Rules.national())


def test_golden_cases_unchanged(ocopkit_rules: Rules, golden_cases: tuple[GoldenCase, ...]) -> None:
    assert [c.name for c in golden_cases if not c.holds(ocopkit_rules)] == []


def test_conformance(ocopkit_plugin: object) -> None:
    assert check_plugin(ocopkit_plugin) == []


def test_plans_are_registered_and_attributed(ocopkit_loaded: Loaded) -> None:
    assert [p for p in ocopkit_loaded.plans if p.plugin == "binhthuan"]
