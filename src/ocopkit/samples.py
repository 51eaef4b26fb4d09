"""SYNTHETIC sample data: a portfolio across the five seed provinces, and their plans.

.. warning::

   Everything :func:`sample_portfolio` returns is **synthetic** ("dữ liệu mẫu
   tổng hợp"): products are named "Sản phẩm mẫu BK-0001", subjects "HTX Mẫu
   BK-001", communes "Xã Mẫu BK-001"; commune codes lie in 95001–98999,
   a range no real commune uses; certificate and decision numbers are made
   up. Only some **aggregates** are built to match the figures of the source
   articles (listed below); every other number is a plausible invention.

The generator is deterministic (no randomness) and takes well under 0.3 s;
results are cached.

**Figures matched** (``tools/sources/seeds/``; see the plans'
:class:`~ocopkit.targets.Reported` records for the quotes):

* Bắc Kạn (``06@63``), end of 2023 — 218 products recognised at 3★ or more
  (= 109 % of the 200 target), of which 1 five-star, 18 four-star and 199
  three-star; 79 of its 108 communes with an OCOP product; 52 products whose
  certificate lapsed without re-evaluation. The 52 are among the 218
  (recognised in 2019–2020, expired by 2023-12-30), so 166 products had a
  certificate *in force* at the end of 2023.
* Bình Thuận (``60@63``) — 56 products recognised in 2020 and 14 in 2021
  (2 five-star, 8 four-star, 4 three-star): 70 at the end of 2021.
* Quảng Ninh (``22@63``), end of 2018 — 62 products of 3★ or more owned by
  34 enterprises and cooperatives.
* Hà Nội (``01@63``) — 301 products of 75 subjects evaluated (and, in this
  sample, all recognised) in the 2019 round.
* Quảng Nam (``49@63``) — "hơn 200" products recognised in 2018–2020: 212.

**Synthetic choices** (not from the sources): every other count and date;
the yearly batches (e.g. Bắc Kạn 20/45/48/50/55 products in 2019–2023); star
splits; which certificates are re-evaluated (36 months, renewed 150 days
before expiry) or lapse; upgrades; subject kinds and value-chain flags; the
commune registry — 108 Bắc Kạn communes (the article's count) grouped in
threes into 36 communes of Thái Nguyên from 2025-07-01, 30 Bình Thuận
communes into 10 of Lâm Đồng, 241 Quảng Nam communes (a plausible size; the
article gives none) into 61 of Đà Nẵng, 3 old Thái Nguyên communes into 1.
Quảng Ninh and Hà Nội products carry no commune. Certificates before
2019-08-21 (when QĐ 1048 took effect) use the placeholder rule-set id
``"vn-provincial-pre-1048"``; later ones the national rule set and the
authority in force on their issue day. Products recognised after
2025-07-01 in merged provinces are recorded under the new province (19, 68,
48) with commune codes whose predecessors lie in the old one, so that the
2021–2025 plans still count them (province lineage).

>>> pf = sample_portfolio()
>>> len(pf.products) > 2000, SYNTHETIC.startswith("Dữ liệu mẫu")
(True, True)

:func:`sample_plans` returns the five plans written as data in the province
plug-ins (``ocopkit_<name>.plans``): imported from the installed plug-ins,
or, when running from the source tree without them, loaded from
``plugins/ocopkit-<name>/src/ocopkit_<name>/plans.py`` by path.

>>> sorted(sample_plans())[:2]
['vn-01-ocop-2020', 'vn-06-ocop-2021-2025']
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType, ModuleType
from typing import Final

import attrs

from .assessment import Assessment
from .authorities import DISTRICT, MINISTRY_MAE, MINISTRY_MARD, PROVINCE, Authority
from .certificates import DEFAULT_POLICY, Certificate
from .portfolio import Portfolio
from .products import Product
from .subjects import Subject, SubjectKind
from .targets import Plan
from .units import DISTRICT_ERA_END, REORGANISATION_DATE, Commune, CommuneRegistry

__all__ = [
    "PLUGIN_NAMES",
    "SYNTHETIC",
    "sample_commune_registry",
    "sample_plans",
    "sample_portfolio",
]

#: Label carried by every sample record set; print it next to sample output.
SYNTHETIC: Final = ("Dữ liệu mẫu tổng hợp, không phải số liệu thật / "
                    "SYNTHETIC sample data, not real records")

#: The province plug-ins whose plans :func:`sample_plans` loads, in seed order.
PLUGIN_NAMES: Final = ("quangninh", "hanoi", "binhthuan", "backan", "quangnam")

#: Last day of the sample's history.
HORIZON: Final = date(2026, 6, 30)

#: Placeholder rule-set id for provincial recognitions before QĐ 1048 took effect.
PRE_1048: Final = "vn-provincial-pre-1048"

_RENEW_BEFORE: Final = timedelta(days=150)  # within the 180–120-day window of Điều 7.6.a
_EVALUATED_BEFORE: Final = timedelta(days=20)
_MAE_FROM: Final = date(2025, 3, 1)

#: (first day, rule set, authority by stars) — the national regimes (see ocopkit.rulesets).
_REGIMES: Final[tuple[tuple[date, str, Mapping[int, Authority]], ...]] = (
    (date(2026, 5, 22), "vn-qd-26-2026", {3: PROVINCE, 4: PROVINCE, 5: MINISTRY_MAE}),
    (date(2025, 7, 6), "vn-qd-148-1489-2025", {3: PROVINCE, 4: PROVINCE, 5: MINISTRY_MAE}),
    (date(2023, 2, 24), "vn-qd-148-2023", {3: DISTRICT, 4: PROVINCE, 5: MINISTRY_MARD}),
    (date(2019, 8, 21), "vn-qd-1048-2019", {3: PROVINCE, 4: PROVINCE, 5: MINISTRY_MARD}),
    (date.min, PRE_1048, {3: PROVINCE, 4: PROVINCE, 5: PROVINCE}),
)


def regime(on: date, stars: int) -> tuple[str, Authority]:
    """The rule set and recognising authority the sample uses for ``stars`` on ``on``."""
    for since, ruleset_id, authorities in _REGIMES:
        if on >= since:
            authority = authorities[stars]
            if authority is MINISTRY_MARD and on >= _MAE_FROM:
                authority = MINISTRY_MAE
            return ruleset_id, authority
    raise AssertionError("unreachable")  # pragma: no cover


# --------------------------------------------------------------------------- communes


def _old_new(prefix: str, tag: str, old_province: str, new_province: str, count: int,
             group: int) -> tuple[list[Commune], list[Commune]]:
    """``count`` old communes, merged ``group`` by ``group`` into new ones (first code kept)."""
    old = [Commune(f"{prefix}{i:03d}", f"Xã Mẫu {tag}-{i:03d}", old_province, "xã",
                   valid_until=DISTRICT_ERA_END) for i in range(1, count + 1)]
    new = []
    for g in range(0, count, group):
        members = old[g:g + group]
        new.append(Commune(members[0].code, f"Xã Mẫu {new_province[:2]}-{tag}-{g // group + 1:02d}",
                           new_province, "xã", valid_from=REORGANISATION_DATE,
                           predecessor_codes=tuple(m.code for m in members)))
    return old, new


@attrs.frozen
class _Communes:
    registry: CommuneRegistry
    backan: tuple[str, ...]
    backan_new: tuple[str, ...]
    thainguyen: tuple[str, ...]
    thainguyen_new: tuple[str, ...]
    binhthuan: tuple[str, ...]
    binhthuan_new: tuple[str, ...]
    quangnam: tuple[str, ...]
    quangnam_new: tuple[str, ...]


@functools.cache
def _communes() -> _Communes:
    bk_old, bk_new = _old_new("98", "BK", "06@63", "19@34", 108, 3)
    tn_old, tn_new = _old_new("97", "TN", "19@63", "19@34", 3, 3)
    bt_old, bt_new = _old_new("96", "BT", "60@63", "68@34", 30, 3)
    qn_old, qn_new = _old_new("95", "QNA", "49@63", "48@34", 241, 4)
    everything = [*bk_old, *bk_new, *tn_old, *tn_new, *bt_old, *bt_new, *qn_old, *qn_new]

    def codes(items: list[Commune]) -> tuple[str, ...]:
        return tuple(c.code for c in items)

    return _Communes(CommuneRegistry(everything), codes(bk_old), codes(bk_new), codes(tn_old),
                     codes(tn_new), codes(bt_old), codes(bt_new), codes(qn_old), codes(qn_new))


def sample_commune_registry() -> CommuneRegistry:
    """The SYNTHETIC commune registry of the sample (see the module docstring).

    >>> reg = sample_commune_registry()
    >>> bk = [c for c in reg if c.province_id == "06@63"]
    >>> len(bk), bk[0].name, reg.get("98001", on=date(2026, 1, 1)).predecessor_codes
    (108, 'Xã Mẫu BK-001', ('98001', '98002', '98003'))
    """
    return _communes().registry


# --------------------------------------------------------------------------- builder

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


class _Builder:
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
        expiry = DEFAULT_POLICY.valid_until(last)
        if upgrades and upgrades[0][0] <= expiry:
            events.append(upgrades.pop(0))
            continue
        again = expiry - _RENEW_BEFORE
        if again > HORIZON or not renew(k, n):
            return events
        events.append((again, last_stars))
        n += 1


def _chain(pid: str, events: list[tuple[date, int]]) -> list[Certificate]:
    out: list[Certificate] = []
    for i, (issued, stars) in enumerate(events):
        ruleset_id, authority = regime(issued, stars)
        out.append(Certificate(
            number=f"GCN-{pid}-{i + 1}", product_id=pid, stars=stars,
            decision_number=f"{pid}-{i + 1}/QĐ-MẪU", decision_date=issued,
            authority=authority, ruleset_id=ruleset_id, issued_on=issued,
            valid_until=DEFAULT_POLICY.valid_until(issued),
            evaluated_on=issued - _EVALUATED_BEFORE,
        ))
    for i in range(len(out) - 1):
        nxt = out[i + 1]
        if nxt.issued_on <= out[i].valid_until:
            out[i] = attrs.evolve(out[i], superseded_by=nxt.number, superseded_on=nxt.issued_on)
    return out


def _rounds(year: int, n: int, rounds: tuple[tuple[int, int], ...]) -> list[date]:
    return [date(year, *rounds[j % len(rounds)]) for j in range(n)]


Q4: Final = ((3, 25), (6, 25), (9, 25), (12, 10))


# --------------------------------------------------------------------------- provinces


def _backan(cm: _Communes) -> list[_Builder]:
    """Bắc Kạn: 218 recognised by end-2023 (1/18/199), 79/108 communes, 52 lapsed."""
    def renew(k: int, n: int) -> bool:
        if k == 1:
            return True
        if k <= 65 and n == 0:
            return k % 5 == 0 and k < 65  # 12 of the 2019–2020 products renewed, 52 lapse
        return (k * 7 + n * 3) % 10 < 7

    b = _Builder("BK", "CHLCHGCFHCJHCLHCPHCH", (1, 2, 1, 1, 3), 3, renew)
    batches = [
        *_rounds(2019, 20, ((10, 15), (12, 10))),
        *_rounds(2020, 45, Q4), *_rounds(2021, 48, Q4), *_rounds(2022, 50, Q4),
        *_rounds(2023, 55, Q4), *_rounds(2024, 30, Q4), *_rounds(2025, 12, ((3, 25), (6, 25))),
    ]
    upgrades_2024 = {70, 90, 110, 130, 150}
    upgrades_2025 = {120, 140, 160, 180}
    for k, first in enumerate(batches, start=1):
        four = k == 1 or k in (10, 20, 30, 40) or (66 <= k <= 218 and (k - 66) % 11 == 5)
        if k <= 79:
            commune = cm.backan[k - 1]
        elif k <= 218:
            commune = cm.backan[(k - 80) % 79]
        else:
            commune = cm.backan[79 + (k - 219) % 29]
        ups: list[tuple[date, int]] = []
        if k == 1:
            ups.append((date(2023, 9, 25), 5))
        if k in upgrades_2024:
            ups.append((date(2024, 8, 15), 4))
        if k in upgrades_2025:
            ups.append((date(2025, 8, 15), 4))
        b.add(k, "06@63", first, 4 if four else 3, commune=commune, upgrades=ups,
              renew=(lambda _k, _n: True) if ups and k != 1 else None)
    # After the merger: recorded under Thái Nguyên (19@34), in communes of old Bắc Kạn.
    later = [*_rounds(2025, 15, ((9, 25), (12, 10))), *_rounds(2026, 10, ((3, 25), (6, 25)))]
    for j, first in enumerate(later):
        k = len(batches) + j + 1
        five = first == date(2025, 12, 10) and j == 13
        b.add(k, "19@34", first, 5 if five else 3, commune=cm.backan_new[j % len(cm.backan_new)])
    # Old Thái Nguyên (19@63), then new Thái Nguyên outside old Bắc Kạn: never Bắc Kạn's.
    tn = _Builder("TN", "CHL", (1, 2), 2, lambda k, n: True)
    for k, first in enumerate(_rounds(2023, 5, ((6, 25), (12, 10))), start=1):
        tn.add(k, "19@63", first, 3, commune=cm.thainguyen[k % 3])
    for k, first in enumerate(_rounds(2025, 3, ((9, 25),)), start=6):
        tn.add(k, "19@34", first, 4 if k == 6 else 3, commune=cm.thainguyen_new[0])
    return [b, tn]


def _binhthuan(cm: _Communes) -> _Builder:
    """Bình Thuận: 56 in 2020, 14 in 2021 (2/8/4); then synthetic."""
    b = _Builder("BT", "CJHCLCHGCPCLHCFCLHCJ", (1, 2, 2, 1), 3,
                 lambda k, n: (k * 3 + n) % 8 != 0 and not (k <= 56 and n == 0 and k % 5 == 0))
    plan: list[tuple[date, int, str]] = []  # (first, stars, province)
    for j, d in enumerate(_rounds(2020, 56, ((6, 25), (9, 25), (12, 10)))):
        plan.append((d, 4 if j % 7 in (0, 3) else 3, "60@63"))
    for j, d in enumerate(_rounds(2021, 14, ((6, 25), (12, 10)))):
        plan.append((d, 5 if j < 2 else 4 if j < 10 else 3, "60@63"))
    for year, n in ((2022, 18), (2023, 20), (2024, 22)):
        for j, d in enumerate(_rounds(year, n, Q4)):
            plan.append((d, 4 if j % 3 == 0 else 3, "60@63"))
    plan += [(d, 3, "60@63") for d in _rounds(2025, 8, ((3, 25), (6, 25)))]
    plan += [(d, 3, "68@34") for d in _rounds(2025, 10, ((9, 25), (12, 10)))]

    def threes(year: int) -> list[int]:
        return [k for k, (d, s, _) in enumerate(plan, start=1) if d.year == year and s == 3]

    ups: dict[int, list[tuple[date, int]]] = {}

    def upgrade(ks: Iterable[int], when: date, stars: int = 4) -> None:
        for k in ks:
            ups.setdefault(k, []).append((when, stars))

    t2020, t2021, t2022, t2023, t2024 = (threes(y) for y in (2020, 2021, 2022, 2023, 2024))
    upgrade(t2020[:8], date(2021, 8, 15))
    upgrade(t2020[8:19], date(2022, 8, 15))
    upgrade(t2021 + t2022[:8], date(2023, 8, 15))
    upgrade(t2022[8:] + t2023[:9], date(2024, 8, 15))
    four_2022 = [k for k, (d, s, _) in enumerate(plan, start=1) if d.year == 2022 and s == 4]
    upgrade(four_2022[:1], date(2024, 8, 15), 5)
    upgrade(t2023[9:] + t2024[:6], date(2025, 8, 15))
    for k, (first, stars, prov) in enumerate(plan, start=1):
        communes = cm.binhthuan if prov == "60@63" else cm.binhthuan_new
        b.add(k, prov, first, stars, commune=communes[k % len(communes)],
              upgrades=ups.get(k, ()), renew=(lambda _k, _n: True) if k in ups else None)
    return b


def _quangnam(cm: _Communes) -> _Builder:
    """Quảng Nam: 212 recognised in 2018–2020 ("hơn 200"); then synthetic."""
    def renew(k: int, n: int) -> bool:
        if k <= 212 and n == 0:
            return (k * 7) % 10 < 7
        return (k + n) % 4 != 0

    b = _Builder("QNA", "CLHCJCHGCLCHPCFHCLCH", (2, 1, 2, 1, 3), 3, renew)
    dates = [*_rounds(2018, 45, ((6, 25), (12, 10))), *_rounds(2019, 75, ((6, 25), (12, 10))),
             *_rounds(2020, 92, Q4)]
    new_dates = [*_rounds(2021, 60, Q4), *_rounds(2022, 70, Q4), *_rounds(2023, 75, Q4),
                 *_rounds(2024, 65, Q4), *_rounds(2025, 25, ((3, 25), (6, 25)))]
    merged = _rounds(2025, 15, ((9, 25), (12, 10)))
    five = {6: date(2021, 9, 25), 12: date(2023, 9, 25), 240: date(2025, 9, 25)}
    cohort_up = {k: date(2022 + k % 3, 5, 15) for k in range(30, 212, 9)}
    for k, first in enumerate([*dates, *new_dates], start=1):
        if k == len(dates) + 1:
            b.sizes = (3, 2, 3, 2, 2)
            b.kinds = "CLCHCJHCGLCHCPCFHCLC"
            b.new_subject()
        ups = []
        if k in five:
            ups.append((five[k], 5))
        if k in cohort_up and k % 6 != 0:
            ups.append((cohort_up[k], 4))
        b.add(k, "49@63", first, 4 if k % 6 == 0 else 3, commune=cm.quangnam[(k - 1) % 241],
              upgrades=ups, renew=(lambda _k, _n: True) if k in five else None)
    start = len(dates) + len(new_dates)
    for j, first in enumerate(merged):
        b.add(start + j + 1, "48@34", first, 3, commune=cm.quangnam_new[j % len(cm.quangnam_new)])
    return b


def _quangninh() -> _Builder:
    """Quảng Ninh: 62 products of 34 enterprises and cooperatives by the end of 2018."""
    b = _Builder("QN", "CLCJCPCL", (2, 2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 1,
                                     2, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1),
                 2, lambda k, n: (k + 2 * n) % 5 != 0)
    firsts = [*_rounds(2016, 15, ((6, 25), (12, 10))), *_rounds(2017, 20, ((6, 25), (12, 10))),
              *_rounds(2018, 27, ((6, 25), (12, 10)))]
    for k, first in enumerate(firsts, start=1):
        b.add(k, "22@63", first, 4 if k % 4 == 0 else 3)
    b.sizes, b.kinds = (1, 2, 1, 2), "CHLCHGCFHL"
    b.new_subject()
    later = [d for y in range(2019, 2025) for d in _rounds(y, 22, ((9, 25), (12, 10)))]
    later += _rounds(2025, 22, ((3, 25), (6, 25), (9, 25), (12, 10)))
    for j, first in enumerate(later):
        k = len(firsts) + j + 1
        prov = "22@34" if first >= REORGANISATION_DATE else "22@63"
        b.add(k, prov, first, 4 if k % 5 == 0 else 3)
    return b


def _hanoi() -> _Builder:
    """Hà Nội: 301 products of 75 subjects in 2019; 620 new + 95 upgrades in 2020."""
    b = _Builder("HN", "CLHCJHPHCLHGHCFH", (4,) * 74 + (5,), 4, lambda k, n: (k + n) % 4 != 0)
    firsts = _rounds(2019, 301, ((10, 25), (12, 10)))
    threes = [k for k in range(1, 302) if k % 3 != 0]
    upgraded = set(threes[:95])
    for k, first in enumerate(firsts, start=1):
        up = [(date(2020, 9, 25), 4)] if k in upgraded else []
        b.add(k, "01@63", first, 4 if k % 3 == 0 else 3, upgrades=up,
              renew=(lambda _k, _n: True) if up else None)
    b.sizes, b.kinds = (3, 4, 5, 4), "CLHCJHPHCLHGHCFH"
    b.new_subject()
    for j, first in enumerate(_rounds(2020, 620, ((6, 25), (9, 25), (12, 10)))):
        k = 302 + j
        b.add(k, "01@63", first, 4 if k % 3 == 0 else 3)
    return b


@functools.cache
def sample_portfolio() -> Portfolio:
    """A deterministic SYNTHETIC portfolio across the five seed provinces.

    Built to match the source articles' aggregates listed in the module
    docstring; everything else is invented. Carries the SYNTHETIC commune
    registry (:func:`sample_commune_registry`), so that plans of the old
    provinces can be measured after the 2025 merger.

    >>> from ocopkit.units import province
    >>> pf = sample_portfolio()
    >>> len(pf.in_force(date(2023, 12, 31), province=province("Bắc Kạn")))
    166
    >>> len(pf.lapsed_without_reevaluation(date(2023, 12, 31), province=province("Bắc Kạn")))
    52
    """
    cm = _communes()
    builders = [*_backan(cm), _binhthuan(cm), _quangnam(cm), _quangninh(), _hanoi()]
    return Portfolio.build(
        [p for b in builders for p in b.products],
        [s for b in builders for s in b.subjects],
        [c for b in builders for c in b.certificates],
        communes=cm.registry,
    )


# --------------------------------------------------------------------------- plans


def _plugins_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "plugins"


def _load_plans_module(name: str) -> ModuleType:
    """``ocopkit_<name>.plans``, installed or (from the source tree) loaded by path."""
    try:
        return importlib.import_module(f"ocopkit_{name}.plans")
    except ModuleNotFoundError as exc:
        if exc.name not in (f"ocopkit_{name}", f"ocopkit_{name}.plans"):
            raise
    path = _plugins_dir() / f"ocopkit-{name}" / "src" / f"ocopkit_{name}" / "plans.py"
    module_name = f"_ocopkit_sample_plans_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None or not path.is_file():
        raise ModuleNotFoundError(
            f"ocopkit_{name}.plans is not installed and {path} does not exist "
            f"(pip install ocopkit-{name})", name=f"ocopkit_{name}.plans")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


@functools.cache
def sample_plans() -> Mapping[str, Plan]:
    """The five seed plans, by id (Quảng Ninh, Hà Nội, Bình Thuận, Bắc Kạn, Quảng Nam).

    Each comes from ``ocopkit_<name>.plans.plans()`` (:data:`PLUGIN_NAMES`):
    the installed plug-in when there is one, else the file in the source
    tree's ``plugins/`` folder. The plans are real data from the articles;
    only the portfolio is synthetic.
    """
    found: dict[str, Plan] = {}
    for name in PLUGIN_NAMES:
        module = _load_plans_module(name)
        for plan in module.plans():
            found[plan.id] = plan
    return MappingProxyType(found)


@functools.cache
def sample_dossiers() -> tuple[Assessment, ...]:
    """SYNTHETIC sample dossiers, one or more per product sector of QĐ 26/2026.

    Generated by ``tools/make_sample_dossiers.py`` against the real scorecards, which
    asserts each outcome: a 4★ processed-food product, a 3★ spirit, a medicinal product
    scoring ≥ 70 that misses a 4★ minimum mark (→ 3★), a handicraft scoring ≥ 90 at
    province level (proposed for national 5★), a 2★ ornamental plant, a 3★ tourism
    service, a disqualified tea dossier and a three-scorer dossier whose exact mean
    (49.666…) stays below 50.

    >>> [a.product_set for a in sample_dossiers()]
    [7, 14, 18, 21, 24, 26, 11, 7]
    """
    from importlib import resources

    from .serialize import from_dict

    raw = resources.files("ocopkit").joinpath("data/samples/dossiers.json").read_text("utf-8")
    data = json.loads(raw)
    return tuple(from_dict(item["assessment"], Assessment) for item in data["dossiers"])
