"""Registry files as rows: decoding, format sniffing, column headers, CSV and JSON rows.

The readers of :mod:`ocopkit.io` first turn a file into rows of canonical
cells here: the bytes are decoded as UTF-8 (with or without BOM), the format
is guessed (``.json``/``.csv`` names, else the first character), a CSV
delimiter is guessed from the header line (comma, semicolon or tab), and
the headers — Vietnamese or canonical, compared case-, accent- and
spacing-insensitively (:data:`~ocopkit.io.DEFAULT_COLUMNS`, plus the
caller's ``columns``) — are mapped to field names. Every cell is NFC text.
Unknown, duplicate and missing columns are reported as
:class:`~ocopkit.errors.Problem` records located at ``file:line:column``.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.text import fold, nfc, suggest

__all__ = ["DEFAULT_COLUMNS", "IGNORED", "Source"]

#: What a reader accepts: a file path or the file's bytes.
Source = str | os.PathLike[str] | bytes


# --------------------------------------------------------------------------- columns


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
    "Cơ quan cấp": "issuer", "Cơ quan công nhận": "issuer", "Cơ quan ban hành": "issuer",
    "Cấp công nhận": "authority", "Cấp": "authority",
    "Hết hạn (ước tính)": "expires",
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
        "Phân nhóm": "product_set", "Ngành hàng": "product_set", "Nhóm ngành": "product_set",
        "Phân loại": "classification",
        "Xã": "commune", "Xã/Phường": "commune", "Phường/Xã": "commune", "Tên xã": "commune",
        "Xã, phường": "commune",
        "Huyện": "district", "Quận/Huyện": "district", "Huyện/Thị xã": "district",
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
        "Hình thức pháp lý": "legal_form",
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
    "products": ("id", "code", "name", "name_en", "product_set", "classification",
                 "subject_id", "subject", "province", "district", "commune", "commune_code",
                 "stars", "decision_number", "decision_date", "issued_on", "valid_until",
                 "expires", "authority", "issuer", "ruleset_id", "certificate_number"),
    "subjects": ("id", "name", "kind", "legal_form", "province", "commune_code",
                 "legal_representative", "representative_is_female",
                 "representative_is_ethnic_minority", "representative_has_disability",
                 "community_capital_share", "in_value_chain"),
    "certificates": ("number", "product", "stars", "decision_number", "decision_date",
                     "issued_on", "valid_until", "expires", "authority", "issuer",
                     "issuer_level", "issuer_unit", "issuer_unit_name", "ruleset_id",
                     "evaluation_ref", "evaluated_on", "revoked_on",
                     "revocation_ground", "revocation_note", "superseded_by", "superseded_on",
                     "extended_until"),
}

_REQUIRED: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "products": (("name",), ("subject_id", "subject"), ("id", "code")),
    "subjects": (("id",), ("name",), ("province",)),
    "certificates": (("product",), ("stars",), ("issued_on", "decision_date")),
}


# --------------------------------------------------------------------------- rows


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
                f"cột không xác định {header!r} (bỏ qua); dùng columns={{...}} để ánh xạ "
                "hoặc bỏ qua",
                f"unknown column {header!r} (ignored); map or ignore it with columns={{...}}",
                suggest(header, options, cutoff=0.6), severity="warning"))
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
    from ._jsontext import _pairs

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
    unknown_keys: set[str] = set()
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
                # like an unknown CSV column: reported once (where first seen), ignored
                if header not in unknown_keys:
                    unknown_keys.add(header)
                    problems.append(Problem(
                        f"{label}:{line}:{header}", "unknown-column",
                        f"trường không xác định {header!r} (bỏ qua); dùng columns={{...}} để "
                        "ánh xạ hoặc bỏ qua",
                        f"unknown field {header!r} (ignored); map or ignore it with "
                        "columns={...}",
                        suggest(header, [*DEFAULT_COLUMNS[kind], *fields], cutoff=0.6),
                        severity="warning"))
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
