"""The deadlines of a case or a dossier, from the dated facts they are counted from.

A :class:`Timeline` holds those facts — when the commune received the dossier, when it
proposed it, when the province had it complete, … — whether they come from a case's
history (:meth:`ocopkit.procedure.Case.timeline`) or from the dates written on a
dossier's papers (:func:`dossier_timeline`). :func:`deadlines` turns them into
:class:`~ocopkit.procedure.Deadline` records; :func:`deadline_report` says which are
overdue on a day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from ocopkit.certification import Certificate
from ocopkit.rulesets import AssessmentKind, Rules, Transition
from ocopkit.scoring import Level

from ._actors import Actor, cite
from ._dossiers import CommuneDossier, DocumentKind, ProductDossier, ProvinceDossier
from ._held import extension_justified
from ._limits import (
    DEFAULT_PROCEDURE_POLICY,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Note,
    ProcedurePolicy,
    vn_date,
)
from ._rounds import Round, round_for

__all__ = ["DeadlineReport", "Timeline", "deadlines", "dossier_timeline", "transition_for"]


@attrs.frozen(kw_only=True)
class Timeline:
    """The facts deadlines are counted from; ``None`` when not (yet) known.

    ``submitted_on`` — the commune received the subject's dossier (Điều 7.2; Điều 12.2);
    ``commune_complete_on`` — it received it complete (after a completion request);
    ``proposed_on`` — the commune's proposal (Điều 5.1); ``province_complete_on`` — the
    province had the commune's dossier complete (Điều 7.6.g); ``provincial_decided_on``
    — the province certified, forwarded or closed; ``forwarded_on`` — the province's
    proposal to the Ministry (Điều 5.2); ``ministry_complete_on`` — the Ministry had it
    complete; ``central_decided_on`` — the minister certified or the Ministry returned
    the result; ``decided_on`` — the case ended (certified or closed).
    """

    kind: AssessmentKind
    province: str | None = None
    held: Certificate | None = None
    held_number: str | None = None
    five_star_route: bool = False
    submitted_on: date | None = None
    commune_complete_on: date | None = None
    proposed_on: date | None = None
    province_complete_on: date | None = None
    provincial_decided_on: date | None = None
    forwarded_on: date | None = None
    ministry_complete_on: date | None = None
    central_decided_on: date | None = None
    decided_on: date | None = None


def transition_for(submitted_on: date, kind: AssessmentKind, rules: Rules
                   ) -> tuple[str, Transition] | None:
    """``(id of the rule set that adopts it, transitional provision)`` keeping a dossier
    submitted on ``submitted_on`` under an earlier regime (26/2026 Điều 12.2), if any.

    Read from the rule sets (:attr:`ocopkit.rulesets.RuleSet.transitions`): a provision
    applies when it would keep the dossier under the old rules on the first day of the
    new regime (:meth:`ocopkit.rulesets.Transition.applies`).
    """
    found: tuple[str, Transition] | None = None
    for rs in rules.registry:
        for t in rs.transitions:
            if t.applies(t.submitted_before, submitted_on, kind) and (
                    found is None or t.submitted_before > found[1].submitted_before):
                found = (rs.id, t)
    return found


def _decider(tl: Timeline) -> Actor:
    return Actor.MINISTER if tl.five_star_route else Actor.PROVINCE_CHAIRMAN


def deadlines(
    tl: Timeline,
    *,
    policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY,
    rules: Rules | None = None,
    extra_rounds: Iterable[Round] = (),
) -> tuple[tuple[Deadline, ...], tuple[Note, ...]]:
    """``(deadlines, notes)`` of ``tl``: every limit whose starting fact is known.

    A dossier submitted before 22/05/2026 gets only the deadline of Điều 12.2 (the time
    limits of the earlier regime are not modelled); the others get those of 26/2026.
    """
    rules = rules or Rules.national()
    out: list[Deadline] = []
    notes: list[Note] = []
    if tl.submitted_on is not None:
        found = transition_for(tl.submitted_on, tl.kind, rules)
        if found is not None:
            rid, t = found
            if tl.decided_on is None or tl.decided_on >= t.submitted_before:
                old = t.ruleset_id
                out.append(Deadline(
                    kind=DeadlineKind.TRANSITION, party=_decider(tl),
                    starts_on=t.submitted_before, due_on=t.decided_until, citation=t.citation,
                    limit_vi=f"hoàn thành theo {old} đến hết {vn_date(t.decided_until)}",
                    limit_en=f"decided under {old} by {t.decided_until.isoformat()}",
                    met_on=tl.decided_on))
            notes.append(Note(
                "transitional",
                f"hồ sơ nộp ngày {vn_date(tl.submitted_on)}, trước khi {rid} có hiệu lực: "
                f"thực hiện theo {t.ruleset_id} ({t.citation}); thời hạn của quy định đó "
                "không được mô hình hóa",
                f"submitted on {tl.submitted_on.isoformat()}, before {rid} took effect: "
                f"handled under {t.ruleset_id} ({t.citation}); that regime's own time limits "
                "are not modelled"))
            return tuple(out), tuple(notes)
    _renewal(tl, policy, out, notes)
    if tl.submitted_on is not None:
        start = tl.commune_complete_on if (
            policy.commune_restarts_on_completion and tl.commune_complete_on) else tl.submitted_on
        n = policy.commune_working_days
        out.append(Deadline(
            kind=DeadlineKind.COMMUNE_REVIEW, party=Actor.COMMUNE, starts_on=start,
            due_on=policy.working_days_after(start, n), citation=cite(7, "khoản 2"),
            limit_vi=f"{n} ngày làm việc kể từ ngày tiếp nhận hồ sơ",
            limit_en=f"{n} working days from receipt of the dossier", met_on=tl.proposed_on))
    if tl.kind is AssessmentKind.RE_EVALUATION:
        if tl.province_complete_on is not None:
            out.append(_days(DeadlineKind.PROVINCIAL_REEVALUATION, Actor.PROVINCE_CHAIRMAN,
                             tl.province_complete_on, policy, tl.provincial_decided_on,
                             "kể từ ngày nhận đủ hồ sơ đề nghị của UBND cấp xã",
                             "from the complete receipt of the commune's dossier"))
    elif tl.proposed_on is not None:
        r = round_for(tl.proposed_on, level=Level.PROVINCE, province=tl.province,
                      extra=extra_rounds, policy=policy)
        out.append(_round(DeadlineKind.PROVINCIAL_ROUND, Actor.PROVINCE_CHAIRMAN, r,
                          tl.proposed_on, tl.provincial_decided_on))
        if tl.province is None and any(x.level is Level.PROVINCE for x in extra_rounds):
            notes.append(Note("province-unknown",
                              "không rõ tỉnh: các đợt bổ sung cấp tỉnh không được xét",
                              "province unknown: extra provincial rounds were not considered"))
    if tl.five_star_route:
        if tl.ministry_complete_on is not None:
            out.append(_days(DeadlineKind.CENTRAL_REEVALUATION, Actor.MINISTER,
                             tl.ministry_complete_on, policy, tl.central_decided_on,
                             "kể từ ngày nhận đủ hồ sơ đề nghị của UBND cấp tỉnh",
                             "from the complete receipt of the province's dossier"))
    elif tl.forwarded_on is not None:
        r = round_for(tl.forwarded_on, level=Level.CENTRAL, extra=extra_rounds, policy=policy)
        out.append(_round(DeadlineKind.CENTRAL_ROUND, Actor.MINISTER, r, tl.forwarded_on,
                          tl.central_decided_on))
    return tuple(out), tuple(notes)


def _renewal(tl: Timeline, policy: ProcedurePolicy, out: list[Deadline],
             notes: list[Note]) -> None:
    if tl.kind is not AssessmentKind.RE_EVALUATION:
        return
    held = tl.held
    if held is None:
        notes.append(Note(
            "certificate-unknown",
            f"giấy chứng nhận {tl.held_number or ''} không có trong hồ sơ: không tính được thời "
            "hạn nộp hồ sơ đánh giá lại (Điều 7.6.a)".replace("  ", " "),
            f"the certificate {tl.held_number or ''} is not in the dossier: the re-evaluation "
            "window (Điều 7.6.a) is not computed".replace("  ", " ")))
        return
    expires = held.known_valid_until
    cp = policy.certificates
    opens, closes = cp.renewal_window(held)
    out.append(Deadline(
        kind=DeadlineKind.RENEWAL_WINDOW, party=Actor.SUBJECT, starts_on=expires,
        opens_on=opens, due_on=closes, citation=cite(7, "khoản 6 điểm a"),
        limit_vi=f"không sớm hơn {cp.renewal_opens_days} ngày và không muộn hơn "
                 f"{cp.renewal_closes_days} ngày trước ngày hết hạn {vn_date(expires)}",
        limit_en=f"from {cp.renewal_opens_days} to {cp.renewal_closes_days} days before expiry "
                 f"on {expires.isoformat()}",
        met_on=tl.submitted_on))
    if tl.submitted_on is not None and extension_justified(tl.kind, held, tl.submitted_on,
                                                           policy):
        out.append(Deadline(
            kind=DeadlineKind.EXTENSION, party=_decider(tl), starts_on=expires,
            due_on=cp.grace_limit(held), citation=cite(12, "khoản 3"),
            limit_vi=f"giấy chứng nhận còn hiệu lực đến ngày có kết quả, không quá "
                     f"{cp.transition_grace_days} ngày từ ngày hết hạn",
            limit_en=f"the certificate stays in force until decided, at most "
                     f"{cp.transition_grace_days} days after expiry",
            met_on=tl.decided_on))


def _days(kind: DeadlineKind, party: Actor, start: date, policy: ProcedurePolicy,
          met_on: date | None, from_vi: str, from_en: str) -> Deadline:
    n = policy.reevaluation_days
    due, moved = policy.days_after(start, n)
    return Deadline(kind=kind, party=party, starts_on=start, due_on=due, moved_from=moved,
                    citation=cite(7, "khoản 6 điểm g"), limit_vi=f"không quá {n} ngày {from_vi}",
                    limit_en=f"at most {n} days {from_en}", met_on=met_on)


def _round(kind: DeadlineKind, party: Actor, r: Round, proposed_on: date,
           met_on: date | None) -> Deadline:
    return Deadline(kind=kind, party=party, starts_on=proposed_on, due_on=r.decide_by,
                    citation=r.citation, limit_vi=r.label("vi"), limit_en=r.label("en"),
                    met_on=met_on, note=r.note)


def dossier_timeline(dossier: ProductDossier | CommuneDossier | ProvinceDossier) -> Timeline:
    """The facts a dossier's own papers date: the receipts of Mẫu 01, the commune's
    proposal (Điều 6.2.a), the province's letter (Điều 6.3)."""
    product = dossier if isinstance(dossier, ProductDossier) else dossier.product
    reg = product.registration
    commune = reg.commune_receipt.received_on if reg.commune_receipt else None
    province = reg.province_receipt.received_on if reg.province_receipt else None
    proposed = forwarded = None
    if isinstance(dossier, CommuneDossier):
        proposed = dossier.proposal.issued_on
    if isinstance(dossier, ProvinceDossier):
        letter = dossier.document(DocumentKind.PROVINCE_PROPOSAL)
        forwarded = letter.issued_on if letter else None
    return Timeline(kind=product.kind, province=reg.province,
                    held_number=product.certificate_number,
                    five_star_route=isinstance(dossier, ProvinceDossier) and dossier.reevaluation,
                    submitted_on=commune, commune_complete_on=commune, proposed_on=proposed,
                    province_complete_on=province, forwarded_on=forwarded)


@attrs.frozen
class DeadlineReport:
    """The deadlines of a case or a dossier and where each stands on ``on``."""

    on: date
    deadlines: tuple[Deadline, ...]
    notes: tuple[Note, ...] = ()

    @property
    def overdue(self) -> tuple[Deadline, ...]:
        """The deadlines not met whose last day has passed."""
        return tuple(d for d in self.deadlines if d.overdue(self.on))

    def status(self, deadline: Deadline) -> DeadlineStatus:
        return deadline.status(self.on)

    def format(self, lang: str = "en") -> str:
        """One line per deadline with its status, then the notes; ``"both"``: the
        Vietnamese lines, then the English ones."""
        if lang not in ("vi", "en"):
            return self.format("vi") + "\n" + self.format("en")
        vi = lang == "vi"
        head = (f"Thời hạn tại ngày {vn_date(self.on)}:" if vi
                else f"Deadlines on {self.on.isoformat()}:")
        lines = [head]
        statuses = [d.status(self.on) for d in self.deadlines]
        pad = max((len(st.label(lang)) for st in statuses), default=0)
        for d, st in zip(self.deadlines, statuses, strict=True):
            mark = {DeadlineStatus.OVERDUE: "✗", DeadlineStatus.MET_LATE: "!",
                    DeadlineStatus.MET_EARLY: "!"}.get(st, "✓" if st.met else "…")
            lines.append(f"  {mark} {st.label(lang):<{pad}}  {d.describe(lang)}")
        lines.extend(f"  · {n.format(lang)}" for n in self.notes)
        return "\n".join(lines)
