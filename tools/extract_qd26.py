#!/usr/bin/env python3
"""Deterministic extractor for Decision 26/2026/QĐ-TTg (OCOP product rating).

Reads ONLY ``tools/sources/qd-26-2026-QD-TTg.html`` (plus the hand-maintained
``tools/errata.json``) and writes:

* ``src/ocopkit/data/qd-26-2026.json`` -- Phụ lục I (classification) and the 26
  scorecards of Phụ lục II;
* ``docs/reference-errata.md`` -- generated list of every erratum.

Usage::

    python tools/extract_qd26.py            # (re)write both outputs
    python tools/extract_qd26.py --check    # exit 1 if committed outputs are stale

Exit codes: 0 ok, 1 ``--check`` found a difference, 2 validation / parse problems
(nothing is written), 3 an erratum no longer matches the source.

Stdlib only. Nothing in the source is corrected in code -- every correction is
an entry of ``tools/errata.json`` (fields ``points``, ``max_points``,
``label_points`` on the parsed tree, ``label`` on a raw table row; each entry is
applied only if the source shows ``source_value``, else exit 3).

Conventions (see also ``parse_scorecard`` and ``build_set``):

* set ``name_vi`` is the scorecard's own heading without "N." / "Bộ sản
  phẩm:"; ``index_name_vi`` its label in the index table that opens Phụ lục II
  (set 21: "Thủ công mỹ nghệ"; ocopkit accepts both as names);
  ``classification_code`` is the N-th leaf of Phụ lục I (names are cross-checked
  loosely, they differ in wording);
* part / group names printed in capitals are sentence-cased; a group heading's
  parenthetical or second paragraph goes to its criterion's ``notes_vi``
  (outer parentheses removed); other note rows are kept verbatim;
* notes are attached to the innermost open criterion (the one above them);
  "Bị loại ..." / "Không đánh giá những sản phẩm ..." -> disqualifier kind
  ``eliminate``; "... không đánh giá các bước tiếp theo" / "Không xem xét các
  chỉ tiêu khác ..." -> kind ``stop`` (label "Ghi chú:"/"Chú ý:" removed);
  a stop note that names its own condition as a score -- "Nếu được 0 điểm tại một
  trong các chỉ tiêu trên" (set 16, under 6.4) -- gets ``when_zero``: the criteria
  of its group from the first up to the one it is attached to ("các chỉ tiêu
  trên": 6.1-6.4), so that the scores decide it; every other stop note describes
  what the evaluators see (impurities, a missing declaration) and stays a flag;
  "Chỉ áp dụng khi có X" -> ``applies_when`` on the criterion named X, rule
  ``nonzero``;
* set 26 criteria 8, 9, 15 offer two alternative cases ("a. Trường hợp 1: ...",
  "b. Trường hợp 2: ..."): all options stay in one criterion, each prefixed
  with "[Trường hợp k: ...] ", and the case rows are kept in ``notes_vi``;
* star marks may be spaced ("* * * *", set 3 criterion 5.1): counted, and
  reported by ``--warnings``.
"""

from __future__ import annotations

import argparse
import hashlib
import html.parser
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML_REL = "tools/sources/qd-26-2026-QD-TTg.html"
HTML_PATH = ROOT / HTML_REL
ERRATA_PATH = ROOT / "tools" / "errata.json"
JSON_PATH = ROOT / "src" / "ocopkit" / "data" / "qd-26-2026.json"
ERRATA_MD_PATH = ROOT / "docs" / "reference-errata.md"

FORMAT = 1
EXPECTED_PARTS = {"A": 40, "B": 25, "C": 35}
EXPECTED_TOTAL = 100
EXPECTED_SETS = 26

# --------------------------------------------------------------------------
# text helpers
# --------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """NFC-normalise, map NBSP & co. to spaces, collapse whitespace, strip."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    return _WS.sub(" ", text).strip()


def sentence_case(text: str) -> str:
    """'TỔ CHỨC SẢN XUẤT' -> 'Tổ chức sản xuất'; mixed-case text is kept."""
    text = norm(text)
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        low = text.lower()
        return low[:1].upper() + low[1:]
    return text


def strip_outer_parens(text: str) -> str:
    """'(abc)' -> 'abc' when the parentheses enclose the whole text."""
    if text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i != len(text) - 1:
                return text
        return text[1:-1].strip()
    return text


# --------------------------------------------------------------------------
# HTML -> flat list of blocks (paragraphs outside tables, tables of cells)
# --------------------------------------------------------------------------


class _BlockParser(html.parser.HTMLParser):
    """Collects top-level <p> paragraphs and top-level tables.

    A table is a list of rows; a row is a list of cells; a cell is a list of
    normalised paragraph strings (one per <p>, text outside <p> forms its own
    paragraph). <sup> content (footnote markers) is dropped.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[dict] = []
        self._depth = 0
        self._table: list | None = None
        self._row: list | None = None
        self._cell: list | None = None
        self._para: list[str] | None = None
        self._loose: list[str] = []
        self._sup = 0

    # paragraphs -----------------------------------------------------------
    def _flush_loose(self) -> None:
        if self._cell is not None and self._loose:
            t = norm("".join(self._loose))
            if t:
                self._cell.append(t)
        self._loose = []

    def _end_para(self) -> None:
        if self._para is None:
            return
        t = norm("".join(self._para))
        self._para = None
        if self._cell is not None:
            self._cell.append(t)
        elif self._depth == 0:
            self.blocks.append({"type": "p", "text": t})

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._end_para()
            self._depth += 1
            if self._depth == 1:
                self._table = []
        elif self._depth > 1:
            return
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._loose = []
        elif tag == "p":
            self._end_para()
            self._flush_loose()
            self._para = []
        elif tag == "br":
            if self._para is not None:
                self._para.append(" ")
            else:
                self._loose.append(" ")
        elif tag == "sup":
            self._sup += 1

    def handle_endtag(self, tag):
        if tag == "table":
            self._end_para()
            if self._depth == 1 and self._table is not None:
                self.blocks.append({"type": "table", "rows": self._table})
                self._table = None
            self._depth -= 1
        elif self._depth > 1:
            return
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._end_para()
            self._flush_loose()
            self._row.append([p for p in self._cell if p])
            self._cell = None
        elif tag == "p":
            self._end_para()
        elif tag == "sup":
            self._sup -= 1

    def handle_data(self, data):
        if self._sup or self._depth > 1:
            return
        if self._para is not None:
            self._para.append(data)
        elif self._cell is not None:
            self._loose.append(data)


def parse_blocks(html_text: str) -> list[dict]:
    p = _BlockParser()
    p.feed(html_text)
    p.close()
    return p.blocks


# --------------------------------------------------------------------------
# problems
# --------------------------------------------------------------------------


class Problems(list):
    def add(self, where: str, msg: str) -> None:
        self.append(f"{where}: {msg}")


class ErrataMismatchError(Exception):
    pass


# --------------------------------------------------------------------------
# decision metadata and Phụ lục I
# --------------------------------------------------------------------------


def find_para(blocks, pattern, start=0, end=None):
    rx = re.compile(pattern)
    end = len(blocks) if end is None else end
    for i in range(start, end):
        b = blocks[i]
        if b["type"] == "p" and rx.search(b["text"]):
            return i
    return None


def next_table(blocks, start):
    for i in range(start, len(blocks)):
        if blocks[i]["type"] == "table":
            return i
    return None


def extract_decision(blocks, problems):
    number = date = title = None
    first = blocks[next_table(blocks, 0)]
    for row in first["rows"]:
        for cell in row:
            t = " ".join(cell)
            m = re.search(r"Số:\s*(\S+)", t)
            if m:
                number = m.group(1)
            m = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", t)
            if m:
                d, mo, y = (int(x) for x in m.groups())
                date = f"{y:04d}-{mo:02d}-{d:02d}"
    i = find_para(blocks, r"^QUYẾT ĐỊNH$")
    if i is not None:
        title = sentence_case(blocks[i + 1]["text"])
    for k, v in (("number", number), ("date", date), ("title_vi", title)):
        if not v:
            problems.add("decision", f"could not find {k}")
    return {"number": number, "date": date, "title_vi": title}


_ROMAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X)$")


def extract_classification(blocks, pl1, pl2, problems):
    """Phụ lục I table: rows 'STT | Phân loại | Cơ quan chủ trì'.

    STT is a Roman numeral (sector), an Arabic number (group, 'Nhóm:') or a
    letter (subgroup, 'Phân nhóm:'). A group without subgroups is itself a
    leaf. Leaves are numbered 1..26 in source order; that number is the
    Phụ lục II scorecard ('set') number (checked against names in build()).
    """
    ti = next_table(blocks, pl1)
    if ti is None or ti > pl2:
        problems.add("Phụ lục I", "table not found")
        return []
    nodes: list[dict] = []
    sector = group = None
    for r, row in enumerate(blocks[ti]["rows"]):
        cells = [" ".join(c) for c in row]
        if r == 0 and cells and cells[0] == "STT":
            continue
        if len(cells) != 3:
            problems.add("Phụ lục I", f"row {r}: expected 3 cells, got {cells!r}")
            continue
        stt, name, ministry = cells
        ministries = [norm(x) for x in ministry.split(";") if norm(x)]
        if _ROMAN.match(stt):
            sector = {
                "code": stt,
                "level": "sector",
                "name_vi": sentence_case(name),
                "parent": None,
                "ministries_vi": ministries,
                "set_number": None,
            }
            group = None
            nodes.append(sector)
        elif re.fullmatch(r"\d+", stt) and sector:
            m = re.match(r"^Nhóm:\s*(.+)$", name)
            if not m:
                problems.add("Phụ lục I", f"group row without 'Nhóm:': {name!r}")
                continue
            group = {
                "code": f"{sector['code']}.{stt}",
                "level": "group",
                "name_vi": m.group(1),
                "parent": sector["code"],
                "ministries_vi": ministries,
                "set_number": None,
            }
            nodes.append(group)
        elif re.fullmatch(r"[a-z]", stt) and group:
            m = re.match(r"^Phân nhóm:\s*(.+)$", name)
            if not m:
                problems.add("Phụ lục I", f"subgroup row without 'Phân nhóm:': {name!r}")
                continue
            nodes.append(
                {
                    "code": f"{group['code']}.{stt}",
                    "level": "subgroup",
                    "name_vi": m.group(1),
                    "parent": group["code"],
                    "ministries_vi": ministries,
                    "set_number": None,
                }
            )
        else:
            problems.add("Phụ lục I", f"unrecognised row {cells!r}")
    parents = {n["parent"] for n in nodes}
    n = 0
    for node in nodes:
        is_leaf = node["code"] not in parents and node["level"] != "sector"
        if is_leaf:
            n += 1
            node["set_number"] = n
            if not node["ministries_vi"]:
                problems.add("Phụ lục I", f"leaf {node['code']} has no ministry")
        elif node["ministries_vi"]:
            problems.add("Phụ lục I", f"non-leaf {node['code']} has a ministry")
    return nodes


# --------------------------------------------------------------------------
# Phụ lục II: locating the 26 scorecards
# --------------------------------------------------------------------------

_SET_HEAD = re.compile(r"^(?:(\d+)\.\s*)?(?:Bộ sản phẩm:\s*)?(.+)$")


def locate_sets(blocks, pl2, pl3, problems):
    """Return [(number, heading_name, header_vi, [paragraphs], table_rows)].

    The index table right after the 'PHỤ LỤC II' heading lists the 26 sets;
    each scorecard is a heading paragraph followed by header paragraphs and
    one table. A scorecard heading is the first paragraph after the previous
    scorecard (or the index) that is followed by a '(Sản phẩm: ...)' line.
    """
    idx_t = next_table(blocks, pl2)
    index = {}
    for row in blocks[idx_t]["rows"][1:]:
        num, text = (" ".join(c) for c in row)
        index[int(num)] = re.sub(r"^Bộ sản phẩm:\s*", "", text)
    sets = []
    i = idx_t + 1
    expected = 1
    while i < pl3:
        b = blocks[i]
        if b["type"] == "p" and b["text"] and i + 1 < pl3:
            nxt = next(
                (k for k in range(i + 1, pl3) if blocks[k]["type"] != "p" or blocks[k]["text"]),
                None,
            )
            if (
                nxt is not None
                and blocks[nxt]["type"] == "p"
                and re.match(r"^\(\s*Sản phẩm\s*:", blocks[nxt]["text"])
            ):
                m = _SET_HEAD.match(b["text"])
                num = int(m.group(1)) if m.group(1) else None
                if num is None:
                    problems.add(
                        f"set {expected}",
                        f"heading lacks its number ({b['text']!r}); numbered by position",
                    )
                    num = expected
                if num != expected:
                    problems.add(f"set {expected}", f"heading number {num} out of sequence")
                tbl = next_table(blocks, nxt)
                paras = [
                    blocks[k]["text"]
                    for k in range(nxt + 1, tbl)
                    if blocks[k]["type"] == "p" and blocks[k]["text"]
                ]
                header = strip_outer_parens(blocks[nxt]["text"])
                sets.append(
                    {
                        "number": num,
                        "heading": m.group(2),
                        "index_name": index.get(num),
                        "header_vi": header,
                        "paras": paras,
                        "rows": blocks[tbl]["rows"],
                    }
                )
                expected += 1
                i = tbl + 1
                continue
        i += 1
    return sets, index


# --------------------------------------------------------------------------
# scorecard table -> raw tree
# --------------------------------------------------------------------------

_PART = re.compile(r"^Phần\s+([A-Z])\b\s*:?\s*(.*)$", re.IGNORECASE)
_PART_PTS = re.compile(r"\(\s*(\d+)\s*điểm\s*\)\s*$", re.IGNORECASE)
_SUB = re.compile(r"^(\d+)\.(\d+)\.(\d+)\.?\s+(.+)$")
_CRIT = re.compile(r"^(\d+)\.(\d+)\.?\s+(.+)$")
_GROUP = re.compile(r"^(\d+)\.\s+(.+)$")
_OPTION = re.compile(r"^[□☐❑■◻o]\s+(.*)$")
_CASE = re.compile(r"^([a-z])\.\s+(Trường hợp\s+\d+)\s*:\s*(.+)$")
_STARS = re.compile(r"\*(?:\s*\*)*")
_TOTAL = re.compile(r"^TỔNG CỘNG$", re.IGNORECASE)
_HEADER = re.compile(r"^Các tiêu chí$")

_STOP = re.compile(
    r"không đánh giá các bước tiếp theo|không xem xét các chỉ tiêu khác", re.IGNORECASE
)
_ELIM = re.compile(r"bị loại|không đánh giá những sản phẩm", re.IGNORECASE)
# a stop decided by the scores: "Nếu được 0 điểm tại một trong các chỉ tiêu trên"
_ZERO_STOP = re.compile(r"được 0 điểm tại một trong các chỉ tiêu trên", re.IGNORECASE)
_APPLIES = re.compile(r"^Chỉ áp dụng (?:khi|nếu|đối với) (?:sản phẩm )?có (.+?)\.?$", re.IGNORECASE)
_NOTE_LABEL = re.compile(r"^(?:Ghi chú|Chú ý|Lưu ý)\s*:\s*", re.IGNORECASE)


def parse_points(text: str):
    """'' -> None, '3' -> 3, anything else -> the raw string (a problem)."""
    t = norm(text)
    if t == "":
        return None
    if re.fullmatch(r"\d+", t):
        return int(t)
    return t


def split_stars(text: str):
    """Return (text_without_stars, star_count or None, oddities list)."""
    odd = []
    runs = list(_STARS.finditer(text))
    if not runs:
        return text, None, odd
    if len(runs) > 1:
        odd.append(f"several star runs in {text!r}")
    run = runs[-1]
    stars = run.group(0).count("*")
    if text[run.end() :].strip():
        odd.append(f"star mark not at the end of the text: {text!r}")
    if " " in run.group(0):
        odd.append(f"spaced star mark {run.group(0)!r}")
    if stars not in (3, 4, 5):
        odd.append(f"{stars} stars is not a valid mark")
    clean = norm(text[: run.start()] + " " + text[run.end() :])
    return clean, stars, odd


def parse_scorecard(set_no, rows, errata, problems, warnings):
    """Turn one scorecard table into a raw tree.

    Row kinds (first cell = label paragraphs, second cell = points):
    'Phần X: ... (N Điểm)' part; 'N. NAME' group; 'N.M. name' criterion;
    'N.M.K. name' sub-criterion (flattened later); '□ text***' option (the
    bullet may also be 'o'); 'a. Trường hợp k: ...' case heading (set 26);
    'TỔNG CỘNG' total; anything else is a note attached to the innermost open
    node (criterion/sub-criterion, else group). Label errata (field 'label')
    are applied to rows here, before classification.
    """
    where = f"set {set_no}"
    label_errata = [e for e in errata if e["field"] == "label"]
    used_label = set()
    parts: list[dict] = []
    total = None
    part = group = crit = sub = None
    case = None
    for r, row in enumerate(rows):
        if len(row) == 2:
            label_paras, pts_text = row[0], " ".join(row[1])
        elif len(row) == 1:
            label_paras, pts_text = row[0], ""
        else:
            problems.add(where, f"row {r}: {len(row)} cells")
            continue
        if not label_paras and not pts_text:
            continue
        label = " ".join(label_paras)
        for k, e in enumerate(label_errata):
            if label == e["source_value"]:
                if k in used_label:
                    raise ErrataMismatchError(f"{where}: label erratum matches twice: {e}")
                used_label.add(k)
                label = e["value"]
                label_paras = [e["value"]]
        points = parse_points(pts_text)
        if _HEADER.match(label):
            continue
        if _TOTAL.match(label):
            total = points
            continue
        m = _PART.match(label)
        if m:
            name = m.group(2)
            lp = _PART_PTS.search(name)
            name = _PART_PTS.sub("", name).strip()
            part = {
                "id": m.group(1).upper(),
                "name_vi": sentence_case(name),
                "max_points": points,
                "label_points": int(lp.group(1)) if lp else None,
                "groups": [],
                "row": r,
            }
            parts.append(part)
            group = crit = sub = case = None
            continue
        m_opt = _OPTION.match(label_paras[0]) if label_paras else None
        if m_opt:
            node = sub or crit or group
            if node is None:
                problems.add(where, f"row {r}: option outside any criterion: {label!r}")
                continue
            text, stars, odd = split_stars(m_opt.group(1))
            for o in odd:
                warnings.append(f"{where} {node['id']}: {o}")
            if case:
                text = f"[{case}] {text}"
            node["options"].append({"text_vi": text, "points": points, "min_star": stars})
            for extra in label_paras[1:]:
                node["notes_raw"].append(extra)
            continue
        if _STARS.search(label):
            problems.add(where, f"row {r}: star mark on a non-option row: {label!r}")
        m = _SUB.match(label_paras[0]) if label_paras else None
        if m:
            cid = f"{m.group(1)}.{m.group(2)}"
            if not crit or crit["id"] != cid:
                problems.add(where, f"row {r}: sub-criterion {label!r} not under {cid}")
                continue
            sub = {
                "id": f"{cid}.{m.group(3)}",
                "name_vi": m.group(4),
                "max_points": points,
                "notes_raw": label_paras[1:],
                "options": [],
                "row": r,
            }
            crit["subs"].append(sub)
            case = None
            continue
        m = _CRIT.match(label_paras[0]) if label_paras else None
        if m:
            if not group or group["id"] != m.group(1):
                problems.add(where, f"row {r}: criterion {label!r} not under group {m.group(1)}")
                continue
            crit = {
                "id": f"{m.group(1)}.{m.group(2)}",
                "name_vi": m.group(3),
                "max_points": points,
                "notes_raw": label_paras[1:],
                "options": [],
                "subs": [],
                "row": r,
            }
            group["criteria"].append(crit)
            sub = case = None
            continue
        m = _GROUP.match(label_paras[0]) if label_paras else None
        if m and points is not None:
            if not part:
                problems.add(where, f"row {r}: group outside a part: {label!r}")
                continue
            head = m.group(2)
            notes = list(label_paras[1:])
            # 'TÍNH ĐỘC ĐÁO (Chất lượng: ...)' on one line: explanation -> notes
            pm = re.match(r"^([^(]*?)\s*(\(.*)$", head)
            if pm and pm.group(1):
                head, notes = pm.group(1), [pm.group(2), *notes]
            group = {
                "id": m.group(1),
                "name_vi": sentence_case(head),
                "max_points": points,
                "notes_raw": notes,
                "options": [],
                "criteria": [],
                "row": r,
            }
            part["groups"].append(group)
            crit = sub = case = None
            continue
        # ---- a note row
        if points is not None:
            problems.add(where, f"row {r}: unrecognised row with points {points!r}: {label!r}")
            continue
        node = sub or crit or group
        if node is None:
            problems.add(where, f"row {r}: note outside any group: {label!r}")
            continue
        m = _CASE.match(label)
        if m:
            case = f"{m.group(2)}: {m.group(3)}"
        node["notes_raw"].extend(label_paras)
    unused = [e for k, e in enumerate(label_errata) if k not in used_label]
    if unused:
        raise ErrataMismatchError(f"{where}: label errata not matched: {unused}")
    return parts, total


# --------------------------------------------------------------------------
# errata on the raw tree
# --------------------------------------------------------------------------


def _option_ids(owner_id, options):
    return [f"{owner_id}.{chr(ord('a') + i)}" for i in range(len(options))]


def raw_index(parts):
    """Map ids -> raw nodes: ('part', 'A'), ('group', '7'), ('criterion', '6.1.1'),
    ('option', '1.2.a'). A group with direct options is also criterion <id>."""
    idx = {}
    for p in parts:
        idx[("part", p["id"])] = p
        for g in p["groups"]:
            idx[("group", g["id"])] = g
            if g["options"]:
                idx[("criterion", g["id"])] = g
                for oid, o in zip(_option_ids(g["id"], g["options"]), g["options"], strict=True):
                    idx[("option", oid)] = o
            for c in g["criteria"]:
                idx[("criterion", c["id"])] = c
                for oid, o in zip(_option_ids(c["id"], c["options"]), c["options"], strict=True):
                    idx[("option", oid)] = o
                for s in c["subs"]:
                    idx[("criterion", s["id"])] = s
                    for oid, o in zip(
                        _option_ids(s["id"], s["options"]), s["options"], strict=True
                    ):
                        idx[("option", oid)] = o
    return idx


_FIELD_KEY = {
    "points": "points",
    "max_points": "max_points",
    "label_points": "label_points",
    "min_star": "min_star",
    "text_vi": "text_vi",
    "name_vi": "name_vi",
}


def apply_errata(set_no, parts, errata):
    idx = raw_index(parts)
    for e in errata:
        if e["field"] == "label":
            continue
        if e.get("option"):
            key = ("option", e["option"])
        elif e.get("criterion"):
            key = ("criterion", e["criterion"])
        elif e.get("group"):
            key = ("group", e["group"])
        elif e.get("part"):
            key = ("part", e["part"])
        else:
            raise ErrataMismatchError(f"set {set_no}: erratum without a target: {e}")
        node = idx.get(key)
        if node is None:
            raise ErrataMismatchError(f"set {set_no}: erratum target {key} not found: {e}")
        field = _FIELD_KEY.get(e["field"])
        if field is None:
            raise ErrataMismatchError(f"set {set_no}: unsupported erratum field: {e}")
        if node.get(field) != e["source_value"]:
            raise ErrataMismatchError(
                f"set {set_no}: erratum source_value {e['source_value']!r} does not match "
                f"source {node.get(field)!r} at {key}/{field}: {e}"
            )
        node[field] = e["value"]


# --------------------------------------------------------------------------
# raw tree -> output structure
# --------------------------------------------------------------------------


def classify_notes(notes_raw):
    """Split raw note paragraphs into (notes, disqualifiers, applies_phrase)."""
    notes, dqs, applies = [], [], None
    for raw in notes_raw:
        t = norm(raw)
        if not t:
            continue
        m = _APPLIES.match(t)
        if m:
            applies = (m.group(1), t)
            continue
        body = _NOTE_LABEL.sub("", t)
        if _STOP.search(t):
            dq = {"text_vi": strip_outer_parens(body), "kind": "stop"}
            if _ZERO_STOP.search(t):
                dq["_zero_above"] = True  # resolved to criterion ids by build_set
            dqs.append(dq)
        elif _ELIM.search(t):
            dqs.append({"text_vi": strip_outer_parens(body), "kind": "eliminate"})
        else:
            notes.append(strip_outer_parens(t))
    return notes, dqs, applies


def make_criterion(cid, name, max_points, notes_raw, options):
    notes, dqs, applies = classify_notes(notes_raw)
    crit = {
        "id": cid,
        "name_vi": norm(name),
        "max_points": max_points,
        "notes_vi": notes,
        "disqualifiers": [dict(id=f"{cid}.DQ{i + 1}", **d) for i, d in enumerate(dqs)],
        "applies_when": applies,
        "options": [],
        "synthesized_options": False,
    }
    if options:
        for oid, o in zip(_option_ids(cid, options), options, strict=True):
            crit["options"].append(
                {
                    "id": oid,
                    "text_vi": norm(o["text_vi"]),
                    "points": o["points"],
                    "min_star": o["min_star"],
                }
            )
    else:
        crit["synthesized_options"] = True
        crit["options"] = [
            {"id": f"{cid}.a", "text_vi": "Không", "points": 0, "min_star": None},
            {"id": f"{cid}.b", "text_vi": "Có", "points": max_points, "min_star": None},
        ]
    return crit


def resolve_zero_stops(criteria):
    """A stop note "Nếu được 0 điểm tại một trong các chỉ tiêu trên" under criterion k of a
    group names the criteria above it in the group, itself included ("các chỉ tiêu trên":
    the note closes the list 6.1-6.4 of set 16): ``when_zero`` lists them."""
    for k, c in enumerate(criteria):
        for d in c["disqualifiers"]:
            if d.pop("_zero_above", False):
                d["when_zero"] = [x["id"] for x in criteria[: k + 1]]


def build_set(set_no, parts_raw, problems):
    """Flattening rules:

    * a group with options directly under it -> one criterion, id = group id,
      name = group name, max = group max, group notes -> its notes_vi;
    * a criterion N.M with sub-criteria N.M.K -> the sub-criteria become the
      leaf criteria (ids 'N.M.K', name '<N.M name> - <N.M.K name>'); the
      N.M heading's max must equal the sum of its sub-criteria (validated) and
      its notes are prepended to the first sub-criterion's notes;
    * a group's own notes (explanation) when it has criteria -> notes of its
      first criterion.
    """
    where = f"set {set_no}"
    parts = []
    for p in parts_raw:
        groups = []
        for g in p["groups"]:
            criteria = []
            if g["options"] and g["criteria"]:
                problems.add(where, f"group {g['id']} has both options and criteria")
            if g["options"] or not g["criteria"]:
                criteria.append(
                    make_criterion(
                        g["id"], g["name_vi"], g["max_points"], g["notes_raw"], g["options"]
                    )
                )
            else:
                pending = list(g["notes_raw"])
                for c in g["criteria"]:
                    if c["subs"]:
                        if c["options"]:
                            problems.add(where, f"criterion {c['id']} has options and sub-criteria")
                        ssum = sum(
                            s["max_points"] for s in c["subs"] if isinstance(s["max_points"], int)
                        )
                        if ssum != c["max_points"]:
                            problems.add(
                                where,
                                f"criterion {c['id']} max {c['max_points']!r} != "
                                f"sum of sub-criteria {ssum}",
                            )
                        pending += c["notes_raw"]
                        for s in c["subs"]:
                            criteria.append(
                                make_criterion(
                                    s["id"],
                                    f"{norm(c['name_vi'])} - {norm(s['name_vi'])}",
                                    s["max_points"],
                                    pending + s["notes_raw"],
                                    s["options"],
                                )
                            )
                            pending = []
                    else:
                        criteria.append(
                            make_criterion(
                                c["id"],
                                c["name_vi"],
                                c["max_points"],
                                pending + c["notes_raw"],
                                c["options"],
                            )
                        )
                        pending = []
            resolve_zero_stops(criteria)
            groups.append(
                {
                    "id": g["id"],
                    "name_vi": g["name_vi"],
                    "max_points": g["max_points"],
                    "criteria": criteria,
                }
            )
        parts.append(
            {
                "id": p["id"],
                "name_vi": p["name_vi"],
                "max_points": p["max_points"],
                "groups": groups,
                "_label_points": p["label_points"],
            }
        )
    # applies_when: resolve 'Chỉ áp dụng khi có <phrase>' to the criterion so named
    all_crits = [c for p in parts for g in p["groups"] for c in g["criteria"]]
    for c in all_crits:
        if c["applies_when"] is None:
            continue
        phrase, text = c["applies_when"]
        target = next(
            (t for t in all_crits if t is not c and t["name_vi"].lower() == phrase.lower()), None
        )
        if target is None:
            problems.add(where, f"criterion {c['id']}: cannot resolve condition {text!r}")
            c["applies_when"] = None
            continue
        c["applies_when"] = {"criterion": target["id"], "rule": "nonzero", "text_vi": text}
    return parts


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------


def validate_set(s, total, problems, warnings):
    where = f"set {s['number']}"
    ids = []
    part_sum = 0
    if [p["id"] for p in s["parts"]] != list(EXPECTED_PARTS):
        problems.add(where, f"parts {[p['id'] for p in s['parts']]} != A, B, C")
    expected_gid = 1
    for p in s["parts"]:
        pw = f"{where} part {p['id']}"
        ids.append(("part", p["id"]))
        if p["max_points"] != EXPECTED_PARTS.get(p["id"]):
            problems.add(pw, f"max {p['max_points']!r} != {EXPECTED_PARTS.get(p['id'])}")
        if p["_label_points"] is not None and p["_label_points"] != p["max_points"]:
            problems.add(
                pw, f"label says ({p['_label_points']} Điểm) but cell says {p['max_points']!r}"
            )
        gsum = 0
        for g in p["groups"]:
            gw = f"{where} group {g['id']}"
            ids.append(("group", g["id"]))
            if g["id"] != str(expected_gid):
                problems.add(gw, f"group number out of sequence (expected {expected_gid})")
            expected_gid = int(g["id"]) + 1 if g["id"].isdigit() else expected_gid + 1
            if not isinstance(g["max_points"], int):
                problems.add(gw, f"max points {g['max_points']!r} is not an integer")
            else:
                gsum += g["max_points"]
            csum = 0
            for c in g["criteria"]:
                cw = f"{where} criterion {c['id']}"
                ids.append(("criterion", c["id"]))
                if c["id"] != g["id"] and not c["id"].startswith(g["id"] + "."):
                    problems.add(cw, f"not under group {g['id']}")
                if not isinstance(c["max_points"], int):
                    problems.add(cw, f"max points {c['max_points']!r} is not an integer")
                    continue
                csum += c["max_points"]
                pts = []
                for o in c["options"]:
                    ow = f"{where} option {o['id']}"
                    ids.append(("option", o["id"]))
                    if not isinstance(o["points"], int):
                        problems.add(
                            ow, f"points {o['points']!r} is not an integer ({o['text_vi'][:60]!r})"
                        )
                        continue
                    if o["points"] > c["max_points"] or o["points"] < 0:
                        problems.add(ow, f"points {o['points']} outside 0..{c['max_points']}")
                    if o["min_star"] not in (None, 3, 4, 5):
                        problems.add(ow, f"invalid min_star {o['min_star']!r}")
                    pts.append(o["points"])
                if pts and max(pts) != c["max_points"]:
                    problems.add(cw, f"max {c['max_points']} != max option points {max(pts)}")
                if pts != sorted(pts) or len(set(pts)) != len(pts):
                    warnings.append(f"{cw}: option points not strictly increasing: {pts}")
                for d in c["disqualifiers"]:
                    for zid in d.get("when_zero", ()):
                        zc = next((x for x in g["criteria"] if x["id"] == zid), None)
                        if zc is None or not any(o["points"] == 0 for o in zc["options"]):
                            problems.add(cw, f"{d['id']}: 0-point stop names {zid}, which has "
                                         "no 0-point option in the group")
                stars = [o["min_star"] for o in c["options"] if o["min_star"]]
                if stars != sorted(stars) or len(set(stars)) != len(stars):
                    warnings.append(f"{cw}: star marks not increasing: {stars}")
            if isinstance(g["max_points"], int) and csum != g["max_points"]:
                problems.add(gw, f"max {g['max_points']} != sum of criteria {csum}")
        if isinstance(p["max_points"], int) and gsum != p["max_points"]:
            problems.add(pw, f"max {p['max_points']} != sum of groups {gsum}")
        part_sum += p["max_points"] if isinstance(p["max_points"], int) else 0
    if part_sum != EXPECTED_TOTAL:
        problems.add(where, f"parts sum to {part_sum}, not {EXPECTED_TOTAL}")
    if total != EXPECTED_TOTAL:
        problems.add(where, f"TỔNG CỘNG cell is {total!r}, not {EXPECTED_TOTAL}")
    seen = set()
    for i in ids:
        if i in seen:
            problems.add(where, f"duplicate {i[0]} id {i[1]}")
        seen.add(i)


def cross_set_audit(sets, warnings):
    """Warn when the same (criterion name, option text) scores differently."""
    seen: dict[tuple, dict[int, list]] = {}
    for s in sets:
        for p in s["parts"]:
            for g in p["groups"]:
                for c in g["criteria"]:
                    for o in c["options"]:
                        if c["synthesized_options"]:
                            continue
                        key = (c["name_vi"].lower(), o["text_vi"].lower())
                        seen.setdefault(key, {}).setdefault(o["points"], []).append(
                            (s["number"], o["id"])
                        )
    for (cname, otext), by_pts in sorted(seen.items(), key=lambda kv: str(kv[0])):
        if len(by_pts) > 1:
            desc = "; ".join(
                f"{pts}: " + ", ".join(f"set {n} {oid}" for n, oid in sorted(v))
                for pts, v in sorted(by_pts.items(), key=lambda kv: str(kv[0]))
            )
            warnings.append(f"cross-set: {cname!r} / {otext[:70]!r} scored differently: {desc}")


# --------------------------------------------------------------------------
# main extraction
# --------------------------------------------------------------------------


def check_errata_entries(entries):
    required = {"set", "field", "source_value", "value", "reason_vi", "reason_en", "evidence"}
    for e in entries:
        missing = required - set(e)
        if missing:
            raise ErrataMismatchError(f"erratum missing {sorted(missing)}: {e}")
        if e["field"] not in _FIELD_KEY and e["field"] != "label":
            raise ErrataMismatchError(f"unsupported erratum field {e['field']!r}: {e}")
    return entries


def load_errata(path=ERRATA_PATH):
    if not Path(path).exists():
        return []
    return check_errata_entries(json.loads(Path(path).read_text(encoding="utf-8")))


def extract(html_path=HTML_PATH, errata_path=ERRATA_PATH, errata=None):
    """Return (data, problems, warnings). ``data`` is None if parsing failed.

    ``errata`` (a list of entries) overrides ``errata_path`` when given.
    Raises ErrataMismatchError when an erratum does not match the source.
    """
    problems, warnings = Problems(), []
    raw = Path(html_path).read_bytes()
    blocks = parse_blocks(raw.decode("utf-8"))
    errata = load_errata(errata_path) if errata is None else check_errata_entries(errata)

    decision = extract_decision(blocks, problems)
    pl1 = find_para(blocks, r"^PHỤ LỤC I$")
    pl2 = find_para(blocks, r"^PHỤ LỤC II$")
    pl3 = find_para(blocks, r"^PHỤ LỤC III$")
    if None in (pl1, pl2, pl3):
        problems.add("document", "Phụ lục I/II/III headings not found")
        return None, problems, warnings
    classification = extract_classification(blocks, pl1, pl2, problems)
    leaves = {n["set_number"]: n for n in classification if n["set_number"]}

    located, index = locate_sets(blocks, pl2, pl3, problems)
    if len(located) != EXPECTED_SETS:
        problems.add("Phụ lục II", f"found {len(located)} scorecards, expected {EXPECTED_SETS}")
    if sorted(index) != list(range(1, EXPECTED_SETS + 1)):
        problems.add("Phụ lục II", f"index lists sets {sorted(index)}")

    known_sets = {e["set"] for e in errata}
    unknown = known_sets - {s["number"] for s in located}
    if unknown:
        raise ErrataMismatchError(f"errata for unknown sets {sorted(unknown)}")

    product_sets = []
    for loc in located:
        n = loc["number"]
        set_errata = [e for e in errata if e["set"] == n]
        parts_raw, total = parse_scorecard(n, loc["rows"], set_errata, problems, warnings)
        apply_errata(n, parts_raw, set_errata)
        parts = build_set(n, parts_raw, problems)
        dossier = []
        for ptxt in loc["paras"]:
            m = re.match(r"^(?:Hồ sơ\s+)?bị loại khi\s*:\s*(.+)$", ptxt, re.IGNORECASE)
            if m:
                text = norm(m.group(1))
                if any(d["text_vi"] == text for d in dossier):
                    warnings.append(
                        f"set {n}: dossier disqualifier paragraph repeated verbatim (kept once)"
                    )
                    continue
                dossier.append(
                    {"id": "HS" if not dossier else f"HS{len(dossier) + 1}", "text_vi": text}
                )
        leaf = leaves.get(n)
        if leaf is None:
            problems.add(f"set {n}", "no Phụ lục I leaf for this set number")
        else:
            a = set(re.findall(r"\w+", leaf["name_vi"].lower()))
            b = set(re.findall(r"\w+", loc["heading"].lower()))
            if len(a & b) / max(1, min(len(a), len(b))) < 0.5:
                problems.add(
                    f"set {n}",
                    f"heading {loc['heading']!r} does not look like "
                    f"Phụ lục I leaf {leaf['code']} {leaf['name_vi']!r}",
                )
        s = {
            "number": n,
            "name_vi": loc["heading"],
            "classification_code": leaf["code"] if leaf else None,
            "index_name_vi": loc["index_name"],
            "header_vi": loc["header_vi"] or None,
            "dossier_disqualifiers": dossier,
            "parts": parts,
            "errata_applied": [dict(e) for e in set_errata],
        }
        validate_set(s, total, problems, warnings)
        product_sets.append(s)
    for n in leaves:
        if n not in {s["number"] for s in product_sets}:
            problems.add("Phụ lục I", f"leaf for set {n} has no scorecard")
    cross_set_audit(product_sets, warnings)

    # star marks -> mark_counts, drop private keys
    mark_counts = {}
    for s in product_sets:
        counts = {"3": 0, "4": 0, "5": 0}
        for p in s["parts"]:
            p.pop("_label_points", None)
            for g in p["groups"]:
                for c in g["criteria"]:
                    for o in c["options"]:
                        if o["min_star"]:
                            counts[str(o["min_star"])] += 1
        mark_counts[str(s["number"])] = counts

    data = {
        "format": FORMAT,
        "decision": decision,
        "source": {"path": HTML_REL, "sha256": hashlib.sha256(raw).hexdigest()},
        "classification": classification,
        "product_sets": product_sets,
        "mark_counts": mark_counts,
    }
    return data, problems, warnings


def render_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _fmt(v):
    return "(blank)" if v is None else f"`{v}`"


def render_errata_md(errata) -> str:
    lines = [
        "# Errata applied to Decision 26/2026/QĐ-TTg",
        "",
        "<!-- GENERATED by tools/extract_qd26.py from tools/errata.json; do not edit. -->",
        "",
        "The scorecards in `src/ocopkit/data/qd-26-2026.json` are extracted verbatim from",
        "the transcript `tools/sources/qd-26-2026-QD-TTg.html`. Where the transcript is",
        "defective, the correction is recorded in `tools/errata.json` and listed here; the",
        "extractor applies an entry only if the source still shows `source_value`.",
        "",
        f"{len(errata)} entries.",
        "",
        "| # | Set | Target | Field | Source value | Chosen value | Reason | Evidence |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i, e in enumerate(errata, 1):
        target = (
            e.get("option")
            or e.get("criterion")
            or (f"group {e['group']}" if e.get("group") else f"part {e.get('part')}")
        )
        if e.get("option") and e.get("criterion"):
            target = f"{e['criterion']} / {e['option']}"
        cells = [
            str(i),
            str(e["set"]),
            target,
            e["field"],
            _fmt(e["source_value"]),
            _fmt(e["value"]),
            f"{e['reason_en']} ({e['reason_vi']})",
            e["evidence"],
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the committed outputs differ from a fresh extraction",
    )
    ap.add_argument("--warnings", action="store_true", help="print audit warnings")
    args = ap.parse_args(argv)
    try:
        data, problems, warnings = extract()
        errata = load_errata()
    except ErrataMismatchError as exc:
        print(f"ERRATA MISMATCH: {exc}", file=sys.stderr)
        return 3
    if report(problems, warnings, args.warnings, data is None):
        return 2
    outputs = {JSON_PATH: render_json(data), ERRATA_MD_PATH: render_errata_md(errata)}
    return write_or_check(outputs, args.check, "python tools/extract_qd26.py")


def report(problems, warnings, show_warnings: bool, failed: bool) -> bool:
    """Print the warnings (on request) and the problems; whether extraction failed."""
    if show_warnings:
        for w in warnings:
            print(f"warning: {w}", file=sys.stderr)
    if problems or failed:
        print(f"{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return True
    return False


def write_or_check(outputs: dict, check: bool, rerun: str) -> int:
    """Write ``outputs`` ({path: text}), or with ``check`` compare them byte for byte
    with the committed files (exit code 1 and the stale paths when they differ)."""
    if check:
        stale = [
            p
            for p, text in outputs.items()
            if not p.exists() or p.read_text(encoding="utf-8") != text
        ]
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}", file=sys.stderr)
        if stale:
            print(f"run: {rerun}", file=sys.stderr)
            return 1
        print("ok: outputs are up to date")
        return 0
    for p, text in outputs.items():
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
