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
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import Final, TypeVar, Unpack

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.places import CommuneRegistry
from ocopkit.products import Product, Subject
from ocopkit.text import suggest

from ._certificate import Certificate
from ._filters import PortfolioFilters, Predicate, predicate
from ._history import BY_ID, BY_NUMBER, ISSUED, Index, chains, group
from ._policy import DEFAULT_POLICY, CertificatePolicy, RenewalStage

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
    merged provinces by their commune's predecessors.
    """

    products: tuple[Product, ...] = attrs.field(converter=_products)
    subjects: tuple[Subject, ...] = attrs.field(converter=_subjects)
    certificates: tuple[Certificate, ...] = attrs.field(converter=_certificates)
    communes: CommuneRegistry | None = None
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
        for k in range(bisect.bisect_right(certs, on, key=ISSUED) - 1, -1, -1):
            c = certs[k]
            if on <= end_of[id(c)]:  # c.in_force(on): issued on or before ``on``
                return c
        return None

    def effective_history(self, product_id: str, until: date) -> tuple[Certificate, ...]:
        """The certificates of ``product_id`` issued on or before ``until`` that were in
        force at least one day (not revoked or superseded on their issue day), by issue
        date: the recognitions the indicators of :mod:`ocopkit.targets` count."""
        certs = self._index.effective.get(product_id, ())
        if not certs or certs[-1].issued_on <= until:
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

    def _predicate(self, filters: PortfolioFilters, on: date | None) -> Predicate | None:
        ix = self._index
        return predicate(filters, on, ix.products, ix.subjects, self.communes)


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
