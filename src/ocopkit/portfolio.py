"""A portfolio of products, subjects and certificates, with exact as-of queries.

:meth:`Portfolio.build` validates the records and raises **one**
:class:`~ocopkit.errors.ValidationError` listing every problem: duplicate ids,
a certificate for an unknown product, a product whose subject is unknown, two
certificates of one product in force on the same day (never merged
silently), a supersession that points nowhere. :meth:`Portfolio.check` is the
lenient variant: it keeps the good records and returns the problems.

Every query takes the day ``on`` and answers as of that day, using
:meth:`Certificate.in_force <ocopkit.certificates.Certificate.in_force>` (the
issue day and ``valid_until`` are both in force; a revocation or supersession
takes effect on its date). Certificates are indexed by product and sorted by
issue date once, when the portfolio is made, so queries over 10⁵ certificates
take milliseconds.

>>> from datetime import date
>>> from ocopkit.authorities import PROVINCE
>>> from ocopkit.certificates import Certificate
>>> from ocopkit.products import Product
>>> from ocopkit.subjects import Subject
>>> subjects = [Subject("s1", "HTX Mẫu", "cooperative", "06@63")]
>>> products = [Product("p1", "Miến dong Mẫu", 6, "s1", "06@63", commune_code="99001")]
>>> cert = Certificate.issue(number="GCN-1", product_id="p1", stars=3,
...     decision_number="1/QĐ-UBND", decision_date=date(2025, 8, 1),
...     authority=PROVINCE, ruleset_id="vn-qd-148-1489-2025")
>>> pf = Portfolio.build(products, subjects, [cert])
>>> [c.number for c in pf.in_force(date(2026, 1, 1), province="Thái Nguyên")]
['GCN-1']
>>> [c.number for c in pf.lapsed_without_reevaluation(date(2028, 8, 2))]
['GCN-1']
>>> due = pf.due_for_renewal(date(2028, 3, 1))[0]
>>> due.window_opens, due.window_closes, due.days_left, due.stage.value
(datetime.date(2028, 2, 3), datetime.date(2028, 4, 3), 153, 'window-open')
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from itertools import compress
from typing import Final, TypedDict, TypeVar, Unpack

import attrs

from . import catalog, units
from .certificates import (
    DEFAULT_POLICY,
    Certificate,
    CertificatePolicy,
    RenewalStage,
)
from .errors import Problem, ValidationError
from .products import Product
from .subjects import Subject, SubjectKind
from .text import suggest
from .units import CommuneRegistry, Province

__all__ = [
    "HARD_PROBLEMS",
    "Portfolio",
    "PortfolioFilters",
    "RenewalDue",
    "due_for_renewal",
]

#: Problems that make the as-of queries wrong; they are fatal even with ``strict=False``.
HARD_PROBLEMS: Final = frozenset({
    "duplicate-product-id",
    "duplicate-subject-id",
    "duplicate-certificate-number",
    "unknown-product",
    "overlapping-certificates",
})


class PortfolioFilters(TypedDict, total=False):
    """Keyword filters accepted by every query (all optional, combined with AND).

    ``stars``
        one tier or several (``4`` or ``(4, 5)``).
    ``min_stars``
        at least this many stars.
    ``province``
        a :class:`~ocopkit.units.Province` or a :func:`~ocopkit.units.province`
        query, resolved on the query date (falling back to the undated lookup
        for a unit no longer in force, such as old "Bắc Kạn"). A product
        matches when it lies within the unit following the 2025 lineage
        (:func:`~ocopkit.units.contains`): new Thái Nguyên (from 2025-07-01)
        includes old Bắc Kạn's products; old Bắc Kạn includes only products
        located in old Bắc Kạn — for products recorded under the new province,
        that is decided by the commune's predecessors when the portfolio has a
        :class:`~ocopkit.units.CommuneRegistry`.
    ``commune``
        the 5-digit commune code recorded on the product (exact match).
    ``product_group``
        a 26/2026 Phụ lục I classification code (``"I"``, ``"I.3"``, ``"I.3.c"``).
    ``product_set``
        one or several product sets (number, code or name; see
        :func:`ocopkit.catalog.product_set`).
    ``subject_kind``
        a :class:`~ocopkit.subjects.SubjectKind` or text for
        :meth:`SubjectKind.parse <ocopkit.subjects.SubjectKind.parse>`.
    ``subject_id``
        the owning subject's id.
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

Predicate = Callable[[Certificate], bool]


@attrs.frozen
class RenewalDue:
    """A certificate approaching expiry, with its re-evaluation window (26/2026 Điều 7.6.a).

    ``days_left`` counts from the query day to ``expires_on`` (the last day of
    the 36 months; negative while a Điều 12.3 extension keeps the certificate
    in force); ``days_to_window_close`` to the last day to file (negative
    once the window is missed).
    """

    certificate: Certificate
    expires_on: date
    in_force_until: date
    window_opens: date
    window_closes: date
    days_left: int
    days_to_window_close: int
    stage: RenewalStage

    @property
    def product_id(self) -> str:
        """The product whose certificate is due."""
        return self.certificate.product_id


def _products(values: Iterable[Product]) -> tuple[Product, ...]:
    return tuple(values)


def _subjects(values: Iterable[Subject]) -> tuple[Subject, ...]:
    return tuple(values)


def _certificates(values: Iterable[Certificate]) -> tuple[Certificate, ...]:
    return tuple(values)


_ID: Final = operator.attrgetter("id")
_NUMBER: Final = operator.attrgetter("number")
_ISSUED: Final = operator.attrgetter("issued_on")
_LAST_DAY: Final = operator.attrgetter("last_day_in_force")
_ORDER: Final = operator.attrgetter("issued_on", "number")  # history order
_NEVER: Final = date.max.toordinal() + 1  # an ordinal after every date

_K = TypeVar("_K")
_V = TypeVar("_V")


def _first_by(items: tuple[_V, ...], key: Callable[[_V], _K]) -> dict[_K, _V]:
    """``{key(item): item}``, the first item of each key winning, in first-seen order."""
    found = dict(zip(map(key, items), items, strict=True))
    if len(found) == len(items):
        return found  # no repeated key: the same mapping, built in C
    found = {}
    for item in items:
        found.setdefault(key(item), item)
    return found


def _group(certs: tuple[Certificate, ...], kept: Iterable[int],
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
        return _ORDER(certs[i])

    for entries in more.values():
        keys = list(map(order, entries))
        if any(map(operator.gt, keys, keys[1:])):
            entries.sort(key=order)
    return first, more


def _chains(certs: tuple[Certificate, ...], first: dict[str, int],
            more: dict[str, list[int]], dropped: set[int] | frozenset[int] = frozenset(),
            ) -> dict[str, tuple[Certificate, ...]]:
    """Each product's certificates in history order, from :func:`_group`."""
    at = certs.__getitem__
    chains: dict[str, tuple[Certificate, ...]] = {pid: (certs[i],) for pid, i in first.items()}
    for pid, entries in more.items():
        chains[pid] = (tuple(map(at, entries)) if not dropped
                       else tuple(at(j) for j in entries if j not in dropped))
    return chains


class _Index:
    """Lookup tables built once per portfolio (first occurrence wins).

    ``history`` holds each product's certificates in issue order; ``starts``
    and ``ends`` the first and last day in force of every certificate, in
    portfolio order; ``lapses`` (built on the first
    :meth:`Portfolio.lapsed_without_reevaluation` query) the periods in which
    each product's latest certificate has expired.
    """

    __slots__ = ("_effective", "_end_of", "_history", "certificates", "certs", "ends",
                 "lapses", "products", "provinces", "starts", "subjects")

    def __init__(self, pf: Portfolio) -> None:
        certificates = self.certs = pf.certificates
        self.products: dict[str, Product] = _first_by(pf.products, _ID)
        self.subjects: dict[str, Subject] = _first_by(pf.subjects, _ID)
        self.certificates: dict[str, Certificate] = _first_by(certificates, _NUMBER)
        self._history: dict[str, tuple[Certificate, ...]] | None = None
        self._effective: dict[str, tuple[Certificate, ...]] | None = None
        self._end_of: dict[int, date] | None = None
        self.starts: tuple[date, ...] = tuple(map(_ISSUED, certificates))
        self.ends: tuple[date, ...] = tuple(map(_LAST_DAY, certificates))
        self.lapses: tuple[tuple[int, ...], tuple[int, ...], tuple[Certificate, ...]] | None = None
        self.provinces: dict[str, Province] = {}

    @property
    def history(self) -> dict[str, tuple[Certificate, ...]]:
        """Each product's certificates by issue date then number (built on first use,
        unless :meth:`Portfolio.check` handed over the chains it sorted)."""
        if self._history is None:
            certs = self.certs
            self._history = _chains(certs, *_group(certs, range(len(certs))))
        return self._history

    def seed(self, history: dict[str, tuple[Certificate, ...]]) -> None:
        self._history = history

    @property
    def end_of(self) -> dict[int, date]:
        """``id(certificate)`` → its last day in force (the portfolio keeps them alive)."""
        if self._end_of is None:
            self._end_of = dict(zip(map(id, self.certs), self.ends, strict=True))
        return self._end_of

    @property
    def effective(self) -> dict[str, tuple[Certificate, ...]]:
        """:attr:`history` without the certificates never in force (revoked or
        superseded on their issue day); the same tuples where nothing is left out."""
        if self._effective is None:
            history = self.history
            never = tuple(compress(self.certs, map(operator.lt, self.ends, self.starts)))
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
            found = self.provinces[province_id] = units.province(province_id)
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
            if chain is None:
                continue
            last = len(chain) - 1
            for k, c in enumerate(chain):
                # the latest certificate issued on or before ``on`` (bisect in the history)
                start = c.issued_on.toordinal()
                until = chain[k + 1].issued_on.toordinal() if k < last else _NEVER
                # Certificate.status(on) is EXPIRED: after valid_until and extended_until,
                # before the revocation and the supersession (both take effect on their day)
                end = c.valid_until
                if c.extended_until is not None and c.extended_until > end:
                    end = c.extended_until
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


def _lookup(found: Mapping[str, _V], key: str, path: str, code: str, what_vi: str,
            what_en: str) -> _V:
    """``found[key]``, or one located ValidationError with a "did you mean"."""
    value = found.get(key)
    if value is None:
        raise ValidationError([Problem(
            path, code, f"không có {what_vi} {key!r}", f"unknown {what_en} {key!r}",
            suggest(key, found, cutoff=0.5))])
    return value


@attrs.frozen
class Portfolio:
    """Products, subjects and certificates, indexed for as-of queries.

    Make one with :meth:`build` (validating) or :meth:`check` (lenient); the
    plain constructor indexes what it is given without validating it.
    ``communes`` (optional) lets the ``province=`` filter place products of
    merged provinces by their commune's predecessors.
    """

    products: tuple[Product, ...] = attrs.field(converter=_products)
    subjects: tuple[Subject, ...] = attrs.field(converter=_subjects)
    certificates: tuple[Certificate, ...] = attrs.field(converter=_certificates)
    communes: CommuneRegistry | None = None
    _index: _Index = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _Index(self))

    # ------------------------------------------------------------------ construction

    @classmethod
    def build(
        cls,
        products: Iterable[Product],
        subjects: Iterable[Subject],
        certificates: Iterable[Certificate],
        *,
        communes: CommuneRegistry | None = None,
        strict: bool = True,
    ) -> Portfolio:
        """Validate and index; raise one ValidationError with every problem.

        With ``strict=False`` dangling references that do not disturb the
        queries (a product's unknown subject, a supersession pointing to an
        unknown certificate or another product, an unknown commune) are
        tolerated; duplicates, certificates of unknown products and
        overlapping certificates always raise (:data:`HARD_PROBLEMS`).
        """
        portfolio, problems = cls.check(products, subjects, certificates, communes=communes)
        fatal = problems if strict else tuple(p for p in problems if p.code in HARD_PROBLEMS)
        if fatal:
            raise ValidationError(problems, "invalid portfolio / danh mục không hợp lệ")
        return portfolio

    @classmethod
    def check(
        cls,
        products: Iterable[Product],
        subjects: Iterable[Subject],
        certificates: Iterable[Certificate],
        *,
        communes: CommuneRegistry | None = None,
    ) -> tuple[Portfolio, tuple[Problem, ...]]:
        """Validate leniently: keep the good records and return every problem.

        Dropped: the later record of a duplicate id or certificate number; a
        certificate of an unknown product; of two overlapping certificates,
        the one issued later. Kept (but reported): a product whose subject is
        unknown, a certificate whose ``superseded_by`` points nowhere.
        """
        problems: list[Problem] = []
        all_subjects, all_products = tuple(subjects), tuple(products)
        all_certs = tuple(certificates)
        kept_subjects = [all_subjects[i] for i in _dedupe(
            all_subjects, "subjects", "duplicate-subject-id", _ID, problems)]
        product_at = _dedupe(all_products, "products", "duplicate-product-id", _ID, problems)
        kept_products = [all_products[i] for i in product_at]
        subject_ids = {s.id for s in kept_subjects}
        for i, p in zip(product_at, kept_products, strict=True):
            if p.subject_id not in subject_ids:
                problems.append(Problem(
                    f"$.products[{i}].subject_id", "unknown-subject",
                    f"sản phẩm {p.id!r}: không có chủ thể {p.subject_id!r}",
                    f"product {p.id!r}: unknown subject {p.subject_id!r}",
                    suggest(p.subject_id, subject_ids, cutoff=0.5)))
            if communes is not None and p.commune_code is not None:
                try:
                    communes.get(p.commune_code)
                except ValidationError as exc:
                    if "unknown-commune" in exc.codes:
                        problems.append(Problem(
                            f"$.products[{i}].commune_code", "unknown-commune",
                            f"sản phẩm {p.id!r}: không có xã {p.commune_code!r}",
                            f"product {p.id!r}: unknown commune {p.commune_code!r}"))
        product_ids = {p.id for p in kept_products}
        cert_at: list[int] = []
        for i in _dedupe(all_certs, "certificates", "duplicate-certificate-number", _NUMBER,
                         problems):
            c = all_certs[i]
            if c.product_id not in product_ids:
                problems.append(Problem(
                    f"$.certificates[{i}].product_id", "unknown-product",
                    f"giấy chứng nhận {c.number!r}: không có sản phẩm {c.product_id!r}",
                    f"certificate {c.number!r}: unknown product {c.product_id!r}",
                    suggest(c.product_id, product_ids, cutoff=0.5)))
                continue
            cert_at.append(i)
        first, more = _group(all_certs, cert_at)
        dropped = _overlaps(all_certs, first, more, problems)
        kept_certs = [all_certs[i] for i in cert_at if i not in dropped]
        numbers = {c.number: c for c in kept_certs}
        for i in cert_at:
            c = all_certs[i]
            if c.superseded_by is None or i in dropped:
                continue
            successor = numbers.get(c.superseded_by)
            if successor is None:
                problems.append(Problem(
                    f"$.certificates[{i}].superseded_by", "unknown-superseding-certificate",
                    f"giấy chứng nhận {c.number!r} được thay thế bởi {c.superseded_by!r} "
                    "không có trong danh mục",
                    f"certificate {c.number!r} is superseded by unknown {c.superseded_by!r}",
                    suggest(c.superseded_by, numbers, cutoff=0.5)))
            elif successor.product_id != c.product_id:
                problems.append(Problem(
                    f"$.certificates[{i}].superseded_by", "superseding-other-product",
                    f"giấy chứng nhận {c.number!r} được thay thế bởi {successor.number!r} "
                    f"của sản phẩm khác ({successor.product_id!r})",
                    f"certificate {c.number!r} is superseded by {successor.number!r} of "
                    f"another product ({successor.product_id!r})"))
        portfolio = cls(
            products=kept_products,
            subjects=kept_subjects,
            certificates=kept_certs,
            communes=communes,
        )
        # the certificates of each product, already sorted above (same order: stable)
        portfolio._index.seed(_chains(all_certs, first, more, dropped))
        return portfolio, tuple(problems)

    # ------------------------------------------------------------------ lookups

    def product(self, product_id: str) -> Product:
        """The product ``product_id`` (a ValidationError ``unknown-product`` otherwise)."""
        return _lookup(self._index.products, product_id, "$.product_id", "unknown-product",
                       "sản phẩm", "product")

    def subject(self, subject_id: str) -> Subject:
        """The subject ``subject_id`` (a ValidationError ``unknown-subject`` otherwise)."""
        return _lookup(self._index.subjects, subject_id, "$.subject_id", "unknown-subject",
                       "chủ thể", "subject")

    def certificate(self, number: str) -> Certificate:
        """The certificate with ``number`` (a ValidationError otherwise)."""
        return _lookup(self._index.certificates, number, "$.number", "unknown-certificate",
                       "giấy chứng nhận", "certificate")

    def history(self, product_id: str) -> tuple[Certificate, ...]:
        """Every certificate of ``product_id``, by issue date (then number)."""
        return self._index.history.get(product_id, ())

    def products_of(self, items: Subject | Iterable[Certificate]) -> tuple[Product, ...]:
        """The products of a subject, or of some certificates (unique, in first-seen order)."""
        if isinstance(items, Subject):
            return tuple(p for p in self.products if p.subject_id == items.id)
        out: dict[str, Product] = {}
        for c in items:
            p = self._index.products.get(c.product_id)
            if p is not None:
                out.setdefault(p.id, p)
        return tuple(out.values())

    def subjects_of(self, items: Iterable[Certificate | Product]) -> tuple[Subject, ...]:
        """The subjects owning some products or certificates (unique, first-seen order)."""
        out: dict[str, Subject] = {}
        for item in items:
            product = (self._index.products.get(item.product_id)
                       if isinstance(item, Certificate) else item)
            if product is None:
                continue
            s = self._index.subjects.get(product.subject_id)
            if s is not None:
                out.setdefault(s.id, s)
        return tuple(out.values())

    # ------------------------------------------------------------------ as-of queries

    def in_force(self, on: date, **filters: Unpack[PortfolioFilters]) -> tuple[Certificate, ...]:
        """The certificates in force on ``on`` (valid or extended), in portfolio order."""
        keep = self._predicate(filters, on)
        ix = self._index
        found = (c for start, end, c in zip(ix.starts, ix.ends, self.certificates, strict=True)
                 if start <= on <= end)
        return tuple(found if keep is None else filter(keep, found))

    def certificate_in_force(self, product_id: str, on: date) -> Certificate | None:
        """The certificate of ``product_id`` in force on ``on``, if any."""
        ix = self._index
        certs = ix.history.get(product_id, ())
        end_of = ix.end_of
        for k in range(bisect.bisect_right(certs, on, key=_ISSUED) - 1, -1, -1):
            c = certs[k]
            if on <= end_of[id(c)]:  # c.in_force(on): issued on or before ``on``
                return c
        return None

    def _effective_history(self, product_id: str, until: date) -> tuple[Certificate, ...]:
        """The certificates of ``product_id`` issued on or before ``until`` that were in
        force at least one day, by issue date (for :mod:`ocopkit.indicators`)."""
        certs = self._index.effective.get(product_id, ())
        if not certs or certs[-1].issued_on <= until:
            return certs
        return certs[:bisect.bisect_right(certs, until, key=_ISSUED)]

    def expiring_within(
        self, on: date, days: int, **filters: Unpack[PortfolioFilters]
    ) -> tuple[Certificate, ...]:
        """Certificates valid on ``on`` whose 36 months end within ``days`` days.

        ``on <= valid_until <= on + days``; sorted by ``valid_until`` then
        number. Certificates already running on a Điều 12.3 extension are not
        included (see :meth:`due_for_renewal`).
        """
        if days < 0:
            raise ValueError("days must be >= 0")
        horizon = on + timedelta(days=days)
        found = [c for c in self.in_force(on, **filters) if on <= c.valid_until <= horizon]
        return tuple(sorted(found, key=lambda c: (c.valid_until, c.number)))

    def lapsed_without_reevaluation(
        self, on: date, **filters: Unpack[PortfolioFilters]
    ) -> tuple[Certificate, ...]:
        """Products whose latest certificate (issued on or before ``on``) has expired.

        One certificate per product, in portfolio order of products: the
        product's most recent certificate, whose last day in force (including
        any grace) is before ``on`` and which was neither revoked nor
        superseded. A product with a later certificate, even one issued after
        a gap, is not listed.
        """
        keep = self._predicate(filters, on)
        lo, hi, latest = self._index.lapse_table()
        day = on.toordinal()
        found = (c for first, until, c in zip(lo, hi, latest, strict=True)
                 if first <= day < until)
        return tuple(found if keep is None else filter(keep, found))

    def due_for_renewal(
        self,
        on: date,
        within: int = 180,
        *,
        policy: CertificatePolicy = DEFAULT_POLICY,
        **filters: Unpack[PortfolioFilters],
    ) -> tuple[RenewalDue, ...]:
        """Certificates in force on ``on`` that expire within ``within`` days.

        Also lists certificates kept in force by a Điều 12.3 extension
        (``days_left`` < 0). Sorted by expiry then number; each item carries
        the 26/2026 Điều 7.6.a window from ``policy``.
        """
        if within < 0:
            raise ValueError("within must be >= 0")
        horizon = on + timedelta(days=within)
        out: list[RenewalDue] = []
        for c in self.in_force(on, **filters):
            if c.valid_until > horizon:
                continue
            opens, closes = policy.renewal_window(c)
            out.append(RenewalDue(
                certificate=c,
                expires_on=c.valid_until,
                in_force_until=c.last_day_in_force,
                window_opens=opens,
                window_closes=closes,
                days_left=(c.valid_until - on).days,
                days_to_window_close=(closes - on).days,
                stage=policy.renewal_stage(c, on),
            ))
        out.sort(key=lambda d: (d.expires_on, d.certificate.number))
        return tuple(out)

    # ------------------------------------------------------------------ filters

    def _predicate(self, filters: PortfolioFilters, on: date | None) -> Predicate | None:
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
            area = self._area(filters["province"], on)
            cache: dict[tuple[str, str | None], bool] = {}

            def within(p: Product) -> bool:
                key = (p.province_id, p.commune_code)
                if key not in cache:
                    cache[key] = self._located_within(area, p)
                return cache[key]

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
            chosen = sets
            product_tests.append(lambda p: p.product_set in chosen)
        if "subject_id" in filters:
            sid = filters["subject_id"]
            product_tests.append(lambda p: p.subject_id == sid)
        if "subject_kind" in filters:
            raw_kind = filters["subject_kind"]
            kind = raw_kind if isinstance(raw_kind, SubjectKind) else SubjectKind.parse(raw_kind)
            subjects = self._index.subjects

            def of_kind(p: Product) -> bool:
                s = subjects.get(p.subject_id)
                return s is not None and s.kind is kind

            product_tests.append(of_kind)
        if product_tests:
            products = self._index.products

            def product_ok(c: Certificate) -> bool:
                p = products.get(c.product_id)
                return p is not None and all(t(p) for t in product_tests)

            tests.append(product_ok)
        return lambda c: all(t(c) for t in tests)

    @staticmethod
    def _area(query: Province | str, on: date | None) -> Province:
        if isinstance(query, Province):
            return query
        if on is None:
            return units.province(query)
        try:
            return units.province(query, on=on)
        except ValidationError as exc:
            if "province-not-in-force" in exc.codes:
                return units.province(query)
            raise

    def _located_within(self, area: Province, product: Product) -> bool:
        own = self._index.province(product.province_id)
        if units.contains(area, own):
            return True
        if (self.communes is None or product.commune_code is None
                or not units.contains(own, area)):
            return False
        # ``own`` is a merged unit that absorbed ``area``: decide by the commune.
        try:
            commune = self.communes.get(product.commune_code,
                                        on=own.valid_from or units.REORGANISATION_DATE)
            olds = [self.communes.get(code, on=units.DISTRICT_ERA_END)
                    for code in commune.predecessor_codes]
        except ValidationError:
            return False
        return bool(olds) and all(
            units.contains(area, self._index.province(o.province_id)) for o in olds
        )


def due_for_renewal(
    portfolio: Portfolio,
    on: date,
    within: int = 180,
    *,
    policy: CertificatePolicy = DEFAULT_POLICY,
    **filters: Unpack[PortfolioFilters],
) -> tuple[RenewalDue, ...]:
    """Module-level form of :meth:`Portfolio.due_for_renewal`."""
    return portfolio.due_for_renewal(on, within, policy=policy, **filters)


# --------------------------------------------------------------------------- validation helpers


_T = TypeVar("_T")


def _dedupe(
    items: tuple[_T, ...],
    section: str,
    code: str,
    key: Callable[[_T], str],
    problems: list[Problem],
) -> range | list[int]:
    """The positions of the items kept (the first of each key); report the others."""
    keys = list(map(key, items))
    if len(set(keys)) == len(keys):
        return range(len(keys))
    seen: dict[str, int] = {}
    kept: list[int] = []
    for i, k in enumerate(keys):
        if k in seen:
            problems.append(Problem(
                f"$.{section}[{i}]", code,
                f"trùng mã {k!r} với $.{section}[{seen[k]}]",
                f"{k!r} duplicates $.{section}[{seen[k]}]"))
            continue
        seen[k] = i
        kept.append(i)
    return kept


def _overlaps(certs: tuple[Certificate, ...], first: dict[str, int],
              more: dict[str, list[int]], problems: list[Problem]) -> set[int]:
    """Report (and return the positions of) certificates overlapping an earlier one.

    ``first`` and ``more`` come from :func:`_group`; a product with one certificate
    cannot overlap.
    """
    dropped: set[int] = set()
    for pid in sorted(more, key=first.__getitem__):  # products in first-seen order
        holder: Certificate | None = None
        held_until = date.min
        for i in more[pid]:  # by issue date then number
            c = certs[i]
            end = c.last_day_in_force
            if end < c.issued_on:
                continue  # never in force (revoked or superseded on its issue day)
            if holder is not None and c.issued_on <= held_until:
                problems.append(Problem(
                    f"$.certificates[{i}]", "overlapping-certificates",
                    f"sản phẩm {c.product_id!r}: giấy chứng nhận {c.number!r} và "
                    f"{holder.number!r} cùng có hiệu lực ngày {c.issued_on}",
                    f"product {c.product_id!r}: certificates {c.number!r} and "
                    f"{holder.number!r} are both in force on {c.issued_on}",
                    f"record {holder.number!r} as superseded by {c.number!r} on "
                    f"{c.issued_on}"))
                dropped.add(i)
                continue
            if holder is None or end > held_until:
                holder, held_until = c, end
    return dropped
