"""Certification: certificates (36 months, renewal, revocation, upgrade) and portfolios of
products, subjects and certificates with exact as-of queries — and, for records known only
roughly (a month, a year, before or after a day), their bounds.
"""

from ocopkit.certification._bounds import StarStates, lapsed_state, stars_states
from ocopkit.certification._certificate import Certificate, CertificateStatus
from ocopkit.certification._coverage import Coverage
from ocopkit.certification._dates import DatePrecision, PartialDate
from ocopkit.certification._filters import PortfolioFilters
from ocopkit.certification._grounds import RevocationGround
from ocopkit.certification._issuer import IssuingBody, resolve_issuer
from ocopkit.certification._placement import located_within
from ocopkit.certification._policy import (
    DEFAULT_POLICY,
    CertificatePolicy,
    RenewalStage,
    period_end,
)
from ocopkit.certification._portfolio import HARD_PROBLEMS, Portfolio, due_for_renewal
from ocopkit.certification._renewals import RenewalDue

__all__ = [
    "DEFAULT_POLICY",
    "HARD_PROBLEMS",
    "Certificate",
    "CertificatePolicy",
    "CertificateStatus",
    "Coverage",
    "DatePrecision",
    "IssuingBody",
    "PartialDate",
    "Portfolio",
    "PortfolioFilters",
    "RenewalDue",
    "RenewalStage",
    "RevocationGround",
    "StarStates",
    "due_for_renewal",
    "lapsed_state",
    "located_within",
    "period_end",
    "resolve_issuer",
    "stars_states",
]
