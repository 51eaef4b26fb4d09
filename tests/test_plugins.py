"""Plug-in loading, containment, precedence and provincial scope.

Entry points are faked through the seam ``OcopkitPluginManager.entry_points``.
The provincial rules below are test fixtures, not real regulations.
"""

from __future__ import annotations

import importlib.metadata
import logging
import os
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pluggy
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ocopkit
from ocopkit import plugins
from ocopkit.errors import ConflictError, PluginError, Problem
from ocopkit.plugins import Indicator, Plan, Target, check_plugin, hookimpl, quoted
from ocopkit.rulesets import (
    NATIONAL,
    BandOrNothing,
    Citation,
    CriterionOverride,
    Gate,
    OptionChange,
    Rules,
)
from ocopkit.scoring import Assessment, evaluate
from ocopkit.targets import IndicatorValue
from ocopkit.testing import golden_cases, sample_assessments, without_hooks
from ocopkit.testing.strategies import assessments, dates, product_sets, totals

pytest_plugins = ["pytester"]

#: Where ``ocopkit`` is imported from (for subprocesses).
SRC = str(Path(ocopkit.__file__).resolve().parents[1])
CITE = Citation("test fixture (not a regulation)", None, "“quoted sentence”")
#: An assessment date under 26/2026 (the regime with scorecards); Đà Nẵng 48@34 has
#: absorbed the old Quảng Nam 49@63 since 2025-07-01.
DN_2026 = date(2026, 9, 1)
#: The window of the test rules.
RULE_FROM, RULE_UNTIL = date(2026, 6, 1), date(2027, 6, 30)


# ---------------------------------------------------------------- helpers


@attrs.define
class FakeDist:
    name: str
    version: str


@attrs.define
class FakeEntryPoint:
    """Quacks like importlib.metadata.EntryPoint."""

    name: str
    target: object
    dist: FakeDist | None = attrs.field(factory=lambda: FakeDist("ocopkit-fake", "1.2.3"))
    group: str = "ocopkit"
    module: str | None = None
    loads: int = 0

    @property
    def value(self) -> str:
        return self.module or f"fake_{self.name}"

    def load(self) -> object:
        self.loads += 1
        if isinstance(self.target, BaseException):
            raise self.target
        return self.target


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(plugins.ENV_BLOCK, raising=False)
    monkeypatch.delenv(plugins.ENV_DISABLE_AUTOLOAD, raising=False)
    monkeypatch.setattr(plugins.OcopkitPluginManager, "entry_points",
                        staticmethod(lambda group: []))


@pytest.fixture
def fake_eps(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    def install(*eps: FakeEntryPoint) -> None:
        monkeypatch.setattr(plugins.OcopkitPluginManager, "entry_points",
                            staticmethod(lambda group: [e for e in eps if e.group == group]))
    return install


def make(name: str, version: str = "1.0", **impls: Callable[..., None]) -> Any:
    """A plug-in object with the given hook implementations."""
    return types.SimpleNamespace(__name__=name, __version__=version,
                                 **{k: hookimpl(v) for k, v in impls.items()})


def rules_plugin(name: str, *items: object, version: str = "1.0") -> Any:
    def ocopkit_register_rules(register: Callable[[object], None]) -> None:
        for item in items:
            register(item)
    return make(name, version, ocopkit_register_rules=ocopkit_register_rules)


def override(oid: str, points: int = 2, priority: int = 0, province: str = "48@34",
             **kw: Any) -> CriterionOverride:
    defaults: dict[str, Any] = {
        "product_sets": frozenset({7}), "effective_until": RULE_UNTIL}
    return CriterionOverride(
        id=oid, province=province, criterion_id="1.5",
        changes=(OptionChange("1.5.b", points=points),), citation=CITE,
        priority=priority, **{**defaults, **kw})


def gate(gid: str = "qnam-gate", province: str = "48@34", **kw: Any) -> Gate:
    defaults: dict[str, Any] = {"effective_from": RULE_FROM, "effective_until": RULE_UNTIL}
    return Gate(id=gid, province=province, requires=frozenset({"lab-test"}), citation=CITE,
                name_vi="kiểm nghiệm", name_en="lab test", **{**defaults, **kw})


def product(on: date = DN_2026, province: str | None = "48", profile: str = "high",
            changes: dict[str, str] | None = None) -> Assessment:
    """Set 7, one profile, 1.5 answered '1.5.b' (1 point; the override target)."""
    (a,) = sample_assessments(product_sets=[7], profiles=[profile],  # type: ignore[list-item]
                              assessed_on=on, province=province)
    answers = {ans.criterion_id: str(ans.option_id) for ans in a.sheets[0].answers}
    answers.update({"1.5": "1.5.b", **(changes or {})})
    return Assessment.single(7, answers, assessed_on=on, ruleset_id="vn-qd-26-2026",
                             province=province)


GOOD = rules_plugin("good", gate())


# ---------------------------------------------------------------- the manager


def test_no_manager_exists_at_import() -> None:
    assert not any(isinstance(v, pluggy.PluginManager) for v in vars(plugins).values())


def test_national_plugin_registers_first_and_alone() -> None:
    pm = plugins.manager(autoload=False)
    assert [n for n, _ in pm.list_name_plugin()] == [NATIONAL]
    loaded = plugins.load(pm=pm)
    assert loaded.rules == Rules.national()
    assert loaded.report.ok


def test_entry_point_plugin_gets_its_distribution_version(fake_eps: Callable[..., None]) -> None:
    fake_eps(FakeEntryPoint("qnam", GOOD, FakeDist("ocopkit-qnam", "2.0.1")))
    pm = plugins.manager()
    assert pm.plugin_info("qnam").version == "2.0.1"
    assert pm.distribution_of("qnam") == "ocopkit-qnam 2.0.1"
    ev = evaluate(product(), plugins.load(pm=pm).rules)
    assert [str(p) for p in ev.provenance.plugins] == [
        f"ocopkit.national {ocopkit.__version__}", "qnam 2.0.1"]


def test_direct_plugin_version_defaults_to_zero() -> None:
    bare = types.SimpleNamespace(__name__="bare")
    pm = plugins.manager(autoload=False, plugins=[bare])
    assert pm.plugin_info("bare").version == "0"


# ---------------------------------------------------------------- broken plug-ins


def broken_plugins() -> dict[str, object]:
    def raising(register: Callable[[object], None]) -> None:
        register(gate("kept-nowhere"))
        raise ValueError("boom")

    def tiers_raise(register: Callable[[str, object], None]) -> None:
        raise RuntimeError("tier policy exploded")

    def misspelled(register: Callable[[object], None]) -> None:
        register(gate())

    return {
        "raises": make("raises", ocopkit_register_rules=raising),
        "raises-later": make("raises-later",
                             ocopkit_register_rules=lambda register: register(gate("lost")),
                             ocopkit_register_tier_policies=tiers_raise),
        "too-many-points": rules_plugin("too-many-points", gate("lost-too"),
                                        override("o-9", points=9)),
        "misspelled": make("misspelled", ocopkit_register_rule=misspelled),
        "wrong-type": rules_plugin("wrong-type", "a gate, honestly"),
        "unknown-criterion": rules_plugin(
            "unknown-criterion", attrs.evolve(override("o-x"), criterion_id="99.9")),
        "no-citation": rules_plugin("no-citation", attrs.evolve(gate(), citation=Citation(" "))),
        "unknown-province": rules_plugin("unknown-province", gate(province="Atlantis")),
    }


def test_import_error_is_contained_and_named(fake_eps: Callable[..., None],
                                             caplog: pytest.LogCaptureFixture) -> None:
    fake_eps(FakeEntryPoint("broken", ImportError("No module named 'ocopkit_broken'"),
                            FakeDist("ocopkit-broken", "0.3")),
             FakeEntryPoint("good", GOOD))
    with caplog.at_level(logging.WARNING, logger="ocopkit.plugins"):
        loaded = plugins.load()
    (failure,) = loaded.report.failures
    assert (failure.plugin, failure.distribution, failure.stage) == (
        "broken", "ocopkit-broken 0.3", "load")
    assert "No module named 'ocopkit_broken'" in str(failure)
    assert "broken" in caplog.text
    assert [g.plugin for g in loaded.rules.gates] == ["good"]


def test_import_error_strict_raises(fake_eps: Callable[..., None]) -> None:
    fake_eps(FakeEntryPoint("broken", ImportError("nope"), FakeDist("ocopkit-broken", "0.3")),
             FakeEntryPoint("good", GOOD))
    with pytest.raises(PluginError, match=r"plug-in 'broken' \(from ocopkit-broken 0.3\)") as e:
        plugins.manager(strict=True)
    assert isinstance(e.value.__cause__, ImportError)


@pytest.mark.parametrize(("name", "hook", "stage", "text"), [
    ("raises", "ocopkit_register_rules", "call", "ValueError: boom"),
    ("raises-later", "ocopkit_register_tier_policies", "call", "tier policy exploded"),
    ("too-many-points", "ocopkit_register_rules", "contributions", "points 9 outside [0, 3]"),
    ("misspelled", "ocopkit_register_rule", "hooks", "did you mean 'ocopkit_register_rules'"),
    ("wrong-type", "ocopkit_register_rules", "contributions", "expected CriterionOverride | Gate"),
    ("unknown-criterion", "ocopkit_register_rules", "contributions", "does not exist in set 7"),
    ("no-citation", "ocopkit_register_rules", "contributions", "missing citation"),
    ("unknown-province", "ocopkit_register_rules", "contributions", "unknown province"),
])
def test_misbehaving_plugin_is_rejected_whole_and_named(
    name: str, hook: str, stage: str, text: str
) -> None:
    bad = broken_plugins()[name]
    loaded = plugins.load(autoload=False, plugins=[bad, GOOD])
    (failure,) = loaded.report.failures
    assert (failure.plugin, failure.hook, failure.stage) == (name, hook, stage)
    assert text in str(failure) + " ".join(map(str, failure.problems))
    # nothing of the bad plug-in is kept; the good one is
    assert {a.plugin for a in (*loaded.rules.gates, *loaded.rules.overrides)} == {"good"}
    assert name not in {p.name for p in loaded.rules.plugins}
    assert name not in {p.name for p in loaded.report.plugins}
    with pytest.raises(PluginError, match=rf"plug-in '{name}'") as err:
        plugins.load(autoload=False, strict=True, plugins=[bad, GOOD])
    assert err.value.plugin == name
    assert err.value.hook == hook


def test_wrapper_on_a_register_hook_is_refused() -> None:
    def ocopkit_register_rules(register: Callable[[object], None]) -> Iterator[None]:
        yield

    wrapped = types.SimpleNamespace(__name__="wrapper", ocopkit_register_rules=hookimpl(
        wrapper=True)(ocopkit_register_rules))
    pm = plugins.manager(autoload=False, plugins=[wrapped])
    assert "declares a wrapper" in str(pm.report.failures[0])
    assert not pm.has_plugin("wrapper")


def test_unknown_hook_registered_behind_the_managers_back_fails_check_pending() -> None:
    pm = plugins.manager(autoload=False)
    sneaky = make("sneaky", ocopkit_register_rulez=lambda register: None)
    pm.register(sneaky, name="sneaky")
    pm.verify()
    assert pm.report.failures[0].plugin == "sneaky"
    assert not pm.has_plugin("sneaky")
    pm.check_pending()


def test_register_after_return_is_an_error() -> None:
    kept: list[Callable[[object], None]] = []
    late = make("late", ocopkit_register_rules=lambda register: kept.append(register))
    plugins.load(autoload=False, plugins=[late])
    with pytest.raises(RuntimeError, match="after the hook returned"):
        kept[0](gate())


def test_duplicate_entry_point_names(fake_eps: Callable[..., None]) -> None:
    same = [FakeEntryPoint("qnam", GOOD), FakeEntryPoint("qnam", GOOD)]  # installed twice
    other = FakeEntryPoint("qnam", rules_plugin("other"), module="zz_other")
    fake_eps(*same, other)
    pm = plugins.manager()
    assert pm.get_plugin("qnam") is GOOD
    assert (same[0].loads + same[1].loads, other.loads) == (1, 0)
    (failure,) = pm.report.failures
    assert "entry point name already used by 'fake_qnam'" in str(failure)


# ---------------------------------------------------------------- blocking, autoload


@pytest.mark.parametrize("block", ["qnam", "ocopkit-qnam", "OCOPKIT_QNAM"])
def test_blocked_plugins_are_not_even_imported(fake_eps: Callable[..., None], block: str) -> None:
    ep = FakeEntryPoint("qnam", GOOD, FakeDist("ocopkit-qnam", "1"))
    fake_eps(ep)
    loaded = plugins.load(blocked=[block])
    assert ep.loads == 0
    assert loaded.report.blocked == ("qnam",)
    assert loaded.rules.gates == ()


def test_env_var_blocks(fake_eps: Callable[..., None], monkeypatch: pytest.MonkeyPatch) -> None:
    ep, other = FakeEntryPoint("qnam", GOOD), FakeEntryPoint("qninh", rules_plugin("x"))
    fake_eps(ep, other)
    monkeypatch.setenv(plugins.ENV_BLOCK, " qnam , ,other")
    pm = plugins.manager()
    assert (ep.loads, other.loads) == (0, 1)
    assert pm.report.blocked == ("qnam",)


def test_national_cannot_be_blocked() -> None:
    assert plugins.manager(autoload=False, blocked=[NATIONAL]).has_plugin(NATIONAL)


def test_directly_passed_plugins_can_be_blocked() -> None:
    loaded = plugins.load(autoload=False, plugins=[GOOD], blocked=["good"])
    assert loaded.rules.gates == ()


@pytest.mark.parametrize(("value", "loads"), [
    ("1", 0), ("true", 0), ("YES", 0), ("on", 0), ("0", 1), ("", 1), ("false", 1)])
def test_env_var_disables_autoload(fake_eps: Callable[..., None],
                                   monkeypatch: pytest.MonkeyPatch, value: str,
                                   loads: int) -> None:
    ep = FakeEntryPoint("qnam", GOOD)
    fake_eps(ep)
    monkeypatch.setenv(plugins.ENV_DISABLE_AUTOLOAD, value)
    plugins.manager()
    assert ep.loads == loads


def test_autoload_argument(fake_eps: Callable[..., None],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    ep = FakeEntryPoint("qnam", GOOD)
    fake_eps(ep)
    plugins.manager(autoload=False)
    assert ep.loads == 0
    monkeypatch.setenv(plugins.ENV_DISABLE_AUTOLOAD, "1")
    plugins.manager(autoload=True)  # an explicit request wins over the env var
    assert ep.loads == 1


def test_only_loads_the_named_entry_points(fake_eps: Callable[..., None]) -> None:
    a, b = FakeEntryPoint("qnam", GOOD), FakeEntryPoint("qninh", rules_plugin("x"))
    fake_eps(a, b)
    plugins.manager(only=["qninh"])
    assert (a.loads, b.loads) == (0, 1)


# ---------------------------------------------------------------- precedence


def test_same_criterion_same_priority_is_a_conflict() -> None:
    rules = plugins.load_rules(autoload=False, plugins=[
        rules_plugin("alpha", override("a")), rules_plugin("beta", override("b", points=3))])
    with pytest.raises(ConflictError, match=r"'alpha'.*'beta'"):
        evaluate(product(), rules)
    # an assessment the overrides do not reach is unaffected
    assert evaluate(product(province="01"), rules).total == 98


def test_higher_priority_wins_and_is_named_in_the_trace() -> None:
    low = rules_plugin("alpha", override("a", points=0, priority=1), version="3.1")
    high = rules_plugin("beta", override("b", points=3, priority=2), version="0.9")
    for order in ([low, high], [high, low]):
        ev = evaluate(product(), plugins.load_rules(autoload=False, plugins=order))
        assert ev.total == 100  # 1.5.b now worth 3
        assert ev.line("1.5").decided_by == "beta"
        assert ev.line("1.4").decided_by == NATIONAL
        assert "beta 0.9" in map(str, ev.provenance.plugins)
        assert "alpha" not in {p.name for p in ev.provenance.plugins}


PERMUTED = [
    rules_plugin("p1", override("a", points=0, priority=1)),
    rules_plugin("p2", override("b", points=3, priority=5)),
    rules_plugin("p3", gate("g3")),
    rules_plugin("p4", attrs.evolve(override("c", points=1), criterion_id="1.4",
                                    changes=(OptionChange("1.4.a", points=1),))),
    make("p5", ocopkit_register_tier_policies=lambda register: register(
        "vn-qd-26-2026", BandOrNothing())),
]


@pytest.mark.property
@given(order=st.permutations(PERMUTED), profile=st.sampled_from(["low", "mid", "high"]))
def test_results_do_not_depend_on_registration_order(order: list[object], profile: str) -> None:
    baseline = plugins.load_rules(autoload=False, plugins=PERMUTED)
    rules = plugins.load_rules(autoload=False, plugins=order)
    assert rules == baseline
    a = product(profile=profile, changes={"1.4": "1.4.a"})
    assert evaluate(a, rules) == evaluate(a, baseline)


def test_tier_policy_plugin_replaces_the_national_default() -> None:
    strict = make("strict", version="1",
                  ocopkit_register_tier_policies=lambda register: register(
                      "vn-qd-26-2026", BandOrNothing()))
    rules = plugins.load_rules(autoload=False, plugins=[strict])
    assert rules.tier_policies["vn-qd-26-2026"][0] == "strict"
    case = next(c for c in golden_cases() if "1.5=1.5.b" in c.name)
    assert case.holds()
    assert not case.holds(rules)  # band 5★ missing its own minimum: not certifiable
    ev = evaluate(case.assessment, rules)
    assert (ev.stars, ev.certifiable, ev.provenance.tier_policy) == (2, False, "band-or-nothing")


def test_two_tier_policies_for_one_rule_set_conflict() -> None:
    def policy(name: str) -> object:
        return make(name, ocopkit_register_tier_policies=lambda register: register(
            "vn-qd-26-2026", BandOrNothing(id=f"{name}-policy")))
    with pytest.raises(ConflictError, match="tier policy"):
        plugins.load(autoload=False, plugins=[policy("a"), policy("b")])


def test_tier_policy_for_unknown_ruleset_rejects_the_plugin() -> None:
    bad = make("bad", ocopkit_register_tier_policies=lambda register: register(
        "vn-qd-26-2062", BandOrNothing()))
    (failure,) = plugins.load(autoload=False, plugins=[bad]).report.failures
    assert failure.problems[0].code == "unknown-ruleset"
    assert failure.problems[0].suggestion == "vn-qd-26-2026"


# ---------------------------------------------------------------- provincial scope


@pytest.mark.parametrize(("assessment", "applies"), [
    (product(), True),  # Đà Nẵng 48@34 in 2026
    (product(province=None), False),  # no province
    (attrs.evolve(product(province=None), product_code="48-20194-17-2026"), True),  # code 48-…
    (product(province="Đà Nẵng"), True),
    (product(province="01"), False),  # Hà Nội
    (product(on=RULE_UNTIL), True),  # the last day of the rules
    (product(on=RULE_UNTIL + timedelta(days=1)), False),  # the rules have ended
    (product(on=RULE_FROM - timedelta(days=1)), False),  # before the rules' window
])
def test_provincial_rules_follow_province_lineage_and_dates(
    assessment: Assessment, applies: bool
) -> None:
    rules = plugins.load_rules(autoload=False, plugins=[
        rules_plugin("qnam", gate(), override("qnam-1.5", points=3, effective_from=RULE_FROM))])
    ev = evaluate(assessment, rules)
    national = evaluate(assessment)
    if applies:
        assert ev.total == national.total + 2
        assert ev.line("1.5").decided_by == "qnam"
        assert ev.gate_failures[0].plugin == "qnam"
        assert not ev.certifiable
    else:
        assert ev == national


#: A 2021 assessment under 1048 (scored by criteria), when Quảng Nam 49@63 still existed.
QN_2021 = date(2021, 5, 3)


def product_1048(on: date = QN_2021, province: str | None = "49") -> Assessment:
    """1048 set 7, best options, 1.5 answered '1.5.b' (2 points; the override target)."""
    (a,) = sample_assessments(product_sets=[7], profiles=["high"], assessed_on=on,
                              province=province)
    answers = {ans.criterion_id: str(ans.option_id) for ans in a.sheets[0].answers}
    answers["1.5"] = "1.5.b"
    return Assessment.single(7, answers, assessed_on=on, ruleset_id="vn-qd-1048-2019",
                             province=province)


OLD_QUANG_NAM = (
    gate(province="49@63", effective_from=date(2020, 1, 1), effective_until=date(2025, 6, 30)),
    override("qnam-1048-1.5", points=4, province="49@63", ruleset_id="vn-qd-1048-2019",
             effective_from=date(2020, 1, 1), effective_until=date(2025, 6, 30)),
)


@pytest.mark.parametrize(("assessment", "applies"), [
    (product_1048(), True),  # Quảng Nam 49@63 in 2021, a 1048 card
    (product_1048(province=None), False),  # no province
    (attrs.evolve(product_1048(province=None), product_code="49-017-20306-1-2021"), True),  # code 49-…
    (product_1048(province="Quảng Nam"), True),
    (product_1048(province="01"), False),  # Hà Nội
    (product_1048(province="48"), False),  # the old Đà Nẵng 48@63, before the merger
    (product_1048(on=date(2023, 2, 23)), True),  # the last day of 1048
    (product_1048(on=date(2019, 12, 31)), False),  # before the rules' window
])
def test_pre_merger_rules_follow_province_lineage_on_1048_cards(
    assessment: Assessment, applies: bool
) -> None:
    rules = plugins.load_rules(autoload=False, plugins=[rules_plugin("qnam", *OLD_QUANG_NAM)])
    ev = evaluate(assessment, rules)
    national = evaluate(assessment)
    assert national.provenance.ruleset_id == "vn-qd-1048-2019"
    if applies:
        assert ev.total == national.total + 2
        assert ev.line("1.5").decided_by == "qnam"
        assert ev.gate_failures[0].plugin == "qnam"
        assert (national.certifiable, ev.certifiable) == (True, False)
    else:
        assert ev == national


def test_open_ended_rule_of_a_merged_province_reaches_its_successor() -> None:
    # Why merged provinces' rules end on 2025-06-30: the matcher follows lineage.
    old_quang_nam = gate(province="49@63", effective_from=date(2020, 1, 1),
                         effective_until=None)
    rules = plugins.load_rules(autoload=False, plugins=[rules_plugin("qnam", old_quang_nam)])
    assert evaluate(product(), rules).gate_failures
    ended = gate(province="49@63", effective_from=date(2020, 1, 1),
                 effective_until=date(2025, 6, 30))
    rules = plugins.load_rules(autoload=False, plugins=[rules_plugin("qnam", ended)])
    assert not evaluate(product(), rules).gate_failures


# ---------------------------------------------------------------- other contributions


def cert_plugin(name: str, province: str, months: int) -> object:
    from ocopkit.certification import CertificatePolicy

    return make(name, ocopkit_register_certificate_policies=lambda register: register(
        province, CertificatePolicy(id=f"{name}-{months}", validity_months=months)))


def test_certificate_policy_for_a_province() -> None:
    from ocopkit.certification import DEFAULT_POLICY

    loaded = plugins.load(autoload=False, plugins=[cert_plugin("bthuan", "60@63", 24)])
    assert loaded.certificate_policy_for("60", date(2024, 1, 1)).validity_months == 24
    assert loaded.certificate_policy_for("Bình Thuận", date(2024, 1, 1)).validity_months == 24
    assert loaded.certificate_policy_for("68", date(2024, 1, 1)) is DEFAULT_POLICY
    assert loaded.certificate_policy_for("68", date(2026, 1, 1)) is DEFAULT_POLICY
    assert plugins.certificate_policy_for(
        "01", date(2024, 1, 1), autoload=False) is DEFAULT_POLICY


def test_two_certificate_policies_for_one_province_conflict() -> None:
    loaded = plugins.load(autoload=False, plugins=[
        cert_plugin("a", "60@63", 24), cert_plugin("b", "Bình Thuận", 30)])
    with pytest.raises(ConflictError, match="a \\(60@63\\), b \\(Bình Thuận\\)"):
        loaded.certificate_policy_for("60", date(2024, 1, 1))


def a_plan(plan_id: str, *, ok: bool = True) -> Plan:
    """A real plan with one target; ``ok=False`` ends it before it starts."""
    start, end = date(2026, 1, 1), date(2030, 12, 31)
    return Plan(
        id=plan_id, province="48@34", name_vi="Kế hoạch thử", name_en="Test plan",
        period_start=start if ok else end, period_end=end if ok else start,
        targets=(Target.minimum("t", 10, unit="products", label_vi="Sản phẩm",
                                label_en="Products", indicator="products-in-force",
                                citation=quoted("test fixture", "ít nhất 10 sản phẩm")),),
        source=CITE)


def an_indicator(indicator_id: str) -> Indicator:
    return Indicator(id=indicator_id, name_vi="Chỉ số thử", name_en="Test indicator",
                     unit="products", compute=lambda pf, scope: IndicatorValue(0))


def plans_plugin(name: str, *plans_: Plan) -> object:
    def ocopkit_register_plans(register: Callable[[object], None]) -> None:
        for p in plans_:
            register(p)
    return make(name, ocopkit_register_plans=ocopkit_register_plans,
                ocopkit_register_indicators=lambda register: register(an_indicator(
                    f"{name}-ind")))


def test_plans_and_indicators_are_attributed_and_sorted() -> None:
    loaded = plugins.load(autoload=False, plugins=[
        plans_plugin("zeta", a_plan("z1")), plans_plugin("alpha", a_plan("a2"), a_plan("a1"))])
    assert [(p.plugin, p.item.id) for p in loaded.plans] == [
        ("alpha", "a2"), ("alpha", "a1"), ("zeta", "z1")]
    assert [i.item.id for i in loaded.indicators] == ["alpha-ind", "zeta-ind"]
    found = plugins.load_plans(autoload=False, plugins=[plans_plugin("z", a_plan("z"))])
    assert [p.id for p in found] == ["z"]
    assert len(plugins.load_indicators(autoload=False,
                                       plugins=[plans_plugin("z", a_plan("z"))])) == 1


def test_plan_that_fails_its_check_rejects_the_plugin() -> None:
    loaded = plugins.load(autoload=False, plugins=[plans_plugin("bad", a_plan("p", ok=False))])
    (failure,) = loaded.report.failures
    assert failure.hook == "ocopkit_register_plans"
    assert "invalid-period" in [p.code for p in failure.problems]
    assert loaded.plans == ()


PRODUCT: Any = "P-1"  # any object: the hooks below only format it


def test_validate_product_calls_each_plugin_on_its_own() -> None:
    def finds(product: object, report: Callable[[Problem], None]) -> None:
        report(Problem("$.dossier", "missing-lab-test", "thiếu", f"no lab test for {product}"))

    def crashes(product: object) -> None:
        raise KeyError("evidence")

    loaded = plugins.load(autoload=False, plugins=[
        make("finds", ocopkit_validate_product=finds),
        make("crashes", ocopkit_validate_product=crashes)])
    problems = loaded.validate_product(PRODUCT)
    assert [(p.path, p.code) for p in problems] == [
        ("$.dossier", "missing-lab-test"), ("plugin crashes", "plugin-failed")]
    strict = plugins.load(autoload=False, strict=True, plugins=[
        make("crashes", ocopkit_validate_product=crashes)])
    with pytest.raises(PluginError, match=r"'crashes'.*ocopkit_validate_product"):
        strict.validate_product(PRODUCT)


# ---------------------------------------------------------------- check_plugin


def test_check_plugin_reports_every_problem() -> None:
    messy = rules_plugin(
        "messy",
        override("o-9", points=9, effective_until=date(2012, 1, 1)),
        override("o-a", effective_from=date(2021, 1, 1)),
        override("o-b", effective_from=date(2024, 1, 1)),  # overlaps o-a
        override("o-c", effective_from=date(2024, 1, 1), product_sets=frozenset({8})),
        gate("g-1"), gate("g-2", effective_from=date(2025, 1, 1)),  # overlaps g-1
        gate("g-3", province="01@63", effective_from=date(2025, 1, 1),
             effective_until=date(2024, 1, 1)),
    )
    problems = check_plugin(messy)
    assert sorted(p.code for p in problems) == [
        "invalid-period", "overlapping-window", "overlapping-window", "points-range"]
    assert all(p.path.startswith("plugin messy › ") for p in problems)


def test_check_plugin_good_and_by_name(fake_eps: Callable[..., None],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert check_plugin(GOOD) == []
    fake_eps(FakeEntryPoint("qnam", GOOD, FakeDist("ocopkit-qnam", "1")),
             FakeEntryPoint("broken", ImportError("x")))
    monkeypatch.setenv(plugins.ENV_DISABLE_AUTOLOAD, "1")
    assert check_plugin("qnam") == []
    assert check_plugin("ocopkit-qnam") == []
    assert [p.code for p in check_plugin("broken")] == ["load-failed"]
    (unknown,) = check_plugin("qnan")
    assert (unknown.code, unknown.suggestion) == ("unknown-plugin", "qnam")
    monkeypatch.setenv(plugins.ENV_BLOCK, "qnam")
    assert [p.code for p in check_plugin("qnam")] == ["blocked"]


def test_check_plugin_misspelled_hook() -> None:
    (problem,) = check_plugin(broken_plugins()["misspelled"])
    assert problem.code == "unknown-hook"


# ---------------------------------------------------------------- the conformance kit


def test_sample_assessments_cover_every_set_and_are_valid() -> None:
    samples = sample_assessments()
    assert len(samples) == 26 * 3
    assert {a.product_set for a in samples} == set(range(1, 27))
    for a in samples[::7]:
        evaluate(a)


def test_golden_cases_hold_nationally() -> None:
    assert all(c.holds() for c in golden_cases())
    assert all(c.holds(plugins.load_rules(autoload=False, plugins=[GOOD]))
               for c in golden_cases())


def test_without_hooks_drops_only_the_named_hooks() -> None:
    both = make("both", version="7", ocopkit_register_rules=lambda register: register(gate()),
                ocopkit_register_plans=lambda register: None)
    bare = without_hooks(both, "ocopkit_register_plans")
    assert not hasattr(bare, "ocopkit_register_plans")
    loaded = plugins.load(autoload=False, plugins=[bare])
    assert "both 7" in [str(p) for p in loaded.report.plugins]
    assert len(loaded.rules.gates) == 1


@pytest.mark.property
@given(a=assessments(sheets=(1, 3)))
def test_random_assessments_without_province_are_untouched_by_provincial_plugins(
    a: Assessment,
) -> None:
    rules = plugins.load_rules(autoload=False, plugins=[
        rules_plugin("qnam", gate(), override("o", effective_until=None))])
    assert evaluate(a, rules) == evaluate(a)
    assert 1 <= len(a.sheets) <= 3


@pytest.mark.property
@given(t=totals(), d=dates(), n=product_sets())
def test_strategies_stay_in_range(t: object, d: date, n: int) -> None:
    from fractions import Fraction

    assert isinstance(t, Fraction)
    assert 0 <= t <= 100
    assert date(2019, 8, 21) <= d <= date(2030, 12, 31)
    assert 1 <= n <= 26


def test_hypothesis_is_optional_for_ocopkit() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import ocopkit, ocopkit.plugins, ocopkit.testing\n"
        "import ocopkit.testing.pytest_plugin\n"
        "ocopkit.plugins.load(autoload=False)\n"
        "try:\n    import ocopkit.testing.strategies\nexcept ImportError:\n    print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": SRC})
    assert out.stdout.strip() == "ok"


#: ``-p`` the kit unless its pytest11 entry point is installed (loading it twice fails).
KIT = () if any(ep.name == "ocopkit" for ep in importlib.metadata.entry_points(
    group="pytest11")) else ("-p", "ocopkit.testing.pytest_plugin")


@pytest.fixture
def kit_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))


@pytest.mark.usefixtures("kit_env")
def test_pytest_plugin_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makeconftest("""
        import pytest, types
        from ocopkit.plugins import hookimpl
        from ocopkit.rulesets import Gate
        from ocopkit.rulesets import Citation

        @hookimpl
        def ocopkit_register_rules(register):
            register(Gate("g", "22@63", frozenset({"x"}), Citation("test"), "g", "g"))

        @pytest.fixture
        def ocopkit_plugin():
            return types.SimpleNamespace(__name__="demo", __version__="5",
                                         ocopkit_register_rules=ocopkit_register_rules)
    """)
    pytester.makepyfile("""
        def test_kit(ocopkit_manager, ocopkit_loaded, ocopkit_rules, sample_assessments,
                     golden_cases):
            assert ocopkit_manager.has_plugin("demo")
            assert [g.plugin for g in ocopkit_rules.gates] == ["demo"]
            assert len(sample_assessments) == 78
            assert all(c.holds(ocopkit_rules) for c in golden_cases)
    """)
    result = pytester.runpytest_subprocess(*KIT, "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


@pytest.mark.usefixtures("kit_env")
def test_pytest_plugin_unknown_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_kit(ocopkit_manager):\n    pass\n")
    result = pytester.runpytest_subprocess(*KIT, "-p", "no:cacheprovider",
                                           "--ocopkit-plugin", "no-such-plugin")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no installed ocopkit plug-in named 'no-such-plugin'*"])
