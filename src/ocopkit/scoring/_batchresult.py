"""The per-row results of :class:`~ocopkit.scoring.BatchScorer` (numpy arrays)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs

from ocopkit.errors import MissingDependencyError, Problem, ValidationError

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
    tier policy's stars; 0 when the scores disqualify the row — a 0 on one of 6.1–6.4 of
    26/2026 bộ 16 — where :func:`~ocopkit.scoring.evaluate` gives ``None``),
    ``certifiable`` (bool), ``min_fail`` (bool, rows × 3:
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
        got = (ev.total, ev.band, ev.stars or 0, ev.certifiable,
               tuple(bool(ev.minimum_failures.get(k)) for k in (3, 4, 5)))
        row = (Fraction(int(self.total[i])), int(self.band[i]), int(self.stars[i]),
               bool(self.certifiable[i]), tuple(bool(x) for x in self.min_fail[i]))
        if got != row:
            raise RuntimeError(
                f"row {i}: batch result {row} differs from evaluate() {got}; the scorer's rules, "
                "date, province or evidence do not describe the assessment's context")
        return ev

    def summary(self) -> dict[str, int]:
        """Counts per star rating (``"1★"`` … ``"5★"``), of rows without stars (disqualified
        by their scores, ``"—"``) and of certifiable rows."""
        import numpy as np

        counts = np.bincount(self.stars, minlength=6)
        out = {f"{k}★": int(counts[k]) for k in range(1, 6)}
        out["—"] = int(counts[0])
        out["certifiable"] = int(np.count_nonzero(self.certifiable))
        return out

    def to_frame(self, *, index: Any = None, lang: str | None = None) -> Any:
        """The rows as a :class:`pandas.DataFrame` (needs the ``notebook`` extra).

        ``total`` (int16: batch totals are whole points, exact), ``band``, ``stars``
        (uint8; 0 for a row its scores disqualify), ``certifiable`` and ``min_fail_3`` …
        ``min_fail_5`` (bool) — the columns of :meth:`BatchScorer.frame_scores`, which
        calls this. ``index``: the row labels (by default 0 … n−1). With ``lang``
        (``"vi"`` or ``"en"``) two more: ``status``, a stable code (``"certifiable"``,
        ``"not-certifiable"``, ``"disqualified"``), and ``status_label`` in that language.

        >>> import numpy as np
        >>> from ocopkit import rulesets
        >>> from ocopkit.scoring import BatchScorer
        >>> scorer = BatchScorer(rulesets.get("vn-qd-26-2026").scorecard(16))
        >>> best = [len(ids) - 1 for ids in scorer.option_ids]
        >>> stopped = list(best); stopped[scorer.columns.index("6.1")] = 0  # 0 points
        >>> result = scorer.score(np.array([best, stopped], dtype=np.uint8))
        >>> frame = result.to_frame(lang="vi")
        >>> frame[["total", "stars", "status", "status_label"]].values.tolist()
        [[100, 5, 'certifiable', 'công nhận'], [97, 0, 'disqualified', 'bị loại']]
        """
        try:
            import numpy as np
            import pandas as pd
        except ImportError:
            raise MissingDependencyError("pandas", "notebook") from None
        out = pd.DataFrame({
            "total": self.total, "band": self.band, "stars": self.stars,
            "certifiable": self.certifiable, "min_fail_3": self.min_fail[:, 0],
            "min_fail_4": self.min_fail[:, 1], "min_fail_5": self.min_fail[:, 2]},
            index=index)
        if lang is not None:
            if lang not in _STATUS_LABELS:
                raise ValidationError([Problem(
                    "$.lang", "invalid-language",
                    f"ngôn ngữ phải là 'vi' hoặc 'en', không phải {lang!r}",
                    f"lang must be 'vi' or 'en', not {lang!r}", suggestion="vi")])
            code = np.where(self.stars == 0, 2, np.where(self.certifiable, 0, 1))
            out["status"] = pd.Categorical.from_codes(code, _STATUS_CODES)
            out["status_label"] = pd.Categorical.from_codes(code, _STATUS_LABELS[lang])
        return out


_STATUS_CODES: Final = ("certifiable", "not-certifiable", "disqualified")
#: 26/2026 Điều 4.1.a: only 3★–5★ are recognised ("công nhận"); a disqualified product
#: ("bị loại") gets no stars.
_STATUS_LABELS: Final = {
    "vi": ("công nhận", "không công nhận", "bị loại"),
    "en": ("certifiable", "not certifiable", "disqualified"),
}
