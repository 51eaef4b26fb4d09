"""Mẫu số 02 of Phụ lục III: the subject's self-assessment report ("Báo cáo tự đánh giá về
sản phẩm"), with the evidence table of its Phần III mapped to the criteria it supports.

Phần III asks the subject to score itself criterion by criterion and to attach the
evidence "sắp xếp theo thứ tự các chỉ tiêu trong Bộ tiêu chí", following a table of
fifteen kinds of evidence (:class:`EvidenceKind`). The table names no criterion; ocopkit
maps each kind to the criteria of a scorecard whose name — or, for a few kinds, whose
option texts — speak of the same thing (its own reading, listed in :data:`EVIDENCE_KEYS`):

>>> from ocopkit import rulesets
>>> card = rulesets.get("vn-qd-26-2026").scorecard(7)
>>> EvidenceKind.RAW_MATERIALS.criteria(card)
('1.1', '1.2', '1.5')
>>> EvidenceKind.LOCAL_LABOUR.criteria(card), EvidenceKind.PRODUCT_STORY.criteria(card)
(('3.3',), ('5.1', '5.2', '5.3'))
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final

import attrs

from ocopkit.frozen import FrozenMap
from ocopkit.products import SubjectKind
from ocopkit.rulesets import Scorecard
from ocopkit.scoring import Assessment
from ocopkit.text import fold, nfc

from ._actors import LabelledEnum
from ._forms import Representative

__all__ = [
    "EVIDENCE_KEYS",
    "Declaration",
    "Evidence",
    "EvidenceKind",
    "GeneralInformation",
    "ProductChange",
    "SelfAssessmentReport",
    "Update",
    "UpdateTopic",
]


class EvidenceKind(LabelledEnum):
    """The rows of the evidence table of Mẫu 02 Phần III, in its order."""

    BUSINESS_REGISTRATION = "business-registration"
    PRODUCTION_CONDITIONS = "production-conditions"
    RAW_MATERIALS = "raw-materials"
    ENVIRONMENT = "environment"
    LOCAL_LABOUR = "local-labour"
    BUSINESS_GROWTH = "business-growth"
    INTELLECTUAL_PROPERTY = "intellectual-property"
    MARKET_DEVELOPMENT = "market-development"
    PROMOTION = "promotion"
    PRODUCT_STORY = "product-story"
    QUALITY_DECLARATION = "quality-declaration"
    TEST_RESULTS = "test-results"
    TRACEABILITY = "traceability"
    QUALITY_MANAGEMENT = "quality-management"
    AWARDS = "awards"

    def criteria(self, card: Scorecard) -> tuple[str, ...]:
        """The criteria of ``card`` this kind of evidence supports (see :data:`EVIDENCE_KEYS`)."""
        names, options = EVIDENCE_KEYS[self]
        out = []
        for crit in card:
            name = fold(crit.name)
            if any(k in name for k in names) or (options and any(
                    k in fold(o.text) for o in crit.options for k in options)):
                out.append(crit.id)
        return tuple(out)


EvidenceKind.labels = {
    EvidenceKind.BUSINESS_REGISTRATION: ("Giấy đăng ký kinh doanh", "Business registration"),
    EvidenceKind.PRODUCTION_CONDITIONS: ("Giấy chứng nhận cơ sở đủ điều kiện sản xuất",
                                         "Certificate of the production conditions"),
    EvidenceKind.RAW_MATERIALS: ("Nguồn gốc nguyên liệu, vùng nguyên liệu, liên kết chuỗi",
                                 "Origin of raw materials, raw-material area, value chain"),
    EvidenceKind.ENVIRONMENT: ("Bảo vệ môi trường, sử dụng công nghệ theo hướng bền vững",
                               "Environmental protection, sustainable technology"),
    EvidenceKind.LOCAL_LABOUR: ("Sử dụng lao động địa phương", "Use of local labour"),
    EvidenceKind.BUSINESS_GROWTH: ("Tăng trưởng sản xuất kinh doanh", "Business growth"),
    EvidenceKind.INTELLECTUAL_PROPERTY: ("Sở hữu trí tuệ", "Intellectual property"),
    EvidenceKind.MARKET_DEVELOPMENT: (
        "Phát triển thị trường, hoạt động quảng bá, xúc tiến thương mại",
        "Market development, promotion and trade promotion"),
    EvidenceKind.PROMOTION: ("Quảng bá sản phẩm", "Product promotion"),
    EvidenceKind.PRODUCT_STORY: ("Câu chuyện về sản phẩm", "Product story"),
    EvidenceKind.QUALITY_DECLARATION: ("Công bố chất lượng sản phẩm",
                                       "Product quality declaration"),
    EvidenceKind.TEST_RESULTS: (
        "Phiếu kết quả kiểm nghiệm chỉ tiêu chất lượng, an toàn thực phẩm theo tiêu chuẩn "
        "công bố", "Laboratory test results against the declared standard"),
    EvidenceKind.TRACEABILITY: ("Mã số mã vạch, tem truy xuất nguồn gốc",
                                "Barcodes, traceability stamps"),
    EvidenceKind.QUALITY_MANAGEMENT: (
        "Hệ thống quản lý chất lượng tiên tiến, kiểm soát chất lượng",
        "Advanced quality management system, quality control"),
    EvidenceKind.AWARDS: (
        "Giải thưởng của sản phẩm, bình chọn của các tổ chức uy tín trong nước và quốc tế",
        "Awards, ratings by reputable national and international organisations"),
}

#: ocopkit's mapping of each kind of evidence to criteria: folded fragments of criterion
#: names, and of option texts (second item). Checked against every 26/2026 scorecard in
#: the tests; an interpretation, not a rule of the decision.
EVIDENCE_KEYS: Final[Mapping[EvidenceKind, tuple[tuple[str, ...], tuple[str, ...]]]] = FrozenMap({
    EvidenceKind.BUSINESS_REGISTRATION: (("loai hinh to chuc san xuat",), ()),
    EvidenceKind.PRODUCTION_CONDITIONS: (
        ("dieu kien dam bao an toan chat luong", "dap ung dieu kien kinh doanh"),
        ("du dieu kien",)),
    EvidenceKind.RAW_MATERIALS: (
        ("nguon nguyen lieu", "vung nguyen lieu", "vung san xuat duoc cap",
         "lien ket chuoi trong san xuat", "lien ket san xuat", "nguon goc san pham"), ()),
    EvidenceKind.ENVIRONMENT: (
        ("bao ve moi truong", "cong nghe theo huong ben vung", "nang luong tiet kiem"), ()),
    EvidenceKind.LOCAL_LABOUR: (("lao dong dia phuong",), ()),
    EvidenceKind.BUSINESS_GROWTH: (("tang truong san xuat kinh doanh",), ()),
    EvidenceKind.INTELLECTUAL_PROPERTY: (("so huu tri tue",), ()),
    EvidenceKind.MARKET_DEVELOPMENT: (
        ("khu vuc phan phoi", "to chuc phan phoi", "nang luc san xuat",
         "to chuc quang ba, ban hang", "lien ket chuoi gia tri", "lien ket vung",
         "co hoi thi truong toan cau"), ()),
    EvidenceKind.PROMOTION: (("quang ba san pham", "bo nhan dien quang ba"), ()),
    EvidenceKind.PRODUCT_STORY: (("cau chuyen", "tri tue/ban sac dia phuong"), ()),
    EvidenceKind.QUALITY_DECLARATION: (("cong bo chat luong", "cong bo san pham"), ()),
    EvidenceKind.TEST_RESULTS: (("kiem tra dinh ky", "chat luong an toan thuc pham",
                                 "cong bo chat luong", "cong bo san pham", "dinh duong"),
                                ("kiem nghiem",)),
    EvidenceKind.TRACEABILITY: ((), ("truy xuat",)),
    EvidenceKind.QUALITY_MANAGEMENT: ((), ("quan ly chat luong",)),
    EvidenceKind.AWARDS: ((), ("binh chon", "giai thuong")),
})


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(nfc(v) for v in value)


def _opt_nfc(value: str | None) -> str | None:
    return None if value is None else nfc(value)


@attrs.frozen(kw_only=True)
class Evidence:
    """Documents of one kind of the Mẫu 02 evidence table (``references``: file names,
    document numbers, links). ``criteria`` names the criteria they support when the
    subject says so; otherwise :meth:`EvidenceKind.criteria` decides."""

    kind: EvidenceKind
    references: tuple[str, ...] = attrs.field(converter=_texts)
    description: str | None = attrs.field(default=None, converter=_opt_nfc)
    criteria: tuple[str, ...] = attrs.field(default=(), converter=_texts)

    def supports(self, card: Scorecard) -> tuple[str, ...]:
        """The criteria of ``card`` these documents support."""
        return self.criteria or self.kind.criteria(card)


class Declaration(enum.Enum):
    """The boxes ticked in Mẫu 02 Phần I §7."""

    BUSINESS_REGISTRATION = "business-registration"
    """a) Giấy đăng ký kinh doanh."""
    QUALITY_DECLARED = "quality-declared"
    """b) Đã công bố chất lượng sản phẩm theo quy định."""
    FOOD_SAFETY_CERTIFICATE = "food-safety-certificate"
    """c) Giấy chứng nhận cơ sở đủ điều kiện vệ sinh an toàn thực phẩm."""
    PRODUCTION_CONDITIONS_CERTIFICATE = "production-conditions-certificate"
    """c) Giấy chứng nhận cơ sở đủ điều kiện sản xuất bắt buộc (where required)."""
    INTELLECTUAL_PROPERTY = "intellectual-property"
    """d) Đã có đăng ký sở hữu trí tuệ."""
    TRADEMARK = "trademark"
    GEOGRAPHICAL_INDICATION = "geographical-indication"
    """Quyền sử dụng chỉ dẫn địa lý, nhãn hiệu tập thể, nhãn hiệu chứng nhận."""
    PATENT = "patent"
    INDUSTRIAL_DESIGN = "industrial-design"
    COPYRIGHT = "copyright"
    OTHER_IP = "other-ip"


def _declarations(value: Iterable[Declaration]) -> frozenset[Declaration]:
    return frozenset(value)


@attrs.frozen(kw_only=True)
class GeneralInformation:
    """Mẫu 02 Phần I, "Thông tin chung" (§1–9)."""

    subject_name: str = attrs.field(converter=nfc)
    organisation: SubjectKind
    address: str = attrs.field(converter=nfc)
    representative: Representative
    product_description: str = attrs.field(converter=nfc)
    phone: str | None = None
    email: str | None = None
    founded_on: date | None = None
    registration_number: str | None = None
    declarations: frozenset[Declaration] = attrs.field(default=frozenset(),
                                                       converter=_declarations)
    history: str | None = None
    structure: str | None = None


@attrs.frozen(kw_only=True)
class ProductChange:
    """A change since recognition that an upgrade dossier shows "rõ nội dung và tài liệu
    minh chứng" (26/2026 Điều 6.1.b), with the criteria it improves."""

    description: str = attrs.field(converter=nfc)
    references: tuple[str, ...] = attrs.field(converter=_texts)
    criteria: tuple[str, ...] = attrs.field(default=(), converter=_texts)


class UpdateTopic(LabelledEnum):
    """What a re-evaluation dossier updates "sau thời gian sản phẩm OCOP được công nhận"
    (26/2026 Điều 6.1.c; Mẫu 02 Phần III, last paragraph)."""

    RAW_MATERIALS = "raw-materials"
    TECHNOLOGY = "technology"
    PACKAGING = "packaging"
    LABELLING = "labelling"
    QUALITY_DECLARATION = "quality-declaration"
    PERIODIC_TESTS = "periodic-tests"
    MARKETS = "markets"
    OUTPUT = "output"
    REVENUE = "revenue"
    TIME_LIMITED_PAPERS = "time-limited-papers"

    @property
    def needs_documents(self) -> bool:
        """The periodic test reports and the legal papers with a term are documents: an
        update of them attaches them ("các phiếu kiểm nghiệm định kỳ", "bổ sung minh
        chứng các giấy tờ pháp lý có thời hạn")."""
        return self in (UpdateTopic.PERIODIC_TESTS, UpdateTopic.TIME_LIMITED_PAPERS)


UpdateTopic.labels = {
    UpdateTopic.RAW_MATERIALS: ("nguyên liệu", "raw materials"),
    UpdateTopic.TECHNOLOGY: ("công nghệ sử dụng", "technology used"),
    UpdateTopic.PACKAGING: ("bao bì", "packaging"),
    UpdateTopic.LABELLING: ("nhãn mác", "labelling"),
    UpdateTopic.QUALITY_DECLARATION: ("công bố chất lượng", "quality declaration"),
    UpdateTopic.PERIODIC_TESTS: ("các phiếu kiểm nghiệm định kỳ", "periodic test reports"),
    UpdateTopic.MARKETS: ("thị trường tiêu thụ", "markets"),
    UpdateTopic.OUTPUT: ("sản lượng", "output"),
    UpdateTopic.REVENUE: ("doanh thu", "revenue"),
    UpdateTopic.TIME_LIMITED_PAPERS: ("giấy tờ pháp lý có thời hạn",
                                      "legal papers with a term"),
}


@attrs.frozen(kw_only=True)
class Update:
    """What changed on one :class:`UpdateTopic` (possibly "không thay đổi")."""

    topic: UpdateTopic
    description: str = attrs.field(converter=nfc)
    references: tuple[str, ...] = attrs.field(default=(), converter=_texts)


def _evidence(value: Iterable[Evidence]) -> tuple[Evidence, ...]:
    return tuple(value)


def _changes(value: Iterable[ProductChange]) -> tuple[ProductChange, ...]:
    return tuple(value)


def _updates(value: Iterable[Update]) -> tuple[Update, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class SelfAssessmentReport:
    """Mẫu số 02: the subject's self-assessment report.

    ``general`` is Phần I; ``business_results`` Phần II (results of the business plan);
    ``scores`` Phần III, the self-scores per criterion as an
    :class:`~ocopkit.scoring.Assessment` (one score sheet, the subject's); ``evidence``
    the documents of the Phần III table; ``business_plan`` Phần IV; ``changes`` what an
    upgrade dossier shows (Điều 6.1.b) and ``updates`` what a re-evaluation dossier
    updates (Điều 6.1.c).
    """

    general: GeneralInformation
    business_results: str = attrs.field(converter=nfc)
    scores: Assessment
    business_plan: str = attrs.field(converter=nfc)
    evidence: tuple[Evidence, ...] = attrs.field(default=(), converter=_evidence)
    changes: tuple[ProductChange, ...] = attrs.field(default=(), converter=_changes)
    updates: tuple[Update, ...] = attrs.field(default=(), converter=_updates)
    signed_on: date | None = None
    signed_by: str | None = None

    def evidence_by_criterion(self, card: Scorecard) -> Mapping[str, tuple[Evidence, ...]]:
        """``{criterion id: the evidence supporting it}`` for every criterion of ``card``."""
        out: dict[str, list[Evidence]] = {c.id: [] for c in card}
        for item in self.evidence:
            for cid in item.supports(card):
                if cid in out:
                    out[cid].append(item)
        return FrozenMap({k: tuple(v) for k, v in out.items()})

    def unsupported(self, card: Scorecard) -> tuple[str, ...]:
        """The criteria the subject scored above zero without any evidence supporting them
        (to look at first: Phần III asks for "tài liệu minh chứng" per criterion).

        Only answers with written points or a ticked option worth points count.
        """
        by_crit = self.evidence_by_criterion(card)
        out = []
        for sheet in self.scores.sheets:
            for answer in sheet.answers:
                if answer.criterion_id not in by_crit or by_crit[answer.criterion_id]:
                    continue
                points = answer.points
                if points is None and answer.option_id is not None and card.has_criterion(
                        answer.criterion_id):
                    crit = card.criterion(answer.criterion_id)
                    points = next((o.points for o in crit.options
                                   if o.id == answer.option_id), None)
                if points and answer.criterion_id not in out:
                    out.append(answer.criterion_id)
        return tuple(out)
