"""How the scorers' totals are combined: exact mean, optionally rounded.

26/2026 Điều 3.3 classifies the *average* total of the council's scorers
("tổng điểm trung bình") but states no rounding rule (open question 5 of
the fact sheet). The default, :class:`ExactMean`, keeps the mean as an exact
:class:`~fractions.Fraction` and never rounds: 49.999… stays below 50.
:class:`RoundedMean` rounds to a fixed number of decimals (half-up, as
councils usually report "90,75 điểm") for provinces whose rules say so.

>>> from fractions import Fraction
>>> ExactMean().combine([Fraction(50), Fraction(49)])
Fraction(99, 2)
>>> RoundedMean(places=0).combine([Fraction(50), Fraction(49)])
Fraction(50, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Protocol, runtime_checkable

import attrs

__all__ = ["Averaging", "ExactMean", "RoundedMean"]


@runtime_checkable
class Averaging(Protocol):
    """Combines per-scorer values into the official value."""

    @property
    def id(self) -> str: ...

    def combine(self, values: Sequence[Fraction]) -> Fraction: ...


@attrs.frozen
class ExactMean:
    """The exact arithmetic mean (default)."""

    id: str = "exact-mean"

    def combine(self, values: Sequence[Fraction]) -> Fraction:
        return sum(values, Fraction(0)) / len(values)


@attrs.frozen
class RoundedMean:
    """The mean rounded half-up to ``places`` decimals."""

    places: int = 2
    id: str = attrs.field(init=False)

    @id.default
    def _id(self) -> str:
        return f"rounded-mean-{self.places}"

    def combine(self, values: Sequence[Fraction]) -> Fraction:
        mean = ExactMean().combine(values)
        exact = Decimal(mean.numerator) / Decimal(mean.denominator)
        return Fraction(exact.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP))
