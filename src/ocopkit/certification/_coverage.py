"""The period a portfolio's records cover.

A registry extract covers some period: every recognition of that period is in it, none
outside it is promised. Attainment outside the period is not "missed" but "no data"
(:attr:`ocopkit.targets.Status.NO_DATA`). The period comes from the caller, or is
inferred from the records — from the first to the last event they record (an issue, a
revocation, a supersession, an extension) — and then reported as such (``inferred``).

>>> cov = Coverage(date(2021, 1, 1), date(2025, 12, 31))
>>> cov.covers(date(2022, 1, 1), date(2023, 12, 31))
True
>>> [f"{a} – {b}" for a, b in cov.gaps(date(2020, 7, 1), date(2026, 3, 31))]
['2020-07-01 – 2020-12-31', '2026-01-01 – 2026-03-31']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.text import day

from ._certificate import Certificate

__all__ = ["Coverage"]

_ONE_DAY: Final = timedelta(days=1)


@attrs.frozen
class Coverage:
    """The inclusive period ``[start, end]`` a portfolio's records cover.

    ``None`` leaves an end open (the records are complete from, or up to, the other end).
    ``inferred`` says the period was inferred from the records, not stated by the caller.
    """

    start: date | None
    end: date | None
    inferred: bool = False

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValidationError([Problem(
                "$.coverage", "invalid-period", "ngày kết thúc trước ngày bắt đầu",
                "the coverage ends before it starts")])

    def covers(self, first: date, last: date) -> bool:
        """Whether every day of ``[first, last]`` is covered."""
        return not self.gaps(first, last)

    def gaps(self, first: date, last: date) -> tuple[tuple[date, date], ...]:
        """The parts of ``[first, last]`` outside the coverage, in order."""
        out: list[tuple[date, date]] = []
        if first > last:
            return ()
        if self.start is not None and first < self.start:
            out.append((first, min(last, self.start - _ONE_DAY)))
        if self.end is not None and last > self.end:
            out.append((max(first, self.end + _ONE_DAY), last))
        return tuple(out)

    def describe(self, lang: str = "en") -> str:
        """``"2021-01-01 – 2025-12-31"`` (``…`` for an open end; ``"vi"``: dd/mm/yyyy)."""
        start = "…" if self.start is None else day(self.start, lang)
        end = "…" if self.end is None else day(self.end, lang)
        return f"{start} – {end}"

    @classmethod
    def infer(cls, certificates: Iterable[Certificate]) -> Coverage | None:
        """From the first to the last event the certificates record (``None``: no event).

        >>> from ocopkit.certification import Certificate, RevocationGround
        >>> c = Certificate(number="1", product_id="p", stars=3, issued_on=date(2022, 3, 1),
        ...                 valid_until=date(2025, 3, 1), revoked_on=date(2024, 2, 1),
        ...                 revocation_ground=RevocationGround("b"))
        >>> Coverage.infer([c]).describe()
        '2022-03-01 – 2024-02-01'
        """
        days: list[date] = []
        for c in certificates:
            lo, hi = c.issue_bounds
            days.extend(d for d in (lo, hi, c.revoked_on, c.superseded_on, c.extended_until)
                        if d is not None)
        if not days:
            return None
        return cls(min(days), max(days), inferred=True)
