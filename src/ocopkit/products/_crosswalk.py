"""The crosswalk from the 26 product sets of 1048/2019 to the 26 of 26/2026.

The two classifications differ (1048/QĐ-TTg Phụ lục I and 26/2026/QĐ-TTg Phụ lục I), so
a portfolio that spans both regimes cannot be grouped by set number. Each 1048 set maps
to the 26/2026 set(s) whose Phụ lục I wording covers its products:

* ``one-to-one``: the 1048 set is the only predecessor of one 26/2026 set (which may be
  worded more broadly, e.g. set 2 adds fresh aquatic products);
* ``merged``: several 1048 sets became one 26/2026 set (processed meat, eggs and milk,
  and processed aquatic products → 26/2026 set 8; decorative and household handicrafts
  → set 21);
* ``split``: one 1048 set is divided between 26/2026 sets (honey and honey products:
  raw honey and other syrups → set 4, products made from honey → set 8);
* ``none``: 26/2026 has no set for the products (medical equipment, 1048 set 21).

The mapping is ocopkit's reading of the two annexes' names (hand-curated, cited on each
entry); the decisions themselves do not map their sets. 26/2026 sets 23–25 (flowers,
ornamental plants and animals) have no 1048 predecessor.

>>> crosswalk(9).kind, crosswalk(9).sets_2026
('merged', (8,))
>>> crosswalk(4).kind, crosswalk(4).sets_2026
('split', (4, 8))
>>> group_key(REGIME_1048, 9) == group_key(REGIME_2026, 8)
True
>>> predecessors(21)
(23, 24)
"""

from __future__ import annotations

import functools
from typing import Literal

import attrs

from ocopkit.errors import Problem, ValidationError

from ._catalog import REGIME_1048, REGIME_2026, product_set

__all__ = ["CROSSWALK_CITATION", "CrosswalkEntry", "CrosswalkKind", "crosswalk", "group_key",
           "predecessors"]

CrosswalkKind = Literal["one-to-one", "merged", "split", "none"]

#: What the crosswalk rests on: the two classification annexes.
CROSSWALK_CITATION = ("QĐ 1048/QĐ-TTg (2019), Phụ lục I; QĐ 26/2026/QĐ-TTg, Phụ lục I "
                      "(ocopkit's reading of their names)")


@attrs.frozen
class CrosswalkEntry:
    """Where the products of 1048 set ``set_1048`` belong under 26/2026."""

    set_1048: int
    sets_2026: tuple[int, ...]
    kind: CrosswalkKind
    note_en: str = ""


# (1048 set, 26/2026 sets, note); the kind follows from the table as a whole
_TABLE: tuple[tuple[int, tuple[int, ...], str], ...] = (
    (1, (1,), ""),
    (2, (2,), "26/2026 set 2 also covers fresh aquatic products"),
    (3, (3,), "26/2026 set 3 also covers other semi-processed grains"),
    (4, (4, 8), "raw honey and other syrups → 4; products made from honey → 8"),
    (5, (5,), ""),
    (6, (6,), ""),
    (7, (7,), ""),
    (8, (8,), "merged with 1048 set 9 (and honey products of set 4)"),
    (9, (8,), "merged with 1048 set 8"),
    (10, (9,), ""),
    (11, (10,), "26/2026 set 10 also names salt"),
    (12, (11,), ""),
    (13, (12,), "other tea products, including herbal teas"),
    (14, (13,), ""),
    (15, (14,), ""),
    (16, (15,), ""),
    (17, (16,), ""),
    (18, (17,), ""),
    (19, (18,), ""),
    (20, (19,), "26/2026 set 19 is cosmetics with medicinal-herb ingredients"),
    (21, (), "26/2026 has no set for medical equipment and instruments"),
    (22, (20,), "26/2026 set 20 is essential oils and other medicinal herbs"),
    (23, (21,), "decorative handicrafts; merged with 1048 set 24"),
    (24, (21,), "household handicrafts; merged with 1048 set 23"),
    (25, (22,), ""),
    (26, (26,), "1048: tourism services, traditions and festivals; 26/2026: community "
                "tourism, ecotourism and tourist sites"),
)


@functools.cache
def _entries() -> dict[int, CrosswalkEntry]:
    into: dict[int, list[int]] = {}
    for old, new, _ in _TABLE:
        for n in new:
            into.setdefault(n, []).append(old)
    out: dict[int, CrosswalkEntry] = {}
    for old, new, note in _TABLE:
        kind: CrosswalkKind
        if not new:
            kind = "none"
        elif len(new) > 1:
            kind = "split"
        elif len(into[new[0]]) > 1:
            kind = "merged"
        else:
            kind = "one-to-one"
        out[old] = CrosswalkEntry(old, new, kind, note)
    return out


def crosswalk(set_1048: int | str) -> CrosswalkEntry:
    """The crosswalk entry of a 1048 product set (number, code or name, as
    :func:`~ocopkit.products.product_set` with ``regime=REGIME_1048`` reads it)."""
    return _entries()[product_set(set_1048, regime=REGIME_1048).number]


def predecessors(set_2026: int | str) -> tuple[int, ...]:
    """The 1048 sets whose products belong (wholly or partly) to a 26/2026 set."""
    number = product_set(set_2026).number
    return tuple(e.set_1048 for e in _entries().values() if number in e.sets_2026)


def group_key(regime: str, number: int) -> str:
    """A key grouping product sets across the two regimes: ``"26/2026:8"`` for 26/2026
    set 8 and for every 1048 set wholly inside it; a split 1048 set keys as
    ``"26/2026:4+8"``, a set without successor as ``"1048:21"`` (never silently folded
    into another set).
    """
    if regime == REGIME_2026:
        return f"26/2026:{product_set(number).number}"
    if regime == REGIME_1048:
        entry = crosswalk(number)
        if not entry.sets_2026:
            return f"1048:{entry.set_1048}"
        return "26/2026:" + "+".join(map(str, entry.sets_2026))
    raise ValidationError([Problem(
        "$.regime", "unknown-regime", f"không có bảng chuyển đổi cho {regime!r}",
        f"no crosswalk for regime {regime!r} (one of {REGIME_1048}, {REGIME_2026})")])
