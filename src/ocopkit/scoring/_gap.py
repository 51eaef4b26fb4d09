"""Gap to the next star: the smallest set of option changes that raises the tier.

"Smallest" is lexicographic: first the fewest points gained, then the fewest
criteria changed, then the earliest criteria in scorecard order (so that the
answer is deterministic). The search is exact — a multiple-choice knapsack
solved by dynamic programming over exact point sums — and tested against a
brute-force oracle on small scorecards.

A change to criterion *c* means every scorer picks the new option, so the
criterion's (averaged) points become that option's points. Criteria whose
minimum mark for the target tier is not met *must* change (``forced``);
criteria tied by a condition (e.g. 5.2 applies only when 5.1 scored > 0) are
searched together.

The solver is exact for the default tier policy
(:class:`~ocopkit.rulesets.HighestTierMet`: the target tier needs its band and its
minimum marks); every answer is re-checked by evaluating the changed
assessment, and ``reachable`` is False when no change of options can raise
the tier (disqualification, a provincial gate that needs evidence, or the
maximum score of the scorecard).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from itertools import product
from typing import TYPE_CHECKING

import attrs

from ocopkit.rulesets import Criterion, Scorecard

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


@attrs.frozen
class _Choice:
    gained: Fraction
    count: int
    picks: tuple[tuple[str, str], ...]  # (criterion id, option id)


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
    points: dict[str, Fraction],
    applicable: dict[str, bool],
    current_ids: dict[str, tuple[str | None, ...]],
    target: int,
) -> Iterator[_Choice]:
    head = unit[0]
    keep_head: list[str | None] = [None]
    keep_head += [o.id for o in head.options if o.points > points[head.id]]
    for head_pick in keep_head:
        head_pts = points[head.id] if head_pick is None else Fraction(head.option(head_pick).points)
        if (r := head.required_points(target)) is not None and head_pts < r:
            continue
        dep_options: list[list[tuple[str | None, Fraction]]] = []
        for dep in unit[1:]:
            if head_pts <= 0:
                dep_options.append([(None, Fraction(0))])
                continue
            ids = current_ids[dep.id]
            raw = (
                sum((Fraction(dep.option(i).points) for i in ids if i is not None), Fraction(0))
                / len(ids)
                if ids and all(i is not None for i in ids) else None
            )
            opts: list[tuple[str | None, Fraction]] = [(None, raw)] if raw is not None else []
            opts += [(o.id, Fraction(o.points)) for o in dep.options
                     if raw is None or o.points > raw]
            opts = [(i, p) for i, p in opts
                    if (r := dep.required_points(target)) is None or p >= r]
            dep_options.append(opts)
        for combo in product(*dep_options):
            gained = head_pts - points[head.id]
            picks: list[tuple[str, str]] = []
            if head_pick is not None:
                picks.append((head.id, head_pick))
            for dep, (pick, pts) in zip(unit[1:], combo, strict=True):
                before = points[dep.id] if applicable[dep.id] else Fraction(0)
                gained += pts - before
                if pick is not None:
                    picks.append((dep.id, pick))
            yield _Choice(gained, len(picks), tuple(picks))


def _solve(
    units: list[list[Criterion]],
    points: dict[str, Fraction],
    applicable: dict[str, bool],
    current_ids: dict[str, tuple[str | None, ...]],
    target: int,
    needed: Fraction,
) -> tuple[Fraction, tuple[tuple[str, str], ...]] | None:
    # state: gained (capped at `needed`) -> best (gained_exact, count, picks)
    # We minimise exact gained points, then count; capping would lose exactness,
    # so states are keyed by exact gained points (bounded by 100 per unit).
    states: dict[Fraction, tuple[int, tuple[tuple[str, str], ...]]] = {Fraction(0): (0, ())}
    for unit in units:
        options = list(_choices(unit, points, applicable, current_ids, target))
        if not options:
            return None
        nxt: dict[Fraction, tuple[int, tuple[tuple[str, str], ...]]] = {}
        for gained, (count, picks) in states.items():
            for ch in options:
                key = gained + ch.gained
                cand = (count + ch.count, picks + ch.picks)
                old = nxt.get(key)
                if old is None or (cand[0], cand[1]) < (old[0], old[1]):
                    nxt[key] = cand
        states = nxt
    feasible = [(g, c, p) for g, (c, p) in states.items() if g >= needed]
    if not feasible:
        return None
    feasible.sort(key=lambda t: (t[0], t[1], t[2]))
    return feasible[0][0], feasible[0][2]


def gap_to_next_star(ev: Evaluation) -> Gap:
    """See the module docstring; usually called as ``evaluation.gap_to_next_star()``."""
    from ._assessment import Answer, ScoreSheet
    from ._engine import evaluate  # local: scoring imports this module lazily

    current = ev.stars
    if ev.disqualified:
        return Gap(current, None, False, blocked_by=tuple(
            f"disqualified: {d.text} [{d.citation}]" for d in ev.disqualified_by))
    base = current if current is not None else 0
    target = 3 if not ev.certifiable and ev.band >= 3 else base + 1
    if target > 5:
        return Gap(current, None, False, blocked_by=("already 5★",))
    gates = [g for g in ev.gate_failures if g.min_stars <= target]
    if gates:
        return Gap(current, target, False, blocked_by=tuple(
            f"{g.name_en}: missing {', '.join(sorted(g.missing))} [{g.citation}]" for g in gates))
    card = ev.scorecard
    points = {t.criterion_id: t.points for t in ev.trace}
    applicable = {t.criterion_id: t.applicable for t in ev.trace}
    current_ids = {t.criterion_id: t.option_ids for t in ev.trace}
    needed = max(Fraction(0), ev.bands.lower_bound(target) - ev.total)
    solved = _solve(_units(card), points, applicable, current_ids, target, needed)
    if solved is None:
        return Gap(current, target, False, points_needed=needed, blocked_by=(
            f"the scorecard's remaining options cannot reach {target}★",))
    gained, picks = solved
    by_crit = dict(picks)
    changes = tuple(
        Change(
            c.id, current_ids[c.id], by_crit[c.id],
            points[c.id] if applicable[c.id] else Fraction(0),
            Fraction(c.option(by_crit[c.id]).points),
            forced=(r := c.required_points(target)) is not None and applicable[c.id]
            and points[c.id] < r,
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
