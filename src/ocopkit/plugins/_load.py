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
from typing import Any

import pluggy

from ocopkit.certification import CertificatePolicy
from ocopkit.errors import ConflictError, DataError, PluginError, Problem
from ocopkit.procedure import Round
from ocopkit.rulesets import (
    NATIONAL,
    Attributed,
    CriterionOverride,
    Gate,
    Rules,
    RuleSet,
    TierPolicy,
)
from ocopkit.targets import Indicator, Plan

from . import _hooks as hooks
from ._contributions import Contributions, indicator_registry, validate_contributions
from ._manager import OcopkitPluginManager, log, manager
from ._report import Loaded, LoadReport, PluginFailure, Provided, ProvincePolicy

__all__ = [
    "certificate_policy_for",
    "collect",
    "load",
    "load_indicators",
    "load_plans",
    "load_rules",
]


_ARITY = {
    "ocopkit_register_tier_policies": 2,
    "ocopkit_register_certificate_policies": 2,
}


#: The runtime type of each registration hook's contribution.
_EXPECTED: dict[str, tuple[type, ...]] = {
    "ocopkit_register_rulesets": (RuleSet,),
    "ocopkit_register_rules": (CriterionOverride, Gate),
    "ocopkit_register_tier_policies": (TierPolicy,),
    "ocopkit_register_certificate_policies": (CertificatePolicy,),
    "ocopkit_register_plans": (Plan,),
    "ocopkit_register_indicators": (Indicator,),
    "ocopkit_register_rounds": (Round,),
}


def _expected_type(hook: str) -> tuple[type, ...]:
    """The runtime type of a hook's contribution."""
    return _EXPECTED[hook]


def _type_name(types: tuple[type, ...] | None) -> str:
    return " | ".join(t.__name__ for t in types) if types else "object"


def _call_register_hook(
    impl: pluggy.HookImpl, hook: str
) -> tuple[list[Any], list[Problem], BaseException | None]:
    """Call one implementation with a checking ``register``; never raises."""
    values: list[Any] = []
    problems: list[Problem] = []
    expected = _expected_type(hook)
    arity = _ARITY.get(hook, 1)
    closed = False

    def register(*args: Any) -> None:
        where = f"{hook} › #{len(values) + len(problems) + 1}"
        if closed:
            raise RuntimeError(f"{hook}: register() called after the hook returned")
        if len(args) != arity:
            problems.append(Problem(where, "bad-arity",
                                    f"register() cần {arity} đối số, nhận {len(args)}",
                                    f"register() takes {arity} argument(s), got {len(args)}"))
            return
        *keys, value = args
        if keys and not (isinstance(keys[0], str) and keys[0].strip()):
            problems.append(Problem(where, "bad-key", "khóa phải là chuỗi khác rỗng",
                                    f"the first argument must be a non-empty str, got {keys[0]!r}"))
            return
        if value is None or (expected is not None and not isinstance(value, expected)):
            problems.append(Problem(
                where, "wrong-type",
                f"cần {_type_name(expected)}, nhận {type(value).__name__}",
                f"expected {_type_name(expected)}, got {type(value).__name__}: {value!r:.80}"))
            return
        values.append(tuple(args) if arity > 1 else value)

    kwargs = {"register": register} if "register" in impl.argnames else {}
    try:
        impl.function(**kwargs)
    except Exception as exc:
        return values, problems, exc
    finally:
        closed = True
    return values, problems, None


def collect(pm: OcopkitPluginManager) -> tuple[Contributions, ...]:
    """Call every registration hook of every plug-in, one implementation at a time.

    Returns one :class:`Contributions` per registered plug-in, sorted by
    name. Nothing is raised here, not even in strict mode: a hook that
    raises or a value of the wrong type sets ``failure``.
    """
    impls: dict[str, dict[str, pluggy.HookImpl]] = {}
    for hook in hooks.REGISTER_HOOKS:
        for impl in getattr(pm.hook, hook).get_hookimpls():
            impls.setdefault(impl.plugin_name, {})[hook] = impl
    out = []
    for name in sorted(n for n, p in pm.list_name_plugin() if p is not None):
        found: dict[str, list[Any]] = {h: [] for h in hooks.REGISTER_HOOKS}
        failure: PluginFailure | None = None
        dist = pm.distribution_of(name)
        for hook, impl in sorted(impls.get(name, {}).items(),
                                 key=lambda kv: hooks.REGISTER_HOOKS.index(kv[0])):
            values, problems, exc = _call_register_hook(impl, hook)
            if exc is not None:
                failure = PluginFailure(PluginError(
                    f"raised {type(exc).__name__}: {exc}", plugin=name, distribution=dist,
                    hook=hook), "call")
                failure.error.__cause__ = exc
                break
            if problems:
                failure = _invalid(name, dist, [(hook, p) for p in problems])
                break
            found[hook] = values
        out.append(Contributions(
            plugin=pm.plugin_info(name),
            distribution=dist,
            rulesets=tuple(found["ocopkit_register_rulesets"]),
            rules=tuple(found["ocopkit_register_rules"]),
            tier_policies=tuple(found["ocopkit_register_tier_policies"]),
            certificate_policies=tuple(found["ocopkit_register_certificate_policies"]),
            plans=tuple(found["ocopkit_register_plans"]),
            indicators=tuple(found["ocopkit_register_indicators"]),
            rounds=tuple(found["ocopkit_register_rounds"]),
            failure=failure,
        ))
    return tuple(out)


def _invalid(name: str, dist: str | None, found: Sequence[tuple[str, Problem]]) -> PluginFailure:
    shown = "; ".join(p.format("en") for _, p in found[:5])
    more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
    return PluginFailure(
        PluginError(f"registered {len(found)} invalid contribution(s): {shown}{more}",
                    plugin=name, distribution=dist, hook=found[0][0]),
        "contributions", tuple(p for _, p in found))


# ---------------------------------------------------------------- loading


def load(
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    strict: bool = False,
    plugins: Iterable[object] = (),
    pm: OcopkitPluginManager | None = None,
) -> Loaded:
    """Load the plug-ins and collect their contributions into a :class:`Loaded`.

    Pass ``pm`` to reuse a manager built by :func:`manager` (its ``strict``
    flag then applies too); otherwise one is built from the other arguments.

    Each plug-in's contributions are checked against the rule sets (the
    built-in ones plus those of the other accepted plug-ins). A plug-in with
    one bad value is rejected entirely; non-strict, its
    :class:`PluginFailure` is logged and added to ``report.failures``;
    strict, the :class:`~ocopkit.errors.PluginError` is raised. Two
    plug-ins replacing the tier policy of the same rule set raise
    :class:`~ocopkit.errors.ConflictError` in both modes.
    """
    if pm is None:
        pm = manager(autoload=autoload, blocked=blocked, strict=strict, plugins=plugins)
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
                reject(_invalid(c.name, c.distribution, [(hook, p) for p in exc.problems]))
                continue
            registry, indicators = more, more_ind
        for c in accepted:
            if c.name in rejected:
                continue
            found = validate_contributions(c, registry, indicators)
            if found:
                rejected.add(c.name)
                reject(_invalid(c.name, c.distribution, found))
        if not rejected:
            break
        accepted = [c for c in accepted if c.name not in rejected]

    policies: dict[str, tuple[str, TierPolicy]] = {}
    for c in accepted:
        if c.name == NATIONAL:
            continue
        for rid, policy in c.tier_policies:
            if rid in policies and (policies[rid][0] != c.name or policies[rid][1] != policy):
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
        tier_policies=policies,
        plugins=[c.plugin for c in accepted],
    )
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

