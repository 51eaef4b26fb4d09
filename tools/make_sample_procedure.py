"""Generate the bundled SYNTHETIC commune dossier (src/ocopkit/data/samples/commune-dossier.json).

It is the dossier template of :doc:`/procedure`: a complete dossier of Điều 6.2 of QĐ
26/2026/QĐ-TTg (the commune's proposal and Mẫu 03 report, the subject's Mẫu 01 and Mẫu 02,
five samples) for an invented product of an invented household. The script builds it
from ocopkit's own classes, asserts that :func:`ocopkit.procedure.check` finds nothing
missing, and writes the JSON form. Run ``python tools/make_sample_procedure.py`` (or
with ``--check``, as the tests do) from the repository root.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ocopkit import rulesets
from ocopkit.io import to_json
from ocopkit.procedure import (
    Applicant,
    AssessedPoint,
    CommuneDossier,
    CommunePoint,
    CommuneReport,
    Declaration,
    Document,
    DocumentKind,
    Evidence,
    EvidenceKind,
    Gender,
    GeneralInformation,
    ProductDossier,
    Receipt,
    RegistrationForm,
    RegistrationNumber,
    Representative,
    Samples,
    SelfAssessmentReport,
    check,
)
from ocopkit.products import SubjectKind
from ocopkit.scoring import Assessment

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "ocopkit" / "data" / "samples" / "commune-dossier.json"

SET = 7
PROVINCE, COMMUNE = "22@34", "06733"


def build() -> CommuneDossier:
    card = rulesets.get("vn-qd-26-2026").scorecard(SET)
    best = {c.id: max(c.options, key=lambda o: o.points).id for c in card}
    rep = Representative(name="Nguyễn Thị Mẫu", gender=Gender.FEMALE, ethnicity="Kinh",
                         permanent_address="Thôn Mẫu, xã Mẫu, tỉnh Quảng Ninh")
    registration = RegistrationForm(
        province=PROVINCE, year=2027,
        applicant=Applicant(name="Hộ kinh doanh Mẫu", representative=rep.name,
                            position="Chủ hộ", address="Thôn Mẫu, xã Mẫu, tỉnh Quảng Ninh",
                            phone="0200 000 000", email="mau@example.invalid"),
        product_name="Miến dong Mẫu", product_set=SET, kind="first", sample_count=5,
        signed_on=date(2027, 1, 25), signed_by=rep.name,
        commune_receipt=Receipt(RegistrationNumber.parse("01-07/PĐK-22-06733-2027"),
                                date(2027, 2, 1), "Cán bộ tiếp nhận Mẫu"),
        province_receipt=Receipt(RegistrationNumber.parse("15-07/PĐK-22-06733-2027"),
                                 date(2027, 3, 2), "Cán bộ tiếp nhận Mẫu"))
    scores = Assessment.single(SET, best, assessed_on=date(2027, 1, 25), scorer="chủ thể",
                               product_id="P-MAU-01", name="Miến dong Mẫu (tự đánh giá)")
    evidence = tuple(
        Evidence(kind=kind, references=(f"MC-{i + 1:02d}.pdf",),
                 description=f"Minh chứng mẫu: {kind.label_vi}")
        for i, kind in enumerate(EvidenceKind) if kind.criteria(card))
    report = SelfAssessmentReport(
        general=GeneralInformation(
            subject_name="Hộ kinh doanh Mẫu", organisation=SubjectKind.HOUSEHOLD,
            address="Thôn Mẫu, xã Mẫu, tỉnh Quảng Ninh", representative=rep,
            product_description="Miến dong sợi khô, gói 500 g, TCCS 01:2026/MAU",
            phone="0200 000 000", founded_on=date(2018, 3, 1), registration_number="22A8000000",
            declarations={Declaration.BUSINESS_REGISTRATION, Declaration.QUALITY_DECLARED,
                          Declaration.FOOD_SAFETY_CERTIFICATE, Declaration.TRADEMARK},
            history="Thành lập năm 2018 (dữ liệu mẫu).",
            structure="Chủ hộ và 12 lao động địa phương (dữ liệu mẫu)."),
        business_results="Doanh thu và thị trường theo phương án sản xuất kinh doanh (mẫu).",
        scores=scores, evidence=evidence,
        business_plan="Mở rộng vùng nguyên liệu và thị trường xuất khẩu (mẫu).",
        signed_on=date(2027, 1, 25), signed_by=rep.name)
    product = ProductDossier(kind="first", registration=registration, self_assessment=report,
                             product_id="P-MAU-01", subject_id="S-MAU-01", commune_code=COMMUNE)
    points = tuple(
        AssessedPoint(point=p, subject_description=f"Chủ thể mô tả: {p.label_vi} (mẫu).",
                      assessment=f"UBND xã xác nhận đúng thực tế: {p.label_vi} (mẫu).")
        for p in CommunePoint)
    commune_report = CommuneReport(
        commune="Ủy ban nhân dân xã Mẫu", subject_name="Hộ kinh doanh Mẫu",
        organisation=SubjectKind.HOUSEHOLD, address="Thôn Mẫu, xã Mẫu, tỉnh Quảng Ninh",
        representative=rep, product_name="Miến dong Mẫu", points=points, province=PROVINCE,
        issued_on=date(2027, 2, 25), signed_by="Chủ tịch UBND xã Mẫu")
    return CommuneDossier(
        proposal=Document(kind=DocumentKind.COMMUNE_PROPOSAL, number="12/UBND-KT",
                          issued_on=date(2027, 2, 26), issuer="Ủy ban nhân dân xã Mẫu"),
        report=commune_report, product=product,
        samples=Samples(count=5, received_on=date(2027, 2, 1)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = ap.parse_args(argv)
    dossier = build()
    problems = check(dossier)
    assert not problems, problems
    text = to_json(dossier) + "\n"
    if args.check:
        if not OUT.exists() or OUT.read_text("utf-8") != text:
            print(f"{OUT} is stale: run python tools/make_sample_procedure.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, "utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
