"""Provincial adjustments to national scoring: criterion overrides and gates.

Province plug-ins contribute these as *data* (so that they can be checked,
hashed and explained), each with a citation, a province, an effective
window and a priority:

* :class:`CriterionOverride` changes the points or minimum-star marks of
  options of one national criterion (never its maximum, so totals stay out
  of 100);
* :class:`Gate` withholds tiers from ``min_stars`` up unless the dossier
  carries the required evidence (e.g. Quảng Ninh's on-site appraisal and lab
  sampling before provincial ranking).

A plug-in may also contribute an :class:`Amendment`: a *national* change to a rule
set that ocopkit could not ship because its text was not available — the minimum
requirements Decision 781/QĐ-TTg (08/06/2020) added to the 1048 scorecards are the
case in point. An amendment applies everywhere (no province), before any provincial
override, and names the :class:`~ocopkit.rulesets.Caveat` ids it ``supplies``: an
evaluation it applies to no longer carries those caveats, and its provenance names the
plug-in instead.

:func:`resolve` picks, per criterion, the override with the highest
priority; two overrides of the same criterion at the same priority from
different plug-ins raise :class:`~ocopkit.errors.ConflictError` — there is
no silent last-wins, and the outcome never depends on registration order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from ocopkit.errors import ConflictError, Problem

from ._criteria import Citation, Criterion, Scorecard

__all__ = [
    "Amendment",
    "Attributed",
    "CriterionChange",
    "CriterionOverride",
    "Gate",
    "OptionChange",
    "apply_amendments",
    "apply_overrides",
    "check_amendment",
    "check_override",
    "resolve",
]


def _in_window(on: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)


@attrs.frozen
class OptionChange:
    """New points and/or minimum-star mark for one option (``None`` keeps it)."""

    option_id: str
    points: int | None = None
    min_star: int | None = None
    clear_mark: bool = False


@attrs.frozen
class CriterionOverride:
    """A provincial change to one national criterion."""

    id: str
    province: str
    criterion_id: str
    changes: tuple[OptionChange, ...]
    citation: Citation
    ruleset_id: str = "vn-qd-26-2026"
    product_sets: frozenset[int] | None = None
    effective_from: date | None = None
    effective_until: date | None = None
    priority: int = 0
    reason_vi: str = ""
    reason_en: str = ""

    def active(self, ruleset_id: str, product_set: int, on: date) -> bool:
        return (
            self.ruleset_id == ruleset_id
            and (self.product_sets is None or product_set in self.product_sets)
            and _in_window(on, self.effective_from, self.effective_until)
        )


@attrs.frozen
class Gate:
    """Tiers from ``min_stars`` up need every kind of evidence in ``requires``."""

    id: str
    province: str
    requires: frozenset[str]
    citation: Citation
    name_vi: str
    name_en: str
    min_stars: int = 3
    effective_from: date | None = None
    effective_until: date | None = None

    def active(self, on: date) -> bool:
        return _in_window(on, self.effective_from, self.effective_until)

    def missing(self, evidence: frozenset[str]) -> frozenset[str]:
        return self.requires - evidence


@attrs.frozen
class CriterionChange:
    """New points and/or marks for options of one criterion, in ``product_sets`` (all
    sets when ``None``); the unit of an :class:`Amendment`."""

    criterion_id: str
    changes: tuple[OptionChange, ...]
    product_sets: frozenset[int] | None = None

    def applies_to(self, product_set: int) -> bool:
        return self.product_sets is None or product_set in self.product_sets


@attrs.frozen
class Amendment:
    """A national amendment of rule set ``ruleset_id`` contributed by a plug-in.

    ``supplies`` lists the ids of the rule set's :class:`~ocopkit.rulesets.Caveat` s
    that the amendment answers (``"qd-781-2020-minimums"`` for the minimum requirements
    of 781/QĐ-TTg on 1048).
    """

    id: str
    ruleset_id: str
    changes: tuple[CriterionChange, ...]
    citation: Citation
    effective_from: date | None = None
    effective_until: date | None = None
    supplies: frozenset[str] = frozenset()
    reason_vi: str = ""
    reason_en: str = ""

    def active(self, ruleset_id: str, on: date) -> bool:
        return self.ruleset_id == ruleset_id and _in_window(on, self.effective_from,
                                                             self.effective_until)


@attrs.frozen
class Attributed:
    """A contribution together with the plug-in that made it."""

    plugin: str
    item: CriterionOverride | Gate | Amendment


def resolve(overrides: Iterable[Attributed]) -> dict[str, Attributed]:
    """Pick the winning override per criterion (highest priority); conflicts raise."""
    best: dict[str, Attributed] = {}
    for entry in sorted(overrides, key=lambda a: (a.plugin, a.item.id)):
        item = entry.item
        assert isinstance(item, CriterionOverride)
        current = best.get(item.criterion_id)
        if current is None:
            best[item.criterion_id] = entry
            continue
        other = current.item
        assert isinstance(other, CriterionOverride)
        if item.priority > other.priority:
            best[item.criterion_id] = entry
        elif item.priority == other.priority and entry.plugin != current.plugin:
            raise ConflictError(
                f"criterion {item.criterion_id} is overridden by {current.plugin!r} "
                f"({other.id}) and {entry.plugin!r} ({item.id}) at the same priority "
                f"{item.priority}; give one a higher priority / hai plug-in cùng ghi đè "
                f"tiêu chí {item.criterion_id} với cùng mức ưu tiên",
                plugin=entry.plugin,
                hook="ocopkit_register_rules",
            )
        elif item.priority == other.priority:
            raise ConflictError(
                f"criterion {item.criterion_id} is overridden twice at priority {item.priority}",
                plugin=entry.plugin,
                hook="ocopkit_register_rules",
            )
    return best


def check_override(card: Scorecard, override: CriterionOverride) -> list[Problem]:
    """Problems that make ``override`` invalid against ``card`` (points above max, …)."""
    problems = _check_changes(card, f"override {override.id}", override.criterion_id,
                              override.changes)
    if not str(override.citation).strip():
        problems.append(Problem(f"override {override.id}", "no-citation", "thiếu trích dẫn",
                                "missing citation"))
    return problems


def check_amendment(cards: Mapping[int, Scorecard], amendment: Amendment) -> list[Problem]:
    """Problems that make ``amendment`` invalid against the scorecards of its rule set."""
    where = f"amendment {amendment.id}"
    problems: list[Problem] = []
    if not cards:
        problems.append(Problem(where, "no-scorecards",
                                f"{amendment.ruleset_id} không có bộ tiêu chí chi tiết",
                                f"{amendment.ruleset_id} carries no scorecards to amend"))
    for i, change in enumerate(amendment.changes):
        sets = sorted(cards) if change.product_sets is None else sorted(change.product_sets)
        for n in sets:
            if n not in cards:
                problems.append(Problem(f"{where} › changes[{i}]", "unknown-product-set",
                                        f"không có bộ sản phẩm {n}", f"no product set {n}"))
                continue
            problems += _check_changes(cards[n], f"{where} › set {n}", change.criterion_id,
                                       change.changes)
    if not str(amendment.citation).strip():
        problems.append(Problem(where, "no-citation", "thiếu trích dẫn", "missing citation"))
    return problems


def _check_changes(card: Scorecard, where: str, criterion_id: str,
                   changes: tuple[OptionChange, ...]) -> list[Problem]:
    if not card.has_criterion(criterion_id):
        return [Problem(where, "unknown-criterion",
                        f"tiêu chí {criterion_id} không tồn tại trong bộ {card.product_set}",
                        f"criterion {criterion_id} does not exist in set {card.product_set}")]
    crit = card.criterion(criterion_id)
    problems = []
    for change in changes:
        if not crit.has_option(change.option_id):
            problems.append(Problem(f"{where} › {change.option_id}", "unknown-option",
                                    "phương án không tồn tại", "unknown option"))
        if change.points is not None and not 0 <= change.points <= crit.max_points:
            problems.append(Problem(
                f"{where} › {change.option_id}", "points-range",
                f"điểm {change.points} ngoài [0, {crit.max_points}]",
                f"points {change.points} outside [0, {crit.max_points}]"))
        if change.min_star is not None and change.min_star not in (3, 4, 5):
            problems.append(Problem(f"{where} › {change.option_id}", "bad-mark",
                                    "dấu sao không hợp lệ", "invalid star mark"))
    return problems


def _apply(crit: Criterion, option_changes: tuple[OptionChange, ...]) -> Criterion:
    changes = {c.option_id: c for c in option_changes}
    options = []
    for o in crit.options:
        ch = changes.get(o.id)
        if ch is None:
            options.append(o)
            continue
        mark = None if ch.clear_mark else (ch.min_star if ch.min_star is not None else o.min_star)
        options.append(attrs.evolve(o, points=o.points if ch.points is None else ch.points,
                                    min_star=mark))
    return attrs.evolve(crit, options=tuple(options))


def _rebuild(card: Scorecard, changes: Mapping[str, tuple[OptionChange, ...]]) -> Scorecard:
    if not changes:
        return card
    parts = []
    for p in card.parts:
        groups = []
        for g in p.groups:
            crits = tuple(_apply(c, changes[c.id]) if c.id in changes else c for c in g.criteria)
            groups.append(attrs.evolve(g, criteria=crits))
        parts.append(attrs.evolve(p, groups=tuple(groups)))
    return attrs.evolve(card, parts=tuple(parts))


def apply_overrides(card: Scorecard, winners: Mapping[str, Attributed]) -> Scorecard:
    """A copy of ``card`` with each winning override applied."""
    return _rebuild(card, {cid: win.item.changes for cid, win in winners.items()
                           if isinstance(win.item, CriterionOverride)})


def apply_amendments(card: Scorecard, amendments: Iterable[Amendment]) -> Scorecard:
    """A copy of ``card`` with the changes of ``amendments`` (in order) applied."""
    for amendment in amendments:
        card = _rebuild(card, {c.criterion_id: c.changes for c in amendment.changes
                               if c.applies_to(card.product_set)})
    return card
