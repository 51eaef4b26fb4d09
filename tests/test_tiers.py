"""Tier boundaries and tier policies (26/2026 Điều 3.3; 1048/2019; open question 4)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopkit import rulesets
from ocopkit.errors import ValidationError
from ocopkit.rulesets import (
    HALF_OPEN_BANDS,
    INTEGER_BANDS_1048,
    BandOrNothing,
    HighestTierMet,
    IntegerBands,
    certifiable,
)

totals = st.fractions(min_value=0, max_value=100, max_denominator=12)
BOUNDARIES = (30, 50, 70, 90)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, 1), (Fraction(2999, 100), 1), (30, 2), (Fraction(4999, 100), 2), (50, 3),
        (Fraction(6999, 100), 3), (70, 4), (Fraction(179, 2), 4), (Fraction(8999, 100), 4),
        (90, 5), (100, 5),
    ],
)
def test_half_open_band_edges(total: Fraction, band: int) -> None:
    assert HALF_OPEN_BANDS.band_of(total) == band


@pytest.mark.property
@given(st.integers(min_value=1, max_value=10**6))
def test_just_below_a_threshold_stays_in_the_lower_band(n: int) -> None:
    for t in BOUNDARIES:
        below = Fraction(t) - Fraction(1, n)
        assert HALF_OPEN_BANDS.band_of(below) == HALF_OPEN_BANDS.band_of(t) - 1


@pytest.mark.property
@given(totals, totals)
def test_bands_are_monotone(a: Fraction, b: Fraction) -> None:
    lo, hi = sorted((a, b))
    assert HALF_OPEN_BANDS.band_of(lo) <= HALF_OPEN_BANDS.band_of(hi)


@pytest.mark.property
@given(totals)
def test_lower_bound_is_the_least_total_of_the_band(total: Fraction) -> None:
    band = HALF_OPEN_BANDS.band_of(total)
    assert HALF_OPEN_BANDS.lower_bound(band) <= total
    if band < 5:
        assert total < HALF_OPEN_BANDS.lower_bound(band + 1)


@pytest.mark.property
@given(totals)
def test_1048_floor_reading_agrees_with_half_open_bands_everywhere(total: Fraction) -> None:
    assert INTEGER_BANDS_1048.band_of(total) == HALF_OPEN_BANDS.band_of(total)


@pytest.mark.property
@given(totals)
def test_1048_rounding_reading_differs_only_on_the_documented_half_points(total: Fraction) -> None:
    rounded = IntegerBands(gap="round-half-up").band_of(total)
    in_gap = any(t - Fraction(1, 2) <= total < t for t in BOUNDARIES)
    assert (rounded != HALF_OPEN_BANDS.band_of(total)) == in_gap
    if in_gap:
        assert rounded == HALF_OPEN_BANDS.band_of(total) + 1


def test_totals_outside_0_100_are_rejected() -> None:
    for total in (Fraction(-1, 10), 101):
        with pytest.raises(ValidationError) as exc:
            HALF_OPEN_BANDS.band_of(total)
        assert exc.value.codes == ("total-out-of-range",)
        assert "0–100" in exc.value.problems[0].message_vi


@pytest.mark.parametrize("total", ["30", 30.0, 49.99, Decimal("50"), True, None])
def test_only_exact_totals_are_classified(total: object) -> None:
    """Issue 17: classify_total accepted '30', floats, Decimal and True."""
    r26 = rulesets.get("vn-qd-26-2026")
    with pytest.raises(ValidationError) as exc:
        r26.classify_total(total)  # type: ignore[arg-type]
    assert exc.value.codes == ("inexact-total",)
    assert r26.classify_total(Fraction(4999, 100)).stars == 2


met_maps = st.fixed_dictionaries({3: st.booleans(), 4: st.booleans(), 5: st.booleans()})


@pytest.mark.property
@given(st.integers(1, 5), met_maps)
def test_highest_tier_met_never_exceeds_the_band(band: int, met: dict[int, bool]) -> None:
    d = HighestTierMet().decide(band, met)
    assert d.stars <= band
    assert d.certifiable == certifiable(d.stars)
    if d.certifiable:
        assert met[d.stars]
        assert all(not met[k] for k in range(d.stars + 1, band + 1))


@pytest.mark.property
@given(st.integers(3, 5), met_maps)
def test_failing_3_star_minimums_is_never_certifiable(band: int, met: dict[int, bool]) -> None:
    met = {**met, 3: False, 4: False, 5: False}
    for policy in (HighestTierMet(), BandOrNothing()):
        d = policy.decide(band, met)
        assert not d.certifiable
        assert d.stars <= 2


def test_downgrade_versus_strict_reading_for_a_missed_4_star_minimum() -> None:
    met = {3: True, 4: False, 5: False}
    assert HighestTierMet().decide(4, met).stars == 3
    strict = BandOrNothing().decide(4, met)
    assert (strict.stars, strict.certifiable) == (2, False)


# ------------------------------------------- why a tier is not met (issue 17, deliverable 5)
#
# A provincial gate withholds tiers from its ``min_stars`` up (rulesets._adjustments); when
# it is a gate, not the minimum marks, that lowers the tier, the decision must say so — it
# used to read "minimum marks met only up to 3★" (or "3★ minimum marks not met: not
# certifiable") with ``minimum_failures == {}``.

from datetime import date  # noqa: E402

from ocopkit.rulesets import (  # noqa: E402
    Attributed,
    Citation,
    Gate,
    PluginInfo,
    Rules,
    TierChecks,
    TierDecision,
)
from ocopkit.scoring import Assessment, evaluate  # noqa: E402

LAB = Gate("qn-lab", "22", frozenset({"lab-test"}), Citation("KH 12/KH-UBND", None, "mục 3"),
           "Kiểm nghiệm mẫu", "Lab test of a sample", min_stars=4)
ALL_MET = {3: True, 4: True, 5: True}
UP_TO_3 = {3: True, 4: False, 5: False}
gates_st = st.lists(st.sampled_from([
    LAB, Gate("g3", "22", frozenset({"a"}), Citation("KH 1"), "A", "A", min_stars=3),
    Gate("g5", "22", frozenset({"b"}), Citation("KH 2"), "B", "B", min_stars=5)]),
    max_size=2, unique=True)


def test_a_gate_lowered_tier_names_the_gate_and_its_citation() -> None:
    d = HighestTierMet().decide(5, TierChecks(ALL_MET, (LAB,)))
    assert (d.stars, d.certifiable) == (3, True)
    assert d.reason_en == ("score band 5★, lowered to 3★: provincial requirement "
                           "“Lab test of a sample” not met [KH 12/KH-UBND, mục 3]")
    assert d.reason_vi == ("khung điểm 5 sao, hạ xuống 3 sao: không đạt yêu cầu của tỉnh "
                           "“Kiểm nghiệm mẫu” [KH 12/KH-UBND, mục 3]")
    assert "minimum" not in d.reason_en and "tối thiểu" not in d.reason_vi


def test_a_marks_lowered_tier_keeps_blaming_the_marks() -> None:
    d = HighestTierMet().decide(5, TierChecks(UP_TO_3))
    assert d.reason_en == "score band 5★, minimum marks met only up to 3★"
    assert d.reason_vi == "khung điểm 5 sao, chỉ đạt yêu cầu tối thiểu đến 3 sao"
    # … exactly what a plain mapping of met-flags gives (old callers, classify_total)
    assert HighestTierMet().decide(5, UP_TO_3) == d


def test_marks_and_a_gate_both_lowering_the_tier_are_both_named() -> None:
    d = HighestTierMet().decide(5, TierChecks({3: True, 4: True, 5: False}, (LAB,)))
    assert d.stars == 3
    assert d.reason_en == ("score band 5★, lowered to 3★: minimum marks met only up to 4★; "
                           "provincial requirement “Lab test of a sample” not met "
                           "[KH 12/KH-UBND, mục 3]")


def test_a_gate_that_withholds_every_tier_is_named_when_not_certifiable() -> None:
    gate3 = attrs.evolve(LAB, min_stars=3)
    d = HighestTierMet().decide(4, TierChecks(ALL_MET, (gate3,)))
    assert (d.stars, d.certifiable) == (2, False)
    assert d.reason_en == ("score band 4★ but provincial requirement “Lab test of a sample” "
                           "not met [KH 12/KH-UBND, mục 3]: not certifiable")
    both = HighestTierMet().decide(4, TierChecks({3: False, 4: False, 5: False}, (gate3,)))
    assert both.reason_en.startswith("score band 4★ but 3★ minimum marks not met; "
                                     "provincial requirement “Lab test of a sample”")
    strict = BandOrNothing().decide(5, TierChecks(ALL_MET, (LAB,)))
    assert (strict.stars, strict.certifiable) == (2, False)
    assert strict.reason_en == ("score band 5★ but provincial requirement “Lab test of a "
                                "sample” not met [KH 12/KH-UBND, mục 3]: not certifiable")


@pytest.mark.property
@given(st.integers(1, 5), met_maps, gates_st)
def test_checks_decide_like_their_met_flags(band: int, marks: dict[int, bool],
                                            gates: list[Gate]) -> None:
    """TierChecks is the mapping of met-flags a policy always received: the stars do not
    depend on whether the policy reads why; the text blames marks only when marks fail in a
    tier the band reached but the decision did not award, and gates only when they do."""
    checks = TierChecks(marks, gates)
    flags = {k: marks[k] and not any(g.min_stars <= k for g in gates) for k in (3, 4, 5)}
    assert dict(checks) == flags
    for policy in (HighestTierMet(), BandOrNothing()):
        d, plain = policy.decide(band, checks), policy.decide(band, flags)
        assert (d.stars, d.certifiable) == (plain.stars, plain.certifiable)
        lost = range(d.stars + 1 if d.certifiable else 3, band + 1)
        if not gates:
            assert d == plain
        for g in gates:
            assert (f"“{g.name_en}”" in d.reason_en) == (g.min_stars <= band and bool(lost)
                                                         and d.stars < band)
        if "minimum marks" in d.reason_en:
            assert any(not marks[k] for k in lost)


# ------------------------------------------------------------- through the engine

SET7 = rulesets.get("vn-qd-26-2026").scorecard(7)
GATED = Rules.national().with_contributions(
    gates=[Attributed("ocopkit-qn", LAB)], plugins=[PluginInfo("ocopkit-qn", "1.0")])


def _assess(weak_15: bool, lab: bool) -> Assessment:
    answers = {c.id: c.options[-1].id for c in SET7}
    if weak_15:
        answers["1.5"] = "1.5.b"  # misses the 4★ mark of 1.5 (README's example)
    return Assessment.single(7, answers, assessed_on=date(2026, 9, 1), province="22",
                             evidence={"lab-test": ["PKN-1"]} if lab else {})


def test_evaluate_a_gate_lowered_tier() -> None:
    ev = evaluate(_assess(weak_15=False, lab=False), GATED)
    assert (ev.band, ev.stars, dict(ev.minimum_failures)) == (5, 3, {})
    assert ev.decision_en == ("score band 5★, lowered to 3★: provincial requirement “Lab "
                              "test of a sample” not met [KH 12/KH-UBND, mục 3]")
    assert "tối thiểu" not in ev.decision_vi and "Kiểm nghiệm mẫu" in ev.decision_vi
    assert evaluate(_assess(weak_15=False, lab=True), GATED).decision_en == "score band 5★"


def test_evaluate_a_marks_lowered_tier_and_both() -> None:
    marks = evaluate(_assess(weak_15=True, lab=True), GATED)
    assert (marks.stars, marks.gate_failures) == (3, ())
    assert marks.decision_en == "score band 5★, minimum marks met only up to 3★"
    both = evaluate(_assess(weak_15=True, lab=False), GATED)
    assert both.stars == 3 and both.minimum_failures[4] == ("1.5",)
    assert both.decision_en == ("score band 5★, lowered to 3★: minimum marks met only up to "
                                "3★; provincial requirement “Lab test of a sample” not met "
                                "[KH 12/KH-UBND, mục 3]")


def test_the_batch_decision_table_agrees_with_evaluate_on_gates() -> None:
    np = pytest.importorskip("numpy")
    from ocopkit.scoring import BatchScorer

    scorer = BatchScorer.for_set(7, on=date(2026, 9, 1), rules=GATED, province="22")
    rows = [[len(c.options) - 1 if c.id != "1.5" or not weak else 1 for c in SET7]
            for weak in (False, True)]
    result = scorer.score(np.array(rows, dtype=np.uint8))
    assert result.stars.tolist() == [3, 3]
    assert [result.explain(i).decision_en for i in (0, 1)] == [
        evaluate(_assess(weak, lab=False), GATED).decision_en for weak in (False, True)]


class _PlainPolicy:
    """A plug-in policy written against the old protocol: it reads a plain mapping."""

    id = "plain"

    def decide(self, band: int, minimums_met: Mapping[int, bool]) -> TierDecision:
        met = dict(minimums_met)  # only the mapping protocol
        stars = max((k for k in (3, 4, 5) if k <= band and met.get(k, True)), default=2)
        return TierDecision(stars, stars >= 3, f"plain {stars}", f"plain {stars}")


def test_a_plug_in_policy_of_the_old_protocol_still_decides() -> None:
    from ocopkit import plugins
    from ocopkit.plugins import hookimpl

    class Plain:
        __version__ = "1.0"

        @staticmethod
        @hookimpl
        def ocopkit_register_rules(register: Any) -> None:
            register(LAB)

        @staticmethod
        @hookimpl
        def ocopkit_register_tier_policies(register: Any) -> None:
            register("vn-qd-26-2026", _PlainPolicy())

    rules = plugins.load(autoload=False, plugins=[Plain]).rules
    ev = evaluate(_assess(weak_15=False, lab=False), rules)
    assert (ev.stars, ev.decision_en, ev.provenance.tier_policy) == (3, "plain 3", "plain")
