"""Generate the bundled SYNTHETIC sample dossiers (src/ocopkit/data/samples/dossiers.json).

Each dossier is built from a rule: a target stars outcome and a few twists
(a failed minimum mark, a disqualifier, several scorers). Answers are chosen
from the real 26/2026 scorecards by a deterministic greedy procedure and the
outcome is asserted by evaluating each dossier, so the file can never drift
from its description. Run ``python tools/make_sample_dossiers.py`` (or with
``--check`` in CI) from the repository root.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from ocopkit import rulesets
from ocopkit.rulesets import Criterion, Scorecard
from ocopkit.scoring import (
    Answer,
    Assessment,
    ScoreSheet,
    evaluate,
)

ROOT = Path(__file__).resolve().parents[1]


OUT = ROOT / "src" / "ocopkit" / "data" / "samples" / "dossiers.json"
RULESET = rulesets.get("vn-qd-26-2026")


def pick(c: Criterion, tier: int, share: float) -> str:
    """The cheapest option meeting ``tier``'s minimum with ≥ share of the maximum."""
    need = c.required_points(tier) or 0
    goal = max(need, round(c.max_points * share))
    ok = [o for o in c.options if o.points >= goal]
    return (min(ok, key=lambda o: o.points) if ok else max(c.options, key=lambda o: o.points)).id


def answers_for(card: Scorecard, tier: int, share: float, **force: str) -> dict[str, str]:
    out = {c.id: pick(c, tier, share) for c in card}
    out.update({k.replace("_", "."): v for k, v in force.items()})
    return out


def lowest(card: Scorecard, cid: str) -> str:
    return min(card.criterion(cid).options, key=lambda o: o.points).id


DOSSIERS = []


def add(expected_stars: int | None, note_en: str, a: Assessment) -> None:
    ev = evaluate(a)
    assert ev.stars == expected_stars, (a.name, ev.stars, ev.total, ev.explain())
    DOSSIERS.append((note_en, a, ev))


def build() -> None:
    on = date(2026, 9, 15)
    # I — food: processed fruit (set 7), Quảng Ninh, solid 4★
    c7 = RULESET.scorecard(7)
    add(4, "food, 4★ with lab test and on-site appraisal evidence", Assessment(
        7, on, (ScoreSheet(answers_for(c7, 4, 0.75)),), province="22",
        product_code="22-06733-1-2026", name="Sản phẩm mẫu QN-01 (mứt quả)",
        evidence={"lab-test": ("PKN-QN-2026-014",), "on-site-appraisal": ("BB-QN-2026-07",)}))
    # II — drinks: white spirit (set 14), Thái Nguyên (old Bắc Kạn area), 3★
    c14 = RULESET.scorecard(14)
    add(3, "drinks, 3★", Assessment(
        14, on, (ScoreSheet(answers_for(c14, 3, 0.55)),), province="19",
        product_code="19-01855-2-2026", name="Sản phẩm mẫu TN-02 (rượu)"))
    # III — medicinal (set 18), Đà Nẵng (old Quảng Nam area): ≥70 but misses a 4★ minimum → 3★
    c18 = RULESET.scorecard(18)
    base = answers_for(c18, 4, 0.8)
    four = [c for c in c18 if c.required_points(4) is not None and c.required_points(3) is None]
    victim = four[0]
    below = max((o for o in victim.options if o.points < (victim.required_points(4) or 0)),
                key=lambda o: o.points)
    base[victim.id] = below.id
    add(3, f"medicinal, ≥70 points but below the 4★ minimum of criterion {victim.id} → 3★",
        Assessment(18, on, (ScoreSheet(base),), province="48", product_code="48-20305-5-2026",
                   name="Sản phẩm mẫu ĐN-03 (trà dược liệu)"))
    # IV — handicraft (set 21), Hà Nội: ≥90 at province level → proposed to the Ministry
    c21 = RULESET.scorecard(21)
    add(5, "handicraft, ≥90 at province level: proposed for national 5★", Assessment(
        21, on, (ScoreSheet(answers_for(c21, 5, 0.95)),), province="01",
        product_code="01-09880-12-2026", name="Sản phẩm mẫu HN-04 (gốm)"))
    # V — ornamental (set 24), Lâm Đồng: 2★, not certifiable
    c24 = RULESET.scorecard(24)
    add(2, "ornamental plants, 2★: not certifiable", Assessment(
        24, on, (ScoreSheet(answers_for(c24, 2, 0.4)),), province="68",
        product_code="68-24820-3-2026", name="Sản phẩm mẫu LĐ-05 (cây cảnh)"))
    # VI — tourism (set 26), Quảng Ninh: 3★
    c26 = RULESET.scorecard(26)
    add(3, "community tourism, 3★", Assessment(
        26, on, (ScoreSheet(answers_for(c26, 3, 0.6)),), province="22",
        product_code="22-07090-4-2026", name="Sản phẩm mẫu QN-06 (du lịch cộng đồng)",
        evidence={"lab-test": ("n/a",), "on-site-appraisal": ("BB-QN-2026-11",)}))
    # I — tea (set 11): disqualified dossier
    c11 = RULESET.scorecard(11)
    dq = next(iter(d.id for d in c11.dossier_disqualifiers))
    add(None, "tea, disqualified: forged dossier (Hồ sơ bị loại khi …)", Assessment(
        11, on, (ScoreSheet(answers_for(c11, 4, 0.8)),), province="19",
        product_code="19-02008-7-2026", name="Sản phẩm mẫu TN-07 (chè)",
        disqualifiers=frozenset({dq})))
    # I — three scorers averaging just under 50 → 2★ (49.666…)
    sheets = []
    for share, scorer in ((0.5, "A"), (0.48, "B"), (0.5, "C")):
        sheets.append(ScoreSheet(answers_for(c7, 3, share), scorer))
    a = Assessment(7, on, tuple(sheets), province="22", product_code="22-06733-9-2026",
                   name="Sản phẩm mẫu QN-08 (ba người chấm)")
    ev = evaluate(a)
    # tune scorer B down one option at a time until the mean sits just below 50
    card = c7
    crit_iter = iter([c for c in card if c.required_points(3) is None])
    while ev.total >= 50:
        c = next(crit_iter)
        b = {x.criterion_id: x for x in sheets[1].answers}
        cur = card.criterion(c.id).option(b[c.id].option_id or "")
        lower = [o for o in c.options if o.points < cur.points]
        if lower:
            b[c.id] = Answer(c.id, max(lower, key=lambda o: o.points).id)
            sheets[1] = ScoreSheet(tuple(b.values()), "B")
            a = Assessment(7, on, tuple(sheets), province="22", product_code="22-06733-9-2026",
                           name="Sản phẩm mẫu QN-08 (ba người chấm)")
            ev = evaluate(a)
    add(2 if ev.total >= 30 else 1, f"three scorers, mean {float(ev.total):.3f} < 50 → 2★", a)


def to_json() -> str:
    items = []
    for note, a, _ in DOSSIERS:
        items.append({
            "note_en": note,
            "assessment": {
                "name": a.name,
                "product_set": a.product_set,
                "assessed_on": a.assessed_on.isoformat(),
                "level": a.level.value,
                "kind": a.kind,
                "province": a.province,
                "product_code": a.product_code,
                "sheets": [
                    {"scorer": s.scorer,
                     "answers": {x.criterion_id: x.option_id for x in s.answers}}
                    for s in a.sheets
                ],
                "disqualifiers": sorted(a.disqualifiers),
                "evidence": {k: list(v) for k, v in a.evidence},
            },
        })
    payload = {"synthetic": True,
               "note": "Synthetic sample dossiers generated by tools/make_sample_dossiers.py "
                       "against QĐ 26/2026/QĐ-TTg; not real products.",
               "dossiers": items}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = ap.parse_args()
    build()
    text = to_json()
    if args.check:
        if not OUT.exists() or OUT.read_text("utf-8") != text:
            print(f"{OUT} is stale: run python tools/make_sample_dossiers.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, "utf-8")
    for note, _, ev in DOSSIERS:
        print(f"{ev.summary('en')}  [{note}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
