"""Completeness of the dossiers of 26/2026 Điều 6: every missing or inconsistent part, at
once, located (``$.product.registration.applicant.phone``) and in both languages.

>>> from ocopkit.samples import sample_commune_dossier
>>> check(sample_commune_dossier())
()
>>> import attrs
>>> d = sample_commune_dossier()
>>> broken = attrs.evolve(d, samples=None, product=attrs.evolve(
...     d.product, kind="upgrade", registration=attrs.evolve(d.product.registration,
...                                                          kind="upgrade")))
>>> for p in check(broken):
...     print(p.path, p.code)
$.product.certificate_number missing-certificate
$.product.self_assessment.changes missing-changes
$.product.self_assessment.scores.kind inconsistent-kind
$.samples missing-samples
"""

from __future__ import annotations

from datetime import date

from ocopkit import places, products
from ocopkit.errors import Problem, ProblemCollector, ValidationError
from ocopkit.rulesets import AssessmentKind, Rules
from ocopkit.scoring import validate
from ocopkit.text import fold

from ._dossiers import (
    REQUIRED_DOCUMENTS,
    SAMPLES_REQUIRED,
    CommuneDossier,
    Document,
    DocumentKind,
    ProductDossier,
    ProvinceDossier,
    Samples,
    Submission,
)
from ._forms import CommunePoint, Receipt
from ._selfreport import UpdateTopic

__all__ = ["check", "is_tourism", "require_complete"]

Dossier = ProductDossier | CommuneDossier | ProvinceDossier


def is_tourism(product_set: int) -> bool:
    """Whether a product set is in the tourism group (Phụ lục I, sector VI), which sends
    no samples (26/2026 Điều 6.2.d)."""
    try:
        return products.product_set(product_set).sector == "VI"
    except ValidationError:
        return False


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _missing(c: ProblemCollector, path: str, vi: str, en: str, where: str) -> None:
    c.add(path, "missing-field", f"thiếu {vi} ({where})", f"missing {en} ({where})")


def _province_code(query: str) -> str | None:
    try:
        return places.province(query).code
    except ValidationError as exc:
        if exc.codes == ("ambiguous-province",):
            return query if query.isdigit() else None
        return None


def _receipt(c: ProblemCollector, r: Receipt, path: str, d: ProductDossier) -> None:
    reg = d.registration
    code = _province_code(reg.province)
    if code is not None and r.number.province_code != code:
        c.add(f"{path}.number.province_code", "receipt-province-mismatch",
              f"mã tỉnh của số phiếu ({r.number.province_code}) khác tỉnh đăng ký ({code})",
              f"the form number's province code {r.number.province_code} is not the "
              f"registration's province ({code})", code)
    if r.number.year != reg.year:
        c.add(f"{path}.number.year", "receipt-year-mismatch",
              f"năm của số phiếu ({r.number.year}) khác năm đăng ký ({reg.year})",
              f"the form number's year {r.number.year} is not the registration year "
              f"{reg.year}", str(reg.year))
    if d.commune_code is not None and r.number.commune_code != d.commune_code:
        c.add(f"{path}.number.commune_code", "receipt-commune-mismatch",
              f"mã xã của số phiếu ({r.number.commune_code}) khác xã nộp hồ sơ "
              f"({d.commune_code})", f"the form number's commune code "
              f"{r.number.commune_code} is not the dossier's commune ({d.commune_code})",
              d.commune_code)
    if _blank(r.received_by):
        _missing(c, f"{path}.received_by", "người tiếp nhận", "who received it", "Mẫu 01")
    if reg.signed_on is not None and r.received_on < reg.signed_on:
        c.add(f"{path}.received_on", "received-before-signed",
              "ngày nhận trước ngày ký phiếu đăng ký", "received before the form was signed")


def _registration(c: ProblemCollector, d: ProductDossier, base: str) -> None:
    reg, path = d.registration, f"{base}.registration"
    try:
        places.province(reg.province)
    except ValidationError as exc:
        if exc.codes != ("ambiguous-province",):
            c.extend(Problem(f"{path}.province", p.code, p.message_vi, p.message_en,
                             p.suggestion) for p in exc.problems)
    a = reg.applicant
    for name, vi, en in (("name", "tên đơn vị", "the applicant's name"),
                         ("representative", "người đại diện pháp lý", "the legal representative"),
                         ("position", "chức vụ", "the position"),
                         ("address", "địa chỉ liên hệ", "the address"),
                         ("phone", "điện thoại", "the phone number")):
        if _blank(getattr(a, name)):
            _missing(c, f"{path}.applicant.{name}", vi, en, "Mẫu 01 §1")
    if _blank(reg.product_name):
        _missing(c, f"{path}.product_name", "tên sản phẩm", "the product name", "Mẫu 01 §2")
    try:
        products.product_set(reg.product_set, path=f"{path}.product_set")
    except ValidationError as exc:
        c.extend(exc.problems)
    if reg.kind is not d.kind:
        c.add(f"{path}.kind", "inconsistent-kind",
              f"phiếu đăng ký ghi {reg.kind.value}, hồ sơ là {d.kind.value} (Mẫu 01 §4)",
              f"the form registers a {reg.kind.value}, the dossier is a {d.kind.value} "
              "(Mẫu 01 §4)", d.kind.value)
    if reg.sample_count is None and not is_tourism(reg.product_set):
        c.add(f"{path}.sample_count", "samples-not-declared",
              "phiếu đăng ký chưa ghi số lượng sản phẩm mẫu (Mẫu 01 §5; Điều 6.2.d)",
              "the form does not declare the number of samples (Mẫu 01 §5; Điều 6.2.d)")
    if reg.signed_on is None or _blank(reg.signed_by):
        c.add(f"{path}.signed_on", "unsigned", "phiếu đăng ký chưa ký, ghi rõ họ tên (Mẫu 01)",
              "the form is not signed with the representative's name (Mẫu 01)")
    for name in ("commune_receipt", "province_receipt"):
        receipt = getattr(reg, name)
        if receipt is not None:
            _receipt(c, receipt, f"{path}.{name}", d)


def _scores(c: ProblemCollector, d: ProductDossier, base: str, rules: Rules) -> None:
    scores, path = d.self_assessment.scores, f"{base}.self_assessment.scores"
    if scores.product_set != d.product_set:
        c.add(f"{path}.product_set", "inconsistent-product-set",
              f"tự chấm theo bộ {scores.product_set}, đăng ký bộ {d.product_set}",
              f"self-scored on set {scores.product_set}, registered for set {d.product_set}",
              str(d.product_set))
        return
    if scores.kind is not d.kind:
        c.add(f"{path}.kind", "inconsistent-kind",
              f"bản tự chấm ghi {scores.kind.value}, hồ sơ là {d.kind.value}",
              f"the self-scores are for a {scores.kind.value}, the dossier is a "
              f"{d.kind.value}", d.kind.value)
    if len(scores.sheets) != 1:
        c.add(f"{path}.sheets", "not-one-sheet",
              "báo cáo tự đánh giá có đúng một phiếu tự chấm của chủ thể (Mẫu 02 Phần III)",
              "a self-assessment has exactly one score sheet, the subject's (Mẫu 02 Phần III)")
        return
    try:
        ctx = validate(scores, rules)
    except ValidationError as exc:
        for p in exc.problems:
            where = (f"{path}.sheets[0]{p.path[1:]}" if p.path.startswith("$.answers")
                     else f"{path}{p.path[1:]}" if p.path.startswith("$") else path)
            c.add(where, p.code, p.message_vi, p.message_en, p.suggestion)
        return
    card = ctx.scorecard
    known = {cr.id for cr in card}
    report = d.self_assessment
    for i, ev in enumerate(report.evidence):
        where = f"{base}.self_assessment.evidence[{i}]"
        if not [r for r in ev.references if r.strip()]:
            c.add(f"{where}.references", "evidence-without-documents",
                  "minh chứng không có tài liệu nào", "evidence without any document")
        for cid in ev.criteria:
            if cid not in known:
                c.add(f"{where}.criteria", "unknown-criterion",
                      f"bộ {card.product_set} không có tiêu chí {cid}",
                      f"set {card.product_set} has no criterion {cid}")
    for i, ch in enumerate(report.changes):
        for cid in ch.criteria:
            if cid not in known:
                c.add(f"{base}.self_assessment.changes[{i}].criteria", "unknown-criterion",
                      f"bộ {card.product_set} không có tiêu chí {cid}",
                      f"set {card.product_set} has no criterion {cid}")


def _kind_parts(c: ProblemCollector, d: ProductDossier, base: str) -> None:
    report, path = d.self_assessment, f"{base}.self_assessment"
    if d.kind is AssessmentKind.FIRST:
        for name in ("changes", "updates"):
            if getattr(report, name):
                c.add(f"{path}.{name}", "not-applicable",
                      "hồ sơ lần đầu không có phần thay đổi/cập nhật (Điều 6.1.a)",
                      "a first-evaluation dossier has no changes or updates (Điều 6.1.a)")
        if d.certificate_number is not None:
            c.add(f"{base}.certificate_number", "not-applicable",
                  "hồ sơ lần đầu không gắn với giấy chứng nhận nào (Điều 6.1.a)",
                  "a first-evaluation dossier names no certificate (Điều 6.1.a)")
        return
    letter = "b" if d.kind is AssessmentKind.UPGRADE else "c"
    if _blank(d.certificate_number):
        c.add(f"{base}.certificate_number", "missing-certificate",
              f"thiếu số giấy chứng nhận của sản phẩm OCOP đã được công nhận (Điều 6.1.{letter})",
              f"missing the number of the recognised product's certificate (Điều 6.1.{letter})")
    if d.kind is AssessmentKind.UPGRADE:
        if not report.changes:
            c.add(f"{path}.changes", "missing-changes",
                  "thiếu nội dung và tài liệu minh chứng về những thay đổi so với sản phẩm OCOP "
                  "đã được công nhận (Điều 6.1.b)",
                  "missing the changes since recognition and their evidence (Điều 6.1.b)")
        for i, ch in enumerate(report.changes):
            if not [r for r in ch.references if r.strip()]:
                c.add(f"{path}.changes[{i}].references", "change-without-evidence",
                      "thay đổi không có tài liệu minh chứng (Điều 6.1.b)",
                      "a change without evidence (Điều 6.1.b)")
        if report.updates:
            c.add(f"{path}.updates", "not-applicable",
                  "hồ sơ nâng hạng không có phần cập nhật của hồ sơ phân hạng lại",
                  "an upgrade dossier has no re-evaluation updates")
        return
    seen: dict[UpdateTopic, int] = {}
    for i, up in enumerate(report.updates):
        if up.topic in seen:
            c.add(f"{path}.updates[{i}].topic", "duplicate-update",
                  f"cập nhật '{up.topic.label_vi}' hai lần", f"'{up.topic.label_en}' twice")
        seen[up.topic] = i
        if up.topic.needs_documents and not [r for r in up.references if r.strip()]:
            c.add(f"{path}.updates[{i}].references", "update-without-documents",
                  f"cập nhật '{up.topic.label_vi}' phải kèm tài liệu (Điều 6.1.c)",
                  f"the update of {up.topic.label_en} attaches the documents (Điều 6.1.c)")
    for topic in UpdateTopic:
        if topic not in seen:
            c.add(f"{path}.updates", "missing-update",
                  f"thiếu cập nhật về {topic.label_vi} (Điều 6.1.c)",
                  f"missing the update of {topic.label_en} (Điều 6.1.c)", topic.value)


def _submission(c: ProblemCollector, s: Submission, path: str, where: str) -> None:
    if not (s.paper or s.via_software):
        c.add(f"{path}.paper", "missing-paper-copy", f"thiếu 01 bộ hồ sơ giấy ({where})",
              f"missing the paper set ({where}); a dossier on the evaluation software counts "
              "as paper (Điều 7.1)")
    if not (s.electronic or s.via_software):
        c.add(f"{path}.electronic", "missing-electronic-copy",
              f"thiếu 01 bộ hồ sơ điện tử ({where})", f"missing the electronic set ({where})")


def _product(c: ProblemCollector, d: ProductDossier, base: str, rules: Rules) -> None:
    _registration(c, d, base)
    report, path = d.self_assessment, f"{base}.self_assessment"
    g = report.general
    for name, vi, en in (("subject_name", "tên chủ thể", "the subject's name"),
                         ("address", "địa chỉ", "the address"),
                         ("product_description", "mô tả sản phẩm, quy cách, tiêu chuẩn",
                          "the product's description, specification and standard")):
        if _blank(getattr(g, name)):
            _missing(c, f"{path}.general.{name}", vi, en, "Mẫu 02 Phần I")
    if _blank(g.representative.name):
        _missing(c, f"{path}.general.representative.name", "người đại diện pháp luật",
                 "the legal representative", "Mẫu 02 Phần I §5")
    if (not _blank(g.subject_name) and not _blank(d.registration.applicant.name)
            and fold(g.subject_name) != fold(d.registration.applicant.name)):
        c.add(f"{path}.general.subject_name", "inconsistent-subject",
              "tên chủ thể khác tên đơn vị đăng ký (Mẫu 01 §1, Mẫu 02 Phần I §1)",
              "the subject's name differs from the applicant's (Mẫu 01 §1, Mẫu 02 Phần I §1)",
              d.registration.applicant.name)
    if _blank(report.business_results):
        _missing(c, f"{path}.business_results", "kết quả thực hiện phương án sản xuất kinh doanh",
                 "the results of the business plan", "Mẫu 02 Phần II")
    if _blank(report.business_plan):
        _missing(c, f"{path}.business_plan", "kế hoạch sản xuất, kinh doanh",
                 "the business plan", "Mẫu 02 Phần IV")
    if report.signed_on is None or _blank(report.signed_by):
        c.add(f"{path}.signed_on", "unsigned", "báo cáo tự đánh giá chưa ký (Mẫu 02)",
              "the self-assessment report is not signed (Mẫu 02)")
    _kind_parts(c, d, base)
    _scores(c, d, base, rules)
    _submission(c, d.submission, f"{base}.submission", "Điều 7.1")


def _samples(c: ProblemCollector, samples: Samples | None, d: ProductDossier, path: str,
             where: str) -> None:
    if is_tourism(d.product_set):
        return
    if samples is None:
        c.add(path, "missing-samples",
              f"thiếu {SAMPLES_REQUIRED:02d} sản phẩm mẫu ({where})",
              f"missing the {SAMPLES_REQUIRED} sample products ({where})")
        return
    if samples.count < SAMPLES_REQUIRED:
        c.add(f"{path}.count", "too-few-samples",
              f"{samples.count} sản phẩm mẫu, cần {SAMPLES_REQUIRED:02d} ({where})",
              f"{samples.count} samples, {SAMPLES_REQUIRED} needed ({where})")
    declared = d.registration.sample_count
    if declared is not None and declared != samples.count:
        c.add(f"{path}.count", "inconsistent-sample-count",
              f"gửi {samples.count} sản phẩm mẫu, phiếu đăng ký ghi {declared} (Mẫu 01 §5)",
              f"{samples.count} samples sent, the form declares {declared} (Mẫu 01 §5)")


def _document(c: ProblemCollector, doc: Document, path: str, where: str) -> None:
    if _blank(doc.number):
        _missing(c, f"{path}.number", f"số {doc.kind.label_vi}", f"the number of "
                 f"{doc.kind.label_en}", where)
    if doc.issued_on is None:
        _missing(c, f"{path}.issued_on", f"ngày ban hành {doc.kind.label_vi}",
                 f"the date of {doc.kind.label_en}", where)


def _after(c: ProblemCollector, path: str, when: date | None, earliest: date | None,
           vi: str, en: str) -> None:
    if when is not None and earliest is not None and when < earliest:
        c.add(path, "date-order", f"{vi} trước ngày {earliest:%d/%m/%Y}",
              f"{en} before {earliest.isoformat()}")


def _commune(c: ProblemCollector, d: CommuneDossier, rules: Rules) -> None:
    if d.proposal.kind is not DocumentKind.COMMUNE_PROPOSAL:
        c.add("$.proposal.kind", "wrong-document",
              f"cần {DocumentKind.COMMUNE_PROPOSAL.label_vi} (Điều 6.2.a)",
              f"needs {DocumentKind.COMMUNE_PROPOSAL.label_en} (Điều 6.2.a)",
              DocumentKind.COMMUNE_PROPOSAL.value)
    _document(c, d.proposal, "$.proposal", "Điều 6.2.a")
    r, reg = d.report, d.product.registration
    if _blank(r.commune):
        _missing(c, "$.report.commune", "tên UBND xã", "the commune", "Mẫu 03")
    seen: set[CommunePoint] = set()
    for i, point in enumerate(r.points):
        if point.point in seen:
            c.add(f"$.report.points[{i}]", "duplicate-point",
                  f"'{point.point.label_vi}' hai lần", f"'{point.point.label_en}' twice")
        seen.add(point.point)
        if _blank(point.assessment):
            c.add(f"$.report.points[{i}].assessment", "empty-assessment",
                  f"UBND xã chưa đánh giá '{point.point.label_vi}' (Mẫu 03 Phần II)",
                  f"the commune did not assess '{point.point.label_en}' (Mẫu 03 Phần II)")
    for which in CommunePoint:
        if which not in seen:
            c.add("$.report.points", "missing-point",
                  f"thiếu đánh giá '{which.label_vi}' (Điều 7.2.a; Mẫu 03 Phần II)",
                  f"missing the assessment of '{which.label_en}' (Điều 7.2.a; Mẫu 03 Phần II)",
                  which.value)
    for name, theirs, ours, vi, en in (
            ("subject_name", r.subject_name, reg.applicant.name, "tên chủ thể", "subject"),
            ("product_name", r.product_name, reg.product_name, "tên sản phẩm", "product")):
        if fold(theirs) != fold(ours):
            c.add(f"$.report.{name}", f"inconsistent-{en}",
                  f"{vi} trong báo cáo của xã khác phiếu đăng ký",
                  f"the commune's report names another {en} than the form", ours)
    if _province_code(r.province) != _province_code(reg.province):
        c.add("$.report.province", "inconsistent-province",
              "báo cáo của xã đề nghị tỉnh khác tỉnh đăng ký",
              "the commune's report proposes to another province than the form's",
              reg.province)
    if r.issued_on is None or _blank(r.signed_by):
        c.add("$.report.issued_on", "unsigned", "báo cáo của xã chưa ghi ngày, ký tên (Mẫu 03)",
              "the commune's report is not dated and signed (Mẫu 03)")
    received = reg.commune_receipt.received_on if reg.commune_receipt else None
    if reg.commune_receipt is None:
        c.add("$.product.registration.commune_receipt", "not-received",
              "phiếu đăng ký chưa có phần tiếp nhận của UBND cấp xã (Mẫu 01)",
              "the form lacks the commune's receipt (Mẫu 01, \"Dành cho UBND cấp xã\")")
    _after(c, "$.report.issued_on", r.issued_on, received, "báo cáo của xã",
           "the commune's report")
    _after(c, "$.proposal.issued_on", d.proposal.issued_on, received, "văn bản đề nghị",
           "the proposal")
    _product(c, d.product, "$.product", rules)
    _samples(c, d.samples, d.product, "$.samples", "Điều 6.2.d")
    _submission(c, d.submission, "$.submission", "Điều 7.2.b")


def _province(c: ProblemCollector, d: ProvinceDossier, rules: Rules) -> None:
    required = REQUIRED_DOCUMENTS[d.reevaluation][0]
    allowed = {*required, DocumentKind.ADDITIONAL_TESTS}
    where = f"Điều 6.3.{'b' if d.reevaluation else 'a'}"
    for i, doc in enumerate(d.documents):
        if doc.kind not in allowed:
            c.add(f"$.documents[{i}].kind", "not-applicable",
                  f"{doc.kind.label_vi} không thuộc hồ sơ này ({where})",
                  f"{doc.kind.label_en} is not part of this dossier ({where})")
        else:
            _document(c, doc, f"$.documents[{i}]", where)
    for kind in required:
        if d.document(kind) is None:
            c.add("$.documents", "missing-document", f"thiếu {kind.label_vi} ({where})",
                  f"missing {kind.label_en} ({where})", kind.value)
    approval, letter = d.document(DocumentKind.APPROVAL_DECISION), d.document(
        DocumentKind.PROVINCE_PROPOSAL)
    if approval is not None and letter is not None:
        _after(c, "$.documents", letter.issued_on, approval.issued_on,
               "văn bản đề nghị", "the province's proposal")
    if d.reevaluation and d.product.kind is not AssessmentKind.RE_EVALUATION:
        c.add("$.reevaluation", "inconsistent-kind",
              "hồ sơ đánh giá lại 5 sao cần hồ sơ sản phẩm đánh giá lại (Điều 6.3.b)",
              "a 5★ re-evaluation dossier holds a re-evaluation product dossier (Điều 6.3.b)")
    _product(c, d.product, "$.product", rules)
    _samples(c, d.samples, d.product, "$.samples", where)
    _submission(c, d.submission, "$.submission", "Điều 7.3.e")


def check(dossier: Dossier, *, rules: Rules | None = None) -> tuple[Problem, ...]:
    """Every missing or inconsistent part of ``dossier`` (empty when complete).

    The self-scores are validated against the scorecard ``rules`` give for their date
    (national rules by default). Nothing is raised: see :func:`require_complete`.
    """
    c = ProblemCollector()
    r = rules or Rules.national()
    if isinstance(dossier, CommuneDossier):
        _commune(c, dossier, r)
    elif isinstance(dossier, ProvinceDossier):
        _province(c, dossier, r)
    elif isinstance(dossier, ProductDossier):
        _product(c, dossier, "$", r)
    else:
        raise ValidationError([Problem("$", "not-a-dossier",
                                       f"không phải hồ sơ: {type(dossier).__name__}",
                                       f"not a dossier: {type(dossier).__name__}")])
    return tuple(c.problems)


def require_complete(dossier: Dossier, *, rules: Rules | None = None) -> None:
    """Raise one :class:`~ocopkit.errors.ValidationError` with every problem of
    :func:`check`, if there is any."""
    problems = check(dossier, rules=rules)
    if problems:
        raise ValidationError(problems, "incomplete dossier / hồ sơ chưa đầy đủ")
