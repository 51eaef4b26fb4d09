"""evaluate(): exact totals, minimum marks, disqualifiers, authorities, trace, errors."""

from __future__ import annotations

import contextlib
from datetime import date
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopkit import Answer, Assessment, Level, ScoreSheet, evaluate, rulesets
from ocopkit.errors import OcopError, ValidationError
from ocopkit.rulesets import RoundedMean
from ocopkit.scoring import validate
from ocopkit.testing import strategies

R26 = rulesets.get("vn-qd-26-2026")
ON = date(2026, 6, 1)


def top(set_no: int) -> dict[str, str]:
    return {c.id: c.options[-1].id for c in R26.scorecard(set_no)}


def assessments(max_sheets: int = 3) -> st.SearchStrategy[Assessment]:
    """Valid 26/2026 assessments on ``ON`` from the public strategies module."""
    return strategies.assessments(sheets=(1, max_sheets), assessed_on=ON)


# ------------------------------------------------------------------ invariants


@pytest.mark.property
@given(assessments())
def test_total_equals_the_sum_of_the_trace_and_parts(a: Assessment) -> None:
    ev = evaluate(a)
    assert ev.total == sum(t.points for t in ev.trace)
    assert ev.total == sum(ev.parts.values()) == sum(ev.groups.values())
    assert 0 <= ev.total <= 100


@pytest.mark.property
@given(assessments())
def test_stars_never_exceed_the_band_and_only_3_to_5_are_certifiable(a: Assessment) -> None:
    ev = evaluate(a)
    assert ev.stars is not None and 1 <= ev.stars <= ev.band
    assert ev.certifiable == (ev.stars >= 3)
    assert (ev.authority is not None) == ev.certifiable
    if ev.certifiable:
        assert ev.minimums_met(ev.stars)


@pytest.mark.property
@given(assessments(max_sheets=1), st.data())
def test_choosing_a_higher_option_never_lowers_the_stars(a: Assessment, data: st.DataObject) -> None:
    card = R26.scorecard(a.product_set)
    answers = {x.criterion_id: x.option_id for x in a.sheets[0].answers}
    crit = data.draw(st.sampled_from(list(card)))
    cur = crit.option(answers[crit.id] or "")
    higher = [o for o in crit.options if o.points >= cur.points]
    answers[crit.id] = data.draw(st.sampled_from(higher)).id
    before, after = evaluate(a), evaluate(attrs.evolve(a, sheets=(ScoreSheet(answers),)))
    assert after.total >= before.total
    assert (after.stars or 0) >= (before.stars or 0)


@pytest.mark.property
@given(assessments(), st.randoms(use_true_random=False))
def test_evaluation_is_deterministic_and_order_independent(a: Assessment, rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    shuffled = []
    for s in a.sheets:
        answers = list(s.answers)
        rnd.shuffle(answers)
        shuffled.append(ScoreSheet(tuple(answers), s.scorer))
    b = attrs.evolve(a, sheets=tuple(shuffled))
    ea, eb = evaluate(a), evaluate(b)
    assert (ea.total, ea.stars, ea.minimum_failures, ea.trace) == (eb.total, eb.stars,
                                                                   eb.minimum_failures, eb.trace)
    assert evaluate(a) == ea


# ---------------------------------------------------------- boundaries, exact


def sheet_with_total(set_no: int, total: int) -> dict[str, str]:
    """Greedy: start from the lowest options, raise criteria until ``total`` is reached."""
    card = R26.scorecard(set_no)
    answers = {c.id: c.options[0].id for c in card}
    current = sum(c.options[0].points for c in card)
    for c in card:
        for o in sorted(c.options, key=lambda o: o.points):
            step = o.points - c.option(answers[c.id]).points
            if step > 0 and current + step <= total:
                answers[c.id] = o.id
                current += step
    assert current == total, (set_no, total, current)
    return answers


@pytest.mark.parametrize(("totals", "band"), [
    ((50, 50, 49), 2),   # 49.666… stays 2★-band
    ((50, 50, 50), 3),
    ((90, 89), 4),       # 89.5 is 4★-band under 148/26 half-open bands
    ((30, 29, 30), 1),
    ((70, 70, 69), 3),
    ((90, 90), 5),
])
def test_fractional_averages_at_the_band_edges(totals: tuple[int, ...], band: int) -> None:
    sheets = tuple(ScoreSheet(sheet_with_total(7, t)) for t in totals)
    ev = evaluate(Assessment(7, ON, sheets))
    assert ev.total == Fraction(sum(totals), len(totals))
    assert ev.band == band


def test_rounding_is_a_replaceable_policy() -> None:
    sheets = tuple(ScoreSheet(sheet_with_total(7, t)) for t in (50, 50, 49))
    a = Assessment(7, ON, sheets)
    assert evaluate(a).band == 2
    rounded = evaluate(a, averaging=RoundedMean(places=0))
    assert rounded.total == 50 and rounded.band == 3
    assert rounded.provenance.averaging == "rounded-mean-0"


# ------------------------------------------------------- minimums, disqualify


def test_a_product_above_70_missing_a_4_star_minimum_gets_3_stars() -> None:
    answers = top(7)
    answers["1.5"] = "1.5.b"
    ev = evaluate(Assessment.single(7, answers, assessed_on=ON))
    assert ev.band == 5 and ev.stars == 3
    assert "1.5" in ev.minimum_failures[4] and "1.5" in ev.minimum_failures[5]
    assert ev.line("1.5").met == {3: True, 4: False, 5: False}
    assert ev.authority is not None and ev.authority.id == "province-people-committee"


def test_missing_a_3_star_minimum_is_not_certifiable() -> None:
    answers = top(7)
    answers["2.2"] = "2.2.b"  # *** sits on 2.2.c
    ev = evaluate(Assessment.single(7, answers, assessed_on=ON))
    assert ev.total >= 90 and ev.stars == 2 and not ev.certifiable and ev.authority is None


def test_disqualifier_overrides_any_score_and_cites_its_reason() -> None:
    ev = evaluate(Assessment.single(7, top(7), assessed_on=ON, disqualifiers={"1.1.DQ1"}))
    assert ev.stars is None and not ev.certifiable and ev.disqualified
    assert ev.disqualified_by[0].criterion_id == "1.1"
    assert "tiêu chí 1.1" in ev.decision_vi


def test_conditional_criterion_scores_zero_when_its_condition_fails() -> None:
    answers = top(7)
    answers["5.1"] = "5.1.a"  # no story → 5.2 does not apply
    del answers["5.2"]
    ev = evaluate(Assessment.single(7, answers, assessed_on=ON))
    assert not ev.line("5.2").applicable and ev.line("5.2").points == 0
    assert "5.2" not in ev.minimum_failures.get(5, ())


def test_five_stars_at_province_level_is_a_proposal_to_the_ministry() -> None:
    ev = evaluate(Assessment.single(7, top(7), assessed_on=ON))
    assert ev.stars == 5 and ev.proposed_to_central
    assert ev.authority is not None and ev.authority.id == "ministry-mae"
    central = evaluate(Assessment.single(7, top(7), assessed_on=ON, level=Level.CENTRAL))
    assert not central.proposed_to_central


def test_provenance_records_ruleset_hash_and_versions() -> None:
    import ocopkit

    ev = evaluate(Assessment.single(7, top(7), assessed_on=ON))
    p = ev.provenance
    assert (p.ruleset_id, p.ruleset_hash) == (R26.id, R26.content_hash)
    assert p.ocopkit_version == ocopkit.__version__
    assert [x.name for x in p.plugins] == ["ocopkit.national"]


def test_rendering_is_bilingual_and_html_shows_the_scorecard() -> None:
    ev = evaluate(Assessment.single(7, top(7), assessed_on=ON, name="Mứt gừng mẫu"))
    text = str(ev)
    assert "Mứt gừng mẫu" in text and "★★★★★" in text and "sao" in text
    html = ev._repr_html_()
    assert "<table>" in html and "1.5" in html and R26.content_hash in html


# ----------------------------------------------------------------- bad input


def test_all_input_problems_are_reported_together_with_paths_and_suggestions() -> None:
    answers: dict[str, str] = top(7)
    answers["1.5"] = "1.5.x"
    answers["9.9"] = "9.9.a"
    del answers["6.2"]
    a = Assessment.single(7, answers, assessed_on=ON, disqualifiers={"HSS"})
    with pytest.raises(ValidationError) as exc:
        evaluate(a)
    by_code = {p.code: p for p in exc.value.problems}
    assert set(by_code) == {"unknown-option", "unknown-criterion", "missing-answer",
                            "unknown-disqualifier"}
    assert by_code["unknown-option"].path == "$.answers['1.5']"
    assert by_code["unknown-option"].suggestion in {"1.5.a", "1.5.b", "1.5.c", "1.5.d"}
    assert by_code["unknown-disqualifier"].suggestion == "HS"
    assert "did you mean" in str(exc.value) and "có phải ý bạn là" in str(exc.value)


def test_duplicate_answers_options_from_other_sets_and_points_out_of_range() -> None:
    answers = [Answer(k, v) for k, v in top(7).items()]
    answers.append(Answer("1.1", "1.1.a"))
    answers[0] = Answer("1.1", None, 7)  # criterion 1.1 has levels 1..3
    card7 = R26.scorecard(7)
    cid, foreign, other = next(
        (c.id, o.id, n) for n, card in R26.scorecards.items() if n != 7 for c in card
        for o in c.options if card7.has_criterion(c.id) and not card7.criterion(c.id).has_option(o.id)
    )
    index = next(i for i, x in enumerate(answers) if x.criterion_id == cid)
    answers[index] = Answer(cid, foreign)
    with pytest.raises(ValidationError) as exc:
        evaluate(Assessment.single(7, answers, assessed_on=ON))
    codes = set(exc.value.codes)
    assert "duplicate-answer" in codes and "points-out-of-range" in codes
    assert "option-from-other-set" in codes
    problem = next(p for p in exc.value.problems if p.code == "option-from-other-set")
    assert f"set {other}" in problem.message_en


def test_a_date_no_ruleset_covers_and_a_regime_without_scorecards() -> None:
    with pytest.raises(ValidationError) as exc:
        validate(Assessment.single(7, top(7), assessed_on=date(2018, 1, 1)))
    assert exc.value.codes == ("no-ruleset",)
    with pytest.raises(ValidationError) as exc:
        validate(Assessment.single(7, top(7), assessed_on=date(2024, 1, 1)))
    assert exc.value.codes == ("no-scorecards",)


@pytest.mark.property
@given(st.dictionaries(st.text(max_size=6), st.text(max_size=8), max_size=6),
       st.integers(-3, 40), st.dates())
def test_only_ocopkit_errors_escape_on_garbage(answers: dict[str, str], set_no: int, on: date) -> None:
    with contextlib.suppress(OcopError):
        evaluate(Assessment.single(set_no, answers, assessed_on=on))


@pytest.mark.property
@given(assessments(max_sheets=1))
def test_fast_path_results_survive_evolve_copy_and_json(a: Assessment) -> None:
    import copy

    from ocopkit.io import from_dict, to_dict

    ev = evaluate(a)
    # read nothing first: every lazily filled field must come out right through each route
    assert attrs.evolve(ev) == ev
    assert copy.copy(ev) == ev
    back = from_dict(to_dict(ev), type(ev))
    assert back == ev
    assert back.trace == ev.trace and back.parts == ev.parts


def test_an_invalid_averaging_policy_is_refused_not_replaced() -> None:
    with pytest.raises(ValidationError) as exc:
        evaluate(Assessment.single(7, top(7), assessed_on=ON), averaging="mean")  # type: ignore[arg-type]
    assert exc.value.codes == ("bad-averaging",)


def test_a_pinned_rule_set_outside_its_window_is_refused() -> None:
    """A 26/2026 card cannot score a 2024 dossier: the rule Certificate.issue applies."""
    card = rulesets.get("vn-qd-26-2026").scorecard(7)
    best = {c.id: c.options[-1].id for c in card}
    with pytest.raises(ValidationError) as exc:
        evaluate(Assessment.single(7, best, assessed_on=date(2024, 5, 2),
                                   ruleset_id="vn-qd-26-2026"))
    (problem,) = exc.value.problems
    assert (problem.path, problem.code, problem.suggestion) == (
        "$.ruleset_id", "ruleset-not-in-force", "vn-qd-148-2023")


def test_a_transition_keeps_the_old_rule_set_deciding() -> None:
    registry = rulesets.builtin_registry()
    old = registry.get("vn-qd-148-1489-2025")
    on = date(2026, 6, 10)
    assert registry.decides_on(old, on)  # unknown submission date: the benefit of Điều 12.2
    assert registry.decides_on(old, on, submitted_on=date(2026, 5, 1), kind="re-evaluation")
    assert not registry.decides_on(old, on, submitted_on=date(2026, 5, 30))
    assert not registry.decides_on(old, date(2026, 6, 25), submitted_on=date(2026, 5, 1),
                                   kind="re-evaluation")  # 30 days for re-evaluations
    assert registry.decides_on(old, date(2026, 7, 21), submitted_on=date(2026, 5, 1))
    assert not registry.decides_on(old, date(2026, 7, 22), submitted_on=date(2026, 5, 1))
