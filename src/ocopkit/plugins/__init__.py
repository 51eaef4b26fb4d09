"""Plug-ins: the hooks, the loader, the conformance checks — and, in one import,
everything a province plug-in needs.

A plug-in author writes::

    from ocopkit.plugins import Citation, CriterionOverride, Gate, Plan, Target, hookimpl

(see :doc:`/plugins`). The names below are the plug-in API; their definitions live
in :mod:`ocopkit.rulesets`, :mod:`ocopkit.targets` and :mod:`ocopkit.procedure`.
"""

from typing import TYPE_CHECKING

from ocopkit._lazy import lazy_names
from ocopkit.plugins._checks import check_plugin
from ocopkit.plugins._collect import collect
from ocopkit.plugins._contributions import (
    Contributions,
    indicator_registry,
    province_problem,
    validate_contributions,
)
from ocopkit.plugins._guard import (
    DEFAULT_MAX_CONTRIBUTIONS,
    DEFAULT_TIMEOUT,
    ENV_MAX_CONTRIBUTIONS,
    ENV_TIMEOUT,
    Limits,
)
from ocopkit.plugins._hooks import PROJECT, REGISTER_HOOKS, hookimpl, hookspec
from ocopkit.plugins._load import (
    certificate_policy_for,
    load,
    load_indicators,
    load_plans,
    load_rules,
)
from ocopkit.plugins._manager import (
    ENV_BLOCK,
    ENV_DISABLE_AUTOLOAD,
    GROUP,
    OcopkitPluginManager,
    manager,
    plugin_name,
)
from ocopkit.plugins._report import Loaded, LoadReport, PluginFailure, Provided, ProvincePolicy
from ocopkit.rulesets import Citation, CriterionOverride, Gate, OptionChange
from ocopkit.targets import Indicator, Plan, Reported, Target, quoted

if TYPE_CHECKING:
    from ocopkit.procedure import Round


# ``Round`` is imported on first use: loading plug-ins does not need the procedure (it is
# imported when a plug-in registers a round)
__getattr__, __dir__ = lazy_names(__name__, {"Round": "ocopkit.procedure:Round"}, globals())

__all__ = [
    "DEFAULT_MAX_CONTRIBUTIONS",
    "DEFAULT_TIMEOUT",
    "ENV_BLOCK",
    "ENV_DISABLE_AUTOLOAD",
    "ENV_MAX_CONTRIBUTIONS",
    "ENV_TIMEOUT",
    "GROUP",
    "PROJECT",
    "REGISTER_HOOKS",
    "Citation",
    "Contributions",
    "CriterionOverride",
    "Gate",
    "Indicator",
    "Limits",
    "LoadReport",
    "Loaded",
    "OcopkitPluginManager",
    "OptionChange",
    "Plan",
    "PluginFailure",
    "Provided",
    "ProvincePolicy",
    "Reported",
    "Round",
    "Target",
    "certificate_policy_for",
    "check_plugin",
    "collect",
    "hookimpl",
    "hookspec",
    "indicator_registry",
    "load",
    "load_indicators",
    "load_plans",
    "load_rules",
    "manager",
    "plugin_name",
    "province_problem",
    "quoted",
    "validate_contributions",
]
