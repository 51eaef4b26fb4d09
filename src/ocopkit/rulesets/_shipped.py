"""The scorecards of the shipped national rule sets, each built when first used.

The two generated data files (``qd-26-2026.json``, ``qd-1048-2019.json``, about 1 MB
each) hold 26 scorecards apiece; a program usually scores a few product sets of one
regime. :class:`ShippedScorecards` is the read-only mapping a built-in
:class:`~ocopkit.rulesets.RuleSet` holds as its ``scorecards``: it reads the file's
text once, finds where each product set lies in it, and parses and builds one
scorecard the first time it is asked for (then keeps it).

What was checked when every scorecard was built at import is checked where the data
is made: ``tools/make_identity.py`` builds every scorecard of a data file, runs the
structural checks (:meth:`~ocopkit.rulesets.Scorecard.check`) and writes, next to the
file, its *identity* (``qd-26-2026.identity.json``): the SHA-256 of the data file and,
per product set, the canonical JSON of what decides a result
(:func:`~ocopkit.rulesets._identity.card_identity`). At run time:

* the identity is used only if the data file's SHA-256 is the one it records (a data
  file regenerated without its identity is read the slow, exact way — every scorecard
  built and checked, as before — with a :class:`RuntimeWarning` that says which tool to
  run);
* each scorecard is checked, when it is built, against its identity (a
  :class:`~ocopkit.errors.DataError` if they differ: never silently other data);
* the rule set's content hash is computed from its own fields and the identities,
  without building the scorecards (:mod:`~ocopkit.rulesets._identity`), and
  :meth:`~ocopkit.rulesets.Rules.verify` recomputes it from the scorecards built so far
  and the identities of the others — which are built, when they are, from the same
  immutable text and checked against the same identities.

The mapping is immutable like :class:`~ocopkit.frozen.FrozenMap` (no mutating method,
attributes that cannot be set; the cards built so far are held in a closure, not an
attribute), compares and hashes like the mapping of its scorecards, and pickles as a
reference to the shipped data plus the digest of its identity (a process that unpickles
it builds its own scorecards from its own copy of the data, and refuses if that data
differs).

This module has no public names.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from ocopkit import data
from ocopkit.errors import DataError, Problem
from ocopkit.frozen import FrozenMap

from ._criteria import Scorecard
from ._identity import card_identity
from ._loader import scorecard_from_data

__all__: list[str] = []

#: The identity file of ``name.json`` is ``name.identity.json``, in the same folder.
IDENTITY_SUFFIX = ".identity.json"
IDENTITY_FORMAT = 1

# The generators write ``json.dumps(data, ensure_ascii=False, indent=1)``: the items of
# the top-level ``product_sets`` list start on a line "  {" (two spaces), their first
# key on the next, and the list ends on a line " ]". A newline cannot occur inside a
# JSON string, so these markers can only be structure. Any other layout is read by
# parsing the whole file.
_HEAD = b'\n "product_sets": [\n'
_ITEM = b"\n  {"
_END = b"\n ]"
_NUMBER = re.compile(rb'\n   "number": (\d+),')


def _read(name: str) -> bytes | None:
    try:
        return data.read(name)
    except FileNotFoundError:
        return None


class _File:
    """One generated data file: its bytes, where each product set lies, its identity
    (each read or found on first use)."""

    __slots__ = ("_identity", "_items", "name", "raw")

    def __init__(self, name: str) -> None:
        raw = _read(name)
        if raw is None:
            raise DataError([Problem(f"data/{name}", "missing-data",
                                     f"thiếu tệp dữ liệu {name}",
                                     f"the data file {name} is missing")])
        self.name = name
        self.raw = raw
        self._items: Mapping[int, bytes | Mapping[str, Any]] | None = None
        self._identity: tuple[Mapping[int, str] | None] | None = None

    @property
    def items(self) -> Mapping[int, bytes | Mapping[str, Any]]:
        """Number -> the JSON text of its item, or the parsed item itself."""
        if self._items is None:
            self._items = _index(self.raw) or _parse_all(self.raw)
        return self._items

    @property
    def identity(self) -> Mapping[int, str] | None:
        """The identities of the product sets, None if the identity file is stale."""
        if self._identity is None:
            self._identity = (self._read_identity(),)
        return self._identity[0]

    def _read_identity(self) -> Mapping[int, str] | None:
        stem = self.name.removesuffix(".json")
        raw = _read(stem + IDENTITY_SUFFIX)
        stale = None
        if raw is None:
            stale = "missing"
        else:
            try:
                doc = json.loads(raw)
                pieces = {int(k): v for k, v in doc["scorecards"].items()}
                if doc.get("format") != IDENTITY_FORMAT or doc.get("data") != self.name:
                    stale = "of another format or file"
                elif doc.get("data_sha256") != hashlib.sha256(self.raw).hexdigest():
                    stale = "made from another version of the data file"
                elif not all(type(v) is str for v in pieces.values()):
                    stale = "unreadable"
                # made from these very bytes, it names the same product sets
            except (ValueError, KeyError, TypeError, AttributeError):
                stale = "unreadable"
        if stale is not None:
            warnings.warn(
                f"ocopkit: the identity of data/{self.name} is {stale}: every scorecard is "
                f"built and checked to compute the rule set's content hash (slow). Run "
                f"`python tools/make_identity.py` where the data is generated.",
                RuntimeWarning, stacklevel=2)
            return None
        return FrozenMap(pieces)

    def item(self, number: int) -> Mapping[str, Any]:
        found = self.items[number]
        if isinstance(found, bytes):
            parsed: Mapping[str, Any] = json.loads(found)
            return parsed
        return found

    def build(self, number: int, document: str, annex: str,
              part_max: Mapping[str, int]) -> Scorecard:
        """Build and check the scorecard of ``number``."""
        card = scorecard_from_data(self.item(number), document, annex)
        where = f"data/{self.name} › set {number}"
        identity = self.identity
        if identity is not None:
            if card.product_set != number or card_identity(card) != identity[number]:
                raise DataError([Problem(
                    where, "identity-mismatch",
                    f"bộ {number} của {self.name} khác với bản định danh của nó",
                    f"set {number} of {self.name} differs from its identity "
                    f"({self.name.removesuffix('.json')}{IDENTITY_SUFFIX}); run "
                    "`python tools/make_identity.py`")],
                    "invalid rule data / dữ liệu quy tắc không hợp lệ")
            return card
        problems = card.check(part_max)
        if card.product_set != number:
            problems.append(Problem(where, "set-number", "số bộ không khớp",
                                    "product set number mismatch"))
        if problems:
            raise DataError(problems, "invalid rule sets / bộ quy tắc không hợp lệ")
        return card


def _index(raw: bytes) -> Mapping[int, bytes] | None:
    """The JSON text of each product set's item, found by the layout the generators
    write (None if the file has another layout)."""
    at = raw.find(_HEAD)
    if at < 0:
        return None
    start = at + len(_HEAD) - 1
    end = raw.find(_END, start)
    if end < 0 or raw.find(_ITEM, start, end) != start:
        return None
    starts: list[tuple[int, int]] = []
    pos = start
    while pos >= 0:
        m = _NUMBER.match(raw, pos + len(_ITEM))
        if m is None:
            return None
        starts.append((int(m.group(1)), pos + len(_ITEM) - 1))
        pos = raw.find(_ITEM, pos + len(_ITEM), end)
    found: dict[int, bytes] = {}
    for i, (number, at) in enumerate(starts):
        stop = starts[i + 1][1] - len(_ITEM) + 1 if i + 1 < len(starts) else end
        text = raw[at:stop]
        if number in found or not text.endswith(b"}," if i + 1 < len(starts) else b"}"):
            return None
        found[number] = text.removesuffix(b",")
    return FrozenMap(found)


def _parse_all(raw: bytes) -> Mapping[int, Mapping[str, Any]]:
    items = json.loads(raw)["product_sets"]
    return FrozenMap({int(ps["number"]): ps for ps in items})


K = TypeVar("K")
V = TypeVar("V")

_FILES: dict[str, _File] = {}
_FILES_LOCK = threading.Lock()


def _once(cache: dict[K, V], key: K, lock: threading.Lock, make: Callable[[], V]) -> V:
    """``cache[key]``, made by ``make()`` once even when threads ask together."""
    found = cache.get(key)
    if found is None:
        with lock:
            found = cache.get(key)
            if found is None:
                found = cache[key] = make()
    return found


def _file(name: str) -> _File:
    return _once(_FILES, name, _FILES_LOCK, lambda: _File(name))


def _cards(name: str, document: str, annex: str, part_max: Mapping[str, int]
           ) -> tuple[Callable[[int], Scorecard], Callable[[], dict[int, Scorecard]]]:
    """The getter of the scorecards (built once each) and a snapshot of those built."""
    built: dict[int, Scorecard] = {}
    lock = threading.Lock()

    def get(number: int) -> Scorecard:
        return _once(built, number, lock,
                     lambda: _file(name).build(number, document, annex, part_max))

    def snapshot() -> dict[int, Scorecard]:
        return dict(built)

    return get, snapshot


class ShippedScorecards(Mapping[int, Scorecard]):
    """The scorecards of a shipped data file, by product set, each built on first use
    (see the module docstring)."""

    __slots__ = ("_built", "_get", "_hash", "_key")

    _key: tuple[str, str, str, tuple[tuple[str, int], ...]]
    _get: Callable[[int], Scorecard]
    _built: Callable[[], dict[int, Scorecard]]
    _hash: int | None

    def __new__(cls, name: str, document: str, annex: str,
                part_max: Mapping[str, int]) -> ShippedScorecards:
        self = super().__new__(cls)
        get, built = _cards(name, document, annex, FrozenMap(part_max))
        object.__setattr__(self, "_key", (name, document, annex, tuple(part_max.items())))
        object.__setattr__(self, "_get", get)
        object.__setattr__(self, "_built", built)
        object.__setattr__(self, "_hash", None)
        return self

    @property
    def _file(self) -> _File:
        return _file(self._key[0])

    def _numbers(self) -> Mapping[int, object]:
        # the identity names the product sets of the very bytes it was made from (in
        # file order); without it, the file is indexed
        f = self._file
        identity = f.identity
        return identity if identity is not None else f.items

    def __getitem__(self, number: int) -> Scorecard:
        if number not in self._numbers():
            raise KeyError(number)
        return self._get(number)

    def __iter__(self) -> Iterator[int]:
        return iter(self._numbers())

    def __len__(self) -> int:
        return len(self._numbers())

    def __contains__(self, number: object) -> bool:
        return number in self._numbers()

    def built(self) -> tuple[int, ...]:
        """The product sets whose scorecards have been built, in file order."""
        done = self._built()
        return tuple(n for n in self if n in done)

    def identities(self, *, fresh: bool) -> tuple[str, ...]:
        """The identities of the scorecards in product-set order: ``fresh``, those of
        the scorecards built so far are computed from them (the others are those of
        the data they will be built from, and checked against it when they are)."""
        stored = self._file.identity
        if stored is None:  # every scorecard built (and checked) to compute them
            return tuple(card_identity(self[n]) for n in sorted(self))
        done = self._built() if fresh else {}
        return tuple(card_identity(done[n]) if n in done else stored[n]
                     for n in sorted(stored))

    def digest(self) -> str | None:
        """The SHA-256 of the stored identities (None without an identity file)."""
        stored = self._file.identity
        if stored is None:
            return None
        return hashlib.sha256("\n".join(stored[n] for n in sorted(stored)).encode()).hexdigest()

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if isinstance(other, ShippedScorecards) and other._key == self._key:
            # the same data: scorecards not built on either side are alike
            numbers = set(self._built()) | set(other._built())
            return all(self[n] == other[n] for n in numbers)
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self.items())))
        assert self._hash is not None
        return self._hash

    def __repr__(self) -> str:
        return (f"ShippedScorecards({self._key[0]!r}: {len(self)} product sets, "
                f"{len(self._built())} built)")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"'ShippedScorecards' object attribute {name!r} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"'ShippedScorecards' object attribute {name!r} is read-only")

    def __reduce__(self) -> tuple[Any, ...]:
        digest = self.digest()
        if digest is None:  # no identity to check the receiver's data by: the cards
            return (FrozenMap, (dict(self.items()),))
        return (_restore, (*self._key, digest))

    def __copy__(self) -> ShippedScorecards:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> ShippedScorecards:
        return self


@functools.cache
def _shared(name: str, document: str, annex: str,
            part_max: tuple[tuple[str, int], ...]) -> ShippedScorecards:
    return ShippedScorecards(name, document, annex, dict(part_max))


def shipped_scorecards(name: str, document: str, annex: str,
                       part_max: Mapping[str, int]) -> ShippedScorecards:
    """The scorecards of ``data/name``, cited as ``document, annex, bộ N`` (one mapping
    per process and arguments, so its scorecards are built once)."""
    return _shared(name, document, annex, tuple(part_max.items()))


def _restore(name: str, document: str, annex: str, part_max: tuple[tuple[str, int], ...],
             digest: str) -> ShippedScorecards:
    found = _shared(name, document, annex, part_max)
    if found.digest() != digest:
        raise DataError([Problem(
            f"data/{name}", "other-data",
            f"dữ liệu {name} khi đóng gói (pickle) khác dữ liệu đang cài đặt",
            f"these scorecards were pickled under another version of {name} than the "
            "one installed here")], "invalid rule data / dữ liệu quy tắc không hợp lệ")
    return found
