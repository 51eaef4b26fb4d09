"""What the CLI prints of ocopkit's log: one line per warning, no traceback.

ocopkit's library code logs a rejected plug-in on the ``ocopkit.plugins`` logger with
the exception attached (``exc_info``), for hosts that want it. The command line shows
it as one bilingual line on stderr — ``cảnh báo / warning: plug-in 'x' …`` — with the
traceback only when ``OCOPKIT_DEBUG=1``. The handler is installed for the duration of
one :func:`ocopkit.cli.main` call and removed afterwards.

>>> import logging
>>> record = logging.LogRecord("ocopkit.plugins", logging.WARNING, __file__, 1,
...                            "plug-in %r: boom\\nat line 2", ("x",), None)
>>> OneLine(debug=False).format(record)
"cảnh báo / warning: plug-in 'x': boom at line 2"
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator

from ._streams import closed, escape

__all__ = ["OneLine", "cli_logging", "debug_enabled"]

#: Longest warning line printed (a plug-in's message may be anything).
MAX_LINE = 400


def debug_enabled() -> bool:
    """``OCOPKIT_DEBUG`` is set to something other than ``0``/empty."""
    return os.environ.get("OCOPKIT_DEBUG", "").strip() not in ("", "0")


class OneLine(logging.Formatter):
    """``cảnh báo / warning: <message>`` on one line; the traceback only in debug mode."""

    def __init__(self, *, debug: bool) -> None:
        super().__init__()
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        label = ("lỗi / error" if record.levelno >= logging.ERROR else "cảnh báo / warning")
        try:
            message = record.getMessage()
        except Exception as exc:  # a plug-in's value that cannot be formatted
            message = f"{record.msg!s} ({type(exc).__name__})"
        text = " ".join(message.split())
        if len(text) > MAX_LINE:
            text = text[:MAX_LINE] + "…"
        line = f"{label}: {escape(text)}"
        if self.debug and record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


@contextlib.contextmanager
def cli_logging() -> Iterator[None]:
    """Route ``ocopkit`` warnings to stderr as :class:`OneLine` while the block runs."""
    logger = logging.getLogger("ocopkit")
    if closed(sys.stderr):  # nowhere to say it: the exit code still does
        handler: logging.Handler = logging.NullHandler()
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine(debug=debug_enabled()))
    handler.setLevel(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False  # the host's root handlers would print the traceback again
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
