"""The 1048/QĐ-TTg regime (2019-08-21 – 2023-02-23) scored by criteria."""

from __future__ import annotations

import pickle
from datetime import date
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopkit import Assessment, evaluate, plugins, products, rulesets
from ocopkit.errors import ValidationError
from ocopkit.plugins import hookimpl
from ocopkit.rulesets import (
    Amendment,
    Citation,
    CriterionCase,
    CriterionChange,
    OptionChange,
    Rules,
    check_amendment,
)
from ocopkit.scoring import gap_to_next_star
from ocopkit.testing import profile_answers
from ocopkit.testing.strategies import assessments

R1048 = rulesets.get("vn-qd-1048-2019")

#: The identity of the 1048 rules; change it only together with a CHANGELOG entry that
#: says what changed in the 1048 data.
QD1048_HASH = "sha256:fd88d631321dc817db4201a3afe864ca190943f4a72e17d0fd1c78d713a4c79a"


def best(card: rulesets.Scorecard) -> dict[str, str]:
    return {c.id: max(c.options, key=lambda o: o.points).id for c in card}


def test_content_hash_is_pinned() -> None:
    assert R1048.content_hash == QD1048_HASH


@pytest.mark.parametrize("n", range(1, 27))
def test_every_scorecard_sums_to_35_25_40(n: int) -> None:
    card = R1048.scorecard(n)
    assert {p.id: p.max_points for p in card.parts} == {"A": 35, "B": 25, "C": 40}
    assert card.check(R1048.part_max) == []
    for part in card.parts:
        assert sum(c.max_points for c in part.criteria) == part.attainable_points
        for group in part.groups:
            assert sum(c.max_points for c in group.criteria) == group.max_points
    assert not any(o.min_star for c in card for o in c.options)  # 1048 prints no marks


def test_documented_shortfalls_are_the_only_unreachable_points() -> None:
    short = {(n, p.id): p.shortfall for n, card in R1048.scorecards.items()
             for p in card.parts if p.shortfall}
    assert short == {(19, "C"): 2, (26, "A"): 1}
    ev = evaluate(Assessment.single(26, best(R1048.scorecard(26)),
                                    assessed_on=date(2020, 1, 6)))
    assert (ev.total, ev.stars) == (99, 5)


def test_set_names_are_1048s_own() -> None:
    assert R1048.scorecard(21).name == "Trang thiết bị, dụng cụ y tế"
    assert R1048.scorecard(26).name == "Dịch vụ du lịch - truyền thống - lễ hội"
    assert R1048.scorecard(15).name == "Rượu trắng"  # repaired from the file's "Rýợu"


def test_disqualifiers_of_the_text() -> None:
    card = R1048.scorecard(1)
    assert [d.id for d in card.dossier_disqualifiers] == ["HS"]
    assert card.criterion("1.1").disqualifiers[0].kind.value == "eliminate"
    assert card.criterion("10").disqualifiers[0].kind.value == "stop"
    assert card.criterion("5.2").applies_when.criterion_id == "5.1"  # type: ignore[union-attr]


def test_alternative_cases_of_3_2() -> None:
    for card in R1048.scorecards.values():
        c = card.criterion("3.2")
        assert [k.id for k in c.cases] == ["1", "2"]
        assert {o.case for o in c.options} == {"1", "2"}
        assert (c.case_max("1"), c.case_max("2"), c.max_points) == (2, 1, 2)
        assert c.alternatives(c.options_in_case("2")[0].id) == c.options_in_case("2")
        assert c.alternatives(None) == c.options


def test_a_bad_case_is_a_load_problem() -> None:
    card = R1048.scorecard(1)
    c = card.criterion("3.2")
    broken = attrs.evolve(c, options=tuple(attrs.evolve(o, case="9") for o in c.options))
    bad = attrs.evolve(card, parts=tuple(
        attrs.evolve(p, groups=tuple(
            attrs.evolve(g, criteria=tuple(broken if x.id == "3.2" else x for x in g.criteria))
            for g in p.groups)) for p in card.parts))
    assert {p.code for p in bad.check(R1048.part_max)} == {"bad-case", "empty-case"}
    assert CriterionCase("1", "x") != CriterionCase("2", "x")


@given(assessments(ruleset_id="vn-qd-1048-2019", sheets=1), st.sampled_from(["3.2.c", "3.2.d"]))
def test_the_gap_never_changes_the_case_of_3_2(a: Assessment, household: str) -> None:
    (sheet,) = a.sheets
    answers = {x.criterion_id: x.option_id for x in sheet.answers} | {"3.2": household}
    ev = evaluate(Assessment.single(a.product_set, answers, assessed_on=a.assessed_on))
    for change in gap_to_next_star(ev).changes:
        if change.criterion_id == "3.2":
            assert change.to_option == "3.2.d"


def test_the_gap_stays_within_the_subjects_case() -> None:
    # everything before 3.2 at its best, 3.2 at 0 in case 2 (a household), 89 points: the
    # cheapest +1 is on 3.2, where case 1's 3.2.a (1 point) would come first in order
    card = R1048.scorecard(1)
    answers = best(card) | {"3.2": "3.2.c", "4.1": "4.1.a", "4.2": "4.2.a"}
    ev = evaluate(Assessment.single(1, answers, assessed_on=date(2021, 4, 1)))
    assert (ev.total, ev.band) == (89, 4)
    gap = gap_to_next_star(ev)
    assert [(c.criterion_id, c.to_option) for c in gap.changes] == [("3.2", "3.2.d")]


@pytest.mark.parametrize(("on", "caveats"), [
    (date(2019, 8, 21), []), (date(2020, 6, 7), []),
    (date(2020, 6, 8), ["qd-781-2020-minimums"]), (date(2023, 2, 23), ["qd-781-2020-minimums"]),
])
def test_the_781_caveat_from_2020_06_08(on: date, caveats: list[str]) -> None:
    a = Assessment.single(7, best(R1048.scorecard(7)), assessed_on=on)
    for _ in range(2):  # the general path, then the compiled one
        ev = evaluate(a)
        assert [c.id for c in ev.provenance.caveats] == caveats
    if caveats:
        assert "781/QĐ-TTg" in ev.explain("en") and "781/QĐ-TTg" in ev.explain("vi")


def test_provenance_with_caveats_pickles() -> None:
    ev = evaluate(Assessment.single(7, best(R1048.scorecard(7)), assessed_on=date(2021, 1, 1)))
    assert pickle.loads(pickle.dumps(ev.provenance)) == ev.provenance
    assert hash(ev.provenance.caveats)


def test_a_26_2026_card_cannot_score_a_2020_dossier() -> None:
    a = Assessment.single(7, best(rulesets.get("vn-qd-26-2026").scorecard(7)),
                          assessed_on=date(2020, 9, 1), ruleset_id="vn-qd-26-2026")
    with pytest.raises(ValidationError) as exc:
        evaluate(a)
    assert exc.value.codes == ("ruleset-not-in-force",)


def test_an_answer_from_the_26_2026_card_is_refused_under_1048() -> None:
    card26 = rulesets.get("vn-qd-26-2026").scorecard(7)
    a = Assessment.single(7, best(card26), assessed_on=date(2020, 9, 1))
    with pytest.raises(ValidationError) as exc:
        evaluate(a)
    assert set(exc.value.codes) <= {"unknown-option", "unknown-criterion", "missing-answer"}


def test_authorities_and_referrals_of_phu_luc_ii() -> None:
    assert [R1048.authority_for(k).id for k in (3, 4, 5)] == [
        "province-people-committee", "province-people-committee", "ministry-mard"]
    district, province = R1048.referrals
    assert (district.forwards(49), district.forwards(50)) == (False, True)
    assert (province.forwards(Fraction(179, 2)), province.forwards(90)) == (False, True)


def test_integer_bands_for_fractional_means() -> None:
    assert R1048.bands.band_of(Fraction(179, 2)) == 4  # 89.5: the lower band (floor)


# ---------------------------------------------------------------- amendments


MINIMUM = Amendment(
    id="test-781", ruleset_id="vn-qd-1048-2019", citation=Citation("test fixture"),
    changes=(CriterionChange("1.1", (OptionChange("1.1.c", min_star=4),),
                             product_sets=frozenset({7})),),
    effective_from=date(2020, 6, 8), supplies=frozenset({"qd-781-2020-minimums"}))


class Minimums:
    @staticmethod
    @hookimpl
    def ocopkit_register_rules(register):  # type: ignore[no-untyped-def]
        register(MINIMUM)


def test_an_amendment_supplies_the_caveat_and_its_marks() -> None:
    rules = plugins.load_rules(autoload=False, plugins=[Minimums])
    answers = best(R1048.scorecard(7)) | {"1.1": "1.1.a"}
    ev = evaluate(Assessment.single(7, answers, assessed_on=date(2021, 1, 4)), rules)
    assert (ev.band, ev.stars, ev.provenance.caveats) == (5, 3, ())
    assert ev.line("1.1").decided_by == "Minimums"
    assert "Minimums" in {p.name for p in ev.provenance.plugins}
    before = evaluate(Assessment.single(7, answers, assessed_on=date(2020, 6, 1)), rules)
    assert before.stars == 5  # not yet in force
    other = evaluate(Assessment.single(1, best(R1048.scorecard(1)),
                                       assessed_on=date(2021, 1, 4)), rules)
    assert other.provenance.caveats == ()  # the amendment supplies the caveat for all sets


def test_a_bad_amendment_rejects_the_plugin() -> None:
    bad = attrs.evolve(MINIMUM, changes=(CriterionChange("9.9", ()),),
                       supplies=frozenset({"qd-781"}))

    class Bad:
        @staticmethod
        @hookimpl
        def ocopkit_register_rules(register):  # type: ignore[no-untyped-def]
            register(bad)

    (failure,) = plugins.load(autoload=False, plugins=[Bad]).report.failures
    codes = {p.code for p in failure.problems}
    assert {"unknown-criterion", "unknown-caveat", "no-changes"} <= codes | {"no-changes"}
    assert "unknown-caveat" in codes
    assert check_amendment(rulesets.get("vn-qd-148-2023").scorecards, MINIMUM)[0].code == (
        "no-scorecards")


def test_national_rules_are_unchanged_by_the_amendment_type() -> None:
    assert Rules.national().amendments == ()


# ---------------------------------------------------------------- properties


@given(assessments(ruleset_id="vn-qd-1048-2019"))
def test_total_is_the_sum_of_the_trace_under_1048(a: Assessment) -> None:
    ev = evaluate(a)
    assert ev.total == sum((t.points for t in ev.trace), Fraction(0))
    assert 0 <= ev.total <= 100
    assert ev.stars is None or ev.stars <= ev.band
    assert bool(ev.provenance.caveats) == (a.assessed_on >= date(2020, 6, 8))


# ---------------------------------------------------------------- catalog and crosswalk


def test_1048_catalog() -> None:
    sets = products.product_sets(products.REGIME_1048)
    assert [s.number for s in sets] == list(range(1, 27))
    assert {s.regime for s in sets} == {products.REGIME_1048}
    assert products.product_set("I.3.5", regime=products.REGIME_1048).number == 9
    assert products.product_set("thao duoc khac", regime=products.REGIME_1048).number == 22
    assert [s.name for s in sets] == [R1048.scorecard(n).name for n in range(1, 27)]
    with pytest.raises(ValidationError) as exc:
        products.product_sets("vn-qd-148-2023")
    assert exc.value.codes == ("unknown-regime",)


def test_crosswalk_covers_every_set_consistently() -> None:
    entries = [products.crosswalk(n) for n in range(1, 27)]
    for e in entries:
        for n in e.sets_2026:
            assert e.set_1048 in products.predecessors(n)
        if e.kind == "merged":
            assert len(products.predecessors(e.sets_2026[0])) > 1
        assert (e.kind == "none") == (not e.sets_2026)
        assert (e.kind == "split") == (len(e.sets_2026) > 1)
    covered = {n for e in entries for n in e.sets_2026}
    assert set(range(1, 27)) - covered == {23, 24, 25}  # flowers, ornamental plants, animals
    assert products.crosswalk(21).kind == "none"


@given(st.integers(1, 26))
def test_one_to_one_and_merged_sets_group_with_their_successor(n: int) -> None:
    e = products.crosswalk(n)
    key = products.group_key(products.REGIME_1048, n)
    if e.kind in ("one-to-one", "merged"):
        assert key == products.group_key(products.REGIME_2026, e.sets_2026[0])
    else:
        assert all(key != products.group_key(products.REGIME_2026, m) for m in range(1, 27))


def test_a_portfolio_spanning_both_regimes_groups_by_product_set() -> None:
    held = [(products.REGIME_1048, 8), (products.REGIME_1048, 9), (products.REGIME_2026, 8),
            (products.REGIME_1048, 23), (products.REGIME_2026, 21), (products.REGIME_1048, 4)]
    groups: dict[str, int] = {}
    for regime, n in held:
        key = products.group_key(regime, n)
        groups[key] = groups.get(key, 0) + 1
    assert groups == {"26/2026:8": 3, "26/2026:21": 2, "26/2026:4+8": 1}


def test_the_cli_prints_the_caveat(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from ocopkit.cli import main
    from ocopkit.io import to_json

    a = Assessment.single(12, profile_answers(R1048.scorecard(12), "mid"),
                          assessed_on=date(2021, 10, 4))
    path = tmp_path / "a.json"
    path.write_text(to_json(a), encoding="utf-8")
    assert main(["score", str(path), "--lang", "en", "--no-plugins"]) == 0
    out = capsys.readouterr().out
    assert "60/100" in out and "781/QĐ-TTg" in out


def test_the_781_caveat_follows_the_date_whatever_the_engine_cached() -> None:
    """The scoring contexts are cached per interval between change points: the date the
    781/2020 caveat starts is one of them, so a context cached before 8 June 2020 is
    never reused after it (and back)."""
    card = rulesets.get("vn-qd-1048-2019").scorecard(7)
    best = {c.id: c.options[-1].id for c in card}
    seen = [(d, [c.id for c in evaluate(Assessment.single(7, best, assessed_on=d))
                 .provenance.caveats])
            for d in (date(2020, 1, 5), date(2020, 9, 1), date(2020, 6, 7), date(2020, 6, 8))]
    assert seen == [(date(2020, 1, 5), []), (date(2020, 9, 1), ["qd-781-2020-minimums"]),
                    (date(2020, 6, 7), []), (date(2020, 6, 8), ["qd-781-2020-minimums"])]
