"""Tier boundaries and tier policies (26/2026 Điều 3.3; 1048/2019; open question 4)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

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
