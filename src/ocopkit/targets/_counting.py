"""What the built-in indicators share: placing products in the scope's province (cached
per portfolio), counting products by stars under a basis, and sharing those counts
between the indicators of one attainment report."""


from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from datetime import date
from typing import Final, TypeAlias

import attrs

from ocopkit import places
from ocopkit.certification import Certificate, Portfolio, located_within
from ocopkit.errors import Problem, ValidationError
from ocopkit.places import CommuneRegistry, Province
from ocopkit.products import Product, SubjectKind
from ocopkit.text import Bilingual

from ._indicators import (
    Basis,
    IndicatorScope,
    IndicatorValue,
)

__all__ = [
    "StarTest",
    "certificates_of",
    "count",
    "counted_products",
    "current_stars",
    "kind_test",
    "products_in",
    "province_of",
    "sharing",
    "star_test",
    "uncertain_products",
]

QD26: Final = "QĐ 26/2026/QĐ-TTg"


# --------------------------------------------------------------------------- placing

# A per-portfolio cache of "products within an area": plots compute the same
# indicators at many dates, and placing products is the costly part. Entries
# keep the commune registry alive so that its id cannot be reused.
_AreaKey: TypeAlias = tuple[str | None, int]
_AreaEntry: TypeAlias = dict[_AreaKey, tuple[CommuneRegistry | None, tuple[Product, ...]]]
_AREA_CACHE: dict[int, tuple[weakref.ref[Portfolio], _AreaEntry]] = {}


def _forget(key: int) -> Callable[[object], None]:
    def drop(_: object) -> None:
        _AREA_CACHE.pop(key, None)

    return drop


@functools.cache
def province_of(province_id: str) -> Province:
    return places.province(province_id)


# Within one attainment() call, several indicators count the same products on the same
# day (subjects-share, subjects, value-chain-share: the owners of the counted products;
# and each again for its baseline). Inside ``with sharing():`` they compute that list
# once; nothing is kept after the block.
_Shared: TypeAlias = dict[object, tuple[object, object, tuple[Product, ...]]]
_SHARED: ContextVar[_Shared | None] = ContextVar("ocopkit_indicators_shared", default=None)


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Share the products counted by the indicators computed in the block."""
    if _SHARED.get() is not None:  # already sharing (a nested call)
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def products_in(pf: Portfolio, scope: IndicatorScope) -> tuple[Product, ...]:
    """The portfolio's products (first of each id) lying within the scope's province."""
    area = scope.province
    communes = scope.communes if scope.communes is not None else pf.communes
    key: _AreaKey = (None if area is None else area.id, id(communes))
    entry = _AREA_CACHE.get(id(pf))
    if entry is None or entry[0]() is not pf:
        entry = (weakref.ref(pf, _forget(id(pf))), {})
        _AREA_CACHE[id(pf)] = entry
    cached = entry[1].get(key)
    if cached is not None:
        return cached[1]
    seen: set[str] = set()
    out: list[Product] = []
    placed: dict[tuple[str, str | None], bool] = {}
    for p in pf.products:
        if p.id in seen:
            continue
        seen.add(p.id)
        if area is not None:
            k = (p.province_id, p.commune_code)
            if k not in placed:
                placed[k] = located_within(area, p, communes)
            if not placed[k]:
                continue
        out.append(p)
    found = tuple(out)
    entry[1][key] = (communes, found)
    return found


# --------------------------------------------------------------------------- helpers


def certificates_of(pf: Portfolio, product_id: str, until: date) -> tuple[Certificate, ...]:
    """Certificates issued on or before ``until`` that were in force at least one day."""
    return pf.effective_history(product_id, until)


def current_stars(pf: Portfolio, product_id: str, on: date, basis: Basis) -> int | None:
    """The product's stars on ``on`` under ``basis`` (``None``: not counted)."""
    if basis == "in-force":
        cert = pf.certificate_in_force(product_id, on)
        return None if cert is None else cert.stars
    # the latest recognition, unless revoked: the rule of ocopkit.certification._bounds
    states = pf.stars_states(product_id, on, "recognised")
    return next(iter(states)) if len(states) == 1 else None


@attrs.frozen
class StarTest:
    """A star test: exactly ``exact`` stars, else at least ``least`` (hashable)."""

    exact: int | None
    least: int

    def __call__(self, stars: int) -> bool:
        return stars == self.exact if self.exact is not None else stars >= self.least


def star_test(scope: IndicatorScope, default_min: int | None) -> StarTest:
    exact = scope.int_param("stars", None)
    least = scope.int_param("min_stars", default_min if exact is None else None)
    if exact is not None and least is not None:
        raise ValidationError([Problem(
            "$.parameters", "conflicting-parameters",
            "chỉ dùng một trong hai tham số 'stars' hoặc 'min_stars'",
            "give either 'stars' (exactly) or 'min_stars' (at least), not both")])
    return StarTest(exact, 3 if least is None else least)


def counted_products(pf: Portfolio, scope: IndicatorScope, basis: Basis,
             test: StarTest) -> tuple[Product, ...]:
    """The products within the scope whose current stars (per ``basis``) pass ``test``."""
    shared = _SHARED.get()
    key: object = None
    if shared is not None:
        area = scope.province
        communes = scope.communes if scope.communes is not None else pf.communes
        # the entry keeps the portfolio and the registry alive: their ids stay theirs
        key = (id(pf), None if area is None else area.id, id(communes), scope.as_of, basis,
               test)
        found = shared.get(key)
        if found is not None:
            return found[2]
    on = scope.as_of
    rough = pf.imprecise_products
    if rough:
        counted = tuple(p for p in products_in(pf, scope) if _passes(pf, p, on, basis, test)
                        is True)
    elif basis == "in-force":
        in_force = pf.certificate_in_force
        counted = tuple(p for p in products_in(pf, scope)
                        if (c := in_force(p.id, on)) is not None and test(c.stars))
    else:
        counted = tuple(p for p in products_in(pf, scope)
                        if (stars := current_stars(pf, p.id, on, basis)) is not None
                        and test(stars))
    if shared is not None:
        shared[key] = (pf, communes, counted)
    return counted


def _passes(pf: Portfolio, p: Product, on: date, basis: Basis, test: StarTest) -> bool | None:
    """Whether the product counts on ``on``: ``None`` when its records do not tell."""
    if p.id not in pf.imprecise_products:
        stars = current_stars(pf, p.id, on, basis)
        return stars is not None and test(stars)
    states = pf.stars_states(p.id, on, basis)
    results = {s is not None and test(s) for s in states}
    return results.pop() if len(results) == 1 else None


def uncertain_products(pf: Portfolio, scope: IndicatorScope, basis: Basis,
                       test: StarTest) -> tuple[Product, ...]:
    """The products within the scope that may or may not count (dates known roughly)."""
    if not pf.imprecise_products:
        return ()
    on = scope.as_of
    return tuple(p for p in products_in(pf, scope)
                 if p.id in pf.imprecise_products and _passes(pf, p, on, basis, test) is None)


def count(products: Sequence[Product], *notes: str,
          maybe: Sequence[Product] = ()) -> IndicatorValue:
    """The count of ``products``, up to ``len(maybe)`` more when ``maybe`` may count."""
    notes_ = notes + ((Bilingual(f"{len(maybe)} product(s) may or may not count: their "
                                 "dates are known only roughly",
                                 f"{len(maybe)} sản phẩm có thể được tính hoặc không: chỉ "
                                 "biết ngày của chúng một cách gần đúng"),) if maybe else ())
    return IndicatorValue(len(products), tuple(p.id for p in products), "product",
                          notes=notes_, upper=len(products) + len(maybe),
                          uncertain=tuple(p.id for p in maybe))


def kind_test(raw: str) -> tuple[Callable[[SubjectKind], bool], str]:
    key = raw.strip().casefold()
    if key in ("enterprise", "sme", "doanh nghiệp", "doanh nghiep", "dnnvv"):
        return (lambda k: k.is_enterprise), "enterprise"
    kind = SubjectKind.parse(raw, path="$.parameters.kind")
    return (lambda k: k is kind), kind.value


