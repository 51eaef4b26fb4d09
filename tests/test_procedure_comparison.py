"""The subject's self-assessment (Mẫu 02) against the council, criterion by criterion."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import attrs
from _procedure_support import BEST, SET

from ocopkit.procedure import compare_self_assessment
from ocopkit.samples import sample_commune_dossier
from ocopkit.scoring import Assessment, ScoreSheet, evaluate

REPORT = sample_commune_dossier().product.self_assessment    # every option at its best


def _council(changes: list[dict[str, str]]) -> Assessment:
    sheets = tuple(ScoreSheet(dict(BEST, **c), f"HĐ-{i + 1}") for i, c in enumerate(changes))
    return Assessment(SET, date(2027, 5, 20), sheets, province="22")


def test_who_scored_what_and_the_differences() -> None:
    # scorer 1 gives 8.b (4 of 5) on the quality declaration, scorer 2 agrees with the
    # subject; both lower 1.5 (a criterion with a 5★ minimum of 3) to 1.5.c (2 points)
    council = evaluate(_council([{"8": "8.b", "1.5": "1.5.c"}, {"1.5": "1.5.c"}]))
    cmp = compare_self_assessment(REPORT, council)
    assert (cmp.self_evaluation.total, cmp.self_evaluation.stars) == (100, 5)
    assert (council.total, council.stars) == (Fraction(197, 2), 4)   # (98 + 99) / 2
    rows = {r.criterion_id: r for r in cmp.differences}
    assert sorted(rows) == ["1.5", "8"]
    eight = rows["8"]
    assert (eight.self_points, eight.council_points, eight.difference) == (
        5, Fraction(9, 2), Fraction(-1, 2))
    assert dict(eight.by_scorer) == {"HĐ-1": 4, "HĐ-2": 5}
    # had the council given the subject's 3 points on 1.5, the product would be 5★;
    # the half point on 8 changes nothing
    assert (rows["1.5"].decisive, rows["1.5"].stars_with_self) == (True, 5)
    assert (eight.decisive, eight.stars_with_self) == (False, 4)
    assert [r.criterion_id for r in cmp.decisive] == ["1.5"]
    text = cmp.format("en")
    assert "1.5" in text and "changes the tier" in text
    assert "thay đổi hạng sao" in cmp.format("vi")


def test_agreement_has_no_differences_and_an_assessment_is_accepted() -> None:
    council = evaluate(_council([{}]))
    cmp = compare_self_assessment(REPORT.scores, council)
    assert cmp.differences == () and cmp.decisive == ()
    assert len(cmp.rows) == len(council.trace)


def test_the_self_scores_are_read_under_the_councils_rules() -> None:
    # the subject scored on 25/01/2027; the comparison reads it on the council's day
    late = attrs.evolve(REPORT.scores, assessed_on=date(2026, 6, 1))
    cmp = compare_self_assessment(late, evaluate(_council([{}])))
    assert cmp.self_evaluation.assessment.assessed_on == date(2027, 5, 20)
