"""The transitions of a certificate — revocation, supersession, upgrade, re-evaluation,
the Điều 12.3 extension — which never mutate: each returns a new
:class:`~ocopkit.certification.Certificate` (built with :func:`attrs.evolve`) or raises
:class:`~ocopkit.errors.CertificateError` with a stable ``code``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

import attrs

from ocopkit.errors import CertificateError

from ._competence import QD26
from ._grounds import RevocationGround
from ._policy import DEFAULT_POLICY, CertificatePolicy

if TYPE_CHECKING:
    from ._certificate import Certificate

__all__ = ["Transitions"]


def _err(code: str, en: str, vi: str) -> CertificateError:
    return CertificateError(en, vi, code=code)


class Transitions:
    """The transition methods of :class:`~ocopkit.certification.Certificate`."""

    __slots__ = ()


    def _require_current(self) -> None:
        """Refuse a certificate already revoked or superseded."""
        me = cast("Certificate", self)
        if me.revoked_on is not None:
            raise _err("already-revoked",
                       f"certificate {me.number} was revoked on {me.revoked_on}",
                       f"giấy chứng nhận {me.number} đã bị thu hồi ngày {me.revoked_on}")
        if me.superseded_on is not None:
            raise _err("already-superseded",
                       f"certificate {me.number} was superseded by {me.superseded_by} on "
                       f"{me.superseded_on}",
                       f"giấy chứng nhận {me.number} đã được thay thế bởi "
                       f"{me.superseded_by} ngày {me.superseded_on}")

    def _require_in_force(self, on: date, action_en: str, action_vi: str) -> None:
        me = cast("Certificate", self)
        first, _ = me.issue_bounds
        if first is not None and on < first:
            raise _err("before-issue",
                       f"cannot {action_en} certificate {me.number} on {on}, before its "
                       f"issue on {me.issued_on}",
                       f"không thể {action_vi} giấy chứng nhận {me.number} ngày {on}, trước "
                       f"ngày cấp {me.issued_on}")
        self._require_current()
        if not me.possibly_in_force(on):
            raise _err("expired",
                       f"cannot {action_en} certificate {me.number} on {on}: it expired "
                       f"after {me.end_bounds()[1]}",
                       f"không thể {action_vi} giấy chứng nhận {me.number} ngày {on}: đã hết "
                       f"hạn sau ngày {me.end_bounds()[1]}")

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
        me = cast("Certificate", self)
        try:
            reason = RevocationGround(ground)
        except ValueError:
            raise _err("unknown-ground",
                       f"unknown revocation ground {ground!r} (a, b, c, d, đ, e)",
                       f"căn cứ thu hồi không hợp lệ {ground!r} (a, b, c, d, đ, e)") from None
        me._require_in_force(on, "revoke", "thu hồi")
        return attrs.evolve(me, revoked_on=on, revocation_ground=reason,
                            revocation_note=note)

    def supersede(self, by: Certificate | str, on: date | None = None) -> Certificate:
        """Record that certificate ``by`` replaces this one from day ``on``.

        ``on`` defaults to ``by.issued_on`` when ``by`` is a certificate and is
        required when it is a certificate number. The certificate must be in
        force on ``on`` (a grace extension counts).
        """
        me = cast("Certificate", self)
        if not isinstance(by, str):
            if by.product_id != me.product_id:
                raise _err("different-product",
                           f"certificate {by.number} is for product {by.product_id}, not "
                           f"{me.product_id}",
                           f"giấy chứng nhận {by.number} thuộc sản phẩm {by.product_id}, không "
                           f"phải {me.product_id}")
            number = by.number
            when = by.issued_on if on is None else on
            if when is None:
                raise _err("missing-date",
                           f"certificate {by.number} has no exact issue day: pass on=",
                           f"giấy chứng nhận {by.number} không có ngày cấp chính xác: cần on=")
        else:
            if on is None:
                raise _err("missing-date",
                           "supersede(by=<number>) needs the date on which it takes effect",
                           "cần ngày thay thế khi chỉ có số giấy chứng nhận")
            number, when = by, on
        if number == me.number:
            raise _err("same-number",
                       f"certificate {me.number} cannot supersede itself",
                       f"giấy chứng nhận {me.number} không thể tự thay thế")
        me._require_in_force(when, "supersede", "thay thế")
        return attrs.evolve(me, superseded_by=number, superseded_on=when)

    def upgrade(self, new_certificate: Certificate) -> Certificate:
        """Supersede this certificate by a higher-star one (nâng hạng, 26/2026 Điều 7.5).

        Returns this certificate marked superseded from the new one's issue
        date; fewer or equal stars are refused (``upgrade-not-higher``).
        """
        me = cast("Certificate", self)
        if new_certificate.stars <= me.stars:
            raise _err("upgrade-not-higher",
                       f"an upgrade needs more than {me.stars}★, got "
                       f"{new_certificate.stars}★",
                       f"nâng hạng phải cao hơn {me.stars} sao, nhận được "
                       f"{new_certificate.stars} sao")
        return me.supersede(new_certificate)

    def reevaluate(
        self, new_certificate: Certificate, *,
        policy: CertificatePolicy = DEFAULT_POLICY,
    ) -> Certificate:
        """Supersede this certificate by the result of a re-evaluation (phân hạng lại).

        Re-evaluation (26/2026 Điều 7.6) may keep, raise or lower the stars.
        The new certificate cannot be issued before the dossier window opens
        (``reevaluate-too-early``), nor after this one stopped being in force
        (``expired``: issue a fresh certificate instead, or extend first under
        Điều 12.3).
        """
        me = cast("Certificate", self)
        opens, _ = policy.renewal_window(me)
        if new_certificate.issued_on is None or new_certificate.issued_on < opens:
            raise _err("reevaluate-too-early",
                       f"a re-evaluation of {me.number} cannot be decided before its "
                       f"window opens on {opens}",
                       f"không thể phân hạng lại {me.number} trước ngày mở hồ sơ {opens}")
        return me.supersede(new_certificate)

    def extend_for_transition(
        self, until: date, *, policy: CertificatePolicy = DEFAULT_POLICY
    ) -> Certificate:
        """Keep the certificate in force through ``until`` under 26/2026 Điều 12.3.

        Only for certificates :meth:`CertificatePolicy.caught_by_transition`
        (``not-transitional``); ``until`` must be after ``valid_until`` and at
        most ``transition_grace_days`` (180) later (``extension-too-long``).
        """
        me = cast("Certificate", self)
        self._require_current()
        if not policy.caught_by_transition(me):
            raise _err("not-transitional",
                       f"certificate {me.number} is not covered by {QD26} Điều 12.3",
                       f"giấy chứng nhận {me.number} không thuộc trường hợp Điều 12.3 "
                       f"{QD26}")
        if me.valid_until is None or until <= me.valid_until:
            raise _err("extension-not-after-expiry",
                       f"an extension must end after {me.valid_until}",
                       f"thời hạn kéo dài phải sau ngày {me.valid_until}")
        limit = policy.grace_limit(me)
        if until > limit:
            raise _err("extension-too-long",
                       f"an extension cannot go past {limit} ({policy.transition_grace_days} "
                       "days after expiry)",
                       f"không kéo dài quá ngày {limit} ({policy.transition_grace_days} ngày "
                       "sau khi hết hạn)")
        return attrs.evolve(me, extended_until=until)
