"""The ``ocopkit`` command line (stdlib :mod:`argparse`).

Commands: ``demo``, ``score FILE``, ``explain FILE``, ``certificates due``,
``attainment``, ``scorecard SET``, ``template assessment SET``, ``template dossier``,
``rulesets``, ``plugins``, ``check-plugin NAME``, ``schema``, ``dossier check FILE`` and
``rounds``. Human output by default (tables fitted to the terminal, ★ glyphs, Vietnamese
names with diacritics); ``--json`` for machines on every data command; ``--lang
vi|en|both`` for every word printed, argparse's included. Exit codes: 0 success, 1
validation or data errors (the bilingual problem list goes to stderr, or with ``--json``
a JSON error document to stdout; never a traceback), 2 usage errors.

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
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ocopkit._version import __version__
from ocopkit.errors import OcopError, PluginError, Problem, TransitionError, ValidationError
from ocopkit.text import LANGS, bilingual

from ._args import ExitRequest, Parser, UsageError, count_arg, date_arg, days_arg, prescan
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
from ._logging import cli_logging, debug_enabled
from ._output import Out
from ._procedure import register as register_procedure_commands
from ._scorecard import register as register_scorecard_commands
from ._streams import StreamError, closed, console_streams, os_error_text, stream_message

__all__ = ["build_parser", "main"]

Help = Callable[[str, str], str]


def common_options(parser: argparse.ArgumentParser, h: Help, *, top: bool,
                   lang: str = "both") -> None:
    """Options accepted before and after the command (``ocopkit --json rulesets`` too)."""
    keep = argparse.SUPPRESS
    parser.add_argument("--json", action="store_true", default=False if top else keep,
                        help=h("xuất JSON cho máy đọc", "machine-readable JSON output"))
    parser.add_argument("--lang", choices=LANGS, default=lang if top else keep,
                        help=h("ngôn ngữ của mọi chữ được in: vi, en hoặc both (tiếng Việt "
                               "rồi tiếng Anh; mặc định: OCOPKIT_LANG, nếu không thì both)",
                               "language of every word printed: vi, en or both (Vietnamese, "
                               "then English; default: OCOPKIT_LANG, else both)"))
    parser.add_argument("--no-plugins", action="store_true", default=False if top else keep,
                        help=h("không tự nạp các plug-in đã cài (entry point)",
                               "do not autoload installed plug-ins (entry points)"))


def build_parser(lang: str = "both") -> argparse.ArgumentParser:
    """The argument parser of ``ocopkit`` in ``lang`` (every command has ``--help``)."""
    def h(vi: str, en: str) -> str:
        return bilingual(vi, en, lang)

    def m(vi: str, en: str) -> str:  # a placeholder: one word, the English one for "both"
        return vi if lang == "vi" else en

    parser = Parser(
        prog="ocopkit", lang=lang,
        description=h("Chấm điểm, phân hạng sản phẩm OCOP, theo dõi giấy chứng nhận và kế "
                      "hoạch của tỉnh.",
                      "OCOP (One Commune One Product) rules as code: score dossiers, track "
                      "certificates, measure province plans."),
        epilog=h("Mã thoát: 0 thành công, 1 lỗi kiểm tra hoặc dữ liệu, 2 lỗi cách dùng.",
                 "Exit codes: 0 ok, 1 validation or data errors, 2 usage errors."),
    )
    parser.add_argument("--version", action="version", version=f"ocopkit {__version__}",
                        help=h("in phiên bản rồi thoát", "show the version and exit"))
    common_options(parser, h, top=True, lang=lang)
    sub = parser.add_subparsers(dest="command", metavar=m("LỆNH", "COMMAND"),
                                parser_class=Parser)

    def command(name: str, help_text: str, func: Callable[[argparse.Namespace, Out], int],
                parent: Any = sub) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = parent.add_parser(name, help=help_text,
                                                       description=help_text, lang=lang)
        common_options(p, h, top=False)
        p.set_defaults(func=func)
        return p

    def group(name: str, help_text: str, dest: str, metavar: str) -> Any:
        p = sub.add_parser(name, help=help_text, description=help_text, lang=lang)
        common_options(p, h, top=False)
        inner = p.add_subparsers(dest=dest, metavar=metavar, parser_class=Parser)
        inner.required = True
        return inner

    on_help = h("ngày cần tra (mặc định: hôm nay)", "the day to answer for (default: today)")
    p = command("demo", h("chấm điểm các hồ sơ mẫu, liệt kê giấy chứng nhận cần đánh giá lại "
                          "và mức hoàn thành kế hoạch",
                          "score the sample dossiers, list renewals due and plan attainment"),
                cmd_demo)
    p.add_argument("--on", type=date_arg, default=DEMO_DATE, metavar=m("NGÀY", "DATE"),
                   help=h(f"ngày 'hôm nay' của bản minh họa (mặc định: {DEMO_DATE:%d/%m/%Y}, để "
                          "kết quả lặp lại được)",
                          f"the demo's 'today' (default: {DEMO_DATE.isoformat()}, so that the "
                          "output is reproducible)"))
    p.add_argument("--limit", type=count_arg, default=8, metavar="N",
                   help=h("số giấy chứng nhận liệt kê (mặc định: 8)",
                          "certificates due to list (default: 8)"))

    file_help = h("tệp JSON ('-': đầu vào chuẩn)", "JSON file ('-' for stdin)")
    p = command("score", h("chấm điểm phiếu đánh giá: một đối tượng JSON, một danh sách, "
                           "hoặc tài liệu {\"dossiers\": [...]}",
                           "score assessments: a JSON object, a list, or a {\"dossiers\": "
                           "[...]} document"), cmd_score)
    p.add_argument("file", metavar=m("TỆP", "FILE"), help=file_help)
    p = command("explain", h("giải thích từng tiêu chí và khoảng cách đến sao tiếp theo",
                             "full trace of each criterion, and the gap to the next star"),
                cmd_explain)
    p.add_argument("file", metavar=m("TỆP", "FILE"), help=file_help)

    certs = group("certificates", h("tra cứu giấy chứng nhận", "certificate queries"),
                  "certificates_command", h("TRA_CỨU", "QUERY"))
    p = command("due", h("giấy chứng nhận sắp hết hạn và thời hạn nộp hồ sơ đánh giá lại",
                         "certificates expiring soon, with their re-evaluation window"),
                cmd_certificates_due, parent=certs)
    p.add_argument("--within", type=days_arg, default=180, metavar=m("SỐ_NGÀY", "DAYS"),
                   help=h("số ngày tới (0–36525, mặc định: 180)",
                          "days ahead (0–36525, default: 180)"))
    p.add_argument("--limit", type=count_arg, default=None, metavar="N",
                   help=h("liệt kê nhiều nhất N giấy (mặc định: tất cả)",
                          "show at most N certificates (default: all)"))
    p.add_argument("--on", type=date_arg, default=None, metavar=m("NGÀY", "DATE"),
                   help=on_help)
    registry_args(p, h, m)

    p = command("attainment", h("mức độ hoàn thành kế hoạch của các tỉnh tại một ngày",
                                "attainment of province plans as of a date"), cmd_attainment)
    p.add_argument("--plan", metavar=m("MÃ", "ID"), help=h("chỉ kế hoạch này", "only this plan"))
    p.add_argument("--as-of", type=date_arg, default=None, metavar=m("NGÀY", "DATE"),
                   help=h("ngày đo (mặc định: hôm nay)", "the day to measure on (default: today)"))
    registry_args(p, h, m)

    register_scorecard_commands(command, group, h, m)
    command("rulesets", h("các bộ quy tắc: mã, ngày hiệu lực, mã băm nội dung",
                          "rule sets: ids, effective dates and content hashes"), cmd_rulesets)
    command("plugins", h("các plug-in đang dùng, phiên bản và lỗi khi nạp",
                         "loaded plug-ins with versions, and load failures"), cmd_plugins)
    p = command("check-plugin", h("kiểm tra một plug-in đã cài trước khi phát hành",
                                  "check one installed plug-in before publishing it"),
                cmd_check_plugin)
    p.add_argument("name", metavar=m("TÊN", "NAME"),
                   help=h("tên entry point hoặc tên gói", "entry-point or distribution name"))
    p = command("schema", h("JSON Schema của các dạng JSON (liệt kê, in hoặc ghi ra thư mục)",
                            "JSON Schemas of the JSON forms (list, print or write)"), cmd_schema)
    p.add_argument("name", metavar=m("TÊN", "NAME"), nargs="?",
                   help=h("schema cần in", "schema to print"))
    p.add_argument("--write", metavar=m("THƯ_MỤC", "DIR"), type=Path, default=None,
                   help=h("ghi mọi tệp schema vào thư mục (dự án tạo lại "
                          "src/ocopkit/data/schema như vậy)",
                          "write every schema file into DIR (the project regenerates "
                          "src/ocopkit/data/schema this way)"))
    register_procedure_commands(command, group, h, m)
    return parser


def registry_args(p: argparse.ArgumentParser, h: Help, m: Help) -> None:
    p.add_argument("registry", metavar=m("THƯ_MỤC_DANH_MỤC", "REGISTRY_DIR"), nargs="?",
                   default=None,
                   help=h("thư mục có các tệp products/subjects/certificates .csv hoặc .json "
                          "(mặc định: danh mục mẫu kèm theo)",
                          "folder with products/subjects/certificates .csv or .json "
                          "(default: the bundled sample portfolio)"))
    p.add_argument("--strict", action="store_true",
                   help=h("từ chối cả danh mục nếu có dòng lỗi (trừ ghi chú)",
                          "refuse the registry if any row has a problem (notes aside)"))
    p.add_argument("--communes", metavar=m("NGUỒN", "SOURCE"), default=None,
                   help=h("danh mục xã để đối chiếu tên: 'national' (danh mục quốc gia kèm "
                          "theo, mặc định khi thư mục không có registry.json), 'none', hoặc "
                          "một tệp communes.csv (hoặc thư mục chứa nó)",
                          "commune registry to resolve names against: 'national' (the "
                          "bundled one, the default when the folder has no registry.json), "
                          "'none', or a communes.csv (or its folder)"))


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ocopkit`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    arguments = list(argv) if argv is not None else sys.argv[1:]
    lang, as_json = prescan(arguments)
    if closed(sys.stdout):  # e.g. `ocopkit demo >&-`: nothing could be printed
        _to_stderr(stream_message(None, lang))
        return 1
    with console_streams():
        first = Out(lang, as_json)
        try:
            try:
                args = build_parser(lang).parse_args(arguments)
            except UsageError as exc:
                if as_json:
                    return first.failure("usage", 2, [exc.problem])
                first.err(exc.format(lang))
                return 2
            except ExitRequest as exc:
                return _flushed(first, exc.status)
            if getattr(args, "func", None) is None:
                build_parser(lang).print_help(sys.stderr)
                return 2
            out = Out(args.lang, args.json)
            with cli_logging():
                code = _run(args, out)
            return _flushed(out, code)
        except StreamError as exc:
            return _stream_failed(first, exc.error)
        except BrokenPipeError:
            return _quiet_pipe()


def _to_stderr(text: str) -> None:
    if not closed(sys.stderr):
        with contextlib.suppress(Exception):
            sys.stderr.write(text + "\n")


def _silence_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush
    of what is still buffered cannot fail again."""
    with contextlib.suppress(Exception):
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)


def _quiet_pipe() -> int:
    # the reader went away (e.g. `ocopkit demo | head`): stop quietly, as Unix tools do
    _silence_stdout()
    return 141


def _stream_failed(out: Out, error: OSError | None) -> int:
    _silence_stdout()
    out.err(stream_message(error, out.lang))
    return 1


def _flushed(out: Out, code: int) -> int:
    """Flush standard output: a full disk or a closed stream is an error (exit 1)."""
    if sys.stdout is None:
        return code
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _quiet_pipe()
    except (OSError, ValueError) as exc:
        return _stream_failed(out, exc if isinstance(exc, OSError) else None)
    return code


def _one(path: str, code: str, vi: str, en: str) -> list[Problem]:
    return [Problem(path, code, vi, en)]


def _run(args: argparse.Namespace, out: Out) -> int:
    try:
        code: int = args.func(args, out)
        return code
    except ExitRequest as exc:
        return exc.status
    except (StreamError, BrokenPipeError):
        raise
    except ValidationError as exc:
        return out.failure("validation", 1, exc.problems, exc.summary)
    except PluginError as exc:
        return out.failure("plugin", 1, _one(exc.plugin, "plugin-error", f"lỗi plug-in: {exc}",
                                             f"plug-in error: {exc}"))
    except TransitionError as exc:
        return out.failure("error", 1, _one("-", exc.code, exc.message_vi, exc.message_en))
    except OcopError as exc:
        return out.failure("error", 1, _one("-", "error", str(exc), str(exc)))
    except OverflowError:
        return out.failure("validation", 1, _one(
            "-", "date-out-of-range", "một ngày tính ra nằm ngoài lịch (sau năm 9999)",
            "a computed date falls outside the calendar (after the year 9999)"))
    except KeyboardInterrupt:
        out.err(out.t("đã dừng", "interrupted"))
        return 130
    except OSError as exc:
        vi, en = os_error_text(exc)
        where = str(exc.filename) if exc.filename is not None else "-"
        return out.failure("os", 1, _one(where, "os-error", f"lỗi hệ thống: {vi}",
                                         f"system error: {en}"))
    except Exception as exc:
        if debug_enabled():
            raise
        return out.failure("internal", 1, _one(
            "-", "internal-error",
            f"lỗi nội bộ: {type(exc).__name__}: {exc} (đặt OCOPKIT_DEBUG=1 để xem traceback)",
            f"internal error: {type(exc).__name__}: {exc} (set OCOPKIT_DEBUG=1 for the "
            "traceback)"))
