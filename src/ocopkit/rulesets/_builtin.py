"""The national rule sets shipped with ocopkit, built from ``ocopkit/data``.

=======================  ==========  ==========  ==================================
id                       from        until       scorecards
=======================  ==========  ==========  ==================================
``vn-qd-1048-2019``      2019-08-21  2023-02-23  parts 35/25/40 and bands only
``vn-qd-148-2023``       2023-02-24  2025-07-05  parts 40/25/35 and bands only
``vn-qd-148-1489-2025``  2025-07-06  2026-05-21  parts 40/25/35 and bands only
``vn-qd-26-2026``        2026-05-22  —           all 26 scorecards (Phụ lục II)
=======================  ==========  ==========  ==================================

The per-criterion scorecards of 1048 and 148 were not available to the
project (see ``docs/rulesets.md``); those regimes still carry their parts,
bands and authorities so that historical *totals* can be classified with
:meth:`RuleSet.classify_total`. No criteria are invented for them.

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
import json
from collections.abc import Mapping
from datetime import date, timedelta
from importlib import resources
from typing import Any

import attrs

from ocopkit.text import fold

from ._authorities import (
    DISTRICT,
    MINISTRY_MAE,
    MINISTRY_MAE_FROM,
    MINISTRY_MARD,
    PROVINCE,
)
from ._criteria import (
    Citation,
    Condition,
    Criterion,
    CriterionGroup,
    Disqualifier,
    DisqualifierKind,
    Erratum,
    Option,
    Part,
    Scorecard,
)
from ._rulesets import AssessmentKind, RuleSet, RuleSetRegistry, Transition
from ._tiers import HALF_OPEN_BANDS, INTEGER_BANDS_1048

__all__ = ["all_rulesets", "builtin_registry", "for_date", "get"]

PART_NAMES_EN = {
    "A": "Product and community strength",
    "B": "Marketing capacity",
    "C": "Product quality",
}

#: English labels of the criterion groups of 26/2026 (ocopkit's translation), by folded name.
GROUP_NAMES_EN = {
    "chat luong an toan thuc pham": "Food safety quality",
    "chat luong phuc vu": "Quality of service",
    "chat luong san pham": "Product quality",
    "chat luong san pham dich vu du lich": "Quality of the tourism service product",
    "chi tieu cam quan": "Sensory indicators",
    "cac chi tieu": "Indicators",
    "cau chuyen san pham": "Product story",
    "cau chuyen ve san pham": "Product story",
    "cong bo chat luong": "Quality declaration",
    "cong bo chat luong san pham": "Product quality declaration",
    "cong bo san pham": "Product declaration",
    "co hoi thi truong toan cau": "Global market opportunities",
    "dinh duong": "Nutrition",
    "hieu qua su dung": "Effectiveness in use",
    "hoat dong thu hut khach du lich": "Activities attracting tourists",
    "hoat dong trai nghiem": "Experience activities",
    "hang hoa dich vu": "Goods and services",
    "huong dan su dung de dam bao san pham co chat luong tot nhat cho nguoi tieu dung":
        "Instructions for use to keep the product at its best for consumers",
    "kien truc va canh quan moi truong": "Architecture and landscape",
    "kiem tra dinh ky": "Periodic testing",
    "phat trien san pham": "Product development",
    "quan ly va nhan vien": "Management and staff",
    "suc manh cong dong": "Community strength",
    "su tien loi khi su dung, bao quan": "Convenience of use and storage",
    "tiep thi": "Marketing",
    "tien nghi": "Amenities",
    "tinh an toan": "Safety",
    "tinh hoan thien cua qua trinh dich vu": "Completeness of the service process",
    "tinh doc dao": "Uniqueness",
    "to chuc dich vu cong dong": "Organisation of community services",
    "to chuc san xuat": "Production organisation",
    "vi tri": "Location",
    "dieu kien dam bao an toan chat luong san pham":
        "Conditions ensuring product safety and quality",
    "dap ung dieu kien kinh doanh dich vu": "Meeting the conditions for service business",
    "dam bao an toan va an ninh trat tu": "Safety, security and public order",
    "dam bao chat luong san pham": "Product quality assurance",
}



QD26 = "QĐ 26/2026/QĐ-TTg"


def _scorecards_26(data: Mapping[str, Any]) -> dict[int, Scorecard]:
    cards: dict[int, Scorecard] = {}
    for ps in data["product_sets"]:
        number = int(ps["number"])
        cite = Citation(QD26, "Phụ lục II", f"bộ {number}")
        dossier = tuple(
            Disqualifier(f"HS{i + 1}" if i else "HS", d["text_vi"], DisqualifierKind.DOSSIER,
                         cite.child("hồ sơ bị loại"))
            for i, d in enumerate(ps.get("dossier_disqualifiers", []))
        )
        errata_by_crit: dict[str, list[Erratum]] = {}
        for e in ps.get("errata_applied", []):
            errata_by_crit.setdefault(e["criterion"], []).append(Erratum(
                e["criterion"], e.get("option"), e["field"], e.get("source_value"), e.get("value"),
                e.get("reason_vi", ""), e.get("reason_en", ""), e.get("evidence", ""),
            ))
        parts = []
        for p in ps["parts"]:
            groups = []
            for g in p["groups"]:
                crits = []
                for c in g["criteria"]:
                    ccite = cite.child(f"tiêu chí {c['id']}")
                    cond = c.get("applies_when")
                    crits.append(Criterion(
                        id=c["id"],
                        name=c["name_vi"],
                        max_points=int(c["max_points"]),
                        options=tuple(
                            Option(o["id"], o["text_vi"], int(o["points"]), o.get("min_star"))
                            for o in c["options"]
                        ),
                        part_id=p["id"],
                        group_id=g["id"],
                        citation=ccite,
                        notes=tuple(c.get("notes_vi", ())),
                        disqualifiers=tuple(
                            Disqualifier(d["id"], d["text_vi"], DisqualifierKind(d["kind"]), ccite,
                                         c["id"])
                            for d in c.get("disqualifiers", ())
                        ),
                        applies_when=Condition(cond["criterion"], cond.get("text_vi", ""))
                        if cond else None,
                        synthesized_options=bool(c.get("synthesized_options", False)),
                    ))
                groups.append(CriterionGroup(g["id"], g["name_vi"], int(g["max_points"]),
                                             tuple(crits), GROUP_NAMES_EN.get(fold(g["name_vi"]))))
            parts.append(Part(p["id"], p["name_vi"], int(p["max_points"]), tuple(groups),
                              PART_NAMES_EN.get(p["id"])))
        errata = tuple(e for es in errata_by_crit.values() for e in es)
        cards[number] = Scorecard(number, ps["name_vi"], tuple(parts), cite, dossier, errata,
                                  ps.get("header_vi"))
    return cards


@functools.cache
def _qd26_data() -> Mapping[str, Any]:
    raw = resources.files("ocopkit").joinpath("data/qd-26-2026.json").read_text("utf-8")
    data: Mapping[str, Any] = json.loads(raw)
    return data


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
        notes=("Per-criterion scorecards not available; parts 35/25/40 and integer bands only.",
               "Amended by QĐ 781/QĐ-TTg (08/6/2020), which introduced minimum requirements."),
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
        scorecards=_scorecards_26(_qd26_data()),
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
    """The national rule sets shipped with ocopkit (built once, on first use)."""
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
