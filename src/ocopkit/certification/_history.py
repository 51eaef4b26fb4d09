"""The lookup tables behind a :class:`~ocopkit.certification.Portfolio`: each product's
certificates in issue order, their first and last days in force, and the periods in which
a product's latest certificate has lapsed. Built once per portfolio."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from datetime import date
from itertools import compress
from typing import Final, Protocol, TypeVar

from ocopkit import places
from ocopkit.places import Province
from ocopkit.products import Product, Subject

from ._certificate import Certificate

__all__ = ["BY_ID", "BY_NUMBER", "ISSUED", "Index", "PortfolioLike", "certain_span", "chains",
           "first_by", "group", "possible_span"]


def certain_span(c: Certificate) -> tuple[date, date]:
    """The days the certificate is certainly in force: ``(first, last)``, empty when
    ``first > last`` (for a certificate known to the day: issue day, last day in force)."""
    if c.issued_on is not None:
        return c.issued_on, c.last_day_in_force
    _, start = c.issue_bounds
    end, _ = c.end_bounds()
    return (date.max if start is None else start), (date.min if end is None else end)


def possible_span(c: Certificate) -> tuple[date, date]:
    """The days the certificate may be in force (the certain span when known to the day)."""
    if c.issued_on is not None:
        return c.issued_on, c.last_day_in_force
    start, _ = c.issue_bounds
    _, end = c.end_bounds()
    return (date.min if start is None else start), (date.max if end is None else end)


class PortfolioLike(Protocol):
    """What the index reads of a portfolio."""

    @property
    def products(self) -> tuple[Product, ...]: ...

    @property
    def subjects(self) -> tuple[Subject, ...]: ...

    @property
    def certificates(self) -> tuple[Certificate, ...]: ...


BY_ID: Final = operator.attrgetter("id")
BY_NUMBER: Final = operator.attrgetter("number")
ISSUED: Final = operator.attrgetter("sort_day")  # the issue day, or its latest bound
HISTORY_ORDER: Final = operator.attrgetter("sort_day", "number")  # history order
NEVER: Final = date.max.toordinal() + 1  # an ordinal after every date

K = TypeVar("K")
V = TypeVar("V")


def first_by(items: tuple[V, ...], key: Callable[[V], K]) -> dict[K, V]:
    """``{key(item): item}``, the first item of each key winning, in first-seen order."""
    found = dict(zip(map(key, items), items, strict=True))
    if len(found) == len(items):
        return found  # no repeated key: the same mapping, built in C
    found = {}
    for item in items:
        found.setdefault(key(item), item)
    return found


def group(certs: tuple[Certificate, ...], kept: Iterable[int],
           ) -> tuple[dict[str, int], dict[str, list[int]]]:
    """The positions of each product's certificates among ``kept``: ``first`` maps each
    product (in first-seen order) to its first position; ``more`` lists, for products
    with several certificates only, every position sorted by issue date then number
    (stable: equal keys keep portfolio order)."""
    first: dict[str, int] = {}
    more: dict[str, list[int]] = {}
    for i in kept:
        pid = certs[i].product_id
        j = first.setdefault(pid, i)
        if j != i:
            entries = more.get(pid)
            if entries is None:
                more[pid] = [j, i]
            else:
                entries.append(i)

    def order(i: int) -> tuple[date, str]:
        return HISTORY_ORDER(certs[i])

    for entries in more.values():
        keys = list(map(order, entries))
        if any(map(operator.gt, keys, keys[1:])):
            entries.sort(key=order)
    return first, more


def chains(certs: tuple[Certificate, ...], first: dict[str, int],
            more: dict[str, list[int]], dropped: set[int] | frozenset[int] = frozenset(),
            ) -> dict[str, tuple[Certificate, ...]]:
    """Each product's certificates in history order, from :func:`_group`."""
    at = certs.__getitem__
    chains: dict[str, tuple[Certificate, ...]] = {pid: (certs[i],) for pid, i in first.items()}
    for pid, entries in more.items():
        chains[pid] = (tuple(map(at, entries)) if not dropped
                       else tuple(at(j) for j in entries if j not in dropped))
    return chains


class Index:
    """Lookup tables built once per portfolio (first occurrence wins).

    ``history`` holds each product's certificates in issue order; ``starts``
    and ``ends`` the first and last day in force of every certificate, in
    portfolio order; ``lapses`` (built on the first
    :meth:`Portfolio.lapsed_without_reevaluation` query) the periods in which
    each product's latest certificate has expired.
    """

    __slots__ = ("_effective", "_end_of", "_history", "_imprecise", "_possible", "_start_of",
                 "certificates", "certs", "ends", "lapses", "products", "provinces", "starts",
                 "subjects")

    def __init__(self, pf: PortfolioLike) -> None:
        certificates = self.certs = pf.certificates
        self.products: dict[str, Product] = first_by(pf.products, BY_ID)
        self.subjects: dict[str, Subject] = first_by(pf.subjects, BY_ID)
        self.certificates: dict[str, Certificate] = first_by(certificates, BY_NUMBER)
        self._history: dict[str, tuple[Certificate, ...]] | None = None
        self._effective: dict[str, tuple[Certificate, ...]] | None = None
        self._end_of: dict[int, date] | None = None
        self._start_of: dict[int, date] | None = None
        self._possible: tuple[tuple[date, ...], tuple[date, ...]] | None = None
        spans = [certain_span(c) for c in certificates]
        self.starts: tuple[date, ...] = tuple(a for a, _ in spans)
        self.ends: tuple[date, ...] = tuple(b for _, b in spans)
        self._imprecise: frozenset[str] = frozenset(
            c.product_id for c in certificates if c.issued_on is None)
        self.lapses: tuple[tuple[int, ...], tuple[int, ...], tuple[Certificate, ...]] | None = None
        self.provinces: dict[str, Province] = {}

    @property
    def history(self) -> dict[str, tuple[Certificate, ...]]:
        """Each product's certificates by issue date then number (built on first use,
        unless :meth:`Portfolio.check` handed over the chains it sorted)."""
        if self._history is None:
            certs = self.certs
            self._history = chains(certs, *group(certs, range(len(certs))))
        return self._history

    def seed(self, history: dict[str, tuple[Certificate, ...]]) -> None:
        self._history = history

    @property
    def end_of(self) -> dict[int, date]:
        """``id(certificate)`` → its last day certainly in force (the portfolio keeps the
        certificates alive, so their ids stay theirs)."""
        if self._end_of is None:
            self._end_of = dict(zip(map(id, self.certs), self.ends, strict=True))
        return self._end_of

    @property
    def start_of(self) -> dict[int, date]:
        """``id(certificate)`` → its first day certainly in force."""
        if self._start_of is None:
            self._start_of = dict(zip(map(id, self.certs), self.starts, strict=True))
        return self._start_of

    @property
    def imprecise(self) -> frozenset[str]:
        """The products with a certificate whose issue day is not known exactly."""
        return self._imprecise

    @property
    def possible(self) -> tuple[tuple[date, ...], tuple[date, ...]]:
        """``(starts, ends)``: the days each certificate may be in force (portfolio order)."""
        if self._possible is None:
            spans = [possible_span(c) for c in self.certs]
            self._possible = (tuple(a for a, _ in spans), tuple(b for _, b in spans))
        return self._possible

    @property
    def effective(self) -> dict[str, tuple[Certificate, ...]]:
        """:attr:`history` without the certificates never in force (revoked or
        superseded on their issue day); the same tuples where nothing is left out."""
        if self._effective is None:
            history = self.history
            starts, ends = self.possible if self._imprecise else (self.starts, self.ends)
            never = tuple(compress(self.certs, map(operator.lt, ends, starts)))
            if never:
                history = dict(history)
                gone = set(map(id, never))
                for c in never:
                    history[c.product_id] = tuple(x for x in history[c.product_id]
                                                  if id(x) not in gone)
            self._effective = history
        return self._effective

    def province(self, province_id: str) -> Province:
        found = self.provinces.get(province_id)
        if found is None:
            found = self.provinces[province_id] = places.province(province_id)
        return found

    def lapse_table(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[Certificate, ...]]:
        """``(lo, hi, certificate)`` columns: ``certificate`` is its product's latest
        certificate issued on or before ``on`` and has expired on ``on`` exactly when
        ``lo <= on.toordinal() < hi``; products in portfolio order, one row per
        certificate at most (the rows of a product do not overlap)."""
        if self.lapses is not None:
            return self.lapses
        lo: list[int] = []
        hi: list[int] = []
        found: list[Certificate] = []
        history = self.history
        for pid in self.products:  # first occurrence of each id, in portfolio order
            chain = history.get(pid)
            if chain is None or pid in self._imprecise:
                continue  # products with partial dates: see Portfolio.lapsed_without_reevaluation
            last = len(chain) - 1
            for k, c in enumerate(chain):
                # the latest certificate issued on or before ``on`` (bisect in the history)
                start = c.sort_day.toordinal()
                until = chain[k + 1].sort_day.toordinal() if k < last else NEVER
                # Certificate.status(on) is EXPIRED: after its validity (with any grace),
                # before the revocation and the supersession (both take effect on their day)
                end = c.validity_ends
                if c.revoked_on is not None:
                    until = min(until, c.revoked_on.toordinal())
                if c.superseded_on is not None:
                    until = min(until, c.superseded_on.toordinal())
                first = max(start, end.toordinal() + 1)
                if first < until:
                    lo.append(first)
                    hi.append(until)
                    found.append(c)
        self.lapses = (tuple(lo), tuple(hi), tuple(found))
        return self.lapses
