"""The national rules as a built-in plug-in, registered first by every manager.

The national rule sets themselves are the base registry of
:class:`ocopkit.rulesets.Rules` (:func:`ocopkit.rulesets.builtin_registry`), so this
plug-in adds no rule set, override or gate. It only registers each rule
set's default tier policy, so that the policy in force is visible in the
same place as the plug-ins that may replace it:

>>> from ocopkit import plugins
>>> pm = plugins.manager(autoload=False)
>>> pm.get_plugin("ocopkit.national") is not None
True
>>> seen = []
>>> ocopkit_register_tier_policies(lambda rid, policy: seen.append((rid, policy.id)))
>>> seen[-1]
('vn-qd-26-2026', 'highest-tier-met')
"""

from __future__ import annotations

from collections.abc import Callable

from ocopkit._version import __version__ as _ocopkit_version
from ocopkit.rulesets import TierPolicy, builtin_registry

from ._hooks import hookimpl

__all__ = ["ocopkit_register_tier_policies"]

#: The built-in plug-in is versioned with ocopkit itself.
__version__ = _ocopkit_version


@hookimpl
def ocopkit_register_tier_policies(register: Callable[[str, TierPolicy], None]) -> None:
    """Register the default tier policy of every built-in rule set."""
    for ruleset in builtin_registry():
        register(ruleset.id, ruleset.tier_policy)

