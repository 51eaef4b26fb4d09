"""The ``ocopkit`` command line (``python -m ocopkit``); see :doc:`/cli`."""

from ocopkit.cli._demo import DEMO_DATE
from ocopkit.cli._main import build_parser, main

__all__ = ["DEMO_DATE", "build_parser", "main"]
