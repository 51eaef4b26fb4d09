"""The product, subject or certificate one registry row makes — keeping what the row says,
never inventing what it does not.

* A product set that is only a sector or group (of 26/2026 Phụ lục I or of the 2018
  groups) is kept as the product's ``classification``, with no product set.
* A legal form that is not one of Điều 2.3's is kept as written (``legal_form``), the
  subject's ``kind`` unknown; flagged.
* A date known only to a month, a year, before or after a day is kept as a
  :class:`~ocopkit.certification.PartialDate`; a missing decision number stays unknown.
* An issuing body is kept as written and resolved to an authority as it was on the date
  (:func:`~ocopkit.certification.resolve_issuer`), then checked against the regime in
  force with the rule :meth:`Certificate.issue <ocopkit.certification.Certificate.issue>`
  applies (:meth:`Certificate.check <ocopkit.certification.Certificate.check>`).
* A province name of both periods is resolved by the record's date, with a note; without
  a date it is a problem.

What is kept but doubtful is *flagged* (a ``"warning"``: a strict import refuses it); how
a value was read is a ``"note"``.
"""

from __future__ import annotations

from datetime import date

import attrs

from ocopkit import places
from ocopkit import rulesets as auth
from ocopkit.certification import (
    Certificate,
    CertificatePolicy,
    IssuingBody,
    PartialDate,
    resolve_issuer,
)
from ocopkit.errors import CertificateError, OcopError, Problem, ValidationError
from ocopkit.places import CommuneRegistry
from ocopkit.products import (
    LegalRepresentative,
    Product,
    ProductCode,
    Subject,
    SubjectKind,
    classification_of,
    product_set,
)
from ocopkit.rulesets import CERTIFIABLE_STARS
from ocopkit.text import fold

from ._cells import (
    _Cells,
    _ground,
    parse_authority,
    parse_bool,
    parse_partial_date,
    parse_share,
    parse_stars,
)

__all__ = ["Context", "build_certificate", "build_product", "build_subject"]


@attrs.frozen
class Context:
    """What every row of a read shares: the caller's date, the policy, the communes."""

    on: date | None
    policy: CertificatePolicy
    communes: CommuneRegistry | None = None
    derive: bool = True
    """Derive what a row leaves out (the rule set from the date, the authority from the
    rule set, the issue day from the decision's). ``False`` for ocopkit's own export,
    which writes every field as recorded: an empty cell is then "unknown"."""


def _bounds(value: date | PartialDate | None) -> tuple[date | None, date | None]:
    if value is None or isinstance(value, date):
        return value, value
    return value.earliest, value.latest


# --------------------------------------------------------------------------- provinces


def _province(c: _Cells, field: str, text: str, when: date | PartialDate | None,
              code: ProductCode | None, on: date | None, *, subject: bool = False
              ) -> str | None:
    """A province id; a name of both periods is resolved by date, with a note.

    Without a date: a unit that continued unchanged (Quảng Ninh 22@63 → 22@34) is read as
    the current one, with a note; for a subject (whose records carry no date) a merged
    name is read as the current unit with a warning; for a product it is a problem.
    """
    try:
        return places.province(text, on=on, path="$").id
    except ValidationError as exc:
        if "ambiguous-province" not in exc.codes:
            c.fail(field, exc)
            return None
        ambiguous = exc
    days: list[tuple[date, str]] = []
    lo, hi = _bounds(when)
    if lo is not None and hi is not None:
        days = [(lo, "the issue date"), (hi, "the issue date")]
    elif code is not None:
        try:
            era = code.province()
        except ValidationError:
            pass
        else:
            day = era.valid_until or era.valid_from or places.REORGANISATION_DATE
            days = [(day, f"the era of product code {code}")]
    found = set()
    for day, _ in days:
        try:
            found.add(places.province(text, on=day, path="$").id)
        except ValidationError:
            found.add("")
    if len(found) == 1 and "" not in found:
        pid = found.pop()
        why = days[0][1]
        c.flag(field, "province-resolved-by-date",
               f"{text!r} (tên của hai thời kỳ) được hiểu là {pid} theo "
               f"{'ngày cấp' if why == 'the issue date' else 'năm của mã sản phẩm'}",
               f"{text!r} names units of both periods; read as {pid} by {why}", "note")
        return pid
    if not days:
        units = [p for p in places.provinces() if p.id in ambiguous.problems[0].message_en]
        current = [p for p in units if p.valid_until is None]
        old = [p for p in units if p.valid_until is not None]
        if len(current) == 1 and current[0].predecessor_ids == tuple(p.id for p in old):
            c.flag(field, "province-continued",
                   f"{text!r}: đơn vị không sáp nhập, hiểu là {current[0].id}",
                   f"{text!r} was not merged; read as the current unit {current[0].id}",
                   "note")
            return current[0].id
        if subject and len(current) == 1:
            c.flag(field, "ambiguous-province",
                   f"{text!r} là tên của hai thời kỳ và hồ sơ không có ngày; tạm hiểu là "
                   f"{current[0].id}",
                   f"{text!r} names units of both periods and the record has no date; read "
                   f"as the current unit {current[0].id}", "warning", current[0].id)
            return current[0].id
    c.fail(field, ambiguous)
    return None


# --------------------------------------------------------------------------- products


def _classification(c: _Cells) -> tuple[int | None, object]:
    """``(product set, classification node)`` from the product-set cell."""
    raw = c.text("product_set")
    node_text = c.text("classification")
    number: int | None = None
    node = None
    if raw is not None:
        try:
            number = product_set(raw, path="$").number
        except ValidationError as exc:
            try:
                node = classification_of(raw)
            except ValidationError:
                c.fail("product_set", exc)
                return None, None
            c.flag("product_set", "partial-classification",
                   f"chỉ biết {node.code} {node.name!r}, chưa rõ bộ sản phẩm",
                   f"only {node.code} {node.name!r} is known, not the product set", "note")
    if node_text is not None:
        try:
            node = classification_of(node_text)
        except ValidationError as exc:
            c.fail("classification", exc)
    if raw is None and node_text is None:
        c.flag("product_set", "unknown-classification",
               "không ghi bộ/nhóm sản phẩm", "the record gives no product set or group",
               "note")
    return number, node


def _commune_code(c: _Cells, ctx: Context, province_id: str | None,
                  when: date | PartialDate | None) -> str | None:
    code = c.text("commune_code")
    name = c.text("commune")
    if code is not None or name is None:
        return code
    registry = ctx.communes if ctx.communes is not None else places.national_communes()
    area = places.province(province_id) if province_id else None
    day, _ = _bounds(when)
    if area is not None and not (day is not None and area.in_force(day)):
        day = area.valid_until or area.valid_from
    try:
        return registry.resolve(name, district=c.text("district"), province=area, on=day,
                                path="$").code
    except ValidationError as exc:
        p = exc.problems[0]
        c.flag("commune", p.code, p.message_vi, p.message_en, "warning", p.suggestion)
        return None


def build_product(c: _Cells, ctx: Context) -> Product | None:
    """The product of a products row (``None``: see ``c.errors``)."""
    c.need("name")
    c.need("subject_id", "subject")
    c.need("id", "code")
    c.need("province", "code")
    code: ProductCode | None = c.get("code", lambda t, f: ProductCode.parse(t, path="$"))
    number, node = _classification(c)
    when = ctx.on or c.get("issued_on", parse_partial_date)
    province_text = c.text("province")
    province_id: str | None = None
    if province_text is not None:
        province_id = _province(c, "province", province_text, when, code, ctx.on)
    elif code is not None:
        try:
            province_id = code.province().id
        except ValidationError as exc:
            c.fail("code", exc)
    if c.errors:
        return None
    commune = _commune_code(c, ctx, province_id, when)
    pid = c.text("id") or (str(code) if code is not None else "")
    subject = c.text("subject_id") or "name:" + (c.text("subject") or "")
    try:
        return Product(pid, c.text("name") or "", number, subject, province_id or "",
                       code=code, name_en=c.text("name_en"), commune_code=commune,
                       classification=node)  # type: ignore[arg-type]
    except OcopError as exc:
        c.fail("name", exc)
        return None


# --------------------------------------------------------------------------- subjects

#: Spellings of legal forms found in provincial registries (folded prefixes).
_KIND_PREFIXES: tuple[tuple[str, SubjectKind], ...] = (
    ("cong ty trach nhiem huu han", SubjectKind.LIMITED_COMPANY),
    ("cong ty tnhh", SubjectKind.LIMITED_COMPANY),
    ("cong ty co phan", SubjectKind.JOINT_STOCK_COMPANY),
    ("doanh nghiep tu nhan", SubjectKind.PRIVATE_ENTERPRISE),
    ("doanh nghiep", SubjectKind.ENTERPRISE),
    ("hop tac xa", SubjectKind.COOPERATIVE),
    ("to hop tac", SubjectKind.COOPERATIVE_GROUP),
    ("ho gia dinh", SubjectKind.HOUSEHOLD),
    ("ho kinh doanh", SubjectKind.HOUSEHOLD),
    ("ho san xuat", SubjectKind.HOUSEHOLD),
    ("trang trai", SubjectKind.FARM),
)


def _subject_kind(c: _Cells) -> tuple[SubjectKind | None, str | None]:
    """``(kind, legal form as written)``: the form is kept when it is not Điều 2.3's."""
    text = c.text("kind")
    form = c.text("legal_form")
    if text is None:
        if form is None:
            c.flag("kind", "unknown-legal-form", "không ghi loại hình chủ thể",
                   "the record gives no legal form", "note")
        return None, form
    try:
        return SubjectKind.parse(text, path="$"), form
    except ValidationError as exc:
        key = fold(text)
        for prefix, kind in _KIND_PREFIXES:
            if key.startswith(prefix):
                return kind, form
        c.flag("kind", "legal-form-outside-2-3",
               f"loại hình {text!r} không thuộc Điều 2.3 QĐ 26/2026; giữ nguyên như ghi",
               f"legal form {text!r} is not one of 26/2026 Điều 2.3; kept as recorded",
               "warning", exc.problems[0].suggestion)
        return None, form or text


def build_subject(c: _Cells, ctx: Context) -> Subject | None:
    """The subject of a subjects row (``None``: see ``c.errors``)."""
    for f in ("id", "name", "province"):
        c.need(f)
    kind, form = _subject_kind(c)
    share = c.get("community_capital_share", parse_share)
    flags = {name: c.get(f"representative_{name}", parse_bool) or False
             for name in ("is_female", "is_ethnic_minority", "has_disability")}
    chain = c.get("in_value_chain", parse_bool)
    province_id = None
    if c.text("province"):
        province_id = _province(c, "province", c.text("province") or "", None, None, ctx.on,
                                subject=True)
    if c.errors:
        return None
    rep_name = c.text("legal_representative")
    rep = LegalRepresentative(rep_name, **flags) if rep_name else None
    if rep is None and any(flags.values()):
        c.errors.append(("legal_representative", Problem(
            "", "missing-value", "thiếu tên người đại diện",
            "the legal representative's name is missing")))
        return None
    try:
        return Subject(c.text("id") or "", c.text("name") or "", kind, province_id or "",
                       commune_code=c.text("commune_code"), legal_representative=rep,
                       community_capital_share=share, in_value_chain=chain, legal_form=form)
    except OcopError as exc:
        c.fail("name", exc)
        return None


# --------------------------------------------------------------------------- certificates


def _expiry(policy: CertificatePolicy, issued: PartialDate) -> PartialDate:
    lo = None if issued.earliest is None else policy.valid_until(issued.earliest)
    hi = None if issued.latest is None else policy.valid_until(issued.latest)
    if lo is None:
        assert hi is not None
        return PartialDate.before(hi)
    if hi is None:
        return PartialDate.after(lo)
    return PartialDate.between(lo, hi)


def _ruleset(c: _Cells, issued: date | PartialDate) -> auth.RuleSet | None:
    rid = c.text("ruleset_id")
    if rid is not None:
        known = {r.id for r in auth.all_rulesets()}
        return auth.get(rid) if rid in known else None
    lo, hi = _bounds(issued)
    found: set[str | None] = set()
    for day in (lo, hi):
        if day is None:
            found.add(None)
            continue
        try:
            found.add(auth.for_date(day).id)
        except ValidationError:
            found.add(None)  # no national regime known on that day (before QĐ 1048)
    ids = {x for x in found if x is not None}
    if len(found) == 1 and len(ids) == 1:
        return auth.get(ids.pop())
    c.flag("issued_on", "ruleset-unknown",
           "không xác định được bộ tiêu chí áp dụng vào ngày cấp",
           "no single national rule set is known for the issue date (not precise enough, "
           "or before QĐ 1048/QĐ-TTg took effect on 2019-08-21)", "note")
    return None


def build_certificate(c: _Cells, ctx: Context, product_id: str | None, number: str | None,
                      province_id: str | None = None) -> Certificate | None:
    """The certificate of a row (``None``: see ``c.errors``)."""
    c.need("stars")
    c.need("issued_on", "decision_date")
    stars = c.get("stars", parse_stars)
    issued_raw = c.get("issued_on", parse_partial_date)
    decided_raw = c.get("decision_date", parse_partial_date)
    dates = {f: c.get(f, parse_partial_date) for f in (
        "valid_until", "evaluated_on", "revoked_on", "superseded_on", "extended_until")}
    ground = c.get("revocation_ground", _ground)
    authority = c.get("authority", parse_authority)
    if stars is not None and stars not in CERTIFIABLE_STARS:
        c.errors.append(("stars", Problem(
            "", "stars-not-certifiable",
            f"sản phẩm {stars} sao không được cấp giấy chứng nhận (chỉ 3–5 sao)",
            f"{stars}★ products are not certified (only 3★–5★)")))
    for f, v in dates.items():
        if isinstance(v, PartialDate):
            c.errors.append((f, Problem("", "invalid-date", "cần ngày chính xác (dd/mm/yyyy)",
                                        "a day is needed here (dd/mm/yyyy)")))
    if c.errors:
        return None
    if issued_raw is None and not ctx.derive:
        c.errors.append(("issued_on", Problem("", "missing-value", "thiếu ngày cấp",
                                              "missing issue date")))
        return None
    issued: date | PartialDate = issued_raw if issued_raw is not None else decided_raw
    decided = decided_raw if isinstance(decided_raw, date) else None
    exact = issued if isinstance(issued, date) else None
    partial = issued if isinstance(issued, PartialDate) else None
    if partial is not None and partial.exact is not None:
        exact, partial = partial.exact, None
    if partial is not None:
        c.flag("issued_on", "partial-date", f"ngày cấp chỉ biết: {partial.format_vi()}",
               f"the issue date is known only as {partial}", "note")
    decision_number = c.text("decision_number")
    if decision_number is None:
        c.flag("decision_number", "unknown-decision-number", "không ghi số quyết định",
               "the decision number is not recorded", "note")
    rs = _ruleset(c, issued) if ctx.derive or c.text("ruleset_id") else None
    if c.errors:
        return None
    rid = c.text("ruleset_id") or (rs.id if rs is not None and ctx.derive else None)
    issuer = None
    issuer_text = c.text("issuer")
    if issuer_text is not None and c.text("issuer_level") is not None:
        # ocopkit's export: the resolution as it was recorded
        level = c.get("issuer_level", lambda t, f: auth.AuthorityLevel(t))
        issuer = IssuingBody(issuer_text, level, c.text("issuer_unit"),
                             c.text("issuer_unit_name"))
    elif issuer_text is not None:
        hint = places.province(province_id) if province_id else None
        issuer, found = resolve_issuer(issuer_text, issued, province_hint=hint,
                                       communes=ctx.communes)
        for p in found:
            c.flag("issuer", p.code, p.message_vi, p.message_en, p.severity, p.suggestion)
        if authority is None:
            authority = issuer.authority
    if authority == "central" or (authority is None and issuer_text is None and ctx.derive):
        # No issuing body recorded: the one the rule set names (noted), when it is known.
        if rs is not None and exact is not None:
            try:
                expected = rs.authority_for(stars if authority is None else 5, exact)
            except ValidationError as exc:
                c.fail("stars", exc)
                return None
            if authority is None:
                c.flag("authority", "authority-derived",
                       f"không ghi cơ quan cấp; theo {rs.id}: {expected.name_vi}",
                       f"no issuing body recorded; {rs.id} names {expected.name_en}", "note")
            authority = expected
        else:
            authority = None
    valid = dates["valid_until"]
    stated_expiry = c.get("expires", parse_partial_date)
    if isinstance(stated_expiry, date):
        valid, stated_expiry = stated_expiry, None
    try:
        cert = Certificate(
            number=number or (f"{decision_number}/{product_id}" if decision_number
                              else f"{product_id}@{issued}"),
            product_id=product_id or "",
            stars=stars,
            decision_number=decision_number,
            decision_date=decided,
            authority=authority,
            ruleset_id=rid,
            issued_on=exact,
            issued=partial,
            valid_until=valid if isinstance(valid, date) else (
                ctx.policy.valid_until(exact) if exact is not None else None),
            expires=None if partial is None or valid is not None else (
                stated_expiry or _expiry(ctx.policy, partial)),
            evaluation_ref=c.text("evaluation_ref"),
            evaluated_on=dates["evaluated_on"],
            revoked_on=dates["revoked_on"],
            revocation_ground=ground,
            revocation_note=c.text("revocation_note"),
            superseded_by=c.text("superseded_by"),
            superseded_on=dates["superseded_on"],
            extended_until=dates["extended_until"],
            issuer=issuer,
        )
    except CertificateError as exc:
        field = {"valid-until-before-issue": "valid_until", "stars-not-certifiable": "stars",
                 "revocation-incomplete": "revoked_on", "supersession-incomplete":
                 "superseded_by", "before-issue": "issued_on",
                 "extension-not-after-expiry": "extended_until"}.get(exc.code, "number")
        c.fail(field, exc)
        return None
    except OcopError as exc:
        c.fail("number", exc)
        return None
    for p in cert.check():  # the rules of Certificate.issue, as problems
        field = "issuer" if p.path == "authority" and issuer is not None else p.path
        # a rule-set id ocopkit does not know (a provincial or historical regime) is kept
        severity = "note" if p.code == "unknown-ruleset" else p.severity
        c.flag(field, p.code, p.message_vi, p.message_en, severity)
    return cert
