"""Loading plug-ins safely and collecting what they contribute.

Two steps, both free of global state:

1. :func:`manager` builds a plug-in manager: the built-in plug-in
   ``ocopkit.national`` first, then every entry point of the ``ocopkit``
   group (each loaded on its own), then the objects passed in ``plugins``.
   A plug-in that cannot be imported or registered, or that implements a
   hook that does not exist (a misspelling), is unregistered, logged on the
   ``ocopkit.plugins`` logger and recorded in the manager's
   :attr:`~OcopkitPluginManager.report`; with ``strict=True`` a
   :class:`~ocopkit.errors.PluginError` naming the plug-in, its distribution
   and the error is raised instead.
2. :func:`load` calls the registration hooks, **one plug-in at a time**, and
   checks every contribution as it arrives (its type, points within the
   criterion's maximum, known criteria and options, a citation, a known
   province, a valid plan period). A plug-in that raises or registers one
   invalid value is rejected as a whole: none of its contributions are
   kept. The result, :class:`Loaded`, holds the :class:`~ocopkit.rulesets.Rules`,
   the plans, indicators and certificate policies, and the
   :class:`LoadReport` of every failure.

>>> from ocopkit import plugins
>>> loaded = plugins.load(autoload=False)
>>> [p.name for p in loaded.rules.plugins]
['ocopkit.national']
>>> loaded.report.failures
()

Results never depend on the order in which plug-ins were registered:
contributions are sorted by plug-in name and id, and two plug-ins that
claim the same decision at the same priority raise
:class:`~ocopkit.errors.ConflictError` instead of letting the last one win.

Entry points are read through :attr:`OcopkitPluginManager.entry_points
<ocopkit.plugins.OcopkitPluginManager.entry_points>`, the seam tests replace.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import attrs

from ocopkit.certification import CertificatePolicy
from ocopkit.errors import ConflictError, DataError, Problem
from ocopkit.rulesets import (
    NATIONAL,
    Attributed,
    Rules,
    TierPolicy,
)
from ocopkit.targets import Indicator, Plan

from ._collect import collect, invalid
from ._contributions import Contributions, indicator_registry, validate_contributions
from ._guard import Limits, exception_text
from ._manager import (
    OcopkitPluginManager,
    log,
    manager,
)
from ._report import Loaded, LoadReport, PluginFailure, Provided, ProvincePolicy

__all__ = [
    "certificate_policy_for",
    "load",
    "load_indicators",
    "load_plans",
    "load_rules",
]


# ---------------------------------------------------------------- loading


def load(
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    strict: bool = False,
    plugins: Iterable[object] = (),
    pm: OcopkitPluginManager | None = None,
    limits: Limits | None = None,
) -> Loaded:
    """Load the plug-ins and collect their contributions into a :class:`Loaded`.

    Pass ``pm`` to reuse a manager built by :func:`manager` (its ``strict``
    flag and ``limits`` then apply too); otherwise one is built from the other
    arguments.

    Each plug-in's contributions are checked against the rule sets (the
    built-in ones plus those of the other accepted plug-ins). A plug-in with
    one bad value is rejected entirely; non-strict, its
    :class:`PluginFailure` is logged and added to ``report.failures``;
    strict, the :class:`~ocopkit.errors.PluginError` is raised. Two
    plug-ins replacing the tier policy of the same rule set raise
    :class:`~ocopkit.errors.ConflictError` in both modes.

    Once the plug-ins have run, the rules are verified
    (:meth:`ocopkit.rulesets.Rules.verify`): if the data of a rule set — the national
    ones included — is no longer the data its content hash names (a plug-in changed
    it in memory), no result could be trusted, and a
    :class:`~ocopkit.errors.DataError` (``ruleset-changed``) is raised in both modes.
    """
    if pm is None:
        pm = manager(autoload=autoload, blocked=blocked, strict=strict, plugins=plugins,
                     limits=limits)
    strict = strict or pm.strict
    failures = list(pm.report.failures)

    def reject(failure: PluginFailure) -> None:
        if strict or failure.plugin == NATIONAL:
            raise failure.error
        log.warning("%s", failure.error)
        failures.append(failure)

    accepted: list[Contributions] = []
    for c in collect(pm):
        if c.failure is not None:
            reject(c.failure)
        else:
            accepted.append(c)

    base = Rules.national().registry
    while True:
        registry, indicators = base, indicator_registry()
        rejected: set[str] = set()
        for c in accepted:
            hook = "ocopkit_register_rulesets"
            try:
                more = registry.with_rulesets(c.rulesets) if c.rulesets else registry
                hook = "ocopkit_register_indicators"
                more_ind = (indicators.with_indicators(c.indicators)
                            if c.indicators and indicators is not None else indicators)
            except DataError as exc:
                rejected.add(c.name)
                reject(invalid(c.name, c.distribution, [(hook, p) for p in exc.problems]))
                continue
            registry, indicators = more, more_ind
        for c in accepted:
            if c.name in rejected:
                continue
            found = validate_contributions(c, registry, indicators)
            if found:
                rejected.add(c.name)
                reject(invalid(c.name, c.distribution, found))
        if not rejected:
            break
        accepted = [c for c in accepted if c.name not in rejected]

    policies: dict[str, tuple[str, TierPolicy]] = {}
    for c in accepted:
        if c.name == NATIONAL:
            continue
        for rid, policy in c.tier_policies:
            if rid in policies and (policies[rid][0] != c.name
                                    or not _same(pm, policies[rid][1], policy)):
                other = policies[rid][0]
                raise ConflictError(
                    f"rule set {rid} gets a tier policy from both {other!r} and {c.name!r}; "
                    f"block one of them / hai plug-in cùng thay chính sách hạng sao của {rid}",
                    plugin=c.name, hook="ocopkit_register_tier_policies")
            policies[rid] = (c.name, policy)

    rules = Rules.national().with_contributions(
        rulesets=[rs for c in accepted if c.name != NATIONAL for rs in c.rulesets],
        overrides=[Attributed(c.name, o) for c in accepted for o in c.overrides],
        gates=[Attributed(c.name, g) for c in accepted for g in c.gates],
        amendments=[Attributed(c.name, a) for c in accepted for a in c.amendments],
        tier_policies=policies,
        plugins=[c.plugin for c in accepted],
    )
    _verify(pm, rules, [c.name for c in accepted if c.name != NATIONAL],
            plugin_code=any(c.rulesets for c in accepted if c.name != NATIONAL))
    failed = {f.plugin for f in failures}
    report = LoadReport(
        plugins=tuple(sorted(i for i in pm.report.plugins if i.name not in failed)),
        blocked=pm.report.blocked,
        failures=tuple(failures),
    )
    return Loaded(
        rules=rules,
        plans=tuple(Provided(c.name, p) for c in accepted for p in c.plans),
        indicators=tuple(Provided(c.name, i) for c in accepted for i in c.indicators),
        certificate_policies=tuple(ProvincePolicy(c.name, prov, pol) for c in accepted
                                   for prov, pol in c.certificate_policies),
        rounds=tuple(Provided(c.name, r) for c in accepted for r in c.rounds),
        report=report,
        manager=pm,
        indicator_registry=indicators,
    )


def _same(pm: OcopkitPluginManager, a: object, b: object) -> bool:
    """``a == b`` for two values of one plug-in, run as its code (a tier policy's ``__eq__``)."""
    if a is b:
        return True
    outcome = pm.guard.call(lambda: a == b, timeout=pm.limits.timeout)
    return outcome.ok and outcome.value is True


def verification_problems(pm: OcopkitPluginManager, rules: Rules, *,
                          plugin_code: bool = True) -> list[Problem]:
    """:meth:`Rules.verify` run through the guard (empty: the rules are the data they name).

    ``plugin_code``: a plug-in's rule set may hold the plug-in's tier policy, and
    hashing it runs its code; without one, the check runs directly.
    """
    outcome = pm.guard.call(rules.verify, timeout=pm.limits.timeout if plugin_code else None)
    if outcome.ok:
        found: list[Problem] = outcome.value
        return found
    why = "timed out" if outcome.timed_out else exception_text(outcome.error or RuntimeError())
    return [Problem("rules", "ruleset-changed",
                    f"không kiểm tra được dữ liệu bộ quy tắc ({why})",
                    f"the rule sets could not be verified ({why})")]


def _verify(pm: OcopkitPluginManager, rules: Rules, names: Sequence[str], *,
            plugin_code: bool) -> None:
    """Raise :class:`DataError` unless every rule set is the data its hash names."""
    found = verification_problems(pm, rules, plugin_code=plugin_code)
    if not found:
        return
    ran = ", ".join(names) or "—"
    raise DataError(
        [attrs.evolve(p, message_en=f"{p.message_en} (plug-ins that ran: {ran}; check each "
                      "with `ocopkit check-plugin NAME`)",
                      message_vi=f"{p.message_vi} (các plug-in đã chạy: {ran})")
         for p in found],
        "the rules are not the data they name / dữ liệu quy tắc đã bị thay đổi")


def load_rules(
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    strict: bool = False,
    plugins: Iterable[object] = (),
) -> Rules:
    """The :class:`~ocopkit.rulesets.Rules` of :func:`load` (failures are logged; use
    :func:`load` to inspect them)."""
    return load(autoload=autoload, blocked=blocked, strict=strict, plugins=plugins).rules


def load_plans(
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    strict: bool = False,
    plugins: Iterable[object] = (),
) -> tuple[Plan, ...]:
    """Every plan the plug-ins register, sorted by plug-in."""
    loaded = load(autoload=autoload, blocked=blocked, strict=strict, plugins=plugins)
    return tuple(p.item for p in loaded.plans)


def load_indicators(
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    strict: bool = False,
    plugins: Iterable[object] = (),
) -> tuple[Indicator, ...]:
    """Every indicator the plug-ins register, sorted by plug-in."""
    loaded = load(autoload=autoload, blocked=blocked, strict=strict, plugins=plugins)
    return tuple(i.item for i in loaded.indicators)


def certificate_policy_for(
    province: str,
    on: date,
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    strict: bool = False,
    plugins: Iterable[object] = (),
) -> CertificatePolicy:
    """The certificate policy for ``province`` on ``on``.

    See :meth:`Loaded.certificate_policy_for`.
    """
    loaded = load(autoload=autoload, blocked=blocked, strict=strict, plugins=plugins)
    return loaded.certificate_policy_for(province, on)

