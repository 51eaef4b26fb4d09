"""Registries of communes (and, for the old period, districts): lookup by code or by name,
ambiguity reported with its candidates, and the 2025 lineage in both directions.

A name is matched accent-, case-, spacing- and prefix-insensitively: "Côn Minh",
"xã Con Minh", "X. Côn Minh" and "XA CON MINH" meet. A name shared by several communes is
never resolved by a guess: the ``"ambiguous-commune"`` problem lists the candidates (with
their district and province) and says what to add (the district and province for the old
period, the province for the new one, or the date).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

import attrs

from ocopkit.errors import Problem, ProblemCollector, ValidationError
from ocopkit.text import nfc, slug, suggest

from ._common import (
    COMMUNE_PREFIXES,
    DISTRICT_ERA_END,
    DISTRICT_PREFIXES,
    key,
    keys,
    optional_date,
    overlap,
    read_json,
)
from ._communes import Commune, CommuneKind
from ._districts import District
from ._provinces import Province, by_id, contains, province_table, successor
from ._provinces import province as lookup_province

__all__ = ["CommuneRegistry", "sample_communes"]

_KIND_OF_PREFIX = {
    "xa": CommuneKind.COMMUNE, "x": CommuneKind.COMMUNE,
    "phuong": CommuneKind.WARD, "p": CommuneKind.WARD,
    "thi-tran": CommuneKind.TOWNSHIP, "tt": CommuneKind.TOWNSHIP,
    "dac-khu": CommuneKind.SPECIAL_ZONE, "dk": CommuneKind.SPECIAL_ZONE,
}


def _communes(values: Iterable[Commune]) -> tuple[Commune, ...]:
    return tuple(values)


def _districts(values: Iterable[District]) -> tuple[District, ...]:
    return tuple(values)


def _kind_of_query(name: str) -> CommuneKind | None:
    """The kind a query's prefix names ("Phường 1" → ward), if any."""
    words = slug(name)
    for prefix, kind in sorted(_KIND_OF_PREFIX.items(), key=lambda kv: -len(kv[0])):
        if words.startswith(prefix + "-"):
            return kind
    return None


@attrs.define
class _Index:
    by_code: Mapping[str, tuple[Commune, ...]]
    by_key: Mapping[str, tuple[Commune, ...]] | None
    districts: Mapping[str, District]
    district_keys: Mapping[str, tuple[District, ...]]
    successors: Mapping[str, tuple[Commune, ...]]


@attrs.frozen
class CommuneRegistry:
    """An immutable, validated collection of communes (and old districts).

    Two communes with the same code and overlapping periods are reported as
    ``"duplicate-commune"`` problems (all of them, in one ValidationError); so are two
    districts with one code (``"duplicate-district"``) and a commune naming an unknown
    district (``"unknown-district"``). ``source`` names where the registry comes from
    (``None`` for one the caller built); the national registry
    (:func:`~ocopkit.places.national_communes`) says which package and version.

    >>> reg = sample_communes()
    >>> reg.get("00004", on=date(2024, 1, 1)).name
    'Phường Trúc Bạch'
    >>> reg.get("00004", on=date(2026, 1, 1)).name
    'Phường Ba Đình'
    >>> reg.find("truc bach").code
    '00004'
    >>> reg.province_of(reg.find("Trúc Bạch"), on=date(2026, 1, 1)).id
    '01@34'
    >>> [c.name for c in reg.successors(reg.find("P. Trúc Bạch"))]
    ['Phường Ba Đình']
    """

    communes: tuple[Commune, ...] = attrs.field(converter=_communes)
    districts: tuple[District, ...] = attrs.field(default=(), converter=_districts)
    source: str | None = None
    _index: _Index = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        c = ProblemCollector()
        districts: dict[str, District] = {}
        district_keys: dict[str, list[District]] = {}
        for i, d in enumerate(self.districts):
            if d.code in districts:
                c.add(f"$.districts[{i}]", "duplicate-district",
                      f"mã huyện {d.code} trùng lặp", f"district code {d.code} appears twice")
            districts.setdefault(d.code, d)
            for label in set(keys(d.name, DISTRICT_PREFIXES)):
                district_keys.setdefault(label, []).append(d)
        by_code: dict[str, list[tuple[int, Commune]]] = {}
        successors: dict[str, list[Commune]] = {}
        for i, commune in enumerate(self.communes):
            for j, other in by_code.get(commune.code, []):
                if overlap(commune.valid_from, commune.valid_until,
                           other.valid_from, other.valid_until):
                    c.add(f"$.communes[{i}]", "duplicate-commune",
                          f"mã xã {commune.code} trùng với $.communes[{j}] "
                          f"({other.describe()}) trong cùng thời kỳ",
                          f"code {commune.code} duplicates $.communes[{j}] "
                          f"({other.describe()}) in an overlapping period")
            if (commune.district_code is not None and self.districts
                    and commune.district_code not in districts):
                c.add(f"$.communes[{i}].district_code", "unknown-district",
                      f"xã {commune.code}: không có huyện mã {commune.district_code}",
                      f"commune {commune.code}: unknown district {commune.district_code}")
            by_code.setdefault(commune.code, []).append((i, commune))
            for old in commune.predecessor_codes:
                successors.setdefault(old, []).append(commune)
        c.raise_if_any("invalid commune registry")
        object.__setattr__(self, "_index", _Index(
            by_code={k: tuple(x for _, x in v) for k, v in by_code.items()},
            by_key=None,  # built on the first search by name
            districts=districts,
            district_keys={k: tuple(v) for k, v in district_keys.items()},
            successors={k: tuple(v) for k, v in successors.items()},
        ))

    def __len__(self) -> int:
        return len(self.communes)

    def __iter__(self) -> Iterator[Commune]:
        return iter(self.communes)

    # ------------------------------------------------------------------ lookups

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
        found = self._index.by_code.get(text.zfill(5), ())
        if not found:
            raise ValidationError([
                Problem(path, "unknown-commune", f"không có xã mang mã {code!r}",
                        f"no commune has code {code!r}",
                        suggestion=suggest(text.zfill(5), self._index.by_code, cutoff=0.5))
            ])
        return self._pick(repr(code), found, on, path)

    def find(
        self,
        name: str,
        *,
        district: District | str | None = None,
        province: Province | str | None = None,
        on: date | None = None,
        path: str = "$.commune",
    ) -> Commune:
        """The commune called ``name`` (accent-, case- and prefix-insensitive).

        ``district`` (a :class:`District`, a district code or name) restricts the search
        to that district's communes (the old period); ``province`` (a
        :class:`~ocopkit.places.Province` or a :func:`~ocopkit.places.province` query) to
        communes lying within that unit (see :func:`~ocopkit.places.contains`); ``on`` to
        communes in force on that date. A prefix in the query ("Phường 1") prefers
        communes of that kind. Several matches raise ``"ambiguous-commune"`` listing the
        candidates; none raises ``"unknown-commune"`` with a suggestion.
        """
        areas = self._areas(province, on, f"{path}.province")
        found = self._by_name(name)
        if district is not None:
            chosen = (district if isinstance(district, District)
                      else self.district(district, province=province, path=f"{path}.district"))
            found = tuple(x for x in found if x.district_code == chosen.code)
        if areas is not None:
            found = tuple(x for x in found
                          if any(contains(a, by_id(x.province_id)) for a in areas))
        if not found:
            raise ValidationError([
                Problem(path, "unknown-commune", f"không tìm thấy xã {name!r}",
                        f"unknown commune {name!r}",
                        suggestion=suggest(name, (x.name for x in self.communes)))
            ])
        kind = _kind_of_query(name)
        if kind is not None and len(found) > 1:
            found = tuple(x for x in found if x.kind is kind) or found
        return self._pick(repr(name), found, on, path)

    def resolve(
        self,
        query: str,
        *,
        district: District | str | None = None,
        province: Province | str | None = None,
        on: date | None = None,
        path: str = "$.commune",
    ) -> Commune:
        """A commune by code (``"01834"``, ``"1834"``) or by name (see :meth:`find`)."""
        text = nfc(query)
        if re.fullmatch(r"[0-9]{1,5}", text):
            return self.get(text, on=on, path=path)
        return self.find(text, district=district, province=province, on=on, path=path)

    def district(
        self, query: str, *, province: Province | str | None = None, path: str = "$.district"
    ) -> District:
        """An old district by 3-digit code or by name ("Na Rì", "huyện Na Rì", "H. Na Rì").

        ``province`` narrows a name used in several provinces (``"ambiguous-district"``).

        >>> from ocopkit.places import national_communes
        >>> national_communes().district("H. Na Rì").describe()
        '066 Huyện Na Rì (06@63, until 2025-06-30)'
        """
        text = nfc(query)
        ix = self._index
        if re.fullmatch(r"[0-9]{1,3}", text):
            found: tuple[District, ...] = tuple(
                d for d in (ix.districts.get(text.zfill(3)),) if d is not None)
        else:
            found = ix.district_keys.get(key(text, DISTRICT_PREFIXES), ())
            if not found:
                found = ix.district_keys.get(key(text, ()), ())
        areas = self._areas(province, DISTRICT_ERA_END, f"{path}.province")
        if areas is not None:
            found = tuple(d for d in found
                          if any(contains(a, by_id(d.province_id)) for a in areas))
        found = tuple(dict.fromkeys(found))
        if not found:
            raise ValidationError([Problem(
                path, "unknown-district", f"không tìm thấy huyện {query!r}",
                f"unknown district {query!r}",
                suggestion=suggest(text, (d.name for d in self.districts)))])
        if len(found) > 1:
            listing = ", ".join(d.describe() for d in found)
            raise ValidationError([Problem(
                path, "ambiguous-district",
                f"{query!r} ứng với nhiều huyện: {listing}; hãy cho biết tỉnh",
                f"{query!r} matches several districts: {listing}; give the province")])
        return found[0]

    def district_of(self, commune: Commune) -> District | None:
        """The district of an old commune, when the registry knows it."""
        if commune.district_code is None:
            return None
        return self._index.districts.get(commune.district_code)

    def province_of(self, commune: Commune | str, on: date | None = None) -> Province:
        """The province of ``commune`` (a Commune or a code), mapped to ``on``.

        Without ``on`` this is the province the commune belonged to; with
        ``on`` it is the unit in force on that date that contains it.
        """
        if isinstance(commune, str):
            commune = self.get(commune, on=on)
        own = by_id(commune.province_id)
        return own if on is None else successor(own, on)

    # ------------------------------------------------------------------ lineage

    def successors(self, commune: Commune) -> tuple[Commune, ...]:
        """The later communes that absorbed ``commune`` (several when it was split).

        >>> from ocopkit.places import national_communes
        >>> reg = national_communes()
        >>> old = reg.find("Côn Minh", district="Na Rì", province="Bắc Kạn")
        >>> [(c.code, c.name, c.province_id) for c in reg.successors(old)]
        [('02185', 'Xã Côn Minh', '19@34')]
        """
        return tuple(x for x in self._index.successors.get(commune.code, ())
                     if commune.valid_until is not None and x.valid_from is not None
                     and x.valid_from > commune.valid_until)

    def predecessors(self, commune: Commune) -> tuple[Commune, ...]:
        """The earlier communes ``commune`` absorbed (whole or in part), in code order."""
        if commune.valid_from is None:
            return ()
        out: list[Commune] = []
        for code in commune.predecessor_codes:
            for x in self._index.by_code.get(code, ()):
                if x.valid_until is not None and x.valid_until < commune.valid_from:
                    out.append(x)
        return tuple(out)

    # ------------------------------------------------------------------ helpers

    def _by_name(self, name: str) -> tuple[Commune, ...]:
        index = self._index.by_key
        if index is None:
            built: dict[str, list[Commune]] = {}
            for commune in self.communes:
                for label in set(keys(commune.name, COMMUNE_PREFIXES)):
                    built.setdefault(label, []).append(commune)
            index = self._index.by_key = {k: tuple(v) for k, v in built.items()}
        found = index.get(key(name, COMMUNE_PREFIXES), ())
        if not found:
            found = index.get(key(name, ()), ())
        return found

    @staticmethod
    def _areas(province: Province | str | None, on: date | None,
               path: str) -> tuple[Province, ...] | None:
        """The unit(s) a ``province=`` argument names (a name of both periods: both)."""
        if province is None:
            return None
        if isinstance(province, Province):
            return (province,)
        try:
            return (lookup_province(province, on=on, path=path),)
        except ValidationError as exc:
            if "ambiguous-province" not in exc.codes:
                raise
        return province_table().by_key.get(key(province), ())

    def _pick(self, query: str, found: tuple[Commune, ...], on: date | None,
              path: str) -> Commune:
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
        listing = "; ".join(self._label(x) for x in found)
        old = any(x.district_code is not None for x in found)
        hint_vi = "hãy cho biết huyện và tỉnh" if old else "hãy cho biết tỉnh"
        hint_en = "give the district and the province" if old else "give the province"
        if len({(x.valid_from, x.valid_until) for x in found}) > 1:
            hint_vi, hint_en = f"{hint_vi} hoặc ngày", f"{hint_en} or the date"
        raise ValidationError([
            Problem(path, "ambiguous-commune",
                    f"{query} ứng với {len(found)} xã: {listing}; {hint_vi}",
                    f"{query} matches {len(found)} communes: {listing}; {hint_en}")
        ])

    def _label(self, commune: Commune) -> str:
        district = self.district_of(commune)
        where = f"{district.name}, " if district is not None else ""
        return f"{commune.describe()} in {where}{commune.province_id}"


@functools.cache
def sample_communes() -> CommuneRegistry:
    """A tiny illustrative registry shipped in ``data/communes-sample.json``.

    The Hà Nội entries use real codes quoted in the reference notes; codes
    ``99000``–``99999`` are made up (see the file's ``note``). For real data use
    :func:`~ocopkit.places.national_communes`.

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
