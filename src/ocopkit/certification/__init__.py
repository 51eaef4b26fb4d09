"""Certification: certificates (36 months, renewal, revocation, upgrade) and portfolios of
products, subjects and certificates with exact as-of queries.
"""

from ocopkit.certification._certificate import Certificate, CertificateStatus
from ocopkit.certification._filters import PortfolioFilters
from ocopkit.certification._grounds import RevocationGround
from ocopkit.certification._placement import located_within
from ocopkit.certification._policy import (
    DEFAULT_POLICY,
    CertificatePolicy,
    RenewalStage,
    period_end,
)
from ocopkit.certification._portfolio import (
    HARD_PROBLEMS,
    Portfolio,
    RenewalDue,
    due_for_renewal,
)

__all__ = [
    "DEFAULT_POLICY",
    "HARD_PROBLEMS",
    "Certificate",
    "CertificatePolicy",
    "CertificateStatus",
    "Portfolio",
    "PortfolioFilters",
    "RenewalDue",
    "RenewalStage",
    "RevocationGround",
    "due_for_renewal",
    "located_within",
    "period_end",
]
