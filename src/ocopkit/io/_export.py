"""Registry export: a portfolio as CSV files that :func:`ocopkit.io.read_registry` reads
back (English or Vietnamese headers)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ocopkit.certification import PartialDate
from ocopkit.products import classification_ref

from ._csv import format_row
from ._manifest import write_manifest
from ._rows import _FIELDS, DEFAULT_COLUMNS

__all__ = ["write_csv"]


def _fmt_date(value: date | PartialDate | None, vi: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.format_vi() if vi else str(value)
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
                   "name_en": p.name_en or "",
                   "product_set": "" if p.product_set is None else str(p.product_set),
                   "classification": "" if p.classification is None
                   else classification_ref(p.classification),
                   "subject_id": p.subject_id, "province": p.province_id,
                   "commune_code": p.commune_code or ""}
    elif kind == "subjects":
        for s in portfolio.subjects:
            rep = s.legal_representative
            yield {"id": s.id, "name": s.name, "kind": "" if s.kind is None else s.kind.value,
                   "legal_form": s.legal_form or "", "province": s.province_id,
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
                   "decision_number": c.decision_number or "",
                   "decision_date": _fmt_date(c.decision_date, vi),
                   "issued_on": _fmt_date(c.issued_on or c.issued, vi),
                   "valid_until": _fmt_date(c.valid_until, vi),
                   "expires": _fmt_date(c.expires, vi),
                   "authority": "" if c.authority is None else c.authority.id,
                   "issuer": "" if c.issuer is None else c.issuer.text,
                   "issuer_level": "" if c.issuer is None or c.issuer.level is None
                   else c.issuer.level.value,
                   "issuer_unit": "" if c.issuer is None else c.issuer.unit_id or "",
                   "issuer_unit_name": "" if c.issuer is None else c.issuer.unit_name or "",
                   "ruleset_id": c.ruleset_id or "", "evaluation_ref": c.evaluation_ref or "",
                   "evaluated_on": _fmt_date(c.evaluated_on, vi),
                   "revoked_on": _fmt_date(c.revoked_on, vi),
                   "revocation_ground": c.revocation_ground.value if c.revocation_ground else "",
                   "revocation_note": c.revocation_note or "",
                   "superseded_by": c.superseded_by or "",
                   "superseded_on": _fmt_date(c.superseded_on, vi),
                   "extended_until": _fmt_date(c.extended_until, vi)}


_EXPORT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "products": ("id", "code", "name", "name_en", "product_set", "classification",
                 "subject_id", "province", "commune_code"),
    "subjects": _FIELDS["subjects"],
    "certificates": _FIELDS["certificates"],
}


def write_csv(
    portfolio: Any,
    directory: str | os.PathLike[str],
    *,
    headers: Literal["en", "vi"] = "en",
    bom: bool = False,
    escape_formulas: bool = True,
) -> list[Path]:
    """Write ``products.csv``, ``subjects.csv`` and ``certificates.csv`` into ``directory``.

    ``headers="vi"`` writes the Vietnamese headers and ``dd/mm/yyyy`` dates
    (what provincial staff expect); ``bom=True`` adds a UTF-8 BOM so that
    Excel opens the files as UTF-8. Columns that are empty for every record
    are still written. ``registry.json`` records the commune registry (the national
    one by name; any other as ``communes.csv`` and ``districts.csv``) and the period
    the records cover. The files read back with :func:`read_registry` into an equal
    portfolio.

    A cell a spreadsheet program would run as a formula — one that begins with ``=``,
    ``+``, ``-``, ``@``, a tab, a carriage return or a NUL (OWASP, "CSV Injection") — is
    written after an apostrophe (``'=HYPERLINK(…)``), and so is a cell that already
    begins with one; ``registry.json`` says so (``"escaped_formulas": true``) and
    :func:`read_registry` removes the apostrophe again, so the round trip stays exact.
    ``escape_formulas=False`` writes every cell as it is (for a program that is no
    spreadsheet and would keep the apostrophe).
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    vi = headers == "vi"
    written = []
    for kind in ("products", "subjects", "certificates"):
        fields = _EXPORT_FIELDS[kind]
        path = folder / f"{kind}.csv"
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
            fh.write(format_row([_vi_header(kind, f) if vi else f for f in fields],
                                escape=escape_formulas))
            for row in _rows_of(portfolio, kind, vi):
                fh.write(format_row([row[f] for f in fields], escape=escape_formulas))
        written.append(path)
    written.extend(write_manifest(portfolio, folder, bom=bom, escaped=escape_formulas))
    return written
