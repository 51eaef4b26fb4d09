"""The commands other than ``demo``: score, explain, certificates due, attainment,
rulesets, plugins, check-plugin, schema."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from ocopkit.certification import Portfolio
from ocopkit.errors import Problem, ValidationError
from ocopkit.io import json_schema, render_schema, schema_names, to_dict, write_schemas
from ocopkit.plugins import check_plugin
from ocopkit.samples import sample_plans
from ocopkit.scoring import Evaluation, evaluate, fmt, gap_to_next_star
from ocopkit.targets import Plan, attainment
from ocopkit.text import suggest

from ._inputs import load_plugins, read_assessments, read_portfolio, rules_of
from ._output import Out, short, stars, table, warn

__all__ = [
    "cmd_attainment",
    "cmd_certificates_due",
    "cmd_check_plugin",
    "cmd_explain",
    "cmd_plugins",
    "cmd_rulesets",
    "cmd_schema",
    "cmd_score",
    "due_rows",
    "evaluation_lines",
]


def evaluation_lines(ev: Evaluation, out: Out, *, gap: bool = True) -> list[str]:
    lang = "en" if out.lang == "both" else out.lang
    lines = ev.explain(lang).splitlines()
    head = ev.summary(out.lang)
    result = [head, *lines[1:]]
    if ev.authority is not None:
        result.append("  " + out.t("authority", "cơ quan công nhận") + ": "
                      + out.t(ev.authority.name_en, ev.authority.name_vi))
    if gap:
        g = gap_to_next_star(ev)
        result.append("  " + out.t("next star", "sao tiếp theo") + ": "
                      + g.format(out.lang))
    return result


def cmd_score(args: argparse.Namespace, out: Out) -> int:
    rules = rules_of(args)
    evaluations = [evaluate(a, rules) for a in read_assessments(args, rules)]
    if out.json:
        out.dump([to_dict(ev) for ev in evaluations])
        return 0
    for ev in evaluations:
        out.print(ev.summary(out.lang))
        for c in ev.provenance.caveats:  # what the rules lacked that day, never silently
            out.print(f"  ! {out.t(c.message_en, c.message_vi)}")
    return 0


def cmd_explain(args: argparse.Namespace, out: Out) -> int:
    rules = rules_of(args)
    evaluations = [evaluate(a, rules) for a in read_assessments(args, rules)]
    if out.json:
        out.dump([{"evaluation": to_dict(ev), "gap": to_dict(gap_to_next_star(ev))}
                  for ev in evaluations])
        return 0
    for n, ev in enumerate(evaluations):
        if n:
            out.print()
        rows = []
        for t in ev.trace:
            req = " ".join(f"{k}★≥{v}" for k, v in t.required.items() if v is not None)
            failed = [k for k, ok in t.met.items() if not ok]
            mark = "✗" if failed else ("–" if not t.applicable else "✓")
            options = ",".join(o or "—" for o in dict.fromkeys(t.option_ids))
            rows.append([t.criterion_id, short(t.name, 44), options,
                         f"{fmt(t.points)}/{t.max_points}", req, mark, t.decided_by])
        for line in evaluation_lines(ev, out):
            out.print(line)
        out.print()
        out.print(table([out.t("criterion", "tiêu chí"), out.t("name", "tên"),
                         out.t("option", "phương án"), out.t("points", "điểm"),
                         out.t("minimum", "tối thiểu"), "", out.t("decided by", "quyết định bởi")],
                        rows, "lllrlll"))
    return 0


def due_rows(portfolio: Portfolio, on: date, within: int, out: Out,
              limit: int | None = None) -> tuple[list[Any], str]:
    due = portfolio.due_for_renewal(on, within)
    rows = []
    for d in due[:limit]:
        c = d.certificate
        try:
            name = portfolio.product(c.product_id).name
        except ValidationError:
            name = c.product_id
        rows.append([c.number, short(name, 36), stars(c.stars), d.expires_on.isoformat(),
                     f"{d.window_opens.isoformat()} – {d.window_closes.isoformat()}",
                     str(d.days_left), d.stage.value])
    text = table([out.t("certificate", "giấy chứng nhận"), out.t("product", "sản phẩm"),
                  out.t("stars", "sao"), out.t("expires", "hết hạn"),
                  out.t("re-evaluation window", "thời hạn nộp hồ sơ"),
                  out.t("days left", "còn (ngày)"), out.t("stage", "giai đoạn")],
                 rows, "lllllrl") if rows else out.t("none", "không có")
    if due:
        stages: dict[str, int] = {}
        for d in due:
            stages[d.stage.value] = stages.get(d.stage.value, 0) + 1
        more = len(due) - len(rows)
        text += "\n" + out.t(f"{len(due)} due", f"{len(due)} giấy") + " (" + ", ".join(
            f"{k}: {v}" for k, v in sorted(stages.items())) + ")"
        if more:
            text += out.t(f"; {more} more not shown (--limit)",
                          f"; {more} giấy khác không hiển thị (--limit)")
    return list(due), text


def cmd_certificates_due(args: argparse.Namespace, out: Out) -> int:
    portfolio, problems = read_portfolio(args)
    on = args.on or date.today()
    due, text = due_rows(portfolio, on, args.within, out, args.limit)
    if out.json:
        out.dump({"on": on.isoformat(), "within": args.within,
                  "due": [to_dict(d) for d in due]})
    else:
        out.print(out.t(f"Certificates expiring within {args.within} days of {on.isoformat()}:",
                        f"Giấy chứng nhận hết hạn trong {args.within} ngày kể từ "
                        f"{on.strftime('%d/%m/%Y')}:"))
        out.print(text)
    return warn(out, problems)


def plans_of(args: argparse.Namespace) -> list[Plan]:
    """The plans the installed plug-ins register, then the bundled seed plans (a snapshot
    of the province plug-ins' plans) that no installed plug-in registers."""
    plans: dict[str, Plan] = {}
    for provided in load_plugins(args).plans:
        plans.setdefault(provided.item.id, provided.item)
    for plan in sample_plans().values():
        plans.setdefault(plan.id, plan)
    return list(plans.values())


def cmd_attainment(args: argparse.Namespace, out: Out) -> int:
    portfolio, problems = read_portfolio(args)
    plans = plans_of(args)
    if args.plan is not None:
        chosen = [p for p in plans if p.id == args.plan]
        if not chosen:
            raise ValidationError([Problem(
                "--plan", "unknown-plan", f"không có kế hoạch {args.plan!r}",
                f"no plan {args.plan!r}", suggest(args.plan, [p.id for p in plans], cutoff=0.4))])
        plans = chosen
    as_of = args.as_of or date.today()
    reports = [attainment(plan, portfolio, as_of=as_of) for plan in plans]
    if out.json:
        out.dump([to_dict(r) for r in reports])
    else:
        for n, r in enumerate(reports):
            if n:
                out.print()
            out.print(r.format(out.lang))
        if not reports:
            out.print(out.t("no plans", "không có kế hoạch"))
    return warn(out, problems)


def cmd_rulesets(args: argparse.Namespace, out: Out) -> int:
    registry = rules_of(args).registry
    if out.json:
        out.dump([{
            "id": rs.id, "title_vi": rs.title_vi, "title_en": rs.title_en,
            "citation": str(rs.citation),
            "effective_from": rs.effective_from.isoformat(),
            "effective_until": rs.effective_until.isoformat() if rs.effective_until else None,
            "scorecards": len(rs.scorecards), "tier_policy": rs.tier_policy.id,
            "bands": rs.bands.id, "content_hash": rs.content_hash,
        } for rs in registry.rulesets])
        return 0
    rows = [[rs.id, rs.effective_from.isoformat(),
             rs.effective_until.isoformat() if rs.effective_until else "—",
             str(len(rs.scorecards)), rs.content_hash[:19]]
            for rs in sorted(registry.rulesets, key=lambda r: r.effective_from)]
    out.print(table(["id", out.t("from", "từ"), out.t("until", "đến"),
                     out.t("scorecards", "bộ tiêu chí"), "hash"], rows, "lllrl"))
    return 0


def cmd_plugins(args: argparse.Namespace, out: Out) -> int:
    loaded = load_plugins(args)
    report = loaded.report
    if out.json:
        out.dump({
            "plugins": [{"name": p.name, "version": p.version} for p in report.plugins],
            "blocked": list(report.blocked),
            "failures": [{"plugin": f.plugin, "distribution": f.distribution, "hook": f.hook,
                          "stage": f.stage, "message": str(f.error),
                          "problems": [to_dict(p) for p in f.problems]}
                         for f in report.failures],
            "autoload": not args.no_plugins,
        })
        return 1 if report.failures else 0
    out.print(table([out.t("plug-in", "plug-in"), out.t("version", "phiên bản")],
                    [[p.name, p.version] for p in report.plugins]))
    if args.no_plugins:
        out.print(out.t("(autoload disabled: --no-plugins)", "(không tự nạp: --no-plugins)"))
    if report.blocked:
        out.print(out.t("blocked: ", "bị chặn: ") + ", ".join(report.blocked))
    for f in report.failures:
        out.print(out.t("failed", "lỗi") + f" [{f.stage}]: {f.error}")
        for p in f.problems:
            out.print("  " + p.format(out.lang))
    return 1 if report.failures else 0


def cmd_check_plugin(args: argparse.Namespace, out: Out) -> int:
    problems = check_plugin(args.name, isolated=True)
    if out.json:
        out.dump({"plugin": args.name, "problems": [to_dict(p) for p in problems]})
        return 1 if problems else 0
    if not problems:
        out.print(out.t(f"✓ {args.name}: no problems", f"✓ {args.name}: không có lỗi"))
        return 0
    out.problems(problems, f"✗ {args.name} / ✗ {args.name}", stream=sys.stdout)
    return 1


def cmd_schema(args: argparse.Namespace, out: Out) -> int:
    if args.write is not None:
        for path in write_schemas(args.write):
            out.print(str(path))
        return 0
    if args.name is None:
        if out.json:
            out.dump(list(schema_names()))
        else:
            for name in schema_names():
                out.print(name)
        return 0
    sys.stdout.write(render_schema(json_schema(args.name)))
    return 0
