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

from ocopkit._lazy import lazy_names
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


__getattr__, __dir__ = lazy_names(
    __name__, {name: f"{__name__}.{module}:{name}" for name, module in _LAZY.items()}, globals())

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
