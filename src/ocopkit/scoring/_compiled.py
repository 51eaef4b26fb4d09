"""The compiled fast path of :func:`ocopkit.scoring.evaluate`.

:func:`~ocopkit.scoring.evaluate` first looks for a compiled context
(``_Compiled``) for the inputs that decide the scoring context (rules, rule
set or date/submission/kind, product set, province). A compiled context holds,
per option, a record: its (shared, immutable) trace line; its points and failed
minimum marks packed in a small integer (one byte each: points, then a count per
tier), so that summing the records gives the total and what the tier decision
needs; its points for its group and part packed in a second integer (one byte
per group and part); and its failed minimum marks as bits. A single-sheet
assessment answered by option ids is then scored with a few C-level
operations. The result is built from what decides it (total, band, gates,
stars, authority); its ``trace``, ``parts``, ``groups`` and
``minimum_failures`` are filled from the kept records when first read (the
``_Deferred`` descriptors this module installs on
:class:`~ocopkit.scoring.Evaluation` once, at import, and
``_Compiled.fill``) — most callers read the stars, not the trace.
``_compile`` resolves the rule set and context exactly as
:func:`~ocopkit.scoring.validate` does; compiled contexts are shared by all
inputs that resolve to the same context. Anything else — several sheets,
written points, any validation problem — takes the general path of
:mod:`ocopkit.scoring`, which reports it. Both paths give equal results (the
fast path only precomputes what the general path computes per call);
tests/test_batch.py checks it. Nothing is cached per assessment or per answer
set. This module has no public names.
"""

from __future__ import annotations

import operator
from fractions import Fraction
from typing import Any

import attrs

from ocopkit._version import __version__
from ocopkit.frozen import FrozenMap
from ocopkit.rulesets import (
    Authority,
    Averaging,
    BandOrNothing,
    Criterion,
    ExactMean,
    HighestTierMet,
    Rules,
    ScoringContext,
)

from ._assessment import Assessment
from ._results import (
    Evaluation,
    GateFailure,
    Provenance,
    TraceLine,
    _Deferrable,
    _gate_failures,
    _trace_line,
)

__all__: list[str] = []


def _province_from_code(a: Assessment) -> str | None:
    """The province a product code starts with (also used by the general path)."""
    if a.product_code:
        head = a.product_code.strip().split("-")[0].strip(" .()")
        return head or None
    return None


class _Deferred:
    """An :class:`Evaluation` field that the compiled path fills on first read.

    It wraps the field's slot: reading a slot returns its value (the general
    path and ``__init__`` set every slot to its value); reading a slot that
    holds :data:`_PENDING` asks the compiled context that made the evaluation
    to fill it from the records it kept (:meth:`_Compiled.fill`). The values
    are those the general path computes, so ``==``, ``hash``, ``repr``,
    ``attrs.evolve``, pickling and serialisation, which all read the fields,
    see the same values.
    """

    __slots__ = ("member", "name")

    def __init__(self, name: str, member: Any) -> None:
        self.name = name
        self.member = member

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self.member
        value = self.member.__get__(obj, owner)
        if value is _PENDING:
            state = _DEFERRED_STATE(obj)
            state[0].fill(obj, self.name, state)
            value = self.member.__get__(obj, owner)
        return value

    def __set__(self, obj: object, value: Any) -> None:
        self.member.__set__(obj, value)

    def __delete__(self, obj: object) -> None:
        self.member.__delete__(obj)


_DEFERRED_STATE = _Deferrable.__dict__["_deferred"].__get__
_SET_DEFERRED = _Deferrable.__dict__["_deferred"].__set__
# Raw slot setters, for the compiled path's constructor (:meth:`_Compiled.evaluate`).
_SETTERS = {f.name: Evaluation.__dict__[f.name].__set__ for f in attrs.fields(Evaluation)}
_SET_ASSESSMENT = _SETTERS["assessment"]
_SET_TOTAL = _SETTERS["total"]
_SET_PARTS = _SETTERS["parts"]
_SET_GROUPS = _SETTERS["groups"]
_SET_BAND = _SETTERS["band"]
_SET_MINIMUM_FAILURES = _SETTERS["minimum_failures"]
_SET_GATE_FAILURES = _SETTERS["gate_failures"]
_SET_DISQUALIFIED_BY = _SETTERS["disqualified_by"]
_SET_STARS = _SETTERS["stars"]
_SET_CERTIFIABLE = _SETTERS["certifiable"]
_SET_AUTHORITY = _SETTERS["authority"]
_SET_DECISION_EN = _SETTERS["decision_en"]
_SET_DECISION_VI = _SETTERS["decision_vi"]
_SET_TRACE = _SETTERS["trace"]
_SET_PROVENANCE = _SETTERS["provenance"]
_SET_SCORECARD = _SETTERS["scorecard"]
_SET_BANDS = _SETTERS["bands"]
_SET_RULES = _SETTERS["rules"]
for _name in ("parts", "groups", "minimum_failures", "trace"):
    setattr(Evaluation, _name, _Deferred(_name, Evaluation.__dict__[_name]))
del _name
_NEW = object.__new__
_PENDING: Any = object()  # a deferred field not computed yet


_BY_INPUTS: dict[object, _Compiled] = {}  # (rules, ruleset_id, dates, kind, set, province)
_BY_CONTEXT: dict[object, _Compiled] = {}  # one per distinct scoring context
_MAX_INPUTS, _MAX_CONTEXTS = 1 << 16, 256


def _inputs_key(a: Assessment, rules: Rules) -> object:
    """What decides the scoring context of ``a`` (None if it cannot be computed)."""
    try:
        key = (id(rules), a.ruleset_id, a.assessed_on, a.submitted_on, a.kind, a.product_set,
               a.province or _province_from_code(a))
        hash(key)
    except Exception:
        return None
    return key


def _compile(a: Assessment, rules: Rules) -> _Compiled | None:
    """The compiled context of ``a`` (None on any problem: the general path reports it)."""
    key = _inputs_key(a, rules)
    if key is None:
        return None
    try:
        reg = rules.registry
        if a.ruleset_id is None:
            rs = reg.for_date(a.assessed_on, submitted_on=a.submitted_on, kind=a.kind)
        else:
            rs = reg.get(a.ruleset_id)
            if not reg.decides_on(rs, a.assessed_on, submitted_on=a.submitted_on, kind=a.kind):
                return None  # the general path reports it
        province = key[-1]  # type: ignore[index]
        ctx = rules.context(rs, a.product_set, province, a.assessed_on)
        base = rs.scorecard(a.product_set)
        changed = tuple(c for c in ctx.scorecard
                        if not base.has_criterion(c.id) or c is not base.criterion(c.id))
        signature = (id(rules), id(rs), a.product_set, changed, tuple(ctx.decided_by.items()),
                     tuple(map(id, ctx.gates)), id(ctx.tier_policy), ctx.tier_policy_by,
                     ctx.plugins, ctx.caveats)
        compiled = _BY_CONTEXT.get(signature)
        if compiled is None or compiled.rules is not rules or compiled.ctx.ruleset is not rs:
            compiled = _Compiled(rules, ctx)
            if len(_BY_CONTEXT) >= _MAX_CONTEXTS:
                _BY_CONTEXT.clear()
                _BY_INPUTS.clear()
            _BY_CONTEXT[signature] = compiled
    except Exception:
        return None
    if len(_BY_INPUTS) >= _MAX_INPUTS:
        _BY_INPUTS.clear()
    _BY_INPUTS[key] = compiled
    return compiled


_FRACTIONS = tuple(Fraction(i) for i in range(256))
_ANSWER_KEY = operator.attrgetter("criterion_id", "option_id", "points")
_CRITERION_ID = operator.attrgetter("criterion_id")
_OPTION_ID = operator.attrgetter("option_id")
_POINTS = operator.attrgetter("points")
_POSITION = operator.itemgetter(0)
_SMALL = operator.itemgetter(1)
_SUMS = operator.itemgetter(2)
_MASKS = operator.itemgetter(3)
_LINE = operator.itemgetter(4)
# An answer's record (see _Compiled): its position; the points and failed-minimum counts
# packed in a small int; the points for its group and part packed in bytes; its failed
# minimums as bits; its trace line.
_Record = tuple[int, int, int, int, TraceLine]


def _line(crit: Criterion, option_id: str | None, applicable: bool, decided_by: str,
          ) -> tuple[int, TraceLine]:
    """Raw points and trace line of one single-sheet answer, as the general path computes."""
    raw = crit.option(option_id).points if option_id is not None else 0
    text = crit.option(option_id).text if option_id is not None else None
    value = Fraction(raw if applicable else 0)
    return raw, _trace_line(crit, (option_id,), text, value, applicable, decided_by)


class _Compiled:
    """Scoring tables for one scoring context (see the comment above)."""

    __slots__ = (
        "authorities",
        "bands_cache",
        "by_option",
        "card",
        "chained",
        "conditional",
        "crit_ids",
        "ctx",
        "decisions",
        "dq_keys",
        "enabled",
        "exact_mean",
        "failure_sets",
        "gate_outcomes",
        "group_ids",
        "n",
        "n_groups",
        "n_sums",
        "no_points",
        "options",
        "part_ids",
        "positions",
        "provenances",
        "rules",
    )

    def __init__(self, rules: Rules, ctx: ScoringContext) -> None:
        self.exact_mean = ExactMean
        self.rules = rules
        self.ctx = ctx
        card = self.card = ctx.scorecard
        crits = card.criteria
        groups = [g for p in card.parts for g in p.groups]
        leaves = [c for g in groups for c in g.criteria]
        self.enabled = (
            [c.id for c in leaves] == [c.id for c in crits]
            and all(c.applies_when is None or card.has_criterion(c.applies_when.criterion_id)
                    for c in crits)
            and sum(max((o.points for o in c.options), default=0) for c in crits) < 256
            and len(crits) < 256
        )
        self.n = len(crits)
        self.positions = list(range(self.n))
        self.group_ids = [g.id for g in groups]
        self.part_ids = [p.id for p in card.parts]
        n_groups, n_parts = len(self.group_ids), len(self.part_ids)
        self.n_groups = n_groups
        self.n_sums = n_groups + n_parts
        self.crit_ids = tuple(c.id for c in crits)
        shifts: list[tuple[int, int]] = []  # per criterion: the bytes of its group and part
        gi = 0
        for pi, p in enumerate(card.parts):
            for g in p.groups:
                shifts.extend((8 * gi, 8 * (n_groups + pi)) for _ in g.criteria)
                gi += 1

        def record(i: int, c: Criterion, oid: str | None, applicable: bool) -> _Record:
            raw, line = _line(c, oid, applicable, ctx.decided_by.get(c.id, "ocopkit.national"))
            value = raw if applicable else 0
            failed = [k for k, ok in line.met.items() if not ok]
            # byte 0: the points; bytes 1-3: one failed minimum for 3★, 4★, 5★
            small = value + sum(1 << (8 * (k - 2)) for k in failed)
            # one byte per group, then per part: the points
            sums = sum(value << at for at in shifts[i])
            # bit (tier - 3) × n + position: this criterion misses the tier's minimum
            masks = sum(1 << ((k - 3) * self.n + i) for k in failed)
            return (i, small, sums, masks, line)

        # (criterion id, option id, written points = None) → record
        self.options: dict[tuple[str, str | None, None], _Record] = {}
        # (position, condition position, {(option id, applicable): record})
        self.conditional: list[tuple[int, int, dict[tuple[str | None, bool], _Record]]] = []
        if self.enabled:
            pos_of = {c.id: i for i, c in enumerate(crits)}
            for i, c in enumerate(crits):
                for o in c.options:
                    self.options[(c.id, o.id, None)] = record(i, c, o.id, True)
                if c.applies_when is not None:
                    both = {(oid, ok): record(i, c, oid, ok)
                            for oid in (None, *(o.id for o in c.options)) for ok in (True, False)}
                    self.conditional.append((i, pos_of[c.applies_when.criterion_id], both))
        # option id → record, when no option id is shared by two criteria: an answer
        # sheet in scorecard order is then looked up by option ids alone (str keys)
        owners: dict[str | None, int] = {}
        for _, oid, _ in self.options:
            owners[oid] = owners.get(oid, 0) + 1
        self.by_option: dict[str | None, _Record] | None = (
            {oid: rec for (_, oid, _), rec in self.options.items()}
            if self.options and max(owners.values()) == 1 else None)
        self.no_points = (None,) * self.n
        conditional_at = {pos for pos, _, _ in self.conditional}
        self.chained = any(c in conditional_at for _, c, _ in self.conditional)
        self.dq_keys = frozenset(card.disqualifiers)
        self.bands_cache: dict[int, int] = {}
        self.decisions: dict[tuple[int, bool, bool, bool], tuple[int, bool, str, str]] = {}
        self.authorities: dict[tuple[int, object], Authority] = {}
        self.provenances: dict[str, Provenance] = {}
        self.gate_outcomes: dict[frozenset[str], tuple[tuple[GateFailure, ...], int]] = {}
        self.failure_sets: dict[int, tuple[tuple[int, tuple[str, ...]], ...]] = {}

    def _failure_set(self, masks: int) -> tuple[tuple[int, tuple[str, ...]], ...]:
        """(tier, failed criteria in scorecard order) from the failure bits of a sheet."""
        n, ids = self.n, self.crit_ids
        found = []
        for j, k in enumerate((3, 4, 5)):
            bits = (masks >> (j * n)) & ((1 << n) - 1)
            failed = []
            while bits:
                low = bits & -bits
                failed.append(ids[low.bit_length() - 1])
                bits ^= low
            if failed:
                found.append((k, tuple(failed)))
        if len(self.failure_sets) < 4096:
            self.failure_sets[masks] = tuple(found)
        return tuple(found)

    def _gate_outcome(self, evidence: frozenset[str]) -> tuple[tuple[GateFailure, ...], int]:
        """The gates failed for lack of ``evidence``, and the lowest tier they withhold."""
        failed = _gate_failures(self.ctx.gates, evidence)
        outcome = (failed, min([g.min_stars for g in failed], default=6))
        if len(self.gate_outcomes) < 1024:  # one per set of evidence kinds supplied
            self.gate_outcomes[evidence] = outcome
        return outcome

    def _place(self, recs: list[_Record]) -> list[_Record | None] | None:
        """Answers out of scorecard order or omitted (conditional criteria only)."""
        slots: list[_Record | None] = [None] * self.n
        for rec in recs:
            if slots[rec[0]] is not None:
                return None  # a duplicate answer
            slots[rec[0]] = rec
        return slots

    def evaluate(self, a: Assessment, averaging: Averaging | None) -> Evaluation | None:
        """The evaluation of ``a``, or None when ``a`` needs the general path.

        Only what decides the result (total, band, stars, gates) is computed here;
        ``trace``, ``parts``, ``groups`` and ``minimum_failures`` are filled from the
        kept records on first read (:meth:`fill`).
        """
        sheets = a.sheets
        if len(sheets) != 1 or not self.enabled:
            return None
        dqs = a.disqualifiers
        if dqs and not dqs <= self.dq_keys:
            return None
        answers = sheets[0].answers
        by_option = self.by_option
        recs: list[Any]
        if (by_option is not None and tuple(map(_CRITERION_ID, answers)) == self.crit_ids
                and tuple(map(_POINTS, answers)) == self.no_points):
            # every criterion, in scorecard order, answered by an option id
            recs = list(map(by_option.get, map(_OPTION_ID, answers)))
            try:
                if list(map(_POSITION, recs)) != self.positions:
                    return None  # an option of another criterion
            except TypeError:  # an unknown option
                return None
            canonical = True
        else:
            recs = list(map(self.options.get, map(_ANSWER_KEY, answers)))
            try:
                canonical = list(map(_POSITION, recs)) == self.positions
            except TypeError:  # an answer that is not a known (criterion, option) pair
                return None
            if not canonical:
                slots = self._place(recs)
                if slots is None:
                    return None
                recs = slots
        if self.conditional:
            # A condition holds when its criterion's raw points (the total field of an
            # option record, always "applicable") are above 0, as in the general path.
            raws = [recs[c] for _, c, _ in self.conditional] if self.chained else recs
            for k, (pos, cond_pos, both) in enumerate(self.conditional):
                cond = raws[k] if self.chained else raws[cond_pos]
                current = recs[pos]
                recs[pos] = both[(current[4].option_ids[0] if current is not None else None,
                                  cond is not None and cond[1] & 255 > 0)]
        if not canonical and None in recs:
            return None  # a missing answer
        small = sum(map(_SMALL, recs))
        int_total = small & 255
        failing = small >> 8  # the failed-minimum counts for 3★, 4★, 5★ (a byte each)
        ctx = self.ctx
        bands = ctx.ruleset.bands
        if averaging is None or type(averaging) is self.exact_mean:
            avg_id = "exact-mean" if averaging is None else averaging.id
            total = _FRACTIONS[int_total]
            band = self.bands_cache.get(int_total)
            if band is None:
                band = self.bands_cache[int_total] = bands.band_of(total)
        else:
            avg_id = averaging.id
            total = averaging.combine([_FRACTIONS[int_total]])
            band = bands.band_of(total)
        gate_failures: tuple[GateFailure, ...] = ()
        gated = 6  # the lowest tier a failed gate withholds (with every tier above)
        if ctx.gates:
            evidence = a.evidence_keys
            outcome = self.gate_outcomes.get(evidence)
            if outcome is None:
                outcome = self._gate_outcome(evidence)
            gate_failures, gated = outcome
        if dqs:
            dq = tuple(self.card.disqualifiers[d] for d in sorted(dqs))
            stars: int | None = None
            ok = False
            first = dq[0]
            dec_en = f"disqualified: {first.text} [{first.citation}]"
            dec_vi = f"bị loại: {first.text} [{first.citation}]"
        else:
            dq = ()
            if failing or gate_failures:
                # a failed gate withholds its tier and above: any(g.min_stars <= tier)
                met3 = not failing & 0xFF and gated > 3
                met4 = not failing & 0xFF00 and gated > 4
                met5 = not failing & 0xFF0000 and gated > 5
            else:
                met3 = met4 = met5 = True
            dkey = (band, met3, met4, met5)
            cached = self.decisions.get(dkey)
            if cached is None:
                policy = ctx.tier_policy
                d = policy.decide(band, {3: met3, 4: met4, 5: met5})
                cached = (d.stars, d.certifiable, d.reason_en, d.reason_vi)
                if type(policy) in (HighestTierMet, BandOrNothing):
                    self.decisions[dkey] = cached
            stars, ok, dec_en, dec_vi = cached
        authority = None
        if ok and stars:
            authority = self.authorities.get((stars, a.assessed_on))
            if authority is None:
                authority = self.authorities[(stars, a.assessed_on)] = ctx.ruleset.authority_for(
                    stars, a.assessed_on)
        prov = self.provenances.get(avg_id)
        if prov is None:
            prov = self.provenances[avg_id] = Provenance(
                ctx.ruleset.id, ctx.ruleset.content_hash, ctx.plugins, __version__,
                ctx.tier_policy.id, avg_id, ctx.caveats)
        # Evaluation(...) without its __init__: the same fields, set slot by slot, except
        # the four that fill() computes when first read.
        ev = _NEW(Evaluation)
        _SET_ASSESSMENT(ev, a)
        _SET_TOTAL(ev, total)
        _SET_BAND(ev, band)
        _SET_GATE_FAILURES(ev, gate_failures)
        _SET_DISQUALIFIED_BY(ev, dq)
        _SET_STARS(ev, stars)
        _SET_CERTIFIABLE(ev, ok)
        _SET_AUTHORITY(ev, authority)
        _SET_DECISION_EN(ev, dec_en)
        _SET_DECISION_VI(ev, dec_vi)
        _SET_PROVENANCE(ev, prov)
        _SET_SCORECARD(ev, self.card)
        _SET_BANDS(ev, bands)
        _SET_RULES(ev, self.rules)
        _SET_TRACE(ev, _PENDING)
        _SET_PARTS(ev, _PENDING)
        _SET_GROUPS(ev, _PENDING)
        _SET_MINIMUM_FAILURES(ev, _PENDING)
        _SET_DEFERRED(ev, (self, recs, failing))
        return ev

    def fill(self, ev: Evaluation, name: str, state: tuple[_Compiled, list[_Record], int]
             ) -> None:
        """Fill the deferred field ``name`` of ``ev`` (``parts`` and ``groups`` together)
        from the records :meth:`evaluate` kept, as the eager code computed them."""
        recs, failing = state[1], state[2]
        if name == "trace":
            _SET_TRACE(ev, tuple(map(_LINE, recs)))
        elif name == "minimum_failures":
            failures: dict[int, tuple[str, ...]] = {}
            if failing:
                masks = sum(map(_MASKS, recs))
                found = self.failure_sets.get(masks)
                if found is None:
                    found = self._failure_set(masks)
                failures = dict(found)
            _SET_MINIMUM_FAILURES(ev, FrozenMap(failures))
        else:
            sums = sum(map(_SUMS, recs)).to_bytes(self.n_sums, "little")
            fr = _FRACTIONS
            _SET_GROUPS(ev, FrozenMap(
                {k: fr[v] for k, v in zip(self.group_ids, sums, strict=False)}))
            _SET_PARTS(ev, FrozenMap(
                {k: fr[v] for k, v in zip(self.part_ids, sums[self.n_groups:], strict=False)}))
