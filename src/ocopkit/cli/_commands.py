"""The commands other than ``demo``: score, explain, certificates due, attainment,
rulesets, plugins, check-plugin, schema."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from typing import Any

from ocopkit.certification import Portfolio
from ocopkit.errors import Problem, ValidationError
from ocopkit.io import json_schema, render_schema, schema_names, to_dict, write_schemas
from ocopkit.plugins import check_plugin
from ocopkit.samples import sample_plans
from ocopkit.scoring import Evaluation, evaluate, gap_to_next_star
from ocopkit.targets import Plan, attainment
from ocopkit.text import day, suggest

from ._inputs import load_plugins, read_assessments, read_portfolio, rules_of
from ._output import Out, stars, warn
from ._streams import os_error_text

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
    """The explanation of ``ev`` (summary, parts, failed minimum marks…), its competent
    authority and its gap to the next star, in the output's language."""
    result = ev.explain(out.lang).splitlines()
    if ev.authority is not None:
        result.append("  " + out.t("cơ quan công nhận", "authority") + ": "
                      + out.t(ev.authority.name_vi, ev.authority.name_en))
    if gap:
        label = "  " + out.t("sao tiếp theo", "next star") + ": "
        if ev.disqualified:  # the disqualifier is quoted above already
            result.append(label + out.t("không thể nâng hạng: hồ sơ bị loại",
                                        "no higher tier: the dossier is disqualified"))
        else:
            result.append(label + gap_to_next_star(ev).format(out.lang))
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
            out.print(f"  ! {out.t(c.message_vi, c.message_en)}")
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
        for line in evaluation_lines(ev, out):
            out.print(line)
        out.print()
        trace_table(ev, out)
    return 0


def trace_table(ev: Evaluation, out: Out) -> None:
    """One row per criterion: option, points, minimum marks, ✓/✗ (and who decided, when
    a plug-in decided some of them)."""
    deciders = list(dict.fromkeys(t.decided_by for t in ev.trace))
    rows = []
    for t in ev.trace:
        req = " ".join(f"{k}★≥{v}" for k, v in t.required.items() if v is not None)
        failed = [k for k, ok in t.met.items() if not ok]
        mark = "✗" if failed else ("–" if not t.applicable else "✓")
        options = ",".join(o or "—" for o in dict.fromkeys(t.option_ids))
        row = [t.criterion_id, t.name, options, f"{out.num(t.points)}/{t.max_points}", req,
               mark]
        rows.append([*row, t.decided_by] if len(deciders) > 1 else row)
    headers = [out.cell("tiêu chí", "criterion"), out.cell("tên", "name"),
               out.cell("phương án", "option"), out.cell("điểm", "points"),
               out.cell("tối thiểu", "minimum"), ""]
    if len(deciders) > 1:
        out.table([*headers, out.cell("quyết định bởi", "decided by")], rows, "LlLrlLl")
    else:
        out.table(headers, rows, "LlLrlL")
        out.print(out.t("quyết định bởi", "decided by") + ": " + ", ".join(deciders))


def due_rows(portfolio: Portfolio, on: date, within: int, out: Out,
             limit: int | None = None) -> tuple[list[Any], list[list[str]], str]:
    """The certificates due (all of them), the table rows of the first ``limit`` and the
    line that counts them by stage."""
    due = portfolio.due_for_renewal(on, within)
    rows = []
    for d in due[:limit]:
        c = d.certificate
        try:
            name = portfolio.product(c.product_id).name
        except ValidationError:
            name = c.product_id
        rows.append([c.number, name, stars(c.stars), out.day(d.expires_on),
                     f"{out.day(d.window_opens)} – {out.day(d.window_closes)}",
                     str(d.days_left), out.cell(d.stage.label("vi"), d.stage.label("en"))])
    if not due:
        return [], [], out.t("không có giấy chứng nhận nào", "none")
    stages = Counter(d.stage for d in due)
    more = len(due) - len(rows)
    vi = f"{len(due)} giấy ({_stages(stages, 'vi')})"
    en = f"{len(due)} due ({_stages(stages, 'en')})"
    if more:  # one sentence per language, so that "both" reads "vi / en"
        vi += f"; {more} giấy khác không hiển thị (--limit)"
        en += f"; {more} more not shown (--limit)"
    return list(due), rows, out.t(vi, en)


def _stages(stages: Counter[Any], lang: str) -> str:
    return ", ".join(f"{stage.label(lang)}: {n}"
                     for stage, n in sorted(stages.items(), key=lambda kv: kv[0].value))


def print_due(out: Out, rows: list[list[str]], line: str) -> None:
    if rows:
        out.table([out.cell("giấy chứng nhận", "certificate"), out.cell("sản phẩm", "product"),
                   out.cell("sao", "stars"), out.cell("hết hạn", "expires"),
                   out.cell("thời hạn nộp hồ sơ", "re-evaluation window"),
                   out.cell("còn (ngày)", "days left"), out.cell("giai đoạn", "stage")],
                  rows, "LlLLlrl")
    out.print(line)


def cmd_certificates_due(args: argparse.Namespace, out: Out) -> int:
    portfolio, problems = read_portfolio(args)
    on = args.on or date.today()
    due, rows, line = due_rows(portfolio, on, args.within, out, args.limit)
    if out.json:
        out.dump({"on": on.isoformat(), "within": args.within,
                  "due": [to_dict(d) for d in due]})
    else:
        out.print(out.t(f"Giấy chứng nhận hết hạn trong {args.within} ngày kể từ "
                        f"{day(on, 'vi')}:",
                        f"Certificates expiring within {args.within} days of {day(on, 'en')}:"))
        print_due(out, rows, line)
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
            out.print(r.format(out.lang, width=out.width), wrap=False)
        if not reports:
            out.print(out.t("không có kế hoạch", "no plans"))
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
    rows = [[rs.id, out.day(rs.effective_from),
             out.day(rs.effective_until) if rs.effective_until else "—",
             str(len(rs.scorecards)), rs.content_hash[:19]]
            for rs in sorted(registry.rulesets, key=lambda r: r.effective_from)]
    out.table([out.cell("mã", "id"), out.cell("từ", "from"), out.cell("đến", "until"),
               out.cell("bộ tiêu chí", "scorecards"), out.cell("mã băm", "hash")], rows, "LLLrL")
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
    out.table(["plug-in", out.cell("phiên bản", "version")],
              [[p.name, p.version] for p in report.plugins], "LL")
    if args.no_plugins:
        out.print(out.t("(không tự nạp: --no-plugins)", "(autoload disabled: --no-plugins)"))
    if report.blocked:
        out.print(out.t("bị chặn: ", "blocked: ") + ", ".join(report.blocked))
    for f in report.failures:
        out.print(out.t("lỗi", "failed") + f" [{f.stage}]: {f.error}")
        for p in f.problems:
            out.print("  " + p.format(out.lang))
    return 1 if report.failures else 0


def cmd_check_plugin(args: argparse.Namespace, out: Out) -> int:
    problems = check_plugin(args.name, isolated=True)
    if out.json:
        out.dump({"plugin": args.name, "problems": [to_dict(p) for p in problems]})
        return 1 if problems else 0
    if not problems:
        out.print(out.t(f"✓ {args.name}: không có lỗi", f"✓ {args.name}: no problems"))
        return 0
    out.problems(problems, f"✗ {args.name}", stream=sys.stdout)
    return 1


def cmd_schema(args: argparse.Namespace, out: Out) -> int:
    if args.write is not None:
        try:
            written = write_schemas(args.write)
        except OSError as exc:
            vi, en = os_error_text(exc)
            raise ValidationError([Problem(
                str(args.write), "unwritable-directory",
                f"không ghi được schema vào thư mục này: {vi}",
                f"cannot write the schemas into this folder: {en}")]) from None
        for path in written:
            out.print(str(path))
        return 0
    if args.name is None:
        if out.json:
            out.dump(list(schema_names()))
        else:
            for name in schema_names():
                out.print(name)
        return 0
    schema = json_schema(args.name)
    if out.json:
        out.dump(schema)
    else:
        out.print(render_schema(schema).rstrip("\n"), wrap=False)
    return 0
