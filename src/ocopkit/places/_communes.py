"""Commune-level units (xã, phường, đặc khu, thị trấn) and registries of them.

Commune codes, like province codes, were reused in 2025, so a commune is identified by
code *and* period; ``predecessor_codes`` lists the old communes a new one absorbed.
The national registry (:func:`~ocopkit.places.national_communes`) and a tiny sample
(:func:`sample_communes`) ship with the package; any other set is a
:class:`~ocopkit.places.CommuneRegistry` the caller builds.
"""

from __future__ import annotations

import enum
import re
from datetime import date

import attrs

from ocopkit.errors import Problem, ProblemCollector, ValidationError
from ocopkit.text import fold, nfc, slug, suggest

from ._common import in_force, overlap, period, strs
from ._provinces import province_table

__all__ = ["Commune", "CommuneKind", "trusted_commune"]

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
    ``predecessor_codes`` lists the old codes of the communes it absorbed;
    ``partial_codes`` those of them it absorbed only in part (an old commune split
    between several new ones); ``absorbed_districts`` the codes of old districts
    without communes it took over (the island districts that became special zones).
    ``district_code`` is the 3-digit code of an old commune's district.

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
    district_code: str | None = None
    partial_codes: tuple[str, ...] = attrs.field(default=(), converter=strs)
    absorbed_districts: tuple[str, ...] = attrs.field(default=(), converter=strs)

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
        for code in self.partial_codes:
            if code not in self.predecessor_codes:
                c.add(f"{where}.partial_codes", "partial-not-predecessor",
                      f"mã xã {code!r} được tách một phần nhưng không có trong predecessor_codes",
                      f"partially absorbed {code!r} is not among the predecessor_codes")
        if self.district_code is not None and not re.fullmatch(r"[0-9]{3}", self.district_code):
            c.add(f"{where}.district_code", "invalid-district-code",
                  f"mã huyện phải gồm 3 chữ số: {self.district_code!r}",
                  f"a district code has 3 digits: {self.district_code!r}")
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


_DEFAULTS = {f.name: f.default for f in attrs.fields(Commune)
             if f.default is not attrs.NOTHING}


def trusted_commune(**fields: object) -> Commune:
    """A commune built from shipped data that its generator and the tests check.

    Skips the constructor's conversions and checks (the national registry would
    otherwise spend most of its loading time re-validating 13,356 rows); the values
    must already be what the constructor would make of them.
    """
    obj = object.__new__(Commune)
    for name, value in {**_DEFAULTS, **fields}.items():
        object.__setattr__(obj, name, value)
    return obj
