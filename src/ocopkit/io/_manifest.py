"""What a registry folder says besides its records: ``registry.json`` (the commune registry
it uses and the period it covers) and, for a commune registry of the caller's,
``communes.csv`` and ``districts.csv``.

:func:`~ocopkit.io.write_csv` writes them so that :func:`~ocopkit.io.read_registry` reads
back the very portfolio: the national registry is named (``"communes": "national"``, with
its source) rather than copied; any other registry is written out in full.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Final

import attrs

from ocopkit.certification import Coverage
from ocopkit.errors import Problem, ValidationError
from ocopkit.places import CommuneRegistry, national_communes, national_source

from ._communes import read_communes, write_communes

__all__ = ["MANIFEST", "Manifest", "read_manifest", "write_manifest"]

#: The name of the manifest file in a registry folder.
MANIFEST: Final = "registry.json"
FORMAT: Final = "ocopkit-registry"


def _iso(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def is_national(registry: CommuneRegistry) -> bool:
    """Whether ``registry`` is the shipped national registry."""
    return registry.source == national_source() and (
        registry is national_communes() or registry == national_communes())


def write_manifest(portfolio: Any, folder: Path, *, bom: bool = False,
                   escaped: bool = True) -> list[Path]:
    """Write ``registry.json`` (and the communes of a caller's registry); ``escaped``:
    the CSV files carry :func:`~ocopkit.io._csv.escape_formula`'s escaping."""
    written: list[Path] = []
    reg: CommuneRegistry | None = portfolio.communes
    communes: str | None = None
    if reg is not None and is_national(reg):
        communes = "national"
    elif reg is not None:
        communes = "communes.csv"
        written.extend(write_communes(reg, folder, bom=bom))
    cov: Coverage | None = portfolio.coverage
    manifest = {
        "format": FORMAT, "version": 1, "as_recorded": True, "escaped_formulas": escaped,
        "communes": communes,
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


@attrs.frozen
class Manifest:
    """What ``registry.json`` says about the files of its folder."""

    communes: CommuneRegistry | None
    coverage: Coverage | None
    as_recorded: bool
    """The files hold every field as recorded (ocopkit's export: nothing is derived)."""
    escaped: bool
    """The CSV cells carry the formula escaping of :func:`~ocopkit.io.write_csv`."""


def read_manifest(folder: Path) -> Manifest | None:
    """What ``registry.json`` in ``folder`` says (``None``: there is none)."""
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
        source = raw.get("communes_source")
        communes = read_communes(folder / str(raw["communes"]), folder / "districts.csv",
                                 source=None if source is None else str(source))
    cov = raw.get("coverage")
    coverage = None
    if isinstance(cov, dict):
        try:
            coverage = Coverage(
                None if not cov.get("start") else date.fromisoformat(str(cov["start"])),
                None if not cov.get("end") else date.fromisoformat(str(cov["end"])),
                inferred=bool(cov.get("inferred")))
        except ValueError as exc:
            raise _bad(f"{MANIFEST}:coverage", f"invalid coverage: {exc}",
                       f"phạm vi thời gian không hợp lệ: {exc}") from None
    # a manifest written before the escaping existed (no key) holds cells as written
    return Manifest(communes, coverage, bool(raw.get("as_recorded")),
                    raw.get("escaped_formulas") is True)
