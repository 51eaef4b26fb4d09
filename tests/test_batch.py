"""The columnar batch path (ocopkit.scoring.BatchScorer): matrices, DataFrames, Dask.

It must agree EXACTLY with :func:`ocopkit.evaluate` (itself checked against the
reference evaluator of tests/reference.py): totals, bands, stars, certifiability and
the tiers whose minimum marks fail.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from reference import reference_evaluate
from test_scoring import assert_same

from ocopkit.errors import MissingDependencyError, ValidationError
from ocopkit.rulesets import (
    HALF_OPEN_BANDS,
    PROVINCE,
    Attributed,
    BandOrNothing,
    Citation,
    Condition,
    Criterion,
    CriterionGroup,
    CriterionOverride,
    Gate,
    Option,
    OptionChange,
    Part,
    PluginInfo,
    Rules,
    RuleSet,
    RuleSetRegistry,
    Scorecard,
    TierDecision,
    get,
)
from ocopkit.scoring import Answer, Assessment, Evaluation, ScoreSheet, evaluate

np = pytest.importorskip("numpy")

from ocopkit.scoring import MISSING, BatchScorer  # noqa: E402

ON = date(2026, 6, 1)
R26 = get("vn-qd-26-2026")
CITE = Citation("test")

_OVERRIDE = CriterionOverride("qn-1.5", "22", "1.5", (OptionChange("1.5.c", min_star=3),), CITE)
_OVERRIDE_2 = CriterionOverride("qn-1.1", "22", "1.1", (OptionChange("1.1.a", points=1),), CITE,
                                product_sets=frozenset({1, 7, 13}))
_GATE = Gate("qn-lab", "22", frozenset({"lab-test"}), CITE, "xét nghiệm", "lab test", min_stars=4)
PROVINCIAL = Rules.national().with_contributions(
    overrides=[Attributed("ocopkit-qn", _OVERRIDE), Attributed("ocopkit-qn", _OVERRIDE_2)],
    gates=[Attributed("ocopkit-qn", _GATE)],
    plugins=[PluginInfo("ocopkit-qn", "1.0")],
)
STRICT = Rules.national().with_contributions(
    tier_policies={R26.id: ("ocopkit-strict", BandOrNothing())},
    plugins=[PluginInfo("ocopkit-strict", "1.0")],
)

# (rules, province, evidence) contexts the properties range over
CONTEXTS: list[tuple[Rules, str | None, frozenset[str]]] = [
    (Rules.national(), None, frozenset()),
    (PROVINCIAL, "22", frozenset()),
    (PROVINCIAL, "22", frozenset({"lab-test"})),
    (STRICT, None, frozenset()),
]


def row_of(ev: Evaluation) -> tuple[Fraction, int, int, bool, tuple[bool, bool, bool]]:
    # a row the scores disqualify (26/2026 bộ 16) has stars 0 where evaluate() gives None
    return (ev.total, ev.band, ev.stars or 0, ev.certifiable,
            tuple(bool(ev.minimum_failures.get(k)) for k in (3, 4, 5)))  # type: ignore[return-value]


def batch_row(result: Any, i: int) -> tuple[Fraction, int, int, bool, tuple[bool, ...]]:
    return (Fraction(int(result.total[i])), int(result.band[i]), int(result.stars[i]),
            bool(result.certifiable[i]), tuple(bool(x) for x in result.min_fail[i]))


@st.composite
def option_rows(draw: st.DrawFn, card: Scorecard) -> list[int]:
    """One row of option indexes, biased towards good products so that 3–5★ occur."""
    level = draw(st.sampled_from(["high", "top", "top", "random", "low"]))
    row = []
    for c in card:
        n = len(c.options)
        if c.applies_when is not None and draw(st.integers(0, 4)) == 0:
            row.append(MISSING)
        elif level == "high":
            row.append(n - 1 - (draw(st.integers(0, n - 1)) if draw(st.integers(0, 9)) == 0
                                else 0))
        elif level == "top":
            row.append(n - 1 - draw(st.integers(0, n - 1)) * draw(st.integers(0, 1)))
        elif level == "low":
            row.append(min(draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))))
        else:
            row.append(draw(st.integers(0, n - 1)))
    return row


@st.composite
def batches(draw: st.DrawFn) -> tuple[BatchScorer, Any]:
    set_no = draw(st.integers(1, 26))
    rules, province, evidence = draw(st.sampled_from(CONTEXTS))
    scorer = BatchScorer.for_set(set_no, on=ON, rules=rules, province=province,
                                 evidence=evidence)
    rows = draw(st.lists(option_rows(scorer.scorecard), min_size=1, max_size=12))
    return scorer, np.array(rows, dtype=np.uint8)


# ------------------------------------------------------------------ batch ≡ evaluate


@pytest.mark.property
@given(batches())
def test_batch_agrees_exactly_with_evaluate(case: tuple[BatchScorer, Any]) -> None:
    scorer, answers = case
    result = scorer.score(answers)
    assert len(result) == answers.shape[0]
    for stars in set(result.stars.tolist()):
        event(f"{stars}★")
    for i, row in enumerate(answers):
        a = scorer.assessment(row)
        ev = evaluate(a, scorer.rules)
        assert batch_row(result, i) == row_of(ev), (scorer, row.tolist())
        # encode() is the inverse of assessment()
        assert scorer.encode([a]).tolist() == [row.tolist()]


@pytest.mark.property
@given(st.integers(1, 26), st.data())
def test_batch_agrees_with_evaluate_on_encoded_assessments(set_no: int, data: Any) -> None:
    card = R26.scorecard(set_no)
    rows = data.draw(st.lists(option_rows(card), min_size=1, max_size=5))
    items = []
    for row in rows:
        answers = [Answer(c.id, c.options[k].id) for c, k in zip(card, row, strict=True)
                   if k != MISSING]
        items.append(Assessment.single(set_no, data.draw(st.permutations(answers)),
                                       assessed_on=ON))
    scorer = BatchScorer(card)
    result = scorer.score_assessments(items)
    for i, a in enumerate(items):
        assert batch_row(result, i) == row_of(evaluate(a))
        assert result.explain(i).assessment is a


def test_set_16_rows_with_a_0_on_6_1_to_6_4_are_disqualified_as_by_evaluate() -> None:
    # 26/2026 Phụ lục II bộ 16, ghi chú of 6.1–6.4: "Nếu được 0 điểm tại một trong các
    # chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo" — every 0/non-0 pattern of them
    card = R26.scorecard(16)
    scorer = BatchScorer(card)
    best = [len(c.options) - 1 for c in card]
    cols = [scorer.columns.index(cid) for cid in ("6.1", "6.2", "6.3", "6.4")]
    rows = []
    for mask in range(16):
        row = list(best)
        for bit, col in enumerate(cols):
            if mask >> bit & 1:
                row[col] = 0  # option "a", 0 points
        rows.append(row)
    result = scorer.score(np.array(rows, dtype=np.uint8))
    assert result.stars.tolist() == [5] + [0] * 15
    assert result.certifiable.tolist() == [True] + [False] * 15
    assert result.summary()["—"] == 15
    for i in range(16):
        ev = result.explain(i)
        assert batch_row(result, i) == row_of(ev) == row_of(reference_evaluate(ev.assessment))
        assert ev.disqualified == (i > 0)


# ------------------------------------------------------------------ chained conditions


def _chained_rules() -> Rules:
    def crit(cid: str, points: tuple[int, ...], marks: tuple[int | None, ...],
             cond: str | None, group: str, part: str) -> Criterion:
        return Criterion(
            cid, f"criterion {cid}", max(points),
            tuple(Option(f"{cid}.{chr(97 + i)}", f"option {i}", p, m)
                  for i, (p, m) in enumerate(zip(points, marks, strict=True))),
            part, group, CITE, applies_when=Condition(cond, "if") if cond else None)

    a = Part("A", "A", 20, (CriterionGroup("1", "g1", 20, (
        crit("x", (0, 5, 10), (None, 3, 5), None, "1", "A"),
        crit("y", (0, 5), (None, 4), "x", "1", "A"),
        crit("z", (0, 3, 5), (None, 3, 5), "y", "1", "A"),
    )),))
    b = Part("B", "B", 80, (CriterionGroup("2", "g2", 80, (
        crit("w", (0, 30, 50, 80), (None, None, None, None), None, "2", "B"),
    )),))
    card = Scorecard(1, "chained", (a, b), CITE)
    rs = RuleSet("test-chained", "t", "t", CITE, date(2030, 1, 1), None, {"A": 20, "B": 80},
                 HALF_OPEN_BANDS, dict.fromkeys((3, 4, 5), ((None, PROVINCE),)), {1: card})
    return Rules(RuleSetRegistry((rs,)))


def test_chained_conditions_agree_on_every_row() -> None:
    rules = _chained_rules()
    scorer = BatchScorer.for_set(1, on=date(2030, 1, 1), rules=rules)
    choices = [range(3), [0, 1, MISSING], [0, 1, 2, MISSING], range(4)]
    rows = np.array([[x, y, z, w] for x in choices[0] for y in choices[1]
                     for z in choices[2] for w in choices[3]], dtype=np.uint8)
    result = scorer.score(rows)
    for i, row in enumerate(rows):
        a = scorer.assessment(row)
        ref = reference_evaluate(a, rules)
        assert batch_row(result, i) == row_of(ref)
        assert_same(ref, evaluate(a, rules))


# ------------------------------------------------------------------ encode / explain


@pytest.fixture
def set7() -> BatchScorer:
    return BatchScorer(R26.scorecard(7))


def _best(set_no: int = 7) -> dict[str, str]:
    return {c.id: c.options[-1].id for c in R26.scorecard(set_no)}


def test_columns_and_option_ids_follow_the_scorecard(set7: BatchScorer) -> None:
    card = R26.scorecard(7)
    assert set7.columns == tuple(c.id for c in card)
    assert set7.option_ids[0] == tuple(o.id for o in card.criteria[0].options)
    assert set7.product_set == 7 and set7.ruleset_id == R26.id
    assert "set 7" in repr(set7)


def test_encode_orders_columns_and_maps_written_points(set7: BatchScorer) -> None:
    best = _best()
    answers = [Answer(k, v) for k, v in reversed(best.items())]
    c11 = R26.scorecard(7).criterion("1.1")
    answers[-1] = Answer("1.1", None, c11.options[-1].points)
    a = Assessment.single(7, answers, assessed_on=ON)
    row = set7.encode([a])
    assert row.dtype == np.uint8 and row.shape == (1, len(set7.columns))
    assert row[0].tolist() == [len(ids) - 1 for ids in set7.option_ids]
    result = set7.score(row, assessments=[a])
    assert result.explain(0).assessment is a
    assert result.total.tolist() == [100] and result.stars.tolist() == [5]


def test_missing_conditional_answer_is_encoded_as_missing(set7: BatchScorer) -> None:
    best = _best()
    del best["5.2"]
    a = Assessment.single(7, best, assessed_on=ON)
    row = set7.encode([a])[0]
    assert row[set7.columns.index("5.2")] == MISSING
    result = set7.score_assessments([a])
    assert batch_row(result, 0) == row_of(evaluate(a))


def test_explain_returns_the_per_object_evaluation(set7: BatchScorer) -> None:
    rows = np.array([[len(ids) - 1 for ids in set7.option_ids], [0] * len(set7.columns)],
                    dtype=np.uint8)
    result = set7.score(rows)
    ev = result.explain(1)
    assert isinstance(ev, Evaluation) and len(ev.trace) == len(set7.columns)
    assert ev.total == int(result.total[1])
    assert result.explain(-2).total == 100
    with pytest.raises(IndexError):
        result.explain(2)
    assert result.summary()["5★"] == 1


def test_explain_detects_a_scorer_built_for_other_rules() -> None:
    ctx = PROVINCIAL.context(R26, 7, "22", ON)
    scorer = BatchScorer(ctx)  # rules default to national: explain() cannot reproduce it
    row = np.array([[len(ids) - 1 for ids in scorer.option_ids]], dtype=np.uint8)
    result = scorer.score(row)
    assert int(result.stars[0]) == 3  # the 4★ gate needs lab tests
    with pytest.raises(RuntimeError, match="differs from evaluate"):
        result.explain(0)
    good = BatchScorer(ctx, rules=PROVINCIAL, on=ON, province="22").score(row)
    assert good.explain(0).gate_failures[0].gate_id == "qn-lab"


def test_custom_tier_policies_are_tabulated() -> None:
    @attrs.frozen
    class Generous:
        id: str = "generous"

        def decide(self, band: int, minimums_met: Any) -> TierDecision:
            return TierDecision(band, band >= 3, "b", "b")

    rules = Rules.national().with_contributions(tier_policies={R26.id: ("gen", Generous())})
    scorer = BatchScorer.for_set(7, on=ON, rules=rules)
    rows = np.array([[len(ids) - 1 for ids in scorer.option_ids]] * 2, dtype=np.uint8)
    rows[1, scorer.columns.index("1.5")] = 0  # misses a 4★/5★ minimum
    result = scorer.score(rows)
    for i in range(2):
        assert batch_row(result, i) == row_of(evaluate(scorer.assessment(rows[i]), rules))


def test_empty_input_and_wider_integer_dtypes(set7: BatchScorer) -> None:
    empty = set7.score(np.zeros((0, len(set7.columns)), dtype=np.uint8))
    assert len(empty) == 0 and empty.min_fail.shape == (0, 3)
    rows = np.array([[len(ids) - 1 for ids in set7.option_ids]], dtype=np.int64)
    assert set7.score(rows).total.tolist() == [100]


def test_large_inputs_are_scored_in_chunks(set7: BatchScorer) -> None:
    rng = np.random.default_rng(5)
    n_opt = np.array([len(ids) for ids in set7.option_ids])
    rows = (rng.random((40_000, len(n_opt))) * n_opt).astype(np.uint8)
    result = set7.score(rows)
    for i in (0, 16_383, 16_384, 39_999):
        assert batch_row(result, i) == row_of(evaluate(set7.assessment(rows[i])))


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("shape", "dtype", "match"),
    [((2, 5), "uint8", "matrix"), ((32,), "uint8", "matrix"), ((2, 32), "float64", "integer")],
)
def test_bad_shapes_and_dtypes(set7: BatchScorer, shape: tuple[int, ...], dtype: str,
                               match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        set7.score(np.zeros(shape, dtype=dtype))


@pytest.mark.parametrize(("column", "value", "dtype"), [
    ("1.4", 9, "uint8"),
    ("1.1", MISSING, "uint8"),   # no answer: only for conditional criteria
    ("1.1", -1, "int16"),
    ("1.1", 300, "int16"),
])
def test_bad_option_indexes_name_row_and_column(set7: BatchScorer, column: str, value: int,
                                                dtype: str) -> None:
    rows = np.zeros((20_000, len(set7.columns)), dtype=dtype)
    c = set7.columns.index(column)
    rows[17_000, c] = value
    with pytest.raises(ValidationError, match=rf"answers\[17000, {c}\]"):
        set7.score(rows)


def _codes(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [p.code for p in exc.value.problems]


def test_encode_refuses_what_the_batch_path_does_not_cover(set7: BatchScorer) -> None:
    best = _best()
    cases = {
        "batch-context": Assessment.single(8, _best(8), assessed_on=ON),
        "unknown-option": Assessment.single(7, {**best, "1.1": "1.1.zz"}, assessed_on=ON),
        "missing-answer": Assessment.single(
            7, {k: v for k, v in best.items() if k != "1.1"}, assessed_on=ON),
        "batch-disqualified": Assessment.single(7, best, assessed_on=ON,
                                                disqualifiers={"HS"}),
        "batch-sheets": Assessment(7, ON, (ScoreSheet(best), ScoreSheet(best))),
        "no-scorecards": Assessment.single(7, best, assessed_on=date(2025, 1, 1)),
    }
    for code, a in cases.items():
        with pytest.raises(ValidationError) as exc:
            set7.encode([a])
        assert code in _codes(exc)


def test_encode_refuses_another_gate_outcome() -> None:
    scorer = BatchScorer.for_set(7, on=ON, rules=PROVINCIAL, province="22")
    ok = Assessment.single(7, _best(), assessed_on=ON, province="22")
    assert scorer.encode([ok]).shape == (1, 32)
    other = attrs.evolve(ok, evidence={"lab-test": ["report"]})
    with pytest.raises(ValidationError) as exc:
        scorer.encode([other])
    assert _codes(exc) == ["batch-context"]


def test_targets_must_be_scorecards_or_contexts() -> None:
    with pytest.raises(TypeError):
        BatchScorer("set 7")  # type: ignore[arg-type]
    foreign = attrs.evolve(R26.scorecard(7), name="not registered")
    with pytest.raises(ValidationError, match="no registered rule set"):
        BatchScorer(foreign)


def test_missing_numpy_raises_missing_dependency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(MissingDependencyError, match=r"ocopkit\[batch\]"):
        BatchScorer(R26.scorecard(7))


def test_importing_ocopkit_does_not_import_numpy() -> None:
    code = ("import sys, ocopkit, ocopkit.scoring, ocopkit.scoring; "
            "assert 'numpy' not in sys.modules, 'numpy imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------ DataFrames, columns


def _frame_rows(scorer: BatchScorer, n: int, seed: int = 1) -> Any:
    rng = np.random.default_rng(seed)
    return np.stack([rng.integers(0, len(ids), n) for ids in scorer.option_ids], axis=1
                    ).astype(np.uint8)


@pytest.mark.parametrize("form", ["str", "object", "category", "points", "mapping"])
def test_data_frames_of_ids_points_or_categories_score_like_the_matrix(
        set7: BatchScorer, form: str) -> None:
    pd = pytest.importorskip("pandas")
    rows = _frame_rows(set7, 200)
    crits = set7.scorecard.criteria
    cols: dict[str, Any] = {}
    for j, (cid, ids) in enumerate(zip(set7.columns, set7.option_ids, strict=True)):
        ids_col = np.array(ids, dtype=object)[rows[:, j]]
        if form == "points":
            # written points: the first option with those points (as encode() reads them)
            pts = np.array([o.points for o in crits[j].options])[rows[:, j]]
            cols[cid] = pts
            first = {p: k for k, p in reversed(list(enumerate(o.points for o in crits[j].options)))}
            rows[:, j] = [first[p] for p in pts]
        elif form == "category":
            cols[cid] = pd.Series(ids_col).astype("category")
        elif form == "mapping":
            cols[cid] = list(ids_col)
        else:
            cols[cid] = pd.Series(ids_col, dtype=form)
    data = cols if form == "mapping" else pd.DataFrame(cols)
    got, want = set7.score(data), set7.score(rows)
    assert (got.total == want.total).all() and (got.stars == want.stars).all()
    assert set7.encode(data).tolist() == rows.tolist()


def test_every_bad_cell_is_reported_with_its_row_and_column(set7: BatchScorer) -> None:
    pd = pytest.importorskip("pandas")
    rows = _frame_rows(set7, 50)
    frame = pd.DataFrame({cid: np.array(ids, dtype=object)[rows[:, j]]
                          for j, (cid, ids) in enumerate(zip(set7.columns, set7.option_ids,
                                                             strict=True))},
                         index=[f"SP-{i}" for i in range(50)])
    frame.loc["SP-3", "1.5"] = "1.5.x"
    frame.loc["SP-7", "2.1"] = None           # not conditional: an answer is required
    frame.loc["SP-9", "5.2"] = None           # conditional: allowed
    frame.loc["SP-11", "1.1"] = "1.2.a"       # an option of another criterion
    with pytest.raises(ValidationError) as exc:
        set7.score(frame)
    found = {(p.path, p.code) for p in exc.value.problems}
    assert found == {("$[3]['1.5']", "batch-bad-cell"), ("$[7]['2.1']", "missing-answer"),
                     ("$[11]['1.1']", "batch-bad-cell")}
    assert all("index 'SP-" in p.message_en for p in exc.value.problems)


def test_missing_columns_and_ragged_columns_are_refused(set7: BatchScorer) -> None:
    cols = {cid: [ids[0]] * 3 for cid, ids in zip(set7.columns, set7.option_ids, strict=True)}
    del cols["1.1"]
    cols["5.2"] = cols["5.2"][:2]
    with pytest.raises(ValidationError) as exc:
        set7.encode(cols)
    assert set(exc.value.codes) == {"batch-missing-column", "batch-ragged"}


def test_a_flood_of_bad_cells_is_counted_not_dropped(set7: BatchScorer) -> None:
    from ocopkit.scoring._frames import MAX_REPORTED

    n = MAX_REPORTED + 500
    cols = {cid: [ids[0]] * n for cid, ids in zip(set7.columns, set7.option_ids, strict=True)}
    cols["1.1"] = ["nope"] * n
    with pytest.raises(ValidationError) as exc:
        set7.encode(cols)
    codes = exc.value.codes
    assert codes.count("batch-bad-cell") == MAX_REPORTED
    (rest,) = [p for p in exc.value.problems if p.code == "batch-bad-cells"]
    assert "500 more" in rest.message_en


def test_frame_scores_returns_a_frame_with_the_same_index(set7: BatchScorer) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({cid: [ids[-1], ids[0]] for cid, ids in zip(
        set7.columns, set7.option_ids, strict=True)}, index=["a", "b"])
    out = set7.frame_scores(frame)
    assert list(out.index) == ["a", "b"] and out["stars"].tolist() == [5, 1]
    assert list(out.columns) == list(set7.frame_meta().columns)
    assert (out.dtypes == set7.frame_meta().dtypes).all()


def test_batch_frames_label_each_row_in_one_language() -> None:
    pd = pytest.importorskip("pandas")
    scorer = BatchScorer(R26.scorecard(16))
    best = [len(ids) - 1 for ids in scorer.option_ids]
    stop = list(best)
    stop[scorer.columns.index("6.3")] = 0  # bộ 16: a 0 on 6.1–6.4 disqualifies
    low = [0] * len(best)  # every other criterion at its first option: 1★, not certifiable
    for cid in ("6.1", "6.2", "6.3", "6.4"):
        low[scorer.columns.index(cid)] = best[scorer.columns.index(cid)]
    result = scorer.score(np.array([best, stop, low], dtype=np.uint8))
    for lang, labels in (("vi", ["công nhận", "bị loại", "không công nhận"]),
                         ("en", ["certifiable", "disqualified", "not certifiable"])):
        frame = result.to_frame(lang=lang, index=["x", "y", "z"])
        assert list(frame.index) == ["x", "y", "z"]
        assert frame["status_label"].tolist() == labels
        assert frame["status"].tolist() == ["certifiable", "disqualified", "not-certifiable"]
    # the codes follow the rows, not a hard-coded list: certifiable ⇔ stars 3–5
    frame = result.to_frame(lang="en")
    for i in range(3):
        ev = result.explain(i)
        code = ("disqualified" if ev.disqualified
                else "certifiable" if ev.certifiable else "not-certifiable")
        assert frame["status"].iloc[i] == code
    assert list(result.to_frame().columns) == list(scorer.frame_meta().columns)
    with pytest.raises(ValidationError):
        result.to_frame(lang="fr")
    assert isinstance(frame, pd.DataFrame)
