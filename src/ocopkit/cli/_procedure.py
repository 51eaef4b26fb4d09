"""The procedure's commands: ``dossier check FILE`` and ``rounds``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from ocopkit.errors import Problem
from ocopkit.io import load_document, to_dict
from ocopkit.procedure import (
    Case,
    DeadlineReport,
    RevocationCase,
    check,
    deadline_report,
    round_for,
)
from ocopkit.scoring import Level
from ocopkit.text import day

from ._args import date_arg
from ._inputs import load_plugins, read_text
from ._output import Out

__all__ = ["cmd_dossier_check", "cmd_rounds", "register"]

Command = Callable[..., argparse.ArgumentParser]


def register(command: Command, group: Callable[..., Any], h: Callable[[str, str], str],
             m: Callable[[str, str], str]) -> None:
    """Add ``dossier check`` and ``rounds`` to the parser's sub-commands."""
    dossier = group("dossier", h("hồ sơ của quy trình (QĐ 26/2026 Điều 6–7)",
                                 "procedure dossiers (QĐ 26/2026 Điều 6–7)"),
                    "dossier_command", h("VIỆC", "ACTION"))
    p = command("check", h("hồ sơ hoặc vụ việc đã đầy đủ chưa, và các thời hạn tại một ngày",
                           "completeness of a dossier or case file, and its deadlines on a "
                           "date"), cmd_dossier_check, parent=dossier)
    p.add_argument("file", metavar=m("TỆP", "FILE"),
                   help=h("vụ việc, hồ sơ sản phẩm/xã/tỉnh hoặc vụ thu hồi dạng JSON ('-': "
                          "đầu vào chuẩn)",
                          "a case, product/commune/province dossier or revocation case as "
                          "JSON ('-' for stdin)"))
    p.add_argument("--on", type=date_arg, default=None, metavar=m("NGÀY", "DATE"),
                   help=h("ngày báo cáo các thời hạn (mặc định: hôm nay)",
                          "the day deadlines are reported for (default: today)"))
    p = command("rounds", h("đợt đánh giá mà một đề nghị vào NGÀY thuộc về (Điều 5)",
                            "the evaluation round a proposal made on DATE falls in (Điều 5)"),
                cmd_rounds)
    p.add_argument("--on", type=date_arg, default=None, metavar=m("NGÀY", "DATE"),
                   help=h("ngày đề nghị (mặc định: hôm nay)",
                          "the day of the proposal (default: today)"))
    p.add_argument("--province", metavar=m("TỈNH", "PROVINCE"), default=None,
                   help=h("tỉnh, cho các đợt bổ sung mà plug-in đăng ký",
                          "the province, for the extra rounds the plug-ins register"))
    p.add_argument("--level", choices=("both", "province", "central"), default="both",
                   help=h("đợt cấp tỉnh (xã đề nghị), cấp trung ương (tỉnh đề nghị) hoặc cả "
                          "hai (mặc định)",
                          "provincial round (commune's proposal), central round (province's "
                          "proposal) or both (default)"))


def _problems_of(doc: Any) -> list[Problem]:
    if isinstance(doc, RevocationCase):
        return []
    if isinstance(doc, Case):
        found = list(check(doc.dossier))
        for part in (doc.commune_dossier, doc.province_dossier):
            if part is not None:
                found.extend(check(part))
        return list(dict.fromkeys(found))
    return list(check(doc))


def cmd_dossier_check(args: argparse.Namespace, out: Out) -> int:
    data, name = read_text(args.file)
    doc = load_document(data, source=name)
    on = args.on or date.today()
    problems = _problems_of(doc)
    if isinstance(doc, RevocationCase):
        report = DeadlineReport(on, (doc.deadline(),))
    else:
        report = deadline_report(doc, on, extra_rounds=load_plugins(args).extra_rounds)
    overdue = report.overdue
    if out.json:
        out.dump({"file": name, "on": on.isoformat(), "complete": not problems,
                  "problems": [to_dict(p) for p in problems],
                  "deadlines": [{**to_dict(d), "status": d.status(on).value}
                                for d in report.deadlines],
                  "overdue": len(overdue), "notes": [to_dict(n) for n in report.notes]})
    else:
        if problems:
            out.problems(problems, "hồ sơ chưa đầy đủ / incomplete dossier")
        else:
            out.print(out.t(f"✓ {name}: hồ sơ đầy đủ", f"✓ {name}: complete"))
        out.print(report.format(out.lang))
    return 1 if problems or overdue else 0


def cmd_rounds(args: argparse.Namespace, out: Out) -> int:
    on = args.on or date.today()
    extra = load_plugins(args).extra_rounds
    levels = {"both": (Level.PROVINCE, Level.CENTRAL), "province": (Level.PROVINCE,),
              "central": (Level.CENTRAL,)}[args.level]
    found = [round_for(on, level=lv, province=args.province, extra=extra) for lv in levels]
    if out.json:
        out.dump({"proposed_on": on.isoformat(), "rounds": [to_dict(r) for r in found]})
        return 0
    for r in found:
        province = r.level is Level.PROVINCE
        who = out.t("UBND cấp xã đề nghị" if province else "UBND cấp tỉnh đề nghị",
                    "proposed by the commune" if province else "proposed by the province")
        deadline = out.t(f"hạn {day(r.decide_by, 'vi')}",
                         f"decided by {day(r.decide_by, 'en')}")
        out.print(f"{out.day(on)} ({who}) → {r.id}: {deadline} [{r.citation}]")
        for lang in (("vi", "en") if out.lang == "both" else (out.lang,)):
            out.print("  " + r.label(lang))
        if r.note is not None:
            out.print("  · " + r.note.format(out.lang))
    return 0
