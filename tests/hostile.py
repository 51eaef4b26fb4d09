"""Hostile plug-in packages, built for the tests as real installed distributions.

:func:`install` writes a package and its ``*.dist-info`` (``METADATA`` and an
``entry_points.txt`` in the ``ocopkit`` group) into a folder; the ``site`` fixture of the
test modules puts that folder on ``sys.path`` and points
:attr:`OcopkitPluginManager.entry_points <ocopkit.plugins.OcopkitPluginManager.entry_points>`
at the distributions found there by :func:`importlib.metadata.distributions`, so that
the plug-ins are discovered, imported and versioned exactly as installed ones are.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import itertools
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

_COUNTER = itertools.count()

#: A gate of a province, valid, to show that the other plug-ins still load.
GOOD_SOURCE = """
    from datetime import date
    from ocopkit.plugins import Citation, Gate, hookimpl

    __version__ = "9.9"

    @hookimpl
    def ocopkit_register_rules(register):
        register(Gate("good-gate", "48@34", frozenset({"lab-test"}), Citation("test fixture"),
                      "kiểm nghiệm", "lab test", effective_from=date(2026, 6, 1)))
"""

#: A plug-in that sleeps (until released, at most a minute) where ``WHERE`` says.
SLEEPING_SOURCE = """
    import sys, threading
    from ocopkit.plugins import hookimpl

    RELEASE = threading.Event()
    DONE = threading.Event()
    LATE = []

    @hookimpl
    def ocopkit_register_rules(register):
        RELEASE.wait(60)
        try:
            register("too late")
        except Exception as exc:
            LATE.append(exc)
        DONE.set()

    @hookimpl
    def ocopkit_validate_product(product, report):
        RELEASE.wait(60)

    if WHERE == "import":
        RELEASE.wait(60)
"""


class Site:
    """A folder of installed distributions (see the module docstring)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.modules: list[str] = []

    def install(self, source: str, *, entry: str | None = None, version: str = "1.0",
                **constants: object) -> str:
        """Install a one-module plug-in; return its entry-point name.

        ``constants`` are defined at the top of the module (``WHERE="import"``).
        """
        module = f"ocopkit_hostile_{next(_COUNTER)}"
        name = entry or module
        pkg = self.root / module
        pkg.mkdir()
        head = "".join(f"{k} = {v!r}\n" for k, v in constants.items())
        (pkg / "__init__.py").write_text(head + textwrap.dedent(source), "utf-8")
        info = self.root / f"{module}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {module.replace('_', '-')}\nVersion: {version}\n",
            "utf-8")
        (info / "entry_points.txt").write_text(f"[ocopkit]\n{name} = {module}\n", "utf-8")
        self.modules.append(module)
        importlib.invalidate_caches()
        return name

    def entry_points(self, group: str) -> Iterable[importlib.metadata.EntryPoint]:
        for dist in importlib.metadata.distributions(path=[str(self.root)]):
            yield from (ep for ep in dist.entry_points if ep.group == group)

    def module(self, entry: str) -> object:
        return sys.modules[entry]

    def release(self) -> None:
        """Wake every sleeping plug-in, so that no thread outlives the test."""
        for name in self.modules:
            module = sys.modules.get(name)
            event = getattr(module, "RELEASE", None)
            if event is not None:
                event.set()
