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

Why a tier is not met
---------------------
A tier is met when its minimum marks are all met *and* no provincial
:class:`~ocopkit.rulesets.Gate` withholds it. The engine hands a policy a
:class:`TierChecks`: a ``Mapping[int, bool]`` of the tiers met — what
:meth:`TierPolicy.decide` has always received, so a policy written against a plain
mapping keeps working — that also says *why* a tier is not met
(:meth:`TierChecks.marks_met`, :meth:`TierChecks.withheld_by`). The built-in
policies use it to name the cause in their decision text: a tier lowered by a gate
says which provincial requirement was not met, with its citation, instead of blaming
minimum marks that were met.

>>> checks = TierChecks({3: True, 4: False, 5: False})
>>> HighestTierMet().decide(5, checks).reason_en
'score band 5★, minimum marks met only up to 3★'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal, Protocol, runtime_checkable

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.frozen import FrozenMap

if TYPE_CHECKING:
    from ._adjustments import Gate

__all__ = [
    "CERTIFIABLE_STARS",
    "HALF_OPEN_BANDS",
    "INTEGER_BANDS_1048",
    "BandOrNothing",
    "Bands",
    "HalfOpenBands",
    "HighestTierMet",
    "IntegerBands",
    "TierChecks",
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


def _marks(value: Mapping[int, bool]) -> FrozenMap[int, bool]:
    return value if isinstance(value, FrozenMap) else FrozenMap(
        {int(k): bool(v) for k, v in value.items()})


def _gates(value: Iterable[Gate]) -> tuple[Gate, ...]:
    return tuple(value)


@attrs.frozen
class TierChecks(Mapping[int, bool]):
    """What a tier policy decides from: per tier (3–5), whether it is met — and why not.

    ``marks[k]`` says whether every minimum mark of tier ``k`` is met; ``gates`` are the
    provincial gates the assessment does not satisfy, each withholding the tiers from
    its ``min_stars`` up. As a mapping, ``checks[k]`` is ``True`` when tier ``k``'s marks
    are met and no gate withholds it (the met-flags a policy always received); a tier
    the mapping does not list is not constrained (``checks.get(k, True)``).

    >>> from ocopkit.rulesets import Citation, Gate
    >>> gate = Gate("x-lab", "22@63", frozenset({"lab-test"}), Citation("KH 1"),
    ...             "Kiểm nghiệm", "Lab test", min_stars=4)
    >>> checks = TierChecks({3: True, 4: True, 5: False}, (gate,))
    >>> dict(checks), checks.marks_met(4), [g.id for g in checks.withheld_by(4)]
    ({3: True, 4: False, 5: False}, True, ['x-lab'])
    """

    marks: Mapping[int, bool] = attrs.field(converter=_marks)
    gates: tuple[Gate, ...] = attrs.field(default=(), converter=_gates)

    def __getitem__(self, tier: int) -> bool:
        return self.marks[tier] and not self.withheld_by(tier)

    def __iter__(self) -> Iterator[int]:
        return iter(self.marks)

    def __len__(self) -> int:
        return len(self.marks)

    def marks_met(self, tier: int) -> bool:
        """Whether every minimum mark of ``tier`` is met (``True`` for an unlisted tier)."""
        return self.marks.get(tier, True)

    def withheld_by(self, tier: int) -> tuple[Gate, ...]:
        """The provincial gates that withhold ``tier``."""
        return tuple(g for g in self.gates if g.min_stars <= tier)


@runtime_checkable
class TierPolicy(Protocol):
    """Combines a band with the tiers met.

    ``minimums_met`` maps a tier (3–5) to whether it is met: its minimum marks and the
    provincial gates. The engine passes a :class:`TierChecks`, which also says why a
    tier is not met; a policy may read it (``isinstance(minimums_met, TierChecks)``) or
    treat it as the plain mapping it is — both are valid policies.
    """

    @property
    def id(self) -> str: ...

    def decide(self, band: int, minimums_met: Mapping[int, bool]) -> TierDecision: ...


def _causes(minimums_met: Mapping[int, bool], tiers: range) -> tuple[bool, tuple[Gate, ...]]:
    """Why some of ``tiers`` are not met: whether minimum marks fail in one of them, and
    the gates that withhold one of them (a plain mapping knows no gates: every unmet tier
    is read as its minimum marks, as before :class:`TierChecks`)."""
    if isinstance(minimums_met, TierChecks):
        marks = any(not minimums_met.marks_met(k) for k in tiers)
        gates = tuple(g for g in minimums_met.gates if g.min_stars <= tiers.stop - 1)
        return marks, gates
    return any(not minimums_met.get(k, True) for k in tiers), ()


def _gate_text(gates: tuple[Gate, ...]) -> tuple[str, str]:
    return ("; ".join(f"provincial requirement “{g.name_en}” not met [{g.citation}]"
                      for g in gates),
            "; ".join(f"không đạt yêu cầu của tỉnh “{g.name_vi}” [{g.citation}]"
                      for g in gates))


def _lowered(band: int, k: int, minimums_met: Mapping[int, bool]) -> tuple[str, str]:
    """The decision text of a band lowered to tier ``k`` (``k ≥ 3``)."""
    marks, gates = _causes(minimums_met, range(k + 1, band + 1))
    # the highest tier whose marks are met (tier k's are: k is met)
    upto = next(j for j in range(band, k - 1, -1)
                if not _causes(minimums_met, range(j, j + 1))[0])
    marks_en = f"minimum marks met only up to {upto}★"
    marks_vi = f"chỉ đạt yêu cầu tối thiểu đến {upto} sao"
    if not gates:
        return (f"score band {band}★, {marks_en}",
                f"khung điểm {band} sao, {marks_vi}")
    gate_en, gate_vi = _gate_text(gates)
    why_en = f"{marks_en}; {gate_en}" if marks else gate_en
    why_vi = f"{marks_vi}; {gate_vi}" if marks else gate_vi
    return (f"score band {band}★, lowered to {k}★: {why_en}",
            f"khung điểm {band} sao, hạ xuống {k} sao: {why_vi}")


def _refused(band: int, tiers: range, minimums_met: Mapping[int, bool],
             marks_en: str, marks_vi: str) -> tuple[str, str]:
    """The decision text of a band ≥ 3 that no tier of ``tiers`` is awarded."""
    marks, gates = _causes(minimums_met, tiers)
    gate_en, gate_vi = _gate_text(gates)
    why_en = "; ".join(t for t in (marks_en if marks or not gates else "", gate_en) if t)
    why_vi = "; ".join(t for t in (marks_vi if marks or not gates else "", gate_vi) if t)
    return (f"score band {band}★ but {why_en}: not certifiable",
            f"khung điểm {band} sao nhưng {why_vi}: không công nhận")


@attrs.frozen
class HighestTierMet:
    """Default: the highest tier ``k ≤ band`` that is met (minimum marks and gates)."""

    id: str = "highest-tier-met"

    def decide(self, band: int, minimums_met: Mapping[int, bool]) -> TierDecision:
        for k in range(min(band, 5), 2, -1):
            if minimums_met.get(k, True):
                if k == band:
                    return TierDecision(k, True, f"score band {band}★", f"khung điểm {band} sao")
                en, vi = _lowered(band, k, minimums_met)
                return TierDecision(k, True, en, vi)
        stars = min(band, 2)
        if band >= 3:
            en, vi = _refused(band, range(3, min(band, 5) + 1), minimums_met,
                              "3★ minimum marks not met", "không đạt yêu cầu tối thiểu 3 sao")
            return TierDecision(stars, False, en, vi)
        return TierDecision(stars, False, f"score band {band}★", f"khung điểm {band} sao")


@attrs.frozen
class BandOrNothing:
    """Strict reading: a band whose tier is not met (minimum marks or gates) is not
    certifiable."""

    id: str = "band-or-nothing"

    def decide(self, band: int, minimums_met: Mapping[int, bool]) -> TierDecision:
        if band >= 3 and not minimums_met.get(band, True):
            en, vi = _refused(band, range(band, band + 1), minimums_met,
                              "its minimum marks are not met",
                              "không đạt yêu cầu tối thiểu")
            return TierDecision(2, False, en, vi)
        return TierDecision(band, band >= 3, f"score band {band}★", f"khung điểm {band} sao")
