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
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import re
from collections.abc import Iterable
from typing import Any

import pluggy

from ocopkit._version import __version__
from ocopkit.errors import PluginError, Problem
from ocopkit.rulesets import NATIONAL, PluginInfo
from ocopkit.text import suggest

from . import _hooks as hooks
from . import _national as national
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
