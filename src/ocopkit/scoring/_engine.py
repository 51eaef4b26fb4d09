"""Scoring: :func:`evaluate` turns an :class:`~ocopkit.scoring.Assessment` into an
:class:`Evaluation` — exact totals, band, minimum marks, disqualification,
stars, authority, a per-criterion trace and provenance.

>>> from datetime import date
>>> from ocopkit import Assessment, evaluate, rulesets
>>> card = rulesets.get("vn-qd-26-2026").scorecard(7)
>>> best = {c.id: c.options[-1].id for c in card}         # the top option everywhere
>>> ev = evaluate(Assessment.single(7, best, assessed_on=date(2026, 6, 1)))
>>> ev.total, ev.stars, ev.certifiable, ev.authority.name_en
(Fraction(100, 1), 5, True, 'Ministry of Agriculture and Environment')

There is one engine for every shape of input — one or many score sheets, answers as
option ids, as written points or both, in any order, conditional criteria left
unanswered, disqualifiers, provincial gates and overrides, any averaging policy. It
reads the compiled tables of the assessment's scoring context
(:mod:`._tables`, found by :mod:`._contexts`): each answer is one dictionary look-up
of its :class:`~ocopkit.scoring._tables.Rec`, a sheet is one ``sum`` of their packed
integers, the sheets are summed, and the minimum marks of every criterion are tested
at once on the sum (see :mod:`._tables`). Every figure is an exact integer or
:class:`~fractions.Fraction`.

An answer the tables do not know, a criterion answered twice or left out, an unknown
disqualifier — anything invalid — makes the engine call :func:`validate`, the one
reporter of bad input, which raises every problem at once. If :func:`validate` finds
nothing wrong, the engine and the validator disagree: that is a bug, and it is raised
as one (:class:`AssertionError`), never papered over.

The evaluation is built from what decides it (total, band, gates, stars, authority);
``trace``, ``parts``, ``groups`` and ``minimum_failures`` are computed from the kept
sums and records when first read (most callers read the stars).
"""

from __future__ import annotations

from typing import Any

from ocopkit.errors import Problem, ValidationError
from ocopkit.frozen import FrozenMap
from ocopkit.rulesets import Averaging, Disqualifier, ExactMean, RoundedMean, Rules

from ._assessment import Assessment
from ._contexts import segment
from ._results import PENDING, SETTERS, Evaluation, GateFailure, TraceLine
from ._tables import Layout, Rec, Tables, fraction
from ._validate import validate

__all__ = ["evaluate"]

_NEW = object.__new__
_SET_ASSESSMENT = SETTERS["assessment"]
_SET_TOTAL = SETTERS["total"]
_SET_PARTS = SETTERS["parts"]
_SET_GROUPS = SETTERS["groups"]
_SET_BAND = SETTERS["band"]
_SET_MINIMUM_FAILURES = SETTERS["minimum_failures"]
_SET_GATE_FAILURES = SETTERS["gate_failures"]
_SET_DISQUALIFIED_BY = SETTERS["disqualified_by"]
_SET_STARS = SETTERS["stars"]
_SET_CERTIFIABLE = SETTERS["certifiable"]
_SET_AUTHORITY = SETTERS["authority"]
_SET_DECISION_EN = SETTERS["decision_en"]
_SET_DECISION_VI = SETTERS["decision_vi"]
_SET_TRACE = SETTERS["trace"]
_SET_PROVENANCE = SETTERS["provenance"]
_SET_SCORECARD = SETTERS["scorecard"]
_SET_BANDS = SETTERS["bands"]
_SET_RULES = SETTERS["rules"]
_SET_DEFERRED = SETTERS["_deferred"]
_BUILTIN_AVERAGING = (ExactMean, RoundedMean)


def evaluate(
    assessment: Assessment,
    rules: Rules | None = None,
    *,
    averaging: Averaging | None = None,
) -> Evaluation:
    """Evaluate ``assessment`` under ``rules`` (default: national rules only).

    ``averaging`` combines the scorers' totals (default :class:`~ocopkit.rulesets.ExactMean`).
    Invalid input raises one :class:`~ocopkit.errors.ValidationError` with every problem
    (see :func:`~ocopkit.scoring.validate`).
    """
    rules = rules or Rules.national()
    if (averaging is not None and type(averaging) not in _BUILTIN_AVERAGING
            and not isinstance(averaging, Averaging)):
        raise ValidationError([Problem(
            "averaging", "bad-averaging",
            f"chính sách tính trung bình không hợp lệ: {averaging!r}",
            f"not an averaging policy (needs .id and .combine()): {averaging!r}",
        )])
    seg = segment(assessment, rules)
    tables = seg.tables
    ev = None if tables is None else _score(tables, assessment, averaging, seg.authorities)
    if ev is None:
        _refuse(assessment, rules)
    return ev  # type: ignore[return-value]


def _refuse(a: Assessment, rules: Rules) -> None:
    """Raise what is wrong with ``a`` — or, if nothing is, the engine's bug."""
    validate(a, rules)
    raise AssertionError(
        "ocopkit internal error: the scoring engine refused an assessment that "
        f"validate() accepts (set {a.product_set}, {a.assessed_on}); please report it")


def _score(t: Tables, a: Assessment, averaging: Averaging | None, authorities: tuple[Any, ...]
           ) -> Evaluation | None:
    """The evaluation of ``a`` from the tables ``t``, or None if ``a`` is invalid."""
    sheets = a.sheets
    n = len(sheets)
    lay = t.narrow if n <= t.narrow.max_sheets else t.wide
    if not n or n > lay.max_sheets:
        return None
    wide = lay is t.wide
    every: list[list[Rec]] = []
    vecs: list[int] = []
    total_vec = 0
    for sheet in sheets:
        read = t.sheet(sheet.answers, wide)
        if read is None:
            return None
        recs, vec = read
        total_vec += vec
        every.append(recs)
        vecs.append(vec)
    field, mask = lay.field, lay.mask
    sums = total_vec & lay.crit_mask
    raw = (total_vec >> lay.total_shift) & mask
    na_guards = 0
    not_applicable: list[int] = []
    for pos, cond in t.conditional:
        if cond < 0 or not (sums >> (field * cond)) & mask:
            not_applicable.append(pos)
            na_guards |= lay.guard << (field * pos)
            raw -= (sums >> (field * pos)) & mask
    applicable = lay.guards ^ na_guards
    c3, c4, c5 = lay.thresholds(n)
    f3 = ((sums + c3) & applicable) ^ applicable
    f4 = ((sums + c4) & applicable) ^ applicable
    f5 = ((sums + c5) & applicable) ^ applicable
    if averaging is None:
        prov = t.default_provenance
        found = t.single[raw] if n == 1 else None
        total, band = found if found is not None else t.total_and_band(raw, n)
    elif type(averaging) is ExactMean:
        prov = t.provenance(averaging.id)
        total, band = t.total_and_band(raw, n)
    else:
        prov = t.provenance(averaging.id)
        shift = lay.total_shift
        per_sheet = []
        for vec in vecs:
            value = (vec >> shift) & mask
            for pos in not_applicable:
                value -= (vec >> (field * pos)) & mask
            per_sheet.append(fraction(value, 1, t.fractions))
        total = averaging.combine(per_sheet)
        band = t.band(total)
    gate_failures: tuple[GateFailure, ...] = ()
    if t.ctx.gates:
        gate_failures = t.gate_outcome(a.evidence_keys)
    dqs = a.disqualifiers
    zeros = t.stopped(sums, field, not_applicable) if t.zero_stops else ()
    if dqs or zeros:
        try:
            dq = tuple(t.dq[d] for d in sorted({*dqs, *(d for d, _ in zeros)}))
        except (KeyError, TypeError):
            return None  # an unknown disqualifier
        stars: int | None = None
        ok = False
        dec_en, dec_vi = _disqualified(dq[0], dict(zeros).get(dq[0].id))
    else:
        dq = ()
        stars, ok, dec_en, dec_vi = t.decide(band, not f3, not f4, not f5, gate_failures)
    ev = _NEW(Evaluation)
    _SET_ASSESSMENT(ev, a)
    _SET_TOTAL(ev, total)
    _SET_BAND(ev, band)
    _SET_GATE_FAILURES(ev, gate_failures)
    _SET_DISQUALIFIED_BY(ev, dq)
    _SET_STARS(ev, stars)
    _SET_CERTIFIABLE(ev, ok)
    if ok and stars:
        authority = authorities[stars]
        _SET_AUTHORITY(ev, authority if authority is not None
                       else t.ruleset.authority_for(stars, a.assessed_on))
    else:
        _SET_AUTHORITY(ev, None)
    _SET_DECISION_EN(ev, dec_en)
    _SET_DECISION_VI(ev, dec_vi)
    _SET_PROVENANCE(ev, prov)
    _SET_SCORECARD(ev, t.card)
    _SET_BANDS(ev, t.bands)
    _SET_RULES(ev, t.rules)
    _SET_TRACE(ev, PENDING)
    _SET_PARTS(ev, PENDING)
    _SET_GROUPS(ev, PENDING)
    _SET_MINIMUM_FAILURES(ev, PENDING)
    _SET_DEFERRED(ev, (_FILLER, t, lay, every, sums, not_applicable, f3, f4, f5))
    return ev


def _disqualified(d: Disqualifier, zero: str | None) -> tuple[str, str]:
    """The decision of a disqualified evaluation; ``zero``: the criterion whose 0 points
    decided it, when the scores did."""
    if zero is None:
        return (f"disqualified: {d.text} [{d.citation}]", f"bị loại: {d.text} [{d.citation}]")
    return (f"disqualified: criterion {zero} scored 0 points: {d.text} [{d.citation}]",
            f"bị loại: tiêu chí {zero} được 0 điểm: {d.text} [{d.citation}]")


# what an evaluation keeps to compute its lazy fields: (filler, tables, layout, the
# records of every sheet, the criterion sums, the criteria not applicable, the failed
# minimum marks of 3★, 4★ and 5★ as guard bits)
_State = tuple[Any, Tables, Layout, list[list[Rec]], int, list[int], int, int, int]


class _Fill:
    """Computes the lazy fields of an evaluation from the state the engine kept."""

    __slots__ = ()

    def fill(self, ev: Evaluation, name: str, state: _State) -> None:
        _, t, lay, every, sums, not_applicable, f3, f4, f5 = state
        if name == "trace":
            _SET_TRACE(ev, _trace(t, every, not_applicable))
        elif name == "minimum_failures":
            found: dict[int, tuple[str, ...]] = {}
            field = lay.field
            if f3:
                found[3] = t.failed(3, f3, field)
            if f4:
                found[4] = t.failed(4, f4, field)
            if f5:
                found[5] = t.failed(5, f5, field)
            _SET_MINIMUM_FAILURES(ev, FrozenMap(found))
        else:  # parts and groups
            n, memo = len(every), t.fractions
            values = lay.fields(sums, t.n)
            for pos in not_applicable:
                values[pos] = 0
            group_sums = [sum(values[lo:hi]) for _, lo, hi in t.group_ranges]
            _SET_GROUPS(ev, FrozenMap({
                gid: fraction(s, n, memo)
                for (gid, _, _), s in zip(t.group_ranges, group_sums, strict=True)}))
            _SET_PARTS(ev, FrozenMap({
                pid: fraction(sum(group_sums[lo:hi]), n, memo)
                for pid, lo, hi in t.part_groups}))


_FILLER = _Fill()


def _trace(t: Tables, every: list[list[Rec]], not_applicable: list[int]
           ) -> tuple[TraceLine, ...]:
    ordered = [_ordered(t, recs) for recs in every]
    if len(ordered) == 1:
        lines = [r.line for r in ordered[0]]
        for pos in not_applicable:
            lines[pos] = ordered[0][pos].line_na  # type: ignore[assignment]
        return tuple(lines)
    columns: list[tuple[Rec, ...]] = list(zip(*ordered, strict=True))
    memo = t.column_lines
    out = [memo.get(column) or t.line(pos, column, True) for pos, column in enumerate(columns)]
    for pos in not_applicable:
        out[pos] = t.line(pos, columns[pos], False)
    return tuple(out)


def _ordered(t: Tables, recs: list[Rec]) -> list[Rec]:
    """A sheet's records in scorecard order, unanswered conditional criteria filled."""
    if len(recs) == t.n and [r.pos for r in recs] == t.positions:
        return recs
    slots: list[Any] = list(t.missing)
    for r in recs:
        slots[r.pos] = r
    return slots
