"""Output of the command line: language-aware text, tables, problem lists."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any, TextIO

import attrs

from ocopkit.errors import Problem
from ocopkit.io import RegistryImport
from ocopkit.scoring import stars_text

__all__ = ["Out", "short", "stars", "table", "warn", "width"]


class Out:
    """Language-aware output to stdout (and problems to stderr)."""

    def __init__(self, lang: str, as_json: bool) -> None:
        self.lang = lang
        self.json = as_json

    def t(self, en: str, vi: str) -> str:
        """Pick a label: ``en``, ``vi`` or ``"vi / en"``."""
        if self.lang == "en":
            return en
        if self.lang == "vi":
            return vi
        return vi if vi == en else f"{vi} / {en}"

    def print(self, text: str = "") -> None:
        print(text, file=sys.stdout)

    def dump(self, data: Any) -> None:
        print(json.dumps(data, ensure_ascii=False, indent=2), file=sys.stdout)

    def problems(self, problems: Sequence[Problem], head: str | None = None,
                 stream: TextIO | None = None) -> None:
        """Print ``problems`` (to stderr by default) under a ``head`` of the form ``en / vi``."""
        out = stream or sys.stderr
        n = len(problems)
        count = self.t(f"{n} problem{'s' if n != 1 else ''}", f"{n} lỗi")
        if head:
            en, _, vi = head.partition(" / ")
            title = f"{self.t(en, vi or en)} — {count}"
        else:
            title = count
        print(title + ":", file=out)
        for p in problems:
            print("  " + p.format(self.lang), file=out)


def width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]],
          align: str | None = None) -> str:
    """An aligned text table; ``align`` has one ``l``/``r`` per column."""
    cols = len(headers)
    widths = [width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], width(cell))
    spec = align or "l" * cols

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - width(cell))
            parts.append(pad + cell if spec[i] == "r" else cell + pad)
        return "  ".join(parts).rstrip()

    out = [line(headers), "  ".join("─" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return "\n".join(out)


def stars(count: int | None) -> str:
    return stars_text(count)


def short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def warn(out: Out, found: RegistryImport | None) -> int:
    """Print what a registry import read, kept and refused per file, its problems grouped
    by code with counts, then each problem (``--json``: all of it as JSON, on stderr); the
    exit code (1 when an error or a warning remains, notes aside)."""
    if found is None:
        return 0
    if out.json:
        print(json.dumps({
            "files": [attrs.asdict(f) for f in found.files],
            "by_code": {code: {"severity": sev, "count": n}
                        for code, (sev, n) in found.by_code().items()},
            "problems": [attrs.asdict(p) for p in found.problems],
        }, ensure_ascii=False, indent=2), file=sys.stderr)
        return 0 if found.ok else 1
    for f in found.files:
        print(out.t(f"{f.source}: {f.read} rows read, {f.kept} kept, {f.refused} refused",
                    f"{f.source}: đọc {f.read} dòng, giữ {f.kept}, loại {f.refused}"),
              file=sys.stderr)
    if found.problems:
        print(out.t("Problems by code:", "Lỗi theo mã:"), file=sys.stderr)
        for code, (sev, n) in found.by_code().items():
            print(f"  {n:>5}  {code} ({sev})", file=sys.stderr)
        out.problems(found.problems, "data problems / lỗi dữ liệu")
    return 0 if found.ok else 1
