"""How much one registry file may make a reader do: its size, its rows, its cells, and the
physical lines one CSV row may span.

Every bound is checked before the work it bounds is done, and going over one is a
located, bilingual :class:`~ocopkit.errors.Problem` — never a hang, a raw exception, or
rows silently lost. The defaults follow what a spreadsheet can hold (a registry is
usually exported from one); raise them with ``limits=RegistryLimits(...)``.
"""

from __future__ import annotations

from typing import Final

import attrs

from ocopkit.errors import Problem, ValidationError

__all__ = ["DEFAULT_REGISTRY_LIMITS", "EXCEL_CELL_CHARACTERS", "EXCEL_ROWS", "RegistryLimits"]

#: Rows of one Excel worksheet (Microsoft, "Excel specifications and limits": 1,048,576
#: rows by 16,384 columns).
EXCEL_ROWS: Final = 1_048_576
#: Characters one Excel cell holds (the same page: "Total number of characters that a
#: cell can contain: 32,767 characters").
EXCEL_CELL_CHARACTERS: Final = 32_767


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError([Problem(
            f"RegistryLimits.{attribute.name}", "invalid-limit",
            f"giới hạn phải là một số nguyên dương: {value!r}",
            f"a limit is a positive int: {value!r}")])


@attrs.frozen
class RegistryLimits:
    """The bounds a registry reader applies to one file (CSV or JSON).

    >>> RegistryLimits().max_rows, RegistryLimits().max_cell
    (1048575, 32767)
    >>> RegistryLimits(max_rows=10).max_rows
    10
    >>> RegistryLimits(max_cell=0)
    Traceback (most recent call last):
    ...
    ocopkit.errors.ValidationError: ... a limit is a positive int: 0
    """

    max_bytes: int = attrs.field(default=64 * 1024 * 1024, validator=_positive)
    """The size of the file, in bytes (64 MiB): a larger file is refused unread
    (``file-too-large``). This bound is ocopkit's choice, not a spreadsheet's."""
    max_rows: int = attrs.field(default=EXCEL_ROWS - 1, validator=_positive)
    """Data rows (CSV) or objects (JSON) of the file: what a worksheet holds below its
    header row. A file with more is refused whole (``too-many-rows``), never cut short."""
    max_cell: int = attrs.field(default=EXCEL_CELL_CHARACTERS, validator=_positive)
    """Characters of one cell (or JSON value): what an Excel cell holds. A longer cell
    refuses its row (``cell-too-long``). In a CSV file Python's ``csv`` module also
    bounds a cell by ``csv.field_size_limit()`` (131,072 unless the application
    raised it), reported the same way."""
    max_row_lines: int = attrs.field(default=20, validator=_positive)
    """Physical lines one CSV row may span (a quoted cell may hold line breaks). A
    quote still open after that many lines is reported as unbalanced on the line that
    opened it, and reading resumes on the next line (``unbalanced-quote``): one stray
    quote cannot swallow the rest of the file. ocopkit's choice."""


#: The limits the readers apply when none are given.
DEFAULT_REGISTRY_LIMITS: Final = RegistryLimits()
