"""The per-row results of :class:`~ocopkit.scoring.BatchScorer` (numpy arrays)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from ._assessment import Assessment
    from ._batch import BatchScorer
    from ._results import Evaluation

__all__ = ["BatchResult"]


@attrs.frozen(eq=False)
class BatchResult:
    """Per-row results of :meth:`BatchScorer.score` (numpy arrays, one entry per row).

    ``total`` (int16, exact), ``band`` (uint8, 1–5), ``stars`` (uint8, the
    tier policy's stars), ``certifiable`` (bool), ``min_fail`` (bool, rows × 3:
    a minimum mark of 3★/4★/5★ is missed — the tiers of
    ``Evaluation.minimum_failures``; gates are not included, as there).
    """

    scorer: BatchScorer
    answers: NDArray[Any] = attrs.field(repr=False)
    total: NDArray[np.int16] = attrs.field(repr=False)
    band: NDArray[np.uint8] = attrs.field(repr=False)
    stars: NDArray[np.uint8] = attrs.field(repr=False)
    certifiable: NDArray[np.bool_] = attrs.field(repr=False)
    min_fail: NDArray[np.bool_] = attrs.field(repr=False)
    assessments: tuple[Assessment, ...] | None = attrs.field(default=None, repr=False)

    def __len__(self) -> int:
        return int(self.total.shape[0])

    def explain(self, i: int) -> Evaluation:
        """The full per-object :class:`~ocopkit.scoring.Evaluation` of row ``i``.

        Re-runs :func:`ocopkit.scoring.evaluate` (on ``assessments[i]`` if given to
        :meth:`BatchScorer.score`) and checks that it agrees with the row.
        """
        from ._engine import evaluate

        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"row {i} out of range for {n} rows")
        i %= n
        s = self.scorer
        a = self.assessments[i] if self.assessments is not None else s.assessment(self.answers[i])
        ev = evaluate(a, s.rules)
        got = (ev.total, ev.band, ev.stars, ev.certifiable,
               tuple(bool(ev.minimum_failures.get(k)) for k in (3, 4, 5)))
        row = (Fraction(int(self.total[i])), int(self.band[i]), int(self.stars[i]),
               bool(self.certifiable[i]), tuple(bool(x) for x in self.min_fail[i]))
        if got != row:
            raise RuntimeError(
                f"row {i}: batch result {row} differs from evaluate() {got}; the scorer's rules, "
                "date, province or evidence do not describe the assessment's context")
        return ev

    def summary(self) -> dict[str, int]:
        """Counts per star rating (``"1★"`` … ``"5★"``) and of certifiable rows."""
        import numpy as np

        counts = np.bincount(self.stars, minlength=6)
        out = {f"{k}★": int(counts[k]) for k in range(1, 6)}
        out["certifiable"] = int(np.count_nonzero(self.certifiable))
        return out
