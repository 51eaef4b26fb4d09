"""OCOP certificates (giấy chứng nhận): validity, renewal, revocation, transitions.

Only 3★–5★ products are recognised and certified (QĐ 26/2026/QĐ-TTg Điều 4
khoản 1 điểm a: "Đối với sản phẩm đạt 1 sao hoặc 2 sao, không ban hành quyết
định công nhận và không cấp giấy chứng nhận"). A certificate "có giá trị trong
thời hạn 36 tháng kể từ ngày cơ quan có thẩm quyền ban hành" (Điều 4 khoản 3).

The arithmetic of that period is a :class:`CertificatePolicy`. The default
counts the period as the Civil Code does (Bộ luật Dân sự 2015 Điều 147 khoản 2,
Điều 148 khoản 3 and 6): the day of issue is not counted, the period ends at
24:00 of the *corresponding* day of the 36th month, or of the last day of that
month when it has no corresponding day. So :attr:`Certificate.valid_until`
— always the **last day on which the certificate is in force** — is the same
calendar date 36 months later:

>>> from datetime import date
>>> DEFAULT_POLICY.valid_until(date(2025, 6, 19))
datetime.date(2028, 6, 19)
>>> DEFAULT_POLICY.valid_until(date(2024, 2, 29))       # no 29 Feb in 2027
datetime.date(2027, 2, 28)

Issuing checks the inputs against the rule set in force on the issue date:

>>> from ocopkit.rulesets import PROVINCE, MINISTRY_MAE
>>> cert = Certificate.issue(
...     number="GCN-01", product_id="P-1", stars=4,
...     decision_number="123/QĐ-UBND", decision_date=date(2026, 7, 1),
...     authority=PROVINCE, ruleset_id="vn-qd-26-2026",
... )
>>> cert.valid_until
datetime.date(2029, 7, 1)
>>> cert.status(date(2029, 7, 1)).value, cert.status(date(2029, 7, 2)).value
('valid', 'expired')
>>> try:
...     Certificate.issue(
...         number="GCN-02", product_id="P-1", stars=2,
...         decision_number="124/QĐ-UBND", decision_date=date(2026, 7, 1),
...         authority=PROVINCE, ruleset_id="vn-qd-26-2026",
...     )
... except CertificateError as err:
...     print(err.code, "|", err.message_en)
stars-not-certifiable | 2★ products are not certified (only 3★–5★; QĐ 26/2026/QĐ-TTg Điều 4.1.a)

Transitions never mutate: they return a new :class:`Certificate` (built with
:func:`attrs.evolve`) or raise :class:`~ocopkit.errors.CertificateError` with a
stable ``code``:

>>> revoked = cert.revoke(date(2027, 1, 5), RevocationGround.MARK_MISUSE)
>>> revoked.status(date(2027, 1, 4)).value, revoked.status(date(2027, 1, 5)).value
('valid', 'revoked')
>>> try:
...     revoked.revoke(date(2027, 2, 1), "c")
... except CertificateError as err:
...     err.code
'already-revoked'
"""


from __future__ import annotations

import enum
from datetime import date, timedelta
from typing import Any, Final

import attrs

from ocopkit import rulesets as _rulesets
from ocopkit.errors import CertificateError, Problem, Severity
from ocopkit.rulesets import Authority

from ._competence import rule_errors, stars_error
from ._dates import PartialDate
from ._grounds import RevocationGround
from ._issuer import IssuingBody
from ._policy import DEFAULT_POLICY, CertificatePolicy
from ._transitions import Transitions

__all__ = ["Certificate", "CertificateStatus"]

_ONE_DAY: Final = timedelta(days=1)

# The field a rule failure of :func:`rule_errors` is about, for located problems.
_FIELD_OF_RULE: Final = {
    "issued-before-decision": "issued_on", "issued-before-evaluation": "issued_on",
    "decided-before-evaluation": "decision_date", "unknown-ruleset": "ruleset_id",
    "ruleset-not-in-force": "ruleset_id", "authority-not-competent": "authority",
}


class CertificateStatus(enum.Enum):
    """The state of a certificate on a given day (see :meth:`Certificate.status`)."""

    NOT_YET_VALID = "not-yet-valid"
    """Before the issue date."""
    VALID = "valid"
    """Within the 36-month validity (26/2026 Điều 4.3)."""
    EXTENDED = "extended"
    """After expiry, kept in force by the transitional grace (26/2026 Điều 12.3)."""
    EXPIRED = "expired"
    """After the last day in force (including the end of any grace)."""
    REVOKED = "revoked"
    """On or after the revocation date (26/2026 Điều 8)."""
    SUPERSEDED = "superseded"
    """On or after the day a newer certificate (upgrade, re-evaluation) took over."""
    UNKNOWN = "unknown"
    """The record's dates (known only to a month, a year, before or after a day) do not
    tell whether the certificate was in force on the day."""

    @property
    def in_force(self) -> bool:
        """``True`` for :attr:`VALID` and :attr:`EXTENDED`."""
        return self in (CertificateStatus.VALID, CertificateStatus.EXTENDED)


def _err(code: str, en: str, vi: str) -> CertificateError:
    return CertificateError(en, vi, code=code)


def _check_stars(_: Any, __: attrs.Attribute[int], value: int) -> None:
    error = stars_error(value)
    if error is not None:
        raise error


def _check_text(_: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise _err(
            "empty-field",
            f"{attribute.name} must be a non-empty string",
            f"{attribute.name} không được để trống",
        )


@attrs.frozen(kw_only=True)
class Certificate(Transitions):
    """A certificate of OCOP recognition (giấy chứng nhận sản phẩm OCOP).

    The constructor checks structural invariants only (3–5 stars, dates in
    order, revocation and supersession recorded completely), so that
    historical records can be loaded as they were issued. Use
    :meth:`issue` to create a certificate under the rules, :meth:`check` to check a
    recorded one against them.

    Dates:

    * ``issued_on`` — the first day in force;
    * ``valid_until`` — the **last** day in force (inclusive);
    * ``revoked_on`` / ``superseded_on`` — the first day *no longer* in force;
    * ``extended_until`` — the last day in force under the Điều 12.3 grace.

    **Incomplete records.** A certificate known from a published list may lack the day
    of issue: ``issued`` then holds what is known (a :class:`PartialDate`: a month, a
    year, before or after a day) and ``issued_on`` is ``None``; ``expires`` holds the
    matching bounds of the last day of validity (``valid_until`` when the record states
    it). ``decision_number``, ``decision_date``, ``authority`` and ``ruleset_id`` may be
    unknown (``None``); ``issuer`` keeps the issuing body as written and what it
    resolves to. Such a certificate answers "in force on this day?" with
    :meth:`in_force` (certainly) and :meth:`possibly_in_force`; :meth:`status` says
    :attr:`CertificateStatus.UNKNOWN` when the dates do not tell.

    >>> c = Certificate(number="GCN-9", product_id="P", stars=3,
    ...                 issued=PartialDate.year(2024),
    ...                 expires=PartialDate.between(date(2027, 1, 1), date(2027, 12, 31)))
    >>> c.status(date(2024, 6, 1)).value, c.status(date(2025, 6, 1)).value
    ('unknown', 'valid')
    """

    number: str = attrs.field(validator=_check_text)
    product_id: str = attrs.field(validator=_check_text)
    stars: int = attrs.field(validator=_check_stars)
    decision_number: str | None = None
    decision_date: date | None = None
    authority: Authority | None = None
    ruleset_id: str | None = None
    issued_on: date | None = None
    valid_until: date | None = None
    evaluation_ref: str | None = None
    evaluated_on: date | None = None
    revoked_on: date | None = None
    revocation_ground: RevocationGround | None = None
    revocation_note: str | None = None
    superseded_by: str | None = None
    superseded_on: date | None = None
    extended_until: date | None = None
    issued: PartialDate | None = None
    expires: PartialDate | None = None
    issuer: IssuingBody | None = None

    def __attrs_post_init__(self) -> None:
        if (self.issued_on is None) == (self.issued is None):
            raise _err("issue-date-required",
                       f"certificate {self.number}: give issued_on (the day) or issued (a "
                       "partial date), exactly one",
                       f"giấy chứng nhận {self.number}: cần đúng một trong issued_on (ngày "
                       "cấp) hoặc issued (ngày cấp không đầy đủ)")
        if self.issued is not None and self.issued.exact is not None:
            raise _err("exact-partial-date",
                       f"certificate {self.number}: the issue day is known; use issued_on",
                       f"giấy chứng nhận {self.number}: đã biết ngày cấp; dùng issued_on")
        if self.valid_until is None and (self.issued_on is not None or self.expires is None):
            raise _err("valid-until-required",
                       f"certificate {self.number}: valid_until (or, with a partial issue "
                       "date, expires) is required",
                       f"giấy chứng nhận {self.number}: thiếu ngày hết hạn")
        first = self.issued_on if self.issued_on is not None else (
            self.issued.earliest if self.issued is not None else None)
        if self.valid_until is not None and first is not None and self.valid_until < first:
            raise _err("valid-until-before-issue",
                       f"certificate {self.number}: valid_until precedes issued_on",
                       f"giấy chứng nhận {self.number}: ngày hết hạn trước ngày cấp")
        if (self.revoked_on is None) != (self.revocation_ground is None):
            raise _err("revocation-incomplete",
                       f"certificate {self.number}: revoked_on and revocation_ground "
                       "go together",
                       f"giấy chứng nhận {self.number}: thiếu ngày hoặc căn cứ thu hồi")
        if (self.superseded_by is None) != (self.superseded_on is None):
            raise _err("supersession-incomplete",
                       f"certificate {self.number}: superseded_by and superseded_on go together",
                       f"giấy chứng nhận {self.number}: thiếu số hoặc ngày của giấy thay thế")
        for name in ("revoked_on", "superseded_on"):
            when = getattr(self, name)
            if when is not None and first is not None and when < first:
                raise _err("before-issue",
                           f"certificate {self.number}: {name} precedes issued_on",
                           f"giấy chứng nhận {self.number}: {name} trước ngày cấp")
        if (self.extended_until is not None and self.valid_until is not None
                and self.extended_until <= self.valid_until):
            raise _err("extension-not-after-expiry",
                       f"certificate {self.number}: extended_until must follow valid_until",
                       f"giấy chứng nhận {self.number}: ngày gia hạn phải sau ngày hết hạn")

    # ------------------------------------------------------------------ factory

    @classmethod
    def issue(
        cls,
        *,
        number: str,
        product_id: str,
        stars: int,
        decision_number: str,
        decision_date: date,
        authority: Authority,
        ruleset_id: str,
        issued_on: date | None = None,
        evaluation_ref: str | None = None,
        evaluated_on: date | None = None,
        policy: CertificatePolicy = DEFAULT_POLICY,
        registry: _rulesets.RuleSetRegistry | None = None,
        issuer: IssuingBody | None = None,
    ) -> Certificate:
        """Issue a certificate under the rules; ``valid_until`` comes from ``policy``.

        ``issued_on`` defaults to ``decision_date``. Refused (with the code):

        * 1★ or 2★ (``stars-not-certifiable``; 26/2026 Điều 4.1.a);
        * issued before the decision (``issued-before-decision``), or
          issued/decided before the evaluation (``issued-before-evaluation``,
          ``decided-before-evaluation``);
        * an unknown rule set (``unknown-ruleset``), or one not in force on the
          issue date and not kept alive by a transitional provision such as
          26/2026 Điều 12.2 (``ruleset-not-in-force``);
        * an authority that is not the one the rule set names for ``stars`` on
          the issue date (``authority-not-competent``) — e.g. a district 3★
          certificate after the district level was abolished (2025-07-06).

        >>> from ocopkit.rulesets import DISTRICT
        >>> try:
        ...     Certificate.issue(number="N", product_id="P", stars=3,
        ...         decision_number="9/QĐ-UBND", decision_date=date(2025, 8, 1),
        ...         authority=DISTRICT, ruleset_id="vn-qd-148-1489-2025")
        ... except CertificateError as err:
        ...     err.code
        'authority-not-competent'
        """
        issued = decision_date if issued_on is None else issued_on
        errors = rule_errors(number=number, stars=stars, issued=issued,
                             decision_date=decision_date, evaluated_on=evaluated_on,
                             authority=authority, ruleset_id=ruleset_id, registry=registry)
        if errors:
            raise errors[0]
        return cls(
            number=number,
            product_id=product_id,
            stars=stars,
            decision_number=decision_number,
            decision_date=decision_date,
            authority=authority,
            ruleset_id=ruleset_id,
            issued_on=issued,
            valid_until=policy.valid_until(issued),
            evaluation_ref=evaluation_ref,
            evaluated_on=evaluated_on,
            issuer=issuer,
        )

    def check(self, registry: _rulesets.RuleSetRegistry | None = None) -> tuple[Problem, ...]:
        """The rules of :meth:`issue` this recorded certificate breaks, as problems.

        The same rules :meth:`issue` applies (one implementation), checked on the issue
        day — or on the first and the last possible day of a partial issue date:
        a rule broken on both is a ``"warning"``, on one of them only a ``"note"``
        (whether it was broken depends on the day). What is unknown (the authority, the
        rule set) is not checked. Paths are relative (``"authority"``, ``"ruleset_id"``).
        """
        if self.issued_on is not None:
            days: tuple[date, ...] = (self.issued_on,)
        else:
            assert self.issued is not None
            days = tuple(d for d in dict.fromkeys((self.issued.earliest, self.issued.latest))
                         if d is not None)
        found: dict[str, list[CertificateError]] = {}
        for day in days:
            for e in rule_errors(number=self.number, stars=self.stars, issued=day,
                                 decision_date=self.decision_date,
                                 evaluated_on=self.evaluated_on, authority=self.authority,
                                 ruleset_id=self.ruleset_id, registry=registry):
                found.setdefault(e.code, []).append(e)
        out = []
        for code, errs in found.items():
            field = _FIELD_OF_RULE.get(code, "issued_on")
            severity: Severity = "warning" if len(errs) == len(days) else "note"
            out.append(Problem(field, code, errs[0].message_vi, errs[0].message_en,
                               severity=severity))
        return tuple(out)

    # ------------------------------------------------------------------ queries

    @property
    def exact(self) -> bool:
        """Whether the day of issue is known (``issued_on`` is set)."""
        return self.issued_on is not None

    @property
    def issue_bounds(self) -> tuple[date | None, date | None]:
        """The first and last possible day of issue (``None``: unbounded)."""
        if self.issued_on is not None:
            return self.issued_on, self.issued_on
        assert self.issued is not None
        return self.issued.earliest, self.issued.latest

    @property
    def sort_day(self) -> date:
        """The day the certificate is ordered by in a history: the day of issue, else the
        latest possible one (the earliest for "after" a day)."""
        if self.issued_on is not None:
            return self.issued_on
        assert self.issued is not None
        day = self.issued.latest if self.issued.latest is not None else self.issued.earliest
        assert day is not None
        return day

    def _validity_bounds(self) -> tuple[date | None, date | None]:
        """The first and last possible day of ``valid_until`` (``expires`` when unknown)."""
        if self.valid_until is not None:
            return self.valid_until, self.valid_until
        assert self.expires is not None
        return self.expires.earliest, self.expires.latest

    def end_bounds(self) -> tuple[date | None, date | None]:
        """The first and last possible *last day in force* (``None``: unbounded), after
        any grace and cut short by a revocation or supersession."""
        if self.issued_on is not None:
            end = self.last_day_in_force
            return end, end
        lo, hi = self._validity_bounds()
        if self.extended_until is not None:
            lo = None if lo is None else max(lo, self.extended_until)
            hi = None if hi is None else max(hi, self.extended_until)
        for stop in (self.revoked_on, self.superseded_on):
            if stop is not None:
                cut = stop - _ONE_DAY
                lo = cut if lo is None else min(lo, cut)
                hi = cut if hi is None else min(hi, cut)
        return lo, hi

    @property
    def known_issued_on(self) -> date:
        """``issued_on``, which must be known (``imprecise-dates`` otherwise)."""
        if self.issued_on is None:
            raise _err("imprecise-dates",
                       f"certificate {self.number}: its issue day is not known to the day; "
                       "use issue_bounds()",
                       f"giấy chứng nhận {self.number}: không biết chính xác ngày cấp")
        return self.issued_on

    @property
    def known_valid_until(self) -> date:
        """``valid_until``, which must be known (``imprecise-dates`` otherwise)."""
        if self.valid_until is None:
            raise _err("imprecise-dates",
                       f"certificate {self.number}: its last day of validity is not known to "
                       "the day; use end_bounds()",
                       f"giấy chứng nhận {self.number}: không biết chính xác ngày hết hạn")
        return self.valid_until

    @property
    def validity_ends(self) -> date:
        """The last day of validity: ``valid_until``, or the Điều 12.3 grace
        ``extended_until`` when later — before any revocation or supersession.

        Only for a certificate whose dates are known to the day (``imprecise-dates``
        otherwise: see :meth:`end_bounds`)."""
        valid_until = self.known_valid_until
        if self.extended_until is not None and self.extended_until > valid_until:
            return self.extended_until
        return valid_until

    @property
    def last_day_in_force(self) -> date:
        """The last day the certificate is in force.

        ``valid_until`` or the grace ``extended_until``, cut short by a
        revocation or supersession. It precedes ``issued_on`` when the
        certificate was revoked or superseded on its issue day (never in force).
        Only for a certificate whose dates are known to the day (see :meth:`end_bounds`).
        """
        end = self.validity_ends
        for stop in (self.revoked_on, self.superseded_on):
            if stop is not None and stop - _ONE_DAY < end:
                end = stop - _ONE_DAY
        return end

    def status(self, on: date) -> CertificateStatus:
        """The status on day ``on`` (revocation and supersession take effect on their date).

        :attr:`CertificateStatus.UNKNOWN` when a partial issue date leaves it open."""
        if self.issued_on is None:
            return self._status_bounded(on)
        if on < self.issued_on:
            return CertificateStatus.NOT_YET_VALID
        stops = [
            (when, st)
            for when, st in ((self.revoked_on, CertificateStatus.REVOKED),
                             (self.superseded_on, CertificateStatus.SUPERSEDED))
            if when is not None and when <= on
        ]
        if stops:
            return min(stops, key=lambda pair: pair[0])[1]
        if on <= self.known_valid_until:
            return CertificateStatus.VALID
        if self.extended_until is not None and on <= self.extended_until:
            return CertificateStatus.EXTENDED
        return CertificateStatus.EXPIRED

    def in_force(self, on: date) -> bool:
        """Whether the certificate is (certainly) in force — valid or extended — on ``on``."""
        if self.issued_on is not None:
            return self.issued_on <= on <= self.last_day_in_force
        _, start = self.issue_bounds
        end, _ = self.end_bounds()
        return start is not None and end is not None and start <= on <= end

    def possibly_in_force(self, on: date) -> bool:
        """Whether the certificate may be in force on ``on`` (equal to :meth:`in_force`
        when the dates are known to the day)."""
        if self.issued_on is not None:
            return self.in_force(on)
        start, _ = self.issue_bounds
        _, end = self.end_bounds()
        return (start is None or start <= on) and (end is None or on <= end)

    def _status_bounded(self, on: date) -> CertificateStatus:
        start_lo, start_hi = self.issue_bounds
        if start_lo is not None and on < start_lo:
            return CertificateStatus.NOT_YET_VALID
        if start_hi is None or on < start_hi:
            return CertificateStatus.UNKNOWN
        for when, st in sorted(((w, s) for w, s in (
                (self.revoked_on, CertificateStatus.REVOKED),
                (self.superseded_on, CertificateStatus.SUPERSEDED)) if w is not None),
                key=lambda pair: pair[0]):
            if when <= on:
                return st
        lo, hi = self._validity_bounds()
        if lo is not None and on <= lo:
            return CertificateStatus.VALID
        if self.extended_until is not None and on <= self.extended_until:
            return CertificateStatus.EXTENDED
        if hi is not None and on > hi:
            return CertificateStatus.EXPIRED
        return CertificateStatus.UNKNOWN
