"""The plug-in hooks of ocopkit (hook specifications).

A plug-in is a module (or any object) with functions decorated by
:data:`hookimpl` whose names are hooks below. It is found through the
``ocopkit`` entry-point group::

    [project.entry-points.ocopkit]
    quangninh = "ocopkit_quangninh"

and loaded by :func:`ocopkit.plugins.manager`. Every hook is
*register-callback* style: ocopkit hands the plug-in a ``register``
function and the plug-in calls it once per contribution. ocopkit checks
each contribution as it arrives and records which plug-in made it; a
plug-in that raises or registers an invalid value is reported by name and
none of its contributions are kept (see :func:`ocopkit.plugins.load`).

A hook implementation may accept any subset of the documented arguments,
but must never give them default values (pluggy then never passes them).

>>> from ocopkit.plugins import hookimpl
>>> @hookimpl
... def ocopkit_register_rules(register):
...     pass
>>> ocopkit_register_rules.ocopkit_impl["tryfirst"]
False

Importing this module is cheap: the types named in the signatures are only
imported for type checkers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from ocopkit.certification import CertificatePolicy
    from ocopkit.errors import Problem
    from ocopkit.procedure import Round
    from ocopkit.products import Product
    from ocopkit.rulesets import Amendment, CriterionOverride, Gate, RuleSet, TierPolicy
    from ocopkit.targets import Indicator, Plan

__all__ = [
    "PROJECT",
    "REGISTER_HOOKS",
    "hookimpl",
    "hookspec",
    "ocopkit_register_certificate_policies",
    "ocopkit_register_indicators",
    "ocopkit_register_plans",
    "ocopkit_register_rounds",
    "ocopkit_register_rules",
    "ocopkit_register_rulesets",
    "ocopkit_register_tier_policies",
    "ocopkit_validate_product",
]

#: The pluggy project name, also the entry-point group.
PROJECT = "ocopkit"

#: Marks a hook specification (used only in this module).
hookspec = pluggy.HookspecMarker(PROJECT)
#: Marks a hook implementation in a plug-in: ``@hookimpl def ocopkit_…``.
hookimpl = pluggy.HookimplMarker(PROJECT)

#: The registration hooks, in the order :func:`ocopkit.plugins.load` calls them.
REGISTER_HOOKS = (
    "ocopkit_register_rulesets",
    "ocopkit_register_rules",
    "ocopkit_register_tier_policies",
    "ocopkit_register_certificate_policies",
    "ocopkit_register_plans",
    "ocopkit_register_indicators",
    "ocopkit_register_rounds",
)


@hookspec
def ocopkit_register_rulesets(register: Callable[[RuleSet], None]) -> None:
    """Register additional national-level rule sets (regimes).

    :param register: call ``register(ruleset)`` once per
        :class:`~ocopkit.rulesets.RuleSet`. Its effective window must not
        overlap any other rule set (the built-in ones included), and its id
        must be new; otherwise the plug-in is rejected.

    Result: the rule sets join :attr:`ocopkit.rulesets.Rules.registry`; an assessment
    dated inside the window is evaluated under them.

    Since 0.1
    """


@hookspec
def ocopkit_register_rules(
    register: Callable[[CriterionOverride | Gate | Amendment], None],
) -> None:
    """Register provincial exceptions to national scoring, and national amendments.

    :param register: call ``register(item)`` once per
        :class:`~ocopkit.rulesets.CriterionOverride` (new points or
        minimum-star marks for options of one national criterion) or
        :class:`~ocopkit.rulesets.Gate` (tiers from ``min_stars`` up need
        the listed kinds of evidence). Each item names its province, its
        effective window and a citation; overrides also name a rule set, the
        product sets and a priority. An :class:`~ocopkit.rulesets.Amendment`
        is national (no province): it changes options of a shipped rule set
        from its effective date — e.g. the minimum requirements of 781/QĐ-TTg
        for 1048, whose text ocopkit does not have — and names the
        :class:`~ocopkit.rulesets.Caveat` ids it ``supplies``, which its
        evaluations then no longer carry. Amendments apply before provincial
        overrides.

    Result: an item applies to an assessment only when the assessment's
    province lies within the item's province (following the 2025 merger
    lineage) and its date is inside the window. Per criterion the override
    with the highest priority wins; two plug-ins overriding the same
    criterion at the same priority raise :class:`~ocopkit.errors.ConflictError`
    when an affected assessment is evaluated. Points above a criterion's
    maximum, unknown criteria or options, or a missing citation reject the
    plug-in.

    Since 0.1
    """


@hookspec
def ocopkit_register_tier_policies(register: Callable[[str, TierPolicy], None]) -> None:
    """Replace the tier policy of a rule set.

    :param register: call ``register(ruleset_id, policy)`` with the id of a
        known rule set and a :class:`~ocopkit.rulesets.TierPolicy` (the object
        that combines a score band with the minimum marks met).

    Result: the policy decides the stars of every assessment under that rule
    set (tier policies are national: they are not limited to a province).
    The built-in plug-in ``ocopkit.national`` registers each rule set's
    default; any other plug-in's policy takes precedence over it, and two
    other plug-ins registering a policy for the same rule set raise
    :class:`~ocopkit.errors.ConflictError` when the plug-ins are loaded.

    Since 0.1
    """


@hookspec
def ocopkit_register_certificate_policies(
    register: Callable[[str, CertificatePolicy], None],
) -> None:
    """Register the certificate arithmetic of a province.

    :param register: call ``register(province, policy)`` with a province
        query (preferably a unit id such as ``"22@63"``; a code or a name
        works when it is unambiguous) and a
        :class:`~ocopkit.certification.CertificatePolicy` (validity period,
        renewal window, notice).

    Result: :meth:`ocopkit.plugins.Loaded.certificate_policy_for` returns the
    policy for certificates of that province (the unit itself only, not its
    successor after a merger); provinces without one use
    :data:`~ocopkit.certification.DEFAULT_POLICY`. Two plug-ins registering a
    policy for the same province raise :class:`~ocopkit.errors.ConflictError`
    when the policy is asked for.

    Since 0.1
    """


@hookspec
def ocopkit_register_plans(register: Callable[[Plan], None]) -> None:
    """Register provincial OCOP plans (targets with periods and citations).

    :param register: call ``register(plan)`` once per
        :class:`~ocopkit.targets.Plan`. A plan whose ``check()`` reports a
        problem (an invalid period, a target without a deadline, …) rejects
        the plug-in.

    Result: the plans are available from :attr:`ocopkit.plugins.Loaded.plans`
    and :func:`ocopkit.plugins.load_plans`, each attributed to its plug-in.

    Since 0.1
    """


@hookspec
def ocopkit_register_indicators(register: Callable[[Indicator], None]) -> None:
    """Register indicators (functions of a portfolio as of a date).

    :param register: call ``register(indicator)`` once per
        :class:`~ocopkit.targets.Indicator`.

    Result: the indicators are available from
    :attr:`ocopkit.plugins.Loaded.indicators` and
    :func:`ocopkit.plugins.load_indicators`, so that plans can name them.

    Since 0.1
    """


@hookspec
def ocopkit_register_rounds(register: Callable[[Round], None]) -> None:
    """Register extra evaluation rounds (đợt đánh giá bổ sung, QĐ 26/2026/QĐ-TTg Điều 5).

    :param register: call ``register(round)`` once per
        :class:`~ocopkit.procedure.Round` without a ``number``: a provincial round names
        its ``province`` (Điều 5.1: declared in the decision issuing the provincial
        council's rules and in its evaluation plan), an extra central round of the
        Ministry names none (Điều 5.2). Each cites that regulation, and its days are
        ordered (``proposals_from`` ≤ ``proposals_until`` ≤ ``decide_by``); otherwise,
        or for an id used twice, the plug-in is rejected.

    Result: the rounds are available from :attr:`ocopkit.plugins.Loaded.rounds`; passed
    to :func:`ocopkit.procedure.round_for` (``extra=``), a proposal falls in the round
    decided first among those whose window contains its day — for a provincial round,
    when the dossier's province lies within the round's.

    Since 0.1
    """


@hookspec
def ocopkit_validate_product(product: Product, report: Callable[[Problem], None]) -> None:
    """Run extra dossier checks on a product.

    :param product: the :class:`~ocopkit.products.Product` being checked.
    :param report: call ``report(problem)`` once per
        :class:`~ocopkit.errors.Problem` found (a located path, a stable
        kebab-case code, messages in Vietnamese and English).

    Result: :meth:`ocopkit.plugins.Loaded.validate_product` returns the
    problems of every plug-in, sorted. A plug-in that raises is reported as
    a problem with code ``"plugin-failed"`` (strict mode: a
    :class:`~ocopkit.errors.PluginError`). The hook is called for every
    product; a provincial check should look at the product's province
    itself.

    Since 0.1
    """
