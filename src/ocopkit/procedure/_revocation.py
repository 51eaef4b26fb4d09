"""Supervision (QĐ 26/2026/QĐ-TTg Điều 9) and the revocation procedure (Điều 8.2–8.4).

Supervision is "hậu kiểm", periodic or ad hoc (Điều 9.2.a), of whether a recognised
product keeps its criteria and how the OCOP mark is used (Điều 9.3), by the provincial
office or the Ministry's (Điều 9.4). A :class:`SupervisionFinding` that finds a ground of
Điều 8.1 is a :class:`Conclusion`; so is another competent body's conclusion, or the
commune's confirmation that the subject stopped producing (Điều 8.4). A
:class:`RevocationCase` then runs: the office verifies and reports (8.3.a), the competent
authority decides (8.2: the chairman of the provincial People's Committee for 3★/4★,
the minister for 5★; 8.3.b) within 15 days of the conclusion (8.4), and the decision is
sent to the subject (8.3.c).

>>> from datetime import date
>>> from ocopkit.certification import Certificate
>>> from ocopkit.rulesets import PROVINCE
>>> cert = Certificate.issue(number="GCN-1", product_id="P-1", stars=4,
...     decision_number="1/QĐ-UBND", decision_date=date(2026, 7, 1), authority=PROVINCE,
...     ruleset_id="vn-qd-26-2026")
>>> confirmation = Conclusion(kind=ConclusionKind.COMMUNE_CONFIRMATION, ground="đ",
...     concluded_on=date(2027, 1, 22), issued_by="UBND xã Mẫu")
>>> case = RevocationCase.open(cert, confirmation)
>>> case.competent.value, case.deadline().due_on     # 06/02/2027 is Tết
('province-chairman', datetime.date(2027, 2, 11))
>>> case = case.verify(by=Actor.PROVINCE_OFFICE, on=date(2027, 1, 26))
>>> case = case.decide(by=Actor.PROVINCE_CHAIRMAN, on=date(2027, 2, 2), reference="9/QĐ-UBND")
>>> case.revoked.status(date(2027, 2, 2)).value, case.deadline().status(date(2027, 3, 1)).value
('revoked', 'met')
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from typing import Final

import attrs

from ocopkit.certification import Certificate, RevocationGround
from ocopkit.errors import ProcedureError

from ._actors import Actor, cite
from ._limits import DEFAULT_PROCEDURE_POLICY, Deadline, DeadlineKind, ProcedurePolicy

__all__ = [
    "Conclusion",
    "ConclusionKind",
    "InspectionMode",
    "InspectionScope",
    "RevocationCase",
    "RevocationEvent",
    "RevocationStage",
    "RevocationStep",
    "SupervisionFinding",
]

_OFFICES: Final = frozenset({Actor.PROVINCE_OFFICE, Actor.MINISTRY_OFFICE})


def _err(code: str, en: str, vi: str, step: str | None = None) -> ProcedureError:
    return ProcedureError(en, vi, code=code, step=step)


def _ground(value: RevocationGround | str) -> RevocationGround:
    try:
        return RevocationGround(value)
    except ValueError:
        raise _err("unknown-ground", f"unknown revocation ground {value!r} (a, b, c, d, đ, e)",
                   f"căn cứ thu hồi không hợp lệ {value!r} (a, b, c, d, đ, e)") from None


def _opt_ground(value: RevocationGround | str | None) -> RevocationGround | None:
    return None if value is None else _ground(value)


class InspectionMode(enum.Enum):
    """"Kiểm tra định kỳ" or "kiểm tra đột xuất khi cần thiết" (26/2026 Điều 9.2.a)."""

    PERIODIC = "periodic"
    AD_HOC = "ad-hoc"


class InspectionScope(enum.Enum):
    """What is inspected (26/2026 Điều 9.3)."""

    CRITERIA = "criteria"
    """a) Việc duy trì các tiêu chí của sản phẩm OCOP theo hồ sơ đã được đánh giá."""
    MARK_AND_PROMOTION = "mark-and-promotion"
    """b) Sử dụng nhãn hiệu OCOP, sử dụng thông tin và quảng bá sản phẩm OCOP."""


def _scopes(value: Iterable[InspectionScope]) -> frozenset[InspectionScope]:
    return frozenset(value)


@attrs.frozen(kw_only=True)
class SupervisionFinding:
    """The result of an inspection of a recognised product (26/2026 Điều 9).

    ``ground`` is the ground of Điều 8.1 the inspection concludes, if any (``None``: the
    product complies). A ground of 8.1.b needs the criteria inspected, one of 8.1.d the
    use of the mark; the end of production (8.1.đ) is confirmed by the commune, not by
    an inspection (Điều 8.4).
    """

    id: str
    certificate_number: str
    product_id: str
    inspected_on: date
    by: Actor
    mode: InspectionMode
    scope: frozenset[InspectionScope] = attrs.field(converter=_scopes)
    ground: RevocationGround | None = attrs.field(default=None, converter=_opt_ground)
    concluded_on: date | None = None
    summary: str = ""
    reference: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.by not in _OFFICES:
            raise _err("actor-not-competent", "supervision is by the provincial office or the "
                       "Ministry's (Điều 9.4)", "cơ quan tham mưu quản lý OCOP cấp tỉnh hoặc "
                       "của Bộ tổ chức kiểm tra, giám sát (Điều 9.4)")
        if not self.scope:
            raise _err("no-scope", "an inspection covers the criteria, the mark or both "
                       "(Điều 9.3)", "nội dung kiểm tra: tiêu chí, nhãn hiệu (Điều 9.3)")
        needs = {RevocationGround.NO_LONGER_MEETS_CRITERIA: InspectionScope.CRITERIA,
                 RevocationGround.MARK_MISUSE: InspectionScope.MARK_AND_PROMOTION}
        if self.ground in needs and needs[self.ground] not in self.scope:
            raise _err("ground-outside-scope",
                       f"ground {self.ground.letter} needs the inspection of "
                       f"{needs[self.ground].value} (Điều 9.3)",
                       f"căn cứ {self.ground.letter} cần kiểm tra {needs[self.ground].value}")
        if self.ground is RevocationGround.PRODUCTION_STOPPED:
            raise _err("commune-confirms",
                       "that production stopped is confirmed by the commune (Điều 8.4)",
                       "việc chủ thể không còn sản xuất do UBND cấp xã xác nhận (Điều 8.4)")
        if self.concluded_on is not None and self.concluded_on < self.inspected_on:
            raise _err("date-order", "the conclusion precedes the inspection",
                       "ngày kết luận trước ngày kiểm tra")

    @property
    def compliant(self) -> bool:
        return self.ground is None

    def conclusion(self) -> Conclusion:
        """The finding as the conclusion that starts a revocation (Điều 8.3.a, 8.4)."""
        if self.ground is None:
            raise _err("compliant", "a compliant product gives no ground to revoke",
                       "sản phẩm đạt yêu cầu, không có căn cứ thu hồi")
        return Conclusion(kind=ConclusionKind.SUPERVISION, ground=self.ground,
                          concluded_on=self.concluded_on or self.inspected_on,
                          issued_by=self.by.label_vi, reference=self.reference, finding=self)


class ConclusionKind(enum.Enum):
    """What starts a revocation (26/2026 Điều 8.1, 8.4)."""

    SUPERVISION = "supervision"
    """An inspection's conclusion (Điều 9; required for ground 8.1.b)."""
    AUTHORITY = "authority"
    """A competent body's conclusion on a violation (8.1.a, c, d, e)."""
    COMMUNE_CONFIRMATION = "commune-confirmation"
    """The commune's confirmation that the subject stopped producing (8.1.đ, 8.4)."""


@attrs.frozen(kw_only=True)
class Conclusion:
    """The conclusion a revocation rests on, and the day the 15 days of Điều 8.4 count
    from."""

    kind: ConclusionKind
    ground: RevocationGround = attrs.field(converter=_ground)
    concluded_on: date
    issued_by: str
    reference: str | None = None
    finding: SupervisionFinding | None = None

    def __attrs_post_init__(self) -> None:
        stopped = self.ground is RevocationGround.PRODUCTION_STOPPED
        if stopped != (self.kind is ConclusionKind.COMMUNE_CONFIRMATION):
            raise _err("wrong-conclusion",
                       "the end of production (8.1.đ) — and only it — is confirmed by the "
                       "commune (Điều 8.4)",
                       "chỉ việc chủ thể không còn sản xuất (8.1.đ) do UBND cấp xã xác nhận")
        if (self.ground is RevocationGround.NO_LONGER_MEETS_CRITERIA
                and self.kind is not ConclusionKind.SUPERVISION):
            raise _err("wrong-conclusion",
                       "ground 8.1.b rests on an inspection's conclusion (Điều 8.1.b)",
                       "căn cứ 8.1.b theo kết luận kiểm tra, giám sát")
        if (self.kind is ConclusionKind.SUPERVISION) != (self.finding is not None):
            raise _err("wrong-conclusion", "an inspection's conclusion carries its finding",
                       "kết luận kiểm tra phải kèm kết quả kiểm tra")
        if self.finding is not None and self.finding.ground is not self.ground:
            raise _err("wrong-conclusion", "the conclusion's ground is the finding's",
                       "căn cứ của kết luận phải là căn cứ của kết quả kiểm tra")


class RevocationStage(enum.Enum):
    OPEN = "open"
    """The conclusion is known; the office verifies (Điều 8.3.a)."""
    VERIFIED = "verified"
    """The office reported to the competent authority (8.3.a)."""
    REVOKED = "revoked"
    """The authority revoked the certificate (8.3.b)."""
    DISMISSED = "dismissed"
    """The authority decided not to revoke (8.3.b: "xem xét, quyết định"; terminal)."""
    NOTIFIED = "notified"
    """The decision went to the subject and the bodies concerned (8.3.c; terminal)."""


class RevocationStep(enum.Enum):
    VERIFY = "verify"
    DECIDE = "decide"
    DISMISS = "dismiss"
    NOTIFY = "notify"


_NEXT: Final = {
    RevocationStage.OPEN: {RevocationStep.VERIFY: RevocationStage.VERIFIED},
    RevocationStage.VERIFIED: {RevocationStep.DECIDE: RevocationStage.REVOKED,
                               RevocationStep.DISMISS: RevocationStage.DISMISSED},
    RevocationStage.REVOKED: {RevocationStep.NOTIFY: RevocationStage.NOTIFIED},
    RevocationStage.DISMISSED: {},
    RevocationStage.NOTIFIED: {},
}


@attrs.frozen(kw_only=True)
class RevocationEvent:
    """A step of a revocation case; ``revoked`` is the certificate a decision revoked."""

    step: RevocationStep
    on: date
    by: Actor
    reference: str | None = None
    note: str | None = None
    revoked: Certificate | None = None


def _events(value: Iterable[RevocationEvent]) -> tuple[RevocationEvent, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class RevocationCase:
    """The revocation of ``certificate`` on ``conclusion`` (26/2026 Điều 8.2–8.4)."""

    certificate: Certificate
    conclusion: Conclusion
    events: tuple[RevocationEvent, ...] = attrs.field(default=(), converter=_events)
    _stage: RevocationStage = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        f = self.conclusion.finding
        if f is not None and f.certificate_number != self.certificate.number:
            raise _err("different-certificate",
                       f"the finding concerns certificate {f.certificate_number}, not "
                       f"{self.certificate.number}", "kết quả kiểm tra thuộc giấy chứng nhận khác")
        stage, previous = RevocationStage.OPEN, self.conclusion.concluded_on
        for ev in self.events:
            target = _NEXT[stage].get(ev.step)
            if target is None:
                raise _err("illegal-step", f"{ev.step.value!r} cannot follow {stage.value}",
                           f"bước {ev.step.value!r} không được thực hiện ở giai đoạn "
                           f"{stage.value}", ev.step.value)
            allowed = _OFFICES if ev.step is RevocationStep.VERIFY else (
                {self.competent} | (_OFFICES if ev.step is RevocationStep.NOTIFY else set()))
            if ev.by not in allowed:
                raise _err("actor-not-competent",
                           f"{ev.by.label_en} cannot {ev.step.value} here (Điều 8.2–8.3)",
                           f"{ev.by.label_vi} không có thẩm quyền (Điều 8.2–8.3)", ev.step.value)
            if ev.on < previous:
                raise _err("date-before-previous-step",
                           f"{ev.step.value} on {ev.on.isoformat()} precedes "
                           f"{previous.isoformat()}", "ngày của bước trước bước trước đó",
                           ev.step.value)
            if (ev.step is RevocationStep.DECIDE) != (ev.revoked is not None) or (
                    ev.revoked is not None and (ev.revoked.number != self.certificate.number
                                                or ev.revoked.revoked_on != ev.on)):
                raise _err("missing-output", "a decision to revoke carries the certificate "
                           "revoked that day", "quyết định thu hồi kèm giấy chứng nhận bị thu hồi",
                           ev.step.value)
            stage, previous = target, ev.on
        object.__setattr__(self, "_stage", stage)

    @classmethod
    def open(cls, certificate: Certificate, conclusion: Conclusion) -> RevocationCase:
        return cls(certificate=certificate, conclusion=conclusion)

    @property
    def stage(self) -> RevocationStage:
        return self._stage

    @property
    def competent(self) -> Actor:
        """Who decides (26/2026 Điều 8.2): the minister for 5★, else the chairman of the
        provincial People's Committee."""
        return Actor.MINISTER if self.certificate.stars == 5 else Actor.PROVINCE_CHAIRMAN

    @property
    def revoked(self) -> Certificate | None:
        """The certificate as revoked, once decided."""
        return next((e.revoked for e in self.events if e.revoked is not None), None)

    def _then(self, event: RevocationEvent) -> RevocationCase:
        return attrs.evolve(self, events=(*self.events, event))

    def verify(self, *, by: Actor, on: date, reference: str | None = None) -> RevocationCase:
        """The office checks, verifies and reports to the competent authority (8.3.a)."""
        return self._then(RevocationEvent(step=RevocationStep.VERIFY, on=on, by=by,
                                          reference=reference))

    def decide(self, *, by: Actor, on: date, reference: str | None = None,
               note: str | None = None) -> RevocationCase:
        """Revoke the certificate from ``on`` on the conclusion's ground (8.3.b)."""
        probe = self._then(RevocationEvent(step=RevocationStep.DISMISS, on=on, by=by))
        del probe  # the step, actor and date are checked before the certificate changes
        revoked = self.certificate.revoke(on, self.conclusion.ground, note)
        return self._then(RevocationEvent(step=RevocationStep.DECIDE, on=on, by=by,
                                          reference=reference, note=note, revoked=revoked))

    def dismiss(self, *, by: Actor, on: date, note: str | None = None) -> RevocationCase:
        """The competent authority decides not to revoke (8.3.b)."""
        return self._then(RevocationEvent(step=RevocationStep.DISMISS, on=on, by=by,
                                          note=note))

    def notify(self, *, by: Actor, on: date) -> RevocationCase:
        """The decision is sent to the subject and the bodies concerned (8.3.c)."""
        return self._then(RevocationEvent(step=RevocationStep.NOTIFY, on=on, by=by))

    def deadline(self, *, policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY) -> Deadline:
        """The 15 days of Điều 8.4, counted from the conclusion; met by the decision
        (to revoke, or not to)."""
        start = self.conclusion.concluded_on
        n = policy.revocation_days
        due, moved = policy.days_after(start, n)
        met = next((e.on for e in self.events
                    if e.step in (RevocationStep.DECIDE, RevocationStep.DISMISS)), None)
        return Deadline(kind=DeadlineKind.REVOCATION, party=self.competent, starts_on=start,
                        due_on=due, moved_from=moved, citation=cite(8, "khoản 4"),
                        limit_vi=f"{n} ngày kể từ ngày có kết luận hoặc xác nhận của UBND cấp xã",
                        limit_en=f"{n} days from the conclusion or the commune's confirmation",
                        met_on=met)
