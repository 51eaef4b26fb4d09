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
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["FrozenMap", "freeze_map"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """A read-only mapping that keeps insertion order, compares like a ``dict`` and
    hashes when its values do."""

    __slots__ = ("_data", "_hash")

    _data: dict[K, V]
    _hash: int | None

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = (), /) -> None:
        object.__setattr__(self, "_data", dict(data))
        object.__setattr__(self, "_hash", None)

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
            return self._data == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._data.items())))
        assert self._hash is not None
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"'FrozenMap' object attribute {name!r} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"'FrozenMap' object attribute {name!r} is read-only")

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._data,))

    def __copy__(self) -> FrozenMap[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> FrozenMap[K, V]:
        return type(self)(copy.deepcopy(self._data, memo))


def freeze_map(value: Mapping[K, V] | Iterable[tuple[K, V]] | None) -> FrozenMap[K, V]:
    """``value`` as a :class:`FrozenMap` (an attrs converter; ``None`` is empty)."""
    if isinstance(value, FrozenMap):
        return value
    return FrozenMap(() if value is None else value)
