"""The procedure of QĐ 26/2026/QĐ-TTg Điều 7 as a checked state machine: whole paths with
their dates, the fallback under 90 points, upgrades, re-evaluations, the transition of
Điều 12, illegal steps, and what a case reports."""

from __future__ import annotations

import pickle
from datetime import date

import attrs
import pytest
from _procedure_support import (
    BEST,
    SET,
    council,
    held,
    product,
    province_dossier,
    to_provincial_result,
)

from ocopkit.errors import ProcedureError, TransitionError, ValidationError
from ocopkit.io import from_dict, load_document, to_dict, to_json
from ocopkit.procedure import (
    Actor,
    Case,
    CouncilForm,
    DeadlineKind,
    DeadlineStatus,
    MeetingReason,
    ProcedurePolicy,
    Stage,
    Step,
    deadline_report,
)
from ocopkit.rulesets import MINISTRY_MAE, PROVINCE, AssessmentKind
from ocopkit.scoring import Assessment, Level

A = Actor
D = date


START = D(2027, 2, 1)


def first_case(on: D = START) -> Case:
    return Case.open("HS-1", product(), received_on=on)


def at_ministry(start: D = START) -> Case:
    case = to_provincial_result(first_case(start), start)
    assert case.stage is Stage.PROVINCIAL_RESULT and case.provincial_evaluation.stars == 5
    case = case.forward(by=A.PROVINCE_CHAIRMAN, on=D(2027, 6, 10),
                        dossier=province_dossier(case.dossier, D(2027, 6, 10)))
    case = case.receive(by=A.MINISTRY_OFFICE, on=D(2027, 6, 15))
    case = case.start_review(by=A.MINISTRY_OFFICE, on=D(2027, 6, 16))
    return case.report(by=A.CENTRAL_ADVISORY_GROUP, on=D(2027, 8, 10))


def kinds(case: Case, on: D) -> dict[DeadlineKind, tuple[D, DeadlineStatus]]:
    return {d.kind: (d.due_on, d.status(on)) for d in case.deadlines()}


# ------------------------------------------------------------------ whole paths

def test_registration_to_a_five_star_certificate() -> None:
    case = at_ministry()
    case = case.evaluate(council(D(2027, 9, 8), 5, level=Level.CENTRAL), by=A.CENTRAL_COUNCIL)
    assert case.stage is Stage.CENTRAL_RESULT and case.central_evaluation.stars == 5
    case = case.certify(by=A.MINISTER, on=D(2027, 9, 20), number="GCN-5S-1",
                        decision_number="1/QĐ-BNNMT")
    cert = case.certificate
    assert case.stage is Stage.CERTIFIED and case.stage.terminal and case.next_steps() == ()
    assert (cert.stars, cert.authority, cert.valid_until) == (5, MINISTRY_MAE, D(2030, 9, 20))
    assert cert.evaluation_ref == "HS-1" and cert.evaluated_on == D(2027, 9, 8)
    assert kinds(case, D(2027, 10, 1)) == {
        DeadlineKind.COMMUNE_REVIEW: (D(2027, 3, 1), DeadlineStatus.MET),
        DeadlineKind.PROVINCIAL_ROUND: (D(2027, 6, 29), DeadlineStatus.MET),
        DeadlineKind.CENTRAL_ROUND: (D(2027, 9, 29), DeadlineStatus.MET),
    }
    assert [e.step for e in case.events] == [
        Step.SUBMIT, Step.PROPOSE, Step.RECEIVE, Step.START_REVIEW, Step.REPORT, Step.EVALUATE,
        Step.FORWARD, Step.RECEIVE, Step.START_REVIEW, Step.REPORT, Step.EVALUATE,
        Step.CERTIFY]


def test_under_90_at_the_centre_the_province_may_certify_or_evaluate_again() -> None:
    case = at_ministry().evaluate(council(D(2027, 9, 8), 4, level=Level.CENTRAL, below=90),
                                  by=A.CENTRAL_COUNCIL)
    assert case.central_evaluation.total < 90
    with pytest.raises(ProcedureError) as err:
        case.certify(by=A.MINISTER, on=D(2027, 9, 20), number="x", decision_number="y")
    assert err.value.code == "not-certifiable"
    returned = case.return_to_province(by=A.MINISTRY_OFFICE, on=D(2027, 9, 15))
    assert returned.stage is Stage.RETURNED
    assert kinds(returned, D(2027, 9, 16))[DeadlineKind.CENTRAL_ROUND][1] is DeadlineStatus.MET
    certified = returned.certify(by=A.PROVINCE_CHAIRMAN, on=D(2027, 10, 1), number="GCN-4S-1",
                                 decision_number="9/QĐ-UBND")
    assert (certified.certificate.stars, certified.certificate.authority) == (4, PROVINCE)
    again = returned.reevaluate(by=A.PROVINCE_CHAIRMAN, on=D(2027, 10, 1))
    assert again.stage is Stage.PROVINCIAL_REVIEW
    closed = returned.close(by=A.PROVINCE_OFFICE, on=D(2027, 10, 1))
    assert closed.stage is Stage.CLOSED and closed.certificate is None


def test_a_provincial_four_star_is_certified_by_the_chairman() -> None:
    case = to_provincial_result(first_case(), D(2027, 2, 1), stars=4)
    with pytest.raises(ProcedureError) as err:
        case.forward(by=A.PROVINCE_CHAIRMAN, on=D(2027, 6, 1),
                     dossier=province_dossier(case.dossier, D(2027, 6, 1)))
    assert err.value.code == "not-five-star-potential"
    with pytest.raises(ProcedureError) as err:
        case.close(by=A.PROVINCE_OFFICE, on=D(2027, 6, 1))
    assert err.value.code == "decision-due"
    with pytest.raises(ProcedureError) as err:
        case.certify(by=A.MINISTER, on=D(2027, 6, 1), number="x", decision_number="y")
    assert err.value.code == "actor-not-competent"
    done = case.certify(by=A.PROVINCE_CHAIRMAN, on=D(2027, 6, 1), number="GCN-4",
                        decision_number="5/QĐ-UBND")
    assert done.certificate.stars == 4 and done.certificate.authority == PROVINCE


def test_two_stars_are_notified_not_certified() -> None:
    case = to_provincial_result(first_case(), D(2027, 2, 1), stars=2)
    with pytest.raises(ProcedureError) as err:
        case.certify(by=A.PROVINCE_CHAIRMAN, on=D(2027, 6, 1), number="x", decision_number="y")
    assert err.value.code == "not-certifiable"
    closed = case.close(by=A.PROVINCE_OFFICE, on=D(2027, 6, 1), note="2★")
    assert closed.stage is Stage.CLOSED


def test_ninety_points_and_a_missed_five_star_minimum() -> None:
    answers = dict(BEST, **{"1.5": "1.5.c"})     # 99 points, below 1.5's 5★ minimum
    case = to_provincial_result(first_case(), D(2027, 2, 1), stars=5)
    case = Case(id=case.id, held=None, events=case.events[:-1])   # before the council
    ev_case = case.evaluate(Assessment.single(SET, answers, assessed_on=D(2027, 3, 3),
                                              province="22"), by=A.PROVINCIAL_COUNCIL)
    ev = ev_case.provincial_evaluation
    assert (ev.total, ev.stars) == (99, 4)
    # default: Điều 7.3.e's "tiềm năng đạt 5 sao" is a 5★ result; the province certifies 4★
    assert ev_case.certify(by=A.PROVINCE_CHAIRMAN, on=D(2027, 4, 1), number="N",
                           decision_number="Q").certificate.stars == 4
    # the literal reading "(đạt từ 90 trở lên)": the dossier goes to the Ministry
    points = ProcedurePolicy(forward_on_points=True)
    with pytest.raises(ProcedureError) as err:
        ev_case.certify(by=A.PROVINCE_CHAIRMAN, on=D(2027, 4, 1), number="N",
                        decision_number="Q", policy=points)
    assert err.value.code == "must-forward"
    sent = ev_case.forward(by=A.PROVINCE_CHAIRMAN, on=D(2027, 4, 1), policy=points,
                           dossier=province_dossier(ev_case.dossier, D(2027, 4, 1)))
    assert sent.stage is Stage.FORWARDED


# ------------------------------------------------------------------ illegal steps

def test_illegal_steps_are_typed_and_bilingual() -> None:
    case = first_case()
    attempts = {
        "illegal-step": lambda: case.certify(by=A.PROVINCE_CHAIRMAN, on=D(2027, 3, 1),
                                             number="x", decision_number="y"),
        "actor-not-competent": lambda: case.request_completion(by=A.SUBJECT,
                                                                on=D(2027, 3, 1)),
        "nothing-to-complete": lambda: case.complete(by=A.SUBJECT, on=D(2027, 3, 1)),
        "date-before-previous-step": lambda: case.request_completion(by=A.COMMUNE,
                                                                     on=D(2027, 1, 1)),
    }
    for code, attempt in attempts.items():
        with pytest.raises(ProcedureError) as err:
            attempt()
        assert err.value.code == code
        assert err.value.message_en and err.value.message_vi
        assert isinstance(err.value, TransitionError) and isinstance(err.value, ValueError)
    waiting = case.request_completion(by=A.COMMUNE, on=D(2027, 2, 3))
    assert [r.step for r in waiting.next_steps()] == [Step.COMPLETE]
    with pytest.raises(ProcedureError) as err:
        waiting.propose(by=A.COMMUNE, on=D(2027, 2, 4), dossier=None)  # type: ignore[arg-type]
    assert (err.value.code, err.value.stage, err.value.step) == (
        "completion-pending", "at-commune", "propose")


def test_a_commune_forwards_only_a_complete_dossier_of_its_subject() -> None:
    from _procedure_support import commune_dossier

    case = first_case()
    d = commune_dossier(case.dossier, D(2027, 2, 20))
    with pytest.raises(ValidationError) as err:
        case.propose(by=A.COMMUNE, on=D(2027, 2, 20), dossier=attrs.evolve(d, samples=None))
    assert err.value.codes == ("missing-samples",)
    other = attrs.evolve(d, product=attrs.evolve(d.product, product_id="P-OTHER"))
    with pytest.raises(ProcedureError) as perr:
        case.propose(by=A.COMMUNE, on=D(2027, 2, 20), dossier=other)
    assert perr.value.code == "different-dossier"


def test_completing_restarts_the_commune_limit() -> None:
    case = first_case().request_completion(by=A.COMMUNE, on=D(2027, 2, 2))
    case = case.complete(by=A.SUBJECT, on=D(2027, 2, 12))
    (review,) = case.deadlines()
    assert (review.starts_on, review.due_on) == (D(2027, 2, 12), D(2027, 3, 5))
    first = ProcedurePolicy(commune_restarts_on_completion=False)
    (review,) = case.deadlines(policy=first)
    assert review.due_on == D(2027, 3, 1)


def test_an_overdue_commune() -> None:
    report = deadline_report(first_case(), D(2027, 3, 2))
    assert [d.kind for d in report.overdue] == [DeadlineKind.COMMUNE_REVIEW]
    assert "overdue" in report.format("en") and "01/03/2027" in report.format("vi")


# ------------------------------------------------------------------ upgrades (Điều 7.5)

def test_an_upgrade_supersedes_the_held_certificate() -> None:
    old = held(4, D(2026, 7, 1))
    up = Case.open("HS-UP", product(AssessmentKind.UPGRADE, old.number),
                   received_on=D(2027, 2, 1), held=old)
    case = to_provincial_result(up, D(2027, 2, 1), stars=5)
    case = case.forward(by=A.PROVINCE_CHAIRMAN, on=D(2027, 6, 10),
                        dossier=province_dossier(case.dossier, D(2027, 6, 10)))
    case = case.receive(by=A.MINISTRY_OFFICE, on=D(2027, 6, 15))
    case = case.start_review(by=A.MINISTRY_OFFICE, on=D(2027, 6, 16))
    case = case.report(by=A.CENTRAL_ADVISORY_GROUP, on=D(2027, 8, 10))
    case = case.evaluate(council(D(2027, 9, 8), 5, level=Level.CENTRAL,
                                 kind=AssessmentKind.UPGRADE), by=A.CENTRAL_COUNCIL)
    case = case.certify(by=A.MINISTER, on=D(2027, 9, 20), number="GCN-5S-UP",
                        decision_number="2/QĐ-BNNMT")
    assert case.superseded.superseded_by == "GCN-5S-UP"
    assert case.superseded.last_day_in_force == D(2027, 9, 19)


def test_an_upgrade_that_does_not_rise_is_closed() -> None:
    old = held(4, D(2026, 7, 1))
    up = Case.open("HS-UP", product(AssessmentKind.UPGRADE, old.number),
                   received_on=D(2027, 2, 1), held=old)
    case = to_provincial_result(up, D(2027, 2, 1), stars=4)
    with pytest.raises(ProcedureError) as err:
        case.certify(by=A.PROVINCE_CHAIRMAN, on=D(2027, 6, 1), number="x", decision_number="y")
    assert err.value.code == "upgrade-not-higher"
    assert case.close(by=A.PROVINCE_OFFICE, on=D(2027, 6, 1)).stage is Stage.CLOSED


def test_what_an_upgrade_needs() -> None:
    p = product(AssessmentKind.UPGRADE, "GCN-4S-OLD")
    with pytest.raises(ProcedureError) as err:
        Case.open("x", p, received_on=D(2027, 2, 1))
    assert err.value.code == "held-certificate-required"
    with pytest.raises(ProcedureError) as err:
        Case.open("x", product(AssessmentKind.UPGRADE, "GCN-5S-OLD"),
                  received_on=D(2027, 2, 1), held=held(5, D(2026, 7, 1)))
    assert err.value.code == "nothing-to-upgrade"
    with pytest.raises(ProcedureError) as err:
        Case.open("x", p, received_on=D(2030, 2, 1), held=held(4, D(2026, 7, 1)))
    assert err.value.code == "held-not-in-force"
    with pytest.raises(ProcedureError) as err:
        Case.open("x", product(), received_on=D(2027, 2, 1), held=held(4, D(2026, 7, 1)))
    assert err.value.code == "held-certificate-not-expected"


# ------------------------------------------------------------------ re-evaluations (7.6)

def test_the_reevaluation_window() -> None:
    old = held(4, D(2026, 7, 1))      # in force through 01/07/2029; window 02/01–03/03/2029
    p = product(AssessmentKind.RE_EVALUATION, old.number)
    for day, code in ((D(2029, 1, 1), "reevaluation-too-early"),
                      (D(2029, 3, 4), "reevaluation-too-late")):
        with pytest.raises(ProcedureError) as err:
            Case.open("x", p, received_on=day, held=old)
        assert err.value.code == code
    assert Case.open("x", p, received_on=D(2029, 1, 2), held=old).extension() is None
    Case.open("x", p, received_on=D(2029, 3, 3), held=old)


def test_a_reevaluation_by_written_opinions_within_45_days() -> None:
    old = held(4, D(2026, 7, 1))
    case = Case.open("HS-RE", product(AssessmentKind.RE_EVALUATION, old.number,
                             received_on=D(2029, 2, 1)),
                     received_on=D(2029, 2, 1), held=old)
    case = to_provincial_result(case, D(2029, 2, 1), stars=4)
    assert case.events[-1].form is CouncilForm.WRITTEN
    assert case.events[4].by is A.PROVINCE_OFFICE          # the office reports (7.6.c)
    deadlines = kinds(case, D(2029, 3, 5))
    assert deadlines[DeadlineKind.RENEWAL_WINDOW] == (D(2029, 3, 3), DeadlineStatus.MET)
    # received complete by the province on 13/02/2029: 45 days → Friday 30/03/2029
    assert deadlines[DeadlineKind.PROVINCIAL_REEVALUATION] == (D(2029, 3, 30),
                                                               DeadlineStatus.PENDING)
    assert DeadlineKind.PROVINCIAL_ROUND not in deadlines
    done = case.certify(by=A.PROVINCE_CHAIRMAN, on=D(2029, 3, 20), number="GCN-4S-NEW",
                        decision_number="7/QĐ-UBND")
    assert done.superseded.superseded_by == "GCN-4S-NEW"
    assert done.certificate.valid_until == D(2032, 3, 20)


def test_a_reevaluation_council_meets_only_with_a_reason() -> None:
    old = held(4, D(2026, 7, 1))
    case = Case.open("HS-RE", product(AssessmentKind.RE_EVALUATION, old.number,
                             received_on=D(2029, 2, 1)),
                     received_on=D(2029, 2, 1), held=old)
    reported = Case(id="HS-RE", held=old,
                    events=to_provincial_result(case, D(2029, 2, 1), stars=4).events[:-1])
    a = council(D(2029, 3, 3), 4, kind=AssessmentKind.RE_EVALUATION)
    with pytest.raises(ProcedureError) as err:
        reported.evaluate(a, by=A.PROVINCIAL_COUNCIL, form=CouncilForm.MEETING)
    assert err.value.code == "meeting-not-justified"
    met = reported.evaluate(a, by=A.PROVINCIAL_COUNCIL,
                            meeting_reason=MeetingReason.OPINIONS_DIFFER)
    assert met.events[-1].form is CouncilForm.MEETING
    fresh = to_provincial_result(first_case(), START, evaluate_it=False)
    with pytest.raises(ProcedureError) as err:   # a first evaluation always meets
        fresh.evaluate(council(D(2027, 3, 3)), by=A.PROVINCIAL_COUNCIL,
                       form=CouncilForm.WRITTEN)
    assert err.value.code == "meeting-required"


def test_a_five_star_reevaluation_goes_from_the_office_to_the_ministry() -> None:
    old = held(5, D(2026, 7, 1))
    case = Case.open("HS-5R", product(AssessmentKind.RE_EVALUATION, old.number,
                             received_on=D(2029, 2, 1)),
                     received_on=D(2029, 2, 1), held=old)
    case = to_provincial_result(case, D(2029, 2, 1))
    assert case.stage is Stage.PROVINCIAL_REPORTED and case.five_star_route
    with pytest.raises(ProcedureError) as err:
        case.evaluate(council(D(2029, 3, 3), kind=AssessmentKind.RE_EVALUATION),
                      by=A.PROVINCIAL_COUNCIL)
    assert err.value.code == "illegal-step"
    case = case.forward(by=A.PROVINCE_CHAIRMAN, on=D(2029, 2, 25),
                        dossier=province_dossier(case.dossier, D(2029, 2, 25),
                                                 reevaluation=True))
    case = case.receive(by=A.MINISTRY_OFFICE, on=D(2029, 2, 27))
    case = case.start_review(by=A.MINISTRY_OFFICE, on=D(2029, 2, 28))
    case = case.report(by=A.MINISTRY_OFFICE, on=D(2029, 3, 10))
    case = case.evaluate(council(D(2029, 3, 20), level=Level.CENTRAL,
                                 kind=AssessmentKind.RE_EVALUATION), by=A.CENTRAL_COUNCIL)
    case = case.certify(by=A.MINISTER, on=D(2029, 4, 1), number="GCN-5S-NEW",
                        decision_number="3/QĐ-BNNMT")
    deadlines = kinds(case, D(2029, 4, 2))
    # received complete by the Ministry on 27/02/2029: 45 days → 13/04/2029 (a Friday)
    assert deadlines[DeadlineKind.CENTRAL_REEVALUATION] == (D(2029, 4, 13), DeadlineStatus.MET)
    assert DeadlineKind.CENTRAL_ROUND not in deadlines


# ------------------------------------------------------------------ transition (Điều 12)

def test_a_dossier_pending_on_22_may_2026_carries_the_old_rules_deadline() -> None:
    first = Case.open("T-1", product(received_on=D(2026, 5, 10)), received_on=D(2026, 5, 10))
    report = deadline_report(first, D(2026, 7, 22))
    (only,) = report.deadlines
    assert (only.kind, only.due_on, only.status(D(2026, 7, 22))) == (
        DeadlineKind.TRANSITION, D(2026, 7, 21), DeadlineStatus.OVERDUE)
    assert str(only.citation) == "QĐ 26/2026/QĐ-TTg, Điều 12, khoản 2 điểm a"
    assert [n.code for n in report.notes] == ["transitional"]
    old = held(4, D(2023, 7, 1))      # 148/2023: window 02/01–03/03/2026
    re = Case.open("T-2", product(AssessmentKind.RE_EVALUATION, old.number,
                                  received_on=D(2026, 2, 1)), received_on=D(2026, 2, 1),
                   held=old)
    (only,) = re.deadlines()
    assert (only.due_on, str(only.citation)) == (
        D(2026, 6, 21), "QĐ 26/2026/QĐ-TTg, Điều 12, khoản 2 điểm b")
    # the old rules have no per-criterion scorecards in ocopkit: scoring such a dossier
    # within the 60 days is refused (typed), not invented
    reported = to_provincial_result(first, D(2026, 5, 10), evaluate_it=False)
    with pytest.raises(ValidationError) as err:
        reported.evaluate(council(D(2026, 6, 10)), by=A.PROVINCIAL_COUNCIL)
    assert "vn-qd-148-1489-2025" in str(err.value)
    late = reported.evaluate(council(D(2026, 7, 22)), by=A.PROVINCIAL_COUNCIL)
    assert late.provincial_evaluation.provenance.ruleset_id == "vn-qd-26-2026"
    (only,) = late.deadlines()
    assert only.status(D(2026, 7, 22)) is DeadlineStatus.OVERDUE


def test_a_late_reevaluation_keeps_the_certificate_for_at_most_180_days() -> None:
    old = held(4, D(2023, 8, 1))      # in force through 01/08/2026; window closed 03/04/2026
    p = product(AssessmentKind.RE_EVALUATION, old.number, received_on=D(2026, 6, 15))
    case = Case.open("E-1", p, received_on=D(2026, 6, 15), held=old)
    ext = case.extension()
    assert ext is not None and ext.extended_until == D(2027, 1, 28)
    deadlines = kinds(case, D(2026, 6, 16))
    assert deadlines[DeadlineKind.RENEWAL_WINDOW] == (D(2026, 4, 3), DeadlineStatus.MET_LATE)
    assert deadlines[DeadlineKind.EXTENSION] == (D(2027, 1, 28), DeadlineStatus.PENDING)
    # 15 working days from Monday 15/06/2026 → Monday 06/07/2026
    assert deadlines[DeadlineKind.COMMUNE_REVIEW][0] == D(2026, 7, 6)
    walked = to_provincial_result(case, D(2026, 6, 15), stars=4)
    done = walked.certify(by=A.PROVINCE_CHAIRMAN, on=D(2026, 8, 20), number="GCN-NEW",
                          decision_number="8/QĐ-UBND")
    assert done.superseded.extended_until == D(2027, 1, 28)
    assert done.superseded.last_day_in_force == D(2026, 8, 19)
    ended = Case(id="E-1", held=old, events=(*to_provincial_result(
        case, D(2026, 6, 15), stars=2).events,))
    ended = ended.close(by=A.PROVINCE_OFFICE, on=D(2026, 9, 1))
    assert ended.extension().extended_until == D(2026, 9, 1)
    fresh = held(4, D(2026, 6, 1))
    late = product(AssessmentKind.RE_EVALUATION, fresh.number)
    with pytest.raises(ProcedureError) as err:   # not caught by Điều 12.3
        Case.open("E-2", late, received_on=D(2029, 3, 1), held=fresh)
    assert err.value.code == "reevaluation-too-late"


# ------------------------------------------------------------------ edges

def test_cases_are_lossless_json_and_replayed_on_read() -> None:
    case = at_ministry()
    text = to_json(case)
    assert load_document(text) == case
    data = to_dict(case)
    assert data["type"] == "case"
    data["events"][2]["by"] = "subject"
    with pytest.raises(ValidationError) as err:
        from_dict(data, Case)
    assert err.value.codes == ("actor-not-competent",)


def test_cases_pickle_and_hash() -> None:
    case = at_ministry()
    back = pickle.loads(pickle.dumps(case))
    assert back == case and hash(back) == hash(case) and back.stage is case.stage


def test_every_rule_cites_article_7() -> None:
    from ocopkit.procedure import STEP_RULES

    assert all(str(r.citation).startswith("QĐ 26/2026/QĐ-TTg, Điều 7") for r in STEP_RULES)
    assert {r.step for r in STEP_RULES} == set(Step)
