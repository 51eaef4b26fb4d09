"""Star tiers: score bands and the policy that combines them with minimum marks.

Bands
-----
Decision 148/QĐ-TTg (2023) and 26/2026/QĐ-TTg (Điều 3.3) use half-open bands
with an exact lower bound: 1★ ``[0, 30)``, 2★ ``[30, 50)``, 3★ ``[50, 70)``,
4★ ``[70, 90)``, 5★ ``[90, 100]``. Decision 1048/QĐ-TTg (2019) wrote integer
ranges (``30–49``, ``50–69``, ``70–89``, ``90–100``), which leave fractional
averages such as 89.5 uncovered. :data:`INTEGER_BANDS_1048` reads a total in
such a gap as belonging to the lower band (``gap="floor"``), which makes it
agree with the half-open bands everywhere; ``gap="round-half-up"`` rounds the
total to an integer first and then differs exactly on ``[x - ½, x)`` for
``x`` in 30, 50, 70, 90.

>>> from fractions import Fraction
>>> HALF_OPEN_BANDS.band_of(Fraction(4999, 100)), HALF_OPEN_BANDS.band_of(50)
(2, 3)
>>> HALF_OPEN_BANDS.band_of(Fraction(179, 2))      # 89.5
4
>>> IntegerBands(gap="round-half-up").band_of(Fraction(179, 2))
5

Tier policy
-----------
The sources do not say what happens to a product whose band is higher than
the highest tier whose minimum marks it meets (see ``ocop-domain`` open
question 4). :class:`HighestTierMet` — the default — awards the highest tier
``k ≤ band`` whose minimum marks are all met, and otherwise ``min(band, 2)``
(not certifiable). :class:`BandOrNothing` is the strict reading: a product
that misses a minimum of its own band is not certifiable at all. Plug-ins can
contribute either, or their own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Final, Literal, Protocol, runtime_checkable

import attrs

from ocopkit.errors import Problem, ValidationError

__all__ = [
    "CERTIFIABLE_STARS",
    "HALF_OPEN_BANDS",
    "INTEGER_BANDS_1048",
    "BandOrNothing",
    "Bands",
    "HalfOpenBands",
    "HighestTierMet",
    "IntegerBands",
    "TierDecision",
    "TierPolicy",
    "certifiable",
]

Number = int | Fraction


#: The tiers that are recognised and certified, and that minimum-star marks name
#: (26/2026 Điều 4.1.a: "Đối với sản phẩm đạt 1 sao hoặc 2 sao, không ban hành quyết
#: định công nhận và không cấp giấy chứng nhận").
CERTIFIABLE_STARS: Final = (3, 4, 5)


def certifiable(stars: int | None) -> bool:
    """Only 3★–5★ products are recognised and certified (26/2026 Điều 4.1.a)."""
    return stars in CERTIFIABLE_STARS


@runtime_checkable
class Bands(Protocol):
    """Maps an exact total score to its band (1–5)."""

    @property
    def id(self) -> str: ...

    def band_of(self, total: Number) -> int: ...

    def lower_bound(self, stars: int) -> Fraction: ...


def _check_total(total: Number) -> Fraction:
    """``total`` as an exact Fraction in [0, 100]; anything else is a ValidationError.

    Only ``int`` and :class:`~fractions.Fraction` are exact totals: a string, a float, a
    ``Decimal`` or a ``bool`` is refused rather than converted (49.99 as a float is not
    49.99), and so is a total outside the scale.

    >>> _check_total(Fraction(179, 2))
    Fraction(179, 2)
    >>> try:
    ...     _check_total(89.5)  # type: ignore[arg-type]
    ... except ValidationError as err:
    ...     print(err.codes)
    ('inexact-total',)
    """
    if isinstance(total, bool) or not isinstance(total, int | Fraction):
        raise ValidationError([Problem(
            "$.total", "inexact-total",
            f"tổng điểm phải là số nguyên hoặc Fraction (chính xác), không phải "
            f"{type(total).__name__} {total!r}",
            f"a total is an exact int or Fraction, not {type(total).__name__} {total!r}",
            suggestion=None)])
    value = Fraction(total)
    if not 0 <= value <= 100:
        raise ValidationError([Problem(
            "$.total", "total-out-of-range",
            f"tổng điểm {value} nằm ngoài thang điểm 0–100",
            f"total {value} is outside the 0–100 scale")])
    return value


@attrs.frozen
class HalfOpenBands:
    """Bands ``[0,30) [30,50) [50,70) [70,90) [90,100]`` (148/2023, 26/2026)."""

    id: str = "half-open"
    thresholds: tuple[int, int, int, int] = (30, 50, 70, 90)

    def band_of(self, total: Number) -> int:
        value = _check_total(total)
        return 1 + sum(value >= t for t in self.thresholds)

    def lower_bound(self, stars: int) -> Fraction:
        return Fraction(0) if stars <= 1 else Fraction(self.thresholds[min(stars, 5) - 2])


@attrs.frozen
class IntegerBands:
    """1048/2019's integer ranges ``<30, 30–49, 50–69, 70–89, 90–100``.

    ``gap`` decides a fractional total between two ranges: ``"floor"`` keeps
    it in the lower range; ``"round-half-up"`` rounds it to an integer first.
    """

    gap: Literal["floor", "round-half-up"] = "floor"
    id: str = attrs.field(init=False)

    @id.default
    def _id(self) -> str:
        return f"integer-1048-{self.gap}"

    def band_of(self, total: Number) -> int:
        value = _check_total(total)
        whole = math.floor(value) if self.gap == "floor" else math.floor(value + Fraction(1, 2))
        return HALF_OPEN_BANDS.band_of(whole)

    def lower_bound(self, stars: int) -> Fraction:
        bound = HALF_OPEN_BANDS.lower_bound(stars)
        return bound if self.gap == "floor" or bound == 0 else bound - Fraction(1, 2)


HALF_OPEN_BANDS = HalfOpenBands()
INTEGER_BANDS_1048 = IntegerBands()


@attrs.frozen
class TierDecision:
    """The outcome of a tier policy."""

    stars: int
    certifiable: bool
    reason_en: str
    reason_vi: str


@runtime_checkable
class TierPolicy(Protocol):
    """Combines a band with the minimum marks met per tier."""

    @property
    def id(self) -> str: ...

    def decide(self, band: int, minimums_met: Mapping[int, bool]) -> TierDecision: ...


@attrs.frozen
class HighestTierMet:
    """Default: the highest tier ``k ≤ band`` whose minimum marks are all met."""

    id: str = "highest-tier-met"

    def decide(self, band: int, minimums_met: Mapping[int, bool]) -> TierDecision:
        for k in range(min(band, 5), 2, -1):
            if minimums_met.get(k, True):
                if k == band:
                    return TierDecision(k, True, f"score band {band}★", f"khung điểm {band} sao")
                return TierDecision(
                    k,
                    True,
                    f"score band {band}★, minimum marks met only up to {k}★",
                    f"khung điểm {band} sao, chỉ đạt yêu cầu tối thiểu đến {k} sao",
                )
        stars = min(band, 2)
        if band >= 3:
            return TierDecision(
                stars,
                False,
                f"score band {band}★ but 3★ minimum marks not met: not certifiable",
                f"khung điểm {band} sao nhưng không đạt yêu cầu tối thiểu 3 sao: không công nhận",
            )
        return TierDecision(stars, False, f"score band {band}★", f"khung điểm {band} sao")


@attrs.frozen
class BandOrNothing:
    """Strict reading: missing a minimum mark of the band means not certifiable."""

    id: str = "band-or-nothing"

    def decide(self, band: int, minimums_met: Mapping[int, bool]) -> TierDecision:
        if band >= 3 and not minimums_met.get(band, True):
            return TierDecision(
                2,
                False,
                f"score band {band}★ but its minimum marks are not met: not certifiable",
                f"khung điểm {band} sao nhưng không đạt yêu cầu tối thiểu: không công nhận",
            )
        return TierDecision(band, band >= 3, f"score band {band}★", f"khung điểm {band} sao")
