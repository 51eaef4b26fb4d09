"""The ``ocopkit`` command line (stdlib :mod:`argparse`).

Commands: ``demo``, ``score FILE``, ``explain FILE``, ``certificates due``,
``attainment``, ``rulesets``, ``plugins``, ``check-plugin NAME``, ``schema``,
``dossier check FILE`` and ``rounds``. Human output by default (aligned tables, ★ glyphs, Vietnamese
names with diacritics); ``--json`` for machines on every data command;
``--lang vi|en|both`` for messages. Exit codes: 0 success, 1 validation or
data errors (the bilingual problem list goes to stderr, never a traceback),
2 usage errors.

:func:`main` takes the argument list and returns the exit code, so the
commands can be run (and tested) from Python:

>>> from ocopkit.cli import main
>>> main(["schema"])  # doctest: +ELLIPSIS
assessment
case
...
working-calendar
0
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ocopkit._version import __version__
from ocopkit.errors import OcopError, PluginError, ValidationError

from ._args import LANGS, ExitRequest, Parser, UsageError, date_arg, days_arg
from ._commands import (
    cmd_attainment,
    cmd_certificates_due,
    cmd_check_plugin,
    cmd_explain,
    cmd_plugins,
    cmd_rulesets,
    cmd_schema,
    cmd_score,
)
from ._demo import DEMO_DATE, cmd_demo
from ._logging import cli_logging
from ._output import Out
from ._procedure import register as register_procedure_commands

__all__ = ["build_parser", "main"]


def common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
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
    parser = Parser(
        prog="ocopkit",
        description="OCOP (One Commune One Product) rules as code: score dossiers, track "
                    "certificates, measure province plans. / Chấm điểm, phân hạng sản phẩm "
                    "OCOP, theo dõi giấy chứng nhận và kế hoạch của tỉnh.",
        epilog="Exit codes: 0 ok, 1 validation or data errors, 2 usage errors.",
    )
    parser.add_argument("--version", action="version", version=f"ocopkit {__version__}")
    common_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help_text: str, func: Callable[[argparse.Namespace, Out], int],
                parent: Any = sub) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, help=help_text,
                                                       description=help_text)
        common_options(p, top=False)
        p.set_defaults(func=func)
        return p

    p = command("demo", "score the sample dossiers, list renewals due and plan attainment",
                cmd_demo)
    p.add_argument("--on", type=date_arg, default=DEMO_DATE,
                   help=f"the demo's 'today' (default: {DEMO_DATE.isoformat()}, so that the "
                        "output is reproducible)")
    p.add_argument("--limit", type=days_arg, default=8, metavar="N",
                   help="certificates due to list (default: 8)")

    p = command("score", "score assessments (a JSON object or a list)", cmd_score)
    p.add_argument("file", metavar="FILE", help="assessment JSON file ('-' for stdin)")

    p = command("explain", "full trace of each criterion, and the gap to the next star",
                cmd_explain)
    p.add_argument("file", metavar="FILE", help="assessment JSON file ('-' for stdin)")

    certs = sub.add_parser("certificates", help="certificate queries",
                           description="certificate queries")
    common_options(certs, top=False)
    certs_sub = certs.add_subparsers(dest="certificates_command", metavar="QUERY",
                                     parser_class=Parser)
    certs_sub.required = True
    p = command("due", "certificates expiring soon, with their re-evaluation window",
                cmd_certificates_due, parent=certs_sub)
    p.add_argument("--within", type=days_arg, default=180, metavar="DAYS",
                   help="days ahead (default: 180)")
    p.add_argument("--limit", type=days_arg, default=None, metavar="N",
                   help="show at most N certificates (default: all)")
    p.add_argument("--on", type=date_arg, default=None, metavar="DATE",
                   help="the day to answer for (default: today)")
    registry_args(p)

    p = command("attainment", "attainment of province plans as of a date", cmd_attainment)
    p.add_argument("--plan", metavar="ID", help="only this plan")
    p.add_argument("--as-of", type=date_arg, default=None, metavar="DATE",
                   help="the day to measure on (default: today)")
    registry_args(p)

    command("rulesets", "rule sets: ids, effective dates and content hashes", cmd_rulesets)
    command("plugins", "loaded plug-ins with versions, and load failures", cmd_plugins)
    p = command("check-plugin", "check one installed plug-in before publishing it",
                cmd_check_plugin)
    p.add_argument("name", metavar="NAME", help="entry-point or distribution name")
    p = command("schema", "JSON Schemas of the JSON forms (list, print or write)", cmd_schema)
    p.add_argument("name", metavar="NAME", nargs="?", help="schema to print")
    p.add_argument("--write", metavar="DIR", type=Path, default=None,
                   help="write every schema file into DIR (the project regenerates "
                        "src/ocopkit/data/schema this way)")
    register_procedure_commands(sub, command, common_options)
    return parser


def registry_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("registry", metavar="REGISTRY_DIR", nargs="?", default=None,
                   help="folder with products/subjects/certificates .csv or .json "
                        "(default: the bundled sample portfolio)")
    p.add_argument("--strict", action="store_true",
                   help="refuse the registry if any row has a problem (notes aside)")
    p.add_argument("--communes", metavar="SOURCE", default=None,
                   help="commune registry to resolve names against: 'national' (the "
                        "bundled one, the default when the folder has no registry.json), "
                        "'none', or a communes.csv (or its folder)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ocopkit`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except ExitRequest as exc:
        return exc.status
    if getattr(args, "func", None) is None:
        parser.print_help(sys.stderr)
        return 2
    out = Out(args.lang, args.json)
    with cli_logging():
        return _run(args, out)


def _run(args: argparse.Namespace, out: Out) -> int:
    try:
        code: int = args.func(args, out)
        return code
    except ExitRequest as exc:
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
