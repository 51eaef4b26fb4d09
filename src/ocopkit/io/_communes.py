"""A commune registry of the caller's as CSV: ``communes.csv`` (and ``districts.csv``),
written next to a registry by :func:`~ocopkit.io.write_csv` and read back by
:func:`~ocopkit.io.read_communes`.

Reading is as careful as the registry readers' (:mod:`ocopkit.io._csv`): the file is read
within :class:`~ocopkit.io.RegistryLimits`, every physical line is the header, a row, a
malformed row or blank, and every bad row — a missing column, a cell beyond the header,
a date that is not ``yyyy-mm-dd``, a commune the domain refuses — is a problem located at
``file:line:column``. All problems of both files are raised at once in one
:class:`~ocopkit.errors.ValidationError`; a registry is returned only when every row was
read (a commune registry is reference data: half of one would resolve names wrongly).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import Final, TypeVar

from ocopkit.errors import OcopError, Problem, ValidationError
from ocopkit.places import Commune, CommuneRegistry, District
from ocopkit.text import nfc

from ._csv import RecordReader, format_row
from ._registry_limits import DEFAULT_REGISTRY_LIMITS, RegistryLimits
from ._rows import _decode, _read_bytes, cell_too_long, shown, too_many_rows

__all__ = ["read_communes", "write_communes"]

_COMMUNE_FIELDS: Final = ("code", "name", "province_id", "kind", "valid_from", "valid_until",
                          "district_code", "predecessor_codes", "partial_codes",
                          "absorbed_districts")
_DISTRICT_FIELDS: Final = ("code", "name", "province_id", "valid_from", "valid_until")
_REQUIRED: Final = ("code", "name", "province_id")

_ISO: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)

T = TypeVar("T")


def _iso(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _write(path: Path, fields: tuple[str, ...], rows: Iterator[Mapping[str, str]],
           bom: bool) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        fh.write(format_row(fields, escape=False))
        for row in rows:
            # codes, names and ISO dates: nothing a spreadsheet runs, and no escaping
            # that a reader of the caller's own files would have to know about
            fh.write(format_row([row[f] for f in fields], escape=False))
    return path


def write_communes(registry: CommuneRegistry, folder: Path, *, bom: bool = False) -> list[Path]:
    """Write ``communes.csv`` (and ``districts.csv`` when the registry has districts)."""
    written = [_write(folder / "communes.csv", _COMMUNE_FIELDS, (
        {"code": c.code, "name": c.name, "province_id": c.province_id,
         "kind": c.kind.value, "valid_from": _iso(c.valid_from),
         "valid_until": _iso(c.valid_until), "district_code": c.district_code or "",
         "predecessor_codes": " ".join(c.predecessor_codes),
         "partial_codes": " ".join(c.partial_codes),
         "absorbed_districts": " ".join(c.absorbed_districts)} for c in registry), bom)]
    if registry.districts:
        written.append(_write(folder / "districts.csv", _DISTRICT_FIELDS, (
            {"code": d.code, "name": d.name, "province_id": d.province_id,
             "valid_from": _iso(d.valid_from), "valid_until": _iso(d.valid_until)}
            for d in registry.districts), bom))
    return written


def _rows(path: Path, fields: tuple[str, ...], required: tuple[str, ...],
          limits: RegistryLimits, problems: list[Problem]
          ) -> Iterator[tuple[str, int, dict[str, str]]]:
    """(label, line, cells) of every row of ``path`` that could be read as the header
    says; every other row is a problem."""
    try:
        data, label, too_large = _read_bytes(path, None, limits)
        if data is None:
            problems.append(too_large or Problem(path.name, "file-too-large", "", ""))
            return
        text = _decode(data, label)
    except ValidationError as exc:
        problems.extend(exc.problems)
        return
    reader = RecordReader(text, ",", limits.max_row_lines)
    head = next(reader, None)
    if head is None or head.cells is None:
        problems.append(Problem(f"{label}:1", "missing-column",
                                "thiếu dòng tiêu đề", "the header row is missing or malformed"))
        return
    header = [nfc(h).strip() for h in head.cells]
    missing = [f for f in required if f not in header]
    unknown = [h for h in header if h and h not in fields]
    if missing:
        problems.append(Problem(f"{label}:1", "missing-column",
                                f"thiếu cột bắt buộc: {', '.join(missing)}",
                                f"missing required column: {', '.join(missing)}"))
    for h in unknown:
        problems.append(Problem(f"{label}:1:{h[:80]}", "unknown-column",
                                f"cột không xác định {shown(h)}", f"unknown column {shown(h)}",
                                f"one of: {', '.join(fields)}"))
    dupes = {h for h in header if h and header.count(h) > 1}
    for h in sorted(dupes):
        problems.append(Problem(f"{label}:1:{h}", "duplicate-column",
                                f"cột {h!r} xuất hiện nhiều lần",
                                f"column {h!r} appears more than once"))
    if missing or unknown or dupes:
        return
    reader.width = reader.columns = len(header)
    count = 0
    for rec in reader:
        if rec.blank:
            continue
        count += 1
        if count > limits.max_rows:
            problems.append(too_many_rows(label, rec.first, limits))
            return
        where = f"{label}:{rec.first}"
        if rec.cells is None:
            code, vi, en = rec.problem or ("invalid-csv", "CSV không hợp lệ", "invalid CSV")
            problems.append(Problem(where, code, vi, en))
            continue
        if len(rec.cells) != len(header):
            problems.append(Problem(
                where, "missing-cells" if len(rec.cells) < len(header) else "extra-cells",
                f"dòng có {len(rec.cells)} ô nhưng tiêu đề có {len(header)} cột",
                f"the row has {len(rec.cells)} cells but the header has {len(header)} "
                "columns"))
            continue
        long = [(h, c) for h, c in zip(header, rec.cells, strict=True)
                if len(c) > limits.max_cell]
        if long:
            problems.extend(cell_too_long(f"{where}:{h}", len(c), limits) for h, c in long)
            continue
        yield label, rec.first, {h: nfc(c) for h, c in zip(header, rec.cells, strict=True)}


def _build(make: Callable[[], T], where: str, problems: list[Problem]) -> T | None:
    """``make()``, or ``None`` with the domain's problems located at ``where``."""
    try:
        return make()
    except ValidationError as exc:
        for p in exc.problems:
            field = p.path.rsplit(".", 1)[-1] if "." in p.path else ""
            problems.append(Problem(f"{where}:{field}" if field else where, p.code,
                                    p.message_vi, p.message_en, p.suggestion, p.severity))
    except OcopError as exc:  # pragma: no cover - the constructors raise ValidationError
        problems.append(Problem(where, getattr(exc, "code", "invalid-row"), str(exc), str(exc)))
    return None


class _Dates:
    """ISO dates of one row; a bad one is a located problem."""

    def __init__(self, where: str, cells: Mapping[str, str], problems: list[Problem]) -> None:
        self.where, self.cells, self.problems, self.bad = where, cells, problems, False

    def __call__(self, field: str) -> date | None:
        value = self.cells.get(field, "").strip()
        if not value:
            return None
        try:
            if not _ISO.fullmatch(value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            self.bad = True
            self.problems.append(Problem(
                f"{self.where}:{field}", "invalid-date",
                f"ngày phải có dạng yyyy-mm-dd: {shown(value)}",
                f"a date is written yyyy-mm-dd: {shown(value)}"))
            return None


def read_communes(path: Path, districts: Path | None = None, *,
                  source: str | None = None,
                  limits: RegistryLimits = DEFAULT_REGISTRY_LIMITS) -> CommuneRegistry:
    """A commune registry from ``communes.csv`` (and ``districts.csv``) as
    :func:`~ocopkit.io.write_csv` writes them; every problem of either file, located at
    ``file:line:column``, is raised at once (:class:`~ocopkit.errors.ValidationError`)."""
    problems: list[Problem] = []
    found_districts: list[District] = []
    if districts is not None and districts.exists():
        for label, line, r in _rows(Path(districts), _DISTRICT_FIELDS, _REQUIRED, limits,
                                    problems):
            where = f"{label}:{line}"
            when = _Dates(where, r, problems)
            start, end = when("valid_from"), when("valid_until")
            if when.bad:
                continue
            d = _build(partial(District, r["code"], r["name"], r["province_id"],
                               valid_from=start, valid_until=end), where, problems)
            if d is not None:
                found_districts.append(d)
    communes: list[Commune] = []
    for label, line, r in _rows(Path(path), _COMMUNE_FIELDS, (*_REQUIRED, "kind"), limits,
                                problems):
        where = f"{label}:{line}"
        when = _Dates(where, r, problems)
        start, end = when("valid_from"), when("valid_until")
        if when.bad:
            continue
        c = _build(partial(
            Commune, r["code"], r["name"], r["province_id"], r["kind"], valid_from=start,
            valid_until=end, predecessor_codes=tuple(r.get("predecessor_codes", "").split()),
            district_code=r.get("district_code") or None,
            partial_codes=tuple(r.get("partial_codes", "").split()),
            absorbed_districts=tuple(r.get("absorbed_districts", "").split())),
            where, problems)
        if c is not None:
            communes.append(c)
    if problems:
        raise ValidationError(problems, "commune registry refused / không đọc được danh mục xã")
    registry = _build(partial(CommuneRegistry, communes, found_districts, source=source),
                      Path(path).name, problems)
    if registry is None:
        raise ValidationError(problems, "commune registry refused / không đọc được danh mục xã")
    return registry
