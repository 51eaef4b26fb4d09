"""The plug-in manager: built by :func:`manager` (never at import), the built-in
``ocopkit.national`` first, then every entry point of the ``ocopkit`` group loaded on its
own, then the objects passed in; a plug-in that fails to import or register, or that
implements an unknown hook, is contained, recorded and (``strict=True``) raised.

Configuration
-------------
``OCOPKIT_DISABLE_PLUGIN_AUTOLOAD``
    Set to ``1``/``true``/``yes``/``on`` to skip entry points (an explicit
    ``autoload=True`` still loads them).
``OCOPKIT_BLOCK_PLUGINS``
    Comma-separated entry-point or distribution names never to load, added
    to ``blocked=``.
``OCOPKIT_PLUGIN_TIMEOUT`` / ``OCOPKIT_PLUGIN_MAX_CONTRIBUTIONS``
    The time budget and the contribution cap of :class:`~ocopkit.plugins.Limits`.

Every call into a plug-in (its import, its registration with pluggy, its hooks) goes
through the manager's :class:`~ocopkit.plugins._guard.Guard`: whatever it raises —
``SystemExit`` included — or a time-out becomes a recorded failure.
"""

from __future__ import annotations

import functools
import importlib.metadata
import logging
import os
import re
import time
from collections.abc import Iterable
from typing import Any

import pluggy

from ocopkit._version import __version__
from ocopkit.errors import PluginError, Problem
from ocopkit.rulesets import NATIONAL, PluginInfo
from ocopkit.text import suggest

from . import _hooks as hooks
from . import _national as national
from ._guard import ENV_TIMEOUT, Guard, Limits, describe, exception_text
from ._report import LoadReport, PluginFailure

__all__ = [
    "ENV_BLOCK",
    "ENV_DISABLE_AUTOLOAD",
    "GROUP",
    "OcopkitPluginManager",
    "entry_point_distribution",
    "log",
    "manager",
    "plugin_name",
    "remaining",
    "timeout_problem",
]

#: The entry-point group that plug-ins declare.
GROUP = hooks.PROJECT
#: Environment variable that turns entry-point autoloading off.
ENV_DISABLE_AUTOLOAD = "OCOPKIT_DISABLE_PLUGIN_AUTOLOAD"
#: Environment variable with comma-separated plug-in names never to load.
ENV_BLOCK = "OCOPKIT_BLOCK_PLUGINS"

log = logging.getLogger("ocopkit.plugins")

_FALSY = frozenset({"", "0", "false", "no", "off"})




def plugin_name(plugin: object) -> str:
    """The name a plug-in object is registered under when none is given.

    A module or class uses its ``__name__``; an instance its class's name.
    """
    name = getattr(plugin, "__name__", None)
    if isinstance(name, str) and name:
        return name
    return type(plugin).__name__


def remaining(deadline: float | None) -> float | None:
    """Seconds left until ``deadline`` (a :func:`time.monotonic` value); ``None``: no limit."""
    return None if deadline is None else max(0.0, deadline - time.monotonic())


def deadline_after(timeout: float | None) -> float | None:
    """The :func:`time.monotonic` value ``timeout`` seconds from now (``None``: no limit)."""
    return None if timeout is None else time.monotonic() + timeout


def timeout_problem(where: str, plugin: str, what_en: str, what_vi: str,
                    timeout: float | None) -> Problem:
    """The ``plugin-timeout`` problem: ``plugin`` did not finish ``what`` in time."""
    return Problem(
        where, "plugin-timeout",
        f"plug-in {plugin} không {what_vi} trong {timeout:g} giây nên bị bỏ qua "
        f"({ENV_TIMEOUT})",
        f"plug-in {plugin} did not finish {what_en} within {timeout:g} s and was skipped "
        f"({ENV_TIMEOUT} sets the budget)")


def _plain_str(value: object) -> str:
    text = str(value)
    return text if type(text) is str else str.__str__(text)


def _name_of(plugin: object) -> str:
    return _plain_str(plugin_name(plugin))


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


def entry_point_distribution(ep: Any) -> tuple[str | None, str | None]:
    """The name and version of the distribution an entry point comes from."""
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

    @staticmethod
    def entry_points(*, group: str) -> Iterable[importlib.metadata.EntryPoint]:
        """Where entry points come from: :func:`importlib.metadata.entry_points`.

        The one seam tests (and hosts with their own discovery) replace, e.g.
        ``monkeypatch.setattr(OcopkitPluginManager, "entry_points", staticmethod(fake))``.
        """
        return importlib.metadata.entry_points(group=group)

    def __init__(self, *, strict: bool = False, limits: Limits | None = None) -> None:
        super().__init__(hooks.PROJECT)
        self.add_hookspecs(hooks)
        #: Raise :class:`~ocopkit.errors.PluginError` instead of recording failures.
        self.strict = strict
        #: The time budget and contribution cap (default: :meth:`Limits.from_env`).
        self.limits = limits if limits is not None else Limits.from_env()
        #: Runs every call into plug-in code (see :mod:`ocopkit.plugins._guard`).
        self.guard = Guard()
        #: Plug-ins that ran out of time after being accepted (``validate_product``).
        self.timed_out: set[str] = set()
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

    def accepted(self, name: str) -> bool:
        """Whether ``name`` was registered through :meth:`add` and not refused since."""
        return name in self._infos

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
        log.warning("%s — skipped / đã bỏ qua plug-in", error, exc_info=cause)
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
        return self._add(plugin, name=name, version=version, distribution=distribution,
                         deadline=deadline_after(self.limits.timeout))

    def _add(self, plugin: object, *, name: str | None, version: str | None,
             distribution: str | None, deadline: float | None) -> str | None:
        named: list[str] = []

        def inspect_and_register() -> tuple[str, str, bool]:
            # reading a plug-in's name and version may run its code (a module __getattr__)
            n = _plain_str(name or plugin_name(plugin))
            named.append(n)
            v = _plain_str(version or getattr(plugin, "__version__", "0"))
            if self.is_blocked(n):
                return n, v, False
            self.register(plugin, name=n)
            return n, v, True

        outcome = self.guard.call(inspect_and_register, timeout=remaining(deadline))
        shown = named[0] if named else (name or describe(plugin))
        if outcome.timed_out:
            if named:
                self.set_blocked(shown)  # it may finish registering later: never use it
            self.fail(PluginError(f"did not finish registering within "
                                  f"{self.limits.timeout:g} s", plugin=shown,
                                  distribution=distribution),
                      "register", [timeout_problem("registration", shown,
                                                   "registering", "đăng ký xong",
                                                   self.limits.timeout)])
            return None
        if outcome.error is not None:
            exc = outcome.error
            self._discard(plugin, shown)
            if isinstance(exc, pluggy.PluginValidationError | ValueError):
                message = f"could not be registered: {exception_text(exc)}"
            else:
                message = f"raised {exception_text(exc)} while being registered"
            self.fail(PluginError(message, plugin=shown, distribution=distribution),
                      "register", cause=exc)
            return None
        name, version, registered = outcome.value
        if not registered:
            self._blocked.append(name)
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
        found = sorted(self.entry_points(group=GROUP), key=lambda e: (e.name, e.value))
        for ep in found:
            dist_name, dist_version = entry_point_distribution(ep)
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
            deadline = deadline_after(self.limits.timeout)
            outcome = self.guard.call(ep.load, timeout=remaining(deadline))
            if outcome.timed_out:
                self.set_blocked(ep.name)
                self.fail(PluginError(
                    f"could not be imported from {ep.value!r} within "
                    f"{self.limits.timeout:g} s", plugin=ep.name, distribution=distribution),
                    "load", [timeout_problem("import", ep.name, "importing",
                                             "nạp xong", self.limits.timeout)])
                continue
            if outcome.error is not None:
                self.fail(PluginError(
                    f"could not be imported from {ep.value!r}: "
                    f"{exception_text(outcome.error)}",
                    plugin=ep.name, distribution=distribution), "load", cause=outcome.error)
                continue
            self._add(outcome.value, name=ep.name, distribution=distribution,
                      version=dist_version, deadline=deadline)

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
    limits: Limits | None = None,
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
    :param limits: the time budget and contribution cap (default:
        :meth:`Limits.from_env`).

    >>> pm = manager(autoload=False)
    >>> sorted(pm.report.plugins)[0].name
    'ocopkit.national'
    """
    pm = OcopkitPluginManager(strict=strict, limits=limits)
    pm._add(national, name=NATIONAL, version=__version__, distribution=None,
            deadline=None)  # ocopkit's own code: registered directly
    block = [*blocked, *_env_blocked()]
    for name in block:
        if _normalize(name) != _normalize(NATIONAL):
            pm.set_blocked(name)
    if _autoload(autoload):
        pm.load_entry_points(blocked=block, only=only)
    keys = {_normalize(b) for b in block}
    for obj in plugins:
        if keys:
            shown = pm.guard.call(functools.partial(_name_of, obj), timeout=pm.limits.timeout)
            if type(shown.value) is str and _normalize(shown.value) in keys:
                pm._blocked.append(shown.value)
                continue
        pm.add(obj)
    pm.verify()
    return pm
