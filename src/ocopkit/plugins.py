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
   kept. The result, :class:`Loaded`, holds the :class:`~ocopkit.rules.Rules`,
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

Configuration
-------------
``OCOPKIT_DISABLE_PLUGIN_AUTOLOAD``
    Set to ``1``/``true``/``yes``/``on`` to skip entry points (an explicit
    ``autoload=True`` still loads them).
``OCOPKIT_BLOCK_PLUGINS``
    Comma-separated entry-point or distribution names never to load, added
    to ``blocked=``.

Test seam: entry points are read through this module's :func:`entry_points`
(a re-export of :func:`importlib.metadata.entry_points`); tests replace it
with ``monkeypatch.setattr(ocopkit.plugins, "entry_points", fake)``.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Sequence
from datetime import date
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

import pluggy

from . import __version__, hooks
from .adjustments import Attributed, CriterionOverride, Gate
from .contributions import (
    Contributions,
    indicator_registry,
    province_problem,
    validate_contributions,
)
from .errors import ConflictError, DataError, PluginError, Problem
from .pluginreport import Loaded, LoadReport, PluginFailure, Provided, ProvincePolicy
from .rules import NATIONAL, PluginInfo, Rules
from .rulesets import RuleSet
from .text import suggest
from .tiers import TierPolicy

if TYPE_CHECKING:
    from .certificates import CertificatePolicy
    from .indicators import Indicator
    from .targets import Plan

__all__ = [
    "ENV_BLOCK",
    "ENV_DISABLE_AUTOLOAD",
    "GROUP",
    "Contributions",
    "LoadReport",
    "Loaded",
    "OcopkitPluginManager",
    "PluginFailure",
    "Provided",
    "ProvincePolicy",
    "certificate_policy_for",
    "collect",
    "entry_points",
    "indicator_registry",
    "load",
    "load_indicators",
    "load_plans",
    "load_rules",
    "manager",
    "plugin_name",
    "province_problem",
    "validate_contributions",
]

#: The entry-point group that plug-ins declare.
GROUP = hooks.PROJECT
#: Environment variable that turns entry-point autoloading off.
ENV_DISABLE_AUTOLOAD = "OCOPKIT_DISABLE_PLUGIN_AUTOLOAD"
#: Environment variable with comma-separated plug-in names never to load.
ENV_BLOCK = "OCOPKIT_BLOCK_PLUGINS"

log = logging.getLogger("ocopkit.plugins")

_FALSY = frozenset({"", "0", "false", "no", "off"})


# ---------------------------------------------------------------- manager


def plugin_name(plugin: object) -> str:
    """The name a plug-in object is registered under when none is given.

    A module or class uses its ``__name__``; an instance its class's name.
    """
    name = getattr(plugin, "__name__", None)
    if isinstance(name, str) and name:
        return name
    return type(plugin).__name__


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name.strip()).lower()


def _truthy(value: str | None) -> bool:
    return value is not None and value.strip().lower() not in _FALSY


def _env_blocked() -> list[str]:
    raw = os.environ.get(ENV_BLOCK, "")
    return [part.strip() for part in raw.split(",") if part.strip()]


def _autoload(autoload: bool | None) -> bool:
    if autoload is not None:
        return autoload
    return not _truthy(os.environ.get(ENV_DISABLE_AUTOLOAD))


def _dist(ep: Any) -> tuple[str | None, str | None]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return None, None
    name = getattr(dist, "name", None)
    if name is None:
        metadata = getattr(dist, "metadata", None)
        name = metadata["Name"] if metadata is not None else None
    version = getattr(dist, "version", None)
    return (str(name) if name else None), (str(version) if version else None)


class OcopkitPluginManager(pluggy.PluginManager):
    """A :class:`pluggy.PluginManager` that contains failing plug-ins.

    Build it with :func:`manager`. Besides pluggy's API it knows each
    plug-in's version and distribution (:meth:`plugin_info`,
    :meth:`distribution_of`) and keeps a :attr:`report` of what it loaded,
    blocked and rejected.
    """

    def __init__(self, *, strict: bool = False) -> None:
        super().__init__(hooks.PROJECT)
        self.add_hookspecs(hooks)
        #: Raise :class:`~ocopkit.errors.PluginError` instead of recording failures.
        self.strict = strict
        self._infos: dict[str, PluginInfo] = {}
        self._dists: dict[str, str | None] = {}
        self._failures: list[PluginFailure] = []
        self._blocked: list[str] = []

    @property
    def report(self) -> LoadReport:
        """A snapshot of the plug-ins loaded, blocked and rejected so far."""
        return LoadReport(
            plugins=tuple(sorted(self._infos.values())),
            blocked=tuple(sorted(set(self._blocked))),
            failures=tuple(self._failures),
        )

    def plugin_info(self, name: str) -> PluginInfo:
        """Name and version of the registered plug-in ``name``."""
        return self._infos.get(name, PluginInfo(name, "0"))

    def distribution_of(self, name: str) -> str | None:
        """``"<distribution> <version>"`` of plug-in ``name``, when it came from one."""
        return self._dists.get(name)

    def fail(
        self,
        error: PluginError,
        stage: str,
        problems: Iterable[Problem] = (),
        cause: BaseException | None = None,
    ) -> PluginFailure:
        """Record a failure (raise it in strict mode) and log it."""
        if self.strict:
            raise error from cause
        failure = PluginFailure(error, stage, tuple(problems))
        log.warning("%s", error, exc_info=cause)
        self._failures.append(failure)
        return failure

    def add(
        self,
        plugin: object,
        *,
        name: str | None = None,
        version: str | None = None,
        distribution: str | None = None,
    ) -> str | None:
        """Register one plug-in object; return its name, or ``None`` if refused.

        The plug-in is refused (and the failure recorded, or raised in strict
        mode) when pluggy rejects it, when it implements a hook that does not
        exist (a misspelled name) or when it declares a wrapper on an
        ocopkit hook. Refused plug-ins are left unregistered.
        """
        name = name or plugin_name(plugin)
        version = version or str(getattr(plugin, "__version__", "0"))
        if self.is_blocked(name):
            self._blocked.append(name)
            return None
        try:
            registered = self.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            self._discard(plugin, name)
            self.fail(
                PluginError(f"could not be registered: {exc}", plugin=name,
                            distribution=distribution),
                "register", cause=exc,
            )
            return None
        if registered is None:  # pragma: no cover - blocked names are handled above
            return None
        wrong = self._misdeclared(plugin)
        if wrong:
            self._discard(plugin, name)
            self.fail(PluginError("; ".join(msg for _, msg in wrong), plugin=name,
                                  distribution=distribution, hook=wrong[0][0]), "hooks")
            return None
        self._infos[name] = PluginInfo(name, version)
        self._dists[name] = distribution
        return name

    def _discard(self, plugin: object, name: str) -> None:
        if self.has_plugin(name) and self.get_plugin(name) is plugin:
            self.unregister(plugin=plugin, name=name)

    def _misdeclared(self, plugin: object) -> list[tuple[str, str]]:
        known = [n for n in vars(self.hook) if n.startswith("ocopkit_") and
                 getattr(self.hook, n).has_spec()]
        out: list[tuple[str, str]] = []
        for caller in self.get_hookcallers(plugin) or []:
            for impl in caller.get_hookimpls():
                if impl.plugin is not plugin:
                    continue
                if not caller.has_spec() and not impl.optionalhook:
                    hint = suggest(caller.name, known, cutoff=0.5)
                    out.append((caller.name, f"implements unknown hook {caller.name!r}"
                                + (f" (did you mean {hint!r}?)" if hint else "")))
                elif caller.has_spec() and (impl.wrapper or impl.hookwrapper):
                    out.append((caller.name, f"declares a wrapper on {caller.name!r}; "
                                "ocopkit calls each implementation on its own"))
        return sorted(out)

    def load_entry_points(
        self,
        *,
        blocked: Iterable[str] = (),
        only: Iterable[str] | None = None,
    ) -> None:
        """Load the ``ocopkit`` entry points one by one (sorted by name).

        ``blocked`` and ``only`` hold entry-point or distribution names
        (compared case-, ``-``/``_``/``.``-insensitively).
        """
        blocked_keys = {_normalize(b) for b in blocked}
        wanted = None if only is None else {_normalize(o) for o in only}
        seen: dict[str, str] = {}
        found = sorted(entry_points(group=GROUP), key=lambda e: (e.name, e.value))
        for ep in found:
            dist_name, dist_version = _dist(ep)
            keys = {_normalize(ep.name)}
            if dist_name:
                keys.add(_normalize(dist_name))
            if wanted is not None and not keys & wanted:
                continue
            if keys & blocked_keys or self.is_blocked(ep.name):
                self._blocked.append(ep.name)
                continue
            distribution = f"{dist_name} {dist_version}" if dist_name else None
            if ep.name in seen:
                if seen[ep.name] != ep.value:
                    self.fail(PluginError(
                        f"entry point name already used by {seen[ep.name]!r}; "
                        f"{ep.value!r} was not loaded", plugin=ep.name,
                        distribution=distribution), "load")
                continue
            seen[ep.name] = ep.value
            try:
                obj = ep.load()
            except Exception as exc:
                self.fail(PluginError(
                    f"could not be imported from {ep.value!r}: {type(exc).__name__}: {exc}",
                    plugin=ep.name, distribution=distribution), "load", cause=exc)
                continue
            self.add(obj, name=ep.name, distribution=distribution,
                     version=dist_version or str(getattr(obj, "__version__", "0")))

    def verify(self) -> None:
        """Run pluggy's ``check_pending()``; unregister (or raise on) offenders."""
        while True:
            try:
                self.check_pending()
            except pluggy.PluginValidationError as exc:
                name = self.get_name(exc.plugin) or plugin_name(exc.plugin)
                self._discard(exc.plugin, name)
                self._infos.pop(name, None)
                self.fail(PluginError(str(exc), plugin=name,
                                      distribution=self._dists.get(name)), "hooks", cause=exc)
                continue
            return


def manager(
    *,
    autoload: bool | None = None,
    blocked: Iterable[str] = (),
    strict: bool = False,
    plugins: Iterable[object] = (),
    only: Iterable[str] | None = None,
) -> OcopkitPluginManager:
    """Build a plug-in manager (never a global one).

    :param autoload: load the ``ocopkit`` entry points; ``None`` (default)
        means yes unless ``OCOPKIT_DISABLE_PLUGIN_AUTOLOAD`` is truthy.
    :param blocked: entry-point or distribution names not to load (plus
        those in ``OCOPKIT_BLOCK_PLUGINS``). The built-in
        ``ocopkit.national`` cannot be blocked.
    :param strict: raise :class:`~ocopkit.errors.PluginError` on the first
        failing plug-in instead of logging and skipping it.
    :param plugins: plug-in objects (modules, classes, instances) to register
        after the entry points, named by :func:`plugin_name` and versioned by
        their ``__version__`` (``"0"`` if absent).
    :param only: when given, load only the entry points with these names.

    >>> pm = manager(autoload=False)
    >>> sorted(pm.report.plugins)[0].name
    'ocopkit.national'
    """
    from . import national

    pm = OcopkitPluginManager(strict=strict)
    pm.add(national, name=NATIONAL, version=__version__)
    block = [*blocked, *_env_blocked()]
    for name in block:
        if _normalize(name) != _normalize(NATIONAL):
            pm.set_blocked(name)
    if _autoload(autoload):
        pm.load_entry_points(blocked=block, only=only)
    for obj in plugins:
        if any(_normalize(plugin_name(obj)) == _normalize(b) for b in block):
            pm._blocked.append(plugin_name(obj))
            continue
        pm.add(obj)
    pm.verify()
    return pm


# ---------------------------------------------------------------- collecting


_ARITY = {
    "ocopkit_register_tier_policies": 2,
    "ocopkit_register_certificate_policies": 2,
}


def _expected_type(hook: str) -> tuple[type, ...] | None:
    """The runtime type of a hook's contribution (None: not checkable yet)."""
    if hook == "ocopkit_register_rulesets":
        return (RuleSet,)
    if hook == "ocopkit_register_rules":
        return (CriterionOverride, Gate)
    if hook == "ocopkit_register_tier_policies":
        return (TierPolicy,)
    modules = {
        "ocopkit_register_certificate_policies": ("certificates", "CertificatePolicy"),
        "ocopkit_register_plans": ("targets", "Plan"),
        "ocopkit_register_indicators": ("indicators", "Indicator"),
    }
    module, cls = modules[hook]
    import importlib

    try:
        found = getattr(importlib.import_module(f"ocopkit.{module}"), cls)
    except (ImportError, AttributeError):
        return None
    return (found,) if isinstance(found, type) else None


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
    """The :class:`~ocopkit.rules.Rules` of :func:`load` (failures are logged; use
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

