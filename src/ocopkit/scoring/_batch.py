"""Columnar scoring with numpy: millions of single-sheet assessments per second.

Install the extra with ``pip install 'ocopkit[batch]'``; importing
:mod:`ocopkit` never imports numpy (this module imports it on first use and
raises :class:`~ocopkit.errors.MissingDependencyError` if it is missing).

A :class:`BatchScorer` is compiled once per (rule set, product set, plug-in
context): a lookup table from option index to points and minimum-mark
failures, a band table over every reachable total and a decision table over
(band, minimum marks met). :meth:`BatchScorer.score` takes an integer matrix
of **option indexes** — one row per assessment, one column per criterion, in
scorecard order (:attr:`BatchScorer.columns`); entry ``k`` means the ``k``-th
option of that criterion (:attr:`BatchScorer.option_ids`), and
:data:`MISSING` (255) means "not answered", allowed only for conditional
criteria (``applies_when``) exactly as in :func:`ocopkit.scoring.evaluate`:

>>> from datetime import date
>>> import numpy as np
>>> scorer = BatchScorer.for_set(7, on=date(2026, 6, 1))
>>> best = [len(o) - 1 for o in scorer.option_ids]
>>> worst = [0] * len(scorer.columns)
>>> result = scorer.score(np.array([best, worst], dtype=np.uint8))
>>> result.total.tolist(), result.stars.tolist(), result.certifiable.tolist()
([100, 16], [5, 1], [True, False])
>>> result.explain(0).total
Fraction(100, 1)

Real data comes as columns: :meth:`BatchScorer.score` (and :meth:`~BatchScorer.encode`)
also take a pandas ``DataFrame`` or any mapping of columns, one per criterion id, of
option ids, written points or ``category`` values, encoded column by column without a
Python loop over rows; every bad cell is reported at once with its row and column
(see :mod:`ocopkit.scoring._frames`):

>>> import pandas as pd
>>> frame = pd.DataFrame({cid: [ids[-1], ids[0]]
...                       for cid, ids in zip(scorer.columns, scorer.option_ids)})
>>> scorer.score(frame).stars.tolist()
[5, 1]

Exactness. The scorer reads the compiled tables of its scoring context — the same
:class:`~ocopkit.scoring._tables.Tables` that :func:`ocopkit.scoring.evaluate` reads:
per option its points and the minimum marks it misses, the bands, the tier decisions
and the gates — tabulated over their whole (finite) domain, so every row agrees exactly
with :func:`~ocopkit.scoring.evaluate` (a property test checks it over all 26 product
sets). Single-sheet points are integers, so totals are exact in ``int16``.
:meth:`BatchResult.explain` re-runs :func:`~ocopkit.scoring.evaluate` on one row for
the full trace.

Beyond one machine, the same scorer runs per partition of a Dask DataFrame
(``ddf.map_partitions(scorer.frame_scores)``); see :doc:`/performance`.

A row disqualified by its scores (26/2026 bộ 16: a 0 on one of 6.1–6.4 stops the
evaluation) has ``stars`` 0 and is not certifiable, as :func:`~ocopkit.scoring.evaluate`
gives no stars.

Not covered (use the per-object :func:`ocopkit.scoring.evaluate`): assessments with
several score sheets (their official total is an exact *average*), assessments with
disqualifiers flagged by the evaluators, and per-row evidence for provincial gates — a
scorer takes one ``evidence`` set for all its rows; :meth:`BatchScorer.encode`
refuses assessments that fall outside what the scorer was compiled for.

Memory: ``score`` reads the input in chunks of rows, accumulates column by
column into preallocated ``int32`` buffers, and returns 8 bytes per row
(``total`` int16, ``band``/``stars`` uint8, ``certifiable`` bool,
``min_fail`` 3 × bool) — far below the ``uint8`` input (one byte per
criterion and row).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ocopkit.errors import MissingDependencyError, Problem, ValidationError
from ocopkit.rulesets import NATIONAL, Rules, Scorecard, ScoringContext

from ._batchinput import encode_assessments
from ._batchresult import BatchResult
from ._contexts import tables_for
from ._frames import encode_columns

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from ocopkit.rulesets import RuleSet

    from ._assessment import Assessment

__all__ = ["MISSING", "BatchScorer"]

#: The option index that means "no answer" (conditional criteria only).
MISSING = 255

_CHUNK = 1 << 14
# Packed per-option value (int64): points in bits 0-15, one 8-bit count of
# failed minimum marks per tier (3★, 4★, 5★), an 8-bit "invalid index" count
# from bit 40, and an 8-bit count of criteria at 0 that disqualify (a disqualifier
# the scores decide, 26/2026 bộ 16) from bit 48; summed over the columns of a row
# without overflow (at most 254 columns).
_FAIL_SHIFT = {3: 16, 4: 24, 5: 32}
_INVALID_SHIFT = 40
_ZERO_SHIFT = 48
_MAX_TOTAL = (1 << 16) - 1
_MAX_COLUMNS = MISSING - 1


def _require_numpy() -> None:
    try:
        import numpy  # noqa: F401
    except ImportError as exc:
        raise MissingDependencyError("numpy", "batch") from exc


def _problem(path: str, code: str, vi: str, en: str) -> ValidationError:
    return ValidationError([Problem(path, code, vi, en)],
                           "invalid batch input / dữ liệu chấm hàng loạt không hợp lệ")


def _rebuild(context: ScoringContext, rules: Rules, on: date, province: str | None,
             evidence: frozenset[str], ruleset_id: str | None) -> BatchScorer:
    return BatchScorer(context, rules=rules, on=on, province=province, evidence=evidence,
                       ruleset_id=ruleset_id)


def _find_ruleset(rules: Rules, card: Scorecard) -> RuleSet:
    for rs in rules.registry:
        other = rs.scorecards.get(card.product_set)
        if other is card:
            return rs
    for rs in rules.registry:
        if rs.scorecards.get(card.product_set) == card:
            return rs
    raise _problem("scorecard", "unknown-scorecard",
                   "bộ tiêu chí không thuộc bộ quy tắc nào đã đăng ký",
                   f"scorecard of set {card.product_set} belongs to no registered rule set; "
                   "use BatchScorer.for_set(...) or pass a ScoringContext")


class BatchScorer:
    """Scores option-index matrices for one scoring context (see the module docstring).

    ``target`` is a :class:`~ocopkit.rulesets.Scorecard` (national rules, no plug-in;
    the rule set is the registered one that holds it) or a
    :class:`~ocopkit.rulesets.ScoringContext` (e.g. from ``rules.context(...)``).
    ``rules``, ``on`` and ``province`` are what :meth:`BatchResult.explain`
    passes to :func:`ocopkit.scoring.evaluate`; they must describe the same context
    (``explain`` checks its row). ``evidence`` is the evidence every row is
    assumed to carry for provincial gates. :meth:`for_set` builds all of this
    from a product set, a date and a province.
    """

    def __init__(
        self,
        target: Scorecard | ScoringContext,
        *,
        rules: Rules | None = None,
        on: date | None = None,
        province: str | None = None,
        evidence: Iterable[str] = (),
        ruleset_id: str | None = None,
    ) -> None:
        _require_numpy()
        import numpy as np

        self.rules = rules or Rules.national()
        if isinstance(target, ScoringContext):
            ctx = target
        elif isinstance(target, Scorecard):
            rs = _find_ruleset(self.rules, target)
            ctx = ScoringContext(rs, target, {c.id: NATIONAL for c in target}, (),
                                 rs.tier_policy, NATIONAL, tuple(
                                     p for p in self.rules.plugins if p.name == NATIONAL))
            ruleset_id = ruleset_id or rs.id
        else:
            raise TypeError(f"BatchScorer needs a Scorecard or a ScoringContext, not "
                            f"{type(target).__name__}")
        self.context = ctx
        self.scorecard: Scorecard = ctx.scorecard
        self.on: date = on or ctx.ruleset.effective_from
        self.province = province
        self.ruleset_id = ruleset_id
        self.evidence = frozenset(evidence)
        tables = self._tables = tables_for(self.rules, ctx)
        card = self.scorecard
        crits = card.criteria
        self.columns: tuple[str, ...] = tuple(c.id for c in crits)
        self.option_ids: tuple[tuple[str, ...], ...] = tuple(
            tuple(o.id for o in c.options) for c in crits)
        n = len(crits)
        top = tables.max_total
        if n > _MAX_COLUMNS or top > _MAX_TOTAL or any(len(c.options) >= MISSING for c in crits):
            raise ValueError(f"scorecard of set {card.product_set} is too large for the batch "
                             f"path ({n} criteria, {top} points); use ocopkit.evaluate")
        options = tables.option_table()
        # lut[c, k]: packed value of option k of criterion c (MISSING = 0 points if allowed)
        lut = np.full((n, 256), 1 << _INVALID_SHIFT, dtype=np.int64)
        positive = np.zeros((n, 256), dtype=np.bool_)  # raw points > 0 (conditions)
        n_options = np.zeros(n, dtype=np.int16)

        # criteria whose 0 disqualifies (an applicable one: a conditional criterion is
        # multiplied by its applicability below)
        stopping = {pos for _, positions in tables.zero_stops for pos in positions}
        self._stops = bool(stopping)

        def packed(i: int, points: int, misses: tuple[bool, bool, bool]) -> int:
            zero = 1 << _ZERO_SHIFT if points == 0 and i in stopping else 0
            return zero | points | sum(1 << shift for shift, f in zip(
                _FAIL_SHIFT.values(), misses, strict=True) if f)

        for i, row in enumerate(options):
            n_options[i] = len(row)
            for k, (points, misses) in enumerate(row):
                lut[i, k] = packed(i, points, misses)
                positive[i, k] = points > 0
        conditional: list[tuple[int, int]] = []
        for i, cond in tables.conditional:
            lut[i, MISSING] = packed(i, 0, tables.missing_failures(i))
            if cond < 0:
                raise ValueError(f"criterion {crits[i].id}: condition on unknown criterion "
                                 f"{crits[i].applies_when.criterion_id}")  # type: ignore[union-attr]
            conditional.append((i, cond))
        self._lut = lut
        self._invalid = np.where(lut >= 1 << _INVALID_SHIFT, lut, 0)
        self._positive = positive
        self._n_options = n_options
        self._conditional = tuple(conditional)
        self._conditional_cols = np.zeros(n, dtype=np.bool_)
        for i, _ in conditional:
            self._conditional_cols[i] = True
        self._band = np.array([tables.total_and_band(t, 1)[1] for t in range(top + 1)],
                              dtype=np.uint8)
        self._top = top
        # Gates: the tiers withheld for want of evidence (the same for every row).
        self.gate_failures = tables.gate_outcome(self.evidence)
        # Decision table over (band, failed minimum marks of 3★/4★/5★ as bits).
        stars = np.zeros(6 * 8, dtype=np.uint8)
        cert = np.zeros(6 * 8, dtype=np.bool_)
        for band in range(1, 6):
            for failed in range(8):
                d = tables.decide(band, not failed & 1, not failed & 2, not failed & 4,
                                  self.gate_failures)
                stars[band * 8 + failed] = d[0]
                cert[band * 8 + failed] = d[1]
        self._stars = stars
        self._cert = cert

    def _key(self) -> tuple[object, ...]:
        """What the scorer is made of (its tables are derived from it)."""
        return (self.context, self.rules, self.on, self.province, self.evidence,
                self.ruleset_id)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BatchScorer):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as what it is made of; the tables are rebuilt where it is unpickled
        (small to ship to the worker processes of a Dask cluster)."""
        return (_rebuild, (self.context, self.rules, self.on, self.province, self.evidence,
                           self.ruleset_id))

    @classmethod
    def for_set(
        cls,
        product_set: int,
        *,
        on: date,
        rules: Rules | None = None,
        province: str | None = None,
        ruleset_id: str | None = None,
        evidence: Iterable[str] = (),
    ) -> BatchScorer:
        """The scorer for ``product_set`` as :func:`~ocopkit.scoring.evaluate` resolves it.

        The context is the one in force on ``on``.
        """
        rules = rules or Rules.national()
        reg = rules.registry
        rs = reg.get(ruleset_id) if ruleset_id is not None else reg.for_date(on)
        ctx = rules.context(rs, product_set, province, on)
        return cls(ctx, rules=rules, on=on, province=province, evidence=evidence,
                   ruleset_id=ruleset_id)

    @property
    def product_set(self) -> int:
        return self.scorecard.product_set

    def __repr__(self) -> str:
        return (f"BatchScorer({self.context.ruleset.id}, set {self.product_set}, "
                f"{len(self.columns)} columns, policy {self.context.tier_policy.id})")

    # ----------------------------------------------------------------- input
    def encode(self, data: Iterable[Assessment] | Any, *, kind: str = "auto"
               ) -> NDArray[np.uint8]:
        """The option-index matrix (scorecard column order) of ``data``.

        ``data`` is either a pandas DataFrame or a mapping of columns (see
        ``ocopkit.scoring._frames``; ``kind`` says what the cells hold: ``"auto"``,
        ``"option"``, ``"points"`` or ``"index"``), or an iterable of single-sheet
        assessments. Each assessment must be valid (:func:`ocopkit.scoring.validate`)
        and resolve to this scorer's context: same product set, rule set, province
        plug-ins and gate outcome, one score sheet, no disqualifier. Written points
        (``Answer(points=…)``) become the first option with those points — the batch
        outputs depend on points only. Every problem of every row is raised at once,
        each row's located under ``$[row]``.
        """
        if isinstance(data, Mapping) or hasattr(data, "columns"):
            crits = self.scorecard.criteria
            return encode_columns(data, self.columns, self.option_ids,
                                  [[o.points for o in c.options] for c in crits],
                                  [c.applies_when is not None for c in crits], kind=kind)
        return encode_assessments(self, list(data))

    # ----------------------------------------------------------------- score
    def score(
        self,
        answers: NDArray[np.integer[Any]] | Any,
        *,
        assessments: Sequence[Assessment] | None = None,
        kind: str = "auto",
    ) -> BatchResult:
        """Score a (rows × :attr:`columns`) matrix of option indexes; see the module docstring.

        ``answers`` should be ``uint8`` (other integer dtypes are range-checked
        and converted chunk by chunk); a DataFrame or a mapping of columns is encoded
        first (:meth:`encode`, with ``kind``). ``assessments``, if given (one per row,
        e.g. the input of :meth:`encode`), are what :meth:`BatchResult.explain`
        evaluates; otherwise it rebuilds an assessment from the row.
        """
        import numpy as np

        if isinstance(answers, Mapping) or hasattr(answers, "columns"):
            answers = self.encode(answers, kind=kind)
        a = np.asarray(answers)
        if a.ndim != 2 or a.shape[1] != len(self.columns):
            raise _problem("answers", "batch-shape",
                           f"cần ma trận n × {len(self.columns)}",
                           f"expected an n × {len(self.columns)} matrix of option indexes "
                           f"(columns {', '.join(self.columns[:3])}, …), got shape {a.shape}")
        if not np.issubdtype(a.dtype, np.integer):
            raise _problem("answers", "batch-dtype", "cần số nguyên (uint8)",
                           f"expected integer option indexes (uint8), got {a.dtype}")
        if assessments is not None and len(assessments) != a.shape[0]:
            raise ValueError(f"{len(assessments)} assessments for {a.shape[0]} rows")
        rows = a.shape[0]
        total = np.empty(rows, dtype=np.int16)
        band = np.empty(rows, dtype=np.uint8)
        stars = np.empty(rows, dtype=np.uint8)
        cert = np.empty(rows, dtype=np.bool_)
        min_fail = np.empty((rows, 3), dtype=np.bool_)
        chunk = min(_CHUNK, max(rows, 1))
        acc_buf = np.empty(chunk, dtype=np.int64)
        tmp_buf = np.empty(chunk, dtype=np.int64)
        ok_buf = np.empty(chunk, dtype=np.bool_)
        failed_buf = np.empty(chunk, dtype=np.uint8)
        bit_buf = np.empty(chunk, dtype=np.uint8)
        lut, positive, invalid = self._lut, self._positive, self._invalid
        conditional = dict(self._conditional)
        for start in range(0, rows, chunk):
            stop = min(start + chunk, rows)
            block = a[start:stop]
            m = stop - start
            if block.dtype != np.uint8:
                block = self._narrow(block, start)
            acc, tmp, ok = acc_buf[:m], tmp_buf[:m], ok_buf[:m]
            acc[:] = 0
            for c in range(len(self.columns)):
                np.take(lut[c], block[:, c], out=tmp)
                cond = conditional.get(c)
                if cond is not None:  # scored 0, minimum not binding, unless cond > 0
                    np.take(positive[cond], block[:, cond], out=ok)
                    np.multiply(tmp, ok, out=tmp)
                    acc += tmp
                    np.take(invalid[c], block[:, c], out=tmp)  # the invalid flag alone
                acc += tmp
            np.right_shift(acc, _INVALID_SHIFT, out=tmp)
            np.bitwise_and(tmp, 0xFF, out=tmp)
            if tmp.any():
                self._check_block(block, start)  # raises, naming the row and column
            # decode: total → band; failed-minimum counts → bits → decision table
            np.bitwise_and(acc, _MAX_TOTAL, out=tmp)
            total[start:stop] = tmp
            b = band[start:stop]
            np.take(self._band, tmp, out=b)
            failed, bit = failed_buf[:m], bit_buf[:m]
            failed[:] = 0
            for j, shift in enumerate(_FAIL_SHIFT.values()):
                np.right_shift(acc, shift, out=tmp)
                np.bitwise_and(tmp, 0xFF, out=tmp)
                f = min_fail[start:stop, j]
                np.greater(tmp, 0, out=f)
                np.left_shift(f.view(np.uint8), j, out=bit)
                failed |= bit
            np.multiply(b, 8, out=bit)
            bit += failed
            np.take(self._stars, bit, out=stars[start:stop])
            np.take(self._cert, bit, out=cert[start:stop])
            if self._stops:  # a 0 that disqualifies: no stars, not certifiable
                np.right_shift(acc, _ZERO_SHIFT, out=tmp)
                stopped = tmp > 0
                stars[start:stop][stopped] = 0
                cert[start:stop][stopped] = False
        return BatchResult(self, a, total, band, stars, cert, min_fail,
                           tuple(assessments) if assessments is not None else None)

    def frame_scores(self, frame: Any, *, kind: str = "auto") -> Any:
        """Score a pandas DataFrame and return the results as a DataFrame with the same
        index: ``total``, ``band``, ``stars``, ``certifiable`` and ``min_fail_3`` …
        ``min_fail_5``. The function to hand to ``dask.dataframe.map_partitions``
        (with ``meta=scorer.frame_meta()``)."""
        return self.score(frame, kind=kind).to_frame(index=frame.index)

    def frame_meta(self) -> Any:
        """The empty DataFrame :meth:`frame_scores` returns for no rows (Dask's ``meta``)."""
        import numpy as np
        import pandas as pd

        return pd.DataFrame({
            "total": np.zeros(0, np.int16), "band": np.zeros(0, np.uint8),
            "stars": np.zeros(0, np.uint8), "certifiable": np.zeros(0, np.bool_),
            **{f"min_fail_{k}": np.zeros(0, np.bool_) for k in (3, 4, 5)}})

    def score_assessments(self, assessments: Iterable[Assessment]) -> BatchResult:
        """``score(encode(assessments), assessments=...)``."""
        items = list(assessments)
        return self.score(self.encode(items), assessments=items)

    def _narrow(self, block: NDArray[Any], start: int) -> NDArray[np.uint8]:
        import numpy as np

        if block.size and (int(block.min()) < 0 or int(block.max()) > MISSING):
            bad = np.argwhere((block < 0) | (block > MISSING))[0]
            raise self._bad_index(block, start, int(bad[0]), int(bad[1]))
        return block.astype(np.uint8)

    def _check_block(self, block: NDArray[np.uint8], start: int) -> None:
        import numpy as np

        over = block.max(axis=0) >= self._n_options
        for c in np.flatnonzero(over):
            col = block[:, c]
            bad = col >= self._n_options[c]
            if self._conditional_cols[c]:
                bad &= col != MISSING
            rows = np.flatnonzero(bad)
            if rows.size:
                raise self._bad_index(block, start, int(rows[0]), int(c))
        raise AssertionError("invalid option index not located")  # pragma: no cover

    def _bad_index(self, block: NDArray[Any], start: int, row: int, col: int) -> ValidationError:
        value = int(block[row, col])
        cid = self.columns[col]
        hint = (" (255 = no answer is allowed only for conditional criteria)"
                if value == MISSING else "")
        return _problem(f"answers[{start + row}, {col}]", "batch-option-index",
                        f"tiêu chí {cid}: không có phương án số {value}",
                        f"criterion {cid} has {len(self.option_ids[col])} options "
                        f"(0–{len(self.option_ids[col]) - 1}); got index {value}{hint}")

    # ----------------------------------------------------------------- explain
    def assessment(self, row: Sequence[int] | NDArray[Any]) -> Assessment:
        """The single-sheet :class:`~ocopkit.scoring.Assessment` of one row of option indexes."""
        from ._assessment import Assessment

        answers = {
            cid: self.option_ids[c][int(k)]
            for c, (cid, k) in enumerate(zip(self.columns, row, strict=True))
            if int(k) != MISSING
        }
        return Assessment.single(
            self.product_set, answers, assessed_on=self.on, province=self.province,
            ruleset_id=self.ruleset_id,
            evidence=dict.fromkeys(sorted(self.evidence), ("batch",)),
        )
