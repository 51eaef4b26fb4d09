"""Output of the command line: words in the chosen language, text fitted to the
terminal's width and safe to show, tables, problem lists, JSON.

Every line is fitted to :attr:`Out.width` — ``COLUMNS`` when set, else the terminal's
width, else 80 — measured in display columns (:func:`ocopkit.layout.width`); prose wraps
at spaces with a hanging indent, tables wrap the text of their cells (never a figure).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Any, TextIO

import attrs

from ocopkit.errors import Problem, count_text
from ocopkit.io import RegistryImport, to_dict
from ocopkit.layout import fit, table
from ocopkit.scoring import stars_text
from ocopkit.text import bilingual, day, number, split_bilingual

from ._streams import StreamError, escape, escape_json, is_utf8

__all__ = ["MAX_WIDTH", "MIN_WIDTH", "Out", "stars", "terminal_width", "warn"]

#: The narrowest and widest output the command line lays out (``COLUMNS`` is clamped).
MIN_WIDTH = 40
MAX_WIDTH = 1000

_SEVERITY = {"error": ("lỗi", "error"), "warning": ("cảnh báo", "warning"),
             "note": ("ghi chú", "note")}


def terminal_width() -> int:
    """``COLUMNS``, else the terminal's width, else 80 (clamped to 40–1000)."""
    columns = shutil.get_terminal_size((80, 24)).columns
    return max(MIN_WIDTH, min(MAX_WIDTH, columns or 80))


def write(stream: TextIO | None, text: str, *, stdout: bool) -> None:
    """Write ``text``; standard output that cannot take it raises :class:`StreamError`
    (a closed pipe raises :class:`BrokenPipeError`, which the caller ends quietly);
    standard error that cannot take it is given up (there is nowhere left to say so)."""
    if stream is None:
        if stdout:
            raise StreamError(None)
        return
    try:
        stream.write(text)
    except BrokenPipeError:
        if stdout:
            raise
    except (OSError, ValueError) as exc:
        if stdout:
            raise StreamError(exc if isinstance(exc, OSError) else None) from None


class Out:
    """Language-aware output to standard output (and problems to standard error)."""

    def __init__(self, lang: str, as_json: bool, width: int | None = None) -> None:
        self.lang = lang
        self.json = as_json
        self.width = terminal_width() if width is None else width

    # ------------------------------------------------------------------ words
    def t(self, vi: str, en: str) -> str:
        """``vi``, ``en`` or ``"vi / en"`` (:func:`ocopkit.text.bilingual`)."""
        return bilingual(vi, en, self.lang)

    def cell(self, vi: str, en: str) -> str:
        """Words for a table cell or header: ``"both"`` puts each language on its line."""
        return bilingual(vi, en, self.lang, sep="\n")

    def pair(self, text: str) -> str:
        """A ``"… / …"`` text of either order in the chosen language."""
        return bilingual(*split_bilingual(text), self.lang)

    def day(self, value: date) -> str:
        return day(value, self.lang)

    def num(self, value: int | Fraction) -> str:
        return number(value, self.lang)

    # ------------------------------------------------------------------ writing
    def print(self, text: str = "", *, wrap: bool = True) -> None:
        """One or more lines on standard output, escaped and fitted to the width."""
        safe = escape(text)
        write(sys.stdout, (fit(safe, self.width) if wrap else safe) + "\n", stdout=True)

    def err(self, text: str) -> None:
        """One or more lines on standard error, escaped and fitted to the width."""
        write(sys.stderr, fit(escape(text), self.width) + "\n", stdout=False)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
              align: str | None = None) -> None:
        """Print a table that fits the width (see :func:`ocopkit.layout.table`)."""
        self.print(table([escape(h) for h in headers],
                         [[escape(c) for c in row] for row in rows], align,
                         width=self.width), wrap=False)

    def json_text(self, data: Any) -> str:
        """``data`` as JSON: UTF-8 with unsafe characters escaped, or all-ASCII when
        standard output does not encode UTF-8."""
        ascii_only = sys.stdout is not None and not is_utf8(sys.stdout)
        return escape_json(json.dumps(data, ensure_ascii=ascii_only, indent=2))

    def dump(self, data: Any) -> None:
        write(sys.stdout, self.json_text(data) + "\n", stdout=True)

    # ------------------------------------------------------------------ problems
    def problems(self, problems: Sequence[Problem], head: str | None = None,
                 stream: TextIO | None = None) -> None:
        """Print ``problems`` (to standard error unless ``stream``) under ``head``, a
        ``"… / …"`` summary in either order."""
        count = count_text(len(problems), self.lang)
        title = f"{self.pair(head)} — {count}" if head else count
        lines = [title + ":", *(f"  {p.format(self.lang)}" for p in problems)]
        if stream is sys.stdout:
            self.print("\n".join(lines))
        else:
            self.err("\n".join(lines))

    def failure(self, kind: str, code: int, problems: Sequence[Problem],
                summary: str | None = None) -> int:
        """Report an error that ends the command: the problem list on standard error,
        or with ``--json`` the error document on standard output; return ``code``.

        The error document: ``{"ok": false, "error": kind, "exit_code": code,
        "summary": {"vi": …, "en": …} | null, "problems": [problem, …]}``.
        """
        if self.json:
            vi, en = split_bilingual(summary) if summary else (None, None)
            self.dump({"ok": False, "error": kind, "exit_code": code,
                       "summary": None if summary is None else {"vi": vi, "en": en},
                       "problems": [to_dict(p) for p in problems]})
        else:
            self.problems(problems, summary)
        return code


def stars(count: int | None) -> str:
    return stars_text(count)


def warn(out: Out, found: RegistryImport | None) -> int:
    """Print what a registry import read, kept and refused per file, its problems grouped
    by code with counts, then each problem (``--json``: all of it as JSON, on standard
    error); the exit code (1 when an error or a warning remains, notes aside)."""
    if found is None:
        return 0
    if out.json:
        write(sys.stderr, out.json_text({
            "files": [attrs.asdict(f) for f in found.files],
            "by_code": {code: {"severity": sev, "count": n}
                        for code, (sev, n) in found.by_code().items()},
            "problems": [attrs.asdict(p) for p in found.problems],
        }) + "\n", stdout=False)
        return 0 if found.ok else 1
    for f in found.files:
        out.err(out.t(f"{f.source}: đọc {f.read} dòng, giữ {f.kept}, loại {f.refused}",
                      f"{f.source}: {f.read} rows read, {f.kept} kept, {f.refused} refused"))
    if found.problems:
        out.err(out.t("Lỗi theo mã:", "Problems by code:"))
        for code, (sev, n) in found.by_code().items():
            out.err(f"  {n:>5}  {code} ({out.t(*_SEVERITY.get(sev, (sev, sev)))})")
        out.problems(found.problems, "lỗi dữ liệu / data problems")
    return 0 if found.ok else 1
