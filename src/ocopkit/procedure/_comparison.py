"""The subject's self-assessment (Mẫu 02 Phần III) against the council's evaluation,
criterion by criterion: who scored what, the differences, and which differences change
the tier — for the portal (where the subject over- or under-estimated) and for the
council's report.

A difference is *decisive* when the council's stars would change had the council given,
on that criterion alone, the subject's own score (every other answer unchanged).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs

from ocopkit.frozen import FrozenMap, freeze_map
from ocopkit.scoring import Answer, Assessment, Evaluation, ScoreSheet, evaluate, fmt, stars_text

from ._selfreport import SelfAssessmentReport

__all__ = ["CriterionComparison", "SelfAssessmentComparison", "compare_self_assessment"]


def _frozen(value: Mapping[str, Fraction]) -> Mapping[str, Fraction]:
    return freeze_map(value)


@attrs.frozen(kw_only=True)
class CriterionComparison:
    """One criterion: the subject's score, each scorer's, the council's (their mean)."""

    criterion_id: str
    name: str
    max_points: int
    self_points: Fraction
    council_points: Fraction
    by_scorer: Mapping[str, Fraction] = attrs.field(converter=_frozen)
    stars_with_self: int | None
    """The council's stars had it given the subject's score on this criterion only."""
    decisive: bool

    @property
    def difference(self) -> Fraction:
        """Council minus subject (negative: the subject over-estimated)."""
        return self.council_points - self.self_points


@attrs.frozen(kw_only=True)
class SelfAssessmentComparison:
    """The comparison of :func:`compare_self_assessment`."""

    self_evaluation: Evaluation
    council: Evaluation
    rows: tuple[CriterionComparison, ...]

    @property
    def differences(self) -> tuple[CriterionComparison, ...]:
        """The criteria the subject and the council scored differently."""
        return tuple(r for r in self.rows if r.difference)

    @property
    def decisive(self) -> tuple[CriterionComparison, ...]:
        """The differences that change the council's tier."""
        return tuple(r for r in self.rows if r.decisive)

    def format(self, lang: str = "en") -> str:
        """A table of the differences, with the totals and tiers of both."""
        vi = lang == "vi"
        s, c = self.self_evaluation, self.council
        head = (f"Tự đánh giá {fmt(s.total)} ({stars_text(s.stars)}) — Hội đồng "
                f"{fmt(c.total)} ({stars_text(c.stars)})" if vi else
                f"Self-assessment {fmt(s.total)} ({stars_text(s.stars)}) — council "
                f"{fmt(c.total)} ({stars_text(c.stars)})")
        lines = [head]
        for r in self.differences:
            scorers = ", ".join(f"{k} {fmt(v)}" for k, v in r.by_scorer.items())
            mark = " ★" if r.decisive else ""
            sign = "+" if r.difference > 0 else ""
            lines.append(f"  {r.criterion_id:<6} {fmt(r.self_points):>5} → "
                         f"{fmt(r.council_points):>5} ({sign}{fmt(r.difference)}; {scorers})"
                         f"{mark} {r.name[:48]}")
        if self.decisive:
            lines.append("  ★ " + ("thay đổi hạng sao" if vi else "changes the tier"))
        return "\n".join(lines)


def _points(ev: Evaluation) -> dict[str, Fraction]:
    return {t.criterion_id: t.points for t in ev.trace}


def compare_self_assessment(
    self_assessment: SelfAssessmentReport | Assessment, council: Evaluation
) -> SelfAssessmentComparison:
    """Compare the subject's self-scores with ``council``, criterion by criterion.

    The self-scores are evaluated as if the council had given them — on its day, in its
    province, under its rules (:attr:`~ocopkit.scoring.Evaluation.rules`) — so that the
    same scorecard, overrides and gates apply to both.
    """
    own = (self_assessment.scores if isinstance(self_assessment, SelfAssessmentReport)
           else self_assessment)
    base = council.assessment
    rules = council.rules
    mine = evaluate(attrs.evolve(own, assessed_on=base.assessed_on, ruleset_id=base.ruleset_id,
                                 province=base.province, product_code=base.product_code,
                                 level=base.level, kind=base.kind,
                                 submitted_on=base.submitted_on, disqualifiers=frozenset()),
                    rules)
    per_sheet: list[tuple[str, dict[str, Fraction]]] = []
    for i, sheet in enumerate(base.sheets):
        ev = evaluate(attrs.evolve(base, sheets=(sheet,)), rules)
        name = sheet.scorer or f"#{i + 1}"
        if any(name == n for n, _ in per_sheet):
            name = f"{name} #{i + 1}"
        per_sheet.append((name, _points(ev)))
    own_answers: dict[str, Answer] = {}
    for sheet in own.sheets[:1]:
        own_answers = {a.criterion_id: a for a in sheet.answers}
    self_pts, council_pts = _points(mine), _points(council)
    rows = []
    for t in council.trace:
        cid = t.criterion_id
        stars: int | None = council.stars
        if self_pts[cid] != t.points:
            sheets = tuple(
                ScoreSheet(tuple(a for a in s.answers if a.criterion_id != cid)
                           + ((own_answers[cid],) if cid in own_answers else ()), s.scorer)
                for s in base.sheets)
            stars = evaluate(attrs.evolve(base, sheets=sheets), rules).stars
        rows.append(CriterionComparison(
            criterion_id=cid, name=t.name, max_points=t.max_points,
            self_points=self_pts[cid], council_points=council_pts[cid],
            by_scorer=FrozenMap((name, pts[cid]) for name, pts in per_sheet),
            stars_with_self=stars, decisive=stars != council.stars))
    return SelfAssessmentComparison(self_evaluation=mine, council=council, rows=tuple(rows))
