"""Commune-level units (xã, phường, đặc khu, thị trấn) and registries of them.

Commune codes, like province codes, were reused in 2025, so a commune is identified by
code *and* period; ``predecessor_codes`` lists the old communes a new one absorbed.
Communes are supplied by the caller through a :class:`CommuneRegistry`; a tiny sample
ships with the package (:func:`sample_communes`).
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

import attrs

from ocopkit.errors import Problem, ProblemCollector, ValidationError
from ocopkit.text import fold, nfc, slug, suggest

from ._common import (
    COMMUNE_PREFIXES,
    in_force,
    key,
    optional_date,
    overlap,
    period,
    read_json,
    strs,
)
from ._provinces import Province, by_id, contains, province_table, successor
from ._provinces import province as lookup_province

__all__ = ["Commune", "CommuneKind", "CommuneRegistry", "sample_communes"]

_COMMUNE_CODE = re.compile(r"[0-9]{5}")


class CommuneKind(enum.Enum):
    """Kind of commune-level unit (đơn vị hành chính cấp xã).

    Values are the Vietnamese terms; :attr:`label_en` gives English ones.
    Townships (thị trấn) only exist before 2025-07-01; special zones
    (đặc khu) only from that date.

    >>> CommuneKind.parse("Phuong"), CommuneKind.WARD.label_en
    (<CommuneKind.WARD: 'phường'>, 'ward')
    """

    COMMUNE = "xã"
    WARD = "phường"
    SPECIAL_ZONE = "đặc khu"
    TOWNSHIP = "thị trấn"

    @property
    def label_en(self) -> str:
        """English label."""
        return _COMMUNE_KIND_EN[self]

    @classmethod
    def parse(cls, text: str, *, path: str = "$.kind") -> CommuneKind:
        """Parse a Vietnamese or English kind, accent- and case-insensitively."""
        key = fold(text).replace("-", " ").replace("_", " ")
        for kind in cls:
            if key in (fold(kind.value), kind.label_en, kind.name.lower().replace("_", " ")):
                return kind
        options = [k.value for k in cls]
        raise ValidationError([
            Problem(path, "unknown-commune-kind",
                    f"loại đơn vị cấp xã không hợp lệ: {text!r}",
                    f"unknown commune kind {text!r}",
                    suggestion=suggest(text, options))
        ])


_COMMUNE_KIND_EN = {
    CommuneKind.COMMUNE: "commune",
    CommuneKind.WARD: "ward",
    CommuneKind.SPECIAL_ZONE: "special zone",
    CommuneKind.TOWNSHIP: "township",
}


def _commune_kind(value: CommuneKind | str) -> CommuneKind:
    return value if isinstance(value, CommuneKind) else CommuneKind.parse(value)


@attrs.frozen
class Commune:
    """A commune-level unit (xã, phường, đặc khu, thị trấn).

    ``code`` is the 5-digit GSO / Cục Thống kê code. Like province codes,
    commune codes were reused in 2025 (code ``00004`` was Phường Trúc Bạch and
    is now Phường Ba Đình), so a commune is identified by code *and* period.
    ``predecessor_codes`` lists the old codes of the communes it absorbed.

    >>> c = Commune("00004", "Phường Ba Đình", "01@34", "phường",
    ...             valid_from=date(2025, 7, 1), predecessor_codes=("00004",))
    >>> c.kind, c.slug
    (<CommuneKind.WARD: 'phường'>, 'phuong-ba-dinh')
    """

    code: str
    name: str = attrs.field(converter=nfc)
    province_id: str
    kind: CommuneKind = attrs.field(converter=_commune_kind)
    valid_from: date | None = None
    valid_until: date | None = None
    predecessor_codes: tuple[str, ...] = attrs.field(default=(), converter=strs)

    def __attrs_post_init__(self) -> None:
        c = ProblemCollector()
        where = f"commune {self.code!r}"
        if not _COMMUNE_CODE.fullmatch(self.code):
            c.add(f"{where}.code", "invalid-commune-code",
                  f"mã xã phải gồm 5 chữ số: {self.code!r}",
                  f"a commune code has 5 digits: {self.code!r}")
        for code in self.predecessor_codes:
            if not _COMMUNE_CODE.fullmatch(code):
                c.add(f"{where}.predecessor_codes", "invalid-commune-code",
                      f"mã xã phải gồm 5 chữ số: {code!r}",
                      f"a commune code has 5 digits: {code!r}")
        if not self.name:
            c.add(f"{where}.name", "empty-name", "tên trống", "empty name")
        if (self.valid_from is not None and self.valid_until is not None
                and self.valid_from > self.valid_until):
            c.add(f"{where}.valid_until", "invalid-period",
                  "ngày hết hiệu lực trước ngày bắt đầu", "valid_until is before valid_from")
        prov = province_table().by_id.get(self.province_id)
        if prov is None:
            c.add(f"{where}.province_id", "unknown-province",
                  f"không có tỉnh mang mã định danh {self.province_id!r}",
                  f"no province has id {self.province_id!r}",
                  suggestion=suggest(self.province_id, province_table().by_id, cutoff=0.5))
        elif not overlap(self.valid_from, self.valid_until, prov.valid_from, prov.valid_until):
            c.add(f"{where}.province_id", "province-period-mismatch",
                  f"thời kỳ của xã không trùng với {prov.describe()}",
                  f"the commune's period does not overlap {prov.describe()}")
        c.raise_if_any()

    @property
    def slug(self) -> str:
        """ASCII slug of the full name (``"phuong-ba-dinh"``)."""
        return slug(self.name)

    def in_force(self, on: date) -> bool:
        """Whether the commune exists on ``on`` (bounds inclusive)."""
        return in_force(self.valid_from, self.valid_until, on)

    def describe(self) -> str:
        """Short human label with code and period, used in error messages."""
        return f"{self.code} {self.name} ({period(self.valid_from, self.valid_until)})"


def _communes(values: Iterable[Commune]) -> tuple[Commune, ...]:
    return tuple(values)


@attrs.frozen
class CommuneRegistry:
    """An immutable, validated collection of communes.

    Two communes with the same code and overlapping periods are reported as
    ``"duplicate-commune"`` problems (all of them, in one ValidationError).

    >>> reg = sample_communes()
    >>> reg.get("00004", on=date(2024, 1, 1)).name
    'Phường Trúc Bạch'
    >>> reg.get("00004", on=date(2026, 1, 1)).name
    'Phường Ba Đình'
    >>> reg.find("truc bach").code
    '00004'
    >>> reg.province_of(reg.find("Trúc Bạch"), on=date(2026, 1, 1)).id
    '01@34'
    """

    communes: tuple[Commune, ...] = attrs.field(converter=_communes)
    _by_code: Mapping[str, tuple[Commune, ...]] = attrs.field(
        init=False, repr=False, eq=False
    )
    _by_key: Mapping[str, tuple[Commune, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        c = ProblemCollector()
        by_code: dict[str, list[tuple[int, Commune]]] = {}
        by_key: dict[str, list[Commune]] = {}
        for i, commune in enumerate(self.communes):
            for j, other in by_code.get(commune.code, []):
                if overlap(commune.valid_from, commune.valid_until,
                            other.valid_from, other.valid_until):
                    c.add(f"$.communes[{i}]", "duplicate-commune",
                          f"mã xã {commune.code} trùng với $.communes[{j}] "
                          f"({other.describe()}) trong cùng thời kỳ",
                          f"code {commune.code} duplicates $.communes[{j}] "
                          f"({other.describe()}) in an overlapping period")
            by_code.setdefault(commune.code, []).append((i, commune))
            for label in {key(commune.name, COMMUNE_PREFIXES), key(commune.name, ())}:
                by_key.setdefault(label, []).append(commune)
        c.raise_if_any("invalid commune registry")
        object.__setattr__(
            self, "_by_code", {k: tuple(x for _, x in v) for k, v in by_code.items()}
        )
        object.__setattr__(self, "_by_key", {k: tuple(v) for k, v in by_key.items()})

    def __len__(self) -> int:
        return len(self.communes)

    def __iter__(self) -> Iterator[Commune]:
        return iter(self.communes)

    def get(self, code: str, *, on: date | None = None, path: str = "$.commune") -> Commune:
        """The commune with ``code`` (zero-padded to 5 digits) in force on ``on``.

        Without ``on``, a code used in both periods raises
        ``"ambiguous-commune"``; an unknown code raises ``"unknown-commune"``.
        """
        text = nfc(code)
        if not re.fullmatch(r"[0-9]{1,5}", text):
            raise ValidationError([
                Problem(path, "invalid-commune-code", f"mã xã phải gồm 5 chữ số: {code!r}",
                        f"a commune code has 5 digits: {code!r}")
            ])
        found = self._by_code.get(text.zfill(5), ())
        if not found:
            raise ValidationError([
                Problem(path, "unknown-commune", f"không có xã mang mã {code!r}",
                        f"no commune has code {code!r}",
                        suggestion=suggest(text.zfill(5), self._by_code, cutoff=0.5))
            ])
        return self._pick(repr(code), found, on, path)

    def find(
        self,
        name: str,
        *,
        province: Province | str | None = None,
        on: date | None = None,
        path: str = "$.commune",
    ) -> Commune:
        """The commune called ``name`` (accent-, case- and prefix-insensitive).

        ``province`` (a :class:`Province` or a :func:`province` query)
        restricts the search to communes lying within that unit (see
        :func:`contains`); ``on`` to communes in force on that date.
        """
        area: Province | None
        if isinstance(province, str):
            area = lookup_province(province, on=on, path=f"{path}.province")
        else:
            area = province
        found = self._by_key.get(key(name, COMMUNE_PREFIXES), ())
        if not found:
            found = self._by_key.get(key(name, ()), ())
        if area is not None:
            found = tuple(x for x in found if contains(area, by_id(x.province_id)))
        if not found:
            raise ValidationError([
                Problem(path, "unknown-commune", f"không tìm thấy xã {name!r}",
                        f"unknown commune {name!r}",
                        suggestion=suggest(name, (x.name for x in self.communes)))
            ])
        return self._pick(repr(name), found, on, path)

    def province_of(self, commune: Commune | str, on: date | None = None) -> Province:
        """The province of ``commune`` (a Commune or a code), mapped to ``on``.

        Without ``on`` this is the province the commune belonged to; with
        ``on`` it is the unit in force on that date that contains it.
        """
        if isinstance(commune, str):
            commune = self.get(commune, on=on)
        own = by_id(commune.province_id)
        return own if on is None else successor(own, on)

    @staticmethod
    def _pick(query: str, found: tuple[Commune, ...], on: date | None, path: str) -> Commune:
        if on is not None:
            current = tuple(x for x in found if x.in_force(on))
            if not current:
                listing = ", ".join(x.describe() for x in found)
                raise ValidationError([
                    Problem(path, "commune-not-in-force",
                            f"{query} không có hiệu lực vào ngày {on}: {listing}",
                            f"{query} is not in force on {on}: {listing}")
                ])
            found = current
        if len(found) == 1:
            return found[0]
        listing = ", ".join(f"{x.describe()} in {x.province_id}" for x in found)
        raise ValidationError([
            Problem(path, "ambiguous-commune",
                    f"{query} ứng với nhiều xã: {listing}; hãy truyền on=<ngày> hoặc province=",
                    f"{query} matches several communes: {listing}; pass on=<date> or province=")
        ])


@functools.cache
def sample_communes() -> CommuneRegistry:
    """A tiny illustrative registry shipped in ``data/communes-sample.json``.

    The Hà Nội entries use real codes quoted in the reference notes; codes
    ``99000``–``99999`` are made up (see the file's ``note``). Use real data
    from Cục Thống kê (1027/CTK-CSCL) for anything but examples and tests.

    >>> len(sample_communes()) > 5
    True
    """
    raw = read_json("communes-sample.json")
    return CommuneRegistry(
        Commune(
            code=r["code"], name=r["name"], province_id=r["province_id"], kind=r["kind"],
            valid_from=optional_date(r.get("valid_from")),
            valid_until=optional_date(r.get("valid_until")),
            predecessor_codes=r.get("predecessor_codes", ()),
        )
        for r in raw["communes"]
    )
