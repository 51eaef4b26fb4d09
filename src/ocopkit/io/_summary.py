"""What a registry import did, file by file: rows read, kept and refused, and its problems
grouped by code (what the CLI prints, and what ``--json`` writes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Generic, TypeVar

import attrs

from ocopkit.certification import Certificate
from ocopkit.errors import Problem, ValidationError
from ocopkit.frozen import FrozenMap

__all__ = ["FileSummary", "ImportResult", "RegistryImport", "by_code"]

R = TypeVar("R")


@attrs.frozen
class ImportResult(Generic[R]):
    """What a reader made of one file.

    ``records`` are the good rows; ``problems`` every problem found (file
    level and per row); ``rows`` the number of data rows read and
    ``rejected`` the line numbers of the rows that produced no record
    (``rows == len(records) + len(rejected)``). ``certificates`` holds the
    certificates read from a *combined* products file (one with star and
    decision columns); ``lines`` (``certificate_lines``) the line of each
    record (certificate). ``spans`` gives the first and last physical line of every
    row read, kept or refused, in file order (``len(spans) == rows``): in a CSV file
    every line after the header is blank or inside exactly one span, unless a
    file-level problem refused the whole file.
    """

    source: str
    records: tuple[R, ...]
    problems: tuple[Problem, ...]
    rows: int
    rejected: tuple[int, ...]
    lines: tuple[int, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    certificate_lines: tuple[int, ...] = ()
    columns: Mapping[str, str] = attrs.field(factory=dict)
    """Field name → the column header as written in the file."""
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the file had no problem that a strict import refuses (notes aside)."""
        return not any(p.blocking for p in self.problems)

    @property
    def kept(self) -> int:
        """The number of rows that produced a record."""
        return self.rows - len(self.rejected)

    def raise_if_any(self) -> None:
        """Raise one ValidationError with every problem (notes included), if any problem
        blocks (an error or a warning)."""
        if not self.ok:
            raise ValidationError(self.problems, f"{self.source}: import refused / "
                                                 "không nhập được")


@attrs.frozen
class FileSummary:
    """One file of a registry: its name, kind and how many rows were read, kept, refused."""

    source: str
    kind: str
    read: int
    kept: int
    refused: int


def by_code(problems: tuple[Problem, ...]) -> Mapping[str, tuple[str, int]]:
    """``code → (severity, count)``, most frequent first (then by code)."""
    counts: dict[str, list[Any]] = {}
    for p in problems:
        entry = counts.setdefault(p.code, [p.severity, 0])
        entry[1] += 1
    order = sorted(counts.items(), key=lambda kv: (-kv[1][1], kv[0]))
    return FrozenMap((code, (sev, n)) for code, (sev, n) in order)


@attrs.frozen
class RegistryImport:
    """The result of :func:`~ocopkit.io.import_registry`: the portfolio, every problem
    (located at ``file:line:column``), and a summary per file."""

    portfolio: Any
    problems: tuple[Problem, ...]
    files: tuple[FileSummary, ...]

    @property
    def ok(self) -> bool:
        """No error or warning (notes aside)."""
        return not any(p.blocking for p in self.problems)

    def by_code(self) -> Mapping[str, tuple[str, int]]:
        """The problems grouped by code: ``code → (severity, count)``."""
        return by_code(self.problems)
