"""The national rule sets shipped with ocopkit, built from ``ocopkit/data``.

=======================  ==========  ==========  ==================================
id                       from        until       scorecards
=======================  ==========  ==========  ==================================
``vn-qd-1048-2019``      2019-08-21  2023-02-23  all 26 scorecards (Phụ lục III)
``vn-qd-148-2023``       2023-02-24  2025-07-05  parts 40/25/35 and bands only
``vn-qd-148-1489-2025``  2025-07-06  2026-05-21  parts 40/25/35 and bands only
``vn-qd-26-2026``        2026-05-22  —           all 26 scorecards (Phụ lục II)
=======================  ==========  ==========  ==================================

The per-criterion scorecards of 148 (Phụ lục III) were not available to the project
(see ``docs/rulesets.md``); that regime still carries its parts, bands and authorities
so that historical *totals* can be classified with :meth:`RuleSet.classify_total`. No
criteria are invented for it. 1048 is carried without the minimum requirements that
781/QĐ-TTg added on 2020-06-08 (text not found): a :class:`Caveat` says so in every
evaluation from that day.

>>> from datetime import date
>>> [sum(p.max_points for p in get("vn-qd-1048-2019").scorecard(n).parts)
...  for n in (1, 26)]
[100, 100]
>>> from datetime import date
>>> for_date(date(2026, 5, 21)).id, for_date(date(2026, 5, 22)).id
('vn-qd-148-1489-2025', 'vn-qd-26-2026')
>>> rs = get("vn-qd-26-2026")
>>> len(rs.scorecards), rs.scorecard(7).max_points
(26, 100)
>>> rs.authority_for(5).name_en
'Ministry of Agriculture and Environment'

Transitional provisions (26/2026 Điều 12.2) are data: a dossier submitted
before 2026-05-22 and still pending is decided under the 2021–2025 rules
within 60 days (first evaluation or upgrade) or 30 days (re-evaluation):

>>> for_date(date(2026, 6, 10), submitted_on=date(2026, 5, 1)).id
'vn-qd-148-1489-2025'
>>> for_date(date(2026, 6, 10), submitted_on=date(2026, 5, 1), kind="re-evaluation").id
'vn-qd-148-1489-2025'
>>> for_date(date(2026, 6, 25), submitted_on=date(2026, 5, 1), kind="re-evaluation").id
'vn-qd-26-2026'
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import attrs

from ._authorities import (
    DISTRICT,
    MINISTRY_MAE,
    MINISTRY_MAE_FROM,
    MINISTRY_MARD,
    PROVINCE,
    Referral,
)
from ._criteria import Citation
from ._loader import QD26, QD1048
from ._rulesets import AssessmentKind, Caveat, RuleSet, RuleSetRegistry, Transition
from ._shipped import shipped_scorecards
from ._tiers import HALF_OPEN_BANDS, INTEGER_BANDS_1048

__all__ = ["all_rulesets", "builtin_registry", "for_date", "get"]

#: Decision 781/QĐ-TTg (08/06/2020) amended 1048 with minimum requirements; its text
#: was not found, so from that day 1048 is applied without them, and says so.
CAVEAT_781 = Caveat(
    id="qd-781-2020-minimums",
    message_vi="Chưa áp dụng các yêu cầu tối thiểu do QĐ 781/QĐ-TTg (08/6/2020) bổ sung vào "
               "bộ tiêu chí 1048: không có văn bản; hạng sao chỉ theo tổng điểm.",
    message_en="The minimum requirements added to the 1048 criteria by Decision "
               "781/QĐ-TTg (08/06/2020) are not applied: their text is not available; the "
               "stars follow the total only.",
    citation=Citation("QĐ 781/QĐ-TTg ngày 08/6/2020", "sửa đổi QĐ 1048/QĐ-TTg"),
    since=date(2020, 6, 8),
)

PARTS_148 = {"A": 40, "B": 25, "C": 35}
PARTS_1048 = {"A": 35, "B": 25, "C": 40}


def _builtin() -> tuple[RuleSet, ...]:
    prov, dist, mard, mae = PROVINCE, DISTRICT, MINISTRY_MARD, MINISTRY_MAE
    r1048 = RuleSet(
        id="vn-qd-1048-2019",
        title_vi="Bộ tiêu chí đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm",
        title_en="OCOP product evaluation and classification criteria (2019)",
        citation=Citation("QĐ 1048/QĐ-TTg ngày 21/8/2019", "Phụ lục III"),
        effective_from=date(2019, 8, 21),
        effective_until=date(2023, 2, 23),
        part_max=PARTS_1048,
        bands=INTEGER_BANDS_1048,
        authorities={3: ((None, prov),), 4: ((None, prov),), 5: ((None, mard),)},
        scorecards=shipped_scorecards("qd-1048-2019.json", QD1048, "Phụ lục III", PARTS_1048),
        notes=("All 26 scorecards of Phụ lục III, extracted from the official text "
               "(tools/extract_1048.py); no minimum-star marks (1048 prints none).",),
        caveats=(CAVEAT_781,),
        referrals=(
            Referral(dist, prov, 50, Citation(QD1048, "Phụ lục II", "mục 1.a")),
            Referral(prov, mard, 90, Citation(QD1048, "Phụ lục II", "mục 1.b")),
        ),
    )
    r148 = RuleSet(
        id="vn-qd-148-2023",
        title_vi="Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP",
        title_en="OCOP criteria and evaluation procedure (2023)",
        citation=Citation("QĐ 148/QĐ-TTg ngày 24/02/2023", "Phụ lục III"),
        effective_from=date(2023, 2, 24),
        effective_until=date(2025, 7, 5),
        part_max=PARTS_148,
        bands=HALF_OPEN_BANDS,
        authorities={3: ((None, dist),), 4: ((None, prov),),
                     5: ((None, mard), (MINISTRY_MAE_FROM, mae))},
        notes=("Per-criterion scorecards not available; parts 40/25/35 and half-open bands only.",),
    )
    r1489 = attrs.evolve(
        r148,
        id="vn-qd-148-1489-2025",
        title_en="OCOP criteria and procedure (2023) as amended by 1489/QĐ-TTg (2025)",
        citation=Citation("QĐ 148/QĐ-TTg sửa đổi bởi QĐ 1489/QĐ-TTg ngày 06/7/2025", "Phụ lục II"),
        effective_from=date(2025, 7, 6),
        effective_until=date(2026, 5, 21),
        authorities={3: ((None, prov),), 4: ((None, prov),), 5: ((None, mae),)},
        notes=("District level abolished: the commune checks dossiers, the province evaluates "
               "and recognises 3★ and 4★, ≥90 points are proposed to the Ministry.",),
    )
    start = date(2026, 5, 22)
    r26 = RuleSet(
        id="vn-qd-26-2026",
        title_vi="Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm",
        title_en="OCOP criteria and evaluation procedure (2026)",
        citation=Citation("QĐ 26/2026/QĐ-TTg ngày 22/5/2026", "Phụ lục II"),
        effective_from=start,
        effective_until=None,
        part_max=PARTS_148,
        bands=HALF_OPEN_BANDS,
        authorities={3: ((None, prov),), 4: ((None, prov),), 5: ((None, mae),)},
        scorecards=shipped_scorecards("qd-26-2026.json", QD26, "Phụ lục II", PARTS_148),
        transitions=(
            Transition("vn-qd-148-1489-2025", start, start + timedelta(days=60),
                       frozenset({AssessmentKind.FIRST, AssessmentKind.UPGRADE}),
                       Citation(QD26, "Điều 12", "khoản 2 điểm a")),
            Transition("vn-qd-148-1489-2025", start, start + timedelta(days=30),
                       frozenset({AssessmentKind.RE_EVALUATION}),
                       Citation(QD26, "Điều 12", "khoản 2 điểm b")),
        ),
    )
    return (r1048, r148, r1489, r26)


@functools.cache
def builtin_registry() -> RuleSetRegistry:
    """The national rule sets shipped with ocopkit (built once, on first use; each
    scorecard is built when first used — see :mod:`ocopkit.rulesets._shipped`)."""
    return RuleSetRegistry(_builtin())


def get(ruleset_id: str) -> RuleSet:
    """Look up a built-in rule set by id."""
    return builtin_registry().get(ruleset_id)


def for_date(
    on: date, *, submitted_on: date | None = None, kind: AssessmentKind | str = AssessmentKind.FIRST
) -> RuleSet:
    """The built-in rule set in force on ``on`` (see :meth:`RuleSetRegistry.for_date`)."""
    return builtin_registry().for_date(on, submitted_on=submitted_on, kind=kind)


def all_rulesets() -> tuple[RuleSet, ...]:
    """Every built-in rule set, oldest first."""
    return builtin_registry().rulesets
