"""The procedure of QĐ 26/2026/QĐ-TTg: dossiers and forms (Điều 6, Phụ lục III), the
steps from the subject to the commune, the province and the Ministry with their time
limits (Điều 5, 7), revocation (Điều 8.2–8.4), supervision (Điều 9) and the transition
(Điều 12). See :doc:`/procedure`.

>>> from datetime import date
>>> from ocopkit import procedure
>>> procedure.round_for(date(2027, 3, 15)).decide_by
datetime.date(2027, 6, 29)
>>> procedure.ProcedurePolicy().working_days_after(date(2027, 2, 1), 15)
datetime.date(2027, 3, 1)
"""

from ocopkit.procedure._actors import QD26, Actor, LabelledEnum, Stage, Step, cite
from ocopkit.procedure._calendar import (
    DEFAULT_CALENDAR,
    MAX_WORKING_DAYS,
    CalendarException,
    WorkingCalendar,
)
from ocopkit.procedure._case import Case, deadline_report
from ocopkit.procedure._comparison import (
    CriterionComparison,
    SelfAssessmentComparison,
    compare_self_assessment,
)
from ocopkit.procedure._completeness import check, is_tourism, require_complete
from ocopkit.procedure._dossiers import (
    REQUIRED_DOCUMENTS,
    SAMPLES_REQUIRED,
    CommuneDossier,
    Document,
    DocumentKind,
    ProductDossier,
    ProvinceDossier,
    Samples,
    Submission,
)
from ocopkit.procedure._forms import (
    Applicant,
    AssessedPoint,
    CommunePoint,
    CommuneReport,
    Gender,
    Receipt,
    RegistrationForm,
    RegistrationNumber,
    Representative,
)
from ocopkit.procedure._limits import (
    DEFAULT_PROCEDURE_POLICY,
    FIVE_STAR_POINTS,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Note,
    ProcedurePolicy,
    vn_date,
)
from ocopkit.procedure._machine import (
    STEP_RULES,
    CouncilForm,
    Event,
    MeetingReason,
    StepRule,
    next_rules,
)
from ocopkit.procedure._revocation import (
    Conclusion,
    ConclusionKind,
    InspectionMode,
    InspectionScope,
    RevocationCase,
    RevocationEvent,
    RevocationStage,
    RevocationStep,
    SupervisionFinding,
)
from ocopkit.procedure._rounds import EFFECTIVE_FROM, Round, round_for, statutory_round
from ocopkit.procedure._selfreport import (
    EVIDENCE_KEYS,
    Declaration,
    Evidence,
    EvidenceKind,
    GeneralInformation,
    ProductChange,
    SelfAssessmentReport,
    Update,
    UpdateTopic,
)
from ocopkit.procedure._timeline import (
    DeadlineReport,
    Timeline,
    deadlines,
    dossier_timeline,
    transition_for,
)

__all__ = [
    "DEFAULT_CALENDAR",
    "DEFAULT_PROCEDURE_POLICY",
    "EFFECTIVE_FROM",
    "EVIDENCE_KEYS",
    "FIVE_STAR_POINTS",
    "MAX_WORKING_DAYS",
    "QD26",
    "REQUIRED_DOCUMENTS",
    "SAMPLES_REQUIRED",
    "STEP_RULES",
    "Actor",
    "Applicant",
    "AssessedPoint",
    "CalendarException",
    "Case",
    "CommuneDossier",
    "CommunePoint",
    "CommuneReport",
    "Conclusion",
    "ConclusionKind",
    "CouncilForm",
    "CriterionComparison",
    "Deadline",
    "DeadlineKind",
    "DeadlineReport",
    "DeadlineStatus",
    "Declaration",
    "Document",
    "DocumentKind",
    "Event",
    "Evidence",
    "EvidenceKind",
    "Gender",
    "GeneralInformation",
    "InspectionMode",
    "InspectionScope",
    "LabelledEnum",
    "MeetingReason",
    "Note",
    "ProcedurePolicy",
    "ProductChange",
    "ProductDossier",
    "ProvinceDossier",
    "Receipt",
    "RegistrationForm",
    "RegistrationNumber",
    "Representative",
    "RevocationCase",
    "RevocationEvent",
    "RevocationStage",
    "RevocationStep",
    "Round",
    "Samples",
    "SelfAssessmentComparison",
    "SelfAssessmentReport",
    "Stage",
    "Step",
    "StepRule",
    "Submission",
    "SupervisionFinding",
    "Timeline",
    "Update",
    "UpdateTopic",
    "WorkingCalendar",
    "check",
    "cite",
    "compare_self_assessment",
    "deadline_report",
    "deadlines",
    "dossier_timeline",
    "is_tourism",
    "next_rules",
    "require_complete",
    "round_for",
    "statutory_round",
    "transition_for",
    "vn_date",
]
