"""Assessments: what the evaluators ticked, for one product, on one date.

An :class:`Assessment` holds one :class:`ScoreSheet` per scorer (member of
the council). The official score is the average of the scorers' totals
("tổng điểm trung bình", 26/2026 Điều 3.3), kept exact as a
:class:`~fractions.Fraction`.

>>> from datetime import date
>>> a = Assessment.single(7, {"1.1": "1.1.c", "1.2": "1.2.b"}, assessed_on=date(2026, 6, 1))
>>> a.sheets[0].answers[0]
Answer(criterion_id='1.1', option_id='1.1.c', points=None)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date

import attrs

__all__ = ["Answer", "Assessment", "Level", "ScoreSheet"]


class Level(enum.Enum):
    """Which council evaluates: the province (3–4★, proposes 5★) or the centre (5★)."""

    PROVINCE = "province"
    CENTRAL = "central"


@attrs.frozen
class Answer:
    """One ticked option (``option_id``), or the points a scorer wrote (``points``)."""

    criterion_id: str
    option_id: str | None = None
    points: int | None = None


def _answers(value: Mapping[str, str] | Iterable[Answer]) -> tuple[Answer, ...]:
    if isinstance(value, Mapping):
        return tuple(Answer(str(k), str(v)) for k, v in value.items())
    return tuple(value)


@attrs.frozen
class ScoreSheet:
    """One scorer's answers. A mapping ``{criterion: option}`` is accepted too."""

    answers: tuple[Answer, ...] = attrs.field(converter=_answers)
    scorer: str | None = None


def _sheets(value: Iterable[ScoreSheet]) -> tuple[ScoreSheet, ...]:
    return tuple(value)


def _frozen_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _evidence(value: Mapping[str, Iterable[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((str(k), tuple(v)) for k, v in dict(value).items()))


@attrs.frozen
class Assessment:
    """The input of :func:`ocopkit.scoring.evaluate`."""

    product_set: int
    assessed_on: date
    sheets: tuple[ScoreSheet, ...] = attrs.field(converter=_sheets)
    ruleset_id: str | None = None
    disqualifiers: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_set)
    evidence: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(
        default=(), converter=_evidence
    )
    level: Level = Level.PROVINCE
    product_id: str | None = None
    product_code: str | None = None
    province: str | None = None
    name: str | None = None
    submitted_on: date | None = None
    kind: str = "first"

    @classmethod
    def single(
        cls,
        product_set: int,
        answers: Mapping[str, str] | Iterable[Answer],
        *,
        assessed_on: date,
        **kwargs: object,
    ) -> Assessment:
        """An assessment with one score sheet."""
        return cls(product_set, assessed_on, (ScoreSheet(answers),), **kwargs)  # type: ignore[arg-type]

    @property
    def evidence_keys(self) -> frozenset[str]:
        """The kinds of evidence supplied (e.g. ``"lab-test"``, ``"on-site-appraisal"``)."""
        return frozenset(k for k, refs in self.evidence if refs)
