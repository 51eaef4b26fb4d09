"""The body that issued a certificate, as written, and the authority it resolves to.

Registries name the issuing body in words — "UBND tỉnh Bắc Kạn", "UBND huyện Na Rì",
"Chủ tịch UBND tỉnh Thái Nguyên", "Bộ NN&PTNT". :func:`resolve_issuer` keeps the text and
resolves it to a level (district, province, central) and to *the unit as it was on the
issue date*: "UBND tỉnh Thái Nguyên" in 2024 is ``19@63``, in 2026 ``19@34``; "UBND huyện
Na Rì" is district 066 of ``06@63``, and cannot have issued anything after 2025-06-30, when
districts stopped operating (Resolution 203/2025/QH15). What cannot be resolved is a
problem (``"unknown-issuer"``), never a guess.

>>> from datetime import date
>>> body, problems = resolve_issuer("UBND huyện Na Rì", date(2024, 5, 2))
>>> body.level.value, body.unit_id, body.unit_name, problems
('district', '06@63/066', 'Huyện Na Rì', [])
>>> resolve_issuer("UBND tỉnh Thái Nguyên", date(2026, 1, 5))[0].unit_id
'19@34'
"""

from __future__ import annotations

import re
from datetime import date

import attrs

from ocopkit import places
from ocopkit.errors import Problem, ValidationError
from ocopkit.places import CommuneRegistry, Province
from ocopkit.rulesets import (
    DISTRICT,
    MINISTRY_MAE,
    MINISTRY_MAE_FROM,
    MINISTRY_MARD,
    PROVINCE,
    Authority,
    AuthorityLevel,
)
from ocopkit.text import fold, nfc

from ._dates import PartialDate

__all__ = ["IssuingBody", "resolve_issuer"]


@attrs.frozen
class IssuingBody:
    """An issuing body as the record wrote it, and what it resolves to.

    ``level`` is ``None`` when the text could not be read; ``unit_id`` is the province id
    (``"06@63"``) for a province, ``"<province id>/<district code>"`` (``"06@63/066"``)
    for a district, ``None`` for a ministry or an unresolved unit.
    """

    text: str = attrs.field(converter=nfc)
    level: AuthorityLevel | None = None
    unit_id: str | None = None
    unit_name: str | None = None

    @property
    def authority(self) -> Authority | None:
        """The generic authority of the level (the ministry itself for central bodies)."""
        if self.level is AuthorityLevel.DISTRICT:
            return DISTRICT
        if self.level is AuthorityLevel.PROVINCE:
            return PROVINCE
        if self.unit_id == MINISTRY_MARD.id:
            return MINISTRY_MARD
        if self.unit_id == MINISTRY_MAE.id:
            return MINISTRY_MAE
        return None

    @property
    def province_id(self) -> str | None:
        """The province of a provincial or district body."""
        return None if self.unit_id is None else self.unit_id.split("/")[0] or None


_HEAD = re.compile(r"^(?:chu tich\s+)?(?:ubnd|uy ban nhan dan|u ban nhan dan)\s*")
_MARD = ("bo nong nghiep va phat trien nong thon", "bo nn&ptnt", "bo nn va ptnt",
         "bo nnptnt", "ministry of agriculture and rural development", "ministry-mard")
_MAE = ("bo nong nghiep va moi truong", "bo nn&mt", "bo nn va mt", "bo nnmt",
        "ministry of agriculture and environment", "ministry-mae")
_CENTRAL = ("trung uong", "cap trung uong", "central", "bo", "ministry")
_LEVEL_ONLY = {
    "tinh": PROVINCE, "cap tinh": PROVINCE, "ubnd tinh": PROVINCE, "province": PROVINCE,
    "province-people-committee": PROVINCE, "uy ban nhan dan cap tinh": PROVINCE,
    "huyen": DISTRICT, "cap huyen": DISTRICT, "ubnd huyen": DISTRICT, "district": DISTRICT,
    "district-people-committee": DISTRICT, "uy ban nhan dan cap huyen": DISTRICT,
}


def _days(on: date | PartialDate | None) -> tuple[date | None, ...]:
    if on is None or isinstance(on, date):
        return (on,)
    return tuple(dict.fromkeys((on.earliest, on.latest)))


def _problem(code: str, vi: str, en: str, severity: str = "warning") -> Problem:
    return Problem("", code, vi, en, severity=severity)  # type: ignore[arg-type]


def resolve_issuer(
    text: str,
    on: date | PartialDate | None,
    *,
    province_hint: Province | None = None,
    communes: CommuneRegistry | None = None,
) -> tuple[IssuingBody, list[Problem]]:
    """Resolve an issuing body's text on the issue date (see the module docstring).

    ``province_hint`` (the product's province) settles a district name used in several
    provinces; ``communes`` supplies the districts (default: the national registry).
    Returns the body and its problems (empty when fully resolved): ``"unknown-issuer"``
    (a warning: the text names no body ocopkit can place), ``"issuer-not-in-force"``
    (the unit did not exist on the date), ``"issuer-level-only"`` (a note: the text
    gives a level but no unit).
    """
    raw = nfc(text)
    key = fold(raw).replace(".", " ").replace("  ", " ").strip()
    if key in _MARD or key.startswith(_MARD):
        return IssuingBody(raw, AuthorityLevel.CENTRAL, MINISTRY_MARD.id, MINISTRY_MARD.name_vi), []
    if key in _MAE or key.startswith(_MAE):
        return IssuingBody(raw, AuthorityLevel.CENTRAL, MINISTRY_MAE.id, MINISTRY_MAE.name_vi), []
    if key in _CENTRAL:
        days = [d for d in _days(on) if d is not None]
        ministries = {MINISTRY_MAE if d >= MINISTRY_MAE_FROM else MINISTRY_MARD for d in days}
        if len(ministries) == 1:
            m = ministries.pop()
            return IssuingBody(raw, AuthorityLevel.CENTRAL, m.id, m.name_vi), []
        return IssuingBody(raw, AuthorityLevel.CENTRAL), [_problem(
            "issuer-level-only", "chỉ biết cấp trung ương, không rõ bộ",
            "only the central level is known, not the ministry", "note")]
    if key in _LEVEL_ONLY:
        level = _LEVEL_ONLY[key].level
        return IssuingBody(raw, level), [_problem(
            "issuer-level-only", f"chỉ biết cấp ({level.value}), không rõ đơn vị cấp",
            f"only the level ({level.value}) of the issuing body is known, not the unit",
            "note")]
    rest = _HEAD.sub("", key)
    prefixes: tuple[tuple[str, AuthorityLevel | None], ...] = (
        ("tinh ", AuthorityLevel.PROVINCE), ("thanh pho ", None), ("tp ", None),
        ("huyen ", AuthorityLevel.DISTRICT), ("quan ", AuthorityLevel.DISTRICT),
        ("thi xa ", AuthorityLevel.DISTRICT), ("tx ", AuthorityLevel.DISTRICT))
    for prefix, named in prefixes:
        if rest.startswith(prefix):
            name = rest[len(prefix):]
            if named is not AuthorityLevel.DISTRICT:
                # "thành phố X" is the province only when X is a centrally-run city
                found = _province_body(raw, name, on, cities_only=named is None)
                if found is not None or named is AuthorityLevel.PROVINCE:
                    return found or _unknown(raw)
            return _district_body(raw, rest, on, province_hint, communes)
    if rest != key:  # "UBND <name>" without a level word: a province by its name
        found = _province_body(raw, rest, on)
        if found is not None:
            return found
    return _unknown(raw)


def _unknown(raw: str) -> tuple[IssuingBody, list[Problem]]:
    return IssuingBody(raw), [_problem(
        "unknown-issuer", f"không xác định được cơ quan cấp {raw!r}",
        f"the issuing body {raw!r} cannot be resolved to an authority")]


def _province_body(raw: str, name: str, on: date | PartialDate | None, *,
                   cities_only: bool = False) -> tuple[IssuingBody, list[Problem]] | None:
    units: dict[str, Province] = {}
    missing: list[date | None] = []
    for day in _days(on):
        try:
            unit = places.province(name, on=day)
            if cities_only and unit.kind != "city":
                return None
        except ValidationError as exc:
            if "unknown-province" in exc.codes or "invalid-province-code" in exc.codes:
                return None
            if "province-not-in-force" in exc.codes:
                missing.append(day)
            continue
        units[unit.id] = unit
    if missing:
        when = ", ".join(str(d) for d in missing)
        if not units:
            return IssuingBody(raw, AuthorityLevel.PROVINCE), [_problem(
                "issuer-not-in-force", f"{raw!r} không tồn tại vào ngày cấp ({when})",
                f"{raw!r} did not exist on the issue date ({when})")]
        unit = next(iter(units.values()))
        return IssuingBody(raw, AuthorityLevel.PROVINCE, unit.id, unit.name), [_problem(
            "issuer-uncertain",
            f"{raw!r} chỉ tồn tại vào một phần thời gian có thể cấp (không còn vào {when})",
            f"{raw!r} existed on only part of the possible issue days (not on {when})",
            "note")]
    if len(units) != 1:
        return IssuingBody(raw, AuthorityLevel.PROVINCE), [_problem(
            "ambiguous-issuer",
            f"{raw!r} có thể là đơn vị của nhiều thời kỳ; cần ngày cấp chính xác",
            f"{raw!r} may name units of different periods; the exact issue date is needed",
            "note")]
    unit = next(iter(units.values()))
    return IssuingBody(raw, AuthorityLevel.PROVINCE, unit.id, unit.name), []


def _district_body(raw: str, name: str, on: date | PartialDate | None,
                   hint: Province | None, communes: CommuneRegistry | None
                   ) -> tuple[IssuingBody, list[Problem]]:
    registry = communes if communes is not None and communes.districts else (
        places.national_communes())
    try:  # a new province's hint covers the districts of its predecessors (contains)
        district = registry.district(name, province=hint)
    except ValidationError as exc:
        if hint is not None and "unknown-district" in exc.codes:
            try:
                district = registry.district(name)
            except ValidationError:
                return _unknown(raw)
        elif "ambiguous-district" in exc.codes:
            return IssuingBody(raw, AuthorityLevel.DISTRICT), [_problem(
                "ambiguous-issuer", f"{raw!r} ứng với nhiều huyện; cần tỉnh của sản phẩm",
                f"{raw!r} matches several districts; the product's province is needed")]
        else:
            return _unknown(raw)
    body = IssuingBody(raw, AuthorityLevel.DISTRICT, f"{district.province_id}/{district.code}",
                       district.name)
    late = [d for d in _days(on) if d is not None and not district.in_force(d)]
    if late and len(late) == len(_days(on)):
        return body, [_problem(
            "issuer-not-in-force",
            f"{district.name} không còn hoạt động vào ngày cấp ({late[0]}): cấp huyện chấm "
            "dứt từ 01/07/2025",
            f"{district.name} no longer existed on the issue date ({late[0]}): districts "
            "stopped operating on 2025-07-01")]
    return body, []
