"""gap_to_next_star is exact: compared with a brute-force oracle on small scorecards."""

from __future__ import annotations

import itertools
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopkit import Assessment, ScoreSheet, evaluate
from ocopkit.rulesets import (
    HALF_OPEN_BANDS,
    MINISTRY_MAE,
    PROVINCE,
    Citation,
    Condition,
    Criterion,
    CriterionGroup,
    Option,
    Part,
    Rules,
    RuleSet,
    RuleSetRegistry,
    Scorecard,
)
from ocopkit.scoring import gap_to_next_star

CITE = Citation("test")


@st.composite
def small_cards(draw: st.DrawFn) -> Scorecard:
    k = draw(st.integers(2, 4))
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=k - 1, max_size=k - 1, unique=True)))
    maxima = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    conditional = draw(st.booleans()) and k >= 2
    crits = []
    for i, top in enumerate(maxima, start=1):
        inner = draw(st.lists(st.integers(1, max(1, top - 1)), max_size=3, unique=True)) if top > 1 else []
        levels = sorted({0, top, *inner})
        options = []
        for j, pts in enumerate(levels):
            mark = draw(st.sampled_from([None, None, 3, 4, 5])) if j > 0 else None
            options.append(Option(f"{i}.{chr(97 + j)}", f"o{j}", pts, mark))
        # marks must not decrease with points, as in the decision
        fixed, best = [], None
        for o in options:
            if o.min_star is not None and best is not None and o.min_star < best:
                o = Option(o.id, o.text, o.points, None)
            if o.min_star is not None:
                best = o.min_star
            fixed.append(o)
        cond = Condition("1", "only when 1 > 0") if conditional and i == k else None
        crits.append(Criterion(str(i), f"c{i}", top, tuple(fixed), "A", "1", CITE,
                               applies_when=cond))
    group = CriterionGroup("1", "g", 100, tuple(crits))
    return Scorecard(1, "small", (Part("A", "a", 100, (group,)),), CITE)


def rules_for(card: Scorecard) -> Rules:
    rs = RuleSet(
        id="test-small", title_vi="t", title_en="t", citation=CITE,
        effective_from=date(2000, 1, 1), effective_until=None, part_max={"A": 100},
        bands=HALF_OPEN_BANDS,
        authorities={3: ((None, PROVINCE),), 4: ((None, PROVINCE),), 5: ((None, MINISTRY_MAE),)},
        scorecards={1: card},
    )
    return Rules(RuleSetRegistry((rs,)))


def oracle_stars(card: Scorecard, pts: dict[str, Fraction]) -> int:
    applicable = {c.id: c.applies_when is None or pts[c.applies_when.criterion_id] > 0 for c in card}
    total = sum((pts[c.id] for c in card if applicable[c.id]), Fraction(0))
    band = 1 + sum(total >= t for t in (30, 50, 70, 90))
    for k in range(band, 2, -1):
        if all(not applicable[c.id] or (r := c.required_points(k)) is None or pts[c.id] >= r
               for c in card):
            return k
    return min(band, 2)


@pytest.mark.property
@given(small_cards(), st.data())
def test_gap_matches_brute_force(card: Scorecard, data: st.DataObject) -> None:
    rules = rules_for(card)
    n_sheets = data.draw(st.integers(1, 2))
    sheets = tuple(
        ScoreSheet({c.id: data.draw(st.sampled_from([o.id for o in c.options])) for c in card})
        for _ in range(n_sheets)
    )
    a = Assessment(1, date(2026, 6, 1), sheets, ruleset_id="test-small")
    ev = evaluate(a, rules)
    cur = {c.id: sum((Fraction(c.option({x.criterion_id: x.option_id for x in s.answers}[c.id]).points)
                      for s in sheets), Fraction(0)) / n_sheets for c in card}
    assert ev.stars == oracle_stars(card, cur)
    target = ev.stars + 1 if ev.certifiable or ev.band < 3 else 3
    best: tuple[Fraction, int] | None = None
    crits = list(card)
    # a change raises a criterion (lowering one to cut the overshoot is never advice)
    for combo in itertools.product(*[[None, *[o for o in c.options if o.points > cur[c.id]]]
                                     for c in crits]):
        pts = dict(cur)
        changes = 0
        for c, o in zip(crits, combo, strict=True):
            if o is not None:
                pts[c.id] = Fraction(o.points)
                changes += 1
        if oracle_stars(card, pts) >= target:
            app = lambda p, c: c.applies_when is None or p[c.applies_when.criterion_id] > 0  # noqa: E731
            gained = (sum((pts[c.id] for c in crits if app(pts, c)), Fraction(0))
                      - sum((cur[c.id] for c in crits if app(cur, c)), Fraction(0)))
            key = (gained, changes)
            if best is None or key < best:
                best = key
    gap = gap_to_next_star(ev)
    if target > 5:
        assert not gap.reachable
        return
    if best is None:
        assert not gap.reachable
        return
    assert gap.reachable, (gap, best)
    assert (gap.points_gained, len(gap.changes)) == best
    # applying the changes really reaches the target tier
    patched = tuple(
        ScoreSheet({**{x.criterion_id: x.option_id for x in s.answers},
                    **{ch.criterion_id: ch.to_option for ch in gap.changes}})
        for s in sheets
    )
    after = evaluate(Assessment(1, date(2026, 6, 1), patched, ruleset_id="test-small"), rules)
    assert after.stars is not None and after.stars >= target


def test_gap_lists_the_minimum_marks_that_block_4_stars() -> None:
    from ocopkit import rulesets

    card = rulesets.get("vn-qd-26-2026").scorecard(7)
    answers = {c.id: c.options[-1].id for c in card}
    answers["1.5"] = "1.5.b"  # below the 4★ mark on 1.5.c
    for cid in ("4.3", "6.2", "10", "11", "4.2"):
        answers[cid] = card.criterion(cid).options[0].id
    ev = evaluate(Assessment.single(7, answers, assessed_on=date(2026, 6, 1)))
    assert ev.total >= 70 and ev.stars == 3
    gap = gap_to_next_star(ev)
    assert gap.reachable and gap.target_stars == 4
    # the band is already 4★: the one change needed is the forced minimum mark of 1.5
    assert [(c.criterion_id, c.to_option, c.forced) for c in gap.changes] == [
        ("1.5", "1.5.c", True)]
    assert gap.forced == ("1.5",) and gap.points_needed == 0


def test_disqualified_products_have_no_gap() -> None:
    from ocopkit import rulesets

    card = rulesets.get("vn-qd-26-2026").scorecard(7)
    answers = {c.id: c.options[-1].id for c in card}
    ev = evaluate(Assessment.single(7, answers, assessed_on=date(2026, 6, 1),
                                    disqualifiers={"HS"}))
    gap = gap_to_next_star(ev)
    assert not gap.reachable and gap.blocked_by[0].startswith("disqualified")


def test_ties_go_to_the_earliest_criterion_in_scorecard_order() -> None:
    """'6.3' comes before '10' on the card, though '10' < '6.3' as strings."""
    def crit(cid: str, points: tuple[int, ...]) -> Criterion:
        return Criterion(cid, cid, max(points), tuple(
            Option(f"{cid}.{chr(97 + i)}", f"o{i}", p) for i, p in enumerate(points)),
            "A", "1", CITE)

    crits = (crit("6.3", (0, 5)), crit("10", (0, 5)), crit("99", (0, 45, 90)))
    card = Scorecard(1, "tie", (Part("A", "a", 100, (CriterionGroup("1", "g", 100, crits),)),),
                     CITE)
    rules = rules_for(card)
    sheets = (ScoreSheet({"6.3": "6.3.a", "10": "10.a", "99": "99.b"}),) * 3
    ev = evaluate(Assessment(1, date(2026, 6, 1), sheets, ruleset_id="test-small"), rules)
    assert (ev.total, ev.stars) == (45, 2)
    gap = gap_to_next_star(ev)
    assert [(c.criterion_id, c.to_option) for c in gap.changes] == [("6.3", "6.3.b")]
    assert gap.points_gained == 5


def test_the_gap_of_a_five_scorer_council_is_exact() -> None:
    """Means in fifths: the integer search reaches the band edge exactly."""
    from ocopkit import rulesets

    card = rulesets.get("vn-qd-26-2026").scorecard(7)
    low = {c.id: c.options[len(c.options) // 2].id for c in card}
    sheets = tuple(ScoreSheet({**low, "1.1": card.criterion("1.1").options[k % 3].id})
                   for k in range(5))
    ev = evaluate(Assessment(7, date(2026, 6, 1), sheets))
    assert ev.total.denominator in (1, 5)
    gap = gap_to_next_star(ev)
    assert gap.reachable and gap.target_stars == (ev.stars or 0) + 1
    assert ev.total + gap.points_gained >= ev.bands.lower_bound(gap.target_stars)


def test_a_0_that_stops_set_16_is_lifted_by_the_gap() -> None:
    """26/2026 Phụ lục II bộ 16: "Nếu được 0 điểm tại một trong các chỉ tiêu trên [6.1–6.4],
    sẽ không đánh giá các bước tiếp theo" — the gap raises those criteria above 0."""
    from ocopkit import rulesets

    card = rulesets.get("vn-qd-26-2026").scorecard(16)
    answers = {c.id: c.options[len(c.options) // 2].id for c in card}
    answers["6.2"] = "6.2.a"  # 0 points: disqualified
    ev = evaluate(Assessment.single(16, answers, assessed_on=date(2026, 6, 1)))
    assert ev.disqualified and ev.stars is None
    gap = gap_to_next_star(ev)
    assert gap.reachable and "6.2" in gap.forced
    patched = {**answers, **{ch.criterion_id: ch.to_option for ch in gap.changes}}
    after = evaluate(Assessment.single(16, patched, assessed_on=date(2026, 6, 1)))
    assert not after.disqualified and after.stars is not None
    assert after.stars >= gap.target_stars  # type: ignore[operator]
    # a disqualifier the evaluators flagged stays out of reach of any option
    flagged = evaluate(Assessment.single(16, answers, assessed_on=date(2026, 6, 1),
                                         disqualifiers={"6.4.DQ1"}))
    assert not gap_to_next_star(flagged).reachable
