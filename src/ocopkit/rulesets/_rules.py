"""The typed facade over everything that decides an evaluation.

:class:`Rules` bundles the rule-set registry with the contributions of
plug-ins (criterion overrides, gates, tier policies) and the list of
plug-ins that made them. It is immutable and order-independent: build it
with :func:`ocopkit.plugins.load_rules` (entry points) or
:meth:`Rules.national` (the built-in national rules only).

>>> from datetime import date, timedelta
>>> rules = Rules.national()
>>> rules.registry.for_date(date(2026, 6, 1)).id
'vn-qd-26-2026'
>>> [p.name for p in rules.plugins]
['ocopkit.national']
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

import attrs

from ocopkit import places
from ocopkit._version import __version__
from ocopkit.errors import Problem, ValidationError
from ocopkit.frozen import FrozenMap

from ._adjustments import (
    Amendment,
    Attributed,
    CriterionOverride,
    Gate,
    apply_amendments,
    apply_overrides,
    resolve,
)
from ._builtin import builtin_registry
from ._criteria import Scorecard
from ._pins import PINNED_HASHES
from ._rulesets import Caveat, RuleSet, RuleSetRegistry
from ._tiers import TierPolicy

__all__ = ["PluginInfo", "Rules", "ScoringContext"]

NATIONAL = "ocopkit.national"


@attrs.frozen(order=True)
class PluginInfo:
    """A plug-in that contributed to a result: its name and version."""

    name: str
    version: str

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


@attrs.frozen
class ScoringContext:
    """Everything :func:`ocopkit.scoring.evaluate` needs for one assessment."""

    ruleset: RuleSet
    scorecard: Scorecard
    decided_by: Mapping[str, str]
    gates: tuple[Attributed, ...]
    tier_policy: TierPolicy
    tier_policy_by: str
    plugins: tuple[PluginInfo, ...]
    caveats: tuple[Caveat, ...] = ()
    """What the rule set lacks on the day, less what an active amendment supplies; every
    evaluation carries these in its provenance."""


def _default_matcher(province: str, assessment_province: str | None, on: date) -> bool:
    if assessment_province is None:
        return False
    try:
        area = places.province(province)
    except ValidationError:
        area = places.province(province, on=on)
    try:
        other = places.province(assessment_province, on=on)
    except ValidationError:
        return False
    return places.contains(area, other) or places.contains(places.successor(area, on), other)


def _hashes(value: Mapping[str, str]) -> Mapping[str, str]:
    return value if type(value) is FrozenMap else FrozenMap(value)


@attrs.frozen
class Rules:
    """Rule sets plus plug-in contributions; see the module docstring."""

    registry: RuleSetRegistry
    overrides: tuple[Attributed, ...] = ()
    gates: tuple[Attributed, ...] = ()
    tier_policies: Mapping[str, tuple[str, TierPolicy]] = attrs.field(factory=dict)
    plugins: tuple[PluginInfo, ...] = (PluginInfo(NATIONAL, __version__),)
    amendments: tuple[Attributed, ...] = ()
    #: Rule-set id → the content hash its data must have (see :meth:`verify`): the
    #: published hashes of the built-in rule sets, plus the hash each plug-in rule set
    #: had when it was accepted.
    expected_hashes: Mapping[str, str] = attrs.field(
        factory=lambda: PINNED_HASHES, converter=_hashes, repr=False
    )
    matcher: Callable[[str, str | None, date], bool] = attrs.field(
        default=_default_matcher, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "overrides", tuple(sorted(
            self.overrides, key=lambda a: (a.plugin, a.item.id))))
        object.__setattr__(self, "gates", tuple(sorted(
            self.gates, key=lambda a: (a.plugin, a.item.id))))
        object.__setattr__(self, "amendments", tuple(sorted(
            self.amendments, key=lambda a: (a.plugin, a.item.id))))
        object.__setattr__(self, "plugins", tuple(sorted(set(self.plugins))))
        object.__setattr__(self, "tier_policies", FrozenMap(dict(self.tier_policies)))

    @classmethod
    @functools.cache
    def national(cls) -> Rules:
        """The built-in national rules, without any plug-in."""
        return cls(builtin_registry())

    @functools.cached_property
    def change_points(self) -> tuple[date, ...] | None:
        """Every date on which something that decides a result may change, sorted.

        Between two consecutive points, :meth:`RuleSetRegistry.for_date`,
        :meth:`RuleSetRegistry.decides_on`, :meth:`context` and the authorities give the
        same answers for every day, so a scoring context found for one day holds for
        the whole interval (:func:`ocopkit.scoring.evaluate` caches them so). The points
        are the first day and the day after the last of every rule set, transitional
        provision, authority, caveat, amendment, override and gate, and — for the
        default matcher, which reads the provinces in force — of every province.
        ``None`` when a custom ``matcher`` makes the dates unknowable.
        """
        if self.matcher is not _default_matcher:
            return None
        day = timedelta(days=1)
        found: set[date] = set()

        def window(start: date | None, end: date | None) -> None:
            if start is not None:
                found.add(start)
            if end is not None:
                found.add(end + day)

        for rs in self.registry:
            window(rs.effective_from, rs.effective_until)
            for t in rs.transitions:
                window(t.submitted_before, t.decided_until)
            for pairs in rs.authorities.values():
                found.update(since for since, _ in pairs if since is not None)
            for caveat in rs.caveats:
                window(caveat.since, caveat.until)
        for att in (*self.overrides, *self.gates, *self.amendments):
            window(att.item.effective_from, att.item.effective_until)
        for p in places.provinces():
            window(p.valid_from, p.valid_until)
        return tuple(sorted(found))

    def context(
        self,
        ruleset: RuleSet,
        product_set: int,
        province: str | None,
        on: date,
    ) -> ScoringContext:
        """Resolve the amendments, overrides, gates and tier policy that apply to one
        assessment, and the caveats its evaluation carries.

        ``province`` must name a province in force on ``on`` (with the default matcher):
        one that does not is a :class:`~ocopkit.errors.ValidationError` at
        ``$.province``, never a silent "no provincial rule applies".
        """
        if province is not None and self.matcher is _default_matcher:
            places.province(province, on=on)
        amended = [a for a in self.amendments
                   if isinstance(a.item, Amendment) and a.item.active(ruleset.id, on)]
        card = apply_amendments(ruleset.scorecard(product_set),
                                (a.item for a in amended if isinstance(a.item, Amendment)))
        supplied = {cid for a in amended if isinstance(a.item, Amendment)
                    for cid in a.item.supplies}
        active = [
            a for a in self.overrides
            if isinstance(a.item, CriterionOverride)
            and a.item.active(ruleset.id, product_set, on)
            and self.matcher(a.item.province, province, on)
        ]
        winners = resolve(active)
        decided = {c.id: NATIONAL for c in card.criteria}
        for a in amended:
            if isinstance(a.item, Amendment):
                decided.update({c.criterion_id: a.plugin for c in a.item.changes
                                if c.applies_to(product_set) and c.criterion_id in decided})
        decided.update({cid: a.plugin for cid, a in winners.items()})
        gates = tuple(
            a for a in self.gates
            if isinstance(a.item, Gate) and a.item.active(on)
            and self.matcher(a.item.province, province, on)
        )
        plugin, policy = self.tier_policies.get(ruleset.id, (NATIONAL, ruleset.tier_policy))
        used = {NATIONAL, plugin, *(a.plugin for a in winners.values()),
                *(a.plugin for a in gates), *(a.plugin for a in amended)}
        return ScoringContext(
            ruleset=ruleset,
            scorecard=apply_overrides(card, winners),
            decided_by=FrozenMap(decided),
            gates=gates,
            tier_policy=policy,
            tier_policy_by=plugin,
            plugins=tuple(p for p in self.plugins if p.name in used),
            caveats=tuple(c for c in ruleset.caveats_on(on) if c.id not in supplied),
        )

    def verify(self) -> list[Problem]:
        """Every rule set whose data is not the data its identity names.

        For each rule set of the registry, the content hash is computed afresh from the
        data in memory and compared with :attr:`expected_hashes` (the published value of
        a built-in rule set) and with the hash kept in
        :attr:`~ocopkit.rulesets.RuleSet.content_hash`, which results record in their
        provenance. An empty list means every result computed with these rules names the
        data it was computed from. :func:`ocopkit.plugins.load` calls it after the
        plug-ins have run, ``ocopkit check-plugin`` after the plug-in under test has.

        >>> Rules.national().verify()
        []
        """
        problems: list[Problem] = []
        for rs in self.registry:
            where = f"ruleset {rs.id}"
            try:
                fresh = rs.recompute_hash()
            except Exception as exc:  # tampered data need not even be serialisable
                problems.append(Problem(
                    where, "ruleset-changed",
                    f"dữ liệu của bộ quy tắc {rs.id} đã bị thay đổi và không còn đọc được "
                    f"({type(exc).__name__})",
                    f"the data of rule set {rs.id} was changed and can no longer be read "
                    f"({type(exc).__name__}: {exc})"))
                continue
            expected = self.expected_hashes.get(rs.id)
            if expected is not None and fresh != expected:
                problems.append(Problem(
                    where, "ruleset-changed",
                    f"dữ liệu của bộ quy tắc {rs.id} đã bị thay đổi trong bộ nhớ: mã băm "
                    f"{fresh} thay vì {expected}",
                    f"the data of rule set {rs.id} was changed in memory: its content "
                    f"hash is {fresh}, not {expected}"))
            elif rs.content_hash != fresh:
                problems.append(Problem(
                    where, "ruleset-changed",
                    f"dữ liệu của bộ quy tắc {rs.id} đã bị thay đổi sau khi tính mã băm "
                    f"{rs.content_hash}",
                    f"the data of rule set {rs.id} was changed after its content hash "
                    f"{rs.content_hash} was computed (it is now {fresh})"))
        return problems

    def with_contributions(
        self,
        *,
        rulesets: Iterable[RuleSet] = (),
        overrides: Iterable[Attributed] = (),
        gates: Iterable[Attributed] = (),
        tier_policies: Mapping[str, tuple[str, TierPolicy]] | None = None,
        plugins: Iterable[PluginInfo] = (),
        amendments: Iterable[Attributed] = (),
    ) -> Rules:
        """A new :class:`Rules` with more contributions (used by the plug-in loader)."""
        rulesets = tuple(rulesets)
        return attrs.evolve(
            self,
            registry=self.registry.with_rulesets(rulesets) if rulesets else self.registry,
            expected_hashes={**self.expected_hashes,
                             **{rs.id: rs.content_hash for rs in rulesets}},
            overrides=(*self.overrides, *overrides),
            gates=(*self.gates, *gates),
            amendments=(*self.amendments, *amendments),
            tier_policies={**self.tier_policies, **(tier_policies or {})},
            plugins=(*self.plugins, *plugins),
        )
