"""Places: Vietnam's provinces and communes before and after the 2025 reorganisation.

63 provincial units until 2025-06-30, 34 from 2025-07-01 (Resolution 202/2025/QH15),
each with a period-aware id (``"06@63"``, ``"19@34"``) and its lineage; communes with
their 5-digit codes, periods and predecessors, and the national commune registry of both
periods (:func:`national_communes`, read on first use). See :doc:`/units`.

>>> from datetime import date
>>> from ocopkit import places
>>> bac_kan = places.province("Bắc Kạn")
>>> bac_kan.id, places.successor(bac_kan, date(2026, 1, 1)).name
('06@63', 'Thái Nguyên')
"""

from typing import TYPE_CHECKING

from ocopkit._lazy import lazy_names
from ocopkit.places._common import DISTRICT_ERA_END, REORGANISATION_DATE
from ocopkit.places._provinces import (
    Province,
    ProvinceKind,
    changed_codes,
    contains,
    lineage,
    province,
    provinces,
    retired_codes,
    successor,
)

if TYPE_CHECKING:
    from ocopkit.places._communes import Commune, CommuneKind
    from ocopkit.places._districts import District
    from ocopkit.places._national import national_communes, national_source
    from ocopkit.places._registry import CommuneRegistry, sample_communes

#: Imported on first use (scoring needs the provinces only).
_LAZY = {"Commune": "_communes", "CommuneKind": "_communes", "District": "_districts",
         "national_communes": "_national", "national_source": "_national",
         "CommuneRegistry": "_registry", "sample_communes": "_registry"}


__getattr__, __dir__ = lazy_names(
    __name__, {name: f"{__name__}.{module}:{name}" for name, module in _LAZY.items()}, globals())

__all__ = [
    "DISTRICT_ERA_END",
    "REORGANISATION_DATE",
    "Commune",
    "CommuneKind",
    "CommuneRegistry",
    "District",
    "Province",
    "ProvinceKind",
    "changed_codes",
    "contains",
    "lineage",
    "national_communes",
    "national_source",
    "province",
    "provinces",
    "retired_codes",
    "sample_communes",
    "successor",
]
