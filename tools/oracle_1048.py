#!/usr/bin/env python3
"""Independent oracle for the 1048 extraction: compare ``src/ocopkit/data/qd-1048-2019.json``
option by option with two unofficial transcriptions of the 1048 scorecards, and write
``docs/reference-1048-oracle.md``, which lists every disagreement and its resolution.

The transcriptions are student projects' SQL dumps (see their ``PROVENANCE.md``):

* ``congnn``: ``transcriptions-1048/congnn-ocop/OCOP_DB.sql.scorecard-tables.sql``, one flat
  table ``tb_bo_tieu_chi`` (set, part, group, criterion, option, points);
* ``ommani``: ``transcriptions-1048/ommani-ocop/init.sql.scorecard-tables.sql``, tables
  ``product_types`` → ``sections`` (criterion groups) → ``questions`` (criteria, with
  ``parent_id`` for sub-criteria) → ``answers`` (options, points).

They are never a source of data: the Word file decides (the extractor reads only it);
this tool only *explains* where the three differ. Each disagreement is resolved by
``RESOLUTIONS`` below (hand-written, one entry per kind of difference, each saying which
of the three is right and why, from the Word file) or, for a point that the extractor
corrected, by the erratum of ``tools/errata-1048.json``. An unexplained disagreement
fails the run (exit 2), so a change of the extraction cannot go unexplained.

Usage::

    python tools/oracle_1048.py [--reference DIR]          # rewrite the report
    python tools/oracle_1048.py [--reference DIR] --check  # exit 1 if it is stale

The report cites criterion ids and points only (never the transcriptions' or the
decision's text). Stdlib only.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JSON_PATH = ROOT / "src" / "ocopkit" / "data" / "qd-1048-2019.json"
ERRATA_PATH = ROOT / "tools" / "errata-1048.json"
REPORT_PATH = ROOT / "docs" / "reference-1048-oracle.md"
CONGNN = "transcriptions-1048/congnn-ocop/OCOP_DB.sql.scorecard-tables.sql"
OMMANI = "transcriptions-1048/ommani-ocop/init.sql.scorecard-tables.sql"


def reference_dir() -> Path:
    env = os.environ.get("OCOPKIT_REFERENCE")
    return Path(env) if env else ROOT.parent / "shared" / "reference"


# --------------------------------------------------------------------------
# a minimal reader of MySQL dumps: INSERT INTO `t` (cols) VALUES (...), (...);
# --------------------------------------------------------------------------

_INSERT = re.compile(r"INSERT INTO `(\w+)` \(([^)]*)\) VALUES\s*", re.S)


def _values(text: str, pos: int) -> tuple[list[list[object]], int]:
    rows: list[list[object]] = []
    n = len(text)
    while pos < n:
        while text[pos] in " \n\r\t,":
            pos += 1
        if text[pos] == ";":
            return rows, pos + 1
        assert text[pos] == "(", text[pos:pos + 40]
        pos += 1
        row: list[object] = []
        while True:
            while text[pos] in " \n\r\t":
                pos += 1
            if text[pos] == "'":
                pos += 1
                buf = []
                while True:
                    ch = text[pos]
                    if ch == "\\":
                        nxt = text[pos + 1]
                        buf.append({"n": "\n", "r": "\r", "t": "\t", "0": "\0"}.get(nxt, nxt))
                        pos += 2
                    elif ch == "'" and text[pos + 1] == "'":
                        buf.append("'")
                        pos += 2
                    elif ch == "'":
                        pos += 1
                        break
                    else:
                        buf.append(ch)
                        pos += 1
                row.append("".join(buf))
            else:
                m = re.compile(r"[^,)]*").match(text, pos)
                tok = m.group(0).strip()
                pos = m.end()
                row.append(None if tok == "NULL" else int(tok) if re.fullmatch(r"-?\d+", tok)
                           else tok)
            while text[pos] in " \n\r\t":
                pos += 1
            if text[pos] == ",":
                pos += 1
                continue
            assert text[pos] == ")"
            pos += 1
            break
        rows.append(row)
    return rows, pos


def read_dump(path: Path) -> dict[str, list[dict[str, object]]]:
    """Every INSERTed row of the dump, by table, as dicts."""
    text = path.read_text(encoding="utf-8")
    tables: dict[str, list[dict[str, object]]] = defaultdict(list)
    pos = 0
    while (m := _INSERT.search(text, pos)) is not None:
        cols = [c.strip(" `") for c in m.group(2).split(",")]
        rows, pos = _values(text, m.end())
        tables[m.group(1)].extend(dict(zip(cols, r, strict=True)) for r in rows)
    return tables


# --------------------------------------------------------------------------
# the transcriptions as {set: {criterion id: [(option text, points), ...]}}
# --------------------------------------------------------------------------


def fold(text: object) -> str:
    t = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", t).strip()


_NUM = re.compile(r"^\s*(\d+(?:\s*\.\s*\d+)*)")


def label_id(label: object) -> str | None:
    """'6.1.2. Hình dạng' → '6.1.2'; '10. KIỂM TRA' → '10'; no number → None."""
    m = _NUM.match(str(label or ""))
    return re.sub(r"\s+", "", m.group(1)).strip(".") if m else None


Transcription = dict[int, dict[str, list[tuple[str, int]]]]


def set_numbers(data: dict) -> dict[str, int]:
    """Folded names of each 1048 set (heading, index list, Phụ lục I) → set number."""
    names: dict[str, int] = {}
    by_code = {n["code"]: n for n in data["classification"]}
    for s in data["product_sets"]:
        for name in (s["name_vi"], s.get("index_name_vi"),
                     by_code.get(s["classification_code"], {}).get("name_vi")):
            if name:
                names[fold(name)] = s["number"]
    return names


#: Names under which a transcription lists a set when they match none of the Word file's
#: own names for it (folded; checked: every other name matches exactly).
NAME_ALIASES = {
    "nganh vai may mac": 25,
    "do uong khong con": 18,
    "gia vi khac": 11,
    "nuoc khoang thien nhien nuoc uong tinh khiet": 17,
}


def _number(name: object, names: dict[str, int]) -> int | None:
    key = fold(name)
    return names.get(key) or NAME_ALIASES.get(key)


def read_congnn(path: Path, names: dict[str, int]) -> tuple[Transcription, dict[int, str]]:
    tables = read_dump(path)
    set_names = {int(r["id_phan_nhom"]): str(r["ten_phan_nhom"])
                 for r in tables["tb_phan_nhom_sp"]}
    out: Transcription = defaultdict(lambda: defaultdict(list))
    for r in tables["tb_bo_tieu_chi"]:
        crit = label_id(r["tieu_chi"]) or label_id(r["nhom_tc"]) or "?"
        out[int(r["id"])][crit].append((str(r["lua_chon"]), int(r["diem"])))
    titles = {n: set_names.get(n, "") for n in out}
    return out, titles


def read_ommani(path: Path, names: dict[str, int]) -> tuple[Transcription, dict[int, str]]:
    tables = read_dump(path)
    types = {int(r["id"]): str(r["name"]) for r in tables["product_types"]}
    sections = {int(r["id"]): r for r in tables["sections"]}
    questions = {int(r["id"]): r for r in tables["questions"]}
    out: Transcription = defaultdict(lambda: defaultdict(list))
    titles: dict[int, str] = {}
    for a in tables["answers"]:
        q = questions[int(a["question_id"])]
        sec = sections[int(q["section_id"])]
        number = _number(types[int(sec["product_type"])], names)
        if number is None:
            continue
        titles[number] = types[int(sec["product_type"])]
        crit = label_id(q["question"]) or label_id(sec["name"]) or "?"
        out[number][crit].append((str(a["content"]), int(a["point"])))
    return out, titles
