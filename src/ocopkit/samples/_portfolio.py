"""The SYNTHETIC sample portfolio across the five seed provinces.

.. warning::

   Everything :func:`sample_portfolio` returns is **synthetic** ("dữ liệu mẫu
   tổng hợp"): products are named "Sản phẩm mẫu BK-0001", subjects "HTX Mẫu
   BK-001", communes "Xã Mẫu BK-001"; commune codes lie in 95001–98999,
   a range no real commune uses; certificate and decision numbers are made
   up. Only some **aggregates** are built to match the figures of the source
   articles (listed below); every other number is a plausible invention.

The generator is deterministic (no randomness); results are cached.

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
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from typing import Final

from ocopkit.certification import Portfolio
from ocopkit.places import REORGANISATION_DATE

from ._builder import Builder, rounds
from ._communes import SampleCommunes, sample_communes

__all__ = ["SYNTHETIC", "sample_portfolio"]

#: Label carried by every sample record set; print it next to sample output.
SYNTHETIC: Final = ("Dữ liệu mẫu tổng hợp, không phải số liệu thật / "
                    "SYNTHETIC sample data, not real records")

Q4: Final = ((3, 25), (6, 25), (9, 25), (12, 10))


def _backan(cm: SampleCommunes) -> list[Builder]:
    """Bắc Kạn: 218 recognised by end-2023 (1/18/199), 79/108 communes, 52 lapsed."""
    def renew(k: int, n: int) -> bool:
        if k == 1:
            return True
        if k <= 65 and n == 0:
            return k % 5 == 0 and k < 65  # 12 of the 2019–2020 products renewed, 52 lapse
        return (k * 7 + n * 3) % 10 < 7

    b = Builder("BK", "CHLCHGCFHCJHCLHCPHCH", (1, 2, 1, 1, 3), 3, renew)
    batches = [
        *rounds(2019, 20, ((10, 15), (12, 10))),
        *rounds(2020, 45, Q4), *rounds(2021, 48, Q4), *rounds(2022, 50, Q4),
        *rounds(2023, 55, Q4), *rounds(2024, 30, Q4), *rounds(2025, 12, ((3, 25), (6, 25))),
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
    later = [*rounds(2025, 15, ((9, 25), (12, 10))), *rounds(2026, 10, ((3, 25), (6, 25)))]
    for j, first in enumerate(later):
        k = len(batches) + j + 1
        five = first == date(2025, 12, 10) and j == 13
        b.add(k, "19@34", first, 5 if five else 3, commune=cm.backan_new[j % len(cm.backan_new)])
    # Old Thái Nguyên (19@63), then new Thái Nguyên outside old Bắc Kạn: never Bắc Kạn's.
    tn = Builder("TN", "CHL", (1, 2), 2, lambda k, n: True)
    for k, first in enumerate(rounds(2023, 5, ((6, 25), (12, 10))), start=1):
        tn.add(k, "19@63", first, 3, commune=cm.thainguyen[k % 3])
    for k, first in enumerate(rounds(2025, 3, ((9, 25),)), start=6):
        tn.add(k, "19@34", first, 4 if k == 6 else 3, commune=cm.thainguyen_new[0])
    return [b, tn]


def _binhthuan(cm: SampleCommunes) -> Builder:
    """Bình Thuận: 56 in 2020, 14 in 2021 (2/8/4); then synthetic."""
    b = Builder("BT", "CJHCLCHGCPCLHCFCLHCJ", (1, 2, 2, 1), 3,
                 lambda k, n: (k * 3 + n) % 8 != 0 and not (k <= 56 and n == 0 and k % 5 == 0))
    plan: list[tuple[date, int, str]] = []  # (first, stars, province)
    for j, d in enumerate(rounds(2020, 56, ((6, 25), (9, 25), (12, 10)))):
        plan.append((d, 4 if j % 7 in (0, 3) else 3, "60@63"))
    for j, d in enumerate(rounds(2021, 14, ((6, 25), (12, 10)))):
        plan.append((d, 5 if j < 2 else 4 if j < 10 else 3, "60@63"))
    for year, n in ((2022, 18), (2023, 20), (2024, 22)):
        for j, d in enumerate(rounds(year, n, Q4)):
            plan.append((d, 4 if j % 3 == 0 else 3, "60@63"))
    plan += [(d, 3, "60@63") for d in rounds(2025, 8, ((3, 25), (6, 25)))]
    plan += [(d, 3, "68@34") for d in rounds(2025, 10, ((9, 25), (12, 10)))]

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


def _quangnam(cm: SampleCommunes) -> Builder:
    """Quảng Nam: 212 recognised in 2018–2020 ("hơn 200"); then synthetic."""
    def renew(k: int, n: int) -> bool:
        if k <= 212 and n == 0:
            return (k * 7) % 10 < 7
        return (k + n) % 4 != 0

    b = Builder("QNA", "CLHCJCHGCLCHPCFHCLCH", (2, 1, 2, 1, 3), 3, renew)
    dates = [*rounds(2018, 45, ((6, 25), (12, 10))), *rounds(2019, 75, ((6, 25), (12, 10))),
             *rounds(2020, 92, Q4)]
    new_dates = [*rounds(2021, 60, Q4), *rounds(2022, 70, Q4), *rounds(2023, 75, Q4),
                 *rounds(2024, 65, Q4), *rounds(2025, 25, ((3, 25), (6, 25)))]
    merged = rounds(2025, 15, ((9, 25), (12, 10)))
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


def _quangninh() -> Builder:
    """Quảng Ninh: 62 products of 34 enterprises and cooperatives by the end of 2018."""
    b = Builder("QN", "CLCJCPCL", (2, 2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 2, 2, 1, 2, 2, 1,
                                     2, 2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1),
                 2, lambda k, n: (k + 2 * n) % 5 != 0)
    firsts = [*rounds(2016, 15, ((6, 25), (12, 10))), *rounds(2017, 20, ((6, 25), (12, 10))),
              *rounds(2018, 27, ((6, 25), (12, 10)))]
    for k, first in enumerate(firsts, start=1):
        b.add(k, "22@63", first, 4 if k % 4 == 0 else 3)
    b.sizes, b.kinds = (1, 2, 1, 2), "CHLCHGCFHL"
    b.new_subject()
    later = [d for y in range(2019, 2025) for d in rounds(y, 22, ((9, 25), (12, 10)))]
    later += rounds(2025, 22, ((3, 25), (6, 25), (9, 25), (12, 10)))
    for j, first in enumerate(later):
        k = len(firsts) + j + 1
        prov = "22@34" if first >= REORGANISATION_DATE else "22@63"
        b.add(k, prov, first, 4 if k % 5 == 0 else 3)
    return b


def _hanoi() -> Builder:
    """Hà Nội: 301 products of 75 subjects in 2019; 620 new + 95 upgrades in 2020."""
    b = Builder("HN", "CLHCJHPHCLHGHCFH", (4,) * 74 + (5,), 4, lambda k, n: (k + n) % 4 != 0)
    firsts = rounds(2019, 301, ((10, 25), (12, 10)))
    threes = [k for k in range(1, 302) if k % 3 != 0]
    upgraded = set(threes[:95])
    for k, first in enumerate(firsts, start=1):
        up = [(date(2020, 9, 25), 4)] if k in upgraded else []
        b.add(k, "01@63", first, 4 if k % 3 == 0 else 3, upgrades=up,
              renew=(lambda _k, _n: True) if up else None)
    b.sizes, b.kinds = (3, 4, 5, 4), "CLHCJHPHCLHGHCFH"
    b.new_subject()
    for j, first in enumerate(rounds(2020, 620, ((6, 25), (9, 25), (12, 10)))):
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

    >>> from ocopkit.places import province
    >>> pf = sample_portfolio()
    >>> len(pf.in_force(date(2023, 12, 31), province=province("Bắc Kạn")))
    166
    >>> len(pf.lapsed_without_reevaluation(date(2023, 12, 31), province=province("Bắc Kạn")))
    52
    """
    cm = sample_communes()
    builders = [*_backan(cm), _binhthuan(cm), _quangnam(cm), _quangninh(), _hanoi()]
    return Portfolio.build(
        [p for b in builders for p in b.products],
        [s for b in builders for s in b.subjects],
        [c for b in builders for c in b.certificates],
        communes=cm.registry,
    )
