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

import inspect
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import attrs
import pluggy

from ocopkit.certification import CertificatePolicy
from ocopkit.errors import ConflictError, DataError, PluginError, Problem
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
from ._code import guarded
from ._contributions import Contributions, indicator_registry, validate_contributions
from ._guard import ENV_MAX_CONTRIBUTIONS, Limits, describe, exception_text
from ._manager import (
    OcopkitPluginManager,
    log,
    manager,
    timeout_problem,
)
from ._report import Loaded, LoadReport, PluginFailure, Provided, ProvincePolicy
from ._values import inexact

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
}


def _expected_type(hook: str) -> tuple[type, ...]:
    """The runtime type of a hook's contribution."""
    return _EXPECTED[hook]


def _type_name(types: tuple[type, ...] | None) -> str:
    return " | ".join(t.__name__ for t in types) if types else "object"


def _type_problem(value: object, expected: tuple[type, ...]) -> tuple[str, str] | None:
    """Why ``value`` is not of a type ``expected`` names, in English and Vietnamese
    (``None``: it is).

    A concrete class must be the exact class — a subclass could override the methods
    ocopkit uses on it; a protocol (:class:`~ocopkit.rulesets.TierPolicy`) is code by
    design and only needs its members. The type is read with :func:`type`, never from
    the ``__class__`` an object may claim.
    """
    cls = type(value)
    concrete = tuple(t for t in expected if not getattr(t, "_is_protocol", False))
    if cls in concrete:
        return None
    if value is not None and any(isinstance(value, t) for t in expected if t not in concrete):
        return None
    parent = next((t for t in concrete if issubclass(cls, t)), None)
    if parent is not None:
        return (f"a {describe(value)}, which is a subclass of {parent.__name__}: register a "
                f"{parent.__name__} itself (ocopkit uses its own methods on the values it "
                "checks)",
                f"{describe(value)} là lớp con của {parent.__name__}: hãy đăng ký chính "
                f"{parent.__name__} (ocopkit dùng phương thức của chính nó trên các giá trị "
                "đã kiểm tra)")
    return (f"expected {_type_name(expected)}, got {describe(value)}",
            f"cần {_type_name(expected)}, nhận {describe(value)}")


def _prepare(value: object) -> None:
    """Compute, under the plug-in's time budget, what ocopkit keeps of a value."""
    if type(value) is RuleSet:
        value.content_hash  # noqa: B018 - a plug-in's tier policy may take time to describe


def _returned(value: object) -> str:
    """Describe a value a hook returned, closing an unstarted generator or coroutine."""
    if inspect.isgenerator(value) and inspect.getgeneratorstate(value) == "GEN_CREATED":
        value.close()  # an unstarted generator runs no code when closed
        return "a generator (a hook must not yield)"
    if inspect.iscoroutine(value) and inspect.getcoroutinestate(value) == "CORO_CREATED":
        value.close()
        return "a coroutine (a hook must not be async)"
    return f"a {describe(value)}"


class _Registrar:
    """The ``register`` callback of one registration hook of one plug-in.

    Generic over the registration hooks: it takes ``_ARITY[hook]`` arguments (keys
    that are non-empty strings, then the value) and the value must be of a type
    ``_EXPECTED[hook]`` names, with every part of it a plain value
    (:func:`~ocopkit.plugins._values.inexact`). It runs inside the plug-in's call, on
    the guard's worker, so that the checks count against the plug-in's time budget;
    at most ``cap`` values are looked at; once closed it refuses everything.
    """

    def __init__(self, hook: str, cap: int, plugin: str) -> None:
        self.hook = hook
        self.plugin = plugin
        self.expected = _expected_type(hook)
        self.arity = _ARITY.get(hook, 1)
        self.cap = cap
        self.calls = 0
        self.closed = False
        self.values: list[Any] = []
        self.problems: list[Problem] = []

    def __call__(self, *args: Any) -> None:
        hook, cap = self.hook, self.cap
        if self.closed:
            raise RuntimeError(f"{hook}: register() called after the hook returned")
        self.calls += 1
        if self.calls > cap:
            if self.calls == cap + 1:
                self.problems.append(Problem(
                    hook, "too-many-contributions",
                    f"plug-in đăng ký hơn {cap} giá trị qua {hook}; các giá trị sau không "
                    f"được xét ({ENV_MAX_CONTRIBUTIONS})",
                    f"the plug-in registered more than {cap} values through {hook}; the "
                    f"rest were not looked at ({ENV_MAX_CONTRIBUTIONS} sets the limit)"))
            return
        where = f"{hook} › #{self.calls}"
        if len(args) != self.arity:
            self.problems.append(Problem(
                where, "bad-arity", f"register() cần {self.arity} đối số, nhận {len(args)}",
                f"register() takes {self.arity} argument(s), got {len(args)}"))
            return
        *keys, value = args
        for key in keys:
            if type(key) is not str or not key.strip():
                self.problems.append(Problem(
                    where, "bad-key", "khóa phải là chuỗi khác rỗng",
                    f"the first argument must be a non-empty str, got {describe(key)}"))
                return
        wrong = _type_problem(value, self.expected)
        if wrong is not None:
            self.problems.append(Problem(where, "wrong-type", wrong[1], wrong[0]))
            return
        why = inexact(value)
        if why is not None:
            self.problems.append(Problem(
                where, "not-a-plain-value",
                "giá trị có một phần không kiểm tra được (lớp con của một kiểu của ocopkit "
                f"hoặc của kiểu dựng sẵn, hay list/dict/set có thể bị thay đổi): {why}",
                why))
            return
        _prepare(value)
        self.values.append(guarded(tuple(args) if self.arity > 1 else value, self.plugin))


def _returned_problem(hook: str, value: object) -> Problem:
    what = _returned(value)
    return Problem(
        hook, "hook-returned-value",
        f"hook trả về {what} thay vì gọi register(); giá trị trả về không được dùng: "
        "gọi register(giá_trị) cho từng giá trị",
        f"the hook returned {what} instead of calling register(); a returned value is "
        "not used: call register(value) for each value")


def _call_hooks(pm: OcopkitPluginManager, name: str,
                plan: Sequence[tuple[str, pluggy.HookImpl]]) -> tuple[
                    dict[str, tuple[Any, ...]], PluginFailure | None]:
    """Call one plug-in's registration hooks in order, within one time budget.

    The hooks run one after the other in a single call through the guard (one
    budget for them all) and stop at the first that raises, returns a value or
    registers a bad value. Returns what each hook registered, and the failure.
    """
    dist = pm.distribution_of(name)
    timeout = pm.limits.timeout
    cap = sys.maxsize if name == NATIONAL else pm.limits.max_contributions
    registrars = [_Registrar(hook, cap, name) for hook, _ in plan]
    results: list[tuple[Any, BaseException | None]] = []

    def run() -> None:
        for (_, impl), reg in zip(plan, registrars, strict=True):
            if reg.closed:  # out of time: a late worker calls no further hook
                return
            kwargs = {"register": reg} if "register" in impl.argnames else {}
            try:
                value = impl.function(**kwargs)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # the plug-in's, whatever it is
                reg.closed = True
                results.append((None, exc))
                return
            reg.closed = True
            results.append((value, None))
            if value is not None or reg.problems:
                return

    # the built-in plug-in is ocopkit's own code: called directly, without a budget
    outcome = pm.guard.call(run, timeout=None if name == NATIONAL else timeout)
    for reg in registrars:
        reg.closed = True
    done = list(results)
    found: dict[str, tuple[Any, ...]] = dict.fromkeys(hooks.REGISTER_HOOKS, ())
    for (hook, _), reg, (value, error) in zip(plan, registrars, done, strict=False):
        if error is not None:
            failure = PluginFailure(PluginError(
                f"raised {exception_text(error)}", plugin=name, distribution=dist,
                hook=hook), "call")
            failure.error.__cause__ = error
            return found, failure
        if value is not None:
            problem = _returned_problem(hook, value)
            return found, PluginFailure(PluginError(
                problem.message_en, plugin=name, distribution=dist, hook=hook),
                "call", (problem, *reg.problems))
        if reg.problems:
            return found, _invalid(name, dist, [(hook, p) for p in reg.problems])
        found[hook] = tuple(reg.values)
    if outcome.timed_out:
        hook = plan[min(len(done), len(plan) - 1)][0]
        return found, PluginFailure(PluginError(
            f"did not finish its registration hooks within {timeout:g} s",
            plugin=name, distribution=dist, hook=hook), "call",
            (timeout_problem(hook, name, "its registration hooks",
                             "chạy xong các hook đăng ký", timeout),))
    return found, None


def collect(pm: OcopkitPluginManager) -> tuple[Contributions, ...]:
    """Call every registration hook of every plug-in, one plug-in at a time.

    Returns one :class:`Contributions` per accepted plug-in, sorted by name. Nothing
    is raised here, not even in strict mode: a hook that raises (anything, even
    ``SystemExit``), returns a value, runs out of the plug-in's time budget or
    registers a bad value sets ``failure``. All the registration hooks of one
    plug-in share one budget, :attr:`Limits.timeout <ocopkit.plugins.Limits.timeout>`.
    """
    impls: dict[str, dict[str, pluggy.HookImpl]] = {}
    for hook in hooks.REGISTER_HOOKS:
        for impl in getattr(pm.hook, hook).get_hookimpls():
            impls.setdefault(impl.plugin_name, {})[hook] = impl
    out = []
    for name in sorted(n for n, p in pm.list_name_plugin() if p is not None and pm.accepted(n)):
        plan = sorted(impls.get(name, {}).items(),
                      key=lambda kv: hooks.REGISTER_HOOKS.index(kv[0]))
        found, failure = _call_hooks(pm, name, plan)
        out.append(Contributions(
            plugin=pm.plugin_info(name),
            distribution=pm.distribution_of(name),
            rulesets=found["ocopkit_register_rulesets"],
            rules=found["ocopkit_register_rules"],
            tier_policies=found["ocopkit_register_tier_policies"],
            certificate_policies=found["ocopkit_register_certificate_policies"],
            plans=found["ocopkit_register_plans"],
            indicators=found["ocopkit_register_indicators"],
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

