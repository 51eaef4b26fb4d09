"""Cells of a registry row, and the product, subject or certificate built from them.

A cell is read with a parser that accepts the notations of provincial
registries — dates ``dd/mm/yyyy`` (:func:`~ocopkit.io.parse_date`), stars
``3 sao`` or ``★★★`` (:func:`~ocopkit.io.parse_stars`), shares ``51%``
(:func:`~ocopkit.io.parse_share`), yes/no in Vietnamese or English
(:func:`~ocopkit.io.parse_bool`), authorities (:func:`~ocopkit.io.parse_authority`)
— and raises :class:`~ocopkit.io.InvalidCellError` otherwise. The builders
then turn one row's cells into a :class:`~ocopkit.products.Product`, a
:class:`~ocopkit.products.Subject` or a
:class:`~ocopkit.certification.Certificate`, deriving what is missing and
collecting every problem of the row. Every public name here is importable
from, and documented in, :mod:`ocopkit.io`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any, Literal

from ocopkit import rulesets as auth
from ocopkit.certification import (
    Certificate,
    CertificatePolicy,
    RevocationGround,
)
from ocopkit.errors import CertificateError, OcopError, Problem, ValidationError
from ocopkit.products import LegalRepresentative, Product, ProductCode, Subject, SubjectKind
from ocopkit.rulesets import CERTIFIABLE_STARS
from ocopkit.text import fold, nfc, suggest

from ._rows import _Row

__all__ = [
    "InvalidCellError",
    "parse_authority",
    "parse_bool",
    "parse_date",
    "parse_share",
    "parse_stars",
]


# --------------------------------------------------------------------------- cell parsers


_DMY = re.compile(r"([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})")
_YMD = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_STARS = re.compile(r"([1-5])(?:[.,]0+)?\s*(?:sao|\*|★|stars?)?", re.IGNORECASE)
_GLYPHS = re.compile(r"(★{1,5}|\*{1,5})")
_TRUE = {"true", "yes", "y", "x", "1", "co", "dung", "nu", "phai", "✓", "✔"}
_FALSE = {"false", "no", "n", "0", "khong", "sai", "nam", "-"}


def _bad(field: str, code: str, vi: str, en: str,
         suggestion: str | None = None) -> InvalidCellError:
    return InvalidCellError(field, code, vi, en, suggestion)


class InvalidCellError(ValueError):
    """A cell that cannot be read (internal; becomes a located Problem)."""

    def __init__(self, field: str, code: str, vi: str, en: str,
                 suggestion: str | None = None) -> None:
        super().__init__(en)
        self.field = field
        self.problem = (code, vi, en, suggestion)


def parse_date(text: str, field: str = "date") -> date:
    """``dd/mm/yyyy`` (also with ``-`` or ``.``) or ISO ``yyyy-mm-dd``.

    >>> parse_date("05/06/2026"), parse_date("2026-06-05"), parse_date("5.6.2026")
    (datetime.date(2026, 6, 5), datetime.date(2026, 6, 5), datetime.date(2026, 6, 5))
    """
    value = text.strip()
    m = _YMD.fullmatch(value)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = _DMY.fullmatch(value)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        raise _bad(field, "invalid-date", f"ngày không tồn tại: {text!r}",
                   f"no such date: {text!r}") from None
    raise _bad(field, "invalid-date", f"ngày không hợp lệ {text!r} (dd/mm/yyyy hoặc yyyy-mm-dd)",
               f"invalid date {text!r} (dd/mm/yyyy or yyyy-mm-dd)")


def parse_stars(text: str, field: str = "stars") -> int:
    """``3``, ``3 sao``, ``★★★``, ``3*``, ``***``, ``3★`` → ``3``.

    >>> [parse_stars(s) for s in ("3", "4 sao", "★★★★★", "3*", "***", "4★", "3.0")]
    [3, 4, 5, 3, 3, 4, 3]
    """
    value = text.strip()
    m = _STARS.fullmatch(value)
    if m:
        return int(m[1])
    m = _GLYPHS.fullmatch(value.replace(" ", ""))
    if m:
        return len(m[1])
    raise _bad(field, "invalid-stars", f"hạng sao không hợp lệ {text!r} (ví dụ 3, 3 sao, ★★★)",
               f"invalid stars {text!r} (e.g. 3, 3 sao, ★★★)")


def parse_bool(text: str, field: str) -> bool:
    """Yes/no in Vietnamese or English (``có``/``không``, ``x``, ``1``/``0``, …)."""
    key = fold(text)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise _bad(field, "invalid-boolean", f"cần có/không: {text!r}", f"expected yes/no: {text!r}")


def parse_share(text: str, field: str = "community_capital_share") -> Fraction:
    """``51%``, ``0.51``, ``0,51`` or ``51/100`` → ``Fraction(51, 100)`` (exact).

    >>> parse_share("51%"), parse_share("0,51"), parse_share("51/100")
    (Fraction(51, 100), Fraction(51, 100), Fraction(51, 100))
    """
    value = text.strip().replace(" ", "")
    percent = value.endswith("%")
    value = value.rstrip("%").replace(",", ".")
    try:
        if not re.fullmatch(r"[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?", value):
            raise ValueError(value)
        share = Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise _bad(field, "invalid-share", f"tỷ lệ không hợp lệ {text!r} (ví dụ 51%, 0,51)",
                   f"invalid share {text!r} (e.g. 51%, 0.51)") from None
    return share / 100 if percent else share


_AUTHORITIES = (auth.DISTRICT, auth.PROVINCE, auth.MINISTRY_MARD, auth.MINISTRY_MAE)
_AUTHORITY_WORDS = {
    "tinh": auth.PROVINCE, "ubnd tinh": auth.PROVINCE, "province": auth.PROVINCE,
    "cap tinh": auth.PROVINCE,
    "huyen": auth.DISTRICT, "ubnd huyen": auth.DISTRICT, "district": auth.DISTRICT,
    "cap huyen": auth.DISTRICT,
}
_CENTRAL_WORDS = {"trung uong", "central", "bo", "cap trung uong", "ministry"}


def parse_authority(text: str, field: str = "authority") -> auth.Authority | Literal["central"]:
    """An authority id or name, or a level word (``tỉnh``, ``huyện``, ``trung ương``)."""
    key = fold(text)
    for a in _AUTHORITIES:
        if key in (fold(a.id), fold(a.name_vi), fold(a.name_en)):
            return a
    if key in _AUTHORITY_WORDS:
        return _AUTHORITY_WORDS[key]
    if key in _CENTRAL_WORDS:
        return "central"
    options = [a.id for a in _AUTHORITIES] + ["tỉnh", "huyện", "trung ương"]
    raise _bad(field, "unknown-authority", f"cơ quan không xác định {text!r}",
               f"unknown authority {text!r}", suggest(text, options, cutoff=0.4))


def _domain(field: str, exc: OcopError) -> list[tuple[str, Problem]]:
    """(field, problem) pairs for a domain error raised while building a record."""
    if isinstance(exc, ValidationError):
        out = []
        for p in exc.problems:
            m = re.search(r"\.([A-Za-z_]+)(?:\.[A-Za-z]+)?$", p.path)
            out.append((m.group(1) if m else field, p))
        return out
    if isinstance(exc, CertificateError):
        return [(field, Problem("", exc.code, exc.message_vi, exc.message_en))]
    return [(field, Problem("", "invalid-value", str(exc), str(exc)))]


# --------------------------------------------------------------------------- record builders


class _Cells:
    """Typed access to one row's cells, collecting every problem."""

    def __init__(self, row: _Row) -> None:
        self.row = row
        self.errors: list[tuple[str, Problem]] = []
        self._parsed: dict[str, Any] = {}

    def text(self, field: str) -> str | None:
        return self.row.cells.get(field)

    def get(self, field: str, parse: Callable[[str, str], Any]) -> Any:
        """The parsed cell (parsed once: a bad cell is reported once)."""
        if field in self._parsed:
            return self._parsed[field]
        raw = self.row.cells.get(field)
        value = None
        if raw is not None:
            try:
                value = parse(raw, field)
            except InvalidCellError as exc:
                code, vi, en, hint = exc.problem
                self.errors.append((exc.field, Problem("", code, vi, en, hint)))
            except OcopError as exc:
                self.errors.extend(_domain(field, exc))
        self._parsed[field] = value
        return value

    def sorted_errors(self) -> list[tuple[str, Problem]]:
        """The problems in the order of the file's columns."""
        order = {field: i for i, field in enumerate(self.row.headers)}
        return sorted(self.errors, key=lambda e: order.get(e[0], len(order)))

    def need(self, field: str, *alternatives: str) -> None:
        fields = (field, *alternatives)
        if not any(self.row.cells.get(f) for f in fields):
            where = next((f for f in fields if f in self.row.headers), field)
            self.errors.append((where, Problem("", "missing-value", "thiếu giá trị",
                                               "missing value")))

    def fail(self, field: str, exc: OcopError) -> None:
        self.errors.extend(_domain(field, exc))


def _product_set(text: str, field: str) -> int:
    from ocopkit.products import product_set

    return product_set(text, path="$").number


def _province(text: str, on: date | None, code: ProductCode | None) -> str:
    from ocopkit import places

    try:
        return places.province(text, on=on, path="$").id
    except ValidationError as exc:
        if "ambiguous-province" not in exc.codes:
            raise
        # A name used in both periods: the product code's era, else the current unit.
        when = places.REORGANISATION_DATE
        if code is not None:
            try:
                era = code.province()
            except ValidationError:
                raise exc from None
            when = era.valid_until or era.valid_from or when
        try:
            return places.province(text, on=when, path="$").id
        except ValidationError:
            raise exc from None


def _build_product(c: _Cells, on: date | None) -> Product | None:
    c.need("name")
    c.need("product_set")
    c.need("subject_id", "subject")
    c.need("id", "code")
    c.need("province", "code")
    code: ProductCode | None = c.get("code", lambda t, f: ProductCode.parse(t, path="$"))
    product_set = c.get("product_set", _product_set)
    province_text = c.text("province")
    province_id: str | None = None
    if province_text is not None:
        when = on or c.get("issued_on", parse_date)
        try:
            province_id = _province(province_text, when, code)
        except ValidationError as exc:
            c.fail("province", exc)
    elif code is not None:
        try:
            province_id = code.province().id
        except ValidationError as exc:
            c.fail("code", exc)
    if c.errors:
        return None
    pid = c.text("id") or (str(code) if code is not None else "")
    subject = c.text("subject_id") or "name:" + (c.text("subject") or "")
    try:
        return Product(pid, c.text("name") or "", product_set, subject, province_id or "",
                       code=code, name_en=c.text("name_en"), commune_code=c.text("commune_code"))
    except OcopError as exc:
        c.fail("name", exc)
        return None


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


def _subject_kind(text: str, field: str) -> SubjectKind:
    """:meth:`SubjectKind.parse`, plus the usual registry spellings ("Hộ gia đình", …)."""
    try:
        return SubjectKind.parse(text, path="$")
    except ValidationError:
        key = fold(text)
        for prefix, kind in _KIND_PREFIXES:
            if key.startswith(prefix):
                return kind
        raise


def _build_subject(c: _Cells, on: date | None) -> Subject | None:
    for f in ("id", "name", "kind", "province"):
        c.need(f)
    kind = c.get("kind", _subject_kind)
    share = c.get("community_capital_share", parse_share)
    flags = {name: c.get(f"representative_{name}", parse_bool) or False
             for name in ("is_female", "is_ethnic_minority", "has_disability")}
    chain = c.get("in_value_chain", parse_bool)
    province_id = None
    if c.text("province"):
        try:
            province_id = _province(c.text("province") or "", on, None)
        except ValidationError as exc:
            c.fail("province", exc)
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
                       community_capital_share=share, in_value_chain=chain)
    except OcopError as exc:
        c.fail("name", exc)
        return None


def _build_certificate(c: _Cells, product_id: str | None, number: str | None,
                       policy: CertificatePolicy) -> Certificate | None:
    from ocopkit import rulesets

    c.need("stars")
    c.need("decision_number")
    c.need("issued_on", "decision_date")
    stars = c.get("stars", parse_stars)
    dates = {f: c.get(f, parse_date) for f in (
        "decision_date", "issued_on", "valid_until", "evaluated_on", "revoked_on",
        "superseded_on", "extended_until")}
    authority = c.get("authority", parse_authority)
    ground = c.get("revocation_ground", _ground)
    if stars is not None and stars not in CERTIFIABLE_STARS:
        c.errors.append(("stars", Problem(
            "", "stars-not-certifiable",
            f"sản phẩm {stars} sao không được cấp giấy chứng nhận (chỉ 3–5 sao)",
            f"{stars}★ products are not certified (only 3★–5★)")))
    if c.errors:
        return None
    issued = dates["issued_on"] or dates["decision_date"]
    decided = dates["decision_date"] or issued
    assert issued is not None
    assert decided is not None
    rid = c.text("ruleset_id")
    rs: rulesets.RuleSet | None = None
    try:
        if rid is None:
            rs = rulesets.for_date(issued)
        elif rid in {r.id for r in rulesets.all_rulesets()}:
            rs = rulesets.get(rid)
    except ValidationError as exc:
        c.fail("issued_on", exc)
        return None
    # An unknown rule-set id is kept as written (historical or provincial regimes), but
    # then the authority cannot be derived from it.
    if authority is None or authority == "central":
        if rs is None:
            c.errors.append(("authority", Problem(
                "", "missing-value",
                f"thiếu cơ quan cấp (bộ quy tắc {rid!r} không có sẵn để suy ra)",
                f"missing authority (it cannot be derived from rule set {rid!r}, which "
                "ocopkit does not know)")))
            return None
        try:
            expected = rs.authority_for(stars, issued)
        except ValidationError as exc:
            c.fail("stars", exc)
            return None
        if authority == "central" and expected.level is not auth.AuthorityLevel.CENTRAL:
            expected = rs.authority_for(5, issued)
        authority = expected
    decision_number = c.text("decision_number") or ""
    try:
        return Certificate(
            number=number or f"{decision_number}/{product_id}",
            product_id=product_id or "",
            stars=stars,
            decision_number=decision_number,
            decision_date=decided,
            authority=authority,
            ruleset_id=rid or (rs.id if rs is not None else ""),
            issued_on=issued,
            valid_until=dates["valid_until"] or policy.valid_until(issued),
            evaluation_ref=c.text("evaluation_ref"),
            evaluated_on=dates["evaluated_on"],
            revoked_on=dates["revoked_on"],
            revocation_ground=ground,
            revocation_note=c.text("revocation_note"),
            superseded_by=c.text("superseded_by"),
            superseded_on=dates["superseded_on"],
            extended_until=dates["extended_until"],
        )
    except CertificateError as exc:
        field = {"valid-until-before-issue": "valid_until", "stars-not-certifiable": "stars",
                 "revocation-incomplete": "revoked_on", "supersession-incomplete":
                 "superseded_by", "before-issue": "issued_on",
                 "extension-not-after-expiry": "extended_until"}.get(exc.code, "number")
        c.fail(field, exc)
    except OcopError as exc:
        c.fail("number", exc)
    return None


def _ground(text: str, field: str) -> RevocationGround:
    value = nfc(text).strip().lower().rstrip(")").lstrip("(")
    for g in RevocationGround:
        if value in (g.value, g.name.lower().replace("_", "-"), g.name.lower()):
            return g
    raise _bad(field, "unknown-ground", f"căn cứ thu hồi không hợp lệ {text!r} (a, b, c, d, đ, e)",
               f"unknown revocation ground {text!r} (a, b, c, d, đ, e)")
