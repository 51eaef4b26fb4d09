"""JSON registries as rows: an array of objects (or ``{"products": [...]}``) whose keys are
the column names of a CSV registry.

A value is a cell: a string, a number (kept as the text it is written with — no number
is built, however many digits or however large its exponent), ``true``/``false``, or
``null`` (empty). Every element of the array is one row, read or refused with its line;
a value over :attr:`~ocopkit.io.RegistryLimits.max_cell` characters, or holding a lone
surrogate (``"\\ud800"``, which is no text), refuses its row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ocopkit.errors import Problem
from ocopkit.text import fold, nfc, suggest

from ._registry_limits import DEFAULT_REGISTRY_LIMITS, RegistryLimits
from ._rows import _FIELDS, DEFAULT_COLUMNS, _header_map, _Row, cell_too_long, shown, too_many_rows

__all__: list[str] = []


def _json_scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    raise ValueError


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_rows(text: str, kind: str, columns: Mapping[str, str | None] | None, label: str,
               problems: list[Problem], limits: RegistryLimits = DEFAULT_REGISTRY_LIMITS,
               escaped: bool = False) -> tuple[list[_Row], int, bool]:
    """(rows, rows read, whether the file is usable); ``escaped`` is for CSV only."""
    from ._jsontext import _pairs

    # numbers stay the text they are written with: a cell is text (and no int or
    # Decimal of 5000 digits or of exponent 1e999999999 is ever built)
    decoder = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=str, parse_int=str)
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
    if len(items) > limits.max_rows:
        problems.append(too_many_rows(label, 1, limits))
        return [], 0, False
    spans = _item_spans(text)
    if len(spans) != len(items):  # the first array is not the rows' (best effort)
        spans = []
    mapping = _header_map(kind, columns)
    fields = set(_FIELDS[kind])
    rows: list[_Row] = []
    unknown_keys: set[str] = set()
    for n, item in enumerate(items):
        line, last = spans[n] if n < len(spans) else (1, 1)
        if not isinstance(item, dict):
            problems.append(Problem(f"{label}:{line}", "wrong-type",
                                    "cần một đối tượng JSON", "expected a JSON object"))
            rows.append(_Row(line, {}, {}, reported=True, last=last))
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
                        f"{label}:{line}:{header[:80]}", "unknown-column",
                        f"trường không xác định {shown(header)} (bỏ qua); dùng "
                        "columns={...} để ánh xạ hoặc bỏ qua",
                        f"unknown field {shown(header)} (ignored); map or ignore it with "
                        "columns={...}",
                        suggest(header[:200], [*DEFAULT_COLUMNS[kind], *fields], cutoff=0.6),
                        severity="warning"))
                continue
            heads[field] = header
            where = f"{label}:{line}:{header}"
            if key in getattr(item, "duplicates", ()):
                bad.append(Problem(where, "duplicate-key",
                                   f"khóa {header!r} xuất hiện nhiều lần",
                                   f"key {header!r} appears more than once"))
            try:
                text_value = _json_scalar(raw)
            except ValueError:
                bad.append(Problem(where, "wrong-type", "cần chuỗi, số hoặc true/false",
                                   "expected a string, a number or true/false"))
                continue
            if text_value is None:
                continue
            if len(text_value) > limits.max_cell:
                bad.append(cell_too_long(where, len(text_value), limits))
            elif not _is_text(text_value):
                bad.append(Problem(where, "invalid-text",
                                   "chuỗi chứa một nửa cặp thay thế (\\ud800–\\udfff) đơn lẻ",
                                   "the string holds a lone surrogate (\\ud800–\\udfff): "
                                   "it is not text"))
            elif value_nfc := nfc(text_value):
                cells[field] = value_nfc
        problems.extend(bad)
        rows.append(_Row(line, cells, heads, reported=bool(bad),
                         last=last if last > line else None))
    return rows, len(items), True


def _item_spans(text: str) -> list[tuple[int, int]]:
    """The first and last line of each element of a top-level array (best effort)."""
    decoder = json.JSONDecoder(parse_float=str, parse_int=str)
    spans: list[tuple[int, int]] = []
    start = text.find("[")
    if start < 0:
        return spans
    i = start + 1
    n = len(text)
    line = text.count("\n", 0, i) + 1
    while i < n:
        j = i
        while j < n and text[j] in " \t\r\n,":
            j += 1
        line += text.count("\n", i, j)
        i = j
        if i >= n or text[i] == "]":
            break
        try:
            _, end = decoder.raw_decode(text, i)
        except (ValueError, RecursionError):
            break
        last = line + text.count("\n", i, end)
        spans.append((line, last))
        line, i = last, end
    return spans
