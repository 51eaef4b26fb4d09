"""Run the Python examples in README.md and docs/*.md as tests (Sybil)."""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

_FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE

pytest_collect_file = Sybil(
    parsers=[
        DocTestDirectiveParser(optionflags=_FLAGS),
        PythonCodeBlockParser(doctest_optionflags=_FLAGS),
        SkipParser(),
    ],
    patterns=["README.md", "docs/*.md"],
    excludes=["docs/reference-*.md"],
).pytest()
