"""The compiled tables of one scoring context: what the engine and the batch path read.

A :class:`Tables` is built once per distinct scoring context (rule set, product set,
winning provincial overrides, gates in force, tier policy — see
:mod:`ocopkit.scoring._contexts`). It holds, for every answer a score sheet may give
(an option id, written points, both), a :class:`Rec`:

* ``vec``, an integer that packs the answer's contribution to a sheet, summed over the
  sheet's answers: its points in the field of its criterion (fields ``0 … n-1``, 16 bits
  each), again in the sheet-total field ``n``, and the criterion's presence bit (from
  ``pshift`` up), so that one ``sum`` gives the points of every criterion, the sheet's
  raw total and whether every criterion was answered once (a criterion answered twice
  carries into the next bit, so the sum has fewer bits set than the sheet has
  answers); ``wide`` is the same with 32-bit fields, for councils of more than
  :attr:`Layout.max_sheets` scorers;
* its trace line for a single score sheet (applicable and, for a conditional criterion,
  not applicable), built once.

Summed over the sheets, the criterion fields hold ``s_i``, the sum of the scorers'
points; the mean is ``s_i / n``. A minimum mark ``r`` is met when ``s_i ≥ r·n``, which
is tested for all criteria at once by adding ``2¹⁵ − r·n`` to each field and reading
its top ("guard") bit (:meth:`Layout.thresholds`). The same tables give the batch path
its per-option points and failed marks (:meth:`Tables.option_table`), its band table
and its decisions, so there is one tabulation of the rules.

This module has no public names.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any, Final

from ocopkit._version import __version__
from ocopkit.rulesets import (
    Authority,
    BandOrNothing,
    Criterion,
    Gate,
    HighestTierMet,
    Rules,
    ScoringContext,
    TierChecks,
)

from ._results import GateFailure, Provenance, TraceLine, _gate_failures, _trace_line

__all__: list[str] = []

TIERS: Final = (3, 4, 5)
#: Bounds of the memo tables (pure functions of small inputs; past the bound a value is
#: computed and not kept).
MEMO: Final = 1 << 14


class Rec:
    """One answer a sheet may give to one criterion (see the module docstring)."""

    __slots__ = ("code", "line", "line_na", "option_id", "points", "pos", "vec", "wide")

    def __init__(self, pos: int, code: int, option_id: str | None, points: int, vec: int,
                 wide: int, line: TraceLine, line_na: TraceLine | None) -> None:
        self.pos = pos
        self.code = code
        self.option_id = option_id
        self.points = points
        self.vec = vec
        self.wide = wide
        self.line = line
        self.line_na = line_na


class Layout:
    """Where the fields of a packed sheet lie, for fields of ``field`` bits."""

    def __init__(self, criteria: tuple[Criterion, ...], field: int) -> None:
        n = len(criteria)
        self.criteria = criteria
        self.field = field
        self.mask = (1 << field) - 1
        self.guard = 1 << (field - 1)
        self.total_shift = field * n
        self.crit_mask = (1 << (field * n)) - 1
        self.guards = sum(self.guard << (field * i) for i in range(n))
        self.pshift = field * (n + 1)
        # sums stay below the guard bit: s_i ≤ max_i · sheets and total < 2^(field - 1)
        self.max_sheets = (self.guard - 1) // max(1, sum(c.max_points for c in criteria))
        self.memo: dict[int, tuple[int, int, int]] = {}

    def pack(self, pos: int, points: int, present: bool) -> int:
        return ((points << (self.field * pos)) | (points << self.total_shift)
                | ((1 << (self.pshift + pos)) if present else 0))

    def thresholds(self, sheets: int) -> tuple[int, int, int]:
        """Per tier, the constant whose sum with the criterion fields sets the guard bit
        of every criterion that meets the tier's minimum mark (mean ≥ mark)."""
        found = self.memo.get(sheets)
        if found is None:
            out = []
            for k in TIERS:
                value = 0
                for i, c in enumerate(self.criteria):
                    r = c.required_points(k)
                    value |= (self.guard - (r * sheets if r is not None else 0)) << (
                        self.field * i)
                out.append(value)
            found = (out[0], out[1], out[2])
            if len(self.memo) < 64:
                self.memo[sheets] = found
        return found

    def fields(self, packed: int, n: int) -> list[int]:
        """The first ``n`` fields of ``packed``."""
        data = memoryview((packed & self.crit_mask).to_bytes(self.field // 8 * n, "little"))
        return (data.cast("H") if self.field == 16 else data.cast("I")).tolist()


_FRACTIONS = tuple(Fraction(i) for i in range(1024))


def fraction(num: int, den: int, memo: dict[tuple[int, int], Fraction]) -> Fraction:
    """``Fraction(num, den)``, shared (Fractions are immutable)."""
    if den == 1 and 0 <= num < 1024:
        return _FRACTIONS[num]
    key = (num, den)
    value = memo.get(key)
    if value is None:
        value = Fraction(num, den)
        if len(memo) < MEMO:
            memo[key] = value
    return value


class Tables:
    """The compiled tables of one scoring context (see the module docstring)."""

    def __init__(self, rules: Rules, ctx: ScoringContext) -> None:
        self.rules = rules
        self.ctx = ctx
        card = self.card = ctx.scorecard
        self.ruleset = ctx.ruleset
        self.bands = ctx.ruleset.bands
        self.policy = ctx.tier_policy
        self.pure_policy = type(self.policy) in (HighestTierMet, BandOrNothing)
        crits = self.criteria = card.criteria
        n = self.n = len(crits)
        self.crit_ids = tuple(c.id for c in crits)
        self.positions = list(range(n))
        self.no_points = [None] * n
        self.pos_of = {c.id: i for i, c in enumerate(crits)}
        self.narrow = Layout(crits, 16)
        self.wide = Layout(crits, 32)
        self.max_sheets = self.wide.max_sheets
        self.required = sum(1 << i for i, c in enumerate(crits) if c.applies_when is None)
        self.max_total = sum(c.max_points for c in crits)
        # conditional criteria: (position, position of the condition, or -1 if unknown)
        self.conditional = tuple(
            (i, self.pos_of.get(c.applies_when.criterion_id, -1))
            for i, c in enumerate(crits) if c.applies_when is not None)
        self.decided = [ctx.decided_by.get(c.id, "ocopkit.national") for c in crits]
        # answers: criterion id -> {option id | (option id | None, points): Rec}
        self.answers: dict[str, dict[object, Rec]] = {}
        self.missing: list[Rec | None] = [None] * n  # an unanswered conditional criterion
        self.recs: list[list[Rec]] = []  # per criterion, its records by code
        for i, c in enumerate(crits):
            self._compile_criterion(i, c)
        # groups and parts as ranges of criterion positions (scorecard order is
        # parts → groups → criteria, so each is contiguous)
        self.group_ranges: list[tuple[str, int, int]] = []
        self.part_groups: list[tuple[str, int, int]] = []
        at = 0
        for p in card.parts:
            first = len(self.group_ranges)
            for g in p.groups:
                self.group_ranges.append((g.id, at, at + len(g.criteria)))
                at += len(g.criteria)
            self.part_groups.append((p.id, first, len(self.group_ranges)))
        self.dq = card.disqualifiers
        # disqualifiers the scores decide (26/2026 bộ 16, ghi chú of 6.1–6.4): each with
        # the positions of its criteria
        self.zero_stops = tuple((d, tuple(self.pos_of[cid] for cid in d.when_zero))
                                for d in self.dq.values() if d.when_zero)
        # memo tables (pure functions of small inputs)
        self.fractions: dict[tuple[int, int], Fraction] = {}
        self.totals: dict[tuple[int, int], tuple[Fraction, int]] = {}
        self.band_memo: dict[Fraction, int] = {}
        self.decisions: dict[tuple[int, bool, bool, bool, tuple[GateFailure, ...]],
                             tuple[int, bool, str, str]] = {}
        self.gate_items: dict[tuple[str, str], Gate] = {
            (att.plugin, att.item.id): att.item for att in ctx.gates
            if isinstance(att.item, Gate)}
        self.gate_memo: dict[frozenset[str], tuple[GateFailure, ...]] = {}
        self.failure_memo: dict[tuple[int, int, int], tuple[str, ...]] = {}
        self.column_lines: dict[tuple[object, ...], TraceLine] = {}
        self.provenances: dict[str, Provenance] = {}
        self.authority_memo: dict[tuple[int, date], Authority] = {}
        # one score sheet (the most common case): totals by integer, no division
        self.single = [self._single(points) for points in range(self.max_total + 1)]
        self.default_provenance = self.provenance("exact-mean")

    def _compile_criterion(self, i: int, c: Criterion) -> None:
        decided = self.decided[i]
        conditional = c.applies_when is not None
        table: dict[object, Rec] = {}
        recs: list[Rec] = []

        def rec(option_id: str | None, points: int, present: bool) -> Rec:
            text = c.option(option_id).text if option_id is not None else None
            line = _trace_line(c, (option_id,), text, Fraction(points), True, decided)
            line_na = (_trace_line(c, (option_id,), text, Fraction(0), False, decided)
                       if conditional else None)
            r = Rec(i, len(recs), option_id, points, self.narrow.pack(i, points, present),
                    self.wide.pack(i, points, present), line, line_na)
            recs.append(r)
            return r

        by_points: dict[int, list[str]] = {}
        for o in c.options:
            r = rec(o.id, o.points, True)
            table[o.id] = r
            table[(o.id, o.points)] = r
            by_points.setdefault(o.points, []).append(o.id)
        for points, ids in by_points.items():
            # written points name an option when exactly one option has them
            table[(None, points)] = table[ids[0]] if len(ids) == 1 else rec(None, points, True)
        if conditional:
            self.missing[i] = rec(None, 0, False)
        self.answers[c.id] = table
        self.recs.append(recs)

    # ------------------------------------------------------------------ reading

    def sheet(self, answers: tuple[Any, ...], wide: bool) -> tuple[list[Rec], int] | None:
        """The records of a sheet's answers and their packed sum (in the wide layout if
        ``wide``), or None when the sheet is invalid: an unknown criterion, option or
        points, an empty answer, a criterion answered twice or a required one left out.
        """
        if len(answers) > self.n:
            return None  # an answer twice, or one of no criterion
        table = self.answers
        try:
            if len(answers) == self.n and [x.points for x in answers] == self.no_points:
                recs = [table[x.criterion_id][x.option_id] for x in answers]
            else:
                recs = [table[x.criterion_id][x.option_id if x.points is None
                                              else (x.option_id, x.points)] for x in answers]
        except (KeyError, TypeError, AttributeError):
            return None
        if wide:
            vec = sum([r.wide for r in recs])
            present = vec >> self.wide.pshift
        else:
            vec = sum([r.vec for r in recs])
            present = vec >> self.narrow.pshift
        # a criterion answered twice carries into the next presence bit
        if present.bit_count() != len(answers) or present & self.required != self.required:
            return None
        return recs, vec

    # ------------------------------------------------------------------ arithmetic

    def band(self, total: Fraction) -> int:
        band = self.band_memo.get(total)
        if band is None:
            band = self.bands.band_of(total)
            if len(self.band_memo) < MEMO:
                self.band_memo[total] = band
        return band

    def total_and_band(self, points: int, sheets: int) -> tuple[Fraction, int]:
        """The exact mean ``points / sheets`` and its band."""
        key = (points, sheets)
        found = self.totals.get(key)
        if found is None:
            total = fraction(points, sheets, self.fractions)
            found = (total, self.bands.band_of(total))
            if len(self.totals) < MEMO:
                self.totals[key] = found
        return found

    def _single(self, points: int) -> tuple[Fraction, int] | None:
        try:
            return self.total_and_band(points, 1)
        except ValueError:  # a total the bands refuse: raised again when it is scored
            return None

    def decide(self, band: int, marks3: bool, marks4: bool, marks5: bool,
               gates: tuple[GateFailure, ...] = ()) -> tuple[int, bool, str, str]:
        """The tier policy's decision from the minimum marks met per tier and the gates
        failed (tabulated for the built-in, pure policies). The policy receives a
        :class:`~ocopkit.rulesets.TierChecks`: the tiers met, and why not."""
        key = (band, marks3, marks4, marks5, gates)
        found = self.decisions.get(key)
        if found is None:
            items = self.gate_items
            checks = TierChecks({3: marks3, 4: marks4, 5: marks5},
                                tuple(items[g.plugin, g.gate_id] for g in gates))
            d = self.policy.decide(band, checks)
            found = (d.stars, d.certifiable, d.reason_en, d.reason_vi)
            if self.pure_policy and len(self.decisions) < MEMO:
                self.decisions[key] = found
        return found

    def stopped(self, sums: int, field: int, not_applicable: list[int]
                ) -> tuple[tuple[str, str], ...]:
        """The disqualifiers the scores decide, as ``(disqualifier id, the first of its
        criteria that scored 0)``: a criterion's summed points ``sums`` (fields of
        ``field`` bits) are 0 when its mean is; a criterion not applicable does not count."""
        mask = (1 << field) - 1
        out = []
        for d, positions in self.zero_stops:
            for pos in positions:
                if not (sums >> (field * pos)) & mask and pos not in not_applicable:
                    out.append((d.id, self.crit_ids[pos]))
                    break
        return tuple(out)

    def gate_outcome(self, evidence: frozenset[str]) -> tuple[GateFailure, ...]:
        """The gates failed for lack of ``evidence``."""
        found = self.gate_memo.get(evidence)
        if found is None:
            found = _gate_failures(self.ctx.gates, evidence)
            if len(self.gate_memo) < 1024:
                self.gate_memo[evidence] = found
        return found

    def authority(self, stars: int, on: date) -> Authority:
        key = (stars, on)
        found = self.authority_memo.get(key)
        if found is None:
            found = self.ruleset.authority_for(stars, on)
            if len(self.authority_memo) < MEMO:
                self.authority_memo[key] = found
        return found

    def provenance(self, averaging_id: str) -> Provenance:
        found = self.provenances.get(averaging_id)
        if found is None:
            ctx = self.ctx
            found = self.provenances[averaging_id] = Provenance(
                ctx.ruleset.id, ctx.ruleset.content_hash, ctx.plugins, __version__,
                ctx.tier_policy.id, averaging_id, ctx.caveats)
        return found

    def failed(self, tier: int, bits: int, field: int) -> tuple[str, ...]:
        """The criteria (scorecard order) whose guard bits are set in ``bits``."""
        key = (tier, bits, field)
        found = self.failure_memo.get(key)
        if found is None:
            ids = self.crit_ids
            out = []
            while bits:
                low = bits & -bits
                out.append(ids[(low.bit_length() - 1) // field])
                bits ^= low
            found = tuple(out)
            if len(self.failure_memo) < MEMO:
                self.failure_memo[key] = found
        return found

    def line(self, pos: int, recs: tuple[Rec, ...], applicable: bool) -> TraceLine:
        """The trace line of criterion ``pos`` answered ``recs`` by the sheets (memoised
        by the records, which are unique to these tables)."""
        key: tuple[object, ...] = recs if applicable else (False, *recs)
        found = self.column_lines.get(key)
        if found is None:
            c = self.criteria[pos]
            ids = tuple(r.option_id for r in recs)
            first = ids[0]
            text = (c.option(first).text
                    if first is not None and ids.count(first) == len(ids) else None)
            value = (fraction(sum(r.points for r in recs), len(recs), self.fractions)
                     if applicable else Fraction(0))
            found = _trace_line(c, ids, text, value, applicable, self.decided[pos])
            if len(self.column_lines) < MEMO:
                self.column_lines[key] = found
        return found

    # ------------------------------------------------------------------ batch view

    def option_table(self) -> tuple[tuple[tuple[int, tuple[bool, bool, bool]], ...], ...]:
        """Per criterion, per option (scorecard order): its points and, per tier 3/4/5,
        whether choosing it misses the criterion's minimum mark — the table
        :class:`~ocopkit.scoring.BatchScorer` vectorises."""
        out = []
        for c in self.criteria:
            row = []
            for o in c.options:
                r = self.answers[c.id][o.id]
                row.append((r.points, (not r.line.met[3], not r.line.met[4],
                                       not r.line.met[5])))
            out.append(tuple(row))
        return tuple(out)

    def missing_failures(self, pos: int) -> tuple[bool, bool, bool]:
        """Whether leaving conditional criterion ``pos`` unanswered (0 points) while it
        applies misses its minimum marks."""
        r = self.missing[pos]
        if r is None:
            raise AssertionError(f"criterion {self.crit_ids[pos]} is not conditional")
        return (not r.line.met[3], not r.line.met[4], not r.line.met[5])

