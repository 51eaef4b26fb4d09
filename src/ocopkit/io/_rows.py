"""Registry files as rows: reading and decoding, format sniffing, column headers, CSV rows
(JSON rows: :mod:`ocopkit.io._jsonrows`).

The readers of :mod:`ocopkit.io` first turn a file into rows of canonical
cells here: the file is read within :class:`~ocopkit.io.RegistryLimits`, the bytes are
decoded as UTF-8 (with or without BOM), the format is guessed (``.json``/``.csv``
names, else the first character), a CSV delimiter is guessed from the header line
(comma, semicolon or tab), and the headers — Vietnamese or canonical, compared case-,
accent- and spacing-insensitively (:data:`~ocopkit.io.DEFAULT_COLUMNS`, plus the
caller's ``columns``) — are mapped to field names. Every cell is NFC text.
Unknown, duplicate and missing columns are reported as
:class:`~ocopkit.errors.Problem` records located at ``file:line:column``; so is every
CSV row that cannot be read as the header says (:mod:`ocopkit.io._csv`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.text import fold, nfc, suggest

from ._csv import Record, RecordReader, unescape_formula
from ._registry_limits import DEFAULT_REGISTRY_LIMITS, RegistryLimits

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
    """Problems of this row were already reported while reading it (the row is refused)."""
    last: int | None = None
    """The last physical line of the row (``None``: the row is one line)."""

    @property
    def span(self) -> tuple[int, int]:
        """The first and the last physical line of the row."""
        return self.line, self.line if self.last is None else self.last


def shown(text: str, size: int = 60) -> str:
    """``text`` for a message: repr'd, and cut when long (a cell may be 32,767 characters).

    >>> shown("Trà"), shown("1" * 5000)
    ("'Trà'", "'1111111111…' (5000 characters)")
    """
    if len(text) <= size:
        return repr(text)
    return f"{text[:10]!r}"[:-1] + f"…' ({len(text)} characters)"


# --------------------------------------------------------------------------- reading text


def _too_large(label: str, size: int, limits: RegistryLimits) -> Problem:
    return Problem(
        label, "file-too-large",
        f"tệp {size:,} byte vượt giới hạn {limits.max_bytes:,} byte (limits.max_bytes); "
        "không đọc".replace(",", "."),
        f"the file has {size:,} bytes, over the limit of {limits.max_bytes:,} "
        "(limits.max_bytes); not read")


def _read_bytes(source: Source, name: str | None,
                limits: RegistryLimits = DEFAULT_REGISTRY_LIMITS
                ) -> tuple[bytes | None, str, Problem | None]:
    """The bytes of ``source`` (``None`` and a problem when over ``limits.max_bytes``).

    A path that cannot be read, or that is not a regular file (a folder, a FIFO, a
    device: reading it could block or never end), raises a ValidationError."""
    if isinstance(source, bytes | bytearray):
        label = name or "<data>"
        if len(source) > limits.max_bytes:
            return None, label, _too_large(label, len(source), limits)
        return bytes(source), label, None
    path = Path(source)
    label = name or path.name
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ValidationError([Problem(
                label, "not-a-regular-file",
                "không phải tệp thông thường (thư mục, FIFO hoặc thiết bị); hãy truyền "
                "nội dung dưới dạng bytes",
                "not a regular file (a folder, a FIFO or a device); pass its contents as "
                "bytes")])
        if info.st_size > limits.max_bytes:
            return None, label, _too_large(label, info.st_size, limits)
        with path.open("rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise ValidationError([Problem(label, "unreadable-file",
                                       f"không đọc được tệp: {exc.strerror or exc}",
                                       f"cannot read the file: {exc.strerror or exc}")]) from None
    if len(data) > limits.max_bytes:  # the file grew while it was read
        return None, label, _too_large(label, len(data), limits)
    return data, label, None


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


def _delimiter(first_line: str) -> str:
    """The separator of the header line: the most frequent of comma, semicolon and tab
    outside quotes (``"Xã, phường";"Tỉnh"`` is separated by semicolons).

    >>> _delimiter('"Xã, phường";"Tỉnh"'), _delimiter("a,b"), _delimiter("a")
    (';', ',', ',')
    """
    outside = "".join(first_line.split('"')[::2])  # the text between quoted parts
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def too_many_rows(label: str, line: int, limits: RegistryLimits) -> Problem:
    """The whole file is refused: it has more rows than ``limits.max_rows``."""
    n = f"{limits.max_rows:,}"
    return Problem(
        f"{label}:{line}", "too-many-rows",
        f"tệp có hơn {n.replace(',', '.')} dòng dữ liệu (limits.max_rows; dòng "
        f"{n.replace(',', '.')} + 1 bắt đầu ở đây); không nhập tệp nào",
        f"the file has more than {n} data rows (limits.max_rows; row {n} + 1 starts "
        "here); nothing of it is imported")


def cell_too_long(where: str, size: int, limits: RegistryLimits) -> Problem:
    """A cell over ``limits.max_cell`` characters (its row is refused)."""
    return Problem(
        where, "cell-too-long",
        f"ô có {size} ký tự, vượt giới hạn {limits.max_cell} (limits.max_cell)",
        f"the cell has {size} characters, over the limit of {limits.max_cell} "
        "(limits.max_cell)")


def _csv_rows(text: str, kind: str, columns: Mapping[str, str | None] | None, label: str,
              problems: list[Problem], limits: RegistryLimits = DEFAULT_REGISTRY_LIMITS,
              escaped: bool = False) -> tuple[list[_Row], int, bool]:
    """(rows, rows read, whether the header is usable); see :mod:`ocopkit.io._csv`.

    Every physical line is the header, blank, or part of exactly one row (read or
    malformed); a row with missing cells, with values beyond the header, or with a cell
    over ``limits.max_cell`` is reported and refused."""
    first_line = text.split("\n", 1)[0].split("\r", 1)[0]
    reader = RecordReader(text, _delimiter(first_line), limits.max_row_lines)
    rows: list[_Row] = []
    head = next(reader, None)
    if head is None:
        problems.append(Problem(f"{label}:1", "empty-file", "tệp trống", "the file is empty"))
        return rows, 0, False
    before = len(problems)
    header: list[str] = []
    if head.cells is None:
        code, vi, en = head.problem or ("invalid-csv", "", "")
        problems.append(Problem(f"{label}:1", code, f"dòng tiêu đề: {vi}", f"header row: {en}"))
    else:
        header = [unescape_formula(h) if escaped else h for h in head.cells]
    index = _resolve_headers(header, kind, columns, label, problems)
    usable = head.cells is not None and not any(
        p.code in ("missing-column", "unknown-field") for p in problems[before:])
    heads = dict(index.values())
    width = max((i + 1 for i, h in enumerate(header) if h.strip()), default=0)
    reader.width, reader.columns = width, len(header)
    unnamed = {i for i, h in enumerate(header) if not h.strip()}
    before = len(problems)
    count = 0
    for rec in reader:
        if rec.blank:
            continue
        count += 1
        if count > limits.max_rows:
            del problems[before:]
            problems.append(too_many_rows(label, rec.first, limits))
            return [], 0, False
        if rec.cells is None:
            code, vi, en = rec.problem or ("invalid-csv", "", "")
            problems.append(Problem(f"{label}:{rec.first}", code, vi, en))
            rows.append(_Row(rec.first, {}, heads, reported=True))
            continue
        rows.append(_csv_row(rec, _Header(header, index, heads, width, unnamed,
                                          reader.delimiter), label, problems, limits, escaped))
    return rows, count, usable


@attrs.define
class _Header:
    """What a CSV file's header says about its rows."""

    cells: list[str]
    index: Mapping[int, tuple[str, str]]
    """Column index → (canonical field, header as written)."""
    heads: Mapping[str, str]
    width: int
    """The named columns: a row needs at least this many cells."""
    unnamed: set[int]
    """Columns without a header not yet seen holding a value."""
    delimiter: str


def _csv_row(rec: Record, h: _Header, label: str, problems: list[Problem],
             limits: RegistryLimits, escaped: bool) -> _Row:
    record = rec.cells or ()
    header, index, width, unnamed = h.cells, h.index, h.width, h.unnamed
    where = f"{label}:{rec.first}"
    bad = False
    if len(record) < width:
        bad = True
        problems.append(Problem(
            where, "missing-cells",
            f"dòng có {len(record)} ô nhưng tiêu đề có {width} cột",
            f"the row has {len(record)} cells but the header has {width} columns"))
    if any(c.strip() for c in record[len(header):]):
        bad = True
        problems.append(Problem(
            where, "extra-cells",
            f"dòng có {len(record)} ô nhưng tiêu đề chỉ có {len(header)} cột",
            f"the row has {len(record)} cells but the header has {len(header)} columns"))
    cells: dict[str, str] = {}
    for i, raw in enumerate(record):
        if len(raw) > limits.max_cell:
            bad = True
            column = header[i] if i < len(header) and header[i].strip() else f"#{i + 1}"
            problems.append(cell_too_long(f"{where}:{column}", len(raw), limits))
        elif i in index:
            value = nfc(unescape_formula(raw) if escaped else raw)
            if value:
                cells[index[i][0]] = value
        elif i in unnamed and raw.strip():
            unnamed.discard(i)  # reported once, where first seen
            problems.append(Problem(
                f"{where}:#{i + 1}", "unnamed-column",
                f"cột {i + 1} không có tiêu đề: giá trị của nó (lần đầu ở dòng này) bị bỏ qua",
                f"column {i + 1} has no header: its values (first on this line) are ignored",
                severity="warning"))
    if rec.last > rec.first:
        problems.append(_spanning(rec, h, where))
    return _Row(rec.first, cells, h.heads, reported=bad,
                last=rec.last if rec.last > rec.first else None)


def _spanning(rec: Record, h: _Header, where: str) -> Problem:
    """A note for a row whose quoted cell holds line breaks — a warning when the cell
    looks like a quote closed too late: its first line holds every separator the rest of
    a row would (the cell swallowed the end of its own line), or a whole line of it holds
    as many separators as a row (it swallowed a row)."""
    needed = len(h.cells) - 1
    suspect = False
    for k, cell in enumerate(rec.cells or ()):
        pieces = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if len(pieces) < 2:
            continue
        rest = needed - k  # the separators after cell k in a row of the header's width
        if (rest >= 1 and pieces[0].count(h.delimiter) >= rest) or any(
                piece.count(h.delimiter) >= needed > 0 for piece in pieces[1:-1]):
            suspect = True
    if suspect:
        return Problem(
            where, "unbalanced-quote-suspected",
            f"dòng kéo dài từ dòng {rec.first} đến {rec.last} và một ô chứa nội dung giống "
            "một dòng dữ liệu: có thể một dấu ngoặc kép bị đóng muộn",
            f"the row runs from line {rec.first} to {rec.last} and a quoted cell holds what "
            "looks like a row of its own: a quote may be closed too late",
            severity="warning")
    return Problem(
        where, "multi-line-row",
        f"dòng kéo dài từ dòng {rec.first} đến {rec.last} (một ô trong ngoặc kép có xuống "
        "dòng)",
        f"the row runs from line {rec.first} to {rec.last} (a quoted cell holds a line "
        "break)", severity="note")
