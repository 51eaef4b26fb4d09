"""An immutable, hashable, picklable mapping for the fields of domain objects.

Domain objects are frozen attrs classes; their mapping fields (an evaluation's
``parts``, a rule set's ``scorecards``, a trace line's ``required``…) hold a
:class:`FrozenMap`, so that nothing reachable from a domain object can be changed in
place, equal objects hash equal, and every object pickles (for process pools, Dask or
Spark) — :class:`types.MappingProxyType` does neither of the last two.

>>> m = FrozenMap({"A": 40, "B": 25})
>>> m["A"], len(m), m == {"A": 40, "B": 25}
(40, 2, True)
>>> m
FrozenMap({'A': 40, 'B': 25})
>>> import pickle
>>> pickle.loads(pickle.dumps(m)) == m, hash(m) == hash(FrozenMap({"B": 25, "A": 40}))
(True, True)
>>> m["C"] = 1
Traceback (most recent call last):
TypeError: 'FrozenMap' object does not support item assignment
"""

from __future__ import annotations

import copy
import types
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["FrozenMap", "freeze_map"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """A read-only mapping that keeps insertion order, compares like a ``dict`` and
    hashes when its values do.

    Nothing an ordinary program does can change one: it has no mutating method, its
    attributes cannot be set or deleted, calling ``__init__`` again does nothing, and
    the entries are held behind a read-only view (:class:`types.MappingProxyType`), so
    even its private attribute offers no way in:

    >>> m = FrozenMap({"A": 40})
    >>> m._data["A"] = 100
    Traceback (most recent call last):
    TypeError: 'mappingproxy' object does not support item assignment
    >>> m.__init__({"A": 100}); m["A"]
    40

    Only extraordinary code (``object.__setattr__``, ``gc``, ``ctypes``) could;
    what decides results is therefore also checked by content hash (see
    :meth:`ocopkit.rulesets.Rules.verify`).
    """

    __slots__ = ("_data", "_hash")

    _data: Mapping[K, V]
    _hash: int | None

    def __new__(cls, data: Mapping[K, V] | Iterable[tuple[K, V]] = (), /) -> FrozenMap[K, V]:
        self = super().__new__(cls)
        object.__setattr__(self, "_data", types.MappingProxyType(dict(data)))
        object.__setattr__(self, "_hash", None)
        return self

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = (), /) -> None:
        """Built once, by ``__new__``: calling ``__init__`` again changes nothing."""

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def get(self, key: K, default: Any = None) -> Any:
        """``self[key]`` if present, else ``default`` (like ``dict.get``)."""
        return self._data.get(key, default)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._data.items())))
        assert self._hash is not None
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenMap({dict(self._data)!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"'FrozenMap' object attribute {name!r} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"'FrozenMap' object attribute {name!r} is read-only")

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (dict(self._data),))

    def __copy__(self) -> FrozenMap[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> FrozenMap[K, V]:
        return type(self)(copy.deepcopy(dict(self._data), memo))


def freeze_map(value: Mapping[K, V] | Iterable[tuple[K, V]] | None) -> FrozenMap[K, V]:
    """``value`` as a :class:`FrozenMap` (an attrs converter; ``None`` is empty)."""
    if isinstance(value, FrozenMap):
        return value
    return FrozenMap(() if value is None else value)
