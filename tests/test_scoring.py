"""evaluate(): exact totals, minimum marks, disqualifiers, authorities, trace, errors."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
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
    if ev.disqualified:  # nothing is flagged: only a 0 that stops the evaluation (bộ 16)
        assert ev.stars is None and not ev.certifiable and ev.authority is None
        assert all(d.when_zero for d in ev.disqualified_by)
        return
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


# ------------------------------------------------------------ one engine ≡ the oracle

from reference import reference_evaluate  # noqa: E402

from ocopkit.rulesets import (  # noqa: E402
    Attributed,
    BandOrNothing,
    Citation,
    CriterionOverride,
    ExactMean,
    Gate,
    OptionChange,
    PluginInfo,
    Rules,
)
from ocopkit.scoring import Evaluation  # noqa: E402
from ocopkit.scoring import _engine as engine  # noqa: E402

CITE = Citation("test")
PROVINCIAL = Rules.national().with_contributions(
    overrides=[
        Attributed("ocopkit-qn", CriterionOverride(
            "qn-1.5", "22", "1.5", (OptionChange("1.5.c", min_star=3),), CITE)),
        Attributed("ocopkit-qn", CriterionOverride(
            "qn-1.1", "22", "1.1", (OptionChange("1.1.a", points=1),), CITE,
            product_sets=frozenset({1, 7, 13}))),
    ],
    gates=[Attributed("ocopkit-qn", Gate("qn-lab", "22", frozenset({"lab-test"}), CITE,
                                         "xét nghiệm", "lab test", min_stars=4))],
    plugins=[PluginInfo("ocopkit-qn", "1.0")],
)
STRICT = Rules.national().with_contributions(
    tier_policies={R26.id: ("ocopkit-strict", BandOrNothing())},
    plugins=[PluginInfo("ocopkit-strict", "1.0")],
)
CONTEXTS = [(Rules.national(), None), (PROVINCIAL, "22"), (STRICT, None)]


@st.composite
def shapes(draw: st.DrawFn) -> tuple[Assessment, Rules, object | None]:
    """Assessments of every shape the engine handles, valid and not."""
    set_no = draw(st.integers(1, 26))
    card = R26.scorecard(set_no)
    n_sheets = draw(st.sampled_from([1, 1, 2, 3, 5]))
    base = {c.id: draw(st.sampled_from(c.options)).id for c in card}
    sheets = []
    for _ in range(n_sheets):
        answers: list[Answer] = []
        for c in card:
            oid = base[c.id] if draw(st.integers(0, 3)) else draw(st.sampled_from(c.options)).id
            how = draw(st.sampled_from(["option"] * 6 + ["points", "both", "skip"]))
            pts = c.option(oid).points
            if how == "points":
                answers.append(Answer(c.id, None, pts))
            elif how == "both":
                answers.append(Answer(c.id, oid, pts))
            elif how != "skip" or c.applies_when is None:
                answers.append(Answer(c.id, oid))
        if draw(st.booleans()):
            answers = draw(st.permutations(answers))
        sheets.append(ScoreSheet(tuple(answers), scorer=f"S{len(sheets)}"))
    mutation = draw(st.sampled_from(["none"] * 8 + ["dup", "unknown", "drop", "empty",
                                                     "mismatch", "foreign", "no-sheets"]))
    first = list(sheets[0].answers)
    if mutation == "dup":
        first.append(first[0])
    elif mutation == "unknown":
        first[0] = Answer(first[0].criterion_id, "9.9.z")
    elif mutation == "drop":
        first = [x for x in first if card.criterion(x.criterion_id).applies_when is not None
                 or x is not first[0]]
    elif mutation == "empty":
        first[0] = Answer(first[0].criterion_id)
    elif mutation == "mismatch":
        first[0] = Answer(first[0].criterion_id, card.criterion(first[0].criterion_id)
                          .options[0].id, 99)
    elif mutation == "foreign":
        first.append(Answer("99.9", "99.9.a"))
    sheets[0] = ScoreSheet(tuple(first), sheets[0].scorer)
    rules, province = draw(st.sampled_from(CONTEXTS))
    a = Assessment(
        set_no, draw(st.sampled_from([ON, date(2026, 7, 1), date(2027, 3, 1), date(2025, 1, 1)])),
        () if mutation == "no-sheets" else tuple(sheets), province=province,
        evidence=draw(st.sampled_from([{}, {"lab-test": ["KQ-1"]}])),
        disqualifiers=draw(st.sampled_from([frozenset()] * 4 + [frozenset({"HS"}),
                                                                frozenset({"HSS"})])),
        kind=draw(st.sampled_from(["first", "first", "upgrade", "re-evaluation"])),
    )
    averaging = draw(st.sampled_from([None, None, ExactMean(), RoundedMean(0), RoundedMean(2)]))
    return a, rules, averaging


def _outcome(fn: object, a: Assessment, rules: Rules, averaging: object | None
             ) -> Evaluation | tuple[str, ...]:
    try:
        return fn(a, rules, averaging=averaging)  # type: ignore[operator, no-any-return]
    except ValidationError as exc:
        return exc.codes


def assert_same(ref: Evaluation, got: Evaluation) -> None:
    """Every field, in order, and every rendering."""
    assert got == ref
    for name in ("parts", "groups", "minimum_failures"):
        assert list(getattr(got, name).items()) == list(getattr(ref, name).items())
    assert got.trace == ref.trace and got.scorecard == ref.scorecard
    assert got.bands == ref.bands and got.rules is ref.rules
    assert repr(got) == repr(ref) and got.explain() == ref.explain()
    assert got.explain("vi") == ref.explain("vi")
    assert got._repr_html_() == ref._repr_html_()


@pytest.mark.property
@given(shapes())
def test_the_engine_agrees_with_the_reference_evaluator(
    case: tuple[Assessment, Rules, object | None],
) -> None:
    a, rules, averaging = case
    ref = _outcome(reference_evaluate, a, rules, averaging)
    got = _outcome(evaluate, a, rules, averaging)
    if isinstance(ref, tuple) or isinstance(got, tuple):
        assert got == ref
    else:
        assert_same(ref, got)


def test_the_engine_is_the_path_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid input never reaches the validator; the engine's tables score it."""
    a = Assessment(7, ON, (ScoreSheet(top(7)), ScoreSheet({**top(7), "1.5": "1.5.b"})))
    calls: list[Assessment] = []
    real = engine._score

    def spy(t: object, x: Assessment, *args: object) -> object:
        calls.append(x)
        return real(t, x, *args)  # type: ignore[arg-type]

    def no_validation(*args: object) -> None:
        raise AssertionError("validate() called on valid input")

    monkeypatch.setattr(engine, "_score", spy)
    monkeypatch.setattr(engine, "validate", no_validation)
    ev = evaluate(a)
    assert calls == [a]
    # 1.5 averages (3 + 1) / 2 = 2: the 4★ mark (2) is met, the 5★ mark (3) is not
    assert ev.minimum_failures == {5: ("1.5",)}
    assert ev.total == Fraction(100 + 98, 2)


def test_an_engine_that_refuses_valid_input_is_a_bug_not_a_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "_score", lambda *args: None)
    with pytest.raises(AssertionError, match="internal error"):
        evaluate(Assessment.single(7, top(7), assessed_on=ON))


def test_lazy_fields_are_computed_on_first_read_only() -> None:
    from ocopkit.scoring._results import PENDING

    ev = evaluate(Assessment.single(7, top(7), assessed_on=ON))
    slot = Evaluation.__dict__["trace"].member
    assert slot.__get__(ev) is PENDING
    assert len(ev.trace) == 32 and slot.__get__(ev) is ev.trace


def test_contexts_are_cached_per_interval_not_per_day() -> None:
    from ocopkit.scoring import _contexts

    rules = Rules.national().with_contributions()  # a fresh rules object: fresh caches
    days = [date(2026, 6, 1) + timedelta(k) for k in range(200)]
    for day in days:
        evaluate(Assessment.single(7, top(7), assessed_on=day, province="22"), rules)
    h = _contexts.holder(rules)
    assert len(h.timelines) == 1 and len(h.tables) == 1
    (timeline,) = h.timelines.data.values()
    # one interval per change point crossed (the ends of the Điều 12.2 transitions)
    points = rules.change_points
    assert points is not None
    crossed = [p for p in points if days[0] < p <= days[-1]]
    assert crossed == [date(2026, 6, 22), date(2026, 7, 22)]
    assert sum(s is not None for s in timeline.segments) == len(crossed) + 1


def test_the_context_cache_evicts_the_least_recently_used_entry() -> None:
    from ocopkit.scoring._contexts import LRU

    cache: LRU[int, str] = LRU(3)
    for k in range(3):
        cache.put(k, str(k))
    assert cache.get(0) == "0"  # 0 is now the most recent
    cache.put(3, "3")
    assert sorted(cache.data) == [0, 2, 3]


def test_a_pinned_rule_set_and_a_submission_date_pick_their_interval() -> None:
    """The same product, the same day: a dossier pending under Điều 12.2 is decided by
    the old regime (which has no scorecards), a new one by 26/2026."""
    old = Assessment.single(7, top(7), assessed_on=date(2026, 6, 10),
                            submitted_on=date(2026, 5, 1))
    with pytest.raises(ValidationError) as exc:
        evaluate(old)
    assert exc.value.codes == ("no-scorecards",)
    new = attrs.evolve(old, submitted_on=date(2026, 5, 30))
    assert evaluate(new).stars == 5


# ------------------------------------------------- a 0 that stops the evaluation (bộ 16)

#: QĐ 26/2026/QĐ-TTg, Phụ lục II, bộ 16, group 6 (chỉ tiêu cảm quan), after 6.4: "Ghi chú:
#: Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo."
SET16_STOP = "Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo."


def test_set_16_stop_note_is_decided_by_the_scores_of_6_1_to_6_4() -> None:
    dq = R26.scorecard(16).disqualifiers["6.4.DQ1"]
    assert dq.text == SET16_STOP and dq.when_zero == ("6.1", "6.2", "6.3", "6.4")


@pytest.mark.parametrize("cid", ["6.1", "6.2", "6.3", "6.4"])
def test_a_0_on_6_1_to_6_4_of_set_16_disqualifies_without_any_flag(cid: str) -> None:
    answers = top(16)
    answers[cid] = f"{cid}.a"  # the 0-point option of each of the four criteria
    ev = evaluate(Assessment.single(16, answers, assessed_on=ON))
    # before: 6.1 at 0 gave 97/100, band 5, 5★ — the note was a flag nobody raised
    assert ev.band == 5 and ev.total == 100 - R26.scorecard(16).criterion(cid).max_points
    assert ev.stars is None and not ev.certifiable and ev.authority is None
    assert [d.id for d in ev.disqualified_by] == ["6.4.DQ1"]
    assert f"tiêu chí {cid} được 0 điểm" in ev.decision_vi
    assert f"criterion {cid} scored 0 points" in ev.decision_en


def test_the_stop_needs_a_0_mean_and_flags_still_work() -> None:
    answers = top(16)
    low = dict(answers, **{"6.1": "6.1.a"})
    council = Assessment(16, ON, (ScoreSheet(answers), ScoreSheet(low)))
    ev = evaluate(council)  # a mean of 3/2 on 6.1 is not 0 points (Điều 3.3: the mean)
    assert not ev.disqualified and ev.stars == 5
    both = Assessment(16, ON, (ScoreSheet(low), ScoreSheet(low)))
    assert evaluate(both).disqualified
    flagged = evaluate(Assessment.single(16, answers, assessed_on=ON,
                                         disqualifiers={"6.4.DQ1"}))
    assert flagged.disqualified  # the evaluators may still flag it: no criterion is named
    assert flagged.decision_vi.startswith(f"bị loại: {SET16_STOP} [")
