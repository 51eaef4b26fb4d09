#!/usr/bin/env python3
"""Independent oracle: count star marks per scorecard in the plain-text dump.

Deliberately shares no code with ``extract_qd26.py`` (which parses the HTML):
it splits ``tools/sources/qd-26-2026-QD-TTg.txt`` on the scorecard headings of
Phụ lục II and counts ``***`` / ``****`` / ``*****`` runs with plain regexes.

Quirks of the dump handled here:

* headings are "N. Bộ sản phẩm: ..." except set 12 ("12. Sản phẩm trà ..."),
  set 13 ("13. Sản phẩm cà phê ...") and set 19 (the "19." number is lost:
  "Bộ sản phẩm: Mỹ phẩm ..."); an unnumbered heading takes the next number;
* Phụ lục II opens with an index table whose rows also read "Bộ sản phẩm: ...";
  scanning starts at the first numbered heading ("1. Bộ sản phẩm:");
* each scorecard ends with the legend "Ghi chú: Dấu sao là yêu cầu tối thiểu
  ... (*** - 3 sao; **** - 4 sao; ***** - 5 sao)", which is cut off before
  counting;
* one mark is typed with spaces ("* * * *", set 3 criterion 5.1); runs of
  stars separated only by spaces/tabs are joined before counting.

Usage: python tools/count_marks.py [path-to-txt]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DEFAULT_TXT = Path(__file__).resolve().parent / "sources" / "qd-26-2026-QD-TTg.txt"

_HEADING = re.compile(r"^(?:(\d+)\.\s+)?(?:Bộ sản phẩm:|Sản phẩm\s)", re.MULTILINE)
_LEGEND = re.compile(r"Dấu\s+sao\s+là\s+yêu\s+cầu")
_SPACED = re.compile(r"\*(?:[ \t]+\*)+")
_MARKS = {
    3: re.compile(r"(?<!\*)\*{3}(?!\*)"),
    4: re.compile(r"(?<!\*)\*{4}(?!\*)"),
    5: re.compile(r"(?<!\*)\*{5}(?!\*)"),
}


def split_sets(text: str) -> dict[int, str]:
    start = re.search(r"^PHỤ LỤC II\s*$", text, re.MULTILINE)
    end = re.search(r"^PHỤ LỤC III\s*$", text, re.MULTILINE)
    if not start or not end:
        raise ValueError("Phụ lục II / III headings not found")
    body = text[start.end() : end.start()]
    first = re.search(r"^1\.\s+Bộ sản phẩm:", body, re.MULTILINE)
    if not first:
        raise ValueError("first scorecard heading not found")
    body = body[first.start() :]
    heads = []
    expected = 1
    for m in _HEADING.finditer(body):
        num = int(m.group(1)) if m.group(1) else expected
        if num != expected:
            raise ValueError(f"heading {m.group(0)!r}: expected set {expected}")
        heads.append((num, m.start()))
        expected += 1
    sections = {}
    for i, (num, pos) in enumerate(heads):
        stop = heads[i + 1][1] if i + 1 < len(heads) else len(body)
        sections[num] = body[pos:stop]
    return sections


def count_marks_in_text(path=DEFAULT_TXT) -> dict[int, dict[int, int]]:
    text = Path(path).read_text(encoding="utf-8")
    result = {}
    for num, section in split_sets(text).items():
        legend = _LEGEND.search(section)
        if legend:
            section = section[: legend.start()]
        section = _SPACED.sub(lambda m: m.group(0).replace(" ", "").replace("\t", ""), section)
        result[num] = {k: len(rx.findall(section)) for k, rx in _MARKS.items()}
    return result


if __name__ == "__main__":
    counts = count_marks_in_text(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_TXT)
    print("set  ***  ****  *****")
    for n, c in sorted(counts.items()):
        print(f"{n:>3}  {c[3]:>3}  {c[4]:>4}  {c[5]:>5}")
