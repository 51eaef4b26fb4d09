"""Calling the registration hooks: the ``register`` callback each hook is given.

:func:`collect` calls every registration hook of every accepted plug-in, one plug-in
at a time and all of a plug-in's hooks within one time budget, each with a checking
``register`` (:class:`_Registrar`). The machinery is the same for every hook: a new
hook needs only its entry in ``_EXPECTED`` (the type of its value) and, when
``register`` takes a key before the value, in ``_ARITY``, plus its field in
:class:`~ocopkit.plugins.Contributions`.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Sequence
from typing import Any

import pluggy

from ocopkit.certification import CertificatePolicy
from ocopkit.errors import PluginError, Problem
from ocopkit.rulesets import (
    NATIONAL,
    Amendment,
    CriterionOverride,
    Gate,
    RuleSet,
    TierPolicy,
)
from ocopkit.targets import Indicator, Plan

from . import _hooks as hooks
from ._code import guarded
from ._contributions import Contributions
from ._guard import ENV_MAX_CONTRIBUTIONS, describe, exception_text
from ._manager import OcopkitPluginManager, timeout_problem
from ._report import PluginFailure
from ._values import inexact

__all__ = ["collect", "invalid"]


_ARITY = {
    "ocopkit_register_tier_policies": 2,
    "ocopkit_register_certificate_policies": 2,
}


#: The runtime type of each registration hook's contribution.
_EXPECTED: dict[str, tuple[type, ...]] = {
    "ocopkit_register_rulesets": (RuleSet,),
    "ocopkit_register_rules": (CriterionOverride, Gate, Amendment),
    "ocopkit_register_tier_policies": (TierPolicy,),
    "ocopkit_register_certificate_policies": (CertificatePolicy,),
    "ocopkit_register_plans": (Plan,),
    "ocopkit_register_indicators": (Indicator,),
}


def _expected_type(hook: str) -> tuple[type, ...]:
    """The runtime type of a hook's contribution."""
    if hook == "ocopkit_register_rounds":
        # the procedure is imported when a plug-in registers a round, not to load rules
        from ocopkit.procedure import Round

        return (Round,)
    return _EXPECTED[hook]


def _type_name(types: tuple[type, ...] | None) -> str:
    return " | ".join(t.__name__ for t in types) if types else "object"


def _type_problem(value: object, expected: tuple[type, ...]) -> tuple[str, str] | None:
    """Why ``value`` is not of a type ``expected`` names, in English and Vietnamese
    (``None``: it is).

    A concrete class must be the exact class — a subclass could override the methods
    ocopkit uses on it; a protocol (:class:`~ocopkit.rulesets.TierPolicy`) is code by
    design and only needs its members. The type is read with :func:`type`, never from
    the ``__class__`` an object may claim.
    """
    cls = type(value)
    concrete = tuple(t for t in expected if not getattr(t, "_is_protocol", False))
    if cls in concrete:
        return None
    if value is not None and any(isinstance(value, t) for t in expected if t not in concrete):
        return None
    parent = next((t for t in concrete if issubclass(cls, t)), None)
    if parent is not None:
        return (f"a {describe(value)}, which is a subclass of {parent.__name__}: register a "
                f"{parent.__name__} itself (ocopkit uses its own methods on the values it "
                "checks)",
                f"{describe(value)} là lớp con của {parent.__name__}: hãy đăng ký chính "
                f"{parent.__name__} (ocopkit dùng phương thức của chính nó trên các giá trị "
                "đã kiểm tra)")
    return (f"expected {_type_name(expected)}, got {describe(value)}",
            f"cần {_type_name(expected)}, nhận {describe(value)}")


def _prepare(value: object) -> None:
    """Compute, under the plug-in's time budget, what ocopkit keeps of a value."""
    if type(value) is RuleSet:
        value.content_hash  # noqa: B018 - a plug-in's tier policy may take time to describe


def _returned(value: object) -> str:
    """Describe a value a hook returned, closing an unstarted generator or coroutine."""
    if inspect.isgenerator(value) and inspect.getgeneratorstate(value) == "GEN_CREATED":
        value.close()  # an unstarted generator runs no code when closed
        return "a generator (a hook must not yield)"
    if inspect.iscoroutine(value) and inspect.getcoroutinestate(value) == "CORO_CREATED":
        value.close()
        return "a coroutine (a hook must not be async)"
    return f"a {describe(value)}"


class _Registrar:
    """The ``register`` callback of one registration hook of one plug-in.

    Generic over the registration hooks: it takes ``_ARITY[hook]`` arguments (keys
    that are non-empty strings, then the value) and the value must be of a type
    ``_EXPECTED[hook]`` names, with every part of it a plain value
    (:func:`~ocopkit.plugins._values.inexact`). It runs inside the plug-in's call, on
    the guard's worker, so that the checks count against the plug-in's time budget;
    at most ``cap`` values are looked at; once closed it refuses everything.
    """

    def __init__(self, hook: str, cap: int, plugin: str) -> None:
        self.hook = hook
        self.plugin = plugin
        self.expected = _expected_type(hook)
        self.arity = _ARITY.get(hook, 1)
        self.cap = cap
        self.calls = 0
        self.closed = False
        self.values: list[Any] = []
        self.problems: list[Problem] = []

    def __call__(self, *args: Any) -> None:
        hook, cap = self.hook, self.cap
        if self.closed:
            raise RuntimeError(f"{hook}: register() called after the hook returned")
        self.calls += 1
        if self.calls > cap:
            if self.calls == cap + 1:
                self.problems.append(Problem(
                    hook, "too-many-contributions",
                    f"plug-in đăng ký hơn {cap} giá trị qua {hook}; các giá trị sau không "
                    f"được xét ({ENV_MAX_CONTRIBUTIONS})",
                    f"the plug-in registered more than {cap} values through {hook}; the "
                    f"rest were not looked at ({ENV_MAX_CONTRIBUTIONS} sets the limit)"))
            return
        where = f"{hook} › #{self.calls}"
        if len(args) != self.arity:
            self.problems.append(Problem(
                where, "bad-arity", f"register() cần {self.arity} đối số, nhận {len(args)}",
                f"register() takes {self.arity} argument(s), got {len(args)}"))
            return
        *keys, value = args
        for key in keys:
            if type(key) is not str or not key.strip():
                self.problems.append(Problem(
                    where, "bad-key", "khóa phải là chuỗi khác rỗng",
                    f"the first argument must be a non-empty str, got {describe(key)}"))
                return
        wrong = _type_problem(value, self.expected)
        if wrong is not None:
            self.problems.append(Problem(where, "wrong-type", wrong[1], wrong[0]))
            return
        why = inexact(value)
        if why is not None:
            self.problems.append(Problem(
                where, "not-a-plain-value",
                "giá trị có một phần không kiểm tra được (lớp con của một kiểu của ocopkit "
                f"hoặc của kiểu dựng sẵn, hay list/dict/set có thể bị thay đổi): {why}",
                why))
            return
        _prepare(value)
        self.values.append(guarded(tuple(args) if self.arity > 1 else value, self.plugin))


def _returned_problem(hook: str, value: object) -> Problem:
    what = _returned(value)
    return Problem(
        hook, "hook-returned-value",
        f"hook trả về {what} thay vì gọi register(); giá trị trả về không được dùng: "
        "gọi register(giá_trị) cho từng giá trị",
        f"the hook returned {what} instead of calling register(); a returned value is "
        "not used: call register(value) for each value")


def _call_hooks(pm: OcopkitPluginManager, name: str,
                plan: Sequence[tuple[str, pluggy.HookImpl]]) -> tuple[
                    dict[str, tuple[Any, ...]], PluginFailure | None]:
    """Call one plug-in's registration hooks in order, within one time budget.

    The hooks run one after the other in a single call through the guard (one
    budget for them all) and stop at the first that raises, returns a value or
    registers a bad value. Returns what each hook registered, and the failure.
    """
    dist = pm.distribution_of(name)
    timeout = pm.limits.timeout
    cap = sys.maxsize if name == NATIONAL else pm.limits.max_contributions
    registrars = [_Registrar(hook, cap, name) for hook, _ in plan]
    results: list[tuple[Any, BaseException | None]] = []

    def run() -> None:
        for (_, impl), reg in zip(plan, registrars, strict=True):
            if reg.closed:  # out of time: a late worker calls no further hook
                return
            kwargs = {"register": reg} if "register" in impl.argnames else {}
            try:
                value = impl.function(**kwargs)
            except KeyboardInterrupt:
                raise
            except BaseException as exc:  # the plug-in's, whatever it is
                reg.closed = True
                results.append((None, exc))
                return
            reg.closed = True
            results.append((value, None))
            if value is not None or reg.problems:
                return

    # the built-in plug-in is ocopkit's own code: called directly, without a budget
    outcome = pm.guard.call(run, timeout=None if name == NATIONAL else timeout)
    for reg in registrars:
        reg.closed = True
    done = list(results)
    found: dict[str, tuple[Any, ...]] = dict.fromkeys(hooks.REGISTER_HOOKS, ())
    for (hook, _), reg, (value, error) in zip(plan, registrars, done, strict=False):
        if error is not None:
            failure = PluginFailure(PluginError(
                f"raised {exception_text(error)}", plugin=name, distribution=dist,
                hook=hook), "call")
            failure.error.__cause__ = error
            return found, failure
        if value is not None:
            problem = _returned_problem(hook, value)
            return found, PluginFailure(PluginError(
                problem.message_en, plugin=name, distribution=dist, hook=hook),
                "call", (problem, *reg.problems))
        if reg.problems:
            return found, invalid(name, dist, [(hook, p) for p in reg.problems])
        found[hook] = tuple(reg.values)
    if outcome.timed_out:
        hook = plan[min(len(done), len(plan) - 1)][0]
        return found, PluginFailure(PluginError(
            f"did not finish its registration hooks within {timeout:g} s",
            plugin=name, distribution=dist, hook=hook), "call",
            (timeout_problem(hook, name, "its registration hooks",
                             "chạy xong các hook đăng ký", timeout),))
    return found, None


def collect(pm: OcopkitPluginManager) -> tuple[Contributions, ...]:
    """Call every registration hook of every plug-in, one plug-in at a time.

    Returns one :class:`Contributions` per accepted plug-in, sorted by name. Nothing
    is raised here, not even in strict mode: a hook that raises (anything, even
    ``SystemExit``), returns a value, runs out of the plug-in's time budget or
    registers a bad value sets ``failure``. All the registration hooks of one
    plug-in share one budget, :attr:`Limits.timeout <ocopkit.plugins.Limits.timeout>`.
    """
    impls: dict[str, dict[str, pluggy.HookImpl]] = {}
    for hook in hooks.REGISTER_HOOKS:
        for impl in getattr(pm.hook, hook).get_hookimpls():
            impls.setdefault(impl.plugin_name, {})[hook] = impl
    out = []
    for name in sorted(n for n, p in pm.list_name_plugin() if p is not None and pm.accepted(n)):
        plan = sorted(impls.get(name, {}).items(),
                      key=lambda kv: hooks.REGISTER_HOOKS.index(kv[0]))
        found, failure = _call_hooks(pm, name, plan)
        out.append(Contributions(
            plugin=pm.plugin_info(name),
            distribution=pm.distribution_of(name),
            rulesets=found["ocopkit_register_rulesets"],
            rules=found["ocopkit_register_rules"],
            tier_policies=found["ocopkit_register_tier_policies"],
            certificate_policies=found["ocopkit_register_certificate_policies"],
            plans=found["ocopkit_register_plans"],
            indicators=found["ocopkit_register_indicators"],
            rounds=found["ocopkit_register_rounds"],
            failure=failure,
        ))
    return tuple(out)


def invalid(name: str, dist: str | None, found: Sequence[tuple[str, Problem]]) -> PluginFailure:
    shown = "; ".join(p.format("en") for _, p in found[:5])
    more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
    return PluginFailure(
        PluginError(f"registered {len(found)} invalid contribution(s): {shown}{more}",
                    plugin=name, distribution=dist, hook=found[0][0]),
        "contributions", tuple(p for _, p in found))
