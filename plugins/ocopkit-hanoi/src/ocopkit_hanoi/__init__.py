"""ocopkit plug-in for Hà Nội (code 01; unit ``01@63``, then ``01@34``).

Source: Thiện Tâm, "Phát triển kinh tế từ thế mạnh sản phẩm OCOP",
thanglong.chinhphu.vn, republished 04/06/2020
(``tools/sources/seeds/001_873465a66fff10a0.txt`` in the ocopkit repository).

What the article supports, and what this plug-in models:

* :data:`EVIDENCE_DOSSIER_2020` — a gate: the article lists what the
  evidence dossier ("hồ sơ minh chứng") of a product entering the 2020
  evaluation had to contain "theo yêu cầu" (as required): a production and
  business plan, an environmental protection plan, proof of origin, offtake
  contracts with agents, the certificate that the facility meets production
  conditions, and a website. Tiers from 3★ up (the city-level evaluation)
  need those six kinds of evidence. The article's list ends with "…": only
  the items it names are modelled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ocopkit.plugins import Citation, CriterionOverride, Gate, Plan, hookimpl

__version__ = "0.1.0"

__all__ = [
    "EVIDENCE_DOSSIER_2020",
    "SOURCE",
    "ocopkit_register_plans",
    "ocopkit_register_rules",
]

#: The article every rule of this plug-in cites.
SOURCE = (
    "Thiện Tâm, “Phát triển kinh tế từ thế mạnh sản phẩm OCOP”, thanglong.chinhphu.vn, "
    "04/06/2020"
)

EVIDENCE_DOSSIER_2020 = Gate(
    id="hanoi-2020-evidence-dossier",
    province="01@63",
    requires=frozenset({
        "business-plan",
        "environmental-protection-plan",
        "proof-of-origin",
        "offtake-contract",
        "facility-eligibility-certificate",
        "website",
    }),
    citation=Citation(
        SOURCE,
        None,
        "“hồ sơ minh chứng cho sản phẩm còn chưa đầy đủ theo yêu cầu như: Thiếu kế hoạch sản "
        "xuất kinh doanh, kế hoạch bảo vệ môi trường, chứng minh nguồn gốc xuất xứ; hợp đồng "
        "bao tiêu sản phẩm với các đại lý, giấy chứng nhận cơ sở đủ điều kiện sản xuất, trang "
        "website,…”",
    ),
    name_vi="Hồ sơ minh chứng đầy đủ theo yêu cầu khi đánh giá, phân hạng năm 2020",
    name_en="Complete evidence dossier for the 2020 evaluation round",
    min_stars=3,
    effective_from=date(2020, 1, 1),
    effective_until=date(2020, 12, 31),
)


@hookimpl
def ocopkit_register_rules(register: Callable[[CriterionOverride | Gate], None]) -> None:
    """Hà Nội's 2020 evidence-dossier requirements."""
    register(EVIDENCE_DOSSIER_2020)


@hookimpl
def ocopkit_register_plans(register: Callable[[Plan], None]) -> None:
    """Hà Nội's OCOP plans (data in :mod:`ocopkit_hanoi.plans`)."""
    from .plans import plans

    for plan in plans():
        register(plan)
