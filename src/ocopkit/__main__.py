"""``python -m ocopkit``: the command line (see :mod:`ocopkit.cli`)."""

from __future__ import annotations

from ocopkit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
