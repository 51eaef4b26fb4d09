#!/usr/bin/env python3
"""Deterministic extractor for Decision 1048/QĐ-TTg (21/08/2019), the OCOP scorecards
of 2019–2023.

Reads the official Word 97 file from a path it is given (never from the repository:
the text of 1048 is not committed) and writes the project's own data:

* ``src/ocopkit/data/qd-1048-2019.json`` -- Phụ lục I (classification) and the 26
  scorecards of Phụ lục III (parts A 35 / B 25 / C 40, groups, criteria, options,
  points, dossier disqualifiers, per-criterion notes and disqualifiers, the
  alternative cases of "Lựa chọn một trong hai trường hợp sau");
* ``docs/reference-errata-1048.md`` -- the corrections applied (from
  ``tools/errata-1048.json``), each with its evidence.

Usage::

    python tools/extract_1048.py [--doc PATH]            # (re)write both outputs
    python tools/extract_1048.py [--doc PATH] --check    # exit 1 if they are stale

``PATH`` defaults to ``$OCOPKIT_REFERENCE/qd-1048-2019/1048_QD-TTg_m_422157.doc``,
``OCOPKIT_REFERENCE`` to ``../shared/reference`` beside the repository.

Exit codes: 0 ok, 1 ``--check`` found a difference, 2 validation / parse problems
(nothing is written), 3 an erratum no longer matches the source, 4 the source or the
converter is missing.

Setup: the Word file is read with ``antiword -x db`` (DocBook XML, which keeps every
table cell and every paragraph of a cell, blank ones included). Install it with
``apt-get install antiword`` (Debian 0.37); ``nox -s extract`` does so when it runs as
root and the program is missing. The file's SHA-256 is checked, so a different copy
of the decision is refused rather than silently extracted.

Conventions (see ``expand_rows``, ``parse_scorecard`` and ``build_set``):

* a table cell may stack several paragraphs (a criterion and its options in one cell,
  their points in the next cell); paragraph *i* of the label cell is paired with
  paragraph *i* of the points cell -- the Word file keeps blank paragraphs, so the
  pairing is exact; a points paragraph beside a blank label is a problem;
* a group whose heading carries no points gets the sum of its criteria as maximum
  (1048 prints most group maxima nowhere); a printed group maximum is checked;
* "Lựa chọn một trong hai trường hợp sau:" opens alternative cases; each following
  "a. Trường hợp 1: …" row opens a case: the criterion keeps one single choice, every
  option carries its case id (``"1"``, ``"2"``) and the criterion lists its cases;
* "(Được cộng tổng điểm các nội dung ghi Có)" (set 26, part C) makes the options of
  each following group additive: each option becomes a yes/no leaf criterion
  ``<group>.<letter>`` worth the option's points (synthesised options "Không"/"Có");
* notes become ``notes_vi``, "Bị loại nếu …" disqualifiers of kind ``eliminate``,
  "Không đánh giá các bước tiếp theo …" of kind ``stop``, "Chỉ áp dụng khi có câu
  chuyện" a condition on criterion 5.1 (as for 26/2026);
* text repairs: the Word file stores a few runs in the Vietnamese code page 1258
  that converters read as 1252 ("Rýợu" for "Rượu", "TOAÌN" for "TOÀN"); words with
  such a sequence are re-decoded (``repair_cp1258``) and each repair is counted in the
  output. Typos of points, ids and labels are corrected only by an erratum.

Stdlib only, plus the ``antiword`` program.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_qd26 import (
    ErrataMismatchError,
    Problems,
    apply_errata,
    norm,
    render_errata_md,
    report,
    strip_outer_parens,
    write_or_check,
)
from extract_qd26 import (
    make_criterion as qd26_make_criterion,
)

ROOT = Path(__file__).resolve().parent.parent
DOC_NAME = "1048_QD-TTg_m_422157.doc"
DOC_SHA256 = "6f2cd09271ab1e55b2b0c8592850b800ee6eeb28bcca5de5b3e48a9529325898"
ERRATA_PATH = ROOT / "tools" / "errata-1048.json"
JSON_PATH = ROOT / "src" / "ocopkit" / "data" / "qd-1048-2019.json"
ERRATA_MD_PATH = ROOT / "docs" / "reference-errata-1048.md"

FORMAT = 1
EXPECTED_PARTS = {"A": 35, "B": 25, "C": 40}
EXPECTED_SETS = 26


def reference_dir() -> Path:
    """Where the shared reference material lies (``$OCOPKIT_REFERENCE``)."""
    env = os.environ.get("OCOPKIT_REFERENCE")
    return Path(env) if env else ROOT.parent / "shared" / "reference"


def default_doc() -> Path:
    return reference_dir() / "qd-1048-2019" / DOC_NAME


class SourceMissingError(Exception):
    """The Word file or the converter is not available."""


# --------------------------------------------------------------------------
# text repair
# --------------------------------------------------------------------------

_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
# cp1252 characters whose cp1258 byte is a combining tone mark or a Vietnamese letter
_CP1258_MARKS = "ÌÒÞìò"
_GLITCH = re.compile(
    rf"\w*(?:(?<![gGqQ])[{_VOWELS}àáâãèéêìíòóôõùúý][{_CP1258_MARKS}]|ý[{_VOWELS}òóõôơớờởỡợ])\w*"
)


def repair_cp1258(text: str, counter: dict[str, int]) -> str:
    """Re-decode words that the converter read as cp1252 although the Word file stores
    them in cp1258 (``"Rýợu"`` → ``"Rượu"``, ``"TOAÌN"`` → ``"TOÀN"``).

    Only a word with a vowel followed by a cp1258 combining mark (``Ì Ò Þ ì ò``), or
    ``ý`` followed by a vowel, is touched; each repair is counted in ``counter``.
    """

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        try:
            raw = word.encode("cp1252")
        except UnicodeEncodeError:
            chars = []
            for ch in word:
                try:
                    chars.append(ch.encode("cp1252").decode("cp1258"))
                except UnicodeError:
                    chars.append(ch)
            fixed = "".join(chars)
        else:
            fixed = raw.decode("cp1258")
        fixed = unicodedata.normalize("NFC", fixed)
        if fixed != word:
            key = f"{word} → {fixed}"
            counter[key] = counter.get(key, 0) + 1
        return fixed

    return _GLITCH.sub(fix, text)


# --------------------------------------------------------------------------
# Word → DocBook → blocks
# --------------------------------------------------------------------------


def docbook(doc: Path) -> str:
    """The DocBook XML antiword makes of ``doc``."""
    exe = shutil.which("antiword")
    if exe is None:
        raise SourceMissingError("antiword not found; install it: apt-get install antiword")
    out = subprocess.run([exe, "-x", "db", "-m", "UTF-8.txt", str(doc)], capture_output=True,
                         check=False, timeout=300)
    if out.returncode != 0:
        raise SourceMissingError(f"antiword failed ({out.returncode}): "
                                 f"{out.stderr.decode('utf-8', 'replace')[:300]}")
    return out.stdout.decode("utf-8")


def _paras(entry: ET.Element, repairs: dict[str, int]) -> list[str]:
    """The paragraphs of a table cell, blank ones kept (antiword writes one per line)."""
    text = "".join(entry.itertext()).strip("\n")
    return [repair_cp1258(norm(line), repairs) for line in text.split("\n")]


def parse_blocks(xml_text: str, repairs: dict[str, int]) -> list[dict]:
    """Paragraphs outside tables (``{"type": "p"}``) and tables (``{"type": "table",
    "rows": [[cell paragraphs, ...], ...]}``) in document order."""
    root = ET.fromstring(xml_text)
    blocks: list[dict] = []

    def para(text: str | None) -> None:
        t = repair_cp1258(norm(text or ""), repairs)
        if t:
            blocks.append({"type": "p", "text": t})

    def walk(node: ET.Element) -> None:
        for child in node:
            if child.tag != "para":
                walk(child)
                continue
            tables = [s for s in child if s.tag == "informaltable"]
            if not tables:
                para("".join(child.itertext()))
                continue
            para(child.text)
            for sub in child:
                if sub.tag == "informaltable":
                    rows = [[_paras(e, repairs) for e in row.findall("entry")]
                            for row in sub.iter("row")]
                    blocks.append({"type": "table", "rows": rows})
                else:
                    para("".join(sub.itertext()))
                para(sub.tail)

    walk(root)
    return blocks


# --------------------------------------------------------------------------
# rows → lines
# --------------------------------------------------------------------------

_POINTS = re.compile(r"^\(?\s*(\d+)\s*([^\s\d()]*)\s*\)?$")


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d), for matching labels."""
    t = unicodedata.normalize("NFD", norm(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in t if not unicodedata.combining(c)).lower()


def parse_points(text: str):
    """'' -> None, '3 Điểm' (or '3 điểm', '3 Đỉểm') -> 3, anything else -> the raw string
    (reported as a problem)."""
    t = norm(text)
    if t == "":
        return None
    m = _POINTS.match(t)
    if m and fold(m.group(2)) in ("", "diem"):
        return int(m.group(1))
    return t


def expand_rows(blocks: list[dict], problems: Problems, where: str) -> list[dict]:
    """Every paragraph outside tables and every paragraph of a label cell, in order, as
    ``{"label": text, "points": text}`` lines (see the module docstring)."""
    lines: list[dict] = []
    for b in blocks:
        if b["type"] == "p":
            lines.append({"label": b["text"], "points": ""})
            continue
        for r, row in enumerate(b["rows"]):
            cells = list(row)
            if len(cells) == 1:
                text = norm(" ".join(cells[0]))
                if text:
                    lines.append({"label": text, "points": ""})
                continue
            if len(cells) != 2:
                joined = " | ".join(norm(" ".join(c)) for c in cells)
                lines.append({"label": joined, "points": ""})
                continue
            label, pts = cells
            if len(label) == 1 or len(pts) <= 1:
                lines.append({"label": norm(" ".join(label)), "points": norm(" ".join(pts))})
                continue
            for i in range(max(len(label), len(pts))):
                lt = label[i] if i < len(label) else ""
                pt = pts[i] if i < len(pts) else ""
                if not lt and pt:
                    problems.add(where, f"points {pt!r} beside a blank label (row {r})")
                if lt:
                    lines.append({"label": lt, "points": pt})
    return lines


# --------------------------------------------------------------------------
# lines of one scorecard → raw tree
# --------------------------------------------------------------------------

_PART = re.compile(r"^Phần\s+([A-C])\s*:?\s*(.*?)\s*\(\s*(\d+)\s*[ĐđÐ]iểm\s*\)\s*$", re.I)
_SUB = re.compile(r"^(\d+)\.(\d+)\.(\d+)\.?\s+(.+)$")
_CRIT = re.compile(r"^(\d+)\.(\d+)\.?\s+(.+)$")
_GROUP = re.compile(r"^(\d+)\.\s+(.+)$")
_OPTION = re.compile(r"^□\s*(.*)$")
_CHOICE = re.compile(r"^Lựa chọn (?:một|1) trong hai trường hợp sau\s*:?$", re.I)
_CASE = re.compile(r"^([a-z])\.?\s+Trường hợp\s+(\d+)\s*:\s*(.+)$")
_ADDITIVE = re.compile(r"^\(?Được cộng tổng điểm các nội dung ghi Có\)?$", re.I)
_SUBTOTAL = re.compile(r"^Tổng\s+điểm\s+phần\s+[A-C]\b", re.I)
_RESULT = re.compile(r"^Kết quả\b", re.I)
_SET_HEAD = re.compile(r"^(\d+)\.\s*Bộ sản phẩm\s*:\s*(.+)$")
_DOSSIER = re.compile(r"^(?:Hồ sơ\s+)?bị loại khi\s*:\s*(.+)$", re.I)
_HEADER = re.compile(r"^\(\s*Ngành\s*:.+\)$")


def sentence_case(text: str) -> str:
    """'TỔ CHỨC SẢN XUẤT' -> 'Tổ chức sản xuất'. A heading is capitals when at least
    80 % of its letters are (1048 has stray lower-case letters: 'KIểM', 'SẢN PHẩM')."""
    text = norm(text)
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        low = text.lower()
        return low[:1].upper() + low[1:]
    return text


def _node(nid: str, name: str, points, r: int) -> dict:
    return {"id": nid, "name_vi": name, "max_points": points, "notes_raw": [], "options": [],
            "cases": [], "row": r}


def parse_scorecard(set_no: int, lines: list[dict], problems: Problems) -> dict:
    """One scorecard's lines → ``{"header_vi", "dossier", "parts": [raw parts]}``.

    A raw part holds groups; a group holds criteria and/or direct options; a criterion
    holds options and/or sub-criteria (``subs``). Notes attach to the innermost open
    node. ``additive`` marks groups after "(Được cộng tổng điểm các nội dung ghi Có)".
    """
    where = f"set {set_no}"
    out: dict = {"header_vi": None, "dossier": [], "parts": [], "footer": []}
    part = group = crit = sub = None
    case = None
    additive = False
    done = False
    for r, line in enumerate(lines):
        label, pts_text = line["label"], line["points"]
        if done:
            if label and not label.startswith("…"):
                out["footer"].append(label)
            continue
        points = parse_points(pts_text)
        if isinstance(points, str):
            problems.add(where, f"line {r}: unreadable points {points!r} for {label[:60]!r}")
            points = None
        if _RESULT.match(label):
            done = True
            continue
        if _SUBTOTAL.match(label) or _SET_HEAD.match(label):
            continue
        m = _PART.match(label)
        if m:
            part = {"id": m.group(1).upper(), "name_vi": sentence_case(m.group(2)),
                    "max_points": int(m.group(3)), "groups": [], "row": r}
            out["parts"].append(part)
            group = crit = sub = case = None
            additive = False
            continue
        if part is None:
            m = _DOSSIER.match(label)
            if m:
                out["dossier"].append(norm(m.group(1)))
            elif _HEADER.match(label) and out["header_vi"] is None:
                out["header_vi"] = strip_outer_parens(label)
            continue
        if _ADDITIVE.match(label):
            additive = True
            continue
        m = _OPTION.match(label)
        if m:
            node = sub or crit or group
            if node is None:
                problems.add(where, f"line {r}: option outside any criterion: {label[:60]!r}")
                continue
            node["options"].append({"text_vi": norm(m.group(1)), "points": points,
                                    "case": case})
            continue
        m = _SUB.match(label)
        if m:
            cid = f"{m.group(1)}.{m.group(2)}"
            if crit is None or crit["id"] != cid:
                problems.add(where, f"line {r}: sub-criterion {label[:40]!r} not under {cid}")
                continue
            sub = _node(f"{cid}.{m.group(3)}", m.group(4), points, r)
            crit["subs"].append(sub)
            case = None
            continue
        m = _CRIT.match(label)
        if m:
            if group is None or group["id"] != m.group(1):
                problems.add(where, f"line {r}: criterion {label[:40]!r} not under group "
                             f"{m.group(1)}")
                continue
            crit = _node(f"{m.group(1)}.{m.group(2)}", m.group(3), points, r)
            crit["subs"] = []
            group["criteria"].append(crit)
            sub = case = None
            continue
        m = _GROUP.match(label)
        if m:
            head, notes = m.group(2), []
            pm = re.match(r"^([^(]*?)\s*(\(.*)$", head)
            if pm and pm.group(1):
                head, notes = pm.group(1), [pm.group(2)]
            group = _node(m.group(1), sentence_case(head), points, r)
            group.update(criteria=[], additive=additive,
                         notes_raw=part.pop("notes_raw", []) + notes)
            part["groups"].append(group)
            crit = sub = case = None
            continue
        if points is not None:
            problems.add(where, f"line {r}: points {points} on a note row: {label[:60]!r}")
        node = sub or crit or group
        if node is None:  # a note of the part: it goes to the part's first group
            part.setdefault("notes_raw", []).append(label)
            continue
        if _CHOICE.match(label):
            node["alternatives"] = True
            continue
        m = _CASE.match(label)
        if m:
            case = m.group(2)
            node["cases"].append({"id": case, "label_vi": f"Trường hợp {case}: "
                                  f"{norm(m.group(3))}"})
            if not node.get("alternatives"):
                problems.add(where, f"{node['id']}: case without 'Lựa chọn một trong hai …'")
            continue
        if label:
            node["notes_raw"].append(label)
    if not done:
        problems.add(where, "no 'Kết quả' row: the scorecard does not end")
    return out


# --------------------------------------------------------------------------
# raw tree → output structure
# --------------------------------------------------------------------------

_STORY = "cau chuyen ve san pham"
_STOP_1048 = re.compile(r"sẽ không xem xét thêm", re.I)


def _letters(n: int) -> list[str]:
    return [chr(ord("a") + i) for i in range(n)]


def make_criterion(cid: str, name: str, max_points, notes_raw: list[str], options: list[dict],
                   cases: list[dict], *, synthesized: bool = False) -> dict:
    """extract_qd26's criterion, plus 1048's cases (and one more 'stop' wording)."""
    crit = qd26_make_criterion(cid, name, max_points, notes_raw,
                               [dict(o, min_star=None) for o in options])
    crit["synthesized_options"] = synthesized
    # 26/2026's reading of "Nếu được 0 điểm tại một trong các chỉ tiêu trên" as a stop the
    # scores decide (``when_zero``) is not applied to 1048: its sensory groups are laid out
    # differently (set 16: 6.1, 6.2, 6.3, 6.5), so these notes stay flags here
    for d in crit["disqualifiers"]:
        d.pop("_zero_above", None)
    for n in [n for n in crit["notes_vi"] if _STOP_1048.search(n)]:  # not in 26/2026
        crit["notes_vi"].remove(n)
        text = re.sub(r"^(?:Ghi chú|Chú ý)\s*:\s*", "", n)
        crit["disqualifiers"].append({"id": f"{cid}.DQ{len(crit['disqualifiers']) + 1}",
                                      "text_vi": text, "kind": "stop"})
    if cases:
        crit["cases"] = [dict(c) for c in cases]
        for opt, o in zip(crit["options"], options, strict=True):
            opt["case"] = o["case"]
    return crit


def _yes_no(cid: str, name: str, points) -> dict:
    return make_criterion(cid, name, points, [], [
        {"text_vi": "Không", "points": 0, "case": None},
        {"text_vi": "Có", "points": points, "case": None}], [], synthesized=True)


def build_set(set_no: int, parts_raw: list[dict], problems: Problems) -> list[dict]:
    """Flatten the raw tree (see the module docstring):

    * a group with options directly under it → one criterion, id = group id (additive
      groups: one yes/no criterion per option, ids ``<group>.<letter>``);
    * a criterion with sub-criteria → the sub-criteria are the leaves (``N.M.K``, name
      ``"<N.M name> - <N.M.K name>"``), their sum must be the N.M maximum;
    * a group's maximum, when not printed, is the sum of its criteria
      (``max_printed`` false).
    """
    where = f"set {set_no}"
    parts = []
    for p in parts_raw:
        groups = []
        for g in p["groups"]:
            criteria: list[dict] = []
            if g["options"] and g["criteria"]:
                problems.add(where, f"group {g['id']} has both options and criteria")
            if g.get("additive") and g["options"]:
                for letter, o in zip(_letters(len(g["options"])), g["options"], strict=True):
                    criteria.append(_yes_no(f"{g['id']}.{letter}",
                                            f"{g['name_vi']} - {o['text_vi']}", o["points"]))
                if g["notes_raw"]:
                    criteria[0]["notes_vi"] = list(g["notes_raw"])
            elif g["options"] or not g["criteria"]:
                criteria.append(make_criterion(g["id"], g["name_vi"], g["max_points"],
                                               g["notes_raw"], g["options"], g["cases"]))
            else:
                pending = list(g["notes_raw"])
                for c in g["criteria"]:
                    if not c["subs"]:
                        criteria.append(make_criterion(c["id"], c["name_vi"], c["max_points"],
                                                       pending + c["notes_raw"], c["options"],
                                                       c["cases"]))
                        pending = []
                        continue
                    if c["options"]:
                        problems.add(where, f"criterion {c['id']} has options and sub-criteria")
                    total = sum(s["max_points"] for s in c["subs"]
                                if isinstance(s["max_points"], int))
                    if total != c["max_points"]:
                        problems.add(where, f"criterion {c['id']} max {c['max_points']!r} != "
                                     f"sum of its sub-criteria {total}")
                    pending += c["notes_raw"]
                    for s in c["subs"]:
                        criteria.append(make_criterion(
                            s["id"], f"{norm(c['name_vi'])} - {norm(s['name_vi'])}",
                            s["max_points"], pending + s["notes_raw"], s["options"],
                            s["cases"]))
                        pending = []
            total = sum(c["max_points"] for c in criteria if isinstance(c["max_points"], int))
            printed = g["max_points"] is not None
            if printed and g["max_points"] != total and not (g["options"] and
                                                              not g.get("additive")):
                problems.add(where, f"group {g['id']} prints {g['max_points']} but its "
                             f"criteria sum to {total}")
            groups.append({"id": g["id"], "name_vi": g["name_vi"],
                           "max_points": g["max_points"] if printed else total,
                           "max_printed": printed, "criteria": criteria})
        parts.append({"id": p["id"], "name_vi": p["name_vi"], "max_points": p["max_points"],
                      "groups": groups})
    crits = [c for p in parts for g in p["groups"] for c in g["criteria"]]
    story = next((c for c in crits if fold(c["name_vi"]) == _STORY), None)
    for c in crits:
        if c["applies_when"] is None:
            continue
        phrase, text = c["applies_when"]
        if story is None or not fold(phrase).startswith("cau chuyen") or story is c:
            problems.add(where, f"criterion {c['id']}: cannot resolve condition {text!r}")
            c["applies_when"] = None
            continue
        c["applies_when"] = {"criterion": story["id"], "rule": "nonzero", "text_vi": text}
    return parts


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------


def validate_set(s: dict, problems: Problems, warnings: list[str]) -> None:
    where = f"set {s['number']}"
    if [p["id"] for p in s["parts"]] != list(EXPECTED_PARTS):
        problems.add(where, f"parts {[p['id'] for p in s['parts']]} != A, B, C")
    seen: set[tuple[str, str]] = set()
    expected_gid = 1
    for p in s["parts"]:
        pw = f"{where} part {p['id']}"
        if p["max_points"] != EXPECTED_PARTS.get(p["id"]):
            problems.add(pw, f"max {p['max_points']!r} != {EXPECTED_PARTS.get(p['id'])}")
        gsum = 0
        for g in p["groups"]:
            gw = f"{where} group {g['id']}"
            if int(g["id"]) < expected_gid:
                problems.add(gw, f"group number out of sequence (expected {expected_gid})")
            elif int(g["id"]) > expected_gid:
                warnings.append(f"{gw}: the file skips group number {expected_gid}; "
                                "the printed numbers are kept")
            expected_gid = int(g["id"]) + 1
            gsum += g["max_points"] if isinstance(g["max_points"], int) else 0
            csum = 0
            for c in g["criteria"]:
                cw = f"{where} criterion {c['id']}"
                if ("criterion", c["id"]) in seen:
                    problems.add(cw, "duplicate criterion id")
                seen.add(("criterion", c["id"]))
                if not isinstance(c["max_points"], int):
                    problems.add(cw, f"max points {c['max_points']!r} is not an integer")
                    continue
                csum += c["max_points"]
                if not c["options"]:
                    problems.add(cw, "no options")
                    continue
                pts = []
                for o in c["options"]:
                    ow = f"{where} option {o['id']}"
                    if not isinstance(o["points"], int):
                        problems.add(ow, f"points {o['points']!r} is not an integer")
                        continue
                    if not 0 <= o["points"] <= c["max_points"]:
                        problems.add(ow, f"points {o['points']} outside 0..{c['max_points']}")
                    pts.append(o["points"])
                if pts and max(pts) != c["max_points"]:
                    problems.add(cw, f"max {c['max_points']} != best option {max(pts)}")
                for case in c.get("cases", ()):
                    cp = [o["points"] for o in c["options"] if o.get("case") == case["id"]]
                    if not cp:
                        problems.add(cw, f"case {case['id']} has no options")
                    elif cp != sorted(cp):
                        warnings.append(f"{cw} case {case['id']}: points not increasing {cp}")
                if not c.get("cases") and (pts != sorted(pts) or len(set(pts)) != len(pts)):
                    problems.add(cw, f"option points not strictly increasing: {pts}")
            if csum != g["max_points"]:
                problems.add(gw, f"max {g['max_points']} != sum of criteria {csum}")
        if gsum + p.get("shortfall", 0) != p["max_points"]:
            problems.add(pw, f"max {p['max_points']} != sum of groups {gsum}"
                         + (f" + shortfall {p['shortfall']}" if p.get("shortfall") else ""))
    total = sum(p["max_points"] for p in s["parts"])
    if total != 100:
        problems.add(where, f"parts sum to {total}, not 100")


# --------------------------------------------------------------------------
# decision metadata, Phụ lục I and the sets of Phụ lục III
# --------------------------------------------------------------------------

#: The ministries of 1048 Phụ lục I ("Bộ chủ trì quản lý"), matched accent-insensitively
#: (the file prints "Vãn hóa" once for "Văn hóa").
MINISTRIES = ("Nông nghiệp và Phát triển nông thôn", "Công Thương", "Y tế",
              "Khoa học và Công nghệ", "Văn hóa, Thể thao và Du lịch")
_ROMAN = re.compile(r"^(I|II|III|IV|V|VI)$")


def _ministries(text: str, where: str, problems: Problems) -> list[str]:
    rest = fold(text).strip(" ,;")
    found = []
    while rest:
        for m in MINISTRIES:
            if rest.startswith(fold(m)):
                found.append(f"Bộ {m}")
                rest = rest[len(fold(m)):].strip(" ,;")
                break
        else:
            problems.add(where, f"unknown ministry {text!r}")
            break
    return found


def find_para(blocks: list[dict], pattern: str, start: int = 0) -> int | None:
    rx = re.compile(pattern)
    for i in range(start, len(blocks)):
        if blocks[i]["type"] == "p" and rx.search(blocks[i]["text"]):
            return i
    return None


def extract_decision(blocks: list[dict], problems: Problems) -> dict:
    number = date = None
    for b in blocks[:40]:
        texts = [b["text"]] if b["type"] == "p" else [
            " ".join(c) for row in b["rows"] for c in row]
        for t in texts:
            m = re.search(r"Số:\s*(\S+)", t)
            if m and number is None:
                number = m.group(1)
            m = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", t)
            if m and date is None:
                d, mo, y = (int(x) for x in m.groups())
                date = f"{y:04d}-{mo:02d}-{d:02d}"
    i = find_para(blocks, r"^QUYẾT ĐỊNH$")
    title = sentence_case(blocks[i + 1]["text"]) if i is not None else None
    for k, v in (("number", number), ("date", date), ("title_vi", title)):
        if not v:
            problems.add("decision", f"could not find {k}")
    return {"number": number, "date": date, "title_vi": title}


def extract_classification(blocks: list[dict], pl1: int, pl2: int,
                           problems: Problems) -> list[dict]:
    """Phụ lục I: rows 'STT | Phân loại sản phẩm | Bộ chủ trì quản lý'.

    STT is a Roman numeral (sector, "NGÀNH …"), an Arabic number (group, "Nhóm: …") or
    "N.M" (subgroup, "Phân nhóm: …"); codes are ``I``, ``I.3``, ``I.3.5``. Leaves (a
    node without children, sector V included) are numbered 1–26 in order: the number
    of the Phụ lục III scorecard.
    """
    ti = next((i for i in range(pl1, pl2) if blocks[i]["type"] == "table"), None)
    if ti is None:
        problems.add("Phụ lục I", "table not found")
        return []
    nodes: list[dict] = []
    sector = group = None
    for r, row in enumerate(blocks[ti]["rows"]):
        cells = [norm(" ".join(c)) for c in row]
        if r == 0:
            continue
        if len(cells) != 3:
            problems.add("Phụ lục I", f"row {r}: expected 3 cells, got {cells!r}")
            continue
        stt, name, ministry = cells
        where = f"Phụ lục I {stt}"
        ministries = _ministries(ministry, where, problems) if ministry else []
        if _ROMAN.match(stt):
            sector = {"code": stt, "level": "sector",
                      "name_vi": sentence_case(re.sub(r"^NGÀNH\s+", "", name)),
                      "parent": None}
            group = None
            node = sector
        elif re.fullmatch(r"\d+", stt) and sector:
            m = re.match(r"^Nhóm\s*:\s*(.+)$", name)
            if not m:
                problems.add(where, f"group row without 'Nhóm:': {name!r}")
                continue
            group = {"code": f"{sector['code']}.{stt}", "level": "group",
                     "name_vi": norm(m.group(1)), "parent": sector["code"]}
            node = group
        elif re.fullmatch(r"\d+\.\d+", stt) and group:
            m = re.match(r"^Phân nhóm\s*:\s*(.+)$", name)
            if not m or not stt.startswith(group["code"].split(".")[1] + "."):
                problems.add(where, f"bad subgroup row {cells!r}")
                continue
            node = {"code": f"{sector['code']}.{stt}", "level": "subgroup",
                    "name_vi": norm(m.group(1)), "parent": group["code"]}
        else:
            problems.add("Phụ lục I", f"unrecognised row {cells!r}")
            continue
        node.update(ministries_vi=ministries, set_number=None)
        nodes.append(node)
    parents = {n["parent"] for n in nodes}
    n = 0
    for node in nodes:
        if node["code"] not in parents:
            n += 1
            node["set_number"] = n
            if not node["ministries_vi"]:
                problems.add("Phụ lục I", f"leaf {node['code']} has no ministry")
    return nodes


def locate_sets(blocks: list[dict], pl3: int, problems: Problems) -> list[dict]:
    """The 26 scorecards: a heading "N. Bộ sản phẩm: …" up to the next one. The index
    list right after the Phụ lục III heading gives each set's listed name."""
    index: list[str] = []
    heads: list[int] = []
    for i in range(pl3, len(blocks)):
        b = blocks[i]
        if b["type"] == "table" and not heads and not index:
            for row in b["rows"][1:]:
                m = re.match(r"^Bộ sản phẩm\s*:\s*(.+)$", norm(" ".join(row[1])))
                if len(row) == 3 and m:
                    index.append(norm(m.group(1)))
        elif b["type"] == "p" and _SET_HEAD.match(b["text"]):
            heads.append(i)
    sets = []
    for k, start in enumerate(heads):
        end = heads[k + 1] if k + 1 < len(heads) else len(blocks)
        m = _SET_HEAD.match(blocks[start]["text"])
        number = int(m.group(1))
        if number != k + 1:
            problems.add(f"set {k + 1}", f"heading number {number} out of sequence")
        sets.append({"number": number, "heading": norm(m.group(2)),
                     "index_name": index[k] if k < len(index) else None,
                     "blocks": blocks[start:end]})
    if len(index) != EXPECTED_SETS:
        problems.add("Phụ lục III", f"index lists {len(index)} sets, expected {EXPECTED_SETS}")
    return sets


# --------------------------------------------------------------------------
# errata
# --------------------------------------------------------------------------

#: Erratum fields handled here rather than by extract_qd26.apply_errata: ``label`` (a
#: line's label, before parsing), ``insert_option`` (an option the file omits, inserted
#: at ``option``'s position) and ``shortfall`` (points a part declares that no criterion
#: of the file awards; kept, and documented, rather than invented).
OWN_FIELDS = {"label", "insert_option", "shortfall"}
TREE_FIELDS = {"points", "max_points", "text_vi", "name_vi"}
REQUIRED = {"set", "field", "source_value", "value", "reason_vi", "reason_en", "evidence"}


def load_errata(path: Path = ERRATA_PATH) -> list[dict]:
    entries = json.loads(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else []
    for e in entries:
        missing = REQUIRED - set(e)
        if missing:
            raise ErrataMismatchError(f"erratum missing {sorted(missing)}: {e}")
        if e["field"] not in OWN_FIELDS | TREE_FIELDS:
            raise ErrataMismatchError(f"unsupported erratum field {e['field']!r}: {e}")
    return entries


def apply_label_errata(set_no: int, lines: list[dict], errata: list[dict]) -> None:
    for e in errata:
        if e["field"] != "label":
            continue
        hits = [line for line in lines if line["label"] == e["source_value"]]
        if len(hits) != 1:
            raise ErrataMismatchError(f"set {set_no}: label erratum matches {len(hits)} lines: "
                                      f"{e['source_value']!r}")
        hits[0]["label"] = e["value"]


def apply_insertions(set_no: int, parts: list[dict], errata: list[dict]) -> None:
    """``insert_option`` errata, on the raw tree (before option ids are given)."""
    nodes = {}
    for p in parts:
        for g in p["groups"]:
            nodes[g["id"]] = g
            for c in g["criteria"]:
                nodes[c["id"]] = c
                nodes.update({s["id"]: s for s in c["subs"]})
    for e in errata:
        if e["field"] != "insert_option":
            continue
        node = nodes.get(e.get("criterion"))
        letter = (e.get("option") or "").rsplit(".", 1)[-1]
        position = ord(letter) - ord("a") if len(letter) == 1 else -1
        if node is None or not 0 <= position <= len(node["options"]):
            raise ErrataMismatchError(f"set {set_no}: cannot insert {e.get('option')!r}: {e}")
        if position < len(node["options"]) and e["source_value"] is not None:
            raise ErrataMismatchError(f"set {set_no}: insert_option needs source_value null")
        node["options"].insert(position, {"text_vi": e["value"]["text_vi"],
                                          "points": e["value"]["points"], "case": None})


def apply_shortfalls(set_no: int, parts: list[dict], errata: list[dict]) -> None:
    by_id = {p["id"]: p for p in parts}
    for e in errata:
        if e["field"] != "shortfall":
            continue
        part = by_id.get(e.get("part"))
        if part is None or e["source_value"] is not None:
            raise ErrataMismatchError(f"set {set_no}: bad shortfall erratum {e}")
        part["shortfall"] = e["value"]


# --------------------------------------------------------------------------
# main extraction
# --------------------------------------------------------------------------


def extract(doc: Path, errata_path: Path = ERRATA_PATH, errata: list[dict] | None = None,
            xml_text: str | None = None):
    """Return (data, problems, warnings); ``data`` is None when parsing failed.

    Raises :class:`SourceMissingError` (no file, wrong file, no antiword) and
    ``ErrataMismatchError`` (an erratum no longer matches the source).
    """
    doc = Path(doc)
    if not doc.is_file():
        raise SourceMissingError(f"source not found: {doc}")
    digest = hashlib.sha256(doc.read_bytes()).hexdigest()
    if digest != DOC_SHA256:
        raise SourceMissingError(f"{doc}: sha256 {digest} is not the expected {DOC_SHA256}")
    problems, warnings = Problems(), []
    repairs: dict[str, int] = {}
    blocks = parse_blocks(xml_text if xml_text is not None else docbook(doc), repairs)
    errata = load_errata(errata_path) if errata is None else errata

    decision = extract_decision(blocks, problems)
    pl1, pl2, pl3 = (find_para(blocks, rf"^PHỤ LỤC {n}$") for n in ("I", "II", "III"))
    if None in (pl1, pl2, pl3):
        problems.add("document", "Phụ lục I/II/III headings not found")
        return None, problems, warnings
    classification = extract_classification(blocks, pl1, pl2, problems)
    leaves = {n["set_number"]: n for n in classification if n["set_number"]}
    located = locate_sets(blocks, pl3, problems)
    if len(located) != EXPECTED_SETS:
        problems.add("Phụ lục III", f"found {len(located)} scorecards, expected {EXPECTED_SETS}")
    unknown = {e["set"] for e in errata} - {s["number"] for s in located}
    if unknown:
        raise ErrataMismatchError(f"errata for unknown sets {sorted(unknown)}")

    product_sets = []
    for loc in located:
        n = loc["number"]
        set_errata = [e for e in errata if e["set"] == n]
        lines = expand_rows(loc["blocks"], problems, f"set {n}")
        apply_label_errata(n, lines, set_errata)
        raw = parse_scorecard(n, lines, problems)
        apply_insertions(n, raw["parts"], set_errata)
        apply_errata(n, raw["parts"], [e for e in set_errata if e["field"] in TREE_FIELDS])
        parts = build_set(n, raw["parts"], problems)
        apply_shortfalls(n, parts, set_errata)
        dossier = [{"id": "HS" if not i else f"HS{i + 1}", "text_vi": t}
                   for i, t in enumerate(raw["dossier"])]
        leaf = leaves.get(n)
        if leaf is None:
            problems.add(f"set {n}", "no Phụ lục I leaf for this set number")
        s = {
            "number": n,
            "name_vi": loc["heading"],
            "index_name_vi": loc["index_name"],
            "classification_code": leaf["code"] if leaf else None,
            "header_vi": raw["header_vi"],
            "dossier_disqualifiers": dossier,
            "parts": parts,
            "footer_vi": raw["footer"],
            "errata_applied": [dict(e) for e in set_errata],
        }
        validate_set(s, problems, warnings)
        product_sets.append(s)
    data = {
        "format": FORMAT,
        "decision": decision,
        "source": {"file": DOC_NAME, "sha256": digest, "converter": "antiword -x db",
                   "text_repairs": dict(sorted(repairs.items()))},
        "classification": classification,
        "product_sets": product_sets,
    }
    return data, problems, warnings


def render_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render_errata(errata: list[dict]) -> str:
    text = render_errata_md(errata)
    text = text.replace("# Errata applied to Decision 26/2026/QĐ-TTg",
                        "# Errata applied to Decision 1048/QĐ-TTg (2019)")
    text = text.replace("tools/extract_qd26.py from tools/errata.json",
                        "tools/extract_1048.py from tools/errata-1048.json")
    head, _, rest = text.partition("\n\nThe scorecards")
    _, _, table = rest.partition("\n\n")
    intro = (
        "The scorecards in `src/ocopkit/data/qd-1048-2019.json` are extracted from the\n"
        "official Word file of the decision (not in the repository; see\n"
        "`tools/extract_1048.py`). Where the file is evidently wrong, the correction is\n"
        "recorded in `tools/errata-1048.json` and listed here; the extractor applies an\n"
        "entry only if the file still shows `source_value`. The comparison with two\n"
        "unofficial transcriptions is in [the oracle report](reference-1048-oracle.md)."
    )
    return f"{head}\n\n{intro}\n\n{table}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--doc", type=Path, default=None, help="the 1048 Word file")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if the committed outputs differ from a fresh extraction")
    ap.add_argument("--warnings", action="store_true", help="print audit warnings")
    args = ap.parse_args(argv)
    try:
        data, problems, warnings = extract(args.doc or default_doc())
        errata = load_errata(ERRATA_PATH)
    except SourceMissingError as exc:
        print(f"SOURCE MISSING: {exc}", file=sys.stderr)
        return 4
    except ErrataMismatchError as exc:
        print(f"ERRATA MISMATCH: {exc}", file=sys.stderr)
        return 3
    if report(problems, warnings, args.warnings, data is None):
        return 2
    outputs = {JSON_PATH: render_json(data), ERRATA_MD_PATH: render_errata(errata)}
    return write_or_check(outputs, args.check, "python tools/extract_1048.py")


if __name__ == "__main__":
    sys.exit(main())
