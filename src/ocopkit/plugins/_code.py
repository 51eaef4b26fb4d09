"""Code a plug-in contributes, called later by ocopkit: contained like its hooks.

Two contributions are code by design: a :class:`~ocopkit.rulesets.TierPolicy` of the
plug-in's own class (its ``decide`` runs in every evaluation under the rule set) and an
:class:`~ocopkit.targets.Indicator`'s ``compute`` (run by attainment). When the plug-in
registers them, ocopkit wraps them so that whatever they raise — ``SystemExit``
included — reaches the caller as a :class:`~ocopkit.errors.PluginError` naming the
plug-in, never as the end of the process; ocopkit's own errors
(:class:`~ocopkit.targets.NotMeasurableError`, a :class:`~ocopkit.errors.ValidationError`)
and :class:`KeyboardInterrupt` pass unchanged. A tier policy's decision must also be a
plain :class:`~ocopkit.rulesets.TierDecision` (stars 1–5). These calls run on the
caller's thread, without a time budget: they are in the scoring and attainment paths,
where a thread per call would cost more than the work.

>>> from ocopkit.rulesets import TierDecision
>>> class Broken:
...     id = "broken"
...     def decide(self, band, minimums_met):
...         raise SystemExit(1)
>>> policy = GuardedTierPolicy(Broken(), "example", "broken")
>>> policy.decide(5, {})
Traceback (most recent call last):
...
ocopkit.errors.PluginError: plug-in 'example', hook ...: tier policy 'broken' raised SystemExit: 1
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ocopkit.errors import OcopError, PluginError
from ocopkit.rulesets import TierDecision, TierPolicy
from ocopkit.targets import Indicator, IndicatorScope, IndicatorValue

from ._guard import describe, exception_text
from ._values import _is_ocopkit_class, inexact

__all__ = ["GuardedCompute", "GuardedTierPolicy", "guarded"]


def _failure(plugin: str, hook: str, what: str, exc: BaseException) -> PluginError:
    error = PluginError(f"{what} raised {exception_text(exc)}", plugin=plugin, hook=hook)
    error.__cause__ = exc
    return error


@attrs.frozen
class GuardedTierPolicy:
    """A plug-in's tier policy, called so that its failures are typed."""

    policy: TierPolicy
    plugin: str
    id: str

    def decide(self, band: int, minimums_met: Mapping[int, bool]) -> TierDecision:
        hook = "ocopkit_register_tier_policies"
        try:
            decision = self.policy.decide(band, minimums_met)
        except (KeyboardInterrupt, OcopError):
            raise
        except BaseException as exc:  # the plug-in's, whatever it is
            raise _failure(self.plugin, hook, f"tier policy {self.id!r}", exc) from exc
        if (type(decision) is not TierDecision or inexact(decision) is not None
                or type(decision.stars) is not int or not 1 <= decision.stars <= 5
                or type(decision.certifiable) is not bool):
            raise PluginError(f"tier policy {self.id!r} returned {describe(decision)}, not a "
                              "TierDecision with stars 1–5", plugin=self.plugin, hook=hook)
        return decision


@attrs.frozen
class GuardedCompute:
    """A plug-in indicator's ``compute``, called so that its failures are typed."""

    function: Any = attrs.field(eq=False)
    plugin: str
    indicator_id: str

    def __call__(self, portfolio: Any, scope: IndicatorScope) -> IndicatorValue:
        try:
            value = self.function(portfolio, scope)
        except (KeyboardInterrupt, OcopError):
            raise
        except BaseException as exc:  # the plug-in's, whatever it is
            raise _failure(self.plugin, "ocopkit_register_indicators",
                           f"indicator {self.indicator_id!r}", exc) from exc
        if type(value) is not IndicatorValue:
            raise PluginError(f"indicator {self.indicator_id!r} returned {describe(value)}, "
                              "not an IndicatorValue", plugin=self.plugin,
                              hook="ocopkit_register_indicators")
        return value


def guarded(value: object, plugin: str) -> object:
    """``value`` as ocopkit keeps it: a plug-in's tier policy or indicator wrapped.

    Values of ocopkit's own classes with no plug-in code inside are returned as they
    are. Runs where the plug-in's other code runs (reading a policy's ``id`` may run its
    code), so under the plug-in's time budget.
    """
    if isinstance(value, Indicator):
        if isinstance(value.compute, GuardedCompute):
            return value
        return attrs.evolve(value, compute=GuardedCompute(value.compute, plugin, value.id))
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], TierPolicy):
        key, policy = value
        cls: type = type(policy)
        if _is_ocopkit_class(cls):
            return value
        policy_id = policy.id
        if type(policy_id) is not str:
            policy_id = describe(policy_id)
        return (key, GuardedTierPolicy(policy, plugin, policy_id))
    return value
