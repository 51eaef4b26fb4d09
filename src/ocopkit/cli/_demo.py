"""``ocopkit demo``: the main job on bundled data.

Three sections: the sample dossiers scored (stars, explanation, gap to the next star),
the certificates of the SYNTHETIC sample portfolio due for re-evaluation, and the
attainment of the five seed provinces' plans on that portfolio. With no province
plug-in installed the demo runs on the national rules and the bundled snapshot of the
plug-ins' plans, and says which plug-ins would add the provincial rules and how to
install them.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from ocopkit._version import __version__
from ocopkit.certification import Portfolio
from ocopkit.io import to_dict
from ocopkit.plugins import Loaded
from ocopkit.rulesets import Rules
from ocopkit.samples import (
    PLUGIN_NAMES,
    PLUGIN_PACKAGES,
    SYNTHETIC,
    sample_dossiers,
    sample_plans,
    sample_portfolio,
)
from ocopkit.scoring import evaluate, gap_to_next_star
from ocopkit.targets import attainment
from ocopkit.text import day

from ._commands import due_rows, evaluation_lines, print_due
from ._inputs import load_plugins
from ._output import Out

__all__ = ["DEMO_DATE", "cmd_demo"]

#: The fixed "today" of ``ocopkit demo`` (so that its output is reproducible).
DEMO_DATE = date(2026, 11, 23)


def cmd_demo(args: argparse.Namespace, out: Out) -> int:
    """Score the sample dossiers, list renewals due, show the plans' attainment."""
    on: date = args.on
    loaded = load_plugins(args)
    rules = loaded.rules
    missing = _missing_plugins(loaded)
    data: dict[str, Any] = {}
    if out.json:  # the JSON forms only for --json (the converter is built on first use)
        data.update(on=on.isoformat(), plugins=[to_dict(p) for p in rules.plugins],
                    missing_plugins=list(missing))
    if not out.json:
        out.print(out.t(f"ocopkit {__version__} — minh họa, ngày {day(on, 'vi')}",
                        f"ocopkit {__version__} demo — as of {day(on, 'en')}"))
        out.print(out.t("plug-in", "plug-ins") + ": " + ", ".join(str(p) for p in rules.plugins))
        if missing:
            out.print(out.t(
                f"chưa cài: {', '.join(missing)} — chưa áp dụng quy định của tỉnh; từ bản sao "
                "của kho mã: pip install ./plugins/ocopkit-*",
                f"not installed: {', '.join(missing)} — the provincial rules are not applied; "
                "from a clone of the repository: pip install ./plugins/ocopkit-*"))
        out.print()
        out.print("== " + out.t("1. Chấm điểm các hồ sơ mẫu",
                                "1. Scoring the sample dossiers") + " ==")
    data["dossiers"] = _dossiers(rules, out)
    portfolio = sample_portfolio()
    if not out.json:
        out.print()
        out.print("== " + out.t("2. Giấy chứng nhận cần đánh giá lại trong 180 ngày",
                                "2. Certificates due for re-evaluation within 180 days") + " ==")
        out.print(out.pair(SYNTHETIC))
    due, rows, line = due_rows(portfolio, on, 180, out, args.limit)
    if out.json:
        data["due"] = [to_dict(d) for d in due]
    else:
        print_due(out, rows, line)
        out.print()
        out.print("== " + out.t("3. Mức độ hoàn thành kế hoạch của các tỉnh",
                                "3. Attainment of the province plans") + " ==")
        if missing:
            out.print(out.t("kế hoạch: bản chụp kèm theo của các plug-in tỉnh",
                            "plans: the bundled snapshot of the province plug-ins' plans"))
    data["attainment"] = _attainment(portfolio, on, out)
    if out.json:
        out.dump(data)
    return 0


def _missing_plugins(loaded: Loaded) -> tuple[str, ...]:
    """The seed province plug-ins that are not loaded."""
    names = {p.name for p in loaded.rules.plugins} | {p.plugin for p in loaded.plans}
    return tuple(pkg for name, pkg in zip(PLUGIN_NAMES, PLUGIN_PACKAGES, strict=True)
                 if name not in names)


def _dossiers(rules: Rules, out: Out) -> list[Any]:
    results = []
    for n, a in enumerate(sample_dossiers()):
        ev = evaluate(a, rules)
        if out.json:
            results.append({"evaluation": to_dict(ev), "gap": to_dict(gap_to_next_star(ev))})
            continue
        if n:
            out.print()
        for line in evaluation_lines(ev, out):
            out.print(line)
    return results


def _attainment(portfolio: Portfolio, on: date, out: Out) -> list[Any]:
    results = []
    for n, plan in enumerate(sample_plans().values()):
        report = attainment(plan, portfolio, as_of=on)
        if out.json:
            results.append(to_dict(report))
            continue
        if n:
            out.print()
        out.print(report.format(out.lang, width=out.width), wrap=False)
    return results
