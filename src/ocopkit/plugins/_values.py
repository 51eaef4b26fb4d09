"""Contributions are checked by value: no subclass of an ocopkit type, no mutable value.

ocopkit decides with the *data* a plug-in registers — a :class:`~ocopkit.rulesets.Gate`'s
window, an override's points, a plan's targets — using its own methods on that data. A
subclass could override those methods (a ``Gate`` whose ``active()`` ignores its
window) or its fields' types could lie (a ``str`` subclass equal to every province), so
the values are refused unless every part of them is one of:

* an instance of an ocopkit class itself, never of a subclass (its fields are then
  checked the same way);
* a plain value of an exact built-in type: ``str``, ``int``, ``bool``, ``float``,
  ``None``, :class:`~datetime.date` (a ``datetime`` is not a date here),
  :class:`~fractions.Fraction`, a member of an ocopkit enumeration;
* an immutable container of such values: ``tuple``, ``frozenset``,
  :class:`~ocopkit.frozen.FrozenMap` (a ``list``, ``dict`` or ``set`` could be changed
  after the checks);
* code the hook asks for by design — an indicator's ``compute`` function, a
  :class:`~ocopkit.rulesets.TierPolicy` — which is the plug-in's own object: it is not
  looked into, but it may not inherit from a concrete ocopkit class either.

The check never runs the plug-in's code: it reads types with :func:`type` (not the
``__class__`` an object may claim) and reads fields only of ocopkit's own classes.

>>> from datetime import date
>>> from ocopkit.rulesets import Citation, Gate
>>> g = Gate("g", "22@63", frozenset({"lab-test"}), Citation("x"), "a", "b")
>>> inexact(g) is None
True
>>> class Always(Gate):
...     def active(self, on):
...         return True
>>> print(inexact(Always("g", "22@63", frozenset({"lab-test"}), Citation("x"), "a", "b")))
a Always, which is a subclass of ocopkit's Gate: register a Gate itself (ocopkit uses ...)
>>> print(inexact(Gate("g", "22@63", ["lab-test"], Citation("x"), "a", "b")))
requires: a list, which can be changed after it is checked: use a tuple or a frozenset
"""

from __future__ import annotations

import enum
import functools
import sys
from datetime import date
from fractions import Fraction

import attrs

from ocopkit.frozen import FrozenMap

from ._guard import describe

__all__ = ["inexact"]

_SCALARS = (str, int, bool, float, type(None), date, Fraction)
_CONTAINERS = (tuple, frozenset)
_MUTABLE = (list, dict, set, bytearray)
#: Built-in value types a plug-in's subclass could make lie (``__eq__``, ``__hash__``…).
_VALUE_BASES = (str, int, float, bytes, date, Fraction, tuple, frozenset, list, dict, set)


def _module_of(cls: type) -> str:
    mod = cls.__dict__.get("__module__")
    return mod if type(mod) is str else ""


@functools.lru_cache(maxsize=1024)
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in attrs.fields(cls))


@functools.lru_cache(maxsize=1024)
def _is_ocopkit_class(cls: type) -> bool:
    """``cls`` is defined by ocopkit (and is the class its module names)."""
    mod = _module_of(cls)
    if mod != "ocopkit" and not mod.startswith("ocopkit."):
        return False
    found: object = sys.modules.get(mod)
    name = type.__dict__["__qualname__"].__get__(cls)
    for part in name.split(".") if type(name) is str else ():
        found = getattr(found, part, None)
    return found is cls


def _ocopkit_base(cls: type) -> type | None:
    """The concrete ocopkit class (or built-in value type) ``cls`` inherits from, if any."""
    mro: tuple[type, ...] = type.__dict__["__mro__"].__get__(cls)
    for base in mro[1:]:
        if base in _VALUE_BASES:
            return base
        if (_is_ocopkit_class(base) and not getattr(base, "_is_protocol", False)
                and base is not enum.Enum and not issubclass(base, BaseException)):
            return base
    return None


def _where(path: str, text: str) -> str:
    return f"{path}: {text}" if path else text


def inexact(value: object, *, limit: int = 1_000_000) -> str | None:
    """Why ``value`` may not be taken as a contribution, or ``None`` when it may.

    Walks the whole value (each object once, without recursion, at most ``limit``
    objects) and stops at the first part that is not a plain value as described in
    the module docstring.
    """
    stack: list[tuple[object, str]] = [(value, "")]
    seen: set[int] = set()
    while stack:
        obj, path = stack.pop()
        cls: type = type(obj)
        if cls in _SCALARS:
            continue
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if len(seen) > limit:
            return f"more than {limit} values in one contribution"
        if cls in _CONTAINERS:
            stack.extend((item, f"{path}[…]") for item in obj)  # type: ignore[attr-defined]
            continue
        if cls is FrozenMap:
            assert isinstance(obj, FrozenMap)
            for k, v in obj.items():
                stack.append((k, f"{path}[…]"))
                stack.append((v, f"{path}[{k!r:.40}]" if type(k) in _SCALARS else path))
            continue
        if cls in _MUTABLE:
            return _where(path, f"a {cls.__name__}, which can be changed after it is "
                                "checked: use a tuple or a frozenset")
        if _is_ocopkit_class(cls):
            if issubclass(cls, enum.Enum):
                continue
            if attrs.has(cls):
                for name in _field_names(cls):
                    stack.append((getattr(obj, name), f"{path}.{name}" if path else name))
                continue
            return _where(path, f"a {describe(obj)}, which is not a value ocopkit can check")
        base = _ocopkit_base(cls)
        if base is not None:
            what = describe(obj)
            if base in _VALUE_BASES:
                return _where(path, f"a {what}, which is a subclass of {base.__name__}: "
                                    f"use a plain {base.__name__}")
            return _where(path, f"a {what}, which is a subclass of ocopkit's "
                                f"{base.__name__}: register a {base.__name__} itself "
                                "(ocopkit uses its own methods on the values it checks)")
        # the plug-in's own object (a function, a tier policy): code by design
    return None
