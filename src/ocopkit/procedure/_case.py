"""A case: one dossier's way through the procedure of QĐ 26/2026/QĐ-TTg Điều 7, as a
checked state machine.

A :class:`Case` is its history (:class:`~ocopkit.procedure.Event` records); every step
is a method that returns a new case or raises :class:`~ocopkit.errors.ProcedureError`
(with a stable ``code``, in English and Vietnamese) when the step is not allowed — from
that stage, by that actor, on that day, with those outputs. The council's step produces
an :class:`~ocopkit.scoring.Evaluation`, the decision a
:class:`~ocopkit.certification.Certificate` issued by
:meth:`~ocopkit.certification.Certificate.issue` (and the held certificate it supersedes
for an upgrade or a re-evaluation). See :doc:`/procedure` for a whole walk.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from ocopkit.certification import Certificate
from ocopkit.errors import Problem, ProcedureError
from ocopkit.rulesets import CERTIFIABLE_STARS, AssessmentKind, Authority, Rules
from ocopkit.scoring import Assessment, Evaluation, evaluate

from ._actors import Actor, Stage, Step
from ._completeness import require_complete
from ._dossiers import CommuneDossier, ProductDossier, ProvinceDossier
from ._held import check_held_on, extended, extension_justified
from ._limits import DEFAULT_PROCEDURE_POLICY, Deadline, ProcedurePolicy
from ._machine import CouncilForm, Event, MeetingReason, State, StepRule, next_rules, replay
from ._rounds import Round
from ._timeline import DeadlineReport, Timeline, deadlines, dossier_timeline

__all__ = ["Case", "deadline_report"]


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(value)


def _err(code: str, en: str, vi: str, stage: Stage | None = None,
         step: Step | None = None) -> ProcedureError:
    return ProcedureError(en, vi, code=code, stage=stage.value if stage else None,
                          step=step.value if step else None)


@attrs.frozen(kw_only=True)
class Case:
    """One dossier's procedure: its ``events`` and, for an upgrade or a re-evaluation,
    the ``held`` certificate of the recognised product.

    Build one with :meth:`open`; the constructor replays ``events`` and refuses a
    history the procedure does not allow (so a case read from JSON is checked too).
    """

    id: str
    events: tuple[Event, ...] = attrs.field(converter=_events)
    held: Certificate | None = None
    _state: State = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if not self.id.strip():
            raise _err("empty-id", "a case needs an id", "hồ sơ cần mã định danh")
        object.__setattr__(self, "_state", replay(self.events, self.held))

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        id: str,
        dossier: ProductDossier,
        *,
        received_on: date,
        held: Certificate | None = None,
        note: str | None = None,
        policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY,
    ) -> Case:
        """The case of ``dossier``, received by the commune on ``received_on``.

        For an upgrade or a re-evaluation, ``held`` is the recognised product's
        certificate; it must be in force that day (an upgrade, Điều 7.5) or the day must
        lie in its re-evaluation window (Điều 7.6.a: ``reevaluation-too-early``,
        ``reevaluation-too-late``) — unless the certificate is one Điều 12.3 keeps in
        force while a late dossier is decided (see :meth:`extension`).
        """
        if held is not None and dossier.kind is not AssessmentKind.FIRST:
            check_held_on(dossier.kind, held, received_on, policy)
        return cls(id=id, held=held, events=(Event(step=Step.SUBMIT, on=received_on,
                                                   by=Actor.SUBJECT, dossier=dossier,
                                                   note=note),))

    # ------------------------------------------------------------------ queries

    @property
    def stage(self) -> Stage:
        return self._state.stage

    @property
    def dossier(self) -> ProductDossier:
        """The subject's dossier as last received (completed dossiers replace it)."""
        return self._state.dossier

    @property
    def kind(self) -> AssessmentKind:
        return self.dossier.kind

    @property
    def submitted_on(self) -> date:
        """The day the commune received the dossier (the first event)."""
        return self.events[0].on

    @property
    def last_on(self) -> date:
        """The day of the latest step."""
        return self.events[-1].on

    @property
    def pending_completion(self) -> bool:
        """Whether a request to complete the dossier is open."""
        return self._state.pending

    @property
    def commune_dossier(self) -> CommuneDossier | None:
        return self._state.commune_dossier

    @property
    def province_dossier(self) -> ProvinceDossier | None:
        return self._state.province_dossier

    @property
    def provincial_evaluation(self) -> Evaluation | None:
        """The provincial council's latest evaluation."""
        return self._state.provincial

    @property
    def central_evaluation(self) -> Evaluation | None:
        """The central council's evaluation."""
        return self._state.central

    @property
    def certificate(self) -> Certificate | None:
        """The certificate the decision issued."""
        return self._state.certificate

    @property
    def superseded(self) -> Certificate | None:
        """The held certificate as superseded by :attr:`certificate`."""
        return self._state.superseded

    @property
    def five_star_route(self) -> bool:
        """A 5★ product's re-evaluation on its way to the Ministry (Điều 7.6.e)."""
        return (self.kind is AssessmentKind.RE_EVALUATION and self.held is not None
                and self.held.stars == 5 and not self._state.returned)

    def next_steps(self) -> tuple[StepRule, ...]:
        """What may happen next: each rule names the step, who takes it and the clause."""
        if self.pending_completion:
            return tuple(r for r in next_rules(self.stage, self.kind, self.five_star_route)
                         if r.step is Step.COMPLETE)
        return tuple(r for r in next_rules(self.stage, self.kind, self.five_star_route)
                     if r.step is not Step.COMPLETE)

    # ------------------------------------------------------------------ steps

    def _then(self, step: Step, on: date, by: Actor, **payload: object) -> Case:
        event = Event(step=step, on=on, by=by, **payload)  # type: ignore[arg-type]
        return Case(id=self.id, events=(*self.events, event), held=self.held)

    def request_completion(self, *, by: Actor, on: date, requested: Iterable[Problem] = (),
                           note: str | None = None) -> Case:
        """Ask for the dossier to be completed (the commune, Điều 7.2.a; the province's
        office, 7.3.a; the advisory groups, 7.3.c, 7.4.c; the Ministry's office, 7.4.a).

        ``requested`` lists what is missing (e.g. the problems of
        :func:`~ocopkit.procedure.check`). Until :meth:`complete`, no other step is taken.
        """
        return self._then(Step.REQUEST_COMPLETION, on, by, requested=tuple(requested),
                          note=note)

    def complete(self, *, by: Actor, on: date, dossier: ProductDossier | None = None,
                 note: str | None = None) -> Case:
        """The completed dossier arrives on ``on`` (``dossier``: the completed product
        dossier, when it changed). Limits counted "from the complete dossier" start again."""
        return self._then(Step.COMPLETE, on, by, dossier=dossier, note=note)

    def propose(self, *, by: Actor, on: date, dossier: CommuneDossier,
                rules: Rules | None = None) -> Case:
        """The commune issues its report (Mẫu 03) and proposal and sends the dossier of
        Điều 6.2 to the province (Điều 7.2.b). An incomplete ``dossier`` raises one
        :class:`~ocopkit.errors.ValidationError` with every problem."""
        self._guard(Step.PROPOSE, by, on)
        require_complete(dossier, rules=rules)
        return self._then(Step.PROPOSE, on, by, commune_dossier=dossier,
                          reference=dossier.proposal.number)

    def receive(self, *, by: Actor, on: date) -> Case:
        """The province's office (Điều 7.3.a) or the Ministry's (7.4.a) receives the dossier."""
        return self._then(Step.RECEIVE, on, by)

    def start_review(self, *, by: Actor, on: date) -> Case:
        """The office hands the dossier to the advisory group (Điều 7.3.b–c, 7.4.b–c) or,
        for a re-evaluation, starts its own review and checks on site (Điều 7.6.c, e)."""
        return self._then(Step.START_REVIEW, on, by)

    def report(self, *, by: Actor, on: date, reference: str | None = None) -> Case:
        """The review report goes to the council's chairman (Điều 7.3.c, 7.4.c, 7.6.c, e)."""
        return self._then(Step.REPORT, on, by, reference=reference)

    def evaluate(
        self,
        result: Assessment | Evaluation,
        *,
        by: Actor,
        on: date | None = None,
        form: CouncilForm | None = None,
        meeting_reason: MeetingReason | None = None,
        rules: Rules | None = None,
    ) -> Case:
        """The council evaluates (Điều 7.3.d, 7.4.d; a re-evaluation by written opinions,
        a meeting only with a ``meeting_reason``, Điều 7.6.d).

        ``result`` is the council's :class:`~ocopkit.scoring.Assessment` — scored here
        with :func:`ocopkit.scoring.evaluate` under ``rules``, its ``submitted_on`` and
        ``product_id`` filled from the case when missing — or an evaluation already
        made. ``on`` defaults to the assessment's date; ``form`` to a meeting, or to
        written opinions for a re-evaluation without a ``meeting_reason``.
        """
        day = (result.assessment.assessed_on if isinstance(result, Evaluation)
               else result.assessed_on) if on is None else on
        self._guard(Step.EVALUATE, by, day)
        if isinstance(result, Evaluation):
            ev = result
        else:
            a = result
            if a.submitted_on is None:
                a = attrs.evolve(a, submitted_on=self.submitted_on)
            if a.product_id is None and self.dossier.product_id is not None:
                a = attrs.evolve(a, product_id=self.dossier.product_id)
            ev = evaluate(a, rules)
        if form is None:
            form = (CouncilForm.WRITTEN if self.kind is AssessmentKind.RE_EVALUATION
                    and meeting_reason is None else CouncilForm.MEETING)
        return self._then(Step.EVALUATE, day, by, evaluation=ev, form=form,
                          meeting_reason=meeting_reason)

    def certify(
        self,
        *,
        by: Actor,
        on: date,
        number: str,
        decision_number: str,
        authority: Authority | None = None,
        issued_on: date | None = None,
        policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY,
        rules: Rules | None = None,
    ) -> Case:
        """Recognise the product and issue its certificate.

        By the chairman of the provincial People's Committee for 3★/4★ (Điều 7.3.e), or
        on the central result under 5★ (Điều 7.4, last paragraph); by the minister for
        5★ (Điều 7.4.e). The certificate is issued by
        :meth:`~ocopkit.certification.Certificate.issue` under the rule set of the
        evaluation (``authority`` defaults to the one it names); a held certificate is
        superseded (:meth:`~ocopkit.certification.Certificate.upgrade` or
        :meth:`~ocopkit.certification.Certificate.reevaluate`) while it is in force.
        """
        rule = self._guard(Step.CERTIFY, by, on)
        stage = self.stage
        basis = self.provincial_evaluation if stage is Stage.PROVINCIAL_RESULT \
            else self.central_evaluation
        assert basis is not None
        stars = basis.stars
        if stage is Stage.PROVINCIAL_RESULT and policy.forwards(basis):
            raise _err("must-forward",
                       "a provincial result of 5★ potential goes to the Ministry (Điều 7.3.e)",
                       "sản phẩm có tiềm năng 5 sao được đề nghị Bộ (Điều 7.3.e)",
                       stage, Step.CERTIFY)
        allowed = (5,) if stage is Stage.CENTRAL_RESULT else (3, 4)
        if stars not in allowed:
            raise _err("not-certifiable",
                       f"a {stars or 0}★ result is not certified here (only "
                       f"{'/'.join(map(str, allowed))}★; {rule.citation})",
                       f"kết quả {stars or 0} sao không được công nhận ở bước này "
                       f"({rule.citation})", stage, Step.CERTIFY)
        assert stars is not None
        assert stars in CERTIFIABLE_STARS
        if self.kind is AssessmentKind.UPGRADE and self.held is not None \
                and stars <= self.held.stars:
            raise _err("upgrade-not-higher",
                       f"an upgrade needs more than {self.held.stars}★, the result is "
                       f"{stars}★ (Điều 7.5): close the case instead",
                       f"nâng hạng phải cao hơn {self.held.stars} sao, kết quả {stars} sao",
                       stage, Step.CERTIFY)
        product_id = self.dossier.product_id or (self.held.product_id if self.held else None)
        if product_id is None:
            raise _err("no-product-id", "a certificate needs the product's id (set "
                       "ProductDossier.product_id)", "giấy chứng nhận cần mã sản phẩm",
                       stage, Step.CERTIFY)
        r = rules or Rules.national()
        ruleset = r.registry.get(basis.provenance.ruleset_id)
        issued = on if issued_on is None else issued_on
        cert = Certificate.issue(
            number=number, product_id=product_id, stars=stars,
            decision_number=decision_number, decision_date=on,
            authority=authority or ruleset.authority_for(stars, issued),
            ruleset_id=ruleset.id, issued_on=issued, evaluation_ref=self.id,
            evaluated_on=basis.assessment.assessed_on, policy=policy.certificates,
            registry=r.registry)
        superseded = None
        if self.held is not None:
            base = self.extension(policy=policy) or self.held
            if base.in_force(cert.known_issued_on):
                superseded = (base.upgrade(cert) if self.kind is AssessmentKind.UPGRADE
                              else base.reevaluate(cert, policy=policy.certificates))
        return self._then(Step.CERTIFY, on, by, certificate=cert, superseded=superseded,
                          reference=decision_number)

    def forward(self, *, by: Actor, on: date, dossier: ProvinceDossier,
                policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY,
                rules: Rules | None = None) -> Case:
        """The chairman approves the result and the province sends the dossier of Điều 6.3
        to the Ministry (Điều 7.3.e: 5★ potential; 7.6.e: a 5★ product's re-evaluation)."""
        self._guard(Step.FORWARD, by, on)
        if self.stage is Stage.PROVINCIAL_RESULT:
            ev = self.provincial_evaluation
            assert ev is not None
            if not policy.forwards(ev):
                raise _err("not-five-star-potential",
                           f"only a result of 5★ potential goes to the Ministry; this one is "
                           f"{ev.stars or 0}★ with {float(ev.total):g} points (Điều 7.3.e)",
                           f"chỉ sản phẩm có tiềm năng 5 sao được đề nghị Bộ; kết quả "
                           f"{ev.stars or 0} sao (Điều 7.3.e)", self.stage, Step.FORWARD)
        require_complete(dossier, rules=rules)
        letter = next((d.number for d in dossier.documents if d.number), None)
        return self._then(Step.FORWARD, on, by, province_dossier=dossier, reference=letter)

    def return_to_province(self, *, by: Actor, on: date) -> Case:
        """The Ministry notifies the province of a central result under 5★ (Điều 7.4.g)."""
        return self._then(Step.RETURN, on, by)

    def reevaluate(self, *, by: Actor, on: date) -> Case:
        """After a central result under 5★, the province evaluates again under its own
        authority (Điều 7.4, last paragraph)."""
        return self._then(Step.REEVALUATE, on, by)

    def close(self, *, by: Actor, on: date, note: str | None = None,
              policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY) -> Case:
        """Notify a result that brings no certificate and end the case (Điều 7.3.g):
        1★/2★, a disqualified dossier, an upgrade that does not rise, or — after a
        central result under 5★ — a province that does not certify."""
        self._guard(Step.CLOSE, by, on)
        ev = self.provincial_evaluation
        if self.stage is Stage.PROVINCIAL_RESULT and ev is not None and policy.forwards(ev):
            raise _err("must-forward", "a result of 5★ potential goes to the Ministry "
                       "(Điều 7.3.e)", "sản phẩm có tiềm năng 5 sao được đề nghị Bộ",
                       self.stage, Step.CLOSE)
        return self._then(Step.CLOSE, on, by, note=note)

    def _guard(self, step: Step, by: Actor, on: date) -> StepRule:
        """The rule for ``step`` now, so that the checks of a step's outputs (a dossier's
        completeness, a policy) never run on a step refused for its stage, actor or day;
        the full check is the replay of the new history."""
        rules = [r for r in next_rules(self.stage, self.kind, self.five_star_route)
                 if r.step is step]
        if (not rules or self.pending_completion or by not in rules[0].actors
                or on < self.last_on):
            probe = Event(step=step, on=on, by=by)
            Case(id=self.id, events=(*self.events, probe), held=self.held)
            raise AssertionError("unreachable: the replay refuses the step")  # pragma: no cover
        return rules[0]

    # ------------------------------------------------------------------ Điều 12.3

    def extension(self, *, policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY
                  ) -> Certificate | None:
        """The held certificate kept in force by Điều 12.3, when this case justifies it.

        A re-evaluation filed after its window closed (Điều 7.6.a) by the holder of a
        certificate :meth:`~ocopkit.certification.CertificatePolicy.caught_by_transition`
        keeps the certificate in force "đến ngày có kết quả xử lý …, nhưng không quá 180
        ngày tính từ ngày hết thời hạn": through the grace limit while pending, through
        the day of the result once closed (and, once certified, until the new
        certificate supersedes it). ``None`` when the case justifies no extension.
        """
        held = self.held
        if held is None or not extension_justified(self.kind, held, self.submitted_on,
                                                   policy):
            return None
        return extended(held, self.last_on if self.stage is Stage.CLOSED else None, policy)

    # ------------------------------------------------------------------ deadlines

    def timeline(self) -> Timeline:
        """The dated facts of this case's history that deadlines count from."""
        facts: dict[str, date] = {}
        first: dict[str, date] = {}
        for ev, before in zip(self.events, self._state.before, strict=True):
            if ev.step is Step.SUBMIT or (ev.step is Step.COMPLETE
                                          and before is Stage.AT_COMMUNE):
                facts["commune_complete_on"] = ev.on
            elif ev.step is Step.PROPOSE:
                first.setdefault("proposed_on", ev.on)
            elif ((ev.step is Step.RECEIVE and before is Stage.PROPOSED) or (
                    ev.step is Step.COMPLETE and before in (Stage.AT_PROVINCE,
                                                            Stage.PROVINCIAL_REVIEW))) \
                    and "provincial_decided_on" not in first:   # the first provincial round
                facts["province_complete_on"] = ev.on
            elif (ev.step is Step.RECEIVE or (ev.step is Step.COMPLETE and before in (
                    Stage.AT_MINISTRY, Stage.CENTRAL_REVIEW))) \
                    and "central_decided_on" not in first:
                facts["ministry_complete_on"] = ev.on
            if ev.step is Step.FORWARD:
                first.setdefault("forwarded_on", ev.on)
            if ev.step in (Step.CERTIFY, Step.FORWARD, Step.CLOSE) and before in (
                    Stage.PROVINCIAL_RESULT, Stage.PROVINCIAL_REPORTED):
                first.setdefault("provincial_decided_on", ev.on)
            if (ev.step is Step.CERTIFY and before is Stage.CENTRAL_RESULT) or \
                    ev.step is Step.RETURN:
                first.setdefault("central_decided_on", ev.on)
        held = self.held
        return Timeline(
            kind=self.kind, province=self.dossier.province, held=held,
            held_number=held.number if held else self.dossier.certificate_number,
            five_star_route=(self.kind is AssessmentKind.RE_EVALUATION and held is not None
                             and held.stars == 5),
            submitted_on=self.submitted_on, decided_on=self.last_on if self.stage.terminal
            else None, **facts, **first)

    def deadlines(self, *, policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY,
                  rules: Rules | None = None, extra_rounds: Iterable[Round] = ()
                  ) -> tuple[Deadline, ...]:
        """Every legal time limit of this case, met or not (see :func:`deadline_report`)."""
        return deadlines(self.timeline(), policy=policy, rules=rules,
                         extra_rounds=extra_rounds)[0]


def deadline_report(
    subject: Case | ProductDossier | CommuneDossier | ProvinceDossier | Timeline,
    on: date,
    *,
    policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY,
    rules: Rules | None = None,
    extra_rounds: Iterable[Round] = (),
) -> DeadlineReport:
    """The deadlines of a case (from its history) or of a dossier (from the dates on its
    papers: the receipts of Mẫu 01, the commune's proposal, the province's letter), and
    which are overdue on ``on``; with notes on what could not be computed."""
    if isinstance(subject, Case):
        tl = subject.timeline()
    elif isinstance(subject, Timeline):
        tl = subject
    else:
        tl = dossier_timeline(subject)
    found, notes = deadlines(tl, policy=policy, rules=rules, extra_rounds=extra_rounds)
    return DeadlineReport(on, found, notes)
