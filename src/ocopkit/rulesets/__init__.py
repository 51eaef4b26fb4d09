"""Rule sets: the national regimes as data, their scorecards, tiers, authorities, and the
provincial adjustments plug-ins contribute.

>>> from datetime import date
>>> from ocopkit import rulesets
>>> rs = rulesets.for_date(date(2026, 9, 1))
>>> rs.id, rs.scorecard(7).max_points
('vn-qd-26-2026', 100)
"""

from ocopkit.rulesets._adjustments import (
    Amendment,
    Attributed,
    CriterionChange,
    CriterionOverride,
    Gate,
    OptionChange,
    apply_amendments,
    apply_overrides,
    check_amendment,
    check_override,
    resolve,
)
from ocopkit.rulesets._authorities import (
    DISTRICT,
    MINISTRY_MAE,
    MINISTRY_MAE_FROM,
    MINISTRY_MARD,
    PROVINCE,
    Authority,
    AuthorityLevel,
    Referral,
)
from ocopkit.rulesets._averaging import Averaging, ExactMean, RoundedMean
from ocopkit.rulesets._builtin import all_rulesets, builtin_registry, for_date, get
from ocopkit.rulesets._criteria import (
    Citation,
    Condition,
    Criterion,
    CriterionCase,
    CriterionGroup,
    Disqualifier,
    DisqualifierKind,
    Erratum,
    Option,
    Part,
    Scorecard,
)
from ocopkit.rulesets._rules import NATIONAL, PluginInfo, Rules, ScoringContext
from ocopkit.rulesets._rulesets import (
    AssessmentKind,
    Caveat,
    RuleSet,
    RuleSetRegistry,
    Transition,
)
from ocopkit.rulesets._tiers import (
    CERTIFIABLE_STARS,
    HALF_OPEN_BANDS,
    INTEGER_BANDS_1048,
    BandOrNothing,
    Bands,
    HalfOpenBands,
    HighestTierMet,
    IntegerBands,
    TierChecks,
    TierDecision,
    TierPolicy,
    certifiable,
)

__all__ = [
    "CERTIFIABLE_STARS",
    "DISTRICT",
    "HALF_OPEN_BANDS",
    "INTEGER_BANDS_1048",
    "MINISTRY_MAE",
    "MINISTRY_MAE_FROM",
    "MINISTRY_MARD",
    "NATIONAL",
    "PROVINCE",
    "Amendment",
    "AssessmentKind",
    "Attributed",
    "Authority",
    "AuthorityLevel",
    "Averaging",
    "BandOrNothing",
    "Bands",
    "Caveat",
    "Citation",
    "Condition",
    "Criterion",
    "CriterionCase",
    "CriterionChange",
    "CriterionGroup",
    "CriterionOverride",
    "Disqualifier",
    "DisqualifierKind",
    "Erratum",
    "ExactMean",
    "Gate",
    "HalfOpenBands",
    "HighestTierMet",
    "IntegerBands",
    "Option",
    "OptionChange",
    "Part",
    "PluginInfo",
    "Referral",
    "RoundedMean",
    "RuleSet",
    "RuleSetRegistry",
    "Rules",
    "Scorecard",
    "ScoringContext",
    "TierChecks",
    "TierDecision",
    "TierPolicy",
    "Transition",
    "all_rulesets",
    "apply_amendments",
    "apply_overrides",
    "builtin_registry",
    "certifiable",
    "check_amendment",
    "check_override",
    "for_date",
    "get",
    "resolve",
]
