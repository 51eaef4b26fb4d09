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

import os
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs

from ocopkit.certification import DEFAULT_POLICY, Certificate, CertificatePolicy, Coverage
from ocopkit.errors import OcopError, Problem, ValidationError
from ocopkit.places import CommuneRegistry, national_communes
from ocopkit.products import Product, ProductCode, Subject
from ocopkit.text import fold, suggest

from . import _rows as registryrows
from ._builders import Context, build_certificate, build_product, build_subject
from ._cells import (
    InvalidCellError,
    _Cells,
    parse_authority,
    parse_bool,
    parse_date,
    parse_share,
    parse_stars,
)
from ._manifest import read_manifest
from ._rows import (
    IGNORED,
    Source,
    _csv_rows,
    _decode,
    _format_of,
    _json_rows,
    _read_bytes,
)
from ._summary import FileSummary, ImportResult, RegistryImport

__all__ = [
    "DEFAULT_COLUMNS",
    "IGNORED",
    "ImportResult",
    "InvalidCellError",
    "Source",
    "import_registry",
    "parse_authority",
    "parse_bool",
    "parse_date",
    "parse_share",
    "parse_stars",
    "read_certificates",
    "read_products",
    "read_registry",
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
) -> ImportResult[Any]:
    problems: list[Problem] = []
    ctx = Context(on, policy, communes, derive)
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
        for field, p in cells.sorted_errors():  # the flags of a record that is kept
            head = row.headers.get(field, field)
            where = f"{label}:{row.line}:{head}" if head else f"{label}:{row.line}"
            problems.append(Problem(where, p.code, p.message_vi, p.message_en, p.suggestion,
                                    p.severity))
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
                   problem.suggestion, problem.severity)


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
    **options: Any,
) -> tuple[Any, tuple[Problem, ...]]:
    """Read a registry into a :class:`~ocopkit.certification.Portfolio` and its problems.

    The same as :func:`import_registry` (which also summarises each file), returning
    ``(portfolio, problems)``.
    """
    found = import_registry(products, subjects, certificates, **options)
    return found.portfolio, found.problems


def import_registry(
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
    communes: CommuneRegistry | Literal["national", "none"] | None = None,
    coverage: Coverage | Literal["infer", "none"] | None = None,
) -> RegistryImport:
    """Read a registry into a :class:`~ocopkit.certification.Portfolio`, its problems and
    a summary of each file (:class:`RegistryImport`).

    ``directory`` finds ``products``, ``subjects`` and ``certificates``
    (``.csv`` or ``.json``) in one folder. Certificates may name their product
    by id or by product code; products may name their subject by id or by
    name. The records are then checked together
    (:meth:`Portfolio.check <ocopkit.certification.Portfolio.check>`: duplicate
    ids, unknown references, overlapping certificates), each problem located
    at its file and line. ``strict=True`` raises one
    :class:`~ocopkit.errors.ValidationError` if there is any error or warning (notes —
    how a value was read — never refuse).

    ``communes`` is the commune registry names are resolved against and the portfolio
    keeps (``"national"``: :func:`~ocopkit.places.national_communes`; ``"none"``: no
    registry); ``coverage`` the period the records cover (``"infer"``: from the first
    to the last event recorded, reported as a ``"coverage-inferred"`` note; ``"none"``:
    unknown). By default both come from the folder's ``registry.json`` when there is
    one (:func:`write_csv` writes it), else the national registry and an inferred
    coverage.
    """
    from ocopkit.certification import Portfolio

    manifest = None if directory is None else read_manifest(Path(directory))
    derive = manifest is None or not manifest[2]
    registry: CommuneRegistry | None
    if isinstance(communes, CommuneRegistry):
        registry = communes
    elif communes == "none":
        registry = None
    elif communes == "national" or manifest is None:
        registry = national_communes()
    else:
        registry = manifest[0]

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
        subj = _read("subjects", subjects, name=None, columns=columns, strict=False,
                     format=None, on=on, policy=policy, progress=tick, communes=registry,
                     derive=derive)
        problems.extend(subj.problems)
        done += subj.rows
    if products is not None:
        prod = _read("products", products, name=None, columns=columns, strict=False,
                     format=None, on=on, policy=policy, progress=tick, communes=registry,
                     derive=derive)
        problems.extend(prod.problems)
        done += prod.rows
    if certificates is not None:
        cert = _read("certificates", certificates, name=None, columns=columns, strict=False,
                     format=None, on=None, policy=policy, progress=tick, communes=registry,
                     derive=derive)
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
    period: Coverage | None
    if isinstance(coverage, Coverage):
        period = coverage
    elif coverage == "none":
        period = None
    elif coverage == "infer" or manifest is None:
        period = Coverage.infer(cert_list)
        if period is not None:
            problems.append(Problem(
                "coverage", "coverage-inferred",
                f"danh mục được coi là đầy đủ từ {period.start:%d/%m/%Y} đến "
                f"{period.end:%d/%m/%Y} (sự kiện đầu và cuối); truyền coverage= nếu khác",
                f"the records are taken to cover {period.describe()} (their first and last "
                "event); pass coverage= if they cover another period", severity="note"))
    else:
        period = manifest[1]
    portfolio, found = Portfolio.check(product_list, subject_list, cert_list,
                                       communes=registry, coverage=period, policy=policy)
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
    if strict and any(p.blocking for p in problems):
        raise ValidationError(problems, "registry refused / không nhập được danh mục")
    files = tuple(FileSummary(r.source, kind, r.rows, r.kept, len(r.rejected))
                  for kind, r in (("subjects", subj), ("products", prod), ("certificates", cert))
                  if r is not None)
    return RegistryImport(portfolio, tuple(problems), files)
