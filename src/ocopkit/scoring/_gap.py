"""Gap to the next star: the smallest set of option changes that raises the tier.

"Smallest" is lexicographic: first the fewest points gained, then the fewest
criteria changed, then the earliest criteria in scorecard order (so that the
answer is deterministic). The search is exact — a multiple-choice knapsack
solved by dynamic programming over integer point sums (points scaled by the
number of score sheets, so a mean of 5 sheets is an integer count of fifths),
with back-pointers — and tested against a brute-force oracle on small
scorecards.

A change to criterion *c* means every scorer picks the new option, so the
criterion's (averaged) points become that option's points. Criteria whose
minimum mark for the target tier is not met *must* change (``forced``);
criteria tied by a condition (e.g. 5.2 applies only when 5.1 scored > 0) are
searched together. A criterion with alternative cases (1048's 3.2: one case per legal
form of the subject) is searched within the case its answer names.

The solver is exact for the default tier policy
(:class:`~ocopkit.rulesets.HighestTierMet`: the target tier needs its band and its
minimum marks); every answer is re-checked by evaluating the changed
assessment, and ``reachable`` is False when no change of options can raise
the tier (a disqualification the evaluators flagged, a provincial gate that needs
evidence, or the maximum score of the scorecard). A disqualification the scores decide
(26/2026 bộ 16: a 0 on one of 6.1–6.4) is lifted by raising those criteria above 0: they
must change, like a missed minimum mark (``forced``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from fractions import Fraction
from itertools import product
from typing import TYPE_CHECKING

import attrs

from ocopkit.rulesets import Criterion, Option, Scorecard

if TYPE_CHECKING:
    from ._results import Evaluation

__all__ = ["Change", "Gap", "gap_to_next_star"]


@attrs.frozen
class Change:
    """Pick ``to_option`` on ``criterion_id`` (instead of ``from_options``)."""

    criterion_id: str
    from_options: tuple[str | None, ...]
    to_option: str
    from_points: Fraction
    to_points: Fraction
    forced: bool

    @property
    def gained(self) -> Fraction:
        return self.to_points - self.from_points


@attrs.frozen
class Gap:
    """What it takes to reach ``target_stars``."""

    current_stars: int | None
    target_stars: int | None
    reachable: bool
    changes: tuple[Change, ...] = ()
    points_needed: Fraction = Fraction(0)
    points_gained: Fraction = Fraction(0)
    """How much the total rises (a condition met can bring a dependent's points too)."""
    blocked_by: tuple[str, ...] = ()

    @property
    def forced(self) -> tuple[str, ...]:
        """Criteria whose minimum mark for the target tier blocks it today."""
        return tuple(c.criterion_id for c in self.changes if c.forced)

    def format(self, lang: str = "en") -> str:
        """Render in ``"en"``, ``"vi"`` or ``"both"`` (Vietnamese first)."""
        def pick(en: str, vi: str) -> str:
            return en if lang == "en" else vi if lang == "vi" else f"{vi} / {en}"

        if self.current_stars == 5:
            return pick("already at the highest tier (5★)", "đã ở hạng cao nhất (5★)")
        target = f"{self.target_stars}★" if self.target_stars else None
        if not self.reachable:
            why = "; ".join(self.blocked_by) or pick(
                "no option change raises the tier", "không thay đổi phương án nào nâng được hạng")
            return pick(f"no path to {target or 'a higher tier'}",
                        f"không thể đạt {target or 'hạng cao hơn'}") + f": {why}"
        changes = ", ".join(
            f"{c.criterion_id}: {'/'.join(dict.fromkeys(o or '—' for o in c.from_options))}"
            f" → {c.to_option} (+{c.gained})"
            for c in self.changes
        )
        head = pick(f"to reach {target} (+{self.points_needed} points needed)",
                    f"để đạt {target} (cần thêm {self.points_needed} điểm)")
        return f"{head}: {changes}"

    def __str__(self) -> str:
        return self.format("en")


class _Choice:
    """One way to answer a unit: the gain (in 1/n points), its changes and tie keys."""

    __slots__ = ("count", "gained", "mask", "options", "picks")

    def __init__(self, gained: int, picks: tuple[tuple[str, str], ...], mask: int,
                 options: int) -> None:
        self.gained = gained
        self.picks = picks
        self.count = len(picks)
        self.mask = mask  # bit (N - 1 - position) per changed criterion: earlier = higher
        self.options = options  # option indexes, earlier criteria in higher digits


def _open(crit: Criterion, ids: tuple[str | None, ...]) -> tuple[Option, ...]:
    """The options a change may pick: all of them, or, for a criterion with alternative
    cases (1048 criterion 3.2) answered within one case, that case's options — the case
    is the subject's legal form, which a change of answers does not change."""
    open_ = {crit.alternatives(i) for i in ids if i is not None}
    return open_.pop() if len(open_) == 1 else crit.options


def _units(card: Scorecard) -> list[list[Criterion]]:
    """Criteria grouped so that a condition and its dependents are searched together."""
    deps: dict[str, list[Criterion]] = {}
    for c in card:
        if c.applies_when is not None:
            deps.setdefault(c.applies_when.criterion_id, []).append(c)
    units = []
    for c in card:
        if c.applies_when is None:
            units.append([c, *deps.get(c.id, [])])
    return units


def _choices(
    unit: Sequence[Criterion],
    scaled: dict[str, int],
    applicable: dict[str, bool],
    current_ids: dict[str, tuple[str | None, ...]],
    target: int,
    n: int,
    position: dict[str, int],
    width: int,
    positive: frozenset[str] = frozenset(),
) -> Iterator[_Choice]:
    """The ways to answer ``unit`` that meet ``target``'s minimum marks, with gains in
    units of 1/n point (``scaled`` holds n × each criterion's points); a criterion of
    ``positive``, applicable, must score above 0 (a 0 there disqualifies)."""
    top = len(position)
    head = unit[0]
    keep_head: list[str | None] = [None]
    keep_head += [o.id for o in _open(head, current_ids[head.id])
                  if o.points * n > scaled[head.id]]
    for head_pick in keep_head:
        head_pts = scaled[head.id] if head_pick is None else head.option(head_pick).points * n
        if (r := head.required_points(target)) is not None and head_pts < r * n:
            continue
        if head.id in positive and head_pts <= 0:
            continue
        dep_options: list[list[tuple[str | None, int]]] = []
        for dep in unit[1:]:
            if head_pts <= 0:
                dep_options.append([(None, 0)])
                continue
            ids = current_ids[dep.id]
            raw = (sum(dep.option(i).points for i in ids if i is not None)
                   if ids and all(i is not None for i in ids) else None)
            opts: list[tuple[str | None, int]] = [(None, raw)] if raw is not None else []
            opts += [(o.id, o.points * n) for o in _open(dep, ids)
                     if raw is None or o.points * n > raw]
            opts = [(i, p) for i, p in opts
                    if ((r := dep.required_points(target)) is None or p >= r * n)
                    and (dep.id not in positive or p > 0)]
            dep_options.append(opts)
        for combo in product(*dep_options):
            gained = head_pts - scaled[head.id]
            picks: list[tuple[str, str]] = []
            if head_pick is not None:
                picks.append((head.id, head_pick))
            for dep, (pick, pts) in zip(unit[1:], combo, strict=True):
                gained += pts - (scaled[dep.id] if applicable[dep.id] else 0)
                if pick is not None:
                    picks.append((dep.id, pick))
            mask = options = 0
            for cid, oid in picks:
                at = top - 1 - position[cid]
                mask |= 1 << at
                crit = head if cid == head.id else next(d for d in unit if d.id == cid)
                options += [o.id for o in crit.options].index(oid) << (width * at)
            yield _Choice(gained, tuple(picks), mask, options)


# A DP state: (count, -mask, options) — the tie keys, smaller is better — and the
# back-pointer: the gain before this unit and the choice made.
_State = tuple[int, int, int, int, "_Choice | None"]


def _solve(
    units: list[list[Criterion]],
    scaled: dict[str, int],
    applicable: dict[str, bool],
    current_ids: dict[str, tuple[str | None, ...]],
    target: int,
    needed: int,
    n: int,
    position: dict[str, int],
    positive: frozenset[str] = frozenset(),
) -> tuple[int, tuple[tuple[str, str], ...]] | None:
    """The smallest gain ≥ ``needed`` (1/n points), then the fewest changes, then the
    earliest criteria: a multiple-choice knapsack over integer gains with back-pointers.

    Gains are never negative, so a state whose gain plus the least the remaining units
    must add exceeds a known feasible gain is dropped (that prunes nothing optimal).
    """
    width = max((len(c.options) for u in units for c in u), default=1).bit_length()
    options = [list(_choices(u, scaled, applicable, current_ids, target, n, position, width,
                             positive)) for u in units]
    if any(not o for o in options):
        return None
    least = [min(ch.gained for ch in o) for o in options]
    most = [max(ch.gained for ch in o) for o in options]
    rest = [0] * (len(units) + 1)  # the least the units from j on must add
    for j in range(len(units) - 1, -1, -1):
        rest[j] = rest[j + 1] + least[j]
    if sum(most) < needed:
        return None
    bound = _greedy_bound(least, most, needed)
    layers: list[dict[int, _State]] = [{0: (0, 0, 0, 0, None)}]
    for j, choices in enumerate(options):
        nxt: dict[int, _State] = {}
        after = rest[j + 1]
        for gained, (count, neg_mask, opts, _, _) in layers[-1].items():
            for ch in choices:
                g = gained + ch.gained
                if g + after > bound:
                    continue
                cand = (count + ch.count, neg_mask - ch.mask, opts + ch.options, gained, ch)
                old = nxt.get(g)
                if old is None or cand[:3] < old[:3]:
                    nxt[g] = cand
        layers.append(nxt)
    final = [(g, state[:3]) for g, state in layers[-1].items() if g >= needed]
    if not final:
        return None
    best = min(final)[0]
    picks: list[tuple[str, str]] = []
    g = best
    for layer in reversed(layers[1:]):
        *_, before, choice = layer[g]
        assert choice is not None
        picks[:0] = choice.picks
        g = before
    return best, tuple(picks)


def _greedy_bound(least: list[int], most: list[int], needed: int) -> int:
    """The gain of one feasible answer: the least everywhere, then units raised to their
    most (largest first) until ``needed`` is reached."""
    gained = sum(least)
    for extra in sorted((m - lo for m, lo in zip(most, least, strict=True)), reverse=True):
        if gained >= needed:
            break
        gained += extra
    return max(gained, needed) if gained >= needed else sum(most)


def gap_to_next_star(ev: Evaluation) -> Gap:
    """See the module docstring; usually called as ``evaluation.gap_to_next_star()``."""
    from ._assessment import Answer, ScoreSheet
    from ._engine import evaluate  # local: scoring imports this module lazily

    current = ev.stars
    # a disqualifier the scores decide (a 0 on one of its criteria, 26/2026 bộ 16) is
    # lifted by raising them: those criteria must score above 0; one the evaluators
    # flagged is not a matter of options
    card = ev.scorecard
    positive = frozenset(cid for d in card.disqualifiers.values() for cid in d.when_zero)
    flagged = [d for d in ev.disqualified_by
               if not d.when_zero or d.id in ev.assessment.disqualifiers]
    if flagged:
        return Gap(current, None, False, blocked_by=tuple(
            f"disqualified: {d.text} [{d.citation}]" for d in flagged))
    base = current if current is not None else min(ev.band, 2)
    target = 3 if not ev.certifiable and ev.band >= 3 else base + 1
    if target > 5:
        return Gap(current, None, False, blocked_by=("already 5★",))
    gates = [g for g in ev.gate_failures if g.min_stars <= target]
    if gates:
        return Gap(current, target, False, blocked_by=tuple(
            f"{g.name_en}: missing {', '.join(sorted(g.missing))} [{g.citation}]" for g in gates))
    n = len(ev.assessment.sheets)
    points = {t.criterion_id: t.points for t in ev.trace}
    applicable = {t.criterion_id: t.applicable for t in ev.trace}
    current_ids = {t.criterion_id: t.option_ids for t in ev.trace}
    # n × the mean points of a criterion: its scorers' raw sum (0 when not applicable)
    scaled = {cid: int(p * n) for cid, p in points.items()}
    needed = max(Fraction(0), ev.bands.lower_bound(target) - ev.total)
    position = {c.id: i for i, c in enumerate(card)}
    solved = _solve(_units(card), scaled, applicable, current_ids, target,
                    math.ceil(needed * n), n, position, positive)
    if solved is None:
        return Gap(current, target, False, points_needed=needed, blocked_by=(
            f"the scorecard's remaining options cannot reach {target}★",))
    gained_scaled, picks = solved
    gained = Fraction(gained_scaled, n)
    by_crit = dict(picks)
    changes = tuple(
        Change(
            c.id, current_ids[c.id], by_crit[c.id],
            points[c.id] if applicable[c.id] else Fraction(0),
            Fraction(c.option(by_crit[c.id]).points),
            forced=applicable[c.id] and (
                ((r := c.required_points(target)) is not None and points[c.id] < r)
                or (c.id in positive and points[c.id] == 0)),
        )
        for c in card if c.id in by_crit
    )
    # verify by evaluation
    a = ev.assessment
    sheets = []
    for sheet in a.sheets:
        answers = {x.criterion_id: x for x in sheet.answers}
        for cid, oid in picks:
            answers[cid] = Answer(cid, oid)
        sheets.append(ScoreSheet(tuple(answers.values()), sheet.scorer))
    after = evaluate(attrs.evolve(a, sheets=tuple(sheets)), ev.rules)
    if after.stars is None or after.stars < target:
        return Gap(current, target, False, points_needed=needed, blocked_by=(
            f"tier policy {ev.provenance.tier_policy} does not award {target}★ to the "
            "smallest change",))
    return Gap(current, target, True, changes, needed, gained)
