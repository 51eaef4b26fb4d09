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

Exactness. Single-sheet points are integers, so totals are exact in
``int16``; bands, minimum marks, conditional criteria and the tier decision
are the same functions as :func:`ocopkit.scoring.evaluate` tabulated over their whole
(finite) domain, so every row agrees exactly with the per-object path (a
property test checks it over all 26 product sets). :meth:`BatchResult.explain`
re-runs :func:`ocopkit.scoring.evaluate` on one row for the full trace.

Not covered (use the per-object :func:`ocopkit.scoring.evaluate`): assessments with
several score sheets (their official total is an exact *average*),
disqualified assessments, and per-row evidence for provincial gates — a
scorer takes one ``evidence`` set for all its rows; :meth:`BatchScorer.encode`
refuses assessments that fall outside what the scorer was compiled for.

Memory: ``score`` reads the input in chunks of rows, accumulates column by
column into preallocated ``int32`` buffers, and returns 8 bytes per row
(``total`` int16, ``band``/``stars`` uint8, ``certifiable`` bool,
``min_fail`` 3 × bool) — far below the ``uint8`` input (one byte per
criterion and row).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ocopkit.errors import MissingDependencyError, Problem, ValidationError
from ocopkit.rulesets import NATIONAL, Rules, Scorecard, ScoringContext

from ._batchresult import BatchResult

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
# failed minimum marks per tier (3★, 4★, 5★), and an "invalid index" count
# from bit 40; summed over the columns of a row without overflow.
_FAIL_SHIFT = {3: 16, 4: 24, 5: 32}
_INVALID_SHIFT = 40
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
        card = self.scorecard
        crits = card.criteria
        self.columns: tuple[str, ...] = tuple(c.id for c in crits)
        self.option_ids: tuple[tuple[str, ...], ...] = tuple(
            tuple(o.id for o in c.options) for c in crits)
        n = len(crits)
        top = sum(max((o.points for o in c.options), default=0) for c in crits)
        if n > _MAX_COLUMNS or top > _MAX_TOTAL or any(len(c.options) >= MISSING for c in crits):
            raise ValueError(f"scorecard of set {card.product_set} is too large for the batch "
                             f"path ({n} criteria, {top} points); use ocopkit.evaluate")
        if any(o.points < 0 for c in crits for o in c.options):
            raise ValueError("negative option points are not supported by the batch path")
        pos = {c.id: i for i, c in enumerate(crits)}
        # lut[c, k]: packed value of option k of criterion c (MISSING = 0 points if allowed)
        lut = np.full((n, 256), 1 << _INVALID_SHIFT, dtype=np.int64)
        positive = np.zeros((n, 256), dtype=np.bool_)  # raw points > 0 (conditions)
        n_options = np.zeros(n, dtype=np.int16)
        conditional: list[tuple[int, int]] = []

        def packed(crit: Any, points: int) -> int:
            value = points
            for tier, shift in _FAIL_SHIFT.items():
                r = crit.required_points(tier)
                if r is not None and points < r:
                    value |= 1 << shift
            return value

        for i, c in enumerate(crits):
            n_options[i] = len(c.options)
            for k, o in enumerate(c.options):
                lut[i, k] = packed(c, o.points)
                positive[i, k] = o.points > 0
            if c.applies_when is not None:
                lut[i, MISSING] = packed(c, 0)
                cond = pos.get(c.applies_when.criterion_id)
                if cond is None:
                    raise ValueError(f"criterion {c.id}: condition on unknown criterion "
                                     f"{c.applies_when.criterion_id}")
                conditional.append((i, cond))
        self._lut = lut
        self._invalid = np.where(lut >= 1 << _INVALID_SHIFT, lut, 0)
        self._positive = positive
        self._n_options = n_options
        self._conditional = tuple(conditional)
        self._conditional_cols = np.zeros(n, dtype=np.bool_)
        for i, _ in conditional:
            self._conditional_cols[i] = True
        bands = ctx.ruleset.bands
        self._band = np.array([bands.band_of(Fraction(t)) for t in range(top + 1)],
                              dtype=np.uint8)
        self._top = top
        # Gates: the tiers withheld for want of evidence (the same for every row).
        self.gate_failures = tuple(
            att for att in ctx.gates if att.item.missing(self.evidence)  # type: ignore[union-attr]
        )
        blocked = 0
        for att in self.gate_failures:
            for tier in (3, 4, 5):
                if att.item.min_stars <= tier:  # type: ignore[union-attr]
                    blocked |= 1 << (tier - 3)
        self._blocked = blocked
        # Decision table over (band, failed minimum marks of 3★/4★/5★ as bits).
        stars = np.zeros(6 * 8, dtype=np.uint8)
        cert = np.zeros(6 * 8, dtype=np.bool_)
        for band in range(1, 6):
            for failed in range(8):
                mask = ~(failed | blocked)
                met = {3: bool(mask & 1), 4: bool(mask & 2), 5: bool(mask & 4)}
                d = ctx.tier_policy.decide(band, met)
                stars[band * 8 + failed] = d.stars
                cert[band * 8 + failed] = d.certifiable
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
    def encode(self, assessments: Iterable[Assessment]) -> NDArray[np.uint8]:
        """The option-index matrix of single-sheet ``assessments`` (scorecard column order).

        Each assessment must be valid (the per-object :func:`ocopkit.scoring.validate`
        error is raised otherwise) and must resolve to this scorer's context:
        same product set, rule set, province plug-ins and gate outcome, one
        score sheet, no disqualifier. Written points (``Answer(points=…)``)
        become the first option with those points — the batch outputs depend
        on points only.
        """
        import numpy as np

        from ._engine import validate

        items = list(assessments)
        out = np.empty((len(items), len(self.columns)), dtype=np.uint8)
        index = {cid: i for i, cid in enumerate(self.columns)}
        by_option = [{oid: k for k, oid in enumerate(ids)} for ids in self.option_ids]
        by_points = [
            {o.points: k for k, o in reversed(list(enumerate(c.options)))}
            for c in self.scorecard.criteria
        ]
        required = [i for i, c in enumerate(self.scorecard.criteria) if c.applies_when is None]
        checked: dict[tuple[object, ...], None] = {}
        for row, a in enumerate(items):
            where = f"$[{row}]"
            key = (a.ruleset_id, a.assessed_on, a.submitted_on, a.kind, a.product_set,
                   a.province, a.product_code, a.evidence_keys)
            if key not in checked:
                self._check_context(a, where, validate)
                checked[key] = None
            if len(a.sheets) != 1:
                raise _problem(f"{where}.sheets", "batch-sheets",
                               "chấm hàng loạt chỉ nhận một phiếu chấm; dùng evaluate()",
                               f"{len(a.sheets)} score sheets: the batch path scores single "
                               "sheets; evaluate averages per object with ocopkit.evaluate")
            if a.disqualifiers:
                raise _problem(f"{where}.disqualifiers", "batch-disqualified",
                               "phiếu bị loại: dùng evaluate()",
                               "disqualified assessments are scored per object "
                               "(ocopkit.evaluate)")
            line = out[row]
            line[:] = MISSING
            seen = set()
            for ans in a.sheets[0].answers:
                i = index.get(ans.criterion_id, -1)
                k: int | None = None
                if i >= 0 and i not in seen:
                    if ans.option_id is not None:
                        k = by_option[i].get(ans.option_id)
                        if (k is not None and ans.points is not None
                                and self.scorecard.criteria[i].options[k].points != ans.points):
                            k = None
                    elif ans.points is not None:
                        k = by_points[i].get(ans.points)
                if k is None:
                    validate(a, self.rules)  # raises the per-object error
                    raise _problem(where, "batch-answer", "câu trả lời không hợp lệ",
                                   f"answer {ans!r} cannot be encoded")
                seen.add(i)
                line[i] = k
            if any(line[i] == MISSING for i in required):
                validate(a, self.rules)
                raise _problem(where, "missing-answer", "thiếu câu trả lời", "missing answer")
        return out

    def _check_context(self, a: Assessment, where: str, validate: Any) -> None:
        from ._engine import _compile

        if a.product_set != self.product_set:
            raise _problem(f"{where}.product_set", "batch-context",
                           f"bộ {a.product_set} khác bộ {self.product_set} của bộ chấm",
                           f"set {a.product_set} is not this scorer's set {self.product_set}")
        compiled = _compile(a, self.rules)
        if compiled is None:
            validate(a, self.rules)  # raises the per-object error
            raise _problem(where, "batch-context", "không xác định được bối cảnh chấm",
                           "no scoring context")
        ctx = compiled.ctx
        gates = tuple(att for att in ctx.gates
                      if att.item.missing(a.evidence_keys))  # type: ignore[union-attr]
        same = (
            ctx.ruleset is self.context.ruleset
            and ctx.scorecard == self.scorecard
            and dict(ctx.decided_by) == dict(self.context.decided_by)
            and ctx.tier_policy == self.context.tier_policy
            and [g.item for g in gates] == [g.item for g in self.gate_failures]
        )
        if not same:
            raise _problem(where, "batch-context",
                           "phiếu thuộc bối cảnh chấm khác (bộ quy tắc, tỉnh, plug-in, cổng)",
                           "this assessment resolves to another scoring context (rule set, "
                           "province overrides, tier policy or gate outcome) than the scorer's")

    # ----------------------------------------------------------------- score
    def score(
        self,
        answers: NDArray[np.integer[Any]],
        *,
        assessments: Sequence[Assessment] | None = None,
    ) -> BatchResult:
        """Score a (rows × :attr:`columns`) matrix of option indexes; see the module docstring.

        ``answers`` should be ``uint8`` (other integer dtypes are range-checked
        and converted chunk by chunk). ``assessments``, if given (one per row,
        e.g. the input of :meth:`encode`), are what :meth:`BatchResult.explain`
        evaluates; otherwise it rebuilds an assessment from the row.
        """
        import numpy as np

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
        return BatchResult(self, a, total, band, stars, cert, min_fail,
                           tuple(assessments) if assessments is not None else None)

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
