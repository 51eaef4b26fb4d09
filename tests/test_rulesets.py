"""Rule sets: effective dates, selection, content hashes, load-time checks."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopkit import rulesets
from ocopkit.errors import DataError, ValidationError
from ocopkit.rulesets import (
    MINISTRY_MAE,
    BandOrNothing,
    Citation,
    IntegerBands,
    RuleSet,
    RuleSetRegistry,
    Scorecard,
)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2019, 8, 21), "vn-qd-1048-2019"),
        (date(2023, 2, 23), "vn-qd-1048-2019"),
        (date(2023, 2, 24), "vn-qd-148-2023"),
        (date(2025, 7, 5), "vn-qd-148-2023"),
        (date(2025, 7, 6), "vn-qd-148-1489-2025"),
        (date(2026, 5, 21), "vn-qd-148-1489-2025"),
        (date(2026, 5, 22), "vn-qd-26-2026"),
        (date(2030, 1, 1), "vn-qd-26-2026"),
    ],
)
def test_regime_selection_on_boundary_dates(on: date, expected: str) -> None:
    assert rulesets.for_date(on).id == expected


def test_before_the_first_regime_is_a_located_problem() -> None:
    with pytest.raises(ValidationError) as exc:
        rulesets.for_date(date(2019, 8, 20))
    assert exc.value.codes == ("no-ruleset",)


@pytest.mark.property
@given(st.dates(min_value=date(2019, 8, 21), max_value=date(2040, 1, 1)))
def test_exactly_one_regime_covers_every_date(on: date) -> None:
    assert sum(rs.covers(on) for rs in rulesets.all_rulesets()) == 1
    assert rulesets.for_date(on).covers(on)


@pytest.mark.parametrize(
    ("kind", "last_day"),
    [("first", date(2026, 7, 21)), ("upgrade", date(2026, 7, 21)),
     ("re-evaluation", date(2026, 6, 21))],
)
def test_transitional_provisions_of_dieu_12(kind: str, last_day: date) -> None:
    pending = date(2026, 5, 1)
    assert rulesets.for_date(last_day, submitted_on=pending, kind=kind).id == "vn-qd-148-1489-2025"  # type: ignore[arg-type]
    after = last_day + timedelta(days=1)
    assert rulesets.for_date(after, submitted_on=pending, kind=kind).id == "vn-qd-26-2026"  # type: ignore[arg-type]
    # a dossier submitted on or after the effective date is never transitional
    assert rulesets.for_date(last_day, submitted_on=date(2026, 5, 22), kind=kind).id == "vn-qd-26-2026"  # type: ignore[arg-type]


def test_parts_bands_and_authorities_per_regime() -> None:
    r1048 = rulesets.get("vn-qd-1048-2019")
    assert dict(r1048.part_max) == {"A": 35, "B": 25, "C": 40}
    assert r1048.has_scorecards
    # 1048 Phụ lục II 1.b and 1.c: the province certifies 3★ and 4★, MARD 5★
    assert [r1048.authority_for(k).id for k in (3, 4, 5)] == [
        "province-people-committee", "province-people-committee", "ministry-mard"]
    r148 = rulesets.get("vn-qd-148-2023")
    assert dict(r148.part_max) == {"A": 40, "B": 25, "C": 35}
    assert r148.authority_for(3).id == "district-people-committee"
    assert r148.authority_for(5, date(2024, 1, 1)).id == "ministry-mard"
    assert r148.authority_for(5, date(2025, 3, 1)).id == "ministry-mae"
    r1489 = rulesets.get("vn-qd-148-1489-2025")
    assert r1489.authority_for(3).id == "province-people-committee"
    r26 = rulesets.get("vn-qd-26-2026")
    assert [r26.authority_for(k).id for k in (3, 4, 5)] == [
        "province-people-committee", "province-people-committee", "ministry-mae"]
    with pytest.raises(ValidationError) as exc:
        r26.authority_for(2)
    assert exc.value.codes == ("not-certifiable",)


def test_older_regimes_classify_totals_without_inventing_criteria() -> None:
    r1048 = rulesets.get("vn-qd-1048-2019")
    assert r1048.classify_total(89).stars == 4
    r148 = rulesets.get("vn-qd-148-2023")
    assert r148.classify_total(89).stars == 4
    with pytest.raises(ValidationError) as exc:
        r148.scorecard(7)
    assert exc.value.codes == ("no-scorecards",)


def test_every_26_2026_scorecard_sums_to_40_25_35() -> None:
    r26 = rulesets.get("vn-qd-26-2026")
    assert sorted(r26.scorecards) == list(range(1, 27))
    for number, card in r26.scorecards.items():
        assert {p.id: p.max_points for p in card.parts} == {"A": 40, "B": 25, "C": 35}, number
        assert sum(c.max_points for c in card) == 100
        assert card.check(r26.part_max) == []


#: The identity of the 26/2026 rules: a change of this value is a change of the law data
#: (points, marks, bands, authorities…) and must be deliberate — update it together with a
#: CHANGELOG entry that says what changed in the rules.
QD26_HASH = "sha256:2eb7cdd5ec223bba84503dc716599b99ccf57907e56bb758ba39cea91e3c26ea"


def test_the_26_2026_hash_is_pinned() -> None:
    assert rulesets.get("vn-qd-26-2026").content_hash == QD26_HASH


def _retitled_card(card: Scorecard) -> Scorecard:
    """The same law, every text changed: names, option texts, citations, notes."""
    parts = tuple(attrs.evolve(p, name=p.name + " (x)", name_en="x", groups=tuple(
        attrs.evolve(g, name=g.name + " (x)", criteria=tuple(
            attrs.evolve(c, name=c.name + " (x)", notes=("x",), citation=Citation("x"),
                         options=tuple(attrs.evolve(o, text=o.text + " (x)")
                                       for o in c.options))
            for c in g.criteria))
        for g in p.groups)) for p in card.parts)
    return attrs.evolve(card, name=card.name + " (x)", parts=parts, citation=Citation("x"),
                        header="x")


def test_the_hash_covers_the_law_not_the_prose() -> None:
    r26 = rulesets.get("vn-qd-26-2026")
    assert attrs.evolve(r26).content_hash == r26.content_hash
    prose = attrs.evolve(
        r26, title_vi="x", title_en="x", citation=Citation("x"), notes=("x",),
        scorecards={n: _retitled_card(c) for n, c in r26.scorecards.items()})
    assert prose.content_hash == r26.content_hash


def _with_option(r26: RuleSet, points: int | None = None, mark: int | None = None) -> RuleSet:
    card = r26.scorecard(7)
    crit = card.criterion("1.5")
    first = crit.options[0]
    changed = attrs.evolve(first, points=first.points if points is None else points,
                           min_star=first.min_star if mark is None else mark)
    new_crit = attrs.evolve(crit, options=(changed, *crit.options[1:]))
    parts = tuple(attrs.evolve(p, groups=tuple(
        attrs.evolve(g, criteria=tuple(new_crit if c.id == "1.5" else c for c in g.criteria))
        for g in p.groups)) for p in card.parts)
    return attrs.evolve(r26, scorecards={**r26.scorecards, 7: attrs.evolve(card, parts=parts)})


@pytest.mark.parametrize("change", [
    "effective_until", "points", "mark", "bands", "tier_policy", "authority", "transition"])
def test_the_hash_changes_with_every_kind_of_law(change: str) -> None:
    r26 = rulesets.get("vn-qd-26-2026")
    changed = {
        "effective_until": lambda: attrs.evolve(r26, effective_until=date(2030, 1, 1)),
        "points": lambda: _with_option(r26, points=1),
        "mark": lambda: _with_option(r26, mark=3),
        "bands": lambda: attrs.evolve(r26, bands=IntegerBands()),
        "tier_policy": lambda: attrs.evolve(r26, tier_policy=BandOrNothing()),
        "authority": lambda: attrs.evolve(r26, authorities={
            **r26.authorities, 4: ((None, MINISTRY_MAE),)}),
        "transition": lambda: attrs.evolve(r26, transitions=r26.transitions[:1]),
    }[change]()
    assert changed.content_hash != r26.content_hash


def test_unknown_id_suggests_the_closest() -> None:
    with pytest.raises(ValidationError) as exc:
        rulesets.get("vn-qd-26-2025")
    assert exc.value.problems[0].suggestion == "vn-qd-26-2026"


def test_load_time_checks_fail_loudly_on_a_broken_scorecard() -> None:
    r26 = rulesets.get("vn-qd-26-2026")
    card = r26.scorecard(7)
    part_a = card.parts[0]
    group = part_a.groups[0]
    broken_crit = attrs.evolve(group.criteria[0], max_points=group.criteria[0].max_points + 1)
    broken_group = attrs.evolve(group, criteria=(broken_crit, *group.criteria[1:]))
    broken_card = attrs.evolve(card, parts=(attrs.evolve(part_a, groups=(broken_group,
                                                                         *part_a.groups[1:])),
                                            *card.parts[1:]))
    broken = attrs.evolve(r26, id="broken", scorecards={7: broken_card},
                          effective_from=date(2040, 1, 1))
    with pytest.raises(DataError) as exc:
        RuleSetRegistry((broken,))
    assert {"group-sum", "criterion-max"} <= set(exc.value.codes)


def test_overlapping_regimes_are_rejected() -> None:
    r26 = rulesets.get("vn-qd-26-2026")
    clash = attrs.evolve(r26, id="clash", effective_from=date(2027, 1, 1))
    with pytest.raises(DataError) as exc:
        RuleSetRegistry((r26, clash))
    assert "overlap" in exc.value.codes


def test_every_part_and_group_has_an_english_label() -> None:
    for card in rulesets.get("vn-qd-26-2026").scorecards.values():
        for part in card.parts:
            assert part.name_en, (card.product_set, part.id)
            for group in part.groups:
                assert group.name_en, (card.product_set, group.id, group.name)
