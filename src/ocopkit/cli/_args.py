"""Argument parsing in the user's language: a parser that raises instead of exiting,
argparse's own words translated, and bounded argument types.

argparse writes its messages ("usage:", "the following arguments are required", "invalid
choice"…) in English; :class:`Parser` and :class:`Formatter` give them in the language of
``--lang``. Because ``--lang`` is parsed with everything else, the language of the help
and of usage errors is found first by :func:`prescan` (``--lang`` anywhere in the
arguments, else the ``OCOPKIT_LANG`` environment variable, else ``both``).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, NoReturn

from ocopkit.errors import Problem
from ocopkit.io import parse_date
from ocopkit.text import LANGS, bilingual, day, suggest

__all__ = [
    "FIRST_DATE",
    "LANGS",
    "LAST_DATE",
    "MAX_COUNT",
    "MAX_DAYS",
    "ExitRequest",
    "Formatter",
    "Parser",
    "UsageError",
    "count_arg",
    "date_arg",
    "days_arg",
    "prescan",
]

#: The dates a command accepts: far beyond any rule set, and every date derived from
#: them (36 months of validity, renewal windows, ``--within``) stays in the calendar.
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2999, 12, 31)
#: The most days ``--within`` looks ahead (about 100 years).
MAX_DAYS = 36_525
#: The largest ``--limit``.
MAX_COUNT = 10**9


class UsageError(Exception):
    """A command-line usage problem (exit code 2), as a located bilingual problem."""

    def __init__(self, prog: str, problem: Problem) -> None:
        super().__init__(problem.message_en)
        self.prog = prog
        self.problem = problem

    def format(self, lang: str) -> str:
        p = self.problem
        text = p.format(lang) if p.path != "argv" else bilingual(p.message_vi, p.message_en, lang)
        return f"{self.prog}: {bilingual('lỗi', 'error', lang)}: {text}"


class ExitRequest(Exception):  # noqa: N818 - a request to exit, not an error
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def prescan(argv: Sequence[str]) -> tuple[str, bool]:
    """The language (``--lang``, else ``OCOPKIT_LANG``, else ``both``) and whether
    ``--json`` was given, read before parsing so that usage errors use them."""
    lang = os.environ.get("OCOPKIT_LANG", "").strip() or "both"
    as_json = False
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--json":
            as_json = True
        elif arg in ("--lang", "--lan", "--la") and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith(("--lang=", "--lan=", "--la=")):
            lang = arg.partition("=")[2]
    return (lang if lang in LANGS else "both"), as_json


# --------------------------------------------------------------------------- words

_SECTIONS = {
    "positional arguments": ("tham số", "positional arguments"),
    "options": ("tùy chọn", "options"),
    "optional arguments": ("tùy chọn", "options"),
}


class Formatter(argparse.HelpFormatter):
    """argparse's help with its headings in ``lang``."""

    def __init__(self, prog: str, lang: str = "both", **kwargs: Any) -> None:
        super().__init__(prog, **kwargs)
        self.lang = lang

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[Any], prefix: str | None = None) -> None:
        if prefix is None:
            prefix = bilingual("cách dùng", "usage", self.lang) + ": "
        super().add_usage(usage, actions, groups, prefix)

    def start_section(self, heading: str | None) -> None:
        if heading in _SECTIONS:
            heading = bilingual(*_SECTIONS[heading], self.lang)
        super().start_section(heading)


# argparse's messages (Python 3.11–3.13), as regular expressions over the English text,
# with the Vietnamese and English text ocopkit prints instead and the problem code.
_MESSAGES: tuple[tuple[re.Pattern[str], str, str, str], ...] = tuple(
    (re.compile(pattern), vi, en, code) for pattern, vi, en, code in (
        (r"the following arguments are required: (?P<a>.+)",
         "thiếu tham số bắt buộc: {a}", "the following arguments are required: {a}",
         "missing-argument"),
        (r"unrecognized arguments: (?P<a>.+)",
         "tham số không nhận ra: {a}", "unrecognized arguments: {a}", "unknown-argument"),
        (r"expected one argument",
         "cần một giá trị", "expected one argument", "missing-value"),
        (r"expected at most one argument",
         "nhiều nhất một giá trị", "expected at most one argument", "too-many-values"),
        (r"expected at least one argument",
         "cần ít nhất một giá trị", "expected at least one argument", "missing-value"),
        (r"expected (?P<n>\d+) arguments?",
         "cần {n} giá trị", "expected {n} arguments", "missing-value"),
        (r"ambiguous option: (?P<o>\S+) could match (?P<m>.+)",
         "tùy chọn không rõ: {o} có thể là {m}", "ambiguous option: {o} could match {m}",
         "ambiguous-option"),
        (r"ignored explicit argument (?P<v>.+)",
         "giá trị bị bỏ qua: {v}", "ignored explicit argument {v}", "unexpected-value"),
        (r"one of the arguments (?P<a>.+) is required",
         "cần một trong các tham số {a}", "one of the arguments {a} is required",
         "missing-argument"),
        (r"not allowed with argument (?P<a>.+)",
         "không dùng cùng tham số {a}", "not allowed with argument {a}", "conflicting-arguments"),
        (r"invalid choice: (?P<v>.+?) \(choose from (?P<c>.+)\)",
         "lựa chọn không hợp lệ: {v} (chọn một trong {c})",
         "invalid choice: {v} (choose from {c})", "invalid-choice"),
        (r"invalid (?P<t>\S+) value: (?P<v>.+)",
         "giá trị không hợp lệ: {v}", "invalid {t} value: {v}", "invalid-value"),
    ))
_ARGUMENT = re.compile(r"argument (?P<name>\S+?): (?P<rest>.*)", re.DOTALL)


class _Bilingual(argparse.ArgumentTypeError):
    """A message of an argument type, in both languages (with its problem code)."""

    def __init__(self, vi: str, en: str, code: str = "invalid-value") -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en
        self.code = code


def _translate(message: str) -> tuple[str, str, str, str]:
    """``(path, code, vi, en)`` of one of argparse's English messages."""
    path = "argv"
    found = _ARGUMENT.fullmatch(message)
    if found:
        path = found["name"].split("/")[0]
        message = found["rest"]
    if message.startswith("\x00"):  # a message of ours: "\0code\0vi\0en"
        _, code, vi, en = message.split("\x00")
        return path, code, vi, en
    for pattern, vi, en, code in _MESSAGES:
        m = pattern.fullmatch(message)
        if m:
            return path, code, vi.format(**m.groupdict()), en.format(**m.groupdict())
    return path, "usage", message, message  # unknown to ocopkit: as argparse says it


def _ours(vi: str, en: str, code: str) -> str:
    return f"\x00{code}\x00{vi}\x00{en}"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks ``lang`` and raises instead of exiting (so that
    :func:`ocopkit.cli.main` returns its exit code)."""

    def __init__(self, *args: Any, lang: str = "both", **kwargs: Any) -> None:
        self.lang = lang
        kwargs.setdefault("formatter_class", _formatter(lang))
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=bilingual("in trợ giúp này rồi thoát",
                                         "show this help message and exit", lang))

    def error(self, message: str) -> NoReturn:
        path, code, vi, en = _translate(message)
        raise UsageError(self.prog, Problem(path, code, vi, en))

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise ExitRequest(status)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is not None and value not in choices:
            names = [str(c) for c in choices]
            listed = ", ".join(names)
            hint = suggest(str(value), names, cutoff=0.5)
            vi = f"lựa chọn không hợp lệ: {value!r} (chọn một trong: {listed})"
            en = f"invalid choice: {value!r} (choose from: {listed})"
            if hint is not None:
                vi += f"; có phải ý bạn là {hint!r}?"
                en += f"; did you mean {hint!r}?"
            raise argparse.ArgumentError(action, _ours(vi, en, "invalid-choice"))

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as exc:
            cause = exc.__context__
            if isinstance(cause, _Bilingual):
                raise argparse.ArgumentError(action, _ours(cause.vi, cause.en, cause.code)
                                             ) from None
            raise


def _formatter(lang: str) -> Callable[..., Formatter]:
    def make(prog: str, **kwargs: Any) -> Formatter:
        return Formatter(prog, lang, **kwargs)
    return make


# --------------------------------------------------------------------------- types

def date_arg(text: str) -> date:
    """A date ``YYYY-MM-DD`` or ``DD/MM/YYYY`` between :data:`FIRST_DATE` and
    :data:`LAST_DATE`."""
    try:
        value = parse_date(text)
    except (ValueError, OverflowError):
        raise _Bilingual(f"ngày không hợp lệ {text!r} (YYYY-MM-DD hoặc DD/MM/YYYY)",
                         f"invalid date {text!r} (YYYY-MM-DD or DD/MM/YYYY)",
                         "invalid-date") from None
    if not FIRST_DATE <= value <= LAST_DATE:
        raise _Bilingual(f"ngày {day(value, 'vi')} nằm ngoài khoảng {day(FIRST_DATE, 'vi')}"
                         f" – {day(LAST_DATE, 'vi')}",
                         f"the date {value.isoformat()} is outside "
                         f"{FIRST_DATE.isoformat()} – {LAST_DATE.isoformat()}",
                         "date-out-of-range")
    return value


def _bounded(text: str, most: int, what_vi: str, what_en: str) -> int:
    """A whole number from 0 to ``most`` (never built from more digits than ``most``
    has, so that no argument can make a huge integer)."""
    raw = text.strip()
    digits = raw[1:] if raw[:1] in ("+", "-") else raw
    shown = raw if len(raw) <= 24 else raw[:24] + "…"
    if not (digits.isascii() and digits.isdigit()):
        raise _Bilingual(f"{what_vi} không hợp lệ: {shown!r}", f"invalid {what_en}: {shown!r}",
                         "invalid-number")
    significant = digits.lstrip("0")
    if raw.startswith("-") and significant:
        raise _Bilingual(f"{what_vi} phải ≥ 0: {shown}", f"{what_en} must be >= 0: {shown}",
                         "out-of-range")
    if len(significant) > len(str(most)) or int(significant or "0") > most:
        raise _Bilingual(f"{what_vi} phải ≤ {most}: {shown}",
                         f"{what_en} must be <= {most}: {shown}", "out-of-range")
    return int(significant or "0")


def days_arg(text: str) -> int:
    """A number of days from 0 to :data:`MAX_DAYS`."""
    return _bounded(text, MAX_DAYS, "số ngày", "number of days")


def count_arg(text: str) -> int:
    """A count from 0 to :data:`MAX_COUNT`."""
    return _bounded(text, MAX_COUNT, "số lượng", "count")
