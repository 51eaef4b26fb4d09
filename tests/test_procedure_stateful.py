"""Stateful test of the procedure (QĐ 26/2026/QĐ-TTg Điều 7).

A hypothesis :class:`RuleBasedStateMachine` takes random steps — by random actors, on
random days, with councils giving 2★, 4★ (under 90 points) or 5★ — for a first
evaluation, an upgrade and the re-evaluations of a 4★ and of a 5★ product. An oracle
written from the text of Điều 7 (below, independent of ``STEP_RULES``) says whether
each step is allowed and where it leads: an allowed step must succeed and land there,
any other must be refused with a :class:`~ocopkit.errors.ProcedureError`. After every
step the history replays to the same case and its deadlines are computed.
"""

from __future__ import annotations

from datetime import date, timedelta

from _procedure_support import (
    commune_dossier,
    council,
    held,
    product,
    province_dossier,
)
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from ocopkit.errors import ProcedureError
from ocopkit.procedure import Actor, Case, Stage, Step, deadline_report
from ocopkit.rulesets import AssessmentKind
from ocopkit.scoring import Level

A, S, K = Actor, Stage, AssessmentKind

#: (stage, step) → (next stage, who may take it). From Điều 7.2–7.4 and 7.6.
ORACLE = {
    (S.AT_COMMUNE, Step.REQUEST_COMPLETION): (S.AT_COMMUNE, {A.COMMUNE}),
    (S.AT_COMMUNE, Step.PROPOSE): (S.PROPOSED, {A.COMMUNE}),
    (S.PROPOSED, Step.RECEIVE): (S.AT_PROVINCE, {A.PROVINCE_OFFICE}),
    (S.AT_PROVINCE, Step.REQUEST_COMPLETION): (S.AT_PROVINCE, {A.PROVINCE_OFFICE}),
    (S.AT_PROVINCE, Step.START_REVIEW): (S.PROVINCIAL_REVIEW, {A.PROVINCE_OFFICE}),
    (S.PROVINCIAL_REVIEW, Step.REQUEST_COMPLETION): (S.PROVINCIAL_REVIEW, "reviewer"),
    (S.PROVINCIAL_REVIEW, Step.REPORT): (S.PROVINCIAL_REPORTED, "reviewer"),
    (S.PROVINCIAL_REPORTED, Step.EVALUATE): (S.PROVINCIAL_RESULT, {A.PROVINCIAL_COUNCIL}),
    (S.PROVINCIAL_REPORTED, Step.FORWARD): (S.FORWARDED, {A.PROVINCE_CHAIRMAN}),
    (S.PROVINCIAL_RESULT, Step.CERTIFY): (S.CERTIFIED, {A.PROVINCE_CHAIRMAN}),
    (S.PROVINCIAL_RESULT, Step.FORWARD): (S.FORWARDED, {A.PROVINCE_CHAIRMAN}),
    (S.PROVINCIAL_RESULT, Step.CLOSE): (S.CLOSED, {A.PROVINCE_OFFICE}),
    (S.FORWARDED, Step.RECEIVE): (S.AT_MINISTRY, {A.MINISTRY_OFFICE}),
    (S.AT_MINISTRY, Step.REQUEST_COMPLETION): (S.AT_MINISTRY, {A.MINISTRY_OFFICE}),
    (S.AT_MINISTRY, Step.START_REVIEW): (S.CENTRAL_REVIEW, {A.MINISTRY_OFFICE}),
    (S.CENTRAL_REVIEW, Step.REQUEST_COMPLETION): (S.CENTRAL_REVIEW, "central reviewer"),
    (S.CENTRAL_REVIEW, Step.REPORT): (S.CENTRAL_REPORTED, "central reviewer"),
    (S.CENTRAL_REPORTED, Step.EVALUATE): (S.CENTRAL_RESULT, {A.CENTRAL_COUNCIL}),
    (S.CENTRAL_RESULT, Step.CERTIFY): (S.CERTIFIED, {A.MINISTER}),
    (S.CENTRAL_RESULT, Step.RETURN): (S.RETURNED, {A.MINISTRY_OFFICE}),
    (S.RETURNED, Step.CERTIFY): (S.CERTIFIED, {A.PROVINCE_CHAIRMAN}),
    (S.RETURNED, Step.REEVALUATE): (S.PROVINCIAL_REVIEW, {A.PROVINCE_CHAIRMAN}),
    (S.RETURNED, Step.CLOSE): (S.CLOSED, {A.PROVINCE_OFFICE}),
}
COMPLETERS = {S.AT_COMMUNE: {A.SUBJECT},
              S.AT_PROVINCE: {A.SUBJECT, A.COMMUNE}, S.PROVINCIAL_REVIEW: {A.SUBJECT, A.COMMUNE},
              S.AT_MINISTRY: {A.SUBJECT, A.PROVINCE_OFFICE},
              S.CENTRAL_REVIEW: {A.SUBJECT, A.PROVINCE_OFFICE}}
STARTS = {"first": (K.FIRST, None, date(2027, 2, 1)),
          "upgrade": (K.UPGRADE, 4, date(2027, 2, 1)),
          "re-4": (K.RE_EVALUATION, 4, date(2029, 1, 10)),
          "re-5": (K.RE_EVALUATION, 5, date(2029, 1, 10))}


@settings(deadline=None, stateful_step_count=30,
          max_examples=max(100, settings().max_examples))
class ProcedureMachine(RuleBasedStateMachine):
    """The model: the stage the oracle expects, whether a completion is pending, whether
    the case was returned, the councils' stars."""

    @initialize(start=st.sampled_from(sorted(STARTS)))
    def open_case(self, start: str) -> None:
        kind, stars, on = STARTS[start]
        self.held = None if stars is None else held(stars, date(2026, 7, 1))
        number = None if self.held is None else self.held.number
        self.case = Case.open("S", product(kind, number, received_on=on), received_on=on,
                              held=self.held)
        self.kind, self.stage = kind, S.AT_COMMUNE
        self.pending = self.returned = False
        self.provincial: int | None = None
        self.central: int | None = None
        event(start)

    # ------------------------------------------------------------------ the oracle

    def route5(self) -> bool:
        return (self.kind is K.RE_EVALUATION and self.held is not None
                and self.held.stars == 5 and not self.returned)

    def actors(self, step: Step) -> set[Actor]:
        if step is Step.COMPLETE:
            return COMPLETERS.get(self.stage, set()) if self.pending else set()
        entry = ORACLE.get((self.stage, step))
        if entry is None or (self.pending and step is not Step.COMPLETE):
            return set()
        who = entry[1]
        if who == "reviewer":
            return {A.PROVINCE_OFFICE if self.kind is K.RE_EVALUATION
                    else A.PROVINCIAL_ADVISORY_GROUP}
        if who == "central reviewer":
            return {A.MINISTRY_OFFICE if self.route5() else A.CENTRAL_ADVISORY_GROUP}
        assert isinstance(who, set)
        return who

    def allowed(self, step: Step, stars: int) -> bool:
        held_stars = self.held.stars if self.held else 0
        upgrade = self.kind is K.UPGRADE
        stage = self.stage
        if step is Step.REQUEST_COMPLETION and self.pending:
            return False
        if stage is S.PROVINCIAL_REPORTED:
            return (step is Step.FORWARD) == self.route5()
        if stage is S.PROVINCIAL_RESULT:
            p = self.provincial or 0
            due = p == 5 or (p in (3, 4) and not (upgrade and p <= held_stars))
            return {Step.CERTIFY: p in (3, 4) and not (upgrade and p <= held_stars),
                    Step.FORWARD: p == 5, Step.CLOSE: not due}[step]
        if stage is S.CENTRAL_RESULT:
            return (step is Step.CERTIFY) == (self.central == 5)
        if stage is S.RETURNED and step is Step.CERTIFY:
            c = self.central or 0
            return c in (3, 4) and not (upgrade and c <= held_stars)
        return True

    # ------------------------------------------------------------------ steps

    def take(self, step: Step, by: Actor, on: date, stars: int) -> Case:
        c = self.case
        if step is Step.REQUEST_COMPLETION:
            return c.request_completion(by=by, on=on)
        if step is Step.COMPLETE:
            return c.complete(by=by, on=on)
        if step is Step.PROPOSE:
            return c.propose(by=by, on=on, dossier=commune_dossier(c.dossier, on))
        if step is Step.EVALUATE:
            level = Level.CENTRAL if c.stage is S.CENTRAL_REPORTED else Level.PROVINCE
            return c.evaluate(council(on, stars, level=level, kind=self.kind, below=90),
                              by=by)
        if step is Step.CERTIFY:
            return c.certify(by=by, on=on, number=f"N-{len(c.events)}", decision_number="Q")
        if step is Step.FORWARD:
            return c.forward(by=by, on=on, dossier=province_dossier(
                c.dossier, on, reevaluation=c.stage is S.PROVINCIAL_REPORTED))
        method = {Step.RECEIVE: c.receive, Step.START_REVIEW: c.start_review,
                  Step.REPORT: c.report, Step.RETURN: c.return_to_province,
                  Step.REEVALUATE: c.reevaluate, Step.CLOSE: c.close}[step]
        return method(by=by, on=on)

    @rule(step=st.sampled_from([s for s in Step if s is not Step.SUBMIT]),
          competent=st.booleans(), actor=st.sampled_from(list(Actor)),
          days=st.integers(-2, 30), stars=st.sampled_from([5, 4, 2]))
    def a_step(self, step: Step, competent: bool, actor: Actor, days: int, stars: int) -> None:
        who = self.actors(step)
        if competent and who:
            actor = sorted(who, key=lambda a: a.value)[0]
        on = self.case.last_on + timedelta(days=days)
        legal = actor in who and days >= 0 and self.allowed(step, stars)
        try:
            new = self.take(step, actor, on, stars)
        except ProcedureError as err:
            refused: ProcedureError | None = err
        else:
            refused = None
        if refused is not None:
            assert not legal, f"{step.value} by {actor.value} refused: {refused}"
            assert refused.code and refused.message_en and refused.message_vi
            event(f"refused: {refused.code}")
            return
        assert legal, f"{step.value} by {actor.value} on day {days} at {self.stage} accepted"
        target = self.stage if step is Step.COMPLETE else ORACLE[(self.stage, step)][0]
        assert new.stage is target
        if step is Step.EVALUATE:
            ev = new.central_evaluation if self.stage is S.CENTRAL_REPORTED \
                else new.provincial_evaluation
            assert ev is not None and ev.stars == stars
            if self.stage is S.CENTRAL_REPORTED:
                self.central = stars
            else:
                self.provincial = stars
        self.pending = step is Step.REQUEST_COMPLETION
        self.returned = self.returned or step is Step.RETURN
        self.case, self.stage = new, target
        event(f"reached {target.value}")

    @rule(pick=st.integers(0, 99), days=st.integers(0, 30), stars=st.sampled_from([5, 4, 2]))
    def a_step_the_oracle_allows(self, pick: int, days: int, stars: int) -> None:
        """Move forward: one of the steps the oracle allows now, by its actor."""
        steps = [s for s in Step if s is not Step.SUBMIT and self.actors(s)
                 and self.allowed(s, stars)]
        if steps:
            self.a_step(steps[pick % len(steps)], True, Actor.SUBJECT, days, stars)

    # ------------------------------------------------------------------ invariants

    @invariant()
    def the_history_replays_to_the_same_case(self) -> None:
        again = Case(id=self.case.id, events=self.case.events, held=self.case.held)
        assert again == self.case and again.stage is self.stage
        assert self.case.pending_completion is self.pending
        days = [e.on for e in self.case.events]
        assert days == sorted(days)

    @invariant()
    def a_certificate_only_when_certified(self) -> None:
        cert = self.case.certificate
        assert (cert is not None) == (self.stage is S.CERTIFIED)
        if cert is not None:
            # the certificate carries the stars of the last evaluation before it
            basis = [e.evaluation for e in self.case.events if e.evaluation is not None][-1]
            assert cert.stars == basis.stars
            old = self.case.superseded
            if old is not None:
                assert old.superseded_by == cert.number
                assert old.last_day_in_force < cert.issued_on

    @invariant()
    def deadlines_are_computed(self) -> None:
        report = deadline_report(self.case, self.case.last_on)
        for d in report.deadlines:
            if d.opens_on is None and d.met_on is not None:
                assert d.met_on >= d.starts_on
            assert d.status(self.case.last_on).value


TestProcedure = ProcedureMachine.TestCase
