"""What a registry folder says besides its records: ``registry.json`` (the commune registry
it uses and the period it covers) and, for a commune registry of the caller's,
``communes.csv`` and ``districts.csv``.

:func:`~ocopkit.io.write_csv` writes them so that :func:`~ocopkit.io.read_registry` reads
back the very portfolio: the national registry is named (``"communes": "national"``, with
its source) rather than copied; any other registry is written out in full.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Final

from ocopkit.certification import Coverage
from ocopkit.errors import Problem, ValidationError
from ocopkit.places import (
    Commune,
    CommuneRegistry,
    District,
    national_communes,
    national_source,
)

__all__ = ["MANIFEST", "read_communes", "read_manifest", "write_manifest"]

#: The name of the manifest file in a registry folder.
MANIFEST: Final = "registry.json"
FORMAT: Final = "ocopkit-registry"

_COMMUNE_FIELDS: Final = ("code", "name", "province_id", "kind", "valid_from", "valid_until",
                          "district_code", "predecessor_codes", "partial_codes",
                          "absorbed_districts")
_DISTRICT_FIELDS: Final = ("code", "name", "province_id", "valid_from", "valid_until")


def _iso(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _write(path: Path, fields: tuple[str, ...], rows: Iterator[Mapping[str, str]],
           bom: bool) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(fields)
        for row in rows:
            writer.writerow([row[f] for f in fields])
    return path


def is_national(registry: CommuneRegistry) -> bool:
    """Whether ``registry`` is the shipped national registry."""
    return registry.source == national_source() and (
        registry is national_communes() or registry == national_communes())


def write_manifest(portfolio: Any, folder: Path, *, bom: bool = False) -> list[Path]:
    """Write ``registry.json`` (and the communes of a caller's registry)."""
    written: list[Path] = []
    reg: CommuneRegistry | None = portfolio.communes
    communes: str | None = None
    if reg is not None and is_national(reg):
        communes = "national"
    elif reg is not None:
        communes = "communes.csv"
        written.append(_write(folder / "communes.csv", _COMMUNE_FIELDS, (
            {"code": c.code, "name": c.name, "province_id": c.province_id,
             "kind": c.kind.value, "valid_from": _iso(c.valid_from),
             "valid_until": _iso(c.valid_until), "district_code": c.district_code or "",
             "predecessor_codes": " ".join(c.predecessor_codes),
             "partial_codes": " ".join(c.partial_codes),
             "absorbed_districts": " ".join(c.absorbed_districts)} for c in reg), bom))
        if reg.districts:
            written.append(_write(folder / "districts.csv", _DISTRICT_FIELDS, (
                {"code": d.code, "name": d.name, "province_id": d.province_id,
                 "valid_from": _iso(d.valid_from), "valid_until": _iso(d.valid_until)}
                for d in reg.districts), bom))
    cov: Coverage | None = portfolio.coverage
    manifest = {
        "format": FORMAT, "version": 1, "as_recorded": True, "communes": communes,
        "communes_source": None if reg is None else reg.source,
        "coverage": None if cov is None else {
            "start": _iso(cov.start) or None, "end": _iso(cov.end) or None,
            "inferred": cov.inferred},
    }
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8")
    written.append(path)
    return written


def _bad(where: str, en: str, vi: str) -> ValidationError:
    return ValidationError([Problem(where, "invalid-manifest", vi, en)])


def read_manifest(folder: Path) -> tuple[CommuneRegistry | None, Coverage | None, bool] | None:
    """The communes and coverage ``registry.json`` names, and whether the files hold every
    field as recorded (ocopkit's export: nothing is to be derived); ``None``: no
    manifest."""
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise _bad(MANIFEST, f"unreadable manifest: {exc}", f"không đọc được: {exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _bad(MANIFEST, f"not an {FORMAT} manifest", f"không phải tệp {FORMAT}")
    communes: CommuneRegistry | None = None
    if raw.get("communes") == "national":
        wanted = raw.get("communes_source")
        if wanted not in (None, national_source()):
            raise ValidationError([Problem(
                f"{MANIFEST}:communes_source", "communes-source-changed",
                f"danh mục xã {wanted!r} khác danh mục kèm theo ({national_source()})",
                f"the registry was written with communes {wanted!r}, this ocopkit ships "
                f"{national_source()}")])
        communes = national_communes()
    elif raw.get("communes") is not None:
        communes = read_communes(folder / str(raw["communes"]), folder / "districts.csv",
                                 source=raw.get("communes_source"))
    cov = raw.get("coverage")
    coverage = None
    if isinstance(cov, dict):
        coverage = Coverage(None if not cov.get("start") else date.fromisoformat(cov["start"]),
                            None if not cov.get("end") else date.fromisoformat(cov["end"]),
                            inferred=bool(cov.get("inferred")))
    return communes, coverage, bool(raw.get("as_recorded"))


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_communes(path: Path, districts: Path | None = None, *,
                  source: str | None = None) -> CommuneRegistry:
    """A commune registry from ``communes.csv`` (and ``districts.csv``) as written above."""
    def opt(value: str) -> date | None:
        return date.fromisoformat(value) if value else None

    def codes(value: str) -> tuple[str, ...]:
        return tuple(value.split())

    found_districts: list[District] = []
    if districts is not None and districts.exists():
        found_districts = [District(r["code"], r["name"], r["province_id"],
                                    valid_from=opt(r["valid_from"]),
                                    valid_until=opt(r["valid_until"]))
                           for r in _rows(districts)]
    return CommuneRegistry(
        (Commune(r["code"], r["name"], r["province_id"], r["kind"],
                 valid_from=opt(r["valid_from"]), valid_until=opt(r["valid_until"]),
                 predecessor_codes=codes(r["predecessor_codes"]),
                 district_code=r["district_code"] or None,
                 partial_codes=codes(r["partial_codes"]),
                 absorbed_districts=codes(r["absorbed_districts"]))
         for r in _rows(path)),
        found_districts, source=source)
