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
from ocopkit.errors import CertificateError, ValidationError
from ocopkit.rulesets import CERTIFIABLE_STARS, Authority, AuthorityLevel

from ._grounds import QD26, RevocationGround
from ._policy import DEFAULT_POLICY, CertificatePolicy

__all__ = ["Certificate", "CertificateStatus"]

_ONE_DAY: Final = timedelta(days=1)


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

    @property
    def in_force(self) -> bool:
        """``True`` for :attr:`VALID` and :attr:`EXTENDED`."""
        return self in (CertificateStatus.VALID, CertificateStatus.EXTENDED)


def _err(code: str, en: str, vi: str) -> CertificateError:
    return CertificateError(en, vi, code=code)


def _check_stars(_: Any, __: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value not in CERTIFIABLE_STARS:
        raise _err(
            "stars-not-certifiable",
            f"{value}★ products are not certified (only 3★–5★; {QD26} Điều 4.1.a)",
            f"sản phẩm {value} sao không được cấp giấy chứng nhận (chỉ 3–5 sao; "
            f"{QD26} Điều 4.1.a)",
        )


def _check_text(_: Any, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise _err(
            "empty-field",
            f"{attribute.name} must be a non-empty string",
            f"{attribute.name} không được để trống",
        )


def _competent(given: Authority, expected: Authority) -> bool:
    """``given`` may issue what ``expected`` issues.

    The same authority id always matches. A specific People's Committee (for
    instance ``"ubnd-lam-dong"`` at province level) stands for the generic one
    of its level; central authorities must match exactly (the Ministry of
    Agriculture and Rural Development is not the Ministry of Agriculture and
    Environment).
    """
    if given.id == expected.id:
        return True
    return given.level == expected.level and expected.level is not AuthorityLevel.CENTRAL


@attrs.frozen(kw_only=True)
class Certificate:
    """A certificate of OCOP recognition (giấy chứng nhận sản phẩm OCOP).

    The constructor checks structural invariants only (3–5 stars, dates in
    order, revocation and supersession recorded completely), so that
    historical records can be loaded as they were issued. Use
    :meth:`issue` to create a certificate under the rules.

    Dates:

    * ``issued_on`` — the first day in force;
    * ``valid_until`` — the **last** day in force (inclusive);
    * ``revoked_on`` / ``superseded_on`` — the first day *no longer* in force;
    * ``extended_until`` — the last day in force under the Điều 12.3 grace.
    """

    number: str = attrs.field(validator=_check_text)
    product_id: str = attrs.field(validator=_check_text)
    stars: int = attrs.field(validator=_check_stars)
    decision_number: str
    decision_date: date
    authority: Authority
    ruleset_id: str
    issued_on: date
    valid_until: date
    evaluation_ref: str | None = None
    evaluated_on: date | None = None
    revoked_on: date | None = None
    revocation_ground: RevocationGround | None = None
    revocation_note: str | None = None
    superseded_by: str | None = None
    superseded_on: date | None = None
    extended_until: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.valid_until < self.issued_on:
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
            if when is not None and when < self.issued_on:
                raise _err("before-issue",
                           f"certificate {self.number}: {name} precedes issued_on",
                           f"giấy chứng nhận {self.number}: {name} trước ngày cấp")
        if self.extended_until is not None and self.extended_until <= self.valid_until:
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
        _check_stars(None, attrs.fields(cls).stars, stars)
        issued = decision_date if issued_on is None else issued_on
        if issued < decision_date:
            raise _err("issued-before-decision",
                       f"certificate {number}: issued on {issued} before its decision "
                       f"of {decision_date}",
                       f"giấy chứng nhận {number}: cấp ngày {issued} trước quyết định "
                       f"ngày {decision_date}")
        if evaluated_on is not None:
            if issued < evaluated_on:
                raise _err("issued-before-evaluation",
                           f"certificate {number}: issued on {issued} before the "
                           f"evaluation of {evaluated_on}",
                           f"giấy chứng nhận {number}: cấp ngày {issued} trước ngày "
                           f"đánh giá {evaluated_on}")
            if decision_date < evaluated_on:
                raise _err("decided-before-evaluation",
                           f"certificate {number}: decided on {decision_date} before the "
                           f"evaluation of {evaluated_on}",
                           f"giấy chứng nhận {number}: quyết định ngày {decision_date} "
                           f"trước ngày đánh giá {evaluated_on}")
        reg = registry if registry is not None else _rulesets.builtin_registry()
        try:
            ruleset = reg.get(ruleset_id)
        except ValidationError as exc:
            raise _err("unknown-ruleset", str(exc.problems[0].format("en")),
                       str(exc.problems[0].format("vi"))) from None
        if not reg.decides_on(ruleset, issued):
            raise _err("ruleset-not-in-force",
                       f"rule set {ruleset_id} is not in force on {issued}",
                       f"bộ quy tắc {ruleset_id} không có hiệu lực ngày {issued}")
        expected = ruleset.authority_for(stars, issued)
        if not _competent(authority, expected):
            raise _err("authority-not-competent",
                       f"{authority.name_en} cannot certify {stars}★ under {ruleset_id} on "
                       f"{issued}; the competent authority is {expected.name_en}",
                       f"{authority.name_vi} không có thẩm quyền công nhận {stars} sao theo "
                       f"{ruleset_id} ngày {issued}; cơ quan có thẩm quyền: {expected.name_vi}")
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
        )

    # ------------------------------------------------------------------ queries

    @property
    def validity_ends(self) -> date:
        """The last day of validity: ``valid_until``, or the Điều 12.3 grace
        ``extended_until`` when later — before any revocation or supersession."""
        if self.extended_until is not None and self.extended_until > self.valid_until:
            return self.extended_until
        return self.valid_until

    @property
    def last_day_in_force(self) -> date:
        """The last day the certificate is in force.

        ``valid_until`` or the grace ``extended_until``, cut short by a
        revocation or supersession. It precedes ``issued_on`` when the
        certificate was revoked or superseded on its issue day (never in force).
        """
        end = self.validity_ends
        for stop in (self.revoked_on, self.superseded_on):
            if stop is not None and stop - _ONE_DAY < end:
                end = stop - _ONE_DAY
        return end

    def status(self, on: date) -> CertificateStatus:
        """The status on day ``on`` (revocation and supersession take effect on their date)."""
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
        if on <= self.valid_until:
            return CertificateStatus.VALID
        if self.extended_until is not None and on <= self.extended_until:
            return CertificateStatus.EXTENDED
        return CertificateStatus.EXPIRED

    def in_force(self, on: date) -> bool:
        """Whether the certificate is in force (valid or extended) on ``on``."""
        return self.issued_on <= on <= self.last_day_in_force

    # ------------------------------------------------------------------ transitions

    def _require_in_force(self, on: date, action_en: str, action_vi: str) -> None:
        if on < self.issued_on:
            raise _err("before-issue",
                       f"cannot {action_en} certificate {self.number} on {on}, before its "
                       f"issue on {self.issued_on}",
                       f"không thể {action_vi} giấy chứng nhận {self.number} ngày {on}, trước "
                       f"ngày cấp {self.issued_on}")
        if self.revoked_on is not None:
            raise _err("already-revoked",
                       f"certificate {self.number} was revoked on {self.revoked_on}",
                       f"giấy chứng nhận {self.number} đã bị thu hồi ngày {self.revoked_on}")
        if self.superseded_on is not None:
            raise _err("already-superseded",
                       f"certificate {self.number} was superseded by {self.superseded_by} on "
                       f"{self.superseded_on}",
                       f"giấy chứng nhận {self.number} đã được thay thế bởi "
                       f"{self.superseded_by} ngày {self.superseded_on}")
        if not self.in_force(on):
            raise _err("expired",
                       f"cannot {action_en} certificate {self.number} on {on}: it expired "
                       f"after {self.last_day_in_force}",
                       f"không thể {action_vi} giấy chứng nhận {self.number} ngày {on}: đã hết "
                       f"hạn sau ngày {self.last_day_in_force}")

    def revoke(
        self, on: date, ground: RevocationGround | str, note: str | None = None
    ) -> Certificate:
        """Revoke from day ``on`` on one of the grounds of 26/2026 Điều 8.1.

        ``ground`` is a :class:`RevocationGround` or its clause letter. Refused
        when ``on`` is before the issue date, or the certificate is already
        revoked, superseded or expired on ``on``. (Điều 8.4 asks the authority
        to revoke within 15 days of the conclusion; that deadline binds the
        authority and is not checked here.)
        """
        try:
            reason = RevocationGround(ground)
        except ValueError:
            raise _err("unknown-ground",
                       f"unknown revocation ground {ground!r} (a, b, c, d, đ, e)",
                       f"căn cứ thu hồi không hợp lệ {ground!r} (a, b, c, d, đ, e)") from None
        self._require_in_force(on, "revoke", "thu hồi")
        return attrs.evolve(self, revoked_on=on, revocation_ground=reason,
                            revocation_note=note)

    def supersede(self, by: Certificate | str, on: date | None = None) -> Certificate:
        """Record that certificate ``by`` replaces this one from day ``on``.

        ``on`` defaults to ``by.issued_on`` when ``by`` is a certificate and is
        required when it is a certificate number. The certificate must be in
        force on ``on`` (a grace extension counts).
        """
        if isinstance(by, Certificate):
            if by.product_id != self.product_id:
                raise _err("different-product",
                           f"certificate {by.number} is for product {by.product_id}, not "
                           f"{self.product_id}",
                           f"giấy chứng nhận {by.number} thuộc sản phẩm {by.product_id}, không "
                           f"phải {self.product_id}")
            number = by.number
            when = by.issued_on if on is None else on
        else:
            if on is None:
                raise _err("missing-date",
                           "supersede(by=<number>) needs the date on which it takes effect",
                           "cần ngày thay thế khi chỉ có số giấy chứng nhận")
            number, when = by, on
        if number == self.number:
            raise _err("same-number",
                       f"certificate {self.number} cannot supersede itself",
                       f"giấy chứng nhận {self.number} không thể tự thay thế")
        self._require_in_force(when, "supersede", "thay thế")
        return attrs.evolve(self, superseded_by=number, superseded_on=when)

    def upgrade(self, new_certificate: Certificate) -> Certificate:
        """Supersede this certificate by a higher-star one (nâng hạng, 26/2026 Điều 7.5).

        Returns this certificate marked superseded from the new one's issue
        date; fewer or equal stars are refused (``upgrade-not-higher``).
        """
        if new_certificate.stars <= self.stars:
            raise _err("upgrade-not-higher",
                       f"an upgrade needs more than {self.stars}★, got "
                       f"{new_certificate.stars}★",
                       f"nâng hạng phải cao hơn {self.stars} sao, nhận được "
                       f"{new_certificate.stars} sao")
        return self.supersede(new_certificate)

    def reevaluate(
        self, new_certificate: Certificate, *, policy: CertificatePolicy = DEFAULT_POLICY
    ) -> Certificate:
        """Supersede this certificate by the result of a re-evaluation (phân hạng lại).

        Re-evaluation (26/2026 Điều 7.6) may keep, raise or lower the stars.
        The new certificate cannot be issued before the dossier window opens
        (``reevaluate-too-early``), nor after this one stopped being in force
        (``expired``: issue a fresh certificate instead, or extend first under
        Điều 12.3).
        """
        opens, _ = policy.renewal_window(self)
        if new_certificate.issued_on < opens:
            raise _err("reevaluate-too-early",
                       f"a re-evaluation of {self.number} cannot be decided before its "
                       f"window opens on {opens}",
                       f"không thể phân hạng lại {self.number} trước ngày mở hồ sơ {opens}")
        return self.supersede(new_certificate)

    def extend_for_transition(
        self, until: date, *, policy: CertificatePolicy = DEFAULT_POLICY
    ) -> Certificate:
        """Keep the certificate in force through ``until`` under 26/2026 Điều 12.3.

        Only for certificates :meth:`CertificatePolicy.caught_by_transition`
        (``not-transitional``); ``until`` must be after ``valid_until`` and at
        most ``transition_grace_days`` (180) later (``extension-too-long``).
        """
        if self.revoked_on is not None:
            raise _err("already-revoked",
                       f"certificate {self.number} was revoked on {self.revoked_on}",
                       f"giấy chứng nhận {self.number} đã bị thu hồi ngày {self.revoked_on}")
        if self.superseded_on is not None:
            raise _err("already-superseded",
                       f"certificate {self.number} was superseded on {self.superseded_on}",
                       f"giấy chứng nhận {self.number} đã được thay thế ngày "
                       f"{self.superseded_on}")
        if not policy.caught_by_transition(self):
            raise _err("not-transitional",
                       f"certificate {self.number} is not covered by {QD26} Điều 12.3",
                       f"giấy chứng nhận {self.number} không thuộc trường hợp Điều 12.3 "
                       f"{QD26}")
        if until <= self.valid_until:
            raise _err("extension-not-after-expiry",
                       f"an extension must end after {self.valid_until}",
                       f"thời hạn kéo dài phải sau ngày {self.valid_until}")
        limit = policy.grace_limit(self)
        if until > limit:
            raise _err("extension-too-long",
                       f"an extension cannot go past {limit} ({policy.transition_grace_days} "
                       "days after expiry)",
                       f"không kéo dài quá ngày {limit} ({policy.transition_grace_days} ngày "
                       "sau khi hết hạn)")
        return attrs.evolve(self, extended_until=until)
