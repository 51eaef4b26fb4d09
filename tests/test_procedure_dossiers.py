"""Dossiers (QĐ 26/2026/QĐ-TTg Điều 6, Phụ lục III): the registration number of Mẫu 01,
the evidence table of Mẫu 02, and completeness."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from _procedure_support import product, province_dossier
from hypothesis import given
from hypothesis import strategies as st

from ocopkit import rulesets
from ocopkit.errors import ValidationError
from ocopkit.procedure import (
    CommunePoint,
    DocumentKind,
    EvidenceKind,
    RegistrationNumber,
    Samples,
    Submission,
    UpdateTopic,
    check,
    is_tourism,
    require_complete,
)
from ocopkit.rulesets import AssessmentKind
from ocopkit.samples import sample_commune_dossier
from ocopkit.scoring import Assessment

CARDS = rulesets.get("vn-qd-26-2026").scorecards
DOSSIER = sample_commune_dossier()


def codes(dossier: object) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in check(dossier)]  # type: ignore[arg-type]


# ------------------------------------------------------------------ Mẫu 01 number

@pytest.mark.parametrize(("text", "canonical"), [
    ("Phiếu số: 12-03 /PĐK- (22) - (06733) - (2027)", "12-03/PĐK-22-06733-2027"),
    ("12–03/pdk–22–06733–2027", "12-03/PĐK-22-06733-2027"),
    ("phieu so 7 / PĐK - 22 - 06733 - 2027.", "7/PĐK-22-06733-2027"),
])
def test_registration_numbers_parse(text: str, canonical: str) -> None:
    assert str(RegistrationNumber.parse(text)) == canonical


@given(serial=st.integers(1, 9999), second=st.none() | st.integers(0, 999),
       commune=st.integers(0, 99999), year=st.integers(2013, 2100),
       province=st.sampled_from(["01", "22", "79", "06"]))
def test_registration_numbers_round_trip(serial: int, second: int | None, commune: int,
                                         year: int, province: str) -> None:
    n = RegistrationNumber(str(serial), province, f"{commune:05d}", year,
                           None if second is None else str(second))
    assert RegistrationNumber.parse(str(n)) == n
    assert RegistrationNumber.parse(f"Phiếu số: {n}") == n


def test_bad_registration_numbers_report_every_part() -> None:
    with pytest.raises(ValidationError) as err:
        RegistrationNumber.parse("x/PĐK-99-123-1999")
    assert err.value.codes == ("invalid-registration-number",)
    with pytest.raises(ValidationError) as err:
        RegistrationNumber.parse("1/PĐK-99-123-1999")
    assert err.value.codes == ("unknown-province", "invalid-commune-code", "invalid-year")


# ------------------------------------------------------------------ Mẫu 02 evidence

def test_evidence_maps_to_criteria_of_every_scorecard() -> None:
    for number, card in CARDS.items():
        ids = {c.id for c in card}
        mapped = {k: k.criteria(card) for k in EvidenceKind}
        assert all(set(v) <= ids for v in mapped.values())
        for kind in (EvidenceKind.BUSINESS_REGISTRATION, EvidenceKind.LOCAL_LABOUR,
                     EvidenceKind.INTELLECTUAL_PROPERTY, EvidenceKind.PRODUCT_STORY,
                     EvidenceKind.PROMOTION, EvidenceKind.BUSINESS_GROWTH):
            assert mapped[kind], (number, kind)
        # criterion 3.1 (organisation) is proven by the business registration everywhere
        assert mapped[EvidenceKind.BUSINESS_REGISTRATION] == ("3.1",)


def test_evidence_of_the_sample_supports_its_self_scores() -> None:
    card = CARDS[7]
    report = DOSSIER.product.self_assessment
    by_crit = report.evidence_by_criterion(card)
    assert [e.kind for e in by_crit["1.1"]] == [EvidenceKind.RAW_MATERIALS]
    # no row of the Mẫu 02 table speaks of these: the product itself and its samples
    # (packaging, labels, sensory criteria, uniqueness, instructions), the commune's report
    # (the idea's origin, 2.1) or the forms (the representative, 3.2) show them
    assert report.unsupported(card) == ("1.3", "2.1", "2.2", "2.4", "3.2", "6.1", "6.2",
                                        "6.3", "6.4", "6.5", "7", "10")


# ------------------------------------------------------------------ completeness

def test_the_sample_is_complete() -> None:
    assert check(DOSSIER) == ()
    require_complete(DOSSIER)
    assert check(DOSSIER.product) == ()


def test_every_problem_at_once() -> None:
    p = DOSSIER.product
    broken = attrs.evolve(DOSSIER, samples=Samples(count=3), submission=Submission(
        paper=False), report=attrs.evolve(DOSSIER.report, points=DOSSIER.report.points[:2]),
        product=attrs.evolve(p, registration=attrs.evolve(
            p.registration, applicant=attrs.evolve(p.registration.applicant, phone=" "))))
    assert codes(broken) == [
        ("$.report.points", "missing-point"), ("$.report.points", "missing-point"),
        ("$.product.registration.applicant.phone", "missing-field"),
        ("$.samples.count", "too-few-samples"),
        ("$.samples.count", "inconsistent-sample-count"),
        ("$.submission.paper", "missing-paper-copy"),
    ]
    with pytest.raises(ValidationError) as err:
        require_complete(broken)
    assert len(err.value.problems) == 6
    assert all(p.message_vi and p.message_en for p in err.value.problems)
    missing = [p.suggestion for p in err.value.problems if p.code == "missing-point"]
    assert missing == [CommunePoint.IDEA_ORIGIN.value, CommunePoint.LOCAL_IDENTITY.value]


def test_software_counts_as_paper() -> None:
    online = attrs.evolve(DOSSIER, submission=Submission(paper=False, electronic=False,
                                                         via_software=True))
    assert check(online) == ()


def test_an_upgrade_shows_its_changes() -> None:
    up = product(AssessmentKind.UPGRADE, "GCN-4S-OLD")
    assert check(up) == ()
    bare = attrs.evolve(up, self_assessment=attrs.evolve(up.self_assessment, changes=()))
    assert codes(bare) == [("$.self_assessment.changes", "missing-changes")]
    no_cert = attrs.evolve(up, certificate_number=None)
    assert codes(no_cert) == [("$.certificate_number", "missing-certificate")]


def test_a_reevaluation_updates_its_periodic_tests() -> None:
    re = product(AssessmentKind.RE_EVALUATION, "GCN-4S-OLD")
    assert check(re) == ()
    updates = re.self_assessment.updates
    without_tests = attrs.evolve(re, self_assessment=attrs.evolve(
        re.self_assessment, updates=tuple(u for u in updates
                                          if u.topic is not UpdateTopic.PERIODIC_TESTS)))
    assert [(p.code, p.suggestion) for p in check(without_tests)] == [
        ("missing-update", "periodic-tests")]
    undocumented = attrs.evolve(re, self_assessment=attrs.evolve(re.self_assessment, updates=tuple(
        attrs.evolve(u, references=()) for u in updates)))
    assert [p.code for p in check(undocumented)] == ["update-without-documents"] * 2


def test_samples_except_for_tourism() -> None:
    assert [n for n in CARDS if is_tourism(n)] == [26]
    food = attrs.evolve(DOSSIER, samples=None)
    assert codes(food) == [("$.samples", "missing-samples")]
    card = CARDS[26]
    best = {c.id: max(c.options, key=lambda o: o.points).id for c in card}
    p = DOSSIER.product
    tourism_product = attrs.evolve(
        p, registration=attrs.evolve(p.registration, product_set=26, sample_count=None),
        self_assessment=attrs.evolve(p.self_assessment, scores=Assessment.single(
            26, best, assessed_on=date(2027, 1, 25)), evidence=()))
    tourism = attrs.evolve(DOSSIER, product=tourism_product, samples=None)
    assert check(tourism) == ()
    with_samples = attrs.evolve(tourism, samples=Samples(count=5))
    assert check(with_samples) == ()


def test_inconsistencies_between_the_forms() -> None:
    p = DOSSIER.product
    other = attrs.evolve(DOSSIER, report=attrs.evolve(DOSSIER.report, product_name="Khác",
                                                      province="01"),
                         product=attrs.evolve(p, kind="upgrade"))
    found = codes(other)
    assert ("$.report.product_name", "inconsistent-product") in found
    assert ("$.report.province", "inconsistent-province") in found
    assert ("$.product.registration.kind", "inconsistent-kind") in found
    scores = p.self_assessment.scores
    wrong_set = attrs.evolve(p, self_assessment=attrs.evolve(
        p.self_assessment, scores=attrs.evolve(scores, product_set=8)))
    assert codes(wrong_set) == [("$.self_assessment.scores.product_set",
                                 "inconsistent-product-set")]
    partial = attrs.evolve(p, self_assessment=attrs.evolve(p.self_assessment, scores=Assessment.single(
        7, {"1.1": "1.1.a", "9.9": 1}, assessed_on=date(2027, 1, 25))))
    found = {c for _, c in codes(partial)}
    assert found == {"unknown-criterion", "missing-answer"}  # every criterion is self-scored
    receipt = p.registration.commune_receipt
    assert receipt is not None
    moved = attrs.evolve(p, commune_code="99999", registration=attrs.evolve(
        p.registration, year=2026))
    base = "$.registration"
    assert codes(moved) == [
        (f"{base}.commune_receipt.number.year", "receipt-year-mismatch"),
        (f"{base}.commune_receipt.number.commune_code", "receipt-commune-mismatch"),
        (f"{base}.province_receipt.number.year", "receipt-year-mismatch"),
        (f"{base}.province_receipt.number.commune_code", "receipt-commune-mismatch")]


def test_province_dossiers_for_five_stars() -> None:
    first = province_dossier(DOSSIER.product, date(2027, 6, 10))
    assert check(first) == ()
    assert first.citation.item == "khoản 3 điểm a"
    lacking = attrs.evolve(first, documents=first.documents[:2])
    assert [(p.code, p.suggestion) for p in check(lacking)] == [
        ("missing-document", DocumentKind.PROVINCE_PROPOSAL.value),
        ("missing-document", DocumentKind.APPROVAL_DECISION.value)]
    re = province_dossier(product(AssessmentKind.RE_EVALUATION, "GCN-5S-OLD"),
                          date(2027, 6, 10), reevaluation=True)
    assert check(re) == ()
    mixed = attrs.evolve(re, documents=first.documents)
    assert {p.code for p in check(mixed)} == {"not-applicable", "missing-document"}
    wrong = attrs.evolve(first, reevaluation=True, documents=re.documents)
    assert [p.code for p in check(wrong)] == ["inconsistent-kind"]
