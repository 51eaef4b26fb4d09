"""Argument parsing: a parser that raises instead of exiting, and argument types."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import NoReturn

from ocopkit.io import parse_date

__all__ = ["LANGS", "ExitRequest", "Parser", "UsageError", "date_arg", "days_arg"]

LANGS = ("both", "en", "vi")


class UsageError(Exception):
    """A command-line usage problem (exit code 2)."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting (so :func:`main` returns)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise ExitRequest(status)


class ExitRequest(Exception):  # noqa: N818 - a request to exit, not an error
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def date_arg(text: str) -> date:
    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r} (YYYY-MM-DD or DD/MM/YYYY)") from None


def days_arg(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number of days {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of days must be >= 0")
    return value
