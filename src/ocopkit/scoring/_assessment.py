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

from ocopkit.errors import Problem, ValidationError
from ocopkit.rulesets import AssessmentKind

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


def _answer(criterion_id: object, value: object) -> Answer:
    if isinstance(criterion_id, str):
        if isinstance(value, str):
            return Answer(criterion_id, value)
        if isinstance(value, int) and not isinstance(value, bool):
            return Answer(criterion_id, points=value)
    raise ValidationError([Problem(
        f"$.answers[{criterion_id!r}]", "bad-answer",
        f"câu trả lời phải là mã phương án (chuỗi) hoặc số điểm (số nguyên): {value!r}",
        f"an answer is an option id (a string) or points (an integer), not {value!r}")])


def _answers(value: Mapping[str, str | int] | Iterable[Answer]) -> tuple[Answer, ...]:
    if isinstance(value, Mapping):
        return tuple(_answer(k, v) for k, v in value.items())
    return tuple(value)


@attrs.frozen
class ScoreSheet:
    """One scorer's answers.

    A mapping ``{criterion: answer}`` is accepted too: a string answer is the option
    ticked, an integer the points the scorer wrote.

    >>> ScoreSheet({"1.1": "1.1.c", "1.2": 2}).answers
    (Answer(criterion_id='1.1', option_id='1.1.c', points=None),
     Answer(criterion_id='1.2', option_id=None, points=2))
    """

    answers: tuple[Answer, ...] = attrs.field(converter=_answers)
    scorer: str | None = None


def _sheets(value: Iterable[ScoreSheet]) -> tuple[ScoreSheet, ...]:
    return tuple(value)


def _frozen_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


def _evidence(value: Mapping[str, Iterable[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((str(k), tuple(v)) for k, v in dict(value).items()))


def _kind(value: AssessmentKind | str) -> AssessmentKind:
    return AssessmentKind.parse(value)


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
    kind: AssessmentKind = attrs.field(default=AssessmentKind.FIRST, converter=_kind)

    @classmethod
    def single(
        cls,
        product_set: int,
        answers: Mapping[str, str | int] | Iterable[Answer],
        *,
        assessed_on: date,
        scorer: str | None = None,
        ruleset_id: str | None = None,
        disqualifiers: Iterable[str] = frozenset(),
        evidence: Mapping[str, Iterable[str]] | None = None,
        level: Level = Level.PROVINCE,
        product_id: str | None = None,
        product_code: str | None = None,
        province: str | None = None,
        name: str | None = None,
        submitted_on: date | None = None,
        kind: AssessmentKind | str = AssessmentKind.FIRST,
    ) -> Assessment:
        """An assessment with one score sheet (the other fields as for the class)."""
        return cls(product_set, assessed_on, (ScoreSheet(answers, scorer),),
                   ruleset_id=ruleset_id, disqualifiers=disqualifiers,
                   evidence=evidence or {}, level=level, product_id=product_id,
                   product_code=product_code, province=province, name=name,
                   submitted_on=submitted_on, kind=kind)

    @property
    def evidence_keys(self) -> frozenset[str]:
        """The kinds of evidence supplied (e.g. ``"lab-test"``, ``"on-site-appraisal"``)."""
        return frozenset(k for k, refs in self.evidence if refs)
