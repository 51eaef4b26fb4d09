"""Provincial units before and after the 2025 reorganisation, and their lineage.

Until 30 June 2025 Vietnam had 63 provincial-level units; from 1 July 2025
it has 34 (Resolution 202/2025/QH15, codes per Công văn 915/CTK-CSCL).
Both sets are kept side by side, because OCOP records (targets, certificates,
product codes) keep naming the unit that was in force when they were made.

**Identifiers.** Each unit has a stable :attr:`Province.id` of the form
``"<code>@63"`` (one of the 63 units valid until 2025-06-30 inclusive) or
``"<code>@34"`` (one of the 34 units valid from 2025-07-01). A bare code is
*not* an identifier: codes were reused, e.g. ``15`` was Yên Bái and is now
Lào Cai, ``24`` was Bắc Giang and is now Bắc Ninh.

**Lineage.** Every old unit has exactly one :attr:`Province.successor_id`;
every new unit lists its :attr:`Province.predecessor_ids` (a single one for
the 11 units that were not merged).

**Ambiguity policy.** :func:`province` accepts a code, a name, an alias or an
id. When the query names units of both periods and no ``on`` date is given,
it raises a :class:`~ocopkit.errors.ValidationError` (code
``"ambiguous-province"``) listing the candidates instead of guessing.

>>> from datetime import date
>>> province("06").name
'Bắc Kạn'
>>> province("Bac Can").id
'06@63'
>>> province("Thái Nguyên", on=date(2026, 1, 1)).id
'19@34'
>>> successor(province("Bắc Kạn"), date(2026, 1, 1)).name
'Thái Nguyên'
>>> len(provinces(on=date(2025, 6, 30))), len(provinces(on=date(2025, 7, 1)))
(63, 34)

Importing this module is cheap: the data file is read on first use.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import date
from typing import Literal

import attrs

from ocopkit.errors import DataError, Problem, ProblemCollector, ValidationError
from ocopkit.text import nfc, slug, suggest

from ._common import (
    in_force,
    key,
    optional_date,
    overlap,
    period,
    read_json,
    strs,
    texts,
)

__all__ = [
    "Province",
    "ProvinceKind",
    "changed_codes",
    "contains",
    "lineage",
    "province",
    "provinces",
    "retired_codes",
    "successor",
]

ProvinceKind = Literal["province", "city"]
_KINDS: tuple[str, ...] = ("province", "city")

_CODE = re.compile(r"[0-9]{1,2}")
_ID = re.compile(r"([0-9]{2})@([0-9]+)")


@attrs.frozen
class Province:
    """A provincial-level unit (tỉnh or thành phố trực thuộc trung ương).

    ``valid_from`` / ``valid_until`` are inclusive; ``None`` means unknown or
    open. ``name`` is the official Vietnamese name (NFC); lookups also accept
    the name without its "Thành phố"/"Tỉnh" prefix and every alias.

    >>> p = Province(id="06@63", code="06", name="Bắc Kạn", kind="province",
    ...              valid_until=date(2025, 6, 30), aliases=("Bắc Cạn",),
    ...              successor_id="19@34")
    >>> p.slug, p.in_force(date(2024, 1, 1)), p.in_force(date(2025, 7, 1))
    ('bac-kan', True, False)
    >>> try:
    ...     Province(id="x", code="6", name="", kind="town")  # type: ignore[arg-type]
    ... except ValidationError as err:
    ...     print(err.codes)
    ('invalid-province-code', 'empty-name', 'invalid-kind')
    """

    id: str
    code: str
    name: str = attrs.field(converter=nfc)
    kind: ProvinceKind
    name_en: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=texts)
    successor_id: str | None = None
    predecessor_ids: tuple[str, ...] = attrs.field(default=(), converter=strs)

    def __attrs_post_init__(self) -> None:
        c = ProblemCollector()
        where = f"province {self.id!r}"
        if not re.fullmatch(r"[0-9]{2}", self.code):
            c.add(f"{where}.code", "invalid-province-code",
                  f"mã tỉnh phải gồm 2 chữ số: {self.code!r}",
                  f"a province code has 2 digits: {self.code!r}")
        elif _ID.fullmatch(self.id) is None or not self.id.startswith(self.code + "@"):
            c.add(f"{where}.id", "invalid-province-id",
                  f"mã định danh phải có dạng '{self.code}@…': {self.id!r}",
                  f"the id must look like '{self.code}@…': {self.id!r}")
        if not self.name:
            c.add(f"{where}.name", "empty-name", "tên trống", "empty name")
        if self.kind not in _KINDS:
            c.add(f"{where}.kind", "invalid-kind",
                  f"loại đơn vị không hợp lệ: {self.kind!r}",
                  f"invalid kind {self.kind!r} (expected 'province' or 'city')",
                  suggestion=suggest(self.kind, _KINDS))
        if (self.valid_from is not None and self.valid_until is not None
                and self.valid_from > self.valid_until):
            c.add(f"{where}.valid_until", "invalid-period",
                  "ngày hết hiệu lực trước ngày bắt đầu",
                  "valid_until is before valid_from")
        c.raise_if_any()

    @property
    def slug(self) -> str:
        """ASCII slug of the name without its administrative prefix (``"ha-noi"``)."""
        return slug(self.short_name)

    @property
    def short_name(self) -> str:
        """The name without "Thành phố"/"Tỉnh" (``"Hà Nội"`` for ``"Thành phố Hà Nội"``)."""
        for prefix in ("Thành phố ", "Tỉnh "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name

    def in_force(self, on: date) -> bool:
        """Whether the unit exists on ``on`` (bounds inclusive)."""
        return in_force(self.valid_from, self.valid_until, on)

    def describe(self) -> str:
        """Short human label with id and period, used in error messages."""
        return f"{self.id} {self.name} ({period(self.valid_from, self.valid_until)})"


@attrs.frozen
class _ProvinceTable:
    all: tuple[Province, ...]
    by_id: Mapping[str, Province]
    by_code: Mapping[str, tuple[Province, ...]]
    by_key: Mapping[str, tuple[Province, ...]]
    labels: tuple[str, ...]


@functools.cache
def province_table() -> _ProvinceTable:
    raw = read_json("provinces.json")
    units = tuple(
        Province(
            id=r["id"], code=r["code"], name=r["name"], kind=r["kind"],
            name_en=r.get("name_en"),
            valid_from=optional_date(r.get("valid_from")),
            valid_until=optional_date(r.get("valid_until")),
            aliases=r.get("aliases", ()), successor_id=r.get("successor_id"),
            predecessor_ids=r.get("predecessor_ids", ()),
        )
        for r in raw["provinces"]
    )
    return _index(units)


def _index(units: tuple[Province, ...]) -> _ProvinceTable:
    c = ProblemCollector()
    by_id: dict[str, Province] = {}
    by_code: dict[str, list[Province]] = {}
    by_key: dict[str, list[Province]] = {}
    labels: list[str] = []
    for i, p in enumerate(units):
        if p.id in by_id:
            c.add(f"provinces.json $.provinces[{i}].id", "duplicate-id",
                  f"mã định danh trùng: {p.id}", f"duplicate id {p.id}")
        by_id[p.id] = p
        by_code.setdefault(p.code, []).append(p)
        for label in (p.name, p.short_name, *p.aliases):
            bucket = by_key.setdefault(key(label), [])
            if p not in bucket:
                bucket.append(p)
            if label not in labels:
                labels.append(label)
    for p in units:
        if p.successor_id is not None:
            nxt = by_id.get(p.successor_id)
            if nxt is None or p.id not in nxt.predecessor_ids:
                c.add(f"provinces.json {p.id}.successor_id", "broken-lineage",
                      f"đơn vị kế thừa {p.successor_id} không liệt kê {p.id}",
                      f"successor {p.successor_id} does not list {p.id} as predecessor")
        for pid in p.predecessor_ids:
            prev = by_id.get(pid)
            if prev is None or prev.successor_id != p.id:
                c.add(f"provinces.json {p.id}.predecessor_ids", "broken-lineage",
                      f"đơn vị tiền thân {pid} không trỏ tới {p.id}",
                      f"predecessor {pid} does not name {p.id} as successor")
    for index in (by_code, by_key):
        for label, group in index.items():
            for a_i, a in enumerate(group):
                for b in group[a_i + 1 :]:
                    if overlap(a.valid_from, a.valid_until, b.valid_from, b.valid_until):
                        c.add(f"provinces.json {a.id}", "overlapping-units",
                              f"{a.id} và {b.id} cùng hiệu lực với khóa {label!r}",
                              f"{a.id} and {b.id} share {label!r} in overlapping periods")
    c.raise_if_any("provinces.json is inconsistent", cls=DataError)
    return _ProvinceTable(
        all=units,
        by_id=by_id,
        by_code={k: tuple(v) for k, v in by_code.items()},
        by_key={k: tuple(v) for k, v in by_key.items()},
        labels=tuple(labels),
    )


def provinces(on: date | None = None) -> tuple[Province, ...]:
    """All provincial units of both periods, or those in force on ``on``.

    >>> len(provinces())
    97
    >>> [p.name for p in provinces(on=date(2026, 1, 1))][:3]
    ['Thành phố Hà Nội', 'Cao Bằng', 'Tuyên Quang']
    """
    units = province_table().all
    return units if on is None else tuple(p for p in units if p.in_force(on))


def _candidates(query: str) -> tuple[str, tuple[Province, ...]]:
    """Classify ``query`` and return (kind, matching units)."""
    text = nfc(query)
    index = province_table()
    if text in index.by_id:
        return "id", (index.by_id[text],)
    if _CODE.fullmatch(text):
        return "code", index.by_code.get(text.zfill(2), ())
    return "name", index.by_key.get(key(text), ())


def province(query: str, *, on: date | None = None, path: str = "$.province") -> Province:
    """Find one province by id (``"06@63"``), code (``"06"``) or name.

    Names are matched ignoring case, diacritics, spacing, punctuation and
    the "Thành phố"/"Tỉnh"/"TP" prefix, and may be aliases ("Bắc Cạn",
    "TP HCM"). When ``on`` is given only units in force on that date match.
    A query that matches units of both periods without ``on`` raises a
    :class:`~ocopkit.errors.ValidationError` with code
    ``"ambiguous-province"``; an unknown one raises ``"unknown-province"``
    with a suggestion; a unit that is not in force on ``on`` raises
    ``"province-not-in-force"``, suggesting its successor.

    >>> province("BẮC KẠN").id, province("bac-kan").id, province("6").id
    ('06@63', '06@63', '06@63')
    >>> province("Hà Nội", on=date(2026, 1, 1)).name
    'Thành phố Hà Nội'
    >>> province("24", on=date(2024, 1, 1)).name, province("24", on=date(2026, 1, 1)).name
    ('Bắc Giang', 'Bắc Ninh')
    >>> try:
    ...     province("Lào Cai")
    ... except ValidationError as err:
    ...     print(err.codes, err.problems[0].suggestion)
    ...     print(err.problems[0].message_en.split(": ")[1])
    ('ambiguous-province',) 15@34
    10@63 Lào Cai (until 2025-06-30), 15@34 Lào Cai (from 2025-07-01); pass on=<date>
    >>> try:
    ...     province("Bac Kann")
    ... except ValidationError as err:
    ...     print(err.codes, err.problems[0].suggestion)
    ('unknown-province',) Bắc Kạn
    """
    kind, found = _candidates(query)
    if not found:
        raise ValidationError([_unknown(query, kind, path)])
    if on is not None:
        current = tuple(p for p in found if p.in_force(on))
        if len(current) == 1:
            return current[0]
        if not current:
            raise ValidationError([_notin_force(query, found, on, path)])
        found = current  # pragma: no cover - excluded by the data check in _index
    if len(found) == 1:
        return found[0]
    listing = ", ".join(p.describe() for p in found)
    latest = found[-1].id
    raise ValidationError([
        Problem(
            path, "ambiguous-province",
            f"{query!r} ứng với đơn vị của nhiều thời kỳ: {listing}; hãy truyền on=<ngày>",
            f"{query!r} matches units of different periods: {listing}; pass on=<date>",
            suggestion=latest,
        )
    ])


def _unknown(query: str, kind: str, path: str) -> Problem:
    index = province_table()
    if kind == "code":
        return Problem(
            path, "unknown-province",
            f"không có tỉnh mang mã {query!r}", f"no province has code {query!r}",
            suggestion=suggest(query.zfill(2), sorted(index.by_code), cutoff=0.5),
        )
    if re.fullmatch(r"[0-9]+", query.strip()):
        return Problem(
            path, "invalid-province-code",
            f"mã tỉnh phải gồm 2 chữ số: {query!r}",
            f"a province code has 2 digits: {query!r}",
        )
    return Problem(
        path, "unknown-province",
        f"không tìm thấy tỉnh {query!r}", f"unknown province {query!r}",
        suggestion=suggest(query, index.labels),
    )


def _notin_force(query: str, found: tuple[Province, ...], on: date, path: str) -> Problem:
    hint: str | None = None
    for p in found:
        if p.valid_until is not None and on > p.valid_until:
            try:
                hint = successor(p, on).name
            except ValidationError:  # pragma: no cover - every old unit has a successor
                hint = None
    listing = ", ".join(p.describe() for p in found)
    return Problem(
        path, "province-not-in-force",
        f"{query!r} không còn/chưa có hiệu lực vào ngày {on}: {listing}",
        f"{query!r} is not in force on {on}: {listing}",
        suggestion=hint,
    )


def by_id(pid: str) -> Province:
    try:
        return province_table().by_id[pid]
    except KeyError:
        raise ValidationError([
            Problem("$.province_id", "unknown-province",
                    f"không có tỉnh mang mã định danh {pid!r}", f"no province has id {pid!r}",
                    suggestion=suggest(pid, province_table().by_id, cutoff=0.5))
        ]) from None


def successor(p: Province, on: date) -> Province:
    """The unit in force on ``on`` that contains ``p`` (``p`` itself if in force).

    Raises a ``"province-not-yet-in-force"`` ValidationError when ``on`` is
    before ``p`` existed: a new unit has no single predecessor to return.

    >>> successor(province("Quảng Nam"), date(2025, 7, 1)).name
    'Thành phố Đà Nẵng'
    >>> successor(province("Quảng Nam"), date(2025, 6, 30)).name
    'Quảng Nam'
    """
    current = p
    while not current.in_force(on):
        if current.valid_from is not None and on < current.valid_from:
            raise ValidationError([
                Problem("$.on", "province-not-yet-in-force",
                        f"{current.describe()} chưa tồn tại vào ngày {on}",
                        f"{current.describe()} did not exist yet on {on}",
                        suggestion=", ".join(current.predecessor_ids) or None)
            ])
        if current.successor_id is None:
            raise ValidationError([
                Problem("$.on", "no-successor",
                        f"{current.describe()} không có đơn vị kế thừa vào ngày {on}",
                        f"{current.describe()} has no successor in force on {on}")
            ])
        current = by_id(current.successor_id)
    return current


def _descendants(p: Province) -> list[str]:
    out: list[str] = []
    current = p
    while current.successor_id is not None and current.successor_id not in out:
        out.append(current.successor_id)
        current = by_id(current.successor_id)
    return out


def _ancestors(p: Province) -> set[str]:
    out: set[str] = set()
    stack = list(p.predecessor_ids)
    while stack:
        pid = stack.pop()
        if pid not in out:
            out.add(pid)
            stack.extend(by_id(pid).predecessor_ids)
    return out


def lineage(p: Province) -> frozenset[str]:
    """Ids of every unit ``p`` descends from or merges into (``p`` excluded).

    Siblings (units merged into the same successor) are not included.

    >>> sorted(lineage(province("Thái Nguyên", on=date(2025, 7, 1))))
    ['06@63', '19@63']
    >>> sorted(lineage(province("Bắc Kạn")))
    ['19@34']
    """
    return frozenset(_ancestors(p)) | frozenset(_descendants(p))


def contains(area: Province, other: Province) -> bool:
    """Whether ``other`` lies within ``area``.

    True when they are the same unit, or ``other`` is an old unit that was
    merged into ``area``. A new unit is never "within" an old one, even a
    unit it absorbed: the new Thái Nguyên is not within the old Bắc Kạn.

    >>> new_tn = province("19", on=date(2025, 7, 1))
    >>> contains(new_tn, province("Bắc Kạn")), contains(province("Bắc Kạn"), new_tn)
    (True, False)
    """
    return area.id == other.id or area.id in _descendants(other)


def retired_codes() -> frozenset[str]:
    """Codes of the 63 old units that no longer name any unit after 2025-06-30.

    >>> sorted(retired_codes())[:4]
    ['02', '06', '10', '17']
    """
    units = provinces()
    new = {p.code for p in units if p.valid_until is None}
    return frozenset(p.code for p in units if p.valid_until is not None and p.code not in new)


def changed_codes() -> frozenset[str]:
    """Codes kept after the reorganisation but now naming a differently-named unit.

    >>> sorted(changed_codes())
    ['15', '24', '44', '52', '80', '82', '91']
    """
    out: set[str] = set()
    for p in provinces():
        if p.valid_until is None:
            continue
        for q in province_table().by_code.get(p.code, ()):
            if q.valid_until is None:
                old_keys = {key(label) for label in (p.name, *p.aliases)}
                if key(q.name) not in old_keys:
                    out.add(p.code)
    return frozenset(out)

