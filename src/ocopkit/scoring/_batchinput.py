"""Encoding single-sheet assessments into the option-index matrix of a
:class:`~ocopkit.scoring.BatchScorer`, through the engine's compiled tables.

Each answer is looked up in the tables of the scorer's context, exactly as
:func:`ocopkit.scoring.evaluate` looks it up; a row the tables refuse is checked by
:func:`ocopkit.scoring.validate`, and every problem of every row is raised at once,
each under ``$[row]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from ocopkit.errors import Problem, ValidationError
from ocopkit.rulesets import Rules, Scorecard, ScoringContext

from ._assessment import Assessment
from ._contexts import segment
from ._frames import MISSING
from ._results import GateFailure
from ._tables import Tables
from ._validate import validate

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


class BatchScorer(Protocol):
    """What the encoder reads of a :class:`~ocopkit.scoring.BatchScorer`."""

    _tables: Tables
    columns: tuple[str, ...]
    context: ScoringContext
    gate_failures: tuple[GateFailure, ...]
    rules: Rules
    scorecard: Scorecard

    @property
    def product_set(self) -> int: ...

__all__ = ["encode_assessments"]


def _under(where: str, p: Problem) -> Problem:
    """``p`` located under the row ``where`` (``$.answers…`` → ``$[3].answers…``)."""
    path = where + p.path[1:] if p.path.startswith("$") else f"{where}.{p.path}"
    return Problem(path, p.code, p.message_vi, p.message_en, p.suggestion)



def encode_assessments(self: BatchScorer, items: list[Assessment]) -> NDArray[np.uint8]:
    """The option-index matrix of single-sheet ``items`` (see :meth:`BatchScorer.encode`)."""
    import numpy as np

    t = self._tables
    out = np.full((len(items), len(self.columns)), MISSING, dtype=np.uint8)
    # per criterion: record code -> option index (written points: the first option)
    index: list[dict[int, int]] = []
    for c, recs in zip(self.scorecard.criteria, t.recs, strict=True):
        first: dict[int, int] = {}
        for k, o in enumerate(c.options):
            first.setdefault(o.points, k)
        # option records come first, in option order (their code is the option index)
        index.append({r.code: r.code if r.option_id is not None else first[r.points]
                      for r in recs if r is not t.missing[r.pos]})
    problems: list[Problem] = []
    checked: dict[tuple[object, ...], list[Problem]] = {}
    for row, a in enumerate(items):
        where = f"$[{row}]"
        key = (a.ruleset_id, a.assessed_on, a.submitted_on, a.kind, a.product_set,
               a.province, a.product_code, a.evidence_keys)
        found = checked.get(key)
        if found is None:
            found = checked[key] = _context_problems(self, a)
        if found:
            problems.extend(_under(where, p) for p in found)
            continue
        if len(a.sheets) != 1:
            problems.append(Problem(
                f"{where}.sheets", "batch-sheets",
                "chấm hàng loạt chỉ nhận một phiếu chấm; dùng evaluate()",
                f"{len(a.sheets)} score sheets: the batch path scores single sheets; "
                "evaluate averages per object with ocopkit.evaluate"))
            continue
        if a.disqualifiers:
            problems.append(Problem(
                f"{where}.disqualifiers", "batch-disqualified",
                "phiếu bị loại: dùng evaluate()",
                "disqualified assessments are scored per object (ocopkit.evaluate)"))
            continue
        read = t.sheet(a.sheets[0].answers, False)
        if read is None:
            try:
                validate(a, self.rules)
            except ValidationError as exc:
                problems.extend(_under(where, p) for p in exc.problems)
                continue
            raise AssertionError(f"ocopkit internal error: row {row} refused by the "
                                 "batch encoder but valid; please report it")
        line = out[row]
        for r in read[0]:
            line[r.pos] = index[r.pos][r.code]
    if problems:
        raise ValidationError(problems, "invalid batch input / dữ liệu chấm hàng loạt "
                                        "không hợp lệ")
    return out


def _context_problems(self: BatchScorer, a: Assessment) -> list[Problem]:
    """Why ``a`` does not belong to this scorer's context (empty if it does)."""
    if a.product_set != self.product_set:
        return [Problem("$.product_set", "batch-context",
                        f"bộ {a.product_set} khác bộ {self.product_set} của bộ chấm",
                        f"set {a.product_set} is not this scorer's set {self.product_set}")]
    seg = segment(a, self.rules)
    if seg.tables is None:
        try:
            validate(a, self.rules)
        except ValidationError as exc:
            return list(exc.problems)
        raise AssertionError("ocopkit internal error: no scoring context for a valid "
                             "assessment; please report it")
    ctx = seg.ctx
    assert ctx is not None
    gates = seg.tables.gate_outcome(a.evidence_keys)
    same = seg.tables is self._tables or (
        ctx.ruleset is self.context.ruleset
        and ctx.scorecard == self.scorecard
        and dict(ctx.decided_by) == dict(self.context.decided_by)
        and ctx.tier_policy == self.context.tier_policy)
    if not same or gates != self.gate_failures:
        return [Problem(
            "$", "batch-context",
            "phiếu thuộc bối cảnh chấm khác (bộ quy tắc, tỉnh, plug-in, cổng)",
            "this assessment resolves to another scoring context (rule set, province "
            "overrides, tier policy or gate outcome) than the scorer's")]
    return []
