"""The ``ocopkit`` command line (stdlib :mod:`argparse`).

Commands: ``demo``, ``score FILE``, ``explain FILE``, ``certificates due``,
``attainment``, ``rulesets``, ``plugins``, ``check-plugin NAME`` and
``schema``. Human output by default (aligned tables, ★ glyphs, Vietnamese
names with diacritics); ``--json`` for machines on every data command;
``--lang vi|en|both`` for messages. Exit codes: 0 success, 1 validation or
data errors (the bilingual problem list goes to stderr, never a traceback),
2 usage errors.

:func:`main` takes the argument list and returns the exit code, so the
commands can be run (and tested) from Python:

>>> from ocopkit.cli import main
>>> main(["schema"])  # doctest: +ELLIPSIS
assessment
certificate
...
subject
0
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from . import __version__
from .errors import OcopError, PluginError, Problem, ValidationError

if TYPE_CHECKING:
    from .assessment import Assessment
    from .portfolio import Portfolio
    from .rules import Rules
    from .scoring import Evaluation

__all__ = ["DEMO_DATE", "build_parser", "main"]

#: The fixed "today" of ``ocopkit demo`` (so that its output is reproducible).
DEMO_DATE = date(2026, 11, 23)

LANGS = ("both", "en", "vi")


class UsageError(Exception):
    """A command-line usage problem (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting (so :func:`main` returns)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise _ExitError(status)


class _ExitError(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


# --------------------------------------------------------------------------- output helpers


class Out:
    """Language-aware output to stdout (and problems to stderr)."""

    def __init__(self, lang: str, as_json: bool) -> None:
        self.lang = lang
        self.json = as_json

    def t(self, en: str, vi: str) -> str:
        """Pick a label: ``en``, ``vi`` or ``"vi / en"``."""
        if self.lang == "en":
            return en
        if self.lang == "vi":
            return vi
        return vi if vi == en else f"{vi} / {en}"

    def print(self, text: str = "") -> None:
        print(text, file=sys.stdout)

    def dump(self, data: Any) -> None:
        print(json.dumps(data, ensure_ascii=False, indent=2), file=sys.stdout)

    def problems(self, problems: Sequence[Problem], head: str | None = None,
                 stream: TextIO | None = None) -> None:
        """Print ``problems`` (to stderr by default) under a ``head`` of the form ``en / vi``."""
        out = stream or sys.stderr
        n = len(problems)
        count = self.t(f"{n} problem{'s' if n != 1 else ''}", f"{n} lỗi")
        if head:
            en, _, vi = head.partition(" / ")
            title = f"{self.t(en, vi or en)} — {count}"
        else:
            title = count
        print(title + ":", file=out)
        for p in problems:
            print("  " + p.format(self.lang), file=out)


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]],
          align: str | None = None) -> str:
    """An aligned text table; ``align`` has one ``l``/``r`` per column."""
    cols = len(headers)
    widths = [_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], _width(cell))
    spec = align or "l" * cols

    def line(cells: Sequence[str]) -> str:
        parts = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - _width(cell))
            parts.append(pad + cell if spec[i] == "r" else cell + pad)
        return "  ".join(parts).rstrip()

    out = [line(headers), "  ".join("─" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return "\n".join(out)


def _stars(stars: int | None) -> str:
    from .scoring import stars_text

    return stars_text(stars)


def _date(text: str) -> date:
    from .io import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r} (YYYY-MM-DD or DD/MM/YYYY)") from None


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number of days {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of days must be >= 0")
    return value


def _progress() -> Callable[[int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(n: int) -> None:
        sys.stderr.write(f"\r… {n} rows / dòng")
        sys.stderr.flush()

    return show


def _end_progress(progress: Callable[[int], None] | None) -> None:
    if progress is not None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


# --------------------------------------------------------------------------- shared loading


def _load(args: argparse.Namespace) -> Any:
    from . import plugins

    return plugins.load(autoload=False if args.no_plugins else None)


def _rules(args: argparse.Namespace) -> Rules:
    loaded = _load(args)
    rules: Rules = loaded.rules
    return rules


def _read_text(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    p = Path(path)
    try:
        return p.read_bytes(), p.name
    except OSError as exc:
        raise ValidationError([Problem(path, "unreadable-file",
                                       f"không đọc được tệp: {exc.strerror or exc}",
                                       f"cannot read the file: {exc.strerror or exc}")]) from None


def _assessments(args: argparse.Namespace, rules: Rules) -> tuple[Assessment, ...]:
    from .serialize import load_assessments

    data, name = _read_text(args.file)
    return load_assessments(data, rules=rules, source=name)


def _portfolio(args: argparse.Namespace, out: Out) -> tuple[Portfolio, list[Problem]]:
    """The registry in ``args.registry`` (a folder), or the bundled sample portfolio."""
    if args.registry is None:
        try:
            from .samples import sample_portfolio
        except ImportError:
            raise ValidationError([Problem(
                "registry", "no-sample",
                "chưa có danh mục mẫu (ocopkit.samples); hãy chỉ định thư mục REGISTRY_DIR",
                "the sample portfolio (ocopkit.samples) is not available yet; "
                "pass a REGISTRY_DIR")]) from None
        return sample_portfolio(), []
    from .io import read_registry

    progress = _progress()
    try:
        portfolio, problems = read_registry(directory=args.registry, progress=progress,
                                            strict=args.strict)
    finally:
        _end_progress(progress)
    return portfolio, list(problems)


def _warn(out: Out, problems: Sequence[Problem]) -> int:
    if problems:
        out.problems(problems, "data problems / lỗi dữ liệu")
        return 1
    return 0


# --------------------------------------------------------------------------- score / explain


def _evaluation_lines(ev: Evaluation, out: Out, *, gap: bool = True) -> list[str]:
    lang = "en" if out.lang == "both" else out.lang
    lines = ev.explain(lang).splitlines()
    head = ev.summary(out.lang)
    result = [head, *lines[1:]]
    if ev.authority is not None:
        result.append("  " + out.t("authority", "cơ quan công nhận") + ": "
                      + out.t(ev.authority.name_en, ev.authority.name_vi))
    if gap:
        g = ev.gap_to_next_star()
        result.append("  " + out.t("next star", "sao tiếp theo") + ": "
                      + g.format(out.lang))
    return result


def cmd_score(args: argparse.Namespace, out: Out) -> int:
    from .scoring import evaluate
    from .serialize import to_dict

    rules = _rules(args)
    evaluations = [evaluate(a, rules) for a in _assessments(args, rules)]
    if out.json:
        out.dump([to_dict(ev) for ev in evaluations])
        return 0
    for ev in evaluations:
        out.print(ev.summary(out.lang))
    return 0


def cmd_explain(args: argparse.Namespace, out: Out) -> int:
    from .scoring import evaluate, fmt
    from .serialize import to_dict

    rules = _rules(args)
    evaluations = [evaluate(a, rules) for a in _assessments(args, rules)]
    if out.json:
        out.dump([{"evaluation": to_dict(ev), "gap": to_dict(ev.gap_to_next_star())}
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
            rows.append([t.criterion_id, _short(t.name, 44), options,
                         f"{fmt(t.points)}/{t.max_points}", req, mark, t.decided_by])
        for line in _evaluation_lines(ev, out):
            out.print(line)
        out.print()
        out.print(table([out.t("criterion", "tiêu chí"), out.t("name", "tên"),
                         out.t("option", "phương án"), out.t("points", "điểm"),
                         out.t("minimum", "tối thiểu"), "", out.t("decided by", "quyết định bởi")],
                        rows, "lllrlll"))
    return 0


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------- certificates


def _due_rows(portfolio: Portfolio, on: date, within: int, out: Out,
              limit: int | None = None) -> tuple[list[Any], str]:
    due = portfolio.due_for_renewal(on, within)
    rows = []
    for d in due[:limit]:
        c = d.certificate
        try:
            name = portfolio.product(c.product_id).name
        except ValidationError:
            name = c.product_id
        rows.append([c.number, _short(name, 36), _stars(c.stars), d.expires_on.isoformat(),
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
    from .serialize import to_dict

    portfolio, problems = _portfolio(args, out)
    on = args.on or date.today()
    due, text = _due_rows(portfolio, on, args.within, out, args.limit)
    if out.json:
        out.dump({"on": on.isoformat(), "within": args.within,
                  "due": [to_dict(d) for d in due]})
    else:
        out.print(out.t(f"Certificates expiring within {args.within} days of {on.isoformat()}:",
                        f"Giấy chứng nhận hết hạn trong {args.within} ngày kể từ "
                        f"{on.strftime('%d/%m/%Y')}:"))
        out.print(text)
    return _warn(out, problems)


# --------------------------------------------------------------------------- attainment


def _plans(args: argparse.Namespace) -> list[Any]:
    plans: dict[str, Any] = {}
    try:
        from .samples import sample_plans

        for p in _values(sample_plans()):
            plans.setdefault(p.id, p)
    except ImportError:
        pass
    try:
        loaded = _load(args)
        for provided in loaded.plans:
            plans.setdefault(provided.item.id, provided.item)
    except OcopError:
        pass
    return list(plans.values())


def cmd_attainment(args: argparse.Namespace, out: Out) -> int:
    try:
        from .attainment import attainment
    except ImportError:
        out.print(out.t("attainment: not available yet (ocopkit.attainment)",
                        "mức độ hoàn thành: chưa có (ocopkit.attainment)"))
        return 0
    from .serialize import to_dict

    portfolio, problems = _portfolio(args, out)
    plans = _plans(args)
    if args.plan is not None:
        chosen = [p for p in plans if p.id == args.plan]
        if not chosen:
            from .text import suggest

            raise ValidationError([Problem(
                "--plan", "unknown-plan", f"không có kế hoạch {args.plan!r}",
                f"no plan {args.plan!r}", suggest(args.plan, [p.id for p in plans], cutoff=0.4))])
        plans = chosen
    as_of = args.as_of or date.today()
    reports = [attainment(plan, portfolio, as_of=as_of) for plan in plans]
    if out.json:
        out.dump([_json_or_text(to_dict, r) for r in reports])
    else:
        for n, r in enumerate(reports):
            if n:
                out.print()
            out.print(r.format(out.lang))
        if not reports:
            out.print(out.t("no plans", "không có kế hoạch"))
    return _warn(out, problems)


def _values(plans: Any) -> list[Any]:
    """``sample_plans()`` is a mapping by id (a sequence is accepted too)."""
    return list(plans.values()) if hasattr(plans, "values") else list(plans)


def _json_or_text(to_dict: Callable[[Any], Any], value: Any) -> Any:
    try:
        return to_dict(value)
    except Exception:  # a report the converter does not know yet
        return {"text": str(value)}


# --------------------------------------------------------------------------- reference commands


def cmd_rulesets(args: argparse.Namespace, out: Out) -> int:
    registry = _rules(args).registry
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
    from .serialize import to_dict

    loaded = _load(args)
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
        return 0
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
    from .checks import check_plugin
    from .serialize import to_dict

    problems = check_plugin(args.name)
    if out.json:
        out.dump({"plugin": args.name, "problems": [to_dict(p) for p in problems]})
        return 1 if problems else 0
    if not problems:
        out.print(out.t(f"✓ {args.name}: no problems", f"✓ {args.name}: không có lỗi"))
        return 0
    out.problems(problems, f"✗ {args.name} / ✗ {args.name}", stream=sys.stdout)
    return 1


def cmd_schema(args: argparse.Namespace, out: Out) -> int:
    from .schema import json_schema, render, schema_names, write_schemas

    if args.write:
        target = args.dir
        for path in write_schemas(target):
            out.print(str(path))
        return 0
    if args.name is None:
        if out.json:
            out.dump(list(schema_names()))
        else:
            for name in schema_names():
                out.print(name)
        return 0
    sys.stdout.write(render(json_schema(args.name)))
    return 0


# --------------------------------------------------------------------------- demo


def cmd_demo(args: argparse.Namespace, out: Out) -> int:
    """Score the sample dossiers, list renewals due, show the plans' attainment."""
    on: date = args.on
    data: dict[str, Any] = {"on": on.isoformat()}
    rules = _rules(args)
    if not out.json:
        out.print(out.t(f"ocopkit {__version__} demo — as of {on.isoformat()}",
                        f"ocopkit {__version__} — minh họa, ngày {on.strftime('%d/%m/%Y')}"))
        out.print(out.t("plug-ins", "plug-in") + ": "
                  + ", ".join(str(p) for p in rules.plugins))
        out.print()
        out.print("== " + out.t("1. Scoring the sample dossiers",
                                "1. Chấm điểm các hồ sơ mẫu") + " ==")
    data["dossiers"] = _demo_dossiers(rules, out)
    portfolio = None
    try:
        from .samples import sample_portfolio

        portfolio = sample_portfolio()
    except ImportError:
        pass
    if not out.json:
        out.print()
        out.print("== " + out.t("2. Certificates due for re-evaluation within 180 days",
                                "2. Giấy chứng nhận cần đánh giá lại trong 180 ngày") + " ==")
    if portfolio is None:
        _missing(out, "ocopkit.samples.sample_portfolio")
        data["due"] = None
    else:
        from .samples import SYNTHETIC

        if not out.json:
            out.print(SYNTHETIC)
        due, text = _due_rows(portfolio, on, 180, out, args.limit)
        if out.json:
            from .serialize import to_dict

            data["due"] = [to_dict(d) for d in due]
        else:
            out.print(text)
    if not out.json:
        out.print()
        out.print("== " + out.t("3. Attainment of the province plans",
                                "3. Mức độ hoàn thành kế hoạch của các tỉnh") + " ==")
    data["attainment"] = _demo_attainment(portfolio, on, out)
    if out.json:
        out.dump(data)
    return 0


def _missing(out: Out, what: str) -> None:
    if not out.json:
        out.print(out.t(f"not available yet: {what}", f"chưa có: {what}"))


def _demo_dossiers(rules: Rules, out: Out) -> list[Any] | None:
    from .scoring import evaluate
    from .serialize import to_dict

    try:
        samples = importlib.import_module("ocopkit.samples")
    except ImportError:
        samples = None
    sample_dossiers: Callable[[], Sequence[Assessment]] | None = getattr(
        samples, "sample_dossiers", None)
    if sample_dossiers is None:
        _missing(out, "ocopkit.samples.sample_dossiers")
        return None
    results = []
    for n, a in enumerate(sample_dossiers()):
        ev = evaluate(a, rules)
        if out.json:
            results.append({"evaluation": to_dict(ev), "gap": to_dict(ev.gap_to_next_star())})
            continue
        if n:
            out.print()
        for line in _evaluation_lines(ev, out):
            out.print(line)
    return results


def _demo_attainment(portfolio: Portfolio | None, on: date, out: Out) -> list[Any] | None:
    try:
        from .attainment import attainment
        from .samples import sample_plans
    except ImportError as exc:
        _missing(out, f"ocopkit.{exc.name.rsplit('.', 1)[-1] if exc.name else 'attainment'}")
        return None
    if portfolio is None:
        _missing(out, "ocopkit.samples.sample_portfolio")
        return None
    from .serialize import to_dict

    results = []
    for n, plan in enumerate(_values(sample_plans())):
        report = attainment(plan, portfolio, as_of=on)
        if out.json:
            results.append(_json_or_text(to_dict, report))
            continue
        if n:
            out.print()
        out.print(report.format(out.lang))
    return results


# --------------------------------------------------------------------------- parser


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options accepted before and after the command (``ocopkit --json rulesets`` too)."""
    keep = argparse.SUPPRESS
    parser.add_argument("--json", action="store_true", default=False if top else keep,
                        help="machine-readable JSON output")
    parser.add_argument("--lang", choices=LANGS, default="both" if top else keep,
                        help="language of labels and messages (default: both)")
    parser.add_argument("--no-plugins", action="store_true", default=False if top else keep,
                        help="do not autoload installed plug-ins (entry points)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``ocopkit`` (every command has ``--help``)."""
    parser = _Parser(
        prog="ocopkit",
        description="OCOP (One Commune One Product) rules as code: score dossiers, track "
                    "certificates, measure province plans. / Chấm điểm, phân hạng sản phẩm "
                    "OCOP, theo dõi giấy chứng nhận và kế hoạch của tỉnh.",
        epilog="Exit codes: 0 ok, 1 validation or data errors, 2 usage errors.",
    )
    parser.add_argument("--version", action="version", version=f"ocopkit {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str, func: Callable[[argparse.Namespace, Out], int],
                parent: Any = sub) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, help=help_text,
                                                       description=help_text)
        _common(p, top=False)
        p.set_defaults(func=func)
        return p

    p = command("demo", "score the sample dossiers, list renewals due and plan attainment",
                cmd_demo)
    p.add_argument("--on", type=_date, default=DEMO_DATE,
                   help=f"the demo's 'today' (default: {DEMO_DATE.isoformat()}, so that the "
                        "output is reproducible)")
    p.add_argument("--limit", type=_days, default=8, metavar="N",
                   help="certificates due to list (default: 8)")

    p = command("score", "score assessments (a JSON object or a list)", cmd_score)
    p.add_argument("file", metavar="FILE", help="assessment JSON file ('-' for stdin)")

    p = command("explain", "full trace of each criterion, and the gap to the next star",
                cmd_explain)
    p.add_argument("file", metavar="FILE", help="assessment JSON file ('-' for stdin)")

    certs = sub.add_parser("certificates", help="certificate queries",
                           description="certificate queries")
    _common(certs, top=False)
    certs_sub = certs.add_subparsers(dest="certificates_command", metavar="QUERY",
                                     parser_class=_Parser)
    certs_sub.required = True
    p = command("due", "certificates expiring soon, with their re-evaluation window",
                cmd_certificates_due, parent=certs_sub)
    p.add_argument("--within", type=_days, default=180, metavar="DAYS",
                   help="days ahead (default: 180)")
    p.add_argument("--limit", type=_days, default=None, metavar="N",
                   help="show at most N certificates (default: all)")
    p.add_argument("--on", type=_date, default=None, metavar="DATE",
                   help="the day to answer for (default: today)")
    _registry_args(p)

    p = command("attainment", "attainment of province plans as of a date", cmd_attainment)
    p.add_argument("--plan", metavar="ID", help="only this plan")
    p.add_argument("--as-of", type=_date, default=None, metavar="DATE",
                   help="the day to measure on (default: today)")
    _registry_args(p)

    command("rulesets", "rule sets: ids, effective dates and content hashes", cmd_rulesets)
    command("plugins", "loaded plug-ins with versions, and load failures", cmd_plugins)
    p = command("check-plugin", "check one installed plug-in before publishing it",
                cmd_check_plugin)
    p.add_argument("name", metavar="NAME", help="entry-point or distribution name")
    p = command("schema", "JSON Schemas of the JSON forms (list, print or write)", cmd_schema)
    p.add_argument("name", metavar="NAME", nargs="?", help="schema to print")
    p.add_argument("--write", action="store_true",
                   help="(re)write the schema files bundled in ocopkit/data/schema")
    p.add_argument("--dir", type=Path, default=None, help=argparse.SUPPRESS)
    return parser


def _registry_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("registry", metavar="REGISTRY_DIR", nargs="?", default=None,
                   help="folder with products/subjects/certificates .csv or .json "
                        "(default: the bundled sample portfolio)")
    p.add_argument("--strict", action="store_true",
                   help="refuse the registry if any row has a problem")


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ocopkit`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except _ExitError as exc:
        return exc.status
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return 2
    out = Out(args.lang, args.json)
    try:
        code: int = args.func(args, out)
        return code
    except _ExitError as exc:
        return exc.status
    except ValidationError as exc:
        out.problems(exc.problems, exc.summary)
        return 1
    except PluginError as exc:
        print(f"plug-in error / lỗi plug-in: {exc}", file=sys.stderr)
        return 1
    except OcopError as exc:
        print(f"error / lỗi: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted / đã dừng", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `ocopkit demo | head`): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:
        if os.environ.get("OCOPKIT_DEBUG"):
            raise
        print(f"internal error / lỗi nội bộ: {type(exc).__name__}: {exc} "
              "(set OCOPKIT_DEBUG=1 for the traceback)", file=sys.stderr)
        return 1
