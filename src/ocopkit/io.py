"""Import real OCOP registries (CSV or JSON) of products, subjects and certificates.

Provincial registries ("danh sách sản phẩm OCOP") come as spreadsheets with
Vietnamese headers, mixed Unicode forms and local date and star notations.
The readers accept:

* UTF-8 with or without BOM; text normalised to NFC (an NFD "Bắc Kạn" from a
  Mac export meets the NFC one);
* comma, semicolon or tab separated CSV (guessed from the header line), or a
  JSON array of objects (or ``{"products": [...]}``) with the same column names;
* dates ``dd/mm/yyyy`` (also ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``) and
  ISO ``yyyy-mm-dd``;
* stars ``3``, ``3 sao``, ``★★★``, ``3*``, ``***``, ``3★``;
* Vietnamese or canonical column names (:data:`DEFAULT_COLUMNS`), plus your
  own with ``columns={"Tên SP": "name"}`` (map a column to ``None`` to ignore it).

Every bad row is reported — all of them, at once — as a
:class:`~ocopkit.errors.Problem` whose path is ``file:line:column`` (the
column as written in the file), e.g. ``products.csv:12:Hạng sao``. A row with
a problem produces no record, and nothing is dropped silently:
``result.rows == len(result.records) + len(result.rejected)``.
``strict=True`` refuses the whole file with one
:class:`~ocopkit.errors.ValidationError`.

>>> csv_text = '''Mã sản phẩm,Tên sản phẩm,Bộ sản phẩm,Mã chủ thể,Tỉnh
... 22-06733-3-2026,Trà hoa vàng,12,s1,Quảng Ninh
... 22-06733-4-2026,Miến dong,99,s1,Quảng Ninh
... '''.encode()
>>> result = read_products(csv_text, name="products.csv")
>>> [p.name for p in result.records], result.rows, result.rejected
(['Trà hoa vàng'], 2, (3,))
>>> print(result.problems[0].format("en"))
products.csv:3:Bộ sản phẩm: a product set number is 1–26: '99'
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import attrs

from . import authorities as auth
from .certificates import (
    CERTIFIABLE_STARS,
    DEFAULT_POLICY,
    Certificate,
    CertificatePolicy,
    RevocationGround,
)
from .errors import CertificateError, OcopError, Problem, ValidationError
from .products import Product, ProductCode
from .subjects import LegalRepresentative, Subject, SubjectKind
from .text import fold, nfc, suggest

__all__ = [
    "DEFAULT_COLUMNS",
    "ImportResult",
    "Source",
    "read_certificates",
    "read_products",
    "read_registry",
    "read_subjects",
    "write_csv",
]

R = TypeVar("R")
Source = str | os.PathLike[str] | bytes
Kind = Literal["products", "subjects", "certificates"]
Progress = Callable[[int], None]

#: Column names to ignore everywhere (row numbers, notes, addresses).
IGNORED = ("STT", "TT", "Số TT", "Số thứ tự", "Ghi chú", "Địa chỉ", "Note", "Notes", "#")

_CERT_COLUMNS: Mapping[str, str] = {
    "Hạng sao": "stars", "Số sao": "stars", "Xếp hạng": "stars", "Kết quả xếp hạng": "stars",
    "Số quyết định": "decision_number", "Số QĐ": "decision_number",
    "Quyết định công nhận": "decision_number",
    "Ngày quyết định": "decision_date", "Ngày QĐ": "decision_date",
    "Ngày cấp": "issued_on", "Ngày công nhận": "issued_on",
    "Ngày hết hạn": "valid_until", "Có hiệu lực đến": "valid_until",
    "Hiệu lực đến": "valid_until",
    "Cơ quan cấp": "authority", "Cấp công nhận": "authority", "Cơ quan công nhận": "authority",
    "Bộ tiêu chí": "ruleset_id",
    "Số giấy chứng nhận": "certificate_number", "Số GCN": "certificate_number",
}

#: The default header mapping, per kind of file (folded comparison: case,
#: accents and spacing do not matter). Canonical English names map to themselves.
DEFAULT_COLUMNS: Mapping[str, Mapping[str, str | None]] = {
    "products": {
        "Mã định danh": "id", "ID": "id",
        "Mã sản phẩm": "code", "Mã số sản phẩm": "code", "Mã OCOP": "code",
        "Tên sản phẩm": "name", "Sản phẩm": "name",
        "Tên tiếng Anh": "name_en",
        "Bộ sản phẩm": "product_set", "Nhóm sản phẩm": "product_set",
        "Phân nhóm": "product_set",
        "Mã chủ thể": "subject_id",
        "Chủ thể": "subject", "Tên chủ thể": "subject", "Chủ thể OCOP": "subject",
        "Tỉnh": "province", "Tỉnh/Thành phố": "province", "Tỉnh, thành phố": "province",
        "province_id": "province",
        "Mã xã": "commune_code",
        **_CERT_COLUMNS,
        **dict.fromkeys(IGNORED),
    },
    "subjects": {
        "Mã chủ thể": "id", "Mã định danh": "id", "ID": "id",
        "Tên chủ thể": "name", "Chủ thể": "name", "Chủ thể OCOP": "name",
        "Loại hình": "kind", "Loại hình tổ chức": "kind", "Loại hình chủ thể": "kind",
        "Tỉnh": "province", "Tỉnh/Thành phố": "province", "Tỉnh, thành phố": "province",
        "province_id": "province",
        "Mã xã": "commune_code",
        "Người đại diện": "legal_representative", "Đại diện pháp luật": "legal_representative",
        "Đại diện là nữ": "representative_is_female", "Nữ": "representative_is_female",
        "Dân tộc thiểu số": "representative_is_ethnic_minority",
        "Khuyết tật": "representative_has_disability",
        "Tỷ lệ vốn cộng đồng": "community_capital_share",
        "Tỷ lệ vốn góp cộng đồng": "community_capital_share",
        "Liên kết chuỗi": "in_value_chain", "Tham gia chuỗi giá trị": "in_value_chain",
        **dict.fromkeys(IGNORED),
    },
    "certificates": {
        "Số giấy chứng nhận": "number", "Số GCN": "number",
        "Mã sản phẩm": "product", "Sản phẩm": "product", "product_id": "product",
        **{k: v for k, v in _CERT_COLUMNS.items() if v != "certificate_number"},
        "Mã đánh giá": "evaluation_ref", "Ngày đánh giá": "evaluated_on",
        "Ngày thu hồi": "revoked_on", "Căn cứ thu hồi": "revocation_ground",
        "Lý do thu hồi": "revocation_note",
        "Thay thế bởi": "superseded_by", "Ngày thay thế": "superseded_on",
        "Gia hạn đến": "extended_until",
        **dict.fromkeys(IGNORED),
    },
}

_FIELDS: Mapping[str, tuple[str, ...]] = {
    "products": ("id", "code", "name", "name_en", "product_set", "subject_id", "subject",
                 "province", "commune_code", "stars", "decision_number", "decision_date",
                 "issued_on", "valid_until", "authority", "ruleset_id", "certificate_number"),
    "subjects": ("id", "name", "kind", "province", "commune_code", "legal_representative",
                 "representative_is_female", "representative_is_ethnic_minority",
                 "representative_has_disability", "community_capital_share", "in_value_chain"),
    "certificates": ("number", "product", "stars", "decision_number", "decision_date",
                     "issued_on", "valid_until", "authority", "ruleset_id", "evaluation_ref",
                     "evaluated_on", "revoked_on", "revocation_ground", "revocation_note",
                     "superseded_by", "superseded_on", "extended_until"),
}

_REQUIRED: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "products": (("name",), ("product_set",), ("subject_id", "subject"), ("id", "code")),
    "subjects": (("id",), ("name",), ("kind",), ("province",)),
    "certificates": (("product",), ("stars",), ("decision_number",),
                     ("issued_on", "decision_date")),
}


# --------------------------------------------------------------------------- results


@attrs.frozen
class ImportResult(Generic[R]):
    """What a reader made of one file.

    ``records`` are the good rows; ``problems`` every problem found (file
    level and per row); ``rows`` the number of data rows read and
    ``rejected`` the line numbers of the rows that produced no record
    (``rows == len(records) + len(rejected)``). ``certificates`` holds the
    certificates read from a *combined* products file (one with star and
    decision columns); ``lines`` (``certificate_lines``) the line of each
    record (certificate).
    """

    source: str
    records: tuple[R, ...]
    problems: tuple[Problem, ...]
    rows: int
    rejected: tuple[int, ...]
    lines: tuple[int, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    certificate_lines: tuple[int, ...] = ()
    columns: Mapping[str, str] = attrs.field(factory=dict)
    """Field name → the column header as written in the file."""

    @property
    def ok(self) -> bool:
        """Whether the file had no problem at all."""
        return not self.problems

    def raise_if_any(self) -> None:
        """Raise one ValidationError with every problem, if there is any."""
        if self.problems:
            raise ValidationError(self.problems, f"{self.source}: import refused / "
                                                 "không nhập được")


@attrs.frozen
class _Row:
    line: int
    cells: Mapping[str, str]
    """Canonical field name → NFC text (never empty)."""
    headers: Mapping[str, str]
    """Canonical field name → the column header as written in the file."""
    reported: bool = False
    """Problems of this row were already reported while reading it."""


# --------------------------------------------------------------------------- reading text


def _read_bytes(source: Source, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), name or "<data>"
    path = Path(source)
    label = name or path.name
    try:
        return path.read_bytes(), label
    except OSError as exc:
        raise ValidationError([Problem(label, "unreadable-file",
                                       f"không đọc được tệp: {exc.strerror or exc}",
                                       f"cannot read the file: {exc.strerror or exc}")]) from None


def _decode(data: bytes, label: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ValidationError([Problem(
            f"{label}:{line}", "invalid-encoding",
            f"tệp không phải UTF-8 (byte {exc.start}); hãy lưu lại dưới dạng UTF-8",
            f"the file is not UTF-8 (byte {exc.start}); save it as UTF-8")]) from None
    return text


def _format_of(text: str, label: str, fmt: str | None) -> str:
    if fmt is not None:
        return fmt
    lower = label.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    return "json" if text.lstrip().startswith(("[", "{")) else "csv"


def _header_map(kind: str, columns: Mapping[str, str | None] | None) -> dict[str, str | None]:
    mapping: dict[str, str | None] = {fold(f): f for f in _FIELDS[kind]}
    mapping.update({fold(k): v for k, v in DEFAULT_COLUMNS[kind].items()})
    if columns:
        mapping.update({fold(k): v for k, v in columns.items()})
    return mapping


def _resolve_headers(
    headers: list[str], kind: str, columns: Mapping[str, str | None] | None, label: str,
    problems: list[Problem],
) -> dict[int, tuple[str, str]]:
    """Column index → (canonical field, header as written); unknown columns reported."""
    mapping = _header_map(kind, columns)
    fields = set(_FIELDS[kind])
    out: dict[int, tuple[str, str]] = {}
    seen: dict[str, str] = {}
    for i, raw in enumerate(headers):
        header = nfc(raw)
        if not header:
            continue
        key = fold(header)
        if key not in mapping:
            options = [*DEFAULT_COLUMNS[kind], *_FIELDS[kind]]
            problems.append(Problem(
                f"{label}:1:{header}", "unknown-column",
                f"cột không xác định {header!r}; dùng columns={{...}} để ánh xạ hoặc bỏ qua",
                f"unknown column {header!r}; map or ignore it with columns={{...}}",
                suggest(header, options, cutoff=0.6)))
            continue
        field = mapping[key]
        if field is None:
            continue
        if field not in fields:
            problems.append(Problem(
                f"{label}:1:{header}", "unknown-field",
                f"cột {header!r} ánh xạ tới trường không tồn tại {field!r}",
                f"column {header!r} is mapped to unknown field {field!r}",
                suggest(field, fields, cutoff=0.5)))
            continue
        if field in seen:
            problems.append(Problem(
                f"{label}:1:{header}", "duplicate-column",
                f"cột {header!r} trùng với cột {seen[field]!r} ({field})",
                f"column {header!r} duplicates column {seen[field]!r} ({field})"))
            continue
        seen[field] = header
        out[i] = (field, header)
    present = set(seen)
    for group in _REQUIRED[kind]:
        if not present.intersection(group):
            names = " / ".join(group)
            problems.append(Problem(
                f"{label}:1", "missing-column",
                f"thiếu cột bắt buộc: {names}", f"missing required column: {names}"))
    return out


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_rows(text: str, kind: str, columns: Mapping[str, str | None] | None, label: str,
              problems: list[Problem]) -> tuple[list[_Row], int, bool]:
    """(rows, rows read, whether the header is usable)."""
    reader = csv.reader(text.splitlines(keepends=True) if text else [], delimiter=_delimiter(text),
                        strict=False)
    rows: list[_Row] = []
    count = 0
    usable = False
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(f"{label}:1", "empty-file", "tệp trống", "the file is empty"))
            return rows, 0, False
        before = len(problems)
        index = _resolve_headers(header, kind, columns, label, problems)
        usable = not any(p.code in ("missing-column", "unknown-field")
                         for p in problems[before:])
        heads = dict(index.values())
        last = reader.line_num
        for record in reader:
            start, last = last + 1, reader.line_num
            if not any(c.strip() for c in record):
                continue  # blank line
            count += 1
            cells: dict[str, str] = {}
            for i, (field, _head) in index.items():
                if i < len(record):
                    value = nfc(record[i])
                    if value:
                        cells[field] = value
            extra = [c for c in record[len(header):] if c.strip()]
            if extra:
                problems.append(Problem(
                    f"{label}:{start}", "extra-cells",
                    f"dòng có {len(record)} ô nhưng tiêu đề chỉ có {len(header)} cột",
                    f"the row has {len(record)} cells but the header has {len(header)} columns"))
            rows.append(_Row(start, cells, heads))
    except csv.Error as exc:
        problems.append(Problem(f"{label}:{reader.line_num}", "invalid-csv",
                                f"CSV không hợp lệ: {exc}", f"invalid CSV: {exc}"))
    return rows, count, usable


def _json_scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal | str):
        return nfc(str(value))
    raise ValueError


def _json_rows(text: str, kind: str, columns: Mapping[str, str | None] | None, label: str,
               problems: list[Problem]) -> tuple[list[_Row], int, bool]:
    from .serialize import _pairs

    decoder = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=Decimal)
    offset = len(text) - len(text.lstrip())
    try:
        value, end = decoder.raw_decode(text, offset)
    except json.JSONDecodeError as exc:
        problems.append(Problem(f"{label}:{exc.lineno}:{exc.colno}", "invalid-json",
                                f"JSON không hợp lệ: {exc.msg}", f"invalid JSON: {exc.msg}"))
        return [], 0, False
    except (ValueError, RecursionError) as exc:
        problems.append(Problem(label, "invalid-json", f"JSON không hợp lệ: {exc}",
                                f"invalid JSON: {exc}"))
        return [], 0, False
    if text[end:].strip():
        line = text.count("\n", 0, end) + 1
        problems.append(Problem(f"{label}:{line}", "invalid-json", "dữ liệu thừa sau JSON",
                                "extra data after the JSON value"))
        return [], 0, False
    items = value.get(kind) if isinstance(value, dict) else value
    if not isinstance(items, list):
        problems.append(Problem(f"{label}:1", "invalid-json",
                                f"cần một mảng đối tượng (hoặc {{\"{kind}\": [...]}})",
                                f"expected an array of objects (or {{\"{kind}\": [...]}})"))
        return [], 0, False
    lines = _item_lines(text)
    mapping = _header_map(kind, columns)
    fields = set(_FIELDS[kind])
    rows: list[_Row] = []
    for n, item in enumerate(items):
        line = lines[n] if n < len(lines) else 1
        if not isinstance(item, dict):
            problems.append(Problem(f"{label}:{line}", "wrong-type",
                                    "cần một đối tượng JSON", "expected a JSON object"))
            rows.append(_Row(line, {}, {}, reported=True))
            continue
        cells: dict[str, str] = {}
        heads: dict[str, str] = {}
        bad: list[Problem] = []
        for key, raw in item.items():
            header = nfc(str(key))
            field = mapping.get(fold(header), "__unknown__")
            if field is None:
                continue
            if field == "__unknown__" or field not in fields:
                bad.append(Problem(f"{label}:{line}:{header}", "unknown-column",
                                   f"trường không xác định {header!r}",
                                   f"unknown field {header!r}",
                                   suggest(header, [*DEFAULT_COLUMNS[kind], *fields], cutoff=0.6)))
                continue
            heads[field] = header
            for dup in getattr(item, "duplicates", ()):
                if dup == key:
                    bad.append(Problem(f"{label}:{line}:{header}", "duplicate-key",
                                       f"khóa {header!r} xuất hiện nhiều lần",
                                       f"key {header!r} appears more than once"))
            try:
                text_value = _json_scalar(raw)
            except ValueError:
                bad.append(Problem(f"{label}:{line}:{header}", "wrong-type",
                                   "cần chuỗi, số hoặc true/false",
                                   "expected a string, a number or true/false"))
                continue
            if text_value:
                cells[field] = text_value
        problems.extend(bad)
        rows.append(_Row(line, cells, heads, reported=bool(bad)))
    return rows, len(items), True


def _item_lines(text: str) -> list[int]:
    """The line on which each top-level array element starts (best effort)."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    start = text.find("[")
    if start < 0:
        return lines
    i = start + 1
    n = len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n,":
            i += 1
        if i >= n or text[i] == "]":
            break
        try:
            _, end = decoder.raw_decode(text, i)
        except (ValueError, RecursionError):
            break
        lines.append(text.count("\n", 0, i) + 1)
        i = end
    return lines


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
    from .catalog import product_set

    return product_set(text, path="$").number


def _province(text: str, on: date | None, code: ProductCode | None) -> str:
    from . import units

    try:
        return units.province(text, on=on, path="$").id
    except ValidationError as exc:
        if "ambiguous-province" not in exc.codes:
            raise
        # A name used in both periods: the product code's era, else the current unit.
        when = units.REORGANISATION_DATE
        if code is not None:
            try:
                era = code.province()
            except ValidationError:
                raise exc from None
            when = era.valid_until or era.valid_from or when
        try:
            return units.province(text, on=when, path="$").id
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
    from . import rulesets

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


# --------------------------------------------------------------------------- the readers


def _read(
    kind: Kind,
    source: Source,
    *,
    name: str | None,
    columns: Mapping[str, str | None] | None,
    strict: bool,
    format: str | None,
    on: date | None,
    policy: CertificatePolicy,
    progress: Progress | None,
) -> ImportResult[Any]:
    problems: list[Problem] = []
    data, label = _read_bytes(source, name)
    try:
        text = _decode(data, label)
    except ValidationError as exc:
        result: ImportResult[Any] = ImportResult(label, (), exc.problems, 0, ())
        if strict:
            result.raise_if_any()
        return result
    fmt = _format_of(text, label, format)
    reader = _json_rows if fmt == "json" else _csv_rows
    rows, count, usable = reader(text, kind, columns, label, problems)
    records: list[Any] = []
    lines: list[int] = []
    certs: list[Certificate] = []
    cert_lines: list[int] = []
    rejected: list[int] = []
    found_columns: dict[str, str] = {}
    last_headers: Mapping[str, str] | None = None
    for n, row in enumerate(rows, 1):
        if row.headers is not last_headers:
            found_columns.update(row.headers)
            last_headers = row.headers
        if progress is not None and n % 500 == 0:
            progress(n)
        if not usable or row.reported:
            rejected.append(row.line)
            continue
        cells = _Cells(row)
        record: Any = None
        cert: Certificate | None = None
        try:
            if kind == "products":
                record = _build_product(cells, on)
                if any(f in row.cells for f in ("stars", "decision_number", "issued_on",
                                                "certificate_number")):
                    cert = _build_certificate(cells, record.id if record else "?", row.cells.get(
                        "certificate_number"), policy)
                    if cert is None:
                        record = None
            elif kind == "subjects":
                record = _build_subject(cells, on)
            else:
                cells.need("product")
                record = _build_certificate(cells, row.cells.get("product"),
                                            row.cells.get("number"), policy)
        except OcopError as exc:  # pragma: no cover - builders catch domain errors
            cells.fail("", exc)
            record = None
        if cells.errors or record is None:
            if not cells.errors:  # pragma: no cover - defensive
                cells.errors.append(("", Problem("", "invalid-row", "dòng không hợp lệ",
                                                 "invalid row")))
            for field, p in cells.sorted_errors():
                head = row.headers.get(field, field)
                where = f"{label}:{row.line}:{head}" if head else f"{label}:{row.line}"
                problems.append(Problem(where, p.code, p.message_vi, p.message_en, p.suggestion))
            rejected.append(row.line)
            continue
        records.append(record)
        lines.append(row.line)
        if cert is not None:
            certs.append(cert)
            cert_lines.append(row.line)
    if progress is not None:
        progress(len(rows))
    result = ImportResult(label, tuple(records), tuple(problems), count, tuple(rejected),
                          tuple(lines), tuple(certs), tuple(cert_lines), found_columns)
    if strict:
        result.raise_if_any()
    return result


def read_products(
    source: Source,
    *,
    name: str | None = None,
    columns: Mapping[str, str | None] | None = None,
    strict: bool = False,
    format: Literal["csv", "json"] | None = None,
    on: date | None = None,
    policy: CertificatePolicy = DEFAULT_POLICY,
    progress: Progress | None = None,
) -> ImportResult[Product]:
    """Read products from a CSV/JSON file path or bytes (see the module docstring).

    ``id`` defaults to the product code. ``subject`` (a subject's *name*, when
    the file has no subject id) is resolved by :func:`read_registry`; alone,
    the product's ``subject_id`` is then ``"name:<the name>"``. ``province``
    is an id, a code or a name; a name used in both periods (before and after
    2025-07-01) is resolved by ``on``, the row's issue date or the code's era.
    A *combined* registry — with ``Hạng sao``, ``Số quyết định``, ``Ngày cấp`` —
    also yields :attr:`ImportResult.certificates`.
    """
    return _read("products", source, name=name, columns=columns, strict=strict,
                 format=format, on=on, policy=policy, progress=progress)


def read_subjects(
    source: Source,
    *,
    name: str | None = None,
    columns: Mapping[str, str | None] | None = None,
    strict: bool = False,
    format: Literal["csv", "json"] | None = None,
    on: date | None = None,
    progress: Progress | None = None,
) -> ImportResult[Subject]:
    """Read subjects (chủ thể) from a CSV/JSON file path or bytes."""
    return _read("subjects", source, name=name, columns=columns, strict=strict,
                 format=format, on=on, policy=DEFAULT_POLICY, progress=progress)


def read_certificates(
    source: Source,
    *,
    name: str | None = None,
    columns: Mapping[str, str | None] | None = None,
    strict: bool = False,
    format: Literal["csv", "json"] | None = None,
    policy: CertificatePolicy = DEFAULT_POLICY,
    progress: Progress | None = None,
) -> ImportResult[Certificate]:
    """Read certificates from a CSV/JSON file path or bytes.

    Missing values are derived: ``number`` from the decision number and the
    product (``"123/QĐ-UBND/P-1"``), ``issued_on`` and ``decision_date`` from
    each other, ``ruleset_id`` from the issue date, ``authority`` from the
    rule set and the stars, ``valid_until`` from ``policy`` (36 months).
    """
    return _read("certificates", source, name=name, columns=columns, strict=strict,
                 format=format, on=None, policy=policy, progress=progress)


#: Portfolio field names that the readers call differently.
_FIELD_OF = {"product_id": "product", "province_id": "province"}


def _located(problem: Problem,
             where: Mapping[str, tuple[str, tuple[int, ...], Mapping[str, str]]]) -> Problem:
    """Map a ``$.products[3].subject_id`` portfolio problem to ``file:line:column``."""
    m = re.fullmatch(r"\$\.(products|subjects|certificates)\[([0-9]+)\](?:\.([A-Za-z_]+))?",
                     problem.path)
    if not m or m[1] not in where:
        return problem
    label, lines, headers = where[m[1]]
    i = int(m[2])
    if i >= len(lines) or not label:
        return problem
    field = _FIELD_OF.get(m[3] or "", m[3] or "")
    column = headers.get(field) or (headers.get("subject", field) if field == "subject_id"
                                    else field)
    path = f"{label}:{lines[i]}" + (f":{column}" if column else "")
    return Problem(path, problem.code, problem.message_vi, problem.message_en,
                   problem.suggestion)


def _find_file(directory: Path, stem: str) -> Path | None:
    for ext in (".csv", ".json", ".tsv"):
        path = directory / f"{stem}{ext}"
        if path.exists():
            return path
    return None


def read_registry(
    products: Source | None = None,
    subjects: Source | None = None,
    certificates: Source | None = None,
    *,
    directory: str | os.PathLike[str] | None = None,
    columns: Mapping[str, str | None] | None = None,
    strict: bool = False,
    on: date | None = None,
    policy: CertificatePolicy = DEFAULT_POLICY,
    progress: Progress | None = None,
) -> tuple[Any, tuple[Problem, ...]]:
    """Read a registry into a :class:`~ocopkit.portfolio.Portfolio` and its problems.

    ``directory`` finds ``products``, ``subjects`` and ``certificates``
    (``.csv`` or ``.json``) in one folder. Certificates may name their product
    by id or by product code; products may name their subject by id or by
    name. The records are then checked together
    (:meth:`Portfolio.check <ocopkit.portfolio.Portfolio.check>`: duplicate
    ids, unknown references, overlapping certificates), each problem located
    at its file and line. ``strict=True`` raises one
    :class:`~ocopkit.errors.ValidationError` if there is any problem.
    """
    from .portfolio import Portfolio

    if directory is not None:
        folder = Path(directory)
        if not folder.is_dir():
            raise ValidationError([Problem(str(folder), "not-a-directory",
                                           "không phải thư mục", "not a directory")])
        products = products or _find_file(folder, "products")
        subjects = subjects or _find_file(folder, "subjects")
        certificates = certificates or _find_file(folder, "certificates")
        if products is None and subjects is None and certificates is None:
            raise ValidationError([Problem(
                str(folder), "empty-registry",
                "không có products/subjects/certificates (.csv hoặc .json)",
                "no products/subjects/certificates (.csv or .json) found")])
    problems: list[Problem] = []
    done = 0

    def tick(n: int) -> None:
        if progress is not None:
            progress(done + n)

    subj: ImportResult[Subject] | None = None
    prod: ImportResult[Product] | None = None
    cert: ImportResult[Certificate] | None = None
    if subjects is not None:
        subj = read_subjects(subjects, columns=columns, on=on, progress=tick)
        problems.extend(subj.problems)
        done += subj.rows
    if products is not None:
        prod = read_products(products, columns=columns, on=on, policy=policy, progress=tick)
        problems.extend(prod.problems)
        done += prod.rows
    if certificates is not None:
        cert = read_certificates(certificates, columns=columns, policy=policy, progress=tick)
        problems.extend(cert.problems)
    subject_list = list(subj.records) if subj else []
    by_name: dict[str, list[str]] = {}
    for s in subject_list:
        by_name.setdefault(fold(s.name), []).append(s.id)
    product_list: list[Product] = []
    product_lines: list[int] = []
    for product, line in zip(prod.records if prod else (), prod.lines if prod else (),
                             strict=True):
        if product.subject_id.startswith("name:"):
            assert prod is not None
            wanted = product.subject_id[5:]
            owners = by_name.get(fold(wanted), [])
            if len(owners) == 1:
                product = attrs.evolve(product, subject_id=owners[0])
            else:
                why = "several subjects have this name" if owners else "no subject has this name"
                head = prod.columns.get("subject", "subject")
                problems.append(Problem(
                    f"{prod.source}:{line}:{head}",
                    "ambiguous-subject" if owners else "unknown-subject",
                    f"chủ thể {wanted!r}: " + ("nhiều chủ thể trùng tên" if owners
                                               else "không có chủ thể tên này"),
                    f"subject {wanted!r}: {why}",
                    suggest(wanted, [s.name for s in subject_list], cutoff=0.5)))
        product_list.append(product)
        product_lines.append(line)
    refs: dict[str, str] = {}
    for product in product_list:
        refs.setdefault(fold(product.name), product.id)
        if product.code is not None:
            refs[str(product.code)] = product.id
    product_ids = {product.id for product in product_list}
    cert_list: list[Certificate] = list(prod.certificates) if prod else []
    cert_lines: list[int] = list(prod.certificate_lines) if prod else []
    n_from_products = len(cert_list)
    for c, line in zip(cert.records if cert else (), cert.lines if cert else (), strict=True):
        if c.product_id not in product_ids:
            try:
                key = str(ProductCode.parse(c.product_id))
            except ValidationError:
                key = fold(c.product_id)
            if key in refs:
                c = attrs.evolve(c, product_id=refs[key])
        cert_list.append(c)
        cert_lines.append(line)
    portfolio, found = Portfolio.check(product_list, subject_list, cert_list)
    where: dict[str, tuple[str, tuple[int, ...], Mapping[str, str]]] = {}
    if prod:
        where["products"] = (prod.source, tuple(product_lines), prod.columns)
    if subj:
        where["subjects"] = (subj.source, subj.lines, subj.columns)
    if cert or prod:
        where["certificates"] = ("", tuple(cert_lines), {})
    for problem in found:
        if problem.code == "unknown-subject" and "'name:" in problem.message_en:
            continue  # already reported by name, at the subject column
        m = re.fullmatch(r"\$\.certificates\[([0-9]+)\](?:\.([A-Za-z_]+))?", problem.path)
        if m and int(m[1]) < n_from_products and prod is not None:
            where["certificates"] = (prod.source, tuple(cert_lines), prod.columns)
        elif m and cert is not None:
            where["certificates"] = (cert.source, tuple(cert_lines), cert.columns)
        problems.append(_located(problem, where))
    if strict and problems:
        raise ValidationError(problems, "registry refused / không nhập được danh mục")
    return portfolio, tuple(problems)


# --------------------------------------------------------------------------- export


def _fmt_date(value: date | None, vi: bool) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y") if vi else value.isoformat()


def _vi_header(kind: str, field: str) -> str:
    for header, target in DEFAULT_COLUMNS[kind].items():
        if target == field:
            return header
    return field


def _rows_of(portfolio: Any, kind: str, vi: bool) -> Iterator[dict[str, str]]:
    def b(value: bool | None) -> str:
        return "" if value is None else ("có" if vi else "true") if value else (
            "không" if vi else "false")

    if kind == "products":
        for p in portfolio.products:
            yield {"id": p.id, "code": "" if p.code is None else str(p.code), "name": p.name,
                   "name_en": p.name_en or "", "product_set": str(p.product_set),
                   "subject_id": p.subject_id, "province": p.province_id,
                   "commune_code": p.commune_code or ""}
    elif kind == "subjects":
        for s in portfolio.subjects:
            rep = s.legal_representative
            yield {"id": s.id, "name": s.name, "kind": s.kind.value, "province": s.province_id,
                   "commune_code": s.commune_code or "",
                   "legal_representative": rep.name if rep else "",
                   "representative_is_female": b(rep.is_female) if rep else "",
                   "representative_is_ethnic_minority": b(rep.is_ethnic_minority) if rep else "",
                   "representative_has_disability": b(rep.has_disability) if rep else "",
                   "community_capital_share": "" if s.community_capital_share is None
                   else str(s.community_capital_share),
                   "in_value_chain": b(s.in_value_chain)}
    else:
        for c in portfolio.certificates:
            yield {"number": c.number, "product": c.product_id, "stars": str(c.stars),
                   "decision_number": c.decision_number,
                   "decision_date": _fmt_date(c.decision_date, vi),
                   "issued_on": _fmt_date(c.issued_on, vi),
                   "valid_until": _fmt_date(c.valid_until, vi), "authority": c.authority.id,
                   "ruleset_id": c.ruleset_id, "evaluation_ref": c.evaluation_ref or "",
                   "evaluated_on": _fmt_date(c.evaluated_on, vi),
                   "revoked_on": _fmt_date(c.revoked_on, vi),
                   "revocation_ground": c.revocation_ground.value if c.revocation_ground else "",
                   "revocation_note": c.revocation_note or "",
                   "superseded_by": c.superseded_by or "",
                   "superseded_on": _fmt_date(c.superseded_on, vi),
                   "extended_until": _fmt_date(c.extended_until, vi)}


_EXPORT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "products": ("id", "code", "name", "name_en", "product_set", "subject_id", "province",
                 "commune_code"),
    "subjects": _FIELDS["subjects"],
    "certificates": _FIELDS["certificates"],
}


def write_csv(
    portfolio: Any,
    directory: str | os.PathLike[str],
    *,
    headers: Literal["en", "vi"] = "en",
    bom: bool = False,
) -> list[Path]:
    """Write ``products.csv``, ``subjects.csv`` and ``certificates.csv`` into ``directory``.

    ``headers="vi"`` writes the Vietnamese headers and ``dd/mm/yyyy`` dates
    (what provincial staff expect); ``bom=True`` adds a UTF-8 BOM so that
    Excel opens the files as UTF-8. Columns that are empty for every record
    are still written; communes are not exported. The files read back with
    :func:`read_registry` into an equal portfolio.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    vi = headers == "vi"
    written = []
    for kind in ("products", "subjects", "certificates"):
        fields = _EXPORT_FIELDS[kind]
        path = folder / f"{kind}.csv"
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow([_vi_header(kind, f) if vi else f for f in fields])
            for row in _rows_of(portfolio, kind, vi):
                writer.writerow([row[f] for f in fields])
        written.append(path)
    return written
