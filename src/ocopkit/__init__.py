"""ocopkit: rules-as-code core for Vietnam's OCOP programme.

Score product dossiers against the national scorecards, classify them into
star tiers, track certificates and measure province plans — as pure,
typed, immutable domain objects.

>>> from datetime import date
>>> import ocopkit
>>> ocopkit.rulesets.for_date(date(2026, 6, 1)).id
'vn-qd-26-2026'
"""

from __future__ import annotations

__version__ = "0.1.0.dev0"

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import catalog, errors, plugins, rulesets, serialize, subjects, text, units
    from .adjustments import CriterionOverride, Gate, OptionChange
    from .assessment import Answer, Assessment, Level, ScoreSheet
    from .attainment import AttainmentReport, AttainmentRow
    from .authorities import Authority, AuthorityLevel
    from .averaging import ExactMean, RoundedMean
    from .catalog import ClassificationNode, ProductSet, product_set, product_sets
    from .certificates import (
        Certificate,
        CertificatePolicy,
        CertificateStatus,
        RenewalStage,
        RevocationGround,
    )
    from .criteria import (
        Citation,
        Condition,
        Criterion,
        CriterionGroup,
        Disqualifier,
        DisqualifierKind,
        Option,
        Part,
        Scorecard,
    )
    from .errors import (
        CertificateError,
        ConflictError,
        DataError,
        MissingDependencyError,
        OcopError,
        PluginError,
        Problem,
        ValidationError,
    )
    from .evaluation import Evaluation, GateFailure, Provenance, TraceLine
    from .gap import Change, Gap
    from .indicators import Indicator, IndicatorScope, IndicatorValue, builtin_indicators
    from .plugins import load_rules
    from .portfolio import Portfolio, RenewalDue, due_for_renewal
    from .products import Product, ProductCode
    from .rules import PluginInfo, Rules
    from .rulesets import RuleSet, Transition
    from .scoring import evaluate, validate
    from .subjects import LegalRepresentative, Subject, SubjectKind
    from .targets import Plan, Target, TargetKind
    from .tiers import (
        HALF_OPEN_BANDS,
        INTEGER_BANDS_1048,
        BandOrNothing,
        HalfOpenBands,
        HighestTierMet,
        IntegerBands,
        TierDecision,
        TierPolicy,
    )
    from .units import Commune, CommuneRegistry, Province

_LAZY: dict[str, str] = {
    "AttainmentReport": "attainment",
    "AttainmentRow": "attainment",
    "attainment": "",
    "Plan": "targets",
    "Target": "targets",
    "TargetKind": "targets",
    "Indicator": "indicators",
    "IndicatorScope": "indicators",
    "IndicatorValue": "indicators",
    "builtin_indicators": "indicators",
    "load_rules": "plugins",
    "plugins": "",
    "serialize": "",
    "Answer": "assessment",
    "Assessment": "assessment",
    "Authority": "authorities",
    "AuthorityLevel": "authorities",
    "BandOrNothing": "tiers",
    "Certificate": "certificates",
    "CertificateError": "errors",
    "CertificatePolicy": "certificates",
    "CertificateStatus": "certificates",
    "Change": "gap",
    "Citation": "criteria",
    "ClassificationNode": "catalog",
    "Commune": "units",
    "CommuneRegistry": "units",
    "Condition": "criteria",
    "ConflictError": "errors",
    "Criterion": "criteria",
    "CriterionGroup": "criteria",
    "CriterionOverride": "adjustments",
    "DataError": "errors",
    "Disqualifier": "criteria",
    "DisqualifierKind": "criteria",
    "Evaluation": "evaluation",
    "ExactMean": "averaging",
    "Gap": "gap",
    "Gate": "adjustments",
    "GateFailure": "evaluation",
    "HALF_OPEN_BANDS": "tiers",
    "HalfOpenBands": "tiers",
    "HighestTierMet": "tiers",
    "INTEGER_BANDS_1048": "tiers",
    "IntegerBands": "tiers",
    "LegalRepresentative": "subjects",
    "Level": "assessment",
    "MissingDependencyError": "errors",
    "OcopError": "errors",
    "Option": "criteria",
    "OptionChange": "adjustments",
    "Part": "criteria",
    "PluginError": "errors",
    "PluginInfo": "rules",
    "Portfolio": "portfolio",
    "Problem": "errors",
    "Product": "products",
    "ProductCode": "products",
    "ProductSet": "catalog",
    "Provenance": "evaluation",
    "Province": "units",
    "RenewalDue": "portfolio",
    "RenewalStage": "certificates",
    "RevocationGround": "certificates",
    "RoundedMean": "averaging",
    "RuleSet": "rulesets",
    "Rules": "rules",
    "ScoreSheet": "assessment",
    "Scorecard": "criteria",
    "Subject": "subjects",
    "SubjectKind": "subjects",
    "TierDecision": "tiers",
    "TierPolicy": "tiers",
    "TraceLine": "evaluation",
    "Transition": "rulesets",
    "ValidationError": "errors",
    "catalog": "",
    "due_for_renewal": "portfolio",
    "errors": "",
    "evaluate": "scoring",
    "product_set": "catalog",
    "product_sets": "catalog",
    "rulesets": "",
    "subjects": "",
    "text": "",
    "units": "",
    "validate": "scoring",
}


def __getattr__(name: str) -> object:
    """Import public names on first use, so that ``import ocopkit`` stays light."""
    import importlib

    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'ocopkit' has no attribute {name!r}") from None
    value = importlib.import_module(f".{module or name}", __name__)
    if module:
        value = getattr(value, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "HALF_OPEN_BANDS",
    "INTEGER_BANDS_1048",
    "Answer",
    "Assessment",
    "AttainmentReport",
    "AttainmentRow",
    "Authority",
    "AuthorityLevel",
    "BandOrNothing",
    "Certificate",
    "CertificateError",
    "CertificatePolicy",
    "CertificateStatus",
    "Change",
    "Citation",
    "ClassificationNode",
    "Commune",
    "CommuneRegistry",
    "Condition",
    "ConflictError",
    "Criterion",
    "CriterionGroup",
    "CriterionOverride",
    "DataError",
    "Disqualifier",
    "DisqualifierKind",
    "Evaluation",
    "ExactMean",
    "Gap",
    "Gate",
    "GateFailure",
    "HalfOpenBands",
    "HighestTierMet",
    "Indicator",
    "IndicatorScope",
    "IndicatorValue",
    "IntegerBands",
    "LegalRepresentative",
    "Level",
    "MissingDependencyError",
    "OcopError",
    "Option",
    "OptionChange",
    "Part",
    "Plan",
    "PluginError",
    "PluginInfo",
    "Portfolio",
    "Problem",
    "Product",
    "ProductCode",
    "ProductSet",
    "Provenance",
    "Province",
    "RenewalDue",
    "RenewalStage",
    "RevocationGround",
    "RoundedMean",
    "RuleSet",
    "Rules",
    "ScoreSheet",
    "Scorecard",
    "Subject",
    "SubjectKind",
    "Target",
    "TargetKind",
    "TierDecision",
    "TierPolicy",
    "TraceLine",
    "Transition",
    "ValidationError",
    "__version__",
    "attainment",
    "builtin_indicators",
    "catalog",
    "due_for_renewal",
    "errors",
    "evaluate",
    "load_rules",
    "plugins",
    "product_set",
    "product_sets",
    "rulesets",
    "serialize",
    "subjects",
    "text",
    "units",
    "validate",
]
