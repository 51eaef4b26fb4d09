"""Targets: province plans and their targets, the indicators that measure them, and
attainment on any date.
"""

from ocopkit.targets._attainment import attainment
from ocopkit.targets._builtin import builtin_indicators
from ocopkit.targets._indicators import (
    BASES,
    Basis,
    EvaluationEvent,
    Indicator,
    IndicatorRegistry,
    IndicatorScope,
    IndicatorValue,
    NotMeasurableError,
    Number,
    ParamValue,
)
from ocopkit.targets._plans import Plan, Reported, Target, TargetKind, format_number, quoted
from ocopkit.targets._report import AttainmentReport
from ocopkit.targets._results import AttainmentRow, Status, YearResult

__all__ = [
    "BASES",
    "AttainmentReport",
    "AttainmentRow",
    "Basis",
    "EvaluationEvent",
    "Indicator",
    "IndicatorRegistry",
    "IndicatorScope",
    "IndicatorValue",
    "NotMeasurableError",
    "Number",
    "ParamValue",
    "Plan",
    "Reported",
    "Status",
    "Target",
    "TargetKind",
    "YearResult",
    "attainment",
    "builtin_indicators",
    "format_number",
    "quoted",
]
