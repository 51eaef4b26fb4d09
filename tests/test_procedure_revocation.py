"""Supervision (QĐ 26/2026/QĐ-TTg Điều 9) and revocation (Điều 8.2–8.4)."""

from __future__ import annotations

from datetime import date

import pytest

from ocopkit.certification import Certificate, RevocationGround
from ocopkit.errors import CertificateError, ProcedureError
from ocopkit.io import from_json, load_document, to_json
from ocopkit.procedure import (
    Actor,
    Conclusion,
    ConclusionKind,
    DeadlineStatus,
    InspectionMode,
    InspectionScope,
    ProcedurePolicy,
    RevocationCase,
    RevocationStage,
    SupervisionFinding,
)
from ocopkit.rulesets import MINISTRY_MAE, PROVINCE

A, D = Actor, date


def cert(stars: int) -> Certificate:
    return Certificate.issue(number=f"GCN-{stars}", product_id="P", stars=stars,
                             decision_number="1", decision_date=D(2026, 7, 1),
                             authority=MINISTRY_MAE if stars == 5 else PROVINCE,
                             ruleset_id="vn-qd-26-2026")


def finding(ground: RevocationGround | None = RevocationGround.NO_LONGER_MEETS_CRITERIA,
            **kw: object) -> SupervisionFinding:
    args: dict[str, object] = {
        "id": "KT-1", "certificate_number": "GCN-4", "product_id": "P",
        "inspected_on": D(2027, 3, 1), "by": A.PROVINCE_OFFICE, "mode": InspectionMode.AD_HOC,
        "scope": {InspectionScope.CRITERIA}, "ground": ground, "concluded_on": D(2027, 3, 5),
        "reference": "KL-01"}
    args.update(kw)
    return SupervisionFinding(**args)  # type: ignore[arg-type]


def test_a_finding_starts_a_revocation_decided_within_15_days() -> None:
    case = RevocationCase.open(cert(4), finding().conclusion())
    assert case.competent is A.PROVINCE_CHAIRMAN                     # Điều 8.2.a
    d = case.deadline()
    assert (d.starts_on, d.due_on, d.moved_from) == (D(2027, 3, 5), D(2027, 3, 22),
                                                     D(2027, 3, 20))   # 20/03 is a Saturday
    case = case.verify(by=A.PROVINCE_OFFICE, on=D(2027, 3, 10), reference="BC-KT")
    with pytest.raises(ProcedureError) as err:
        case.decide(by=A.MINISTER, on=D(2027, 3, 15))
    assert err.value.code == "actor-not-competent"
    case = case.decide(by=A.PROVINCE_CHAIRMAN, on=D(2027, 3, 23), reference="QĐ-TH-1")
    assert case.stage is RevocationStage.REVOKED
    assert case.revoked.revocation_ground is RevocationGround.NO_LONGER_MEETS_CRITERIA
    assert case.deadline().status(D(2027, 3, 23)) is DeadlineStatus.MET_LATE
    assert case.notify(by=A.PROVINCE_OFFICE, on=D(2027, 3, 24)).stage is \
        RevocationStage.NOTIFIED


def test_five_stars_are_revoked_by_the_minister() -> None:
    c = Conclusion(kind=ConclusionKind.AUTHORITY, ground="c", concluded_on=D(2027, 1, 4),
                   issued_by="Cục Quản lý thị trường (ví dụ)")
    case = RevocationCase.open(cert(5), c).verify(by=A.MINISTRY_OFFICE, on=D(2027, 1, 5))
    assert case.competent is A.MINISTER
    assert case.deadline().due_on == D(2027, 1, 19)
    dismissed = case.dismiss(by=A.MINISTER, on=D(2027, 1, 10))
    assert dismissed.stage is RevocationStage.DISMISSED and dismissed.revoked is None
    with pytest.raises(ProcedureError) as err:
        dismissed.notify(by=A.MINISTER, on=D(2027, 1, 11))
    assert err.value.code == "illegal-step"
    days7 = ProcedurePolicy(revocation_days=7, roll_forward=False)
    assert case.deadline(policy=days7).due_on == D(2027, 1, 11)


def test_who_concludes_what() -> None:
    for kw, code in (
            ({"kind": ConclusionKind.AUTHORITY, "ground": "đ"}, "wrong-conclusion"),
            ({"kind": ConclusionKind.COMMUNE_CONFIRMATION, "ground": "a"}, "wrong-conclusion"),
            ({"kind": ConclusionKind.AUTHORITY, "ground": "b"}, "wrong-conclusion"),
            ({"kind": ConclusionKind.SUPERVISION, "ground": "d"}, "wrong-conclusion"),
            ({"kind": ConclusionKind.AUTHORITY, "ground": "z"}, "unknown-ground")):
        with pytest.raises(ProcedureError) as err:
            Conclusion(concluded_on=D(2027, 1, 1), issued_by="x", **kw)  # type: ignore[arg-type]
        assert err.value.code == code
    for kw, code in (({"by": A.COMMUNE}, "actor-not-competent"),
                     ({"scope": set()}, "no-scope"),
                     ({"ground": RevocationGround.MARK_MISUSE}, "ground-outside-scope"),
                     ({"ground": RevocationGround.PRODUCTION_STOPPED}, "commune-confirms"),
                     ({"concluded_on": D(2027, 2, 1)}, "date-order")):
        with pytest.raises(ProcedureError) as err:
            finding(**kw)
        assert err.value.code == code
    with pytest.raises(ProcedureError) as err:
        finding(ground=None).conclusion()
    assert err.value.code == "compliant"
    other = finding(certificate_number="GCN-9").conclusion()
    with pytest.raises(ProcedureError) as err:
        RevocationCase.open(cert(4), other)
    assert err.value.code == "different-certificate"


def test_an_expired_certificate_cannot_be_revoked() -> None:
    c = Conclusion(kind=ConclusionKind.COMMUNE_CONFIRMATION, ground="đ",
                   concluded_on=D(2029, 7, 1), issued_by="UBND xã Mẫu")
    case = RevocationCase.open(cert(4), c).verify(by=A.PROVINCE_OFFICE, on=D(2029, 7, 1))
    with pytest.raises(CertificateError) as err:
        case.decide(by=A.PROVINCE_CHAIRMAN, on=D(2029, 7, 2))
    assert err.value.code == "expired"


def test_revocation_cases_are_lossless_json() -> None:
    case = RevocationCase.open(cert(4), finding().conclusion()).verify(
        by=A.PROVINCE_OFFICE, on=D(2027, 3, 10)).decide(by=A.PROVINCE_CHAIRMAN,
                                                         on=D(2027, 3, 12))
    assert load_document(to_json(case)) == case
    f = finding()
    assert from_json(to_json(f), SupervisionFinding) == f
