"""The certificate an upgrade or a re-evaluation starts from: whether a case may start
from it on a day (26/2026 Điều 7.5, 7.6.a) and the extension of Điều 12.3 a late
re-evaluation justifies — one rule each, used by :class:`~ocopkit.procedure.Case` and by
the deadlines of :mod:`ocopkit.procedure`."""

from __future__ import annotations

from datetime import date

from ocopkit.certification import Certificate, RenewalStage
from ocopkit.errors import ProcedureError
from ocopkit.rulesets import AssessmentKind

from ._actors import Step
from ._limits import ProcedurePolicy

__all__ = ["check_held_on", "extended", "extension_justified"]


def _err(code: str, en: str, vi: str) -> ProcedureError:
    return ProcedureError(en, vi, code=code, step=Step.SUBMIT.value)


def extension_justified(kind: AssessmentKind, held: Certificate, submitted_on: date,
                        policy: ProcedurePolicy) -> bool:
    """Whether a dossier of ``kind`` filed on ``submitted_on`` keeps ``held`` in force under
    Điều 12.3: a re-evaluation filed after the window of Điều 7.6.a closed, for a
    certificate :meth:`~ocopkit.certification.CertificatePolicy.caught_by_transition`."""
    cp = policy.certificates
    return (kind is AssessmentKind.RE_EVALUATION
            and cp.renewal_stage(held, submitted_on) is RenewalStage.WINDOW_CLOSED
            and cp.caught_by_transition(held))


def extended(held: Certificate, decided_on: date | None,
             policy: ProcedurePolicy) -> Certificate | None:
    """``held`` kept in force "đến ngày có kết quả xử lý …, nhưng không quá 180 ngày tính
    từ ngày hết thời hạn" (Điều 12.3): through the grace limit while the case is pending
    (``decided_on`` is ``None``), through the day of the result otherwise; ``None`` when
    the result came before the certificate expired."""
    cp = policy.certificates
    until = cp.grace_limit(held)
    if decided_on is not None:
        until = min(until, decided_on)
        if until <= held.known_valid_until:
            return None
    return held.extend_for_transition(until, policy=cp)


def check_held_on(kind: AssessmentKind, held: Certificate, on: date,
                   policy: ProcedurePolicy) -> None:
    """Refuse to start an upgrade from a certificate not in force on ``on`` (Điều 7.5), or a
    re-evaluation outside the window of Điều 7.6.a — unless Điều 12.3 covers it."""
    cp = policy.certificates
    if kind is AssessmentKind.UPGRADE:
        if not held.in_force(on):
            raise _err("held-not-in-force",
                       f"certificate {held.number} is not in force on {on.isoformat()}: "
                       "there is nothing to upgrade (Điều 7.5)",
                       f"giấy chứng nhận {held.number} không còn hiệu lực ngày {on:%d/%m/%Y}")
        return
    stage = cp.renewal_stage(held, on)
    opens, closes = cp.renewal_window(held)
    if stage is RenewalStage.BEFORE_WINDOW:
        raise _err("reevaluation-too-early",
                   f"a re-evaluation of {held.number} is filed from {opens.isoformat()} "
                   f"({cp.renewal_opens_days} days before expiry; Điều 7.6.a)",
                   f"hồ sơ đánh giá lại {held.number} nộp từ ngày {opens:%d/%m/%Y} (Điều 7.6.a)")
    late_ok = extension_justified(kind, held, on, policy) and on <= cp.grace_limit(held)
    if stage is RenewalStage.WINDOW_CLOSED and not late_ok:
        raise _err("reevaluation-too-late",
                   f"the re-evaluation window of {held.number} closed on {closes.isoformat()} "
                   f"({cp.renewal_closes_days} days before expiry; Điều 7.6.a)",
                   f"thời hạn nộp hồ sơ đánh giá lại {held.number} đã hết ngày "
                   f"{closes:%d/%m/%Y} (Điều 7.6.a)")
    if not (held.in_force(on) or late_ok):
        raise _err("held-not-in-force", f"certificate {held.number} is not in force on "
                   f"{on.isoformat()}", f"giấy chứng nhận {held.number} không còn hiệu lực")
