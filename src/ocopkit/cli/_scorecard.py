"""``ocopkit scorecard SET`` and ``ocopkit template assessment SET`` / ``template dossier``.

The scorecard is printed as one table per part: each group, each criterion with its
maximum and minimum marks per tier, each option with its points and the tier it is the
minimum of (the source marks it). The assessment template is the portal form of an
assessment whose every criterion is ``null`` — "not answered", as the JSON form
documents — for the chosen product set and rule set; the dossier template is the
procedure's commune dossier (``ocopkit.samples.sample_commune_dossier_json``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from ocopkit.errors import Problem, ValidationError
from ocopkit.io import to_dict
from ocopkit.products import REGIME_1048, product_set
from ocopkit.rulesets import Criterion, RuleSet, Scorecard
from ocopkit.samples import sample_commune_dossier_json
from ocopkit.scoring import Assessment, ScoreSheet

from ._args import date_arg
from ._inputs import rules_of
from ._output import Out

__all__ = ["cmd_scorecard", "cmd_template_assessment", "cmd_template_dossier", "register"]

Help = Callable[[str, str], str]


def register(command: Callable[..., argparse.ArgumentParser], group: Callable[..., Any],
             h: Help, m: Help) -> None:
    """Add ``scorecard`` and ``template`` to the parser's sub-commands."""
    set_help = h("bộ sản phẩm: số (1–26) hoặc tên", "product set: number (1–26) or name")
    rs_help = h("mã bộ quy tắc (mặc định: bộ có hiệu lực vào --on)",
                "rule set id (default: the one in force on --on)")
    p = command("scorecard", h("bộ tiêu chí của một bộ sản phẩm: tiêu chí, phương án, điểm, "
                               "mức tối thiểu", "the scorecard of a product set: criteria, "
                               "options, points, minimum marks"), cmd_scorecard)
    p.add_argument("product_set", metavar=m("BỘ", "SET"), help=set_help)
    p.add_argument("--ruleset", metavar=m("MÃ", "ID"), default=None, help=rs_help)
    p.add_argument("--on", type=date_arg, default=None, metavar=m("NGÀY", "DATE"),
                   help=h("ngày chọn bộ quy tắc (mặc định: hôm nay)",
                          "the day that picks the rule set (default: today)"))
    templates = group("template", h("mẫu JSON để điền", "fillable JSON templates"),
                      "template_command", h("MẪU", "TEMPLATE"))
    p = command("assessment", h("phiếu đánh giá để điền: mọi tiêu chí là null (chưa trả lời)",
                                "a fillable assessment: every criterion null (not answered)"),
                cmd_template_assessment, parent=templates)
    p.add_argument("product_set", metavar=m("BỘ", "SET"), help=set_help)
    p.add_argument("--ruleset", metavar=m("MÃ", "ID"), default=None, help=rs_help)
    p.add_argument("--on", type=date_arg, default=None, metavar=m("NGÀY", "DATE"),
                   help=h("ngày đánh giá ghi vào mẫu (mặc định: hôm nay)",
                          "the assessment day written in the template (default: today)"))
    command("dossier", h("mẫu hồ sơ cấp xã của quy trình (QĐ 26/2026 Điều 6)",
                         "the procedure's commune dossier template (QĐ 26/2026 Điều 6)"),
            cmd_template_dossier, parent=templates)


def _chosen(args: argparse.Namespace) -> tuple[RuleSet, Scorecard, date]:
    """The rule set (``--ruleset`` or in force on ``--on``), the scorecard of the set and
    the day (``--on``, or today kept within the rule set's window)."""
    registry = rules_of(args).registry
    today = args.on or date.today()
    if args.ruleset is not None:
        rs = registry.get(args.ruleset)
        if args.on is None:
            today = max(rs.effective_from, today)
            if rs.effective_until is not None:
                today = min(rs.effective_until, today)
    else:
        rs = registry.for_date(today)
    key: str = args.product_set
    if key.strip().isdigit() and len(key.strip()) <= 3:
        number = int(key)
    else:
        regime = REGIME_1048 if rs.id == REGIME_1048 else None
        found = product_set(key, path="SET") if regime is None else product_set(
            key, path="SET", regime=regime)
        number = found.number
    if not rs.has_scorecards:
        raise ValidationError([Problem(
            "--ruleset", "no-scorecards",
            f"{rs.id} không có bộ tiêu chí chi tiết (chỉ phân hạng theo tổng điểm)",
            f"{rs.id} has no per-criterion scorecards (totals are classified only)")])
    return rs, rs.scorecard(number), today


def _marks(c: Criterion) -> str:
    return " ".join(f"{k}★≥{v}" for k in (3, 4, 5) if (v := c.required_points(k)) is not None)


def _rows(card: Scorecard, out: Out) -> list[tuple[str, list[list[str]]]]:
    parts = []
    for part in card.parts:
        rows: list[list[str]] = []
        for g in part.groups:
            rows.append([g.id, g.name, str(g.max_points), ""])
            for c in g.criteria:
                text = c.name
                if c.applies_when is not None:
                    text += f" — {c.applies_when.text or out.t('có điều kiện', 'conditional')}" \
                            f" ({c.applies_when.criterion_id})"
                rows.append([c.id, text, str(c.max_points), _marks(c)])
                cases = {k.id: k.label for k in c.cases}
                for o in c.options:
                    label = f"[{cases.get(o.case, o.case)}] " if o.case is not None else ""
                    rows.append([f"  {o.id}", label + o.text, str(o.points),
                                 f"{o.min_star}★" if o.min_star else ""])
                for note in c.notes:
                    rows.append(["", f"{out.t('Ghi chú', 'Note')}: {note}", "", ""])
                for d in c.disqualifiers:
                    rows.append([f"  {d.id}", f"{out.t('bị loại', 'disqualified')}: {d.text}",
                                 "", ""])
        title = f"{part.id}. {part.name}" + (
            f" / {part.name_en}" if out.lang == "both" and part.name_en else "")
        parts.append((f"{title} — {part.max_points} {out.t('điểm', 'points')}", rows))
    return parts


def cmd_scorecard(args: argparse.Namespace, out: Out) -> int:
    rs, card, _ = _chosen(args)
    if out.json:
        out.dump({"ruleset_id": rs.id, "ruleset_hash": rs.content_hash,
                  "scorecard": to_dict(card)})
        return 0
    out.print(f"{card.citation} — {card.name} ({rs.id})")
    if card.header:
        out.print(card.header)
    out.print(out.t(
        f"Tổng {card.max_points} điểm. Cột “tối thiểu”: số điểm một tiêu chí cần cho mỗi "
        "hạng (3★≥1: ít nhất 1 điểm để đạt 3 sao); ở một phương án, hạng mà phương án đó là "
        "mức tối thiểu.",
        f"{card.max_points} points in all. Column “minimum”: the points a criterion needs "
        "for each tier (3★≥1: at least 1 point for 3 stars); on an option, the tier it is "
        "the minimum of."))
    for title, rows in _rows(card, out):
        out.print()
        out.print(title)
        out.table([out.cell("mã", "id"), out.cell("nội dung", "text"), out.cell("điểm", "points"),
                   out.cell("tối thiểu", "minimum")], rows, "LlrL")
    if card.dossier_disqualifiers:
        out.print()
        out.print(out.t("Hồ sơ bị loại khi:", "The dossier is disqualified when:"))
        for d in card.dossier_disqualifiers:
            out.print(f"  {d.id}: {d.text} [{d.citation}]")
    return 0


def cmd_template_assessment(args: argparse.Namespace, out: Out) -> int:
    rs, card, on = _chosen(args)
    blank = Assessment(card.product_set, on, (ScoreSheet(()),),
                       ruleset_id=rs.id if args.ruleset is not None else None)
    doc = to_dict(blank)
    # every criterion present, ``null``: "not answered" in the portal form (docs/portal.md)
    doc["sheets"][0]["answers"] = {c.id: None for c in card}
    out.dump(doc)
    return 0


def cmd_template_dossier(args: argparse.Namespace, out: Out) -> int:
    out.print(sample_commune_dossier_json().rstrip("\n"), wrap=False)
    return 0
