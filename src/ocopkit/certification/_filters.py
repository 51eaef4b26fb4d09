"""The keyword filters of :class:`~ocopkit.certification.Portfolio` queries."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Final, TypedDict

from ocopkit import products as catalog
from ocopkit.places import CommuneRegistry, Province
from ocopkit.products import Product, Subject, SubjectKind
from ocopkit.text import suggest

from ._certificate import Certificate
from ._placement import located_within, resolve_area

__all__ = ["PortfolioFilters", "Predicate", "predicate", "predicate_bounds"]

Predicate = Callable[[Certificate], bool]


class PortfolioFilters(TypedDict, total=False):
    """Keyword filters accepted by every query (all optional, combined with AND).

    ``stars``
        one tier or several (``4`` or ``(4, 5)``).
    ``min_stars``
        at least this many stars.
    ``province``
        a :class:`~ocopkit.places.Province` or a :func:`~ocopkit.places.province`
        query, resolved on the query date (falling back to the undated lookup
        for a unit no longer in force, such as old "Bắc Kạn"). A product
        matches when it lies within the unit by the placement rule of
        :mod:`ocopkit.certification._placement` (also used by every indicator):
        new Thái Nguyên (from 2025-07-01) includes old Bắc Kạn's products; old
        Bắc Kạn includes the products recorded under new Thái Nguyên whose code
        or commune places them in old Bắc Kạn.
    ``commune``
        the 5-digit commune code recorded on the product (exact match).
    ``product_group``
        a 26/2026 Phụ lục I classification code (``"I"``, ``"I.3"``, ``"I.3.c"``).
    ``product_set``
        one or several product sets (number, code or name; see
        :func:`ocopkit.products.product_set`).
    ``subject_kind``
        a :class:`~ocopkit.products.SubjectKind` or text for
        :meth:`SubjectKind.parse <ocopkit.products.SubjectKind.parse>`.

    ``subject_id``
        the owning subject's id.

    A product whose product set is not recorded (only a sector or a group, or a
    2018 group) matches ``product_set``/``product_group`` only when what *is* recorded
    decides it (its group lies within the ``product_group``); a subject of unknown legal
    form never matches ``subject_kind``. The exact queries leave such products out;
    :meth:`Portfolio.in_force_bounds <ocopkit.certification.Portfolio.in_force_bounds>`
    lists them as uncertain.
    """

    stars: int | Iterable[int]
    min_stars: int
    province: Province | str
    commune: str
    product_group: str
    product_set: int | str | Iterable[int | str]
    subject_kind: SubjectKind | str
    subject_id: str


_FILTER_KEYS: Final = PortfolioFilters.__optional_keys__ | PortfolioFilters.__required_keys__


def predicate(
    filters: PortfolioFilters,
    on: date | None,
    products: Mapping[str, Product],
    subjects: Mapping[str, Subject],
    communes: CommuneRegistry | None,
) -> Predicate | None:
    """The test ``filters`` make of a certificate on ``on`` (``None``: no filter).

    ``products`` and ``subjects`` are the portfolio's, by id; ``communes`` its registry.
    """
    return _predicate(filters, on, products, subjects, communes, possible=False)


def predicate_bounds(
    filters: PortfolioFilters,
    on: date | None,
    products: Mapping[str, Product],
    subjects: Mapping[str, Subject],
    communes: CommuneRegistry | None,
) -> tuple[Predicate, Predicate]:
    """``(certainly, possibly)``: the tests a certificate certainly / possibly passes."""
    sure = _predicate(filters, on, products, subjects, communes, possible=False)
    maybe = _predicate(filters, on, products, subjects, communes, possible=True)
    return (sure or _always), (maybe or _always)


def _always(_: Certificate) -> bool:
    return True


def _leaves(node: catalog.ClassificationNode | None) -> frozenset[int]:
    """The product sets a product classified at ``node`` may belong to (all 26 when the
    node is unknown or a 2018 group, which is not mapped onto the 26 sets)."""
    sets = catalog.product_sets()
    if node is None or node.regime != catalog.REGIME_2026:
        return frozenset(s.number for s in sets)
    return frozenset(s.number for s in sets if catalog.contains_set(node, s.code))


def _set_test(sets: frozenset[int], possible: bool) -> Callable[[Product], bool]:
    def test(p: Product) -> bool:
        if p.product_set is not None:
            return p.product_set in sets
        leaves = _leaves(p.classification)
        if leaves <= sets:
            return True  # whatever its set, it is one of those asked for
        return possible and bool(leaves & sets)

    return test


def _predicate(
    filters: PortfolioFilters,
    on: date | None,
    products: Mapping[str, Product],
    subjects: Mapping[str, Subject],
    communes: CommuneRegistry | None,
    *,
    possible: bool,
) -> Predicate | None:
    unknown = set(filters) - _FILTER_KEYS
    if unknown:
        name = sorted(unknown)[0]
        hint = suggest(name, _FILTER_KEYS)
        raise TypeError(f"unknown filter {name!r}"
                        + (f"; did you mean {hint!r}?" if hint else ""))
    if not filters:
        return None
    tests: list[Predicate] = []
    if "stars" in filters:
        raw = filters["stars"]
        tiers = frozenset((raw,) if isinstance(raw, int) else raw)
        tests.append(lambda c: c.stars in tiers)
    if "min_stars" in filters:
        least = filters["min_stars"]
        tests.append(lambda c: c.stars >= least)
    product_tests: list[Callable[[Product], bool]] = []
    if "province" in filters:
        area = resolve_area(filters["province"], on)
        cache: dict[tuple[str, str | None, str | None], bool] = {}

        def within(p: Product) -> bool:
            key = (p.province_id, p.commune_code, None if p.code is None else str(p.code))
            found = cache.get(key)
            if found is None:
                found = cache[key] = located_within(area, p, communes)
            return found

        product_tests.append(within)
    if "commune" in filters:
        commune = filters["commune"]
        product_tests.append(lambda p: p.commune_code == commune)
    sets: frozenset[int] | None = None
    if "product_set" in filters:
        raw_sets = filters["product_set"]
        keys = (raw_sets,) if isinstance(raw_sets, int | str) else tuple(raw_sets)
        sets = frozenset(catalog.product_set(k).number for k in keys)
    if "product_group" in filters:
        node = catalog.classification_node(filters["product_group"])
        in_group = frozenset(s.number for s in catalog.product_sets()
                             if s.code == node.code or s.code.startswith(node.code + "."))
        sets = in_group if sets is None else sets & in_group
    if sets is not None:
        product_tests.append(_set_test(sets, possible))
    if "subject_id" in filters:
        sid = filters["subject_id"]
        product_tests.append(lambda p: p.subject_id == sid)
    if "subject_kind" in filters:
        raw_kind = filters["subject_kind"]
        kind = raw_kind if isinstance(raw_kind, SubjectKind) else SubjectKind.parse(raw_kind)

        def of_kind(p: Product) -> bool:
            s = subjects.get(p.subject_id)
            return s is not None and (s.kind is kind or (possible and s.kind is None))

        product_tests.append(of_kind)
    if product_tests:

        def product_ok(c: Certificate) -> bool:
            p = products.get(c.product_id)
            return p is not None and all(t(p) for t in product_tests)

        tests.append(product_ok)
    return lambda c: all(t(c) for t in tests)
