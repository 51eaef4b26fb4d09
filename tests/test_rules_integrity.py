"""Plug-ins cannot fool the host: the national data cannot be changed by ordinary code,
what results are computed from is verified against the published content hashes, and
contributions are taken by value — never trusting a subclass (issue 18).
"""

from __future__ import annotations

import copy
import enum
import pickle
import types
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ocopkit import plugins, rulesets
from ocopkit.errors import DataError
from ocopkit.frozen import FrozenMap
from ocopkit.plugins import Citation, CriterionOverride, Gate, OptionChange, Plan, hookimpl
from ocopkit.rulesets import (
    MINISTRY_MAE,
    PROVINCE,
    HighestTierMet,
    Rules,
    TierDecision,
)
from ocopkit.rulesets._pins import PINNED_HASHES
from ocopkit.rulesets._shipped import ShippedScorecards
from ocopkit.scoring import evaluate
from ocopkit.testing import golden_cases, sample_assessments

CITE = Citation("test fixture (not a regulation)")
R26 = "vn-qd-26-2026"


def make(name: str, **impls: Callable[..., Any]) -> Any:
    return types.SimpleNamespace(__name__=name, __version__="1.0",
                                 **{k: hookimpl(v) for k, v in impls.items()})


def rules_plugin(name: str, *items: object) -> Any:
    def impl(register: Callable[[object], None]) -> None:
        for item in items:
            register(item)
    return make(name, ocopkit_register_rules=impl)


def gate(**kw: Any) -> Gate:
    fields: dict[str, Any] = {"id": "qn-2018", "province": "22@63",
                              "requires": frozenset({"lab-test"}), "citation": CITE,
                              "name_vi": "kiểm nghiệm", "name_en": "lab test",
                              "effective_from": date(2018, 1, 1),
                              "effective_until": date(2018, 12, 31)}
    fields.update(kw)
    return Gate(**fields)


def quang_ninh_2026() -> Any:
    (a,) = sample_assessments(product_sets=[7], profiles=["high"], province="22",
                              assessed_on=date(2026, 9, 1))
    return a


# ---------------------------------------------------------------- FrozenMap


maps = st.dictionaries(st.text(max_size=3), st.integers(), max_size=5)


@pytest.mark.property
@given(maps)
def test_no_ordinary_code_changes_a_frozen_map(data: dict[str, int]) -> None:
    m = FrozenMap(data)
    attempts: list[Callable[[], object]] = [
        lambda: m.__setitem__("k", 1),  # type: ignore[attr-defined]
        lambda: m.__delitem__("k"),  # type: ignore[attr-defined]
        lambda: m._data.__setitem__("k", 1),  # type: ignore[index]
        lambda: m._data.clear(),  # type: ignore[attr-defined]
        lambda: setattr(m, "_data", {"k": 1}),
        lambda: delattr(m, "_data"),
        lambda: m.update({"k": 1}),  # type: ignore[attr-defined]
        lambda: vars(m),
    ]
    for attempt in attempts:
        with pytest.raises((TypeError, AttributeError)):
            attempt()
    m.__init__({"k": 1})  # a second __init__ does nothing
    assert m == data and dict(m) == data
    assert pickle.loads(pickle.dumps(m)) == m
    assert copy.deepcopy(m) == m and copy.copy(m) is m


# ---------------------------------------------------------------- the audit


def _immutable_graph(root: object) -> Iterator[tuple[str, object]]:
    """Every object reachable from ``root`` that ordinary code could change."""
    seen: set[int] = set()
    stack: list[tuple[object, str]] = [(root, "rules")]
    while stack:
        obj, path = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        cls = type(obj)
        if cls in (str, int, bool, float, type(None), date) or isinstance(obj, enum.Enum):
            continue
        if cls in (tuple, frozenset):
            stack.extend((x, f"{path}[]") for x in obj)  # type: ignore[attr-defined]
        elif cls is FrozenMap:
            assert isinstance(obj, FrozenMap)
            if type(obj._data) is not types.MappingProxyType:
                yield path, obj
            stack.extend((v, f"{path}[{k!r}]") for k, v in obj.items())
            stack.extend((k, f"{path}.key") for k in obj)
        elif cls is ShippedScorecards:
            # built on first use: its state is a tuple key and code (no attribute can be
            # set); its scorecards are walked like those of a FrozenMap
            assert isinstance(obj, ShippedScorecards)
            if hasattr(obj, "__dict__") or type(obj._key) is not tuple:
                yield path, obj
            stack.extend((v, f"{path}[{k!r}]") for k, v in obj.items())
        elif attrs.has(cls):
            if not getattr(cls, "__attrs_attrs__", None) or cls.__setattr__ is object.__setattr__:
                yield path, obj
            if hasattr(obj, "__dict__"):
                yield path, obj
            for f in attrs.fields(cls):
                stack.append((getattr(obj, f.name), f"{path}.{f.name}"))
        elif isinstance(obj, types.FunctionType):
            continue  # code (the province matcher), not data
        else:
            yield path, obj


@pytest.mark.parametrize("loaded", ["national", "with-contributions"])
def test_everything_that_decides_a_result_is_deeply_immutable(loaded: str) -> None:
    rules = Rules.national()
    if loaded != "national":
        rules = plugins.load_rules(autoload=False, plugins=[rules_plugin("p", gate(), (
            CriterionOverride("o", "22@63", "1.5", (OptionChange("1.5.b", points=2),), CITE,
                              product_sets=frozenset({7}))))])
    assert list(_immutable_graph(rules)) == []


# ---------------------------------------------------------------- pinned hashes


def test_the_pinned_hashes_are_those_of_the_shipped_data() -> None:
    actual = {rs.id: rs.recompute_hash() for rs in rulesets.all_rulesets()}
    assert actual == dict(PINNED_HASHES), (
        "the national data changed: if deliberately, update rulesets/_pins.py to "
        f"{actual!r} and say what changed in CHANGELOG.md")
    assert Rules.national().verify() == []


@pytest.fixture
def restore() -> Iterator[Callable[[object, str, object], None]]:
    """Change a frozen object the extraordinary way, and put it back after the test."""
    undo: list[tuple[object, str, object]] = []

    def change(obj: object, name: str, value: object) -> None:
        undo.append((obj, name, getattr(obj, name)))
        object.__setattr__(obj, name, value)

    yield change
    for obj, name, value in reversed(undo):
        object.__setattr__(obj, name, value)
    assert Rules.national().verify() == []


def _option(number: int = 7, criterion: str = "1.5", index: int = 1) -> Any:
    return rulesets.get(R26).scorecard(number).criterion(criterion).options[index]


def test_verify_catches_what_ordinary_code_cannot_do(
    restore: Callable[[object, str, object], None],
) -> None:
    rules = Rules.national()
    rules.registry.get(R26).content_hash  # noqa: B018 - kept before the change
    restore(_option(), "points", 3)  # 1.5.b: 1 → 3, the 98 → 100 of the report
    (problem,) = rules.verify()
    assert (problem.path, problem.code) == (f"ruleset {R26}", "ruleset-changed")
    assert PINNED_HASHES[R26] in problem.message_en


def test_verify_catches_changed_authorities(
    restore: Callable[[object, str, object], None],
) -> None:
    rs = rulesets.get(R26)
    restore(rs, "authorities", FrozenMap({3: ((None, PROVINCE),), 4: ((None, PROVINCE),),
                                          5: ((None, PROVINCE),)}))
    assert [p.code for p in Rules.national().verify()] == ["ruleset-changed"]
    restore(rs, "authorities", FrozenMap({**rs.authorities, 5: ((None, MINISTRY_MAE),)}))


def test_a_plugin_changing_national_data_in_memory_is_refused(
    restore: Callable[[object, str, object], None],
) -> None:
    target = _option()

    def sneaky(register: object) -> None:
        restore(target, "points", 3)

    bad = make("sneaky", ocopkit_register_rules=sneaky)
    with pytest.raises(DataError, match="was changed in memory") as err:
        plugins.load(autoload=False, plugins=[bad])
    assert err.value.codes == ("ruleset-changed",)
    assert "plug-ins that ran: sneaky" in str(err.value)


def test_check_plugin_reports_a_plugin_changing_national_data(
    restore: Callable[[object, str, object], None],
) -> None:
    target = rulesets.get(R26)

    def sneaky(register: object) -> None:
        restore(target, "authorities", FrozenMap({**target.authorities,
                                                  5: ((None, PROVINCE),)}))

    problems = plugins.check_plugin(make("sneaky", ocopkit_register_rules=sneaky))
    assert [(p.path, p.code) for p in problems] == [
        (f"plugin sneaky › ruleset {R26}", "ruleset-changed")]


def _ordinary_attempts() -> dict[str, Callable[[], object]]:
    rs = rulesets.get(R26)
    card = rs.scorecard(7)
    return {
        "option points": lambda: setattr(_option(), "points", 3),
        "scorecards item": lambda: rs.scorecards.__setitem__(7, card),  # type: ignore[attr-defined]
        "scorecards data": lambda: rs.scorecards._data.__setitem__(7, card),  # type: ignore[attr-defined]
        "criteria index": lambda: card._criteria._data.clear(),  # type: ignore[attr-defined]
        "authorities": lambda: setattr(rs, "authorities", {}),
        "authority pairs": lambda: rs.authorities[5].append((None, PROVINCE)),  # type: ignore[attr-defined]
        "authority name": lambda: setattr(MINISTRY_MAE, "id", "x"),
        "options": lambda: card.criterion("1.5").options.__setitem__(0, None),  # type: ignore[attr-defined]
        "cached hash": lambda: setattr(rs, "content_hash", "sha256:0"),
        "tier policy": lambda: setattr(rs.tier_policy, "id", "x"),
        "bands": lambda: setattr(rs.bands, "thresholds", (0, 0, 0, 0)),
        "registry": lambda: setattr(Rules.national(), "registry", None),
    }


@pytest.mark.parametrize("what", sorted(_ordinary_attempts()))
def test_a_plugin_cannot_change_national_data_by_ordinary_code(what: str) -> None:
    attempt = _ordinary_attempts()[what]
    loaded = plugins.load(autoload=False, plugins=[
        make("mutator", ocopkit_register_rules=lambda register: attempt())])
    (failure,) = loaded.report.failures
    assert (failure.plugin, failure.stage) == ("mutator", "call")
    assert Rules.national().verify() == []
    assert all(case.holds() for case in golden_cases())


# ---------------------------------------------------------------- by value


class AlwaysActive(Gate):
    """The reported forgery: a 2018 gate that applies in 2026."""

    def active(self, on: date) -> bool:
        return True


class Misleading(str):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


class Spoof:
    """Claims to be a Gate through ``__class__``."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return Gate


def test_a_gate_subclass_cannot_widen_its_window() -> None:
    forged = AlwaysActive(**attrs.asdict(gate(), recurse=False))
    assert forged.active(date(2026, 9, 1))
    loaded = plugins.load(autoload=False, plugins=[rules_plugin("forger", forged)])
    (failure,) = loaded.report.failures
    assert failure.problems[0].code == "wrong-type"
    assert "subclass of Gate: register a Gate itself" in failure.problems[0].message_en
    assert evaluate(quang_ninh_2026(), loaded.rules).stars == 5
    assert [p.code for p in plugins.check_plugin(rules_plugin("forger", forged))] == [
        "wrong-type"]
    # the same gate, as a Gate, keeps its 2018 window
    honest = plugins.load_rules(autoload=False, plugins=[rules_plugin("honest", gate())])
    assert evaluate(quang_ninh_2026(), honest).stars == 5


@pytest.mark.parametrize(("value", "code", "text"), [
    (gate(citation=type("Cite", (Citation,), {"__str__": lambda self: "x"})("")),
     "not-a-plain-value", "citation: a Cite, which is a subclass of ocopkit's Citation"),
    (gate(province=Misleading("22@63")), "not-a-plain-value", "subclass of str"),
    (gate(effective_from=datetime(2018, 1, 1)), "not-a-plain-value", "subclass of date"),
    (gate(requires=["lab-test"]), "not-a-plain-value", "a list, which can be changed"),
    (Spoof(), "wrong-type", "got Spoof"),
    (CriterionOverride("o", "22@63", "1.5", [OptionChange("1.5.b", points=2)], CITE),
     "not-a-plain-value", "changes: a list"),
])
def test_contributions_are_checked_by_value(value: object, code: str, text: str) -> None:
    (failure,) = plugins.load(autoload=False, plugins=[rules_plugin("p", value)]).report.failures
    (problem,) = failure.problems
    assert problem.code == code
    assert text in problem.message_en


@attrs.frozen
class Lenient:
    """A plug-in's own tier policy: code by design, accepted."""

    id: str = "lenient"

    def decide(self, band: int, minimums_met: Mapping[int, bool]) -> TierDecision:
        return TierDecision(band, band >= 3, "band", "khung")


@attrs.frozen
class Sneakier(HighestTierMet):
    """Inherits ocopkit's policy and changes it behind its id."""

    def decide(self, band: int, minimums_met: Mapping[int, bool]) -> TierDecision:
        return TierDecision(5, True, "always", "luôn")


def test_tier_policies_may_be_the_plugins_own_but_not_subclasses_of_ocopkits() -> None:
    def policy(p: object) -> Any:
        return make("policy", ocopkit_register_tier_policies=lambda register: register(R26, p))

    assert plugins.load(autoload=False, plugins=[policy(Lenient())]).report.ok
    (failure,) = plugins.load(autoload=False, plugins=[policy(Sneakier())]).report.failures
    assert "subclass of ocopkit's HighestTierMet" in failure.problems[0].message_en


def test_a_plan_subclass_cannot_skip_its_checks() -> None:
    class Unchecked(Plan):
        def check(self, indicators: object = None) -> list[Any]:
            return []

    bad = Unchecked(id="p", province="22@63", name_vi="x", name_en="x",
                    period_start=date(2030, 1, 1), period_end=date(2020, 1, 1), targets=(),
                    source=CITE)
    (failure,) = plugins.load(autoload=False, plugins=[make(
        "plans", ocopkit_register_plans=lambda register: register(bad))]).report.failures
    assert "subclass of Plan" in failure.problems[0].message_en
