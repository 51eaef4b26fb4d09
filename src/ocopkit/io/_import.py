"""A registry as a whole: its files read together into one
:class:`~ocopkit.certification.Portfolio`, every problem located at its file and line."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

import attrs

from ocopkit.certification import DEFAULT_POLICY, Certificate, CertificatePolicy, Coverage
from ocopkit.errors import Problem, ValidationError
from ocopkit.places import CommuneRegistry, national_communes
from ocopkit.products import Product, ProductCode, Subject
from ocopkit.text import fold, suggest

from ._manifest import read_manifest
from ._registry import Progress, _read
from ._registry_limits import RegistryLimits
from ._rows import Source
from ._summary import FileSummary, ImportResult, RegistryImport

__all__ = ["import_registry", "read_registry"]


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
    limits: RegistryLimits | None = None,
    escaped_formulas: bool | None = None,
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

    ``limits`` bounds the work on each file (:class:`~ocopkit.io.RegistryLimits`).
    ``escaped_formulas`` says whether the CSV cells carry :func:`write_csv`'s formula
    escaping (removed on reading); by default the folder's ``registry.json`` says so,
    and files without one are read as written.
    """
    from ocopkit.certification import Portfolio

    manifest = None if directory is None else read_manifest(Path(directory))
    derive = manifest is None or not manifest.as_recorded
    escaped = (manifest is not None and manifest.escaped) if escaped_formulas is None \
        else escaped_formulas
    registry: CommuneRegistry | None
    if isinstance(communes, CommuneRegistry):
        registry = communes
    elif communes == "none":
        registry = None
    elif communes == "national" or manifest is None:
        registry = national_communes()
    else:
        registry = manifest.communes

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

    def read(kind: Literal["subjects", "products", "certificates"], source: Source,
             day: date | None) -> ImportResult[Any]:
        nonlocal done
        result = _read(kind, source, name=None, columns=columns, strict=False, format=None,
                       on=day, policy=policy, progress=tick, communes=registry,
                       derive=derive, limits=limits, escaped=escaped)
        problems.extend(result.problems)
        done += result.rows
        return result

    subj: ImportResult[Subject] | None = None
    prod: ImportResult[Product] | None = None
    cert: ImportResult[Certificate] | None = None
    if subjects is not None:
        subj = read("subjects", subjects, on)
    if products is not None:
        prod = read("products", products, on)
    if certificates is not None:
        cert = read("certificates", certificates, None)
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
        period = manifest.coverage
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
