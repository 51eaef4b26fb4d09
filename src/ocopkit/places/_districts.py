"""District-level units (huyện, quận, thị xã, thành phố thuộc tỉnh) of the old period.

The district level existed until 2025-06-30 (Resolution 203/2025/QH15 amended the
Constitution; district-level units stopped operating on 2025-07-01). Records of that period
name a commune *with its district* ("Xã Côn Minh, huyện Na Rì") and certificates were
issued by district People's Committees ("UBND huyện Na Rì"), so a registry of the old
period is resolved against districts too.
"""

from __future__ import annotations

import re
from datetime import date

import attrs

from ocopkit.errors import ProblemCollector
from ocopkit.text import nfc, slug, suggest

from ._common import DISTRICT_ERA_END, in_force, period
from ._provinces import province_table

__all__ = ["District"]

_DISTRICT_CODE = re.compile(r"[0-9]{3}")

# The kinds of district-level unit, by the prefix of their name.
_KIND_PREFIXES = ("Huyện", "Quận", "Thị xã", "Thành phố")


@attrs.frozen
class District:
    """A district-level unit of the period before 2025-07-01.

    ``code`` is the 3-digit GSO code; ``province_id`` an old province id (``"06@63"``).

    >>> d = District("066", "Huyện Na Rì", "06@63")
    >>> d.kind, d.short_name, d.in_force(date(2026, 1, 1))
    ('huyện', 'Na Rì', False)
    """

    code: str
    name: str = attrs.field(converter=nfc)
    province_id: str
    valid_from: date | None = None
    valid_until: date | None = DISTRICT_ERA_END

    def __attrs_post_init__(self) -> None:
        c = ProblemCollector()
        where = f"district {self.code!r}"
        if not _DISTRICT_CODE.fullmatch(self.code):
            c.add(f"{where}.code", "invalid-district-code",
                  f"mã huyện phải gồm 3 chữ số: {self.code!r}",
                  f"a district code has 3 digits: {self.code!r}")
        if not self.name:
            c.add(f"{where}.name", "empty-name", "tên trống", "empty name")
        if self.province_id not in province_table().by_id:
            c.add(f"{where}.province_id", "unknown-province",
                  f"không có tỉnh mang mã định danh {self.province_id!r}",
                  f"no province has id {self.province_id!r}",
                  suggestion=suggest(self.province_id, province_table().by_id, cutoff=0.5))
        c.raise_if_any()

    @property
    def kind(self) -> str:
        """``"huyện"``, ``"quận"``, ``"thị xã"`` or ``"thành phố"`` (from the name)."""
        for prefix in _KIND_PREFIXES:
            if self.name.startswith(prefix + " "):
                return prefix.lower()
        return "huyện"

    @property
    def short_name(self) -> str:
        """The name without its prefix (``"Na Rì"``)."""
        for prefix in _KIND_PREFIXES:
            if self.name.startswith(prefix + " "):
                return self.name[len(prefix) + 1:]
        return self.name

    @property
    def slug(self) -> str:
        """ASCII slug of the full name (``"huyen-na-ri"``)."""
        return slug(self.name)

    def in_force(self, on: date) -> bool:
        """Whether the district exists on ``on`` (bounds inclusive)."""
        return in_force(self.valid_from, self.valid_until, on)

    def describe(self) -> str:
        """Short human label with code, province and period, used in messages."""
        return (f"{self.code} {self.name} ({self.province_id}, "
                f"{period(self.valid_from, self.valid_until)})")
