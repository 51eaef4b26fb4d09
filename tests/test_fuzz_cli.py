"""Hypothesis over argument vectors of the command line (issue 18, Deliver 6).

Whatever the arguments — known commands with mutated options, numbers of any size,
dates of any shape, names with control characters and lone surrogates — ``main``
returns 0, 1 or 2, writes no traceback and never says "internal error". The ``ci``
profile runs a short sample; ``HYPOTHESIS_PROFILE=fuzz`` (``nox -s fuzz``) thousands.
"""

from __future__ import annotations

import contextlib
import io

from hypothesis import given
from hypothesis import strategies as st

from ocopkit.cli import main

COMMANDS = [
    ["demo"], ["score"], ["explain"], ["certificates", "due"], ["attainment"],
    ["scorecard"], ["template", "assessment"], ["template", "dossier"], ["rulesets"],
    ["schema"], ["rounds"], ["dossier", "check"],
]
OPTIONS = ["--on", "--within", "--limit", "--lang", "--json", "--ruleset", "--plan",
           "--as-of", "--level", "--province", "--write", "--help", "-h", "--strict",
           "--communes", "--no-plugins"]
NUMBERS = st.one_of(st.integers(min_value=-(10**30), max_value=10**30).map(str),
                    st.sampled_from(["0", "-0", "1e9", "nan", "inf", "0x10", "٣", "1_000",
                                     "99999999999", " 7 ", ""]))
DATES = st.one_of(st.dates().map(str), st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
                  st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-30", "31/12/9999",
                                   "2026-13-01", "yesterday", ""]))
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from(
    ["\x1b", "\u202e", "\x00", "\n", "\udc80"]), max_size=12)
TOKENS = st.one_of(st.sampled_from(OPTIONS), NUMBERS, DATES, TEXT,
                   st.sampled_from(["vi", "en", "both", "7", "26", "-", "/dev/null",
                                    "/nonexistent/x.json", "province", "central"]))


@given(st.sampled_from(COMMANDS), st.lists(TOKENS, max_size=6))
def test_no_argument_vector_breaks_the_command_line(command: list[str],
                                                    rest: list[str]) -> None:
    argv = [*command, *rest, "--no-plugins"]
    if "-" in rest or "--write" in rest:  # stdin is the test runner's; writing is its own test
        argv = [a for a in argv if a not in ("-", "--write")]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    assert code in (0, 1, 2), (argv, code)
    text = err.getvalue() + out.getvalue()
    assert "Traceback" not in text, argv
    assert "internal error" not in text and "lỗi nội bộ" not in text, (argv, text[-500:])
