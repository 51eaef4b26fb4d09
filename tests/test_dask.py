"""The batch scorer per partition of a Dask DataFrame on a process-based local cluster.

Optional: run by ``nox -s dask`` (which installs dask and distributed and sets
``OCOPKIT_DASK=1``); skipped elsewhere. Nothing distributed is written by hand: the
scorer is pickled to the worker processes and ``map_partitions`` calls
:meth:`~ocopkit.scoring.BatchScorer.frame_scores` on each partition.
"""

from __future__ import annotations

import os
from datetime import date

import pytest

if os.environ.get("OCOPKIT_DASK") != "1":
    pytest.skip("the Dask test runs in `nox -s dask` (OCOPKIT_DASK=1)", allow_module_level=True)

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")
np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

from ocopkit.scoring import BatchScorer  # noqa: E402


def test_the_same_scorer_runs_per_partition_on_a_process_cluster() -> None:
    scorer = BatchScorer.for_set(7, on=date(2026, 6, 1))
    rng = np.random.default_rng(3)
    rows = 4000
    frame = pd.DataFrame({
        cid: np.array(ids, dtype=object)[rng.integers(0, len(ids), rows)]
        for cid, ids in zip(scorer.columns, scorer.option_ids, strict=True)})
    expected = scorer.frame_scores(frame)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        ddf = dd.from_pandas(frame, npartitions=4)
        got = ddf.map_partitions(scorer.frame_scores, meta=scorer.frame_meta()).compute()
    pd.testing.assert_frame_equal(got.sort_index(), expected)
    assert got["stars"].between(1, 5).all()
