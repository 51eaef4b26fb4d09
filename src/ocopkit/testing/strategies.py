"""Hypothesis strategies for ocopkit and its plug-ins (needs ``hypothesis``).

>>> from hypothesis import given
>>> from ocopkit.scoring import evaluate
>>> @given(assessments(product_set=7, sheets=(1, 2)))
... def test_total_in_range(a):
...     assert 0 <= evaluate(a).total <= 100
>>> test_total_in_range()
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import strategies as st

from ocopkit.rulesets import builtin_registry
from ocopkit.scoring import Assessment, ScoreSheet

__all__ = ["BOUNDARY_DATES", "BOUNDARY_TOTALS", "assessments", "dates", "product_sets", "totals"]

#: Dates where rules change: rule sets, the 2025 reorganisation.
BOUNDARY_DATES: tuple[date, ...] = (
    date(2019, 8, 20), date(2019, 8, 21), date(2023, 2, 23), date(2023, 2, 24),
    date(2025, 6, 30), date(2025, 7, 1), date(2025, 7, 5), date(2025, 7, 6),
    date(2026, 5, 21), date(2026, 5, 22), date(2026, 7, 21), date(2026, 7, 22),
)

#: Totals on and around the band thresholds (89.5 is the 1048 integer-band gap).
BOUNDARY_TOTALS: tuple[Fraction, ...] = tuple(sorted({
    Fraction(0), Fraction(100), Fraction(179, 2), Fraction(99, 2),
    *(Fraction(t) + d for t in (30, 50, 70, 90)
      for d in (Fraction(0), Fraction(-1, 3), Fraction(-1, 1000), Fraction(1, 1000))),
}))


def product_sets(ruleset_id: str = "vn-qd-26-2026") -> st.SearchStrategy[int]:
    """Product-set numbers of ``ruleset_id`` (1–26 under 26/2026)."""
    return st.sampled_from(sorted(builtin_registry().get(ruleset_id).scorecards))


def dates(
    min_value: date = date(2019, 8, 21),
    max_value: date = date(2030, 12, 31),
) -> st.SearchStrategy[date]:
    """Dates in ``[min_value, max_value]``, often on a rule-change boundary."""
    edges = [d for d in BOUNDARY_DATES if min_value <= d <= max_value]
    plain = st.dates(min_value=min_value, max_value=max_value)
    return st.one_of(st.sampled_from(edges), plain) if edges else plain


def totals() -> st.SearchStrategy[Fraction]:
    """Exact totals in ``[0, 100]``: band edges, near-misses (49.999…), averages."""
    averages = st.builds(
        lambda num, den: Fraction(num, den),
        st.integers(min_value=0, max_value=100 * 12), st.integers(min_value=1, max_value=12),
    ).filter(lambda f: f <= 100)
    return st.one_of(st.sampled_from(BOUNDARY_TOTALS), averages)


@st.composite
def _assessments(
    draw: st.DrawFn,
    product_set: int | None,
    ruleset_id: str,
    sheets: int | tuple[int, int],
    assessed_on: date | st.SearchStrategy[date] | None,
    province: str | None,
) -> Assessment:
    ruleset = builtin_registry().get(ruleset_id)
    number = product_set if product_set is not None else draw(product_sets(ruleset_id))
    card = ruleset.scorecard(number)
    low, high = (sheets, sheets) if isinstance(sheets, int) else sheets
    count = draw(st.integers(min_value=low, max_value=high))
    if assessed_on is None:
        end = ruleset.effective_until or ruleset.effective_from + timedelta(days=5 * 366)
        on = draw(dates(ruleset.effective_from, end))
    elif isinstance(assessed_on, date):
        on = assessed_on
    else:
        on = draw(assessed_on)
    drawn: list[ScoreSheet] = []
    for i in range(count):
        answers = {c.id: draw(st.sampled_from([o.id for o in c.options])) for c in card}
        drawn.append(ScoreSheet(answers, scorer=f"scorer {i + 1}"))
    return Assessment(number, on, drawn, ruleset_id=ruleset_id, province=province)


def assessments(
    product_set: int | None = None,
    ruleset_id: str = "vn-qd-26-2026",
    sheets: int | tuple[int, int] = (1, 3),
    assessed_on: date | st.SearchStrategy[date] | None = None,
    *,
    province: str | None = None,
) -> st.SearchStrategy[Assessment]:
    """Valid assessments with random options, by 1–3 scorers by default.

    ``product_set`` fixes the set (default: any); ``sheets`` is a number or
    an inclusive ``(min, max)``; ``assessed_on`` a date or a strategy
    (default: dates in the rule set's window); ``province`` is copied.
    """
    return _assessments(product_set, ruleset_id, sheets, assessed_on, province)
