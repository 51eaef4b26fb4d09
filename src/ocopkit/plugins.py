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

import inspect
import logging
import os
import re
from collections.abc import Iterable, Sequence
from datetime import date
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import pluggy

from . import __version__, hooks
from .adjustments import Attributed, CriterionOverride, Gate, check_override
from .errors import ConflictError, DataError, PluginError, Problem, ValidationError
from .rules import NATIONAL, PluginInfo, Rules
from .rulesets import RuleSet, RuleSetRegistry
from .text import suggest
from .tiers import TierPolicy

if TYPE_CHECKING:
    from .certificates import CertificatePolicy
    from .indicators import Indicator, IndicatorRegistry
    from .products import Product
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

T = TypeVar("T")

_FALSY = frozenset({"", "0", "false", "no", "off"})


# ---------------------------------------------------------------- records


@attrs.frozen
class PluginFailure:
    """A plug-in that was not used, and why.

    ``stage`` is ``"load"`` (import failed), ``"register"`` (pluggy refused
    it), ``"hooks"`` (unknown hook names or wrappers), ``"call"`` (a hook
    raised) or ``"contributions"`` (it registered invalid values, listed in
    ``problems``).
    """

    error: PluginError
    stage: str
    problems: tuple[Problem, ...] = ()

    @property
    def plugin(self) -> str:
        return self.error.plugin

    @property
    def distribution(self) -> str | None:
        return self.error.distribution

    @property
    def hook(self) -> str | None:
        return self.error.hook

    def __str__(self) -> str:
        return str(self.error)


@attrs.frozen
class LoadReport:
    """What a manager or a :func:`load` did: plug-ins used, blocked, failed."""

    plugins: tuple[PluginInfo, ...] = ()
    blocked: tuple[str, ...] = ()
    failures: tuple[PluginFailure, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether no plug-in failed."""
        return not self.failures

    @property
    def failed(self) -> frozenset[str]:
        """Names of the plug-ins that failed."""
        return frozenset(f.plugin for f in self.failures)

    def __str__(self) -> str:
        lines = [f"plug-ins: {', '.join(map(str, self.plugins)) or '—'}"]
        if self.blocked:
            lines.append(f"blocked: {', '.join(self.blocked)}")
        lines.extend(f"failed: {f}" for f in self.failures)
        return "\n".join(lines)


@attrs.frozen
class Provided(Generic[T]):
    """A contribution (a plan, an indicator) with the plug-in that made it."""

    plugin: str
    item: T


@attrs.frozen
class ProvincePolicy:
    """A certificate policy registered by ``plugin`` for ``province``."""

    plugin: str
    province: str
    policy: CertificatePolicy


@attrs.frozen
class Contributions:
    """Everything one plug-in registered, checked one value at a time.

    ``failure`` is set when a hook raised or a value had the wrong type;
    the values themselves are checked against the rule sets by :func:`load`.
    """

    plugin: PluginInfo
    distribution: str | None
    rulesets: tuple[RuleSet, ...] = ()
    rules: tuple[CriterionOverride | Gate, ...] = ()
    tier_policies: tuple[tuple[str, TierPolicy], ...] = ()
    certificate_policies: tuple[tuple[str, CertificatePolicy], ...] = ()
    plans: tuple[Plan, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    failure: PluginFailure | None = None

    @property
    def name(self) -> str:
        return self.plugin.name

    @property
    def overrides(self) -> tuple[CriterionOverride, ...]:
        return tuple(r for r in self.rules if isinstance(r, CriterionOverride))

    @property
    def gates(self) -> tuple[Gate, ...]:
        return tuple(r for r in self.rules if isinstance(r, Gate))


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


# ---------------------------------------------------------------- validating


def _window(where: str, start: date | None, end: date | None) -> list[Problem]:
    if start is not None and end is not None and start > end:
        return [Problem(where, "invalid-period", "ngày hết hiệu lực trước ngày bắt đầu",
                        f"effective_until {end} is before effective_from {start}")]
    return []


def province_problem(query: str, where: str) -> Problem | None:
    """A problem if ``query`` names no province (an ambiguous one is fine)."""
    from . import units

    try:
        units.province(query)
    except ValidationError as exc:
        if exc.codes == ("ambiguous-province",):
            return None
        p = exc.problems[0]
        return Problem(where, p.code, p.message_vi, p.message_en, p.suggestion)
    return None


def _check_override_item(
    o: CriterionOverride, registry: RuleSetRegistry, where: str
) -> list[Problem]:
    try:
        ruleset = registry.get(o.ruleset_id)
    except ValidationError as exc:
        return [Problem(where, p.code, p.message_vi, p.message_en, p.suggestion)
                for p in exc.problems]
    if not ruleset.scorecards:
        return [Problem(where, "no-scorecards", f"{ruleset.id} không có bộ tiêu chí chi tiết",
                        f"{ruleset.id} has no per-criterion scorecards to override")]
    problems: list[Problem] = []
    if o.product_sets is None:
        cards = [c for c in ruleset.scorecards.values() if c.has_criterion(o.criterion_id)]
        if not cards:
            problems.append(Problem(where, "unknown-criterion",
                                    f"không bộ nào có tiêu chí {o.criterion_id}",
                                    f"no product set has criterion {o.criterion_id}"))
    else:
        cards = []
        for n in sorted(o.product_sets):
            if n in ruleset.scorecards:
                cards.append(ruleset.scorecards[n])
            else:
                problems.append(Problem(where, "unknown-product-set",
                                        f"không có bộ sản phẩm {n}", f"no product set {n}"))
    seen: set[tuple[str, str]] = set()
    own = f"override {o.id}"
    for card in cards:
        for p in check_override(card, o):
            key = (p.code, p.path)
            if key in seen:
                continue
            seen.add(key)
            rest = p.path[len(own):] if p.path.startswith(own) else f" › {p.path}"
            path = where if not rest else f"{where} › set {card.product_set}{rest}"
            problems.append(Problem(path, p.code, p.message_vi, p.message_en, p.suggestion))
    if not o.changes:
        problems.append(Problem(where, "no-changes", "không có thay đổi nào", "no option changes"))
    return problems


def _check_gate_item(g: Gate, where: str) -> list[Problem]:
    problems = []
    if not str(g.citation).strip():
        problems.append(Problem(where, "no-citation", "thiếu trích dẫn", "missing citation"))
    if not g.requires or not all(isinstance(r, str) and r.strip() for r in g.requires):
        problems.append(Problem(where, "no-evidence", "cổng phải yêu cầu ít nhất một minh chứng",
                                "a gate must require at least one non-empty evidence kind"))
    if g.min_stars not in (3, 4, 5):
        problems.append(Problem(where, "bad-min-stars", "min_stars phải là 3, 4 hoặc 5",
                                f"min_stars must be 3, 4 or 5, not {g.min_stars!r}"))
    if not (g.name_vi.strip() and g.name_en.strip()):
        problems.append(Problem(where, "no-name", "thiếu tên cổng",
                                "a gate needs name_vi and name_en"))
    return problems


def _check_object(obj: object, where: str, **context: object) -> list[Problem]:
    """``obj.check(...)`` as located problems; ``context`` is passed when accepted."""
    check = getattr(obj, "check", None)
    if not callable(check):
        return []
    try:
        accepted = inspect.signature(check).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        accepted = {}  # type: ignore[assignment]
    kwargs = {k: v for k, v in context.items() if k in accepted}
    try:
        found = check(**kwargs)
    except ValidationError as exc:
        found = exc.problems
    if found is None or isinstance(found, bool):
        return []
    return [Problem(f"{where} › {p.path}", p.code, p.message_vi, p.message_en, p.suggestion)
            for p in found if isinstance(p, Problem)]


def indicator_registry(extra: Iterable[object] = ()) -> Any:
    """The built-in indicators plus ``extra`` (``None`` if indicators are unavailable)."""
    try:
        from .indicators import builtin_indicators
    except ImportError:  # pragma: no cover - indicators ship with ocopkit
        return None
    return builtin_indicators().with_indicators(extra)  # type: ignore[arg-type]


def validate_contributions(
    c: Contributions, registry: RuleSetRegistry, indicators: object = None
) -> list[tuple[str, Problem]]:
    """Every problem of ``c``'s values, as ``(hook, problem)``.

    Overrides and tier policies are checked against the rule sets in
    ``registry``; plans against the indicator registry ``indicators``
    (default: the built-in indicators plus ``c``'s own).
    """
    found: list[tuple[str, Problem]] = []
    hook = "ocopkit_register_rules"
    ids: dict[str, int] = {}
    for item in c.rules:
        kind = "override" if isinstance(item, CriterionOverride) else "gate"
        where = f"{hook} › {kind} {item.id}"
        ids[item.id] = ids.get(item.id, 0) + 1
        problems = _window(where, item.effective_from, item.effective_until)
        if not item.id.strip():
            problems.append(Problem(where, "no-id", "thiếu mã", "missing id"))
        if (p := province_problem(item.province, f"{where} › province")) is not None:
            problems.append(p)
        if isinstance(item, CriterionOverride):
            problems.extend(_check_override_item(item, registry, where))
        else:
            problems.extend(_check_gate_item(item, where))
        found.extend((hook, p) for p in problems)
    for rid, n in sorted(ids.items()):
        if n > 1:
            found.append((hook, Problem(f"{hook} › {rid}", "duplicate-id",
                                        f"mã {rid} đăng ký {n} lần",
                                        f"id {rid} registered {n} times")))
    hook = "ocopkit_register_tier_policies"
    for rid, _policy in c.tier_policies:
        try:
            registry.get(rid)
        except ValidationError as exc:
            found.extend((hook, Problem(f"{hook} › {rid}", p.code, p.message_vi, p.message_en,
                                        p.suggestion)) for p in exc.problems)
    hook = "ocopkit_register_certificate_policies"
    for province, _cert in c.certificate_policies:
        if (p := province_problem(province, f"{hook} › {province}")) is not None:
            found.append((hook, p))
    if indicators is None and c.plans:
        try:
            indicators = indicator_registry(c.indicators)
        except DataError as exc:
            found.extend(("ocopkit_register_indicators", p) for p in exc.problems)
    for hook, items in (("ocopkit_register_plans", c.plans),
                        ("ocopkit_register_indicators", c.indicators)):
        for i, obj in enumerate(items):
            label = getattr(obj, "id", None) or f"#{i + 1}"
            found.extend((hook, p) for p in _check_object(obj, f"{hook} › {label}",
                                                          indicators=indicators))
    return found


# ---------------------------------------------------------------- loading


@attrs.frozen
class Loaded:
    """Everything the plug-ins contributed, checked and attributed.

    ``rules``
        the :class:`~ocopkit.rules.Rules` to pass to :func:`ocopkit.scoring.evaluate`;
    ``plans`` / ``indicators``
        :class:`Provided` records, sorted by plug-in (then in the order the
        plug-in registered them);
    ``certificate_policies``
        :class:`ProvincePolicy` records (see :meth:`certificate_policy_for`);
    ``report``
        the plug-ins used, blocked and rejected (with their problems);
    ``indicator_registry``
        the built-in indicators plus the plug-ins' (what plans are checked
        against).
    """

    rules: Rules
    plans: tuple[Provided[Plan], ...] = ()
    indicators: tuple[Provided[Indicator], ...] = ()
    certificate_policies: tuple[ProvincePolicy, ...] = ()
    report: LoadReport = LoadReport()
    manager: OcopkitPluginManager | None = attrs.field(default=None, eq=False, repr=False)
    indicator_registry: IndicatorRegistry | None = attrs.field(default=None, eq=False,
                                                               repr=False)

    @property
    def failures(self) -> tuple[PluginFailure, ...]:
        return self.report.failures

    def certificate_policy_for(self, province: str, on: date) -> CertificatePolicy:
        """The certificate policy for a product of ``province`` on date ``on``.

        A policy applies to the unit it names and to older units merged into
        it (when the named unit is in force on ``on``), never to a successor.
        Without one, :data:`~ocopkit.certificates.DEFAULT_POLICY`; with two
        different ones, :class:`~ocopkit.errors.ConflictError`.
        """
        from . import units
        from .certificates import DEFAULT_POLICY

        target = _unit(province, on)
        matches = []
        for entry in self.certificate_policies:
            area = _unit(entry.province, on)
            if area.id == target.id or (area.in_force(on) and units.contains(area, target)):
                matches.append(entry)
        policies = {m.policy for m in matches}
        if len(policies) > 1:
            names = ", ".join(sorted(f"{m.plugin} ({m.province})" for m in matches))
            raise ConflictError(
                f"several certificate policies apply to {target.id} on {on}: {names}",
                plugin=matches[0].plugin, hook="ocopkit_register_certificate_policies")
        return matches[0].policy if matches else DEFAULT_POLICY

    def validate_product(self, product: Product) -> tuple[Problem, ...]:
        """Run every plug-in's ``ocopkit_validate_product`` on ``product``.

        Each implementation is called on its own; one that raises becomes a
        ``"plugin-failed"`` problem (a :class:`~ocopkit.errors.PluginError`
        if the manager is strict). Plug-ins rejected while loading are not
        called.
        """
        pm = self.manager
        if pm is None:
            return ()
        hook = "ocopkit_validate_product"
        out: list[Problem] = []
        failed = self.report.failed
        impls = sorted(pm.hook.ocopkit_validate_product.get_hookimpls(),
                       key=lambda i: i.plugin_name)
        for impl in impls:
            if impl.plugin_name in failed:
                continue
            found: list[Problem] = []

            def report(problem: object, _found: list[Problem] = found,
                       _name: str = impl.plugin_name) -> None:
                if isinstance(problem, Problem):
                    _found.append(problem)
                else:
                    _found.append(Problem(f"plugin {_name}", "plugin-bad-problem",
                                          "plug-in báo một giá trị không phải Problem",
                                          f"reported {type(problem).__name__}, not a Problem"))

            args = {"product": product, "report": report}
            try:
                impl.function(**{k: v for k, v in args.items() if k in impl.argnames})
            except Exception as exc:
                error = PluginError(f"raised {type(exc).__name__}: {exc}",
                                    plugin=impl.plugin_name,
                                    distribution=pm.distribution_of(impl.plugin_name), hook=hook)
                if pm.strict:
                    raise error from exc
                log.warning("%s", error, exc_info=exc)
                found = [Problem(f"plugin {impl.plugin_name}", "plugin-failed",
                                 f"plug-in {impl.plugin_name} gặp lỗi: {exc}", str(error))]
            out.extend(found)
        return tuple(sorted(out, key=lambda p: (p.path, p.code, p.message_en)))


def _unit(query: str, on: date) -> Any:
    from . import units

    try:
        return units.province(query, on=on)
    except ValidationError:
        return units.province(query)


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

