"""Scoring: an :class:`Assessment` in, an exact, explained :class:`Evaluation` out.

>>> from datetime import date
>>> from ocopkit import rulesets, scoring
>>> card = rulesets.get("vn-qd-26-2026").scorecard(7)
>>> best = {c.id: c.options[-1].id for c in card}
>>> ev = scoring.evaluate(scoring.Assessment.single(7, best, assessed_on=date(2026, 6, 1)))
>>> ev.total, ev.stars
(Fraction(100, 1), 5)
"""

from typing import TYPE_CHECKING

from ocopkit.scoring._assessment import Answer, Assessment, Level, ScoreSheet
from ocopkit.scoring._engine import evaluate
from ocopkit.scoring._results import (
    STARS,
    Evaluation,
    GateFailure,
    Provenance,
    TraceLine,
    fmt,
    stars_text,
)
from ocopkit.scoring._validate import validate

if TYPE_CHECKING:
    from ocopkit.scoring._batch import MISSING, BatchScorer
    from ocopkit.scoring._batchresult import BatchResult
    from ocopkit.scoring._gap import Change, Gap, gap_to_next_star

#: Imported on first use (batch scoring and the gap search are not needed to score).
_LAZY = {"MISSING": "_batch", "BatchScorer": "_batch", "BatchResult": "_batchresult",
         "Change": "_gap", "Gap": "_gap", "gap_to_next_star": "_gap"}


def __getattr__(name: str) -> object:
    import importlib

    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'ocopkit.scoring' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"ocopkit.scoring.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

__all__ = [
    "MISSING",
    "STARS",
    "Answer",
    "Assessment",
    "BatchResult",
    "BatchScorer",
    "Change",
    "Evaluation",
    "Gap",
    "GateFailure",
    "Level",
    "Provenance",
    "ScoreSheet",
    "TraceLine",
    "evaluate",
    "fmt",
    "gap_to_next_star",
    "stars_text",
    "validate",
]
