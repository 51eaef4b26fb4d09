"""Objects cross process boundaries: they pickle and unpickle equal, and value objects hash.

Process pools, Dask and Spark move results between processes with pickle; a web cache
keys on ``hash``. Every frozen value object hashes (its mappings are
:class:`~ocopkit.frozen.FrozenMap`); a :class:`~ocopkit.scoring.BatchScorer` compares and
hashes by what it is made of (its numpy tables are derived from it). Objects that hold
functions — an :class:`~ocopkit.targets.Indicator` (its ``compute``), an
:class:`~ocopkit.targets.AttainmentReport` (its portfolio and indicators) — are not meant
to travel: recompute them where they are needed.
"""

from __future__ import annotations

import copy
import pickle
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import pytest

from ocopkit import plugins, rulesets
from ocopkit.certification import Portfolio
from ocopkit.frozen import FrozenMap
from ocopkit.samples import sample_dossiers, sample_portfolio
from ocopkit.scoring import BatchScorer, Evaluation, evaluate, gap_to_next_star

DOSSIERS = sample_dossiers()


def _roundtrip(obj: object) -> object:
    return pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def _values() -> dict[str, object]:
    ev = evaluate(DOSSIERS[0])
    many = evaluate(DOSSIERS[-1])  # three scorers: the general path
    return {
        "Evaluation": ev,
        "Evaluation (3 sheets)": many,
        "Gap": gap_to_next_star(ev),
        "RuleSet": rulesets.get("vn-qd-26-2026"),
        "Scorecard": rulesets.get("vn-qd-26-2026").scorecard(7),
        "Rules (national)": rulesets.Rules.national(),
        "Rules (with plug-ins)": plugins.load_rules(),
        "Assessment": DOSSIERS[0],
        "Portfolio": sample_portfolio(),
    }


@pytest.mark.parametrize("name", list(_values()))
def test_pickles_equal_and_hashes(name: str) -> None:
    value = _values()[name]
    back = _roundtrip(value)
    assert back == value
    assert type(back) is type(value)
    assert hash(back) == hash(value)
    assert copy.deepcopy(value) == value


def test_an_unpickled_evaluation_keeps_what_it_was_made_with() -> None:
    ev = evaluate(DOSSIERS[0])
    back = _roundtrip(ev)
    assert isinstance(back, Evaluation)
    assert back.trace == ev.trace and back.parts == ev.parts
    assert back.scorecard == ev.scorecard and back.rules == ev.rules
    assert gap_to_next_star(back) == gap_to_next_star(ev)


def test_an_unpickled_portfolio_answers_the_same_queries() -> None:
    pf = sample_portfolio()
    back = _roundtrip(pf)
    assert isinstance(back, Portfolio)
    on = date(2023, 12, 31)
    assert back.in_force(on, province="Bắc Kạn") == pf.in_force(on, province="Bắc Kạn")
    assert back.lapsed_without_reevaluation(on) == pf.lapsed_without_reevaluation(on)


def test_batch_scorer_pickles_and_scores_the_same() -> None:
    pytest.importorskip("numpy")
    scorer = BatchScorer.for_set(7, on=date(2026, 9, 1))
    back = _roundtrip(scorer)
    assert isinstance(back, BatchScorer)
    matrix = scorer.encode([a for a in DOSSIERS if a.product_set == 7 and len(a.sheets) == 1])
    first, again = scorer.score(matrix), back.score(matrix)
    assert (first.total == again.total).all() and (first.stars == again.stars).all()
    assert back == scorer and hash(back) == hash(scorer)
    assert BatchScorer.for_set(7, on=date(2026, 9, 2)) != scorer


def test_frozen_map_is_read_only_hashable_and_picklable() -> None:
    m = FrozenMap({"A": 1, "B": 2})
    assert _roundtrip(m) == m == {"A": 1, "B": 2}
    assert hash(m) == hash(FrozenMap([("B", 2), ("A", 1)]))
    with pytest.raises(TypeError):
        m["C"] = 3  # type: ignore[index]
    with pytest.raises(AttributeError):
        m._data = {}  # type: ignore[misc]


def _score_in_a_worker(index: int) -> Evaluation:
    return evaluate(DOSSIERS[index])


def test_evaluations_cross_a_process_pool() -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        remote = list(pool.map(_score_in_a_worker, range(len(DOSSIERS))))
    assert remote == [evaluate(a) for a in DOSSIERS]
