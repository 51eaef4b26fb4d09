"""Who evaluates, decides and certifies each star tier, under each regime.

The competent authority changed with every regime (see the citations on each
:class:`Authority`):

* 1048/QĐ-TTg (2019) and 148/QĐ-TTg before 2025-07-06 kept a district level;
  under 148 the district People's Committee recognised 3★ products.
* 1489/QĐ-TTg (2025-07-06) removed the district level after the 2025
  reorganisation: the province recognises 3★ and 4★.
* 26/2026/QĐ-TTg Điều 4.1: the province People's Committee recognises 3★ and
  4★, the Ministry of Agriculture and Environment recognises 5★.

>>> PROVINCE.name_en
"Provincial People's Committee"
>>> str(MINISTRY_MAE)
'Bộ Nông nghiệp và Môi trường'
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from ._criteria import Citation

__all__ = [
    "DISTRICT",
    "MINISTRY_MAE",
    "MINISTRY_MAE_FROM",
    "MINISTRY_MARD",
    "PROVINCE",
    "Authority",
    "AuthorityLevel",
    "Referral",
]


class AuthorityLevel(enum.Enum):
    """The administrative level of a recognising authority."""

    DISTRICT = "district"
    PROVINCE = "province"
    CENTRAL = "central"


@attrs.frozen
class Authority:
    """A body that decides star recognition and issues certificates."""

    id: str
    level: AuthorityLevel
    name_vi: str
    name_en: str

    def __str__(self) -> str:
        return self.name_vi


DISTRICT = Authority(
    "district-people-committee",
    AuthorityLevel.DISTRICT,
    "Ủy ban nhân dân cấp huyện",
    "District People's Committee",
)
PROVINCE = Authority(
    "province-people-committee",
    AuthorityLevel.PROVINCE,
    "Ủy ban nhân dân cấp tỉnh",
    "Provincial People's Committee",
)
MINISTRY_MARD = Authority(
    "ministry-mard",
    AuthorityLevel.CENTRAL,
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Ministry of Agriculture and Rural Development",
)
MINISTRY_MAE = Authority(
    "ministry-mae",
    AuthorityLevel.CENTRAL,
    "Bộ Nông nghiệp và Môi trường",
    "Ministry of Agriculture and Environment",
)

#: The Ministry of Agriculture and Rural Development merged with the Ministry of Natural
#: Resources and Environment into the Ministry of Agriculture and Environment from
#: 2025-03-01 (Nghị quyết 176/2025/QH15).
MINISTRY_MAE_FROM = date(2025, 3, 1)


@attrs.frozen
class Referral:
    """A step of the evaluation procedure: ``by`` evaluates and forwards the dossiers of
    products scoring at least ``min_total`` points to ``to`` (e.g. 1048/QĐ-TTg Phụ lục
    II 1.a: the district People's Committee forwards products of 50–100 points to the
    province; 1.b: the province forwards 90–100 points to the Ministry).

    Referrals describe the procedure; the tier and its recognising authority are decided
    by the bands and :meth:`~ocopkit.rulesets.RuleSet.authority_for`.
    """

    by: Authority
    to: Authority
    min_total: int
    citation: Citation

    def forwards(self, total: int | float) -> bool:
        """Whether a product of ``total`` points is forwarded."""
        return total >= self.min_total
