"""The dossiers of QĐ 26/2026/QĐ-TTg Điều 6, as frozen records.

* :class:`ProductDossier` — the subject's product dossier (hồ sơ sản phẩm, Điều 6.1): the
  registration form (Mẫu 01) and the self-assessment report (Mẫu 02) for a first
  evaluation (6.1.a), an upgrade with the changes since recognition (6.1.b) or a
  re-evaluation with the updates since recognition (6.1.c);
* :class:`CommuneDossier` — what the commune sends the province (Điều 6.2): its proposal,
  its report (Mẫu 03), the product dossier and 05 samples (none for the tourism group);
* :class:`ProvinceDossier` — what the province sends the Ministry for 5★ (Điều 6.3): for a
  first evaluation (6.3.a) its proposal, the reports of the advisory group and of the
  council and the chairman's approval; for a re-evaluation (6.3.b) its proposal and its
  office's report; in both the product dossier, any extra test confirmations and the
  samples.

:func:`ocopkit.procedure.check` reports every missing or inconsistent part at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

import attrs

from ocopkit.rulesets import AssessmentKind, Citation
from ocopkit.text import nfc

from ._actors import LabelledEnum, cite
from ._forms import CommuneReport, RegistrationForm
from ._selfreport import SelfAssessmentReport

__all__ = [
    "REQUIRED_DOCUMENTS",
    "SAMPLES_REQUIRED",
    "CommuneDossier",
    "Document",
    "DocumentKind",
    "ProductDossier",
    "ProvinceDossier",
    "Samples",
    "Submission",
]

#: "05 sản phẩm mẫu" (26/2026 Điều 6.2.d, 6.3.a, 6.3.b).
SAMPLES_REQUIRED: Final = 5


class DocumentKind(LabelledEnum):
    """A document of a commune's or a province's dossier (26/2026 Điều 6.2–6.3)."""

    COMMUNE_PROPOSAL = "commune-proposal"
    """"Văn bản của UBND cấp xã đề nghị UBND cấp tỉnh đánh giá, phân hạng" (6.2.a)."""
    PROVINCE_PROPOSAL = "province-proposal"
    """"Văn bản của UBND cấp tỉnh gửi Bộ Nông nghiệp và Môi trường đề nghị …" (6.3)."""
    ADVISORY_REPORT = "advisory-report"
    """"Báo cáo đánh giá của Tổ tư vấn Hội đồng cấp tỉnh" (6.3.a)."""
    COUNCIL_REPORT = "council-report"
    """"Báo cáo đánh giá của Hội đồng cấp tỉnh" (6.3.a)."""
    APPROVAL_DECISION = "approval-decision"
    """"Quyết định phê duyệt kết quả đánh giá của Chủ tịch UBND cấp tỉnh" (6.3.a)."""
    OFFICE_REPORT = "office-report"
    """"Báo cáo đánh giá của cơ quan tham mưu quản lý OCOP cấp tỉnh" (6.3.b)."""
    ADDITIONAL_TESTS = "additional-tests"
    """"Các văn bản xác nhận kiểm tra, kiểm nghiệm bổ sung của cấp tỉnh (nếu có)" (6.3)."""


DocumentKind.labels = {
    DocumentKind.COMMUNE_PROPOSAL: ("văn bản đề nghị của UBND cấp xã",
                                    "the commune's letter of proposal"),
    DocumentKind.PROVINCE_PROPOSAL: ("văn bản đề nghị của UBND cấp tỉnh gửi Bộ",
                                     "the province's letter of proposal to the Ministry"),
    DocumentKind.ADVISORY_REPORT: ("báo cáo đánh giá của Tổ tư vấn Hội đồng cấp tỉnh",
                                   "the report of the provincial advisory group"),
    DocumentKind.COUNCIL_REPORT: ("báo cáo đánh giá của Hội đồng cấp tỉnh",
                                  "the report of the provincial council"),
    DocumentKind.APPROVAL_DECISION: ("quyết định phê duyệt kết quả của Chủ tịch UBND cấp tỉnh",
                                     "the chairman's decision approving the result"),
    DocumentKind.OFFICE_REPORT: ("báo cáo đánh giá của cơ quan tham mưu quản lý OCOP cấp tỉnh",
                                 "the report of the provincial OCOP office"),
    DocumentKind.ADDITIONAL_TESTS: ("văn bản xác nhận kiểm tra, kiểm nghiệm bổ sung",
                                    "confirmations of extra checks and tests"),
}

#: The documents a province's 5★ dossier must hold: for a first evaluation (Điều 6.3.a)
#: and for a re-evaluation (Điều 6.3.b), with their citations; extra test confirmations
#: are optional in both ("nếu có").
REQUIRED_DOCUMENTS: Final[dict[bool, tuple[tuple[DocumentKind, ...], Citation]]] = {
    False: ((DocumentKind.PROVINCE_PROPOSAL, DocumentKind.ADVISORY_REPORT,
             DocumentKind.COUNCIL_REPORT, DocumentKind.APPROVAL_DECISION),
            cite(6, "khoản 3 điểm a")),
    True: ((DocumentKind.PROVINCE_PROPOSAL, DocumentKind.OFFICE_REPORT),
           cite(6, "khoản 3 điểm b")),
}


def _opt_nfc(value: str | None) -> str | None:
    return None if value is None else nfc(value)


@attrs.frozen(kw_only=True)
class Document:
    """A letter, report or decision in a dossier: its number, date, issuer and where the
    portal keeps it (``reference``)."""

    kind: DocumentKind
    number: str | None = None
    issued_on: date | None = None
    issuer: str | None = attrs.field(default=None, converter=_opt_nfc)
    reference: str | None = None


@attrs.frozen(kw_only=True)
class Samples:
    """The sample products sent with a dossier (26/2026 Điều 6.2.d: "05 sản phẩm mẫu")."""

    count: int
    received_on: date | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Submission:
    """How a dossier was sent: "01 bộ hồ sơ giấy và 01 bộ hồ sơ điện tử" (26/2026 Điều
    7.1, 7.2.b, 7.3.e). A dossier put on the evaluation software "có giá trị pháp lý như
    hồ sơ giấy" (Điều 7.1), so ``via_software`` stands for both sets."""

    paper: bool = True
    electronic: bool = True
    via_software: bool = False


def _kind(value: AssessmentKind | str) -> AssessmentKind:
    return AssessmentKind.parse(value)


@attrs.frozen(kw_only=True)
class ProductDossier:
    """The subject's product dossier (hồ sơ sản phẩm, 26/2026 Điều 6.1).

    ``kind`` is what it asks for (first evaluation, upgrade, re-evaluation);
    ``certificate_number`` names the recognised product's certificate for an upgrade or
    a re-evaluation; ``commune_code`` the commune it is filed with; ``product_id`` and
    ``subject_id`` link it to a portfolio when known.
    """

    kind: AssessmentKind = attrs.field(converter=_kind)
    registration: RegistrationForm
    self_assessment: SelfAssessmentReport
    product_id: str | None = None
    subject_id: str | None = None
    commune_code: str | None = None
    certificate_number: str | None = None
    submission: Submission = Submission()

    @property
    def product_set(self) -> int:
        """The product set the registration names (Mẫu 01 §3)."""
        return self.registration.product_set

    @property
    def province(self) -> str:
        """The province the registration is for ("của tỉnh …", Mẫu 01)."""
        return self.registration.province

    @property
    def citation(self) -> Citation:
        """The clause of Điều 6.1 that lists this dossier's parts."""
        letter = {AssessmentKind.FIRST: "a", AssessmentKind.UPGRADE: "b",
                  AssessmentKind.RE_EVALUATION: "c"}[self.kind]
        return cite(6, f"khoản 1 điểm {letter}")


@attrs.frozen(kw_only=True)
class CommuneDossier:
    """The commune's dossier to the province (26/2026 Điều 6.2): ``proposal`` (6.2.a),
    ``report`` (Mẫu 03, 6.2.b), ``product`` (6.2.c) and ``samples`` (6.2.d)."""

    proposal: Document
    report: CommuneReport
    product: ProductDossier
    samples: Samples | None = None
    submission: Submission = Submission()

    @property
    def citation(self) -> Citation:
        return cite(6, "khoản 2")


def _documents(value: Iterable[Document]) -> tuple[Document, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class ProvinceDossier:
    """The province's 5★ dossier to the Ministry (26/2026 Điều 6.3): for a first evaluation
    (``reevaluation=False``, 6.3.a) or a re-evaluation of a 5★ product (``True``, 6.3.b)."""

    product: ProductDossier
    documents: tuple[Document, ...] = attrs.field(converter=_documents)
    reevaluation: bool = False
    samples: Samples | None = None
    submission: Submission = Submission()

    def document(self, kind: DocumentKind) -> Document | None:
        """The first document of ``kind``, if any."""
        return next((d for d in self.documents if d.kind is kind), None)

    @property
    def citation(self) -> Citation:
        return REQUIRED_DOCUMENTS[self.reevaluation][1]
