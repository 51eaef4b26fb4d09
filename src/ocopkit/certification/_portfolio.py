"""A portfolio of products, subjects and certificates, with exact as-of queries.

:meth:`Portfolio.build` validates the records and raises **one**
:class:`~ocopkit.errors.ValidationError` listing every problem: duplicate ids,
a certificate for an unknown product, a product whose subject is unknown, two
certificates of one product in force on the same day (never merged
silently), a supersession that points nowhere. :meth:`Portfolio.check` is the
lenient variant: it keeps the good records and returns the problems.

Every query takes the day ``on`` and answers as of that day, using
:meth:`Certificate.in_force <ocopkit.certification.Certificate.in_force>` (the
issue day and ``valid_until`` are both in force; a revocation or supersession
takes effect on its date). Certificates are indexed by product and sorted by
issue date once, when the portfolio is made, so queries over 10⁵ certificates
take milliseconds.

>>> from datetime import date
>>> from ocopkit.rulesets import PROVINCE
>>> from ocopkit.certification import Certificate
>>> from ocopkit.products import Product
>>> from ocopkit.products import Subject
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
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final, TypeVar, Unpack

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.places import CommuneRegistry
from ocopkit.products import Product, Subject
from ocopkit.text import suggest

from ._bounds import Basis, StarStates, lapsed_state, stars_states
from ._certificate import Certificate
from ._checks import dedupe as _dedupe
from ._checks import overlaps as _overlaps
from ._coverage import Coverage
from ._filters import PortfolioFilters, Predicate, predicate, predicate_bounds
from ._history import BY_ID, BY_NUMBER, ISSUED, Index, chains, group
from ._policy import DEFAULT_POLICY, CertificatePolicy
from ._renewals import RenewalDue, supersede_renewals

__all__ = [
    "HARD_PROBLEMS",
    "Portfolio",
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



def _products(values: Iterable[Product]) -> tuple[Product, ...]:
    return tuple(values)


def _subjects(values: Iterable[Subject]) -> tuple[Subject, ...]:
    return tuple(values)


def _certificates(values: Iterable[Certificate]) -> tuple[Certificate, ...]:
    return tuple(values)


_V = TypeVar("_V")


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
    merged provinces by their commune's predecessors. ``coverage`` (optional) is the
    period the records cover (:class:`Coverage`): attainment outside it reports "no
    data" instead of a shortfall.

    The exact queries (:meth:`in_force`, :meth:`certificate_in_force`…) answer what the
    records establish: a certificate whose issue day is known only roughly counts on
    the days it is *certainly* in force. :meth:`in_force_bounds` and
    :meth:`stars_states` also say what it *may* be.
    """

    products: tuple[Product, ...] = attrs.field(converter=_products)
    subjects: tuple[Subject, ...] = attrs.field(converter=_subjects)
    certificates: tuple[Certificate, ...] = attrs.field(converter=_certificates)
    communes: CommuneRegistry | None = None
    coverage: Coverage | None = None
    _index: Index = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", Index(self))

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
        coverage: Coverage | None = None,
        policy: CertificatePolicy = DEFAULT_POLICY,
    ) -> Portfolio:
        """Validate and index; raise one ValidationError with every problem.

        With ``strict=False`` dangling references that do not disturb the
        queries (a product's unknown subject, a supersession pointing to an
        unknown certificate or another product, an unknown commune) are
        tolerated; duplicates, certificates of unknown products and
        overlapping certificates always raise (:data:`HARD_PROBLEMS`). Notes
        (``"renewal-supersedes"``) never do.
        """
        portfolio, problems = cls.check(products, subjects, certificates, communes=communes,
                                        coverage=coverage, policy=policy)
        problems = tuple(p for p in problems if p.blocking)
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
        coverage: Coverage | None = None,
        policy: CertificatePolicy = DEFAULT_POLICY,
    ) -> tuple[Portfolio, tuple[Problem, ...]]:
        """Validate leniently: keep the good records and return every problem.

        A certificate issued while the product's previous one is in force supersedes
        it (the renewal rule of ``policy``, :mod:`ocopkit.certification._renewals`):
        the supersession is recorded and reported as a ``"renewal-supersedes"`` note.
        Dropped: the later record of a duplicate id or certificate number; a
        certificate of an unknown product; of two overlapping certificates (issued the
        same day, or with the rule turned off), the one issued later. Kept (but
        reported): a product whose subject is unknown, a certificate whose
        ``superseded_by`` points nowhere.
        """
        problems: list[Problem] = []
        all_subjects, all_products = tuple(subjects), tuple(products)
        all_certs = tuple(certificates)
        kept_subjects = [all_subjects[i] for i in _dedupe(
            all_subjects, "subjects", "duplicate-subject-id", BY_ID, problems)]
        product_at = _dedupe(all_products, "products", "duplicate-product-id", BY_ID, problems)
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
        for i in _dedupe(all_certs, "certificates", "duplicate-certificate-number", BY_NUMBER,
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
        first, more = group(all_certs, cert_at)
        if policy.renewal_supersedes and more:
            renewed = list(all_certs)
            supersede_renewals(renewed, more, problems)
            all_certs = tuple(renewed)
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
            coverage=coverage,
        )
        # the certificates of each product, already sorted above (same order: stable)
        portfolio._index.seed(chains(all_certs, first, more, dropped))
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
        exact = product_id not in ix.imprecise
        start_of = ix.start_of
        for k in range(bisect.bisect_right(certs, on, key=ISSUED) - 1, -1, -1):
            c = certs[k]
            # c.in_force(on): certainly issued on or before ``on``, certainly not ended
            if on <= end_of[id(c)] and (exact or start_of[id(c)] <= on):
                return c
        return None

    def in_force_bounds(
        self, on: date, **filters: Unpack[PortfolioFilters]
    ) -> tuple[tuple[Certificate, ...], tuple[Certificate, ...]]:
        """``(certain, uncertain)``: the certificates certainly in force on ``on`` (those
        of :meth:`in_force`), and those that may be — a partial issue date, or a filter
        the record cannot answer (a product set or a legal form that is not known).

        >>> from ocopkit.certification import PartialDate
        >>> c = Certificate(number="N", product_id="p1", stars=3,
        ...     issued=PartialDate.month(2025, 11), valid_until=date(2028, 11, 30))
        >>> pf = Portfolio.build([Product("p1", "Miến dong Mẫu", 6, "s1", "06@63")],
        ...                      [Subject("s1", "HTX Mẫu", "cooperative", "06@63")], [c])
        >>> [len(x) for x in pf.in_force_bounds(date(2025, 11, 15))]
        [0, 1]
        >>> [len(x) for x in pf.in_force_bounds(date(2025, 12, 1))]
        [1, 0]
        """
        sure, maybe = self._predicates(filters, on)
        ix = self._index
        pstarts, pends = ix.possible
        certain: list[Certificate] = []
        uncertain: list[Certificate] = []
        for start, end, pstart, pend, c in zip(ix.starts, ix.ends, pstarts, pends,
                                               self.certificates, strict=True):
            if not pstart <= on <= pend:
                continue
            if not maybe(c):
                continue
            if start <= on <= end and sure(c):
                certain.append(c)
            else:
                uncertain.append(c)
        return tuple(certain), tuple(uncertain)

    def stars_states(self, product_id: str, on: date, basis: Basis = "in-force") -> StarStates:
        """The tiers ``product_id`` may hold on ``on`` (``None``: no recognition), under
        ``basis`` ``"in-force"`` or ``"recognised"`` (cumulative); one element when the
        records tell (see :mod:`ocopkit.certification._bounds`).

        >>> from ocopkit.certification import PartialDate
        >>> c = Certificate(number="N", product_id="p1", stars=3,
        ...     issued=PartialDate.month(2025, 11), valid_until=date(2028, 11, 30))
        >>> pf = Portfolio.build([Product("p1", "Miến dong Mẫu", 6, "s1", "06@63")],
        ...                      [Subject("s1", "HTX Mẫu", "cooperative", "06@63")], [c])
        >>> sorted(pf.stars_states("p1", date(2025, 11, 15)), key=str)
        [3, None]
        >>> pf.stars_states("p1", date(2026, 1, 1))
        frozenset({3})
        """
        return stars_states(self._index.effective.get(product_id, ()), on, basis)

    @property
    def imprecise_products(self) -> frozenset[str]:
        """The products with a certificate whose issue day is not known exactly."""
        return self._index.imprecise

    def effective_history(self, product_id: str, until: date) -> tuple[Certificate, ...]:
        """The certificates of ``product_id`` issued on or before ``until`` that were in
        force at least one day (not revoked or superseded on their issue day), by issue
        date: the recognitions the indicators of :mod:`ocopkit.targets` count."""
        certs = self._index.effective.get(product_id, ())
        if not certs or certs[-1].sort_day <= until:
            return certs
        return certs[:bisect.bisect_right(certs, until, key=ISSUED)]

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
        horizon = _horizon(on, days)
        found = [c for c in self.in_force(on, **filters)
                 if c.valid_until is not None and on <= c.valid_until <= horizon]
        return tuple(sorted(found, key=lambda c: (c.known_valid_until, c.number)))

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
        ix = self._index
        lo, hi, latest = ix.lapse_table()
        day = on.toordinal()
        found = [c for first, until, c in zip(lo, hi, latest, strict=True)
                 if first <= day < until]
        if ix.imprecise:  # products with partial dates: only when certainly lapsed
            extra = {pid for pid in ix.imprecise
                     if lapsed_state(ix.effective.get(pid, ()), on) is True}
            if extra:
                order = {pid: k for k, pid in enumerate(ix.products)}
                found.extend(ix.effective[pid][-1] for pid in extra)
                found.sort(key=lambda c: order.get(c.product_id, len(order)))
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
        horizon = _horizon(on, within)
        out: list[RenewalDue] = []
        for c in self.in_force(on, **filters):
            if c.valid_until is None or c.valid_until > horizon:
                continue  # (a last day of validity known only roughly is not listed)
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

    def _predicate(self, filters: PortfolioFilters, on: date | None) -> Predicate | None:
        ix = self._index
        return predicate(filters, on, ix.products, ix.subjects, self.communes)

    def _predicates(self, filters: PortfolioFilters, on: date | None
                    ) -> tuple[Predicate, Predicate]:
        ix = self._index
        return predicate_bounds(filters, on, ix.products, ix.subjects, self.communes)


def _horizon(on: date, days: int) -> date:
    """``on`` plus ``days`` days, or the last day of the calendar (31/12/9999) when the
    sum would leave it: "expiring within N days" then means "expiring from ``on``"."""
    return date.fromordinal(min(on.toordinal() + days, date.max.toordinal()))


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
