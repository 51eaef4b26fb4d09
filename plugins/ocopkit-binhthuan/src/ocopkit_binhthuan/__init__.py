"""ocopkit plug-in for Bình Thuận (old code 60, unit ``60@63``).

Bình Thuận ceased to exist on 2025-07-01, when it was merged into Lâm Đồng
(``68@34``); every rule here ends on 2025-06-30.

Source: Nguyễn Kiều Ly (VIOIT), a summary of Kế hoạch số 3799/KH-UBND ngày
9/11/2022 of the Bình Thuận People's Committee on the OCOP programme
2021–2025 (``tools/sources/seeds/002_bcff65a691ea760c.txt`` in the ocopkit
repository).

What the article supports, and what this plug-in models:

* :data:`DISTRICT_EVALUATION_FIRST` — a gate: under the plan (section 3.6)
  a product is evaluated by the district council first, and only products
  scoring 50 points (3★) or more there have their dossier forwarded to the
  provincial council. Tiers from 3★ up need the evidence
  ``"district-council-result"``. The window runs from the plan's date to the
  province's last day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ocopkit.plugins import Citation, CriterionOverride, Gate, Plan, hookimpl

__version__ = "0.1.0"

__all__ = [
    "DISTRICT_EVALUATION_FIRST",
    "SOURCE",
    "ocopkit_register_plans",
    "ocopkit_register_rules",
]

#: The plan every rule of this plug-in cites (as summarised by VIOIT).
SOURCE = (
    "Kế hoạch số 3799/KH-UBND ngày 9/11/2022 của UBND tỉnh Bình Thuận "
    "(tóm tắt: Nguyễn Kiều Ly, VIOIT)"
)

DISTRICT_EVALUATION_FIRST = Gate(
    id="binhthuan-kh3799-district-evaluation",
    province="60@63",
    requires=frozenset({"district-council-result"}),
    citation=Citation(
        SOURCE,
        "mục 3.6",
        "“Những sản phẩm đạt từ 50 điểm (tương đương 3 sao) trở lên sẽ được chuyển hồ sơ "
        "đánh giá, phân hạng tại cấp tỉnh.”",
    ),
    name_vi="Đạt từ 50 điểm tại Hội đồng cấp huyện trước khi đánh giá, phân hạng cấp tỉnh",
    name_en="At least 50 points from the district council before provincial evaluation",
    min_stars=3,
    effective_from=date(2022, 11, 9),
    effective_until=date(2025, 6, 30),
)


@hookimpl
def ocopkit_register_rules(register: Callable[[CriterionOverride | Gate], None]) -> None:
    """Bình Thuận's district-first evaluation (KH 3799/KH-UBND, 2022)."""
    register(DISTRICT_EVALUATION_FIRST)


@hookimpl
def ocopkit_register_plans(register: Callable[[Plan], None]) -> None:
    """Bình Thuận's OCOP plans (data in :mod:`ocopkit_binhthuan.plans`)."""
    from .plans import plans

    for plan in plans():
        register(plan)
