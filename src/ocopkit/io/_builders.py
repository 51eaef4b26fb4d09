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

import re
from datetime import date

import attrs

from ocopkit import places
from ocopkit.certification import (
    CertificatePolicy,
    PartialDate,
)
from ocopkit.errors import OcopError, Problem, ValidationError
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
from ocopkit.text import fold

from ._cells import (
    _Cells,
    parse_bool,
    parse_partial_date,
    parse_share,
)
from ._rows import shown

__all__ = ["Context", "build_product", "build_subject"]


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


#: No product set, sector or group is named in more characters (Phụ lục I's longest
#: labels have under 100): a longer cell is refused without a look-up.
_LONGEST_SET = 200


def _classification(c: _Cells) -> tuple[int | None, object]:
    """``(product set, classification node)`` from the product-set cell."""
    raw = c.text("product_set")
    node_text = c.text("classification")
    number: int | None = None
    node = None
    if raw is not None:
        key = raw
        if len(raw) > _LONGEST_SET:
            c.errors.append(("product_set", Problem(
                "", "unknown-product-set",
                f"không có bộ sản phẩm, ngành hay nhóm nào tên dài như vậy: {shown(raw)}",
                f"no product set, sector or group has so long a name: {shown(raw)}")))
            return None, None
        if re.fullmatch(r"[0-9]+", raw.strip()):
            # a set number 1–26 has two digits; a longer one is refused before it is
            # converted (int() refuses more than 4300 digits with a raw ValueError)
            key = raw.strip().lstrip("0") or "0"
            if len(key) > 2:
                c.errors.append(("product_set", Problem(
                    "", "unknown-product-set",
                    f"số bộ sản phẩm phải từ 1 đến 26: {shown(raw)}",
                    f"a product set number is 1–26: {shown(raw)}")))
                return None, None
        try:
            number = product_set(key, path="$").number
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
