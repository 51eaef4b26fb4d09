"""Rounds (QĐ 26/2026/QĐ-TTg Điều 5), against the cut-offs of the text, and extra rounds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from ocopkit import plugins
from ocopkit.plugins import hookimpl
from ocopkit.procedure import ProcedurePolicy, Round, round_for, statutory_round
from ocopkit.rulesets import Citation
from ocopkit.scoring import Level

P, C = Level.PROVINCE, Level.CENTRAL


@pytest.mark.parametrize(("proposed", "level", "rid", "decide_by"), [
    # "đợt 01 trước ngày 30 tháng 6 … đề nghị trước ngày 30 tháng 4"
    (date(2027, 1, 1), P, "province-2027-1", date(2027, 6, 29)),
    (date(2027, 4, 29), P, "province-2027-1", date(2027, 6, 29)),
    # "đợt 02 trước ngày 30 tháng 12 … đề nghị trước ngày 30 tháng 10"
    (date(2027, 4, 30), P, "province-2027-2", date(2027, 12, 29)),
    (date(2027, 10, 29), P, "province-2027-2", date(2027, 12, 29)),
    # later: the first round of the next year
    (date(2027, 10, 30), P, "province-2028-1", date(2028, 6, 29)),
    (date(2027, 12, 31), P, "province-2028-1", date(2028, 6, 29)),
    # "đợt 01 trước ngày 30 tháng 9 … đề nghị trước ngày 30 tháng 7"
    (date(2027, 1, 30), C, "central-2027-1", date(2027, 9, 29)),
    (date(2027, 7, 29), C, "central-2027-1", date(2027, 9, 29)),
    # "đợt 02 trước ngày 30 tháng 3 … đề nghị trước ngày 30 tháng 01"
    (date(2027, 7, 30), C, "central-2028-2", date(2028, 3, 29)),
    (date(2028, 1, 29), C, "central-2028-2", date(2028, 3, 29)),
    (date(2027, 1, 29), C, "central-2027-2", date(2027, 3, 29)),
])
def test_statutory_rounds(proposed: date, level: Level, rid: str, decide_by: date) -> None:
    r = round_for(proposed, level=level)
    assert (r.id, r.decide_by, r.number is not None, r.note) == (rid, decide_by, True, None)
    assert r.contains(proposed)


def test_cut_offs_read_inclusively() -> None:
    by = ProcedurePolicy(cutoffs_inclusive=True)
    r = round_for(date(2027, 4, 30), policy=by)
    assert (r.id, r.decide_by) == ("province-2027-1", date(2027, 6, 30))
    assert round_for(date(2027, 5, 1), policy=by).id == "province-2027-2"
    assert round_for(date(2027, 1, 30), level=C, policy=by).decide_by == date(2027, 3, 30)


def test_before_the_decision_the_round_says_so() -> None:
    r = round_for(date(2026, 3, 1))
    assert r.note is not None and r.note.code == "before-26-2026"


@pytest.mark.parametrize("inclusive", [False, True])
@pytest.mark.parametrize("level", [P, C])
@given(day=st.dates(date(2026, 1, 1), date(2035, 12, 31)))
def test_rounds_tile_the_calendar(day: date, level: Level, inclusive: bool) -> None:
    policy = ProcedurePolicy(cutoffs_inclusive=inclusive)
    r = statutory_round(day, level, policy=policy)
    assert r.proposals_from <= day <= r.proposals_until < r.decide_by
    # every round of Điều 5 is decided two months after its cut-off (30/4 → 30/6, …)
    assert r.proposals_until + relativedelta(months=2) == r.decide_by
    nxt = statutory_round(r.proposals_until + timedelta(days=1), level, policy=policy)
    assert nxt.proposals_from == r.proposals_until + timedelta(days=1)
    assert nxt.id != r.id and nxt.number in (1, 2) and nxt.number != r.number


EXTRA = Round(id="qn-2027-extra", level=P, province="22@34", proposals_from=date(2027, 1, 1),
              proposals_until=date(2027, 2, 28), decide_by=date(2027, 3, 31),
              citation=Citation("an invented example"))


def test_extra_rounds_compete_by_province_and_date() -> None:
    assert round_for(date(2027, 2, 1), province="22", extra=[EXTRA]).id == "qn-2027-extra"
    assert round_for(date(2027, 2, 1), province="Quảng Ninh", extra=[EXTRA]).id \
        == "qn-2027-extra"
    assert round_for(date(2027, 2, 1), province="01", extra=[EXTRA]).id == "province-2027-1"
    assert round_for(date(2027, 2, 1), extra=[EXTRA]).id == "province-2027-1"
    assert round_for(date(2027, 3, 1), province="22", extra=[EXTRA]).id == "province-2027-1"
    late = Round(id="late", level=P, province="22@34", proposals_from=date(2027, 1, 1),
                 proposals_until=date(2027, 2, 28), decide_by=date(2027, 8, 1),
                 citation=Citation("x"))
    assert round_for(date(2027, 2, 1), province="22", extra=[late]).id == "province-2027-1"


def test_a_round_of_an_old_unit_reaches_its_successor() -> None:
    old = Round(id="bk", level=P, province="06@63", proposals_from=date(2027, 1, 1),
                proposals_until=date(2027, 2, 28), decide_by=date(2027, 3, 31),
                citation=Citation("x"))
    # Bắc Kạn (06@63) merged into Thái Nguyên (19@34): a dossier of the new unit is not
    # within the old one as a whole
    assert round_for(date(2027, 2, 1), province="06@63", extra=[old]).id == "bk"
    assert round_for(date(2027, 2, 1), province="19@34", extra=[old]).id == "province-2027-1"


def test_round_checks() -> None:
    bad = Round(id="", level=P, proposals_from=date(2027, 3, 1),
                proposals_until=date(2027, 2, 1), decide_by=date(2027, 1, 1),
                citation=Citation(""), number=1)
    assert [p.code for p in bad.check()] == [
        "no-id", "no-citation", "not-extra", "invalid-period", "invalid-period", "no-province"]
    central = Round(id="c", level=C, province="22", proposals_from=date(2027, 1, 1),
                    proposals_until=date(2027, 1, 2), decide_by=date(2027, 2, 1),
                    citation=Citation("x"))
    assert [p.code for p in central.check()] == ["province-on-central-round"]
    assert EXTRA.check() == []


def test_the_hook_rejects_a_bad_round_and_keeps_good_ones() -> None:
    class Good:
        @staticmethod
        @hookimpl
        def ocopkit_register_rounds(register):  # type: ignore[no-untyped-def]
            register(EXTRA)

    class Bad:
        @staticmethod
        @hookimpl
        def ocopkit_register_rounds(register):  # type: ignore[no-untyped-def]
            register(Round(id="x", level=P, province="99", proposals_from=date(2027, 1, 1),
                           proposals_until=date(2027, 1, 2), decide_by=date(2027, 2, 1),
                           citation=Citation("x")))
            register(EXTRA)
            register(EXTRA)

    class WrongType:
        @staticmethod
        @hookimpl
        def ocopkit_register_rounds(register):  # type: ignore[no-untyped-def]
            register("round 1")

    loaded = plugins.load(autoload=False, plugins=[Good, Bad, WrongType])
    assert loaded.extra_rounds == (EXTRA,)
    failures = {f.plugin: sorted({p.code for p in f.problems}) for f in loaded.failures}
    assert failures == {"Bad": ["duplicate-id", "unknown-province"],
                        "WrongType": ["wrong-type"]}
    assert plugins.check_plugin(Good) == []
