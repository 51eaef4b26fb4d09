"""The child process of ``check_plugin(name, isolated=True)`` (see :mod:`._isolated`)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ._checks import check_plugin

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    """The child: check ``argv[0]``, write the problems to ``argv[1]``, end at once."""
    name, out = (sys.argv[1:] if argv is None else argv)[:2]
    try:
        rows = [[p.path, p.code, p.message_vi, p.message_en, p.suggestion]
                for p in check_plugin(name)]
    except BaseException as exc:  # reported to the parent, whatever it is
        rows = [[f"plugin {name}", "check-failed",
                 f"không kiểm tra được: {type(exc).__name__}",
                 f"the check itself failed: {type(exc).__name__}", None]]
    partial = out + ".part"
    Path(partial).write_text(json.dumps(rows, ensure_ascii=False), "utf-8")
    os.replace(partial, out)
    sys.stdout.flush()
    os._exit(0)  # an abandoned plug-in thread or a plug-in's atexit must not delay the answer


if __name__ == "__main__":  # pragma: no cover - run as a child process
    main()
