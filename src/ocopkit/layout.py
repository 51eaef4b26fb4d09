"""Text laid out for a terminal: display width, wrapping and tables that fit a width.

Widths are *display* widths, in terminal columns, not ``len()``: a combining mark (a
Vietnamese tone mark written decomposed, NFD) takes no column, a wide East Asian
character takes two, a format character (zero-width joiner, bidi marks) none. Characters
of "ambiguous" East Asian width — ★, ✓, ✗, "…", "–" — take one column, as in every
Western and Vietnamese terminal (Unicode Standard Annex #11 leaves them to the context).

>>> import unicodedata
>>> width("Tỉnh"), width(unicodedata.normalize("NFD", "Tỉnh")), width("★★★"), width("中文")
(4, 4, 3, 4)
>>> print(table(["mã", "tên", "điểm"], [["1.1", "Nguồn nguyên liệu địa phương", "3"]],
...             "Llr", width=26))
mã   tên              điểm
───  ───────────────  ────
1.1  Nguồn nguyên        3
     liệu địa phương

Tables wrap or abbreviate the *text* of their columns (``l``), never a figure, an id or
a date (``L`` left-aligned, ``r`` right-aligned): when the figures alone are wider than
the width, the table is as narrow as they allow.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = [
    "COMFORTABLE",
    "MAX_WORD",
    "MIN_TEXT_COLUMN",
    "fit",
    "table",
    "truncate",
    "width",
    "wrap",
]

#: The narrowest a text column is squeezed to (a longer word is broken).
MIN_TEXT_COLUMN = 8
#: A text column is squeezed to its longest word, up to this many columns.
MAX_WORD = 16
#: The width a text column keeps before the headers of figure columns are wrapped.
COMFORTABLE = 20
_GAP = "  "


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    category = unicodedata.category(ch)
    if category in ("Mn", "Me", "Cf", "Cc", "Cs"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """The display width of one line of ``text``, in terminal columns."""
    if text.isascii():
        return sum(1 for ch in text if ch.isprintable())
    return sum(_char_width(ch) for ch in text)


def truncate(text: str, n: int) -> str:
    """``text`` cut to ``n`` columns, ending with ``…`` when cut."""
    if width(text) <= n:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = _char_width(ch)
        if used + w > n - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


def _break_word(word: str, n: int) -> list[str]:
    """A word longer than ``n`` columns, in pieces of at most ``n`` columns."""
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for ch in word:
        w = _char_width(ch)
        if used + w > n and current:
            pieces.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += w
    if current:
        pieces.append("".join(current))
    return pieces


def wrap(text: str, n: int, *, indent: str = "", subsequent: str | None = None) -> list[str]:
    """``text`` (one paragraph) wrapped at spaces into lines of at most ``n`` columns.

    ``indent`` starts the first line, ``subsequent`` (default: ``indent``) the others; a
    word longer than a line is broken.

    >>> wrap("chưa đạt tối thiểu hạng 5★", 12, subsequent="  ")
    ['chưa đạt tối', '  thiểu hạng', '  5★']
    """
    later = indent if subsequent is None else subsequent
    lines: list[str] = []
    line, used = indent, width(indent)
    empty = True
    for word in text.split(" "):
        if not word:
            continue
        w = width(word)
        lead = later if lines else indent
        if not empty and used + 1 + w <= n:
            line, used = f"{line} {word}", used + 1 + w
            continue
        if not empty:
            lines.append(line)
            lead = later
            line, used = lead, width(lead)
        room = max(1, n - width(lead))
        if w > room:
            pieces = _break_word(word, room)
            for piece in pieces[:-1]:
                lines.append(lead + piece)
            line, used = lead + pieces[-1], width(lead) + width(pieces[-1])
        else:
            line, used = lead + word, width(lead) + w
        empty = False
    lines.append(line)
    return lines


def fit(text: str, n: int | None, *, hang: int = 2) -> str:
    """Every line of ``text`` wrapped to ``n`` columns (``None``: unchanged), each
    continuation indented by the line's own indentation plus ``hang`` columns."""
    if n is None:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if width(line) <= n:
            out.append(line)
            continue
        body = line.lstrip(" ")
        lead = line[: len(line) - len(body)]
        out.extend(wrap(body, n, indent=lead, subsequent=lead + " " * hang))
    return "\n".join(out)


def _cell_lines(cell: str) -> list[str]:
    return cell.split("\n") if cell else [""]


def _longest_word(cell: str) -> int:
    return max((width(w) for line in _cell_lines(cell) for w in line.split(" ")), default=0)


def _natural(headers: Sequence[str], rows: Sequence[Sequence[str]], spec: str
             ) -> tuple[list[int], list[int]]:
    """Each column's natural width (its widest line) and the least it may take: a text
    column its longest word (at most :data:`MAX_WORD`, at least :data:`MIN_TEXT_COLUMN`),
    a figure column its widest figure and the longest word of its header."""
    natural, least = [], []
    for i, h in enumerate(headers):
        data = max((width(x) for r in rows for x in _cell_lines(r[i])), default=0)
        head = max((width(x) for x in _cell_lines(h)), default=0)
        words = max(_longest_word(h), *(_longest_word(r[i]) for r in rows)) if rows \
            else _longest_word(h)
        natural.append(max(data, head))
        if spec[i] == "l":
            least.append(min(natural[-1], max(MIN_TEXT_COLUMN, min(words, MAX_WORD))))
        else:
            least.append(max(data, _longest_word(h)))
    return natural, least


def _squeeze(natural: list[int], least: list[int], spec: str, total: int) -> list[int]:
    """Column widths within ``total`` columns: every column starts at its least width,
    then the text columns (``l``) share what is left (water filling: the narrowest reach
    their natural width first)."""
    gaps = len(_GAP) * (len(natural) - 1)
    if sum(natural) + gaps <= total:
        return natural
    widths = list(least)
    # a figure column keeps its header on one line when the text columns can still have
    # a comfortable width (their natural width, up to COMFORTABLE columns)
    fixed = [i for i, s in enumerate(spec) if s != "l"]
    comfortable = sum(min(natural[i], max(least[i], COMFORTABLE))
                      for i, s in enumerate(spec) if s == "l")
    if sum(natural[i] for i in fixed) + comfortable + gaps <= total:
        for i in fixed:
            widths[i] = natural[i]
    budget = total - gaps - sum(widths)
    flexible = [i for i, s in enumerate(spec) if s == "l" and widths[i] < natural[i]]
    while budget > 0 and flexible:
        share = max(1, budget // len(flexible))
        for i in sorted(flexible, key=lambda k: natural[k] - widths[k]):
            step = min(share, natural[i] - widths[i], budget)
            widths[i] += step
            budget -= step
        flexible = [i for i in flexible if widths[i] < natural[i]]
    return widths


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None,
          *, width: int | None = None) -> str:
    """An aligned text table that fits ``width`` columns (``None``: natural width).

    ``align`` has one letter per column: ``l`` text (left-aligned, wrapped to fit),
    ``L`` a left-aligned figure, id or date (never wrapped), ``r`` a right-aligned
    figure (never wrapped). A cell may hold several lines (``\\n``).
    """
    spec = align or "l" * len(headers)
    if len(spec) != len(headers) or any(len(r) != len(headers) for r in rows):
        raise ValueError("table: one alignment letter and one cell per column")
    natural, least = _natural(headers, rows, spec)
    widths = natural if width is None else _squeeze(natural, least, spec, width)

    def cells(row: Sequence[str]) -> list[list[str]]:
        out = []
        for i, cell in enumerate(row):
            lines: list[str] = []
            for part in _cell_lines(cell):
                lines.extend(wrap(part, widths[i]) if _display(part) > widths[i] else [part])
            out.append(lines)
        return out

    def render(row: Sequence[str]) -> list[str]:
        wrapped = cells(row)
        height = max(len(c) for c in wrapped)
        lines = []
        for k in range(height):
            parts = []
            for i, c in enumerate(wrapped):
                text = c[k] if k < len(c) else ""
                pad = " " * max(0, widths[i] - _display(text))
                parts.append(pad + text if spec[i] == "r" else text + pad)
            lines.append(_GAP.join(parts).rstrip())
        return lines

    out = render(headers)
    out.append(_GAP.join("─" * w for w in widths))
    for row in rows:
        out.extend(render(row))
    return "\n".join(out)


_display = width
