"""Generate ``src/ocopkit/data/communes-vn.json.gz``: the national commune registry.

The data comes from the PyPI package ``vietnamadminunits`` (MIT licence, © 2025 Tran Ngoc
Minh Hieu, https://github.com/tranngocminhhieu/vietnamadminunits), which ships the 10,035
commune-level units (and 696 districts) in force until 2025-06-30, the 3,321 units in force
from 2025-07-01 with their official codes, and the 2025 conversion between them, including
the old communes that were split between several new ones. Only the package's data files
are read (its SQLite table ``admin_units_legacy``/``admin_units`` and
``converter_2025.json``); the package itself is not imported, so its run-time dependencies
(shapely, geopy…) are not needed:

    pip install --no-deps vietnamadminunits==1.0.4
    python tools/make_communes.py            # write the data file
    python tools/make_communes.py --check    # fail if the committed file differs

What the tool changes, and nothing else:

* capitalised administrative prefixes are written as in the official lists
  ("Thành Phố Bắc Kạn" → "Thành phố Bắc Kạn", "Thị Trấn Prao" → "Thị trấn Prao");
* the kind of a unit (xã, phường, thị trấn, đặc khu) is the one its *name* states: in a
  dozen rows the package's type column disagrees with the name, and registries quote names;
* province codes become ocopkit's period-aware ids (``"06@63"``, ``"19@34"``).

The five island districts without communes before 2025 (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa,
Lý Sơn, Côn Đảo) became special zones; their lineage is recorded at district level.

The output is compact, columnar JSON compressed with gzip (deterministic: no timestamp),
read lazily by :func:`ocopkit.places.national_communes`.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import json
import re
import sqlite3
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "ocopkit" / "data" / "communes-vn.json.gz"
PACKAGE = "vietnamadminunits"
VERSION = "1.0.4"

_PREFIXES = {
    "thanh pho": "Thành phố", "thi xa": "Thị xã", "thi tran": "Thị trấn", "quan": "Quận",
    "huyen": "Huyện", "xa": "Xã", "phuong": "Phường", "dac khu": "Đặc khu",
}
_KINDS = {"Xã": "x", "Phường": "p", "Thị trấn": "t", "Đặc khu": "d"}


def _fold(text: str) -> str:
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in bare if not unicodedata.combining(ch)).lower()


def _proper(name: str) -> tuple[str, str]:
    """``(name with its prefix spelled officially, prefix)``."""
    text = unicodedata.normalize("NFC", re.sub(r"\s+", " ", name).strip())
    words = text.split(" ")
    for n in (2, 1):
        head = _fold(" ".join(words[:n]))
        if head in _PREFIXES and len(words) > n:
            prefix = _PREFIXES[head]
            return " ".join([prefix, *words[n:]]), prefix
    raise SystemExit(f"no administrative prefix in {name!r}")


def _locate(source: str | None) -> Path:
    if source is not None:
        return Path(source)
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{PACKAGE} is not installed: pip install --no-deps "
                         f"{PACKAGE}=={VERSION}")
    return Path(next(iter(spec.submodule_search_locations)))


def _version(package_dir: Path) -> str:
    for meta in package_dir.parent.glob(f"{PACKAGE}-*.dist-info/METADATA"):
        for line in meta.read_text(encoding="utf-8").splitlines():
            if line.startswith("Version:"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def build(package_dir: Path) -> dict[str, Any]:
    db = sqlite3.connect(package_dir / "data" / "dataset.db")
    conversion = json.loads((package_dir / "data" / "converter_2025.json")
                            .read_text(encoding="utf-8"))
    districts: dict[str, tuple[str, str]] = {}
    old: dict[str, tuple[str, str]] = {}          # code -> (name, district code)
    old_key: dict[str, str] = {}                  # "province_district_ward" -> code
    district_key: dict[str, str] = {}             # "province_district_" -> district code
    rows = db.execute(
        "select provinceKey, districtKey, wardKey, provinceCode, districtCode, district, "
        "wardCode, ward from admin_units_legacy order by provinceCode, districtCode, wardCode")
    for pkey, dkey, wkey, pcode, dcode, dname, wcode, wname in rows:
        districts.setdefault(dcode, (_proper(dname)[0], pcode))
        if wcode is None:  # an island district without communes
            district_key[f"{pkey}_{dkey}_"] = dcode
            continue
        old[wcode] = (_proper(wname)[0], dcode)
        old_key[f"{pkey}_{dkey}_{wkey}"] = wcode
    new: dict[str, tuple[str, str]] = {}
    new_key: dict[tuple[str, str], str] = {}
    for pkey, wkey, pcode, wcode, wname in db.execute(
            "select provinceKey, wardKey, provinceCode, wardCode, ward from admin_units "
            "order by provinceCode, wardCode"):
        new[wcode] = (_proper(wname)[0], pcode)
        new_key[(pkey, wkey)] = wcode
    whole: dict[str, set[str]] = defaultdict(set)
    partial: dict[str, set[str]] = defaultdict(set)
    from_districts: dict[str, set[str]] = defaultdict(set)
    for pkey, wards in conversion["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, olds in wards.items():
            target = new_key[(pkey, wkey)]
            for o in olds:
                if o in old_key:
                    whole[target].add(old_key[o])
                else:
                    from_districts[target].add(district_key[o])
    for pkey, splits in conversion["DICT_PROVINCE_WARD_DIVIDED"].items():
        for o, options in splits.items():
            for option in options:
                partial[new_key[(pkey, option["newWardKey"])]].add(old_key[o])
    for code in new:
        whole[code] -= partial[code]
    absorbed = set().union(*whole.values(), *partial.values())
    missing = sorted(set(old) - absorbed)
    if missing:
        raise SystemExit(f"old communes without a successor: {missing[:10]}")
    old_codes = sorted(old)
    new_codes = sorted(new)
    district_codes = sorted(districts)
    kinds = {"old": [], "new": []}  # type: dict[str, list[str]]
    for period, table, codes in (("old", old, old_codes), ("new", new, new_codes)):
        for c in codes:
            kinds[period].append(_KINDS[_proper(table[c][0])[1]])
    return {
        "title": "Commune-level units of Vietnam before and after 2025-07-01, with the 2025 "
                 "conversion (national commune registry)",
        "source": {
            "package": PACKAGE, "version": _version(package_dir), "license": "MIT",
            "copyright": "Copyright (c) 2025 Tran Ngoc Minh Hieu",
            "url": "https://github.com/tranngocminhhieu/vietnamadminunits",
            "upstream": "danhmuchanhchinh.gso.gov.vn, sapnhap.bando.com.vn (as stated by the "
                        "package)",
        },
        "generated_by": "tools/make_communes.py",
        "note": "Old units: in force until 2025-06-30 (the list as of that day; earlier "
                "commune mergers are not included, so their valid_from is unknown). New "
                "units: in force from 2025-07-01. Kinds: x = xã, p = phường, t = thị trấn, "
                "d = đặc khu.",
        "districts": {
            "code": district_codes,
            "name": [districts[c][0] for c in district_codes],
            "province": [districts[c][1] for c in district_codes],
        },
        "old": {
            "code": old_codes,
            "name": [old[c][0] for c in old_codes],
            "district": [old[c][1] for c in old_codes],
            "kind": "".join(kinds["old"]),
        },
        "new": {
            "code": new_codes,
            "name": [new[c][0] for c in new_codes],
            "province": [new[c][1] for c in new_codes],
            "kind": "".join(kinds["new"]),
            "whole": [sorted(whole[c]) for c in new_codes],
            "partial": [sorted(partial[c]) for c in new_codes],
            "districts": {c: sorted(from_districts[c]) for c in new_codes if from_districts[c]},
        },
    }


def render(data: dict[str, Any]) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as fh:
        fh.write(text.encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="regenerate in memory and fail if the committed file differs")
    parser.add_argument("--source", help=f"the {PACKAGE} package folder (default: installed)")
    args = parser.parse_args(argv)
    data = render(build(_locate(args.source)))
    if args.check:
        current = OUT.read_bytes() if OUT.exists() else b""
        if gzip.decompress(current) != gzip.decompress(data):
            print(f"{OUT.relative_to(ROOT)} is out of date: run tools/make_communes.py",
                  file=sys.stderr)
            return 1
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return 0
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
