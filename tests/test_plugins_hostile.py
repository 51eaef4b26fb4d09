"""Plug-ins cannot break the host: whatever they raise, however long they take, however
much they register, whatever their hooks return (issues 17 and 18).

Most plug-ins here are real installed-style distributions built in a temporary folder
(:mod:`hostile`); the time budget is made small so that the sleeping ones cost a
fraction of a second.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import types
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hostile import GOOD_SOURCE, SLEEPING_SOURCE, Site
from hypothesis import given
from hypothesis import strategies as st

import ocopkit
from ocopkit import plugins
from ocopkit.cli import main
from ocopkit.errors import PluginError, Problem, ValidationError
from ocopkit.plugins import Citation, CriterionOverride, Gate, Limits, OptionChange, hookimpl
from ocopkit.plugins._checks import _overlap, _overlaps
from ocopkit.plugins._contributions import Contributions
from ocopkit.plugins._isolated import check_in_child
from ocopkit.rulesets import PluginInfo

SRC = str(Path(ocopkit.__file__).resolve().parents[1])
#: Small enough for the tests to be fast, large enough for a loaded CI machine.
QUICK = Limits(timeout=0.5)
CITE = Citation("test fixture (not a regulation)")


def make(name: str, **impls: Callable[..., Any]) -> Any:
    return types.SimpleNamespace(__name__=name, __version__="1.0",
                                 **{k: hookimpl(v) for k, v in impls.items()})


def gate(gid: str, **kw: Any) -> Gate:
    return Gate(gid, kw.pop("province", "48@34"), kw.pop("requires", frozenset({"lab-test"})),
                CITE, "kiểm nghiệm", "lab test", **kw)


class CustomExit(BaseException):
    """Neither an Exception nor SystemExit: still the plug-in's failure."""


# ---------------------------------------------------------------- BaseException


@pytest.mark.parametrize("raise_", ["raise SystemExit(3)", "raise GeneratorExit()",
                                    "raise BaseException('custom')"])
def test_base_exception_on_import_is_a_failure_not_an_exit(site: Site, raise_: str) -> None:
    bad = site.install(raise_ + "\n")
    good = site.install(GOOD_SOURCE)
    loaded = plugins.load()  # returns: the host is still running
    (failure,) = loaded.report.failures
    assert (failure.plugin, failure.stage) == (bad, "load")
    assert raise_.split()[1].split("(")[0] in str(failure)
    assert [g.plugin for g in loaded.rules.gates] == [good]
    with pytest.raises(PluginError, match=bad):
        plugins.load(strict=True)


def test_system_exit_in_a_hook_of_an_installed_plugin(site: Site) -> None:
    bad = site.install("""
        from ocopkit.plugins import hookimpl

        @hookimpl
        def ocopkit_register_rules(register):
            raise SystemExit(4)
    """)
    site.install(GOOD_SOURCE)
    loaded = plugins.load()
    (failure,) = loaded.report.failures
    assert (failure.plugin, failure.stage, failure.hook) == (bad, "call",
                                                             "ocopkit_register_rules")
    assert "raised SystemExit: 4" in str(failure)
    assert isinstance(failure.error.__cause__, SystemExit)
    assert [p.code for p in plugins.check_plugin(bad)] == ["hook-raised"]


@pytest.mark.parametrize("exc", [SystemExit(5), GeneratorExit(), CustomExit("nope")])
def test_base_exception_in_every_hook_and_in_validate_product(exc: BaseException) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise exc

    for hook in plugins.REGISTER_HOOKS:
        def impl(register: object) -> None:
            raise exc
        loaded = plugins.load(autoload=False, plugins=[make("bad", **{hook: impl})])
        (failure,) = loaded.report.failures
        assert (failure.stage, failure.hook) == ("call", hook)
    checker = make("checker", ocopkit_validate_product=lambda product, report: boom())
    loaded = plugins.load(autoload=False, plugins=[checker])
    (problem,) = loaded.validate_product("P-1")  # type: ignore[arg-type]
    assert problem.code == "plugin-failed"
    assert type(exc).__name__ in problem.message_en
    strict = plugins.load(autoload=False, strict=True, plugins=[checker])
    with pytest.raises(PluginError, match="ocopkit_validate_product"):
        strict.validate_product("P-1")  # type: ignore[arg-type]


def test_base_exception_while_being_registered() -> None:
    class Treacherous:
        __name__ = "treacherous"

        @property
        def __version__(self) -> str:  # read while the plug-in is registered
            raise SystemExit(6)

    pm = plugins.manager(autoload=False, plugins=[Treacherous()])
    (failure,) = pm.report.failures
    assert (failure.plugin, failure.stage) == ("treacherous", "register")
    assert "SystemExit: 6" in str(failure)
    assert not pm.has_plugin("treacherous")


def test_keyboard_interrupt_is_the_users_and_goes_on() -> None:
    def impl(register: object) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        plugins.load(autoload=False, plugins=[make("ctrl-c", ocopkit_register_rules=impl)])


def test_an_exception_whose_str_raises_is_still_reported() -> None:
    class NastyError(Exception):
        def __str__(self) -> str:
            raise SystemExit(7)

    def impl(register: object) -> None:
        raise NastyError("hidden")

    (failure,) = plugins.load(autoload=False, plugins=[
        make("nasty", ocopkit_register_rules=impl)]).report.failures
    assert "NastyError: hidden" in str(failure)


# ---------------------------------------------------------------- time budget


def test_sleeping_on_import_is_skipped_after_the_budget(site: Site) -> None:
    sleepy = site.install(SLEEPING_SOURCE, WHERE="import")
    good = site.install(GOOD_SOURCE)
    loaded = plugins.load(limits=QUICK)
    (failure,) = loaded.report.failures
    assert (failure.plugin, failure.stage) == (sleepy, "load")
    assert [p.code for p in failure.problems] == ["plugin-timeout"]
    assert [g.plugin for g in loaded.rules.gates] == [good]
    (problem,) = plugins.check_plugin(sleepy, limits=QUICK)
    assert problem.code == "plugin-timeout"


def test_sleeping_in_a_hook_is_skipped_and_its_late_values_refused(site: Site) -> None:
    sleepy = site.install(SLEEPING_SOURCE, WHERE="hook")
    loaded = plugins.load(limits=QUICK)
    (failure,) = loaded.report.failures
    assert (failure.plugin, failure.stage, failure.hook) == (sleepy, "call",
                                                             "ocopkit_register_rules")
    assert failure.problems[0].code == "plugin-timeout"
    assert loaded.rules.gates == ()
    # woken up, the abandoned hook's register() refuses what it brings
    module: Any = site.module(sleepy)
    site.release()
    assert module.DONE.wait(30)
    assert [str(e) for e in module.LATE] == [
        "ocopkit_register_rules: register() called after the hook returned"]


def test_sleeping_validate_product_times_out_once_then_is_skipped() -> None:
    import threading

    release = threading.Event()
    calls: list[int] = []

    def slow(product: object, report: object) -> None:
        calls.append(1)
        release.wait(30)

    loaded = plugins.load(autoload=False, limits=QUICK,
                          plugins=[make("slow", ocopkit_validate_product=slow)])
    try:
        assert [p.code for p in loaded.validate_product("P")] == [  # type: ignore[arg-type]
            "plugin-timeout"]
        assert [p.code for p in loaded.validate_product("P")] == [  # type: ignore[arg-type]
            "plugin-timeout"]
        assert len(calls) == 1  # not called again
    finally:
        release.set()


@pytest.mark.parametrize(("env", "timeout"), [({}, 10.0), ({"OCOPKIT_PLUGIN_TIMEOUT": "2.5"}, 2.5),
                                              ({"OCOPKIT_PLUGIN_TIMEOUT": "none"}, None)])
def test_the_budget_is_configurable(env: dict[str, str], timeout: float | None) -> None:
    assert Limits.from_env(env).timeout == timeout


@pytest.mark.parametrize("raw", ["0", "-1", "soon", "nan", "inf"])
def test_a_bad_budget_is_refused_not_replaced(raw: str) -> None:
    with pytest.raises(ValidationError) as err:
        Limits.from_env({"OCOPKIT_PLUGIN_TIMEOUT": raw})
    assert err.value.codes == ("bad-setting",)


def test_without_a_budget_plugin_code_runs_on_the_calling_thread() -> None:
    import threading

    seen: list[threading.Thread] = []
    loaded = plugins.load(autoload=False, limits=Limits(timeout=None), plugins=[
        make("here", ocopkit_register_rules=lambda register: seen.append(
            threading.current_thread()))])
    assert loaded.report.ok
    assert seen == [threading.main_thread()]


# ---------------------------------------------------------------- size


def gates_plugin(n: int) -> Any:
    def impl(register: Callable[[object], None]) -> None:
        for i in range(n):
            register(gate(f"g{i}", effective_from=date(2026, 6, 1)))
    return make("many", ocopkit_register_rules=impl)


def test_100000_gates_are_refused_by_the_cap_without_being_looked_at() -> None:
    many = gates_plugin(100_000)
    (failure,) = plugins.load(autoload=False, plugins=[many]).report.failures
    assert [p.code for p in failure.problems] == ["too-many-contributions"]
    assert [p.code for p in plugins.check_plugin(many)] == ["too-many-contributions"]


def test_the_cap_is_configurable_and_counts_per_hook() -> None:
    assert Limits.from_env({"OCOPKIT_PLUGIN_MAX_CONTRIBUTIONS": "50"}).max_contributions == 50
    loaded = plugins.load(autoload=False, limits=Limits(max_contributions=3),
                          plugins=[gates_plugin(3)])
    assert loaded.report.ok and len(loaded.rules.gates) == 3
    assert not plugins.load(autoload=False, limits=Limits(max_contributions=3),
                            plugins=[gates_plugin(4)]).report.ok


def test_many_overlapping_gates_are_checked_one_problem_each() -> None:
    # 2 000 gates on the same evidence, all overlapping: a quadratic check would report
    # ~2 million pairs; each gate after the first is reported once.
    problems = plugins.check_plugin(gates_plugin(2_000))
    assert len(problems) == 1_999
    assert {p.code for p in problems} == {"overlapping-window"}


#: Effective windows, ordered (an inverted one is an ``invalid-period`` of its own).
windows = st.tuples(st.none() | st.dates(date(2020, 1, 1), date(2020, 1, 20)),
                    st.none() | st.dates(date(2020, 1, 1), date(2020, 1, 20))).filter(
    lambda w: None in w or w[0] <= w[1])  # type: ignore[operator]


def _brute_force(items: list[tuple[str, frozenset[str], tuple[date | None, date | None]]],
                 ) -> set[str]:
    """Every gate that overlaps another on a shared evidence kind (the definition)."""
    out = set()
    for a in items:
        for b in items:
            if a[0] != b[0] and a[1] & b[1] and _overlap(a[2], b[2]):
                out.add(a[0])
    return out


@pytest.mark.property
@given(st.lists(st.tuples(st.frozensets(st.sampled_from("abc"), min_size=1, max_size=2),
                          windows), max_size=12))
def test_overlap_sweep_agrees_with_the_pairwise_definition(
    specs: list[tuple[frozenset[str], tuple[date | None, date | None]]],
) -> None:
    items = [(f"g{i:02}", req, w) for i, (req, w) in enumerate(specs)]
    gates = tuple(gate(gid, requires=req, effective_from=w[0], effective_until=w[1])
                  for gid, req, w in items)
    c = Contributions(PluginInfo("p", "1"), None, rules=gates)
    found = _overlaps(c)
    pairs = [tuple(p.message_en.split()[1:4:2]) for p in found]
    by_id = {g.id: g for g in gates}
    for a, b in pairs:  # every reported pair overlaps…
        ga, gb = by_id[a], by_id[b]
        assert ga.requires & gb.requires
        assert _overlap((ga.effective_from, ga.effective_until),
                        (gb.effective_from, gb.effective_until))
    # …and every gate that overlaps another is in a reported pair
    assert {g for pair in pairs for g in pair} == _brute_force(items)


@pytest.mark.property
@given(st.lists(st.tuples(st.none() | st.frozensets(st.sampled_from([7, 8]), min_size=1),
                          windows), max_size=10))
def test_override_overlaps_agree_with_the_pairwise_definition(
    specs: list[tuple[frozenset[int] | None, tuple[date | None, date | None]]],
) -> None:
    overrides = tuple(CriterionOverride(
        f"o{i:02}", "48@34", "1.5", (OptionChange("1.5.b", points=2),), CITE,
        product_sets=sets, effective_from=w[0], effective_until=w[1])
        for i, (sets, w) in enumerate(specs))
    c = Contributions(PluginInfo("p", "1"), None, rules=overrides)
    reported = {o for p in _overlaps(c) for o in p.message_en.split()[1:4:2]}
    expected = {a.id for a in overrides for b in overrides if a.id != b.id
                and (a.product_sets is None or b.product_sets is None
                     or a.product_sets & b.product_sets)
                and _overlap((a.effective_from, a.effective_until),
                             (b.effective_from, b.effective_until))}
    assert reported == expected


# ---------------------------------------------------------------- hooks that return


def test_a_hook_returning_a_list_is_a_failure_everywhere() -> None:
    returns = make("returns", ocopkit_register_rules=lambda register: [gate("lost")])
    loaded = plugins.load(autoload=False, plugins=[returns])
    (failure,) = loaded.report.failures
    assert (failure.stage, failure.hook) == ("call", "ocopkit_register_rules")
    assert "returned a list of 1 instead of calling register()" in str(failure)
    assert loaded.rules.gates == ()
    with pytest.raises(PluginError, match="instead of calling register"):
        plugins.load(autoload=False, strict=True, plugins=[returns])
    assert [p.code for p in plugins.check_plugin(returns)] == ["hook-returned-value"]


def test_generator_and_async_hooks_are_failures_without_warnings() -> None:
    def generator(register: object) -> Any:
        yield gate("lost")

    async def coroutine(register: object) -> None:
        pass

    for impl, what in ((generator, "a generator"), (coroutine, "a coroutine")):
        (failure,) = plugins.load(autoload=False, plugins=[
            make("odd", ocopkit_register_rules=impl)]).report.failures
        assert what in str(failure)


def test_validate_product_returning_problems_is_reported() -> None:
    returns = make("returns", ocopkit_validate_product=lambda product: [
        Problem("$", "x", "x", "x")])
    loaded = plugins.load(autoload=False, plugins=[returns])
    assert [p.code for p in loaded.validate_product("P")] == [  # type: ignore[arg-type]
        "hook-returned-value"]


# ---------------------------------------------------------------- the command line


BROKEN_SOURCE = """
    def helper():
        raise ImportError("ocopkit_missing_dependency is not installed")
    helper()
"""


def test_cli_prints_one_bilingual_line_for_a_broken_plugin(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = site.install(BROKEN_SOURCE)
    monkeypatch.delenv("OCOPKIT_DEBUG", raising=False)
    assert main(["plugins"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = [x for x in err.splitlines() if broken in x]
    assert line.startswith("cảnh báo / warning: plug-in ")
    assert "ocopkit_missing_dependency is not installed" in line and "đã bỏ qua" in line
    assert main(["--json", "plugins"]) == 1
    out = capsys.readouterr().out
    assert [f["plugin"] for f in json.loads(out)["failures"]] == [broken]
    monkeypatch.setenv("OCOPKIT_DEBUG", "1")
    assert main(["plugins"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_cli_plugins_exits_0_when_every_plugin_loads(
    site: Site, capsys: pytest.CaptureFixture[str],
) -> None:
    site.install(GOOD_SOURCE)
    assert main(["--json", "plugins"]) == 0
    assert json.loads(capsys.readouterr().out)["failures"] == []


def test_the_cli_leaves_logging_as_it_found_it(site: Site) -> None:
    logger = logging.getLogger("ocopkit")
    before = (list(logger.handlers), logger.propagate)
    site.install(BROKEN_SOURCE)
    main(["plugins"])
    assert (list(logger.handlers), logger.propagate) == before


def _env(site: Site, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOPKIT_")}
    env["PYTHONPATH"] = os.pathsep.join([str(site.root), SRC])
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


@pytest.mark.slow
def test_cli_score_with_a_plugin_that_exits_on_import(site: Site, tmp_path: Path) -> None:
    """The reported failure: ``ocopkit score`` ended (exit 3, nothing printed)."""
    site.install("raise SystemExit(3)\n")
    site.install(BROKEN_SOURCE)
    from ocopkit.io import to_json
    from ocopkit.testing import sample_assessments

    (a,) = sample_assessments(product_sets=[7], profiles=["high"])
    dossier = tmp_path / "a.json"
    dossier.write_text(to_json(a), "utf-8")
    result = subprocess.run([sys.executable, "-m", "ocopkit", "--lang", "en", "score",
                             str(dossier)], capture_output=True, text=True, encoding="utf-8",
                            env=_env(site), timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "5★" in result.stdout
    assert "Traceback" not in result.stderr
    assert len([x for x in result.stderr.splitlines() if x.startswith("cảnh báo")]) == 2


# ---------------------------------------------------------------- check-plugin in a child


@pytest.mark.slow
def test_isolated_check_of_a_sleeping_plugin(site: Site) -> None:
    sleepy = site.install(SLEEPING_SOURCE, WHERE="import")
    (problem,) = plugins.check_plugin(sleepy, isolated=True, limits=QUICK)
    assert problem.code == "plugin-timeout"
    good = site.install(GOOD_SOURCE)
    assert plugins.check_plugin(good, isolated=True, limits=QUICK) == []


@pytest.mark.slow
def test_isolated_check_of_a_plugin_that_ends_the_process(site: Site) -> None:
    ender = site.install("""
        import os
        from ocopkit.plugins import hookimpl

        @hookimpl
        def ocopkit_register_rules(register):
            os._exit(9)
    """)
    (problem,) = plugins.check_plugin(ender, isolated=True, limits=QUICK)
    assert problem.code == "check-failed"
    assert "exit status 9" in problem.message_en


@pytest.mark.slow
def test_isolated_check_kills_a_plugin_stuck_in_c_code(site: Site) -> None:
    # sum() over a huge range holds the interpreter lock: no thread can time it out
    stuck = site.install("total = sum(range(10 ** 12))\n")
    (problem,) = check_in_child(stuck, QUICK, deadline=3.0)
    assert problem.code == "plugin-timeout"


@pytest.mark.slow
def test_cli_check_plugin_runs_isolated(site: Site) -> None:
    ender = site.install("import os\nos._exit(2)\n")
    result = subprocess.run([sys.executable, "-m", "ocopkit", "check-plugin", ender],
                            capture_output=True, text=True, encoding="utf-8",
                            env=_env(site, OCOPKIT_PLUGIN_TIMEOUT="1"), timeout=120,
                            check=False)
    assert result.returncode == 1
    out = " ".join(result.stdout.split())  # the CLI wraps its lines to the width
    assert "check-failed" in out or "ended without a result" in out


# ---------------------------------------------------------------- contributed code, called later


class ExitingPolicy:
    id = "exits"

    def decide(self, band: int, minimums_met: object) -> object:
        raise SystemExit(8)


class LyingPolicy:
    id = "lies"

    def decide(self, band: int, minimums_met: object) -> object:
        from ocopkit.rulesets import TierDecision

        return TierDecision(9, True, "nine", "chín")


@pytest.mark.parametrize(("policy", "text"), [(ExitingPolicy(), "raised SystemExit: 8"),
                                              (LyingPolicy(), "not a TierDecision")])
def test_a_plugins_tier_policy_fails_typed_when_scoring(policy: object, text: str) -> None:
    from ocopkit.scoring import evaluate
    from ocopkit.testing import sample_assessments

    rules = plugins.load_rules(autoload=False, plugins=[make(
        "policy", ocopkit_register_tier_policies=lambda register: register(
            "vn-qd-26-2026", policy))])
    (a,) = sample_assessments(product_sets=[7], profiles=["high"])
    with pytest.raises(PluginError, match=text) as err:
        evaluate(a, rules)
    assert err.value.plugin == "policy"


def test_a_plugins_indicator_fails_typed_in_attainment() -> None:
    from ocopkit.plugins import Indicator, Plan, Target, quoted
    from ocopkit.samples import sample_portfolio
    from ocopkit.targets import NotMeasurableError, attainment

    def exits(portfolio: object, scope: object) -> object:
        raise SystemExit(9)

    def unknown(portfolio: object, scope: object) -> object:
        raise NotMeasurableError("no data", "không có dữ liệu")

    def plugin(compute: Callable[..., object]) -> Any:
        indicator = Indicator(id="example.x", name_vi="x", name_en="x", unit="products",
                              compute=compute)
        plan = Plan(id="p", province="06@63", name_vi="x", name_en="x",
                    period_start=date(2021, 1, 1), period_end=date(2025, 6, 30), source=CITE,
                    targets=(Target.minimum("t", 1, unit="products", label_vi="x",
                                            label_en="x", indicator="example.x",
                                            citation=quoted("test", "ít nhất 1")),))
        return make("ind", ocopkit_register_indicators=lambda register: register(indicator),
                    ocopkit_register_plans=lambda register: register(plan))

    loaded = plugins.load(autoload=False, plugins=[plugin(exits)])
    plan = loaded.plans[0].item
    with pytest.raises(PluginError, match=r"indicator 'example\.x' raised SystemExit: 9"):
        attainment(plan, sample_portfolio(), date(2024, 1, 1), loaded.indicator_registry)
    loaded = plugins.load(autoload=False, plugins=[plugin(unknown)])
    report = attainment(loaded.plans[0].item, sample_portfolio(), date(2024, 1, 1),
                        loaded.indicator_registry)
    assert report.rows[0].status.value == "not-measurable"
