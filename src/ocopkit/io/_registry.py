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
>>> for p in result.problems:
...     print(p.format("en"))
products.csv:2:Tỉnh: [note] 'Quảng Ninh' names units of both periods; read as 22@34 by the era ...
products.csv:3:Bộ sản phẩm: a product set number is 1–26: '99'

Problems have a severity: an error refuses the row; a *warning* keeps the record, flagged
(``strict=True`` refuses it); a *note* says how a value was read ("Quảng Ninh", a name of
both periods, read as the unit of the code's year) and refuses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Literal, TypeVar

from ocopkit.certification import DEFAULT_POLICY, Certificate, CertificatePolicy
from ocopkit.errors import OcopError, Problem, ValidationError
from ocopkit.places import CommuneRegistry
from ocopkit.products import Product, Subject

from . import _rows as registryrows
from ._builders import Context, build_product, build_subject
from ._cells import (
    InvalidCellError,
    _Cells,
    parse_authority,
    parse_bool,
    parse_date,
    parse_share,
    parse_stars,
)
from ._certrows import build_certificate
from ._jsonrows import _json_rows
from ._registry_limits import DEFAULT_REGISTRY_LIMITS, RegistryLimits
from ._rows import (
    IGNORED,
    Source,
    _csv_rows,
    _decode,
    _format_of,
    _read_bytes,
)
from ._summary import ImportResult

__all__ = [
    "DEFAULT_COLUMNS",
    "IGNORED",
    "ImportResult",
    "InvalidCellError",
    "Source",
    "parse_authority",
    "parse_bool",
    "parse_date",
    "parse_share",
    "parse_stars",
    "read_certificates",
    "read_products",
    "read_subjects",
]

R = TypeVar("R")
Kind = Literal["products", "subjects", "certificates"]
Progress = Callable[[int], None]

# Defined with the header mapping in ocopkit.io; bound here to be documented here.
#: The default header mapping, per kind of file (folded comparison: case,
#: accents and spacing do not matter). Canonical English names map to themselves.
DEFAULT_COLUMNS: Mapping[str, Mapping[str, str | None]] = registryrows.DEFAULT_COLUMNS


# --------------------------------------------------------------------------- results


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
    communes: CommuneRegistry | None = None,
    derive: bool = True,
    limits: RegistryLimits | None = None,
    escaped: bool = False,
) -> ImportResult[Any]:
    problems: list[Problem] = []
    ctx = Context(on, policy, communes, derive)
    bounds = DEFAULT_REGISTRY_LIMITS if limits is None else limits
    data, label, too_large = _read_bytes(source, name, bounds)
    try:
        if data is None:
            raise ValidationError([too_large] if too_large else [])
        text = _decode(data, label)
    except ValidationError as exc:
        result: ImportResult[Any] = ImportResult(label, (), exc.problems, 0, ())
        if strict:
            result.raise_if_any()
        return result
    fmt = _format_of(text, label, format)
    reader = _json_rows if fmt == "json" else _csv_rows
    rows, count, usable = reader(text, kind, columns, label, problems, bounds, escaped)
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
        record, cert = _build(kind, cells, ctx)
        if cells.errors or record is None:
            if not cells.errors:  # pragma: no cover - defensive
                cells.errors.append(("", Problem("", "invalid-row", "dòng không hợp lệ",
                                                 "invalid row")))
            problems.extend(_at(label, row, field, p) for field, p in cells.sorted_errors())
            rejected.append(row.line)
            continue
        # the flags of a record that is kept
        problems.extend(_at(label, row, field, p) for field, p in cells.sorted_errors())
        records.append(record)
        lines.append(row.line)
        if cert is not None:
            certs.append(cert)
            cert_lines.append(row.line)
    if progress is not None:
        progress(len(rows))
    result = ImportResult(label, tuple(records), tuple(problems), count, tuple(rejected),
                          tuple(lines), tuple(certs), tuple(cert_lines), found_columns,
                          tuple(row.span for row in rows))
    if strict:
        result.raise_if_any()
    return result


def _at(label: str, row: Any, field: str, p: Problem) -> Problem:
    """A row's problem, located at ``file:line:column``."""
    head = row.headers.get(field, field)
    where = f"{label}:{row.line}:{head}" if head else f"{label}:{row.line}"
    return Problem(where, p.code, p.message_vi, p.message_en, p.suggestion, p.severity)


def _build(kind: Kind, cells: _Cells, ctx: Context) -> tuple[Any, Certificate | None]:
    """The record (and, for a combined products row, the certificate) of one row.

    A value that makes Python itself fail while the row is built — a date whose
    arithmetic leaves the calendar, a number too long to convert — refuses the row with a
    located problem; it never escapes as a raw ``ValueError`` or ``OverflowError``."""
    row = cells.row
    record: Any = None
    cert: Certificate | None = None
    try:
        if kind == "products":
            record = build_product(cells, ctx)
            if any(f in row.cells for f in ("stars", "decision_number", "issued_on",
                                            "certificate_number")):
                cert = build_certificate(
                    cells, ctx, record.id if record else "?",
                    row.cells.get("certificate_number"),
                    record.province_id if record else None)
                if cert is None:
                    record = None
        elif kind == "subjects":
            record = build_subject(cells, ctx)
        else:
            cells.need("product")
            record = build_certificate(cells, ctx, row.cells.get("product"),
                                       row.cells.get("number"))
    except OcopError as exc:  # pragma: no cover - builders catch domain errors
        cells.fail("", exc)
        record = None
    except (ValueError, OverflowError, ArithmeticError) as exc:
        cells.out_of_range(exc)
        record = None
    return record, cert


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
    limits: RegistryLimits | None = None,
    escaped_formulas: bool = False,
) -> ImportResult[Product]:
    """Read products from a CSV/JSON file path or bytes (see the module docstring).

    ``id`` defaults to the product code. ``subject`` (a subject's *name*, when
    the file has no subject id) is resolved by :func:`read_registry`; alone,
    the product's ``subject_id`` is then ``"name:<the name>"``. ``province``
    is an id, a code or a name; a name used in both periods (before and after
    2025-07-01) is resolved by ``on``, the row's issue date or the code's era.
    A *combined* registry — with ``Hạng sao``, ``Số quyết định``, ``Ngày cấp`` —
    also yields :attr:`ImportResult.certificates`.

    ``limits`` bounds the work (:class:`~ocopkit.io.RegistryLimits`: file size, rows,
    cell length, lines per row). ``escaped_formulas=True`` reads a CSV file written by
    :func:`~ocopkit.io.write_csv` with its formula escaping (a leading apostrophe before
    ``=``, ``+``, ``-``, ``@``…) removed; by default every cell is kept as written.
    """
    return _read("products", source, name=name, columns=columns, strict=strict,
                 format=format, on=on, policy=policy, progress=progress, limits=limits,
                 escaped=escaped_formulas)


def read_subjects(
    source: Source,
    *,
    name: str | None = None,
    columns: Mapping[str, str | None] | None = None,
    strict: bool = False,
    format: Literal["csv", "json"] | None = None,
    on: date | None = None,
    progress: Progress | None = None,
    limits: RegistryLimits | None = None,
    escaped_formulas: bool = False,
) -> ImportResult[Subject]:
    """Read subjects (chủ thể) from a CSV/JSON file path or bytes (``limits`` and
    ``escaped_formulas`` as for :func:`read_products`)."""
    return _read("subjects", source, name=name, columns=columns, strict=strict,
                 format=format, on=on, policy=DEFAULT_POLICY, progress=progress,
                 limits=limits, escaped=escaped_formulas)


def read_certificates(
    source: Source,
    *,
    name: str | None = None,
    columns: Mapping[str, str | None] | None = None,
    strict: bool = False,
    format: Literal["csv", "json"] | None = None,
    policy: CertificatePolicy = DEFAULT_POLICY,
    progress: Progress | None = None,
    limits: RegistryLimits | None = None,
    escaped_formulas: bool = False,
) -> ImportResult[Certificate]:
    """Read certificates from a CSV/JSON file path or bytes.

    Missing values are derived: ``number`` from the decision number and the
    product (``"123/QĐ-UBND/P-1"``), ``issued_on`` and ``decision_date`` from
    each other, ``ruleset_id`` from the issue date, ``authority`` from the
    rule set and the stars, ``valid_until`` from ``policy`` (36 months). A certificate
    whose periods would end after 31/12/9999 is refused (``date-out-of-range``).
    ``limits`` and ``escaped_formulas`` as for :func:`read_products`.
    """
    return _read("certificates", source, name=name, columns=columns, strict=strict,
                 format=format, on=None, policy=policy, progress=progress, limits=limits,
                 escaped=escaped_formulas)
