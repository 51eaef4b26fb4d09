"""ocopkit plug-in for <province> (code <NN>; unit ``<NN>@63`` and/or ``<NN>@34``).

Source: <author>, "<title>", <publisher>, <date> (keep a copy of the text).

Say here what the source supports and what this plug-in models, rule by
rule, and what it leaves out. Model only what the source says; quote the
sentence in each citation.
"""

from __future__ import annotations

from collections.abc import Callable

from ocopkit.plugins import CriterionOverride, Gate, hookimpl

__version__ = "0.1.0"

__all__ = ["ocopkit_register_rules"]

# An example, to adapt (it is not a real regulation, so it is not registered):
#
# from datetime import date
# from ocopkit.rulesets import Citation
#
# LAB_TEST = Gate(
#     id="<name>-<year>-lab-test",
#     province="<NN>@63",
#     requires=frozenset({"lab-test"}),
#     citation=Citation("<source>", None, "“<the sentence that says so>”"),
#     name_vi="<tên tiếng Việt>",
#     name_en="<English name>",
#     min_stars=3,
#     effective_from=date(2020, 1, 1),
#     effective_until=date(2025, 6, 30),   # a merged province ends on 2025-06-30
# )


@hookimpl
def ocopkit_register_rules(register: Callable[[CriterionOverride | Gate], None]) -> None:
    """Register the province's overrides and gates: ``register(LAB_TEST)``."""
