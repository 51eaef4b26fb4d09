"""Public names a package imports on first use (:pep:`562`): one implementation for every
package that keeps its own ``import`` light.

>>> getattr_, dir_ = lazy_names("demo", {"sqrt": "math:sqrt", "json": "json"}, ns := {})
>>> getattr_("sqrt")(9.0), getattr_("json").__name__, sorted(ns)
(3.0, 'json', ['json', 'sqrt'])
>>> getattr_("nope")
Traceback (most recent call last):
  ...
AttributeError: module 'demo' has no attribute 'nope'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, names: Mapping[str, str], namespace: dict[str, Any]
               ) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__``: ``names`` maps a public name to where
    it is defined, ``"module:attribute"`` (or ``"module"`` for a module itself); the value
    is imported on first use and kept in ``namespace`` (the package's ``globals()``), so
    the next look-up is an ordinary one."""

    def getattr_(name: str) -> object:
        try:
            target = names[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        module, _, attribute = target.partition(":")
        value: object = importlib.import_module(module)
        if attribute:
            value = getattr(value, attribute)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *namespace.get("__all__", ()), *names})

    return getattr_, dir_
