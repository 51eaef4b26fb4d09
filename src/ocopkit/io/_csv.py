"""CSV as the file holds it: physical lines, rows that span several of them, rows that
cannot be read — and the cells ocopkit writes, escaped for spreadsheet programs.

**Reading.** A file is split into *physical lines* at ``\\r\\n``, ``\\n`` or ``\\r`` only
(RFC 4180 §2.1; never at the vertical tab, form feed, ``\\x1c``–``\\x1e``, ``\\x85``,
U+2028 or U+2029 that :meth:`str.splitlines` also breaks on). Each row is parsed by
Python's :mod:`csv` module in strict mode, fed one physical line at a time, so that every
row is known by the lines it spans. A row the module refuses (a closing quote not
followed by the separator, a quote never closed, a cell over
``csv.field_size_limit()``), or one whose quoted cell is still open after
:attr:`~ocopkit.io.RegistryLimits.max_row_lines` lines, is *malformed*: it is reported on
the line where it starts, that line alone is refused, and reading resumes on the next
line. Every physical line thus ends up in exactly one of: the header, a row read, a
malformed row, or a blank line.

**Writing.** A cell that a spreadsheet program would run as a formula — one beginning
with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return (OWASP, "CSV Injection") or a NUL
(OWASP ASVS 5.0, V1.2.10) — is written with a leading apostrophe, and so is a cell that
already begins with one, so that reading back (:func:`unescape_formula`) is exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Final

import attrs

__all__ = [
    "FORMULA_START",
    "Record",
    "RecordReader",
    "escape_formula",
    "format_row",
    "physical_lines",
    "unescape_formula",
]

#: The first characters that make a spreadsheet program read a cell as a formula.
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "\0")
_ESCAPED: Final = (*FORMULA_START, "'")


def escape_formula(cell: str) -> str:
    """``cell`` as a spreadsheet program shows it as text.

    >>> [escape_formula(c) for c in ("=1+1", "-5 sao", "'x", "Trà")]
    ["'=1+1", "'-5 sao", "''x", 'Trà']
    """
    return "'" + cell if cell.startswith(_ESCAPED) else cell


def unescape_formula(cell: str) -> str:
    """The inverse of :func:`escape_formula` (a cell it could not have written is kept).

    >>> unescape_formula("'=1+1"), unescape_formula("''x"), unescape_formula("'x")
    ('=1+1', "'x", "'x")
    """
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _ESCAPED else cell


def format_row(cells: Sequence[str], *, escape: bool, delimiter: str = ",") -> str:
    """One CSV line (``\\n``-terminated): a cell is quoted when it holds the separator, a
    quote, ``\\r`` or ``\\n`` (RFC 4180 §2.6–2.7; Python 3.11's :mod:`csv` writer leaves a
    lone ``\\r`` unquoted when the line ends with ``\\n``).

    >>> format_row(["a", 'b"c', "d\\re", "=x"], escape=True)
    'a,"b""c","d\\re",\\'=x\\n'
    """
    out = []
    for cell in cells:
        text = escape_formula(cell) if escape else cell
        if any(c in text for c in (delimiter, '"', "\r", "\n")):
            text = '"' + text.replace('"', '""') + '"'
        out.append(text)
    return delimiter.join(out) + "\n"


def physical_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its ``\\r\\n``, ``\\n`` or ``\\r``.

    >>> physical_lines("a\\r\\nb\\x0bc\\rd\\u2028e\\n")
    ['a\\r\\n', 'b\\x0bc\\r', 'd\\u2028e\\n']
    """
    return io.StringIO(text, newline="").readlines()


@attrs.frozen
class Record:
    """One row as the file holds it: its first and last physical line (1-based), and its
    cells — or, for a malformed row, ``None`` and why (a code, Vietnamese, English)."""

    first: int
    last: int
    cells: tuple[str, ...] | None
    problem: tuple[str, str, str] | None = None

    @property
    def blank(self) -> bool:
        """A row with no value (an empty line, or separators only)."""
        return self.cells is not None and not any(c.strip() for c in self.cells)


class _OverlongError(Exception):
    """A row asked for more physical lines than it may span."""


class _Lines:
    """The physical lines, handed to :mod:`csv` one at a time from a position that can
    be moved back (to resume after a malformed row)."""

    def __init__(self, lines: list[str], span: int) -> None:
        self.lines = lines
        self.pos = 0
        self.start = 0
        self.span = span

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        if self.pos - self.start >= self.span:
            raise _OverlongError
        line = self.lines[self.pos]
        self.pos += 1
        return line


def _malformed(message: str) -> tuple[str, str, str]:
    if "field larger than field limit" in message:
        limit = csv.field_size_limit()
        vi = f"{limit:,}".replace(",", ".")
        return ("cell-too-long", f"một ô dài hơn giới hạn của mô-đun csv ({vi} ký tự)",
                f"a cell is longer than the csv module's limit ({limit:,} characters)")
    if "expected after" in message:
        return ("invalid-quoting",
                "sau dấu ngoặc kép đóng phải là dấu phân cách (hoặc ngoặc kép trong ô "
                "chưa được nhân đôi)",
                "a closing quote must be followed by the separator (or a quote inside "
                "the cell is not doubled)")
    if "unexpected end of data" in message:
        return ("unbalanced-quote",
                "dấu ngoặc kép mở ở dòng này không được đóng trước cuối tệp",
                "a quote opened on this line is not closed before the end of the file")
    return ("invalid-csv", f"CSV không hợp lệ: {message}", f"invalid CSV: {message}")


class RecordReader:
    """The rows of one CSV text (see the module docstring).

    ``fits`` is set by the caller once it knows the header: a row spanning several lines
    whose cells do not fit the header is taken for an unbalanced quote (malformed, and
    reading resumes on its second line).

    >>> reader = RecordReader('a,b\\n"x,y\\n1,2\\n', ",", 20)
    >>> [(r.first, r.last, r.cells, r.problem and r.problem[0]) for r in reader]
    [(1, 1, ('a', 'b'), None), (2, 2, None, 'unbalanced-quote'), (3, 3, ('1', '2'), None)]
    """

    def __init__(self, text: str, delimiter: str, max_row_lines: int) -> None:
        self.lines = physical_lines(text)
        self.delimiter = delimiter
        self._src = _Lines(self.lines, max_row_lines)
        self._reader = csv.reader(self._src, delimiter=delimiter, strict=True)
        self.max_row_lines = max_row_lines
        self.width: int | None = None
        """Cells a row must have at least (the header's named columns)."""
        self.columns: int | None = None
        """Cells beyond which a row must have no value (the header's length)."""

    def __iter__(self) -> RecordReader:
        return self

    def _fits(self, cells: Sequence[str]) -> bool:
        if self.width is None or self.columns is None:
            return True
        return len(cells) >= self.width and not any(c.strip() for c in cells[self.columns:])

    def __next__(self) -> Record:
        src = self._src
        if src.pos >= len(self.lines):
            raise StopIteration
        first = src.start = src.pos
        problem: tuple[str, str, str] | None = None
        try:
            cells = next(self._reader)
        except StopIteration:  # pragma: no cover - pos < len(lines) means a line is left
            raise
        except _OverlongError:
            problem = (
                "unbalanced-quote",
                f"dấu ngoặc kép mở ở dòng này chưa được đóng sau {self.max_row_lines} dòng "
                "(limits.max_row_lines)",
                f"a quote opened on this line is still open after {self.max_row_lines} "
                "lines (limits.max_row_lines)")
        except csv.Error as exc:
            problem = _malformed(str(exc))
        else:
            if src.pos - first == 1 or self._fits(cells):
                return Record(first + 1, src.pos, tuple(cells))
            problem = (
                "unbalanced-quote",
                f"dấu ngoặc kép mở ở dòng này kéo dài dòng đến dòng {src.pos} và dòng "
                "không khớp tiêu đề; có lẽ thiếu dấu ngoặc kép đóng",
                f"a quote opened on this line runs the row on to line {src.pos}, and the "
                "row then does not fit the header: a closing quote is probably missing")
        src.pos = first + 1  # resume on the next physical line
        return Record(first + 1, first + 1, None, problem)
