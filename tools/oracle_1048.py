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

import argparse
import difflib
import json
import os
import re
import sys
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


# --------------------------------------------------------------------------
# comparison
# --------------------------------------------------------------------------



def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, fold(a), fold(b), autojunk=False).ratio()


def _cards(data: dict) -> dict[int, dict[str, dict]]:
    out: dict[int, dict[str, dict]] = {}
    for s in data["product_sets"]:
        crits: dict[str, dict] = {}
        for p in s["parts"]:
            for g in p["groups"]:
                for c in g["criteria"]:
                    crits[c["id"]] = dict(c, group=g["id"], part=p["id"])
        out[s["number"]] = crits
    return out


def _keyed(ours: dict[str, dict], theirs: dict[str, list[tuple[str, int]]]) -> dict[str, str]:
    """Their criterion key → our criterion id: the same id; their ``N.1`` for our
    group-level criterion ``N``; and, within a group, their remaining criteria paired in
    order with our remaining ones when both have as many (a transcription that numbers
    the sub-criteria 6.1.1, 6.1.2, … of the file as 6.1, 6.2, …)."""
    out = {}
    for key in theirs:
        if key in ours:
            out[key] = key
        elif key.endswith(".1") and key[:-2] in ours:
            out[key] = key[:-2]
    groups = sorted({c["group"] for c in ours.values()}, key=int)
    for g in groups:  # sub-criteria N.M.K of the file numbered N.M by the transcription
        mine = [cid for cid, c in ours.items() if c["group"] == g
                and not c["synthesized_options"]]
        rest = [k for k in theirs if k.split(".")[0] == g]
        if (any(cid.count(".") == 2 for cid in mine) and rest and len(rest) == len(mine)
                and all(k.count(".") == 1 for k in rest)):
            for k in rest:
                out.pop(k, None)
            out.update(zip(rest, mine, strict=True))
    for g in groups:
        mine = [cid for cid, c in ours.items() if c["group"] == g and cid not in out.values()
                and not c["synthesized_options"]]
        rest = [k for k in theirs if k not in out and k.split(".")[0] == g]
        if mine and len(mine) == len(rest):
            out.update(zip(rest, mine, strict=True))
    return out


def _dedup(options: list[tuple[str, int]]) -> tuple[list[tuple[str, int]], int]:
    """Drop rows repeated verbatim (a transcription that inserted a set twice)."""
    seen, out = set(), []
    for o in options:
        k = (fold(o[0]), o[1])
        if k not in seen:
            seen.add(k)
            out.append(o)
    return out, len(options) - len(out)


def compare(data: dict, name: str, theirs: Transcription) -> list[dict]:
    """Every disagreement of one transcription with the extraction, as records
    ``{set, criterion, option, kind, ours, theirs}`` (points or counts only)."""
    found: list[dict] = []
    cards = _cards(data)

    def add(n: int, cid: str | None, oid: str | None, kind: str, ours: object,
            their: object) -> None:
        found.append({"source": name, "set": n, "criterion": cid, "option": oid, "kind": kind,
                      "ours": ours, "theirs": their})

    for n in range(1, 27):
        ours = cards[n]
        if n not in theirs:
            add(n, None, None, "set-missing", len(ours), 0)
            continue
        their = theirs[n]
        keyed = _keyed(ours, their)
        matched = set(keyed.values())
        additive = {c["group"] for c in ours.values() if c["synthesized_options"]}
        for key, options in sorted(their.items()):
            if key in keyed:
                continue
            if key in additive or key.removesuffix(".1") in additive:
                continue
            add(n, key, None, "criterion-extra", None, len(options))
        for g in sorted(additive, key=int):
            items = [c for c in ours.values() if c["group"] == g]
            opts = their.get(g) or their.get(f"{g}.1") or []
            ours_pts = [c["max_points"] for c in items]
            their_pts = [p for _, p in opts]
            matched.update(c["id"] for c in items)
            if ours_pts != their_pts:
                add(n, g, None, "additive-points", ours_pts, their_pts)
        for cid, crit in ours.items():
            if crit["synthesized_options"]:
                continue
            if cid not in matched:
                add(n, cid, None, "criterion-missing", crit["max_points"], None)
                continue
            key = next(k for k, v in keyed.items() if v == cid)
            opts, dups = _dedup(their[key])
            if dups:
                add(n, cid, None, "duplicated-rows", 0, dups)
            _compare_options(n, cid, crit, opts, add)
    return found


_CASE_SUFFIX = re.compile(r"\s*\(\s*Đối với [^()]*\)\s*$")


def _compare_options(n: int, cid: str, crit: dict, opts: list[tuple[str, int]], add) -> None:
    """Options are paired by position when both sides have as many; otherwise in order,
    each of ours with the most similar remaining one of theirs (folded text, ≥ 0.6). A
    case label a transcription appends to an option ("(Đối với …)") is ignored."""
    theirs = [(_CASE_SUFFIX.sub("", t), p) for t, p in opts]
    pairs: list[tuple[dict, int | None]] = []
    if len(theirs) == len(crit["options"]):
        pairs = [(o, j) for j, o in enumerate(crit["options"])]
    else:
        start = 0
        for o in crit["options"]:
            scored = [(_similar(o["text_vi"], theirs[j][0]), j)
                      for j in range(start, len(theirs))]
            score, j = max(scored, default=(0.0, None))
            if j is None or score < 0.6:
                pairs.append((o, None))
                continue
            pairs.append((o, j))
            start = j + 1
    used = {j for _, j in pairs if j is not None}
    for o, j in pairs:
        if j is None:
            add(n, cid, o["id"], "option-missing", o["points"], None)
        elif theirs[j][1] != o["points"]:
            add(n, cid, o["id"], "points", o["points"], theirs[j][1])
    for j, (_, pts) in enumerate(theirs):
        if j not in used:
            add(n, cid, None, "option-extra", None, pts)


# --------------------------------------------------------------------------
# resolutions: which of the three is right, from the Word file
# --------------------------------------------------------------------------

FILE, ERRATUM, NOT_COMPARED = "the Word file", "an erratum", "not compared"

#: (source, set, criteria or None for any, kinds or None for any, verdict, explanation).
#: The first rule that matches a disagreement resolves it.
RESOLUTIONS: tuple[tuple[str, int | None, frozenset[str] | None, frozenset[str] | None, str,
                         str], ...] = (
    ("ommani", 3, None, frozenset({"set-missing"}), NOT_COMPARED,
     "ommani has no rows for this set (its PROVENANCE says so); congnn and the file agree."),
    ("ommani", 26, None, frozenset({"set-missing"}), NOT_COMPARED,
     "ommani's tourism product type is another scorecard (a community-tourism card of "
     "35/25/40 with other criteria), not 1048's set 26; congnn is the only cross-check."),
    ("ommani", None, None, frozenset({"duplicated-rows"}), FILE,
     "ommani inserts every row of this set twice (its PROVENANCE: product types 2, 12, "
     "13); the repeats are dropped before comparing and nothing else differs."),
    ("ommani", 10, frozenset({"7"}), None, FILE,
     "The file prints 7 (uniqueness, 5 points) as 0/1/3/5, like every other food set; "
     "ommani's 2/3 at the top would leave the printed maximum unattainable."),
    ("ommani", 14, frozenset({"6.1.3", "6.1.4", "6.1.5"}), None, ERRATUM,
     "The file numbers two sub-criteria 6.1.3; ommani keeps that (its 6.1.3 holds both "
     "criteria, its 6.1.4 is the taste criterion); after the renumbering errata the values "
     "are identical."),
    ("ommani", 16, frozenset({"6.2", "6.3", "6.5", "7"}), None, FILE,
     "ommani's sensory criteria and uniqueness for this set carry another set's options "
     "and points (its 6.5 tops at 6 where the file prints 8 points); the file's options "
     "are increasing, reach the printed criterion maxima and sum to part C = 40."),
    ("congnn", 4, frozenset({"9.1", "9.2", "10", "11"}), None, FILE,
     "congnn merges 9.1 and 9.2 into one criterion and shifts groups 10–11 up one number "
     "(its part C of this set sums to 38); the file prints 9.1 (erratum: 2 points), 9.2, "
     "10 and 11 as extracted."),
    ("ommani", 6, frozenset({"6.2"}), frozenset({"points"}), ERRATUM,
     "The file prints 3 for two options of 6.2; ommani copies it, congnn has 2, the value "
     "the erratum chose."),
    ("congnn", 7, frozenset({"3.1"}), frozenset({"option-missing"}), ERRATUM,
     "The file omits the 3-point option of 3.1; congnn omits it too, ommani has it; the "
     "erratum inserts it."),
    ("congnn", 17, frozenset({"7"}), frozenset({"points"}), FILE,
     "The file prints 10 points for the best option of 7 (uniqueness, 10 points); "
     "congnn's 0 is a typing slip (its part C of this set sums to 35)."),
)


def resolve(record: dict) -> tuple[str, str] | None:
    for source, n, crits, kinds, verdict, why in RESOLUTIONS:
        if (source == record["source"] and n in (None, record["set"])
                and (crits is None or record["criterion"] in crits)
                and (kinds is None or record["kind"] in kinds)):
            return verdict, why
    return None


# --------------------------------------------------------------------------
# the report
# --------------------------------------------------------------------------

KINDS = {
    "set-missing": "set absent from the transcription",
    "criterion-missing": "criterion absent from the transcription",
    "criterion-extra": "criterion only in the transcription",
    "option-missing": "option absent from the transcription",
    "option-extra": "option only in the transcription",
    "points": "points differ",
    "additive-points": "points of an additive checklist differ",
    "duplicated-rows": "rows repeated in the transcription",
}


def _fmt(value: object) -> str:
    return "—" if value is None else str(value)


def render(data: dict, results: dict[str, list[dict]], totals: dict[str, int]) -> tuple[str,
                                                                                          list]:
    unexplained = []
    lines = [
        "# Oracle: the 1048 extraction against two transcriptions",
        "",
        "<!-- GENERATED by tools/oracle_1048.py; do not edit. -->",
        "",
        "`src/ocopkit/data/qd-1048-2019.json` is extracted from the official Word file of",
        "Decision 1048/QĐ-TTg only. Two unofficial student transcriptions of its scorecards",
        "(SQL dumps; see `transcriptions-1048/*/PROVENANCE.md` in the shared reference",
        "material) are compared with it option by option: criteria by id, options by",
        "position (or, when the counts differ, in order by similarity of their wording),",
        "and their points. Wording is not compared. Every disagreement is listed with the",
        "side that is right, decided from the Word file; where the file itself is wrong the",
        "correction is an [erratum](reference-errata-1048.md). The transcriptions are never",
        "a source of data.",
        "",
        "Set 26, part C (\"Được cộng tổng điểm các nội dung ghi Có\") is a checklist whose",
        "ticked items add up; the extraction makes each item a yes/no criterion, the",
        "transcriptions keep one multiple-choice criterion per group. Their item points are",
        "compared with ours (a transcription's own \"maximum per criterion\" undercounts",
        "such a group, which is why congnn's PROVENANCE reports part C of set 26 as 15).",
        "congnn, like the file, gives part A of set 26 34 points (ommani lacks the set): see the",
        "shortfall erratum.",
        "",
        "| transcription | option rows compared | disagreements |",
        "|---|---|---|",
    ]
    for name in results:
        lines.append(f"| {name} | {totals[name]} | {len(results[name])} |")
    lines.append("")
    for name, found in results.items():
        lines += [f"## {name}", ""]
        if not found:
            lines += ["No disagreement.", ""]
            continue
        groups: dict[tuple[int, str, str], list[dict]] = defaultdict(list)
        for r in found:
            res = resolve(r)
            if res is None:
                unexplained.append(r)
                res = ("UNEXPLAINED", "")
            groups[(r["set"], res[0], res[1])].append(r)
        for (n, verdict, why), records in sorted(groups.items(), key=lambda kv: kv[0][0]):
            lines += [f"### Set {n}: {verdict} is right", "", why, "",
                      "| criterion | option | difference | extraction | transcription |",
                      "|---|---|---|---|---|"]
            for r in records:
                lines.append(f"| {_fmt(r['criterion'])} | {_fmt(r['option'])} | "
                             f"{KINDS[r['kind']]} | {_fmt(r['ours'])} | {_fmt(r['theirs'])} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n", unexplained


def run(reference: Path) -> tuple[str, list[dict]]:
    data = json.loads(JSON_PATH.read_text(encoding="utf-8"))
    names = set_numbers(data)
    om, _ = read_ommani(reference / OMMANI, names)
    cg, _ = read_congnn(reference / CONGNN, names)
    results = {"congnn": compare(data, "congnn", cg), "ommani": compare(data, "ommani", om)}
    totals = {"congnn": sum(len(v) for s in cg.values() for v in s.values()),
              "ommani": sum(len(v) for s in om.values() for v in s.values())}
    return render(data, results, totals)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", type=Path, default=None,
                    help="the shared reference folder (default $OCOPKIT_REFERENCE)")
    ap.add_argument("--check", action="store_true", help="exit 1 if the report is stale")
    args = ap.parse_args(argv)
    reference = args.reference or reference_dir()
    missing = [p for p in (reference / CONGNN, reference / OMMANI) if not p.is_file()]
    if missing:
        print(f"SOURCE MISSING: {', '.join(map(str, missing))}", file=sys.stderr)
        return 4
    text, unexplained = run(reference)
    if unexplained:
        print(f"{len(unexplained)} unexplained disagreement(s):", file=sys.stderr)
        for r in unexplained:
            print(f"  - {r}", file=sys.stderr)
        return 2
    if args.check:
        if not REPORT_PATH.exists() or REPORT_PATH.read_text(encoding="utf-8") != text:
            print(f"stale: {REPORT_PATH.relative_to(ROOT)} (run python tools/oracle_1048.py)",
                  file=sys.stderr)
            return 1
        print("ok: the oracle report is up to date")
        return 0
    REPORT_PATH.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {REPORT_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
