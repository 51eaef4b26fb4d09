"""Builders shared by the procedure tests: council assessments of a given tier, the
province's 5★ dossier, and cases walked to a stage."""

from __future__ import annotations

import functools
from datetime import date

import attrs

from ocopkit import rulesets
from ocopkit.certification import Certificate
from ocopkit.procedure import (
    Actor,
    Case,
    CommuneDossier,
    Document,
    DocumentKind,
    ProductChange,
    ProductDossier,
    ProvinceDossier,
    Samples,
    Update,
    UpdateTopic,
)
from ocopkit.rulesets import PROVINCE, AssessmentKind
from ocopkit.samples import sample_commune_dossier
from ocopkit.scoring import Assessment, Level, evaluate

A = Actor
SET = 7
CARD = rulesets.get("vn-qd-26-2026").scorecard(SET)
BEST = {c.id: max(c.options, key=lambda o: o.points).id for c in CARD}


def answers_for(stars: int, *, below: int | None = None) -> dict[str, str]:
    return dict(_answers_for(stars, below))


@functools.cache
def _answers_for(stars: int, below: int | None) -> tuple[tuple[str, str], ...]:
    """Answers of set 7 giving ``stars`` (lowering options one at a time from the best,
    criteria without minimum marks first), and a total below ``below`` when given."""
    answers = dict(BEST)
    order = sorted(CARD, key=lambda c: (c.required_points(5) is not None, c.id))
    for crit in order * 3:
        ev = evaluate(Assessment.single(SET, answers, assessed_on=date(2027, 5, 20)))
        if ev.stars == stars and (below is None or ev.total < below):
            return tuple(answers.items())
        current = next(o for o in crit.options if o.id == answers[crit.id])
        lower = [o for o in crit.options if o.points < current.points]
        if lower:
            answers[crit.id] = max(lower, key=lambda o: o.points).id
    raise AssertionError(f"no answers for {stars}★")


def council(on: date, stars: int = 5, *, level: Level = Level.PROVINCE,
            kind: AssessmentKind = AssessmentKind.FIRST, below: int | None = None,
            scorers: int = 1) -> Assessment:
    answers = BEST if stars == 5 else answers_for(stars, below=below)
    a = Assessment.single(SET, answers, assessed_on=on, level=level, kind=kind, province="22",
                          scorer="HĐ-1")
    if scorers > 1:
        a = attrs.evolve(a, sheets=tuple(attrs.evolve(a.sheets[0], scorer=f"HĐ-{i + 1}")
                                         for i in range(scorers)))
    return a


def dated(d: ProductDossier, received_on: date) -> ProductDossier:
    """The sample dossier signed and received by the commune on ``received_on``.

    The self-scores are dated no earlier than 22/05/2026: ocopkit has no scorecard of
    the earlier regimes to score them on.
    """
    reg = d.registration
    receipt = reg.commune_receipt
    assert receipt is not None
    number = attrs.evolve(receipt.number, year=received_on.year)
    reg = attrs.evolve(reg, year=received_on.year, signed_on=received_on,
                       commune_receipt=attrs.evolve(receipt, received_on=received_on,
                                                    number=number),
                       province_receipt=None)
    report = d.self_assessment
    scores_on = max(received_on, date(2026, 5, 22))
    report = attrs.evolve(report, signed_on=received_on,
                          scores=attrs.evolve(report.scores, assessed_on=scores_on))
    return attrs.evolve(d, registration=reg, self_assessment=report)


def product(kind: AssessmentKind = AssessmentKind.FIRST,
            certificate_number: str | None = None, *,
            received_on: date | None = None) -> ProductDossier:
    d = sample_commune_dossier().product
    if received_on is not None:
        d = dated(d, received_on)
    if kind is AssessmentKind.FIRST:
        return d
    report = d.self_assessment
    if kind is AssessmentKind.UPGRADE:
        report = attrs.evolve(report, changes=(ProductChange(
            description="Bao bì mới (mẫu)", references=("MC-BB.pdf",), criteria=("2.2",)),))
    else:
        report = attrs.evolve(report, updates=tuple(
            Update(topic=t, description="Không thay đổi (mẫu)",
                   references=("MC-U.pdf",) if t.needs_documents else ())
            for t in UpdateTopic))
    report = attrs.evolve(report, scores=attrs.evolve(report.scores, kind=kind))
    return attrs.evolve(d, kind=kind, self_assessment=report,
                        registration=attrs.evolve(d.registration, kind=kind),
                        certificate_number=certificate_number)


def commune_dossier(p: ProductDossier, on: date) -> CommuneDossier:
    d = sample_commune_dossier()
    reg = p.registration
    number = reg.commune_receipt.number if reg.commune_receipt else None
    assert number is not None
    return attrs.evolve(d, product=p, proposal=attrs.evolve(d.proposal, issued_on=on),
                        report=attrs.evolve(d.report, issued_on=on))


def province_dossier(p: ProductDossier, on: date, *, reevaluation: bool = False
                     ) -> ProvinceDossier:
    if reevaluation:
        kinds = (DocumentKind.PROVINCE_PROPOSAL, DocumentKind.OFFICE_REPORT)
    else:
        kinds = (DocumentKind.ADVISORY_REPORT, DocumentKind.COUNCIL_REPORT,
                 DocumentKind.APPROVAL_DECISION, DocumentKind.PROVINCE_PROPOSAL)
    docs = tuple(Document(kind=k, number=f"{i + 1}/VB", issued_on=on)
                 for i, k in enumerate(kinds))
    return ProvinceDossier(product=p, documents=docs, reevaluation=reevaluation,
                           samples=Samples(count=5))


def held(stars: int, issued_on: date) -> Certificate:
    from ocopkit.rulesets import MINISTRY_MAE

    return Certificate.issue(number=f"GCN-{stars}S-OLD", product_id="P-MAU-01", stars=stars,
                             decision_number="1/QĐ", decision_date=issued_on,
                             authority=MINISTRY_MAE if stars == 5 else PROVINCE,
                             ruleset_id=rulesets.for_date(issued_on).id)


def to_provincial_result(case: Case, start: date, stars: int = 5, *,
                         evaluate_it: bool = True) -> Case:
    """From ``at-commune``: propose, receive, review, report, evaluate (day offsets)."""
    d = date.fromordinal
    o = start.toordinal()
    case = case.propose(by=A.COMMUNE, on=d(o + 10),
                        dossier=commune_dossier(case.dossier, d(o + 10)))
    case = case.receive(by=A.PROVINCE_OFFICE, on=d(o + 12))
    case = case.start_review(by=A.PROVINCE_OFFICE, on=d(o + 13))
    reporter = A.PROVINCE_OFFICE if case.kind is AssessmentKind.RE_EVALUATION \
        else A.PROVINCIAL_ADVISORY_GROUP
    case = case.report(by=reporter, on=d(o + 20))
    if case.five_star_route or not evaluate_it:
        return case
    return case.evaluate(council(d(o + 30), stars, kind=case.kind), by=A.PROVINCIAL_COUNCIL)
