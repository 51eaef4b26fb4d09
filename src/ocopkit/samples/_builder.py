"""The SYNTHETIC sample's builder: products, subjects and certificate chains per province.

Certificates take the rule set and authority in force on their issue day
(:func:`regime`, read from :mod:`ocopkit.rulesets`); renewals are decided 150 days before
expiry, inside the 180–120-day window of 26/2026 Điều 7.6.a.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Final

from ocopkit import rulesets
from ocopkit.certification import DEFAULT_POLICY, Certificate
from ocopkit.errors import ValidationError
from ocopkit.products import Product, Subject, SubjectKind
from ocopkit.rulesets import PROVINCE, Authority

__all__ = ["HORIZON", "PRE_1048", "Q4", "Builder", "regime", "rounds"]

#: Last day of the sample's history.
HORIZON: Final = date(2026, 6, 30)

#: Placeholder rule-set id for provincial recognitions before QĐ 1048 took effect.
PRE_1048: Final = "vn-provincial-pre-1048"

_RENEW_BEFORE: Final = timedelta(days=150)  # within the 180–120-day window of Điều 7.6.a
_EVALUATED_BEFORE: Final = timedelta(days=20)


def regime(on: date, stars: int) -> tuple[str, Authority]:
    """The rule set and recognising authority of a sample certificate of ``stars`` issued on
    ``on``: those of the national rule set in force that day; before QĐ 1048 took effect
    (2019-08-21) the placeholder :data:`PRE_1048` and the province."""
    try:
        ruleset = rulesets.for_date(on)
    except ValidationError:
        return PRE_1048, PROVINCE
    return ruleset.id, ruleset.authority_for(stars, on)


# The sample issues certificates on a few hundred distinct days: the rule set, the
# authority and the last day of validity (36 calendar months) are pure functions of the
# day (and stars) under the built-in rules, computed once each.
_regime_of = functools.lru_cache(maxsize=None)(regime)
_valid_until = functools.lru_cache(maxsize=None)(DEFAULT_POLICY.valid_until)


_SUBJECT_NAMES: Final = {
    SubjectKind.COOPERATIVE: "HTX Mẫu",
    SubjectKind.COOPERATIVE_GROUP: "Tổ hợp tác Mẫu",
    SubjectKind.LIMITED_COMPANY: "Công ty TNHH Mẫu",
    SubjectKind.PRIVATE_ENTERPRISE: "Doanh nghiệp tư nhân Mẫu",
    SubjectKind.JOINT_STOCK_COMPANY: "Công ty cổ phần Mẫu",
    SubjectKind.FARM: "Trang trại Mẫu",
    SubjectKind.HOUSEHOLD: "Hộ kinh doanh Mẫu",
}
_KIND_LETTERS: Final = {
    "C": SubjectKind.COOPERATIVE, "G": SubjectKind.COOPERATIVE_GROUP,
    "L": SubjectKind.LIMITED_COMPANY, "P": SubjectKind.PRIVATE_ENTERPRISE,
    "J": SubjectKind.JOINT_STOCK_COMPANY, "F": SubjectKind.FARM, "H": SubjectKind.HOUSEHOLD,
}

Renew = Callable[[int, int], bool]


class Builder:
    """Collects products, subjects and certificates for one province."""

    def __init__(self, tag: str, kinds: str, sizes: tuple[int, ...], chain_every: int,
                 renew: Renew) -> None:
        self.tag = tag
        self.kinds = kinds
        self.sizes = sizes
        self.chain_every = chain_every
        self.renew = renew
        self.products: list[Product] = []
        self.subjects: list[Subject] = []
        self.certificates: list[Certificate] = []
        self._room = 0
        self._stt: dict[tuple[str, int], int] = {}

    def _subject(self, province_id: str) -> str:
        if self._room == 0:
            i = len(self.subjects)
            kind = _KIND_LETTERS[self.kinds[i % len(self.kinds)]]
            sid = f"S-{self.tag}-{i + 1:03d}"
            self.subjects.append(Subject(
                sid, f"{_SUBJECT_NAMES[kind]} {self.tag}-{i + 1:03d}", kind, province_id,
                in_value_chain=i % self.chain_every == 0))
            self._room = self.sizes[i % len(self.sizes)]
        self._room -= 1
        return self.subjects[-1].id

    def new_subject(self) -> None:
        """Start a new subject with the next product."""
        self._room = 0

    def add(self, k: int, province_id: str, first: date, stars: int, *,
            commune: str | None = None, upgrades: Iterable[tuple[date, int]] = (),
            renew: Renew | None = None) -> str:
        """Product number ``k`` first recognised on ``first``; returns its id."""
        pid = f"{self.tag}-{k:04d}"
        code = None
        if commune is not None:
            key = (commune, first.year)
            self._stt[key] = self._stt.get(key, 0) + 1
            code = f"{province_id[:2]}-{commune}-{self._stt[key]}-{first.year}"
        self.products.append(Product(
            pid, f"Sản phẩm mẫu {pid}", (k * 7) % 25 + 1, self._subject(province_id),
            province_id, code=code, commune_code=commune))
        events = _events(first, stars, sorted(upgrades), renew or self.renew, k)
        self.certificates.extend(_chain(pid, events))
        return pid


def _events(first: date, stars: int, upgrades: list[tuple[date, int]], renew: Renew,
            k: int) -> list[tuple[date, int]]:
    """Issue dates and stars: upgrades while in force, renewals (or a lapse) at expiry."""
    events = [(first, stars)]
    n = 0
    while True:
        last, last_stars = events[-1]
        expiry = _valid_until(last)
        if upgrades and upgrades[0][0] <= expiry:
            events.append(upgrades.pop(0))
            continue
        again = expiry - _RENEW_BEFORE
        if again > HORIZON or not renew(k, n):
            return events
        events.append((again, last_stars))
        n += 1


def _chain(pid: str, events: list[tuple[date, int]]) -> list[Certificate]:
    """One certificate per event; each superseded by the next when the next is issued
    while it is in force (its record says so from the start)."""
    out: list[Certificate] = []
    for i, (issued, stars) in enumerate(events):
        ruleset_id, authority = _regime_of(issued, stars)
        valid = _valid_until(issued)
        nxt = events[i + 1][0] if i + 1 < len(events) else None
        superseded = nxt is not None and nxt <= valid
        out.append(Certificate(
            number=f"GCN-{pid}-{i + 1}", product_id=pid, stars=stars,
            decision_number=f"{pid}-{i + 1}/QĐ-MẪU", decision_date=issued,
            authority=authority, ruleset_id=ruleset_id, issued_on=issued,
            valid_until=valid, evaluated_on=issued - _EVALUATED_BEFORE,
            superseded_by=f"GCN-{pid}-{i + 2}" if superseded else None,
            superseded_on=nxt if superseded else None,
        ))
    return out


def rounds(year: int, n: int, rounds: tuple[tuple[int, int], ...]) -> list[date]:
    return [date(year, *rounds[j % len(rounds)]) for j in range(n)]


Q4: Final = ((3, 25), (6, 25), (9, 25), (12, 10))
