"""ocopkit plug-in for Quảng Nam (old code 49, unit ``49@63``).

Quảng Nam ceased to exist on 2025-07-01, when it was merged into Đà Nẵng
(``48@34``); any rule added here must end on 2025-06-30 unless its source
says otherwise.

Source: Thảo Nguyên, “Quảng Nam sẽ ứng dụng công nghệ 4.0 đưa sản phẩm Ocop
tham gia thị trường xuất khẩu” (undated; written at the start of the
2021–2025 phase)
(``tools/sources/seeds/004_26173ab77883a1b3.txt`` in the ocopkit repository).

The article states programme targets (registered as plans, data in
:mod:`ocopkit_quangnam.plans`) but no provincial rule on scoring, evidence,
labels or certificates, so this plug-in registers no override, gate or
policy. See the README before adding one: every rule needs a citation
quoting its source.
"""

from __future__ import annotations

from collections.abc import Callable

from ocopkit.plugins import Plan, hookimpl

__version__ = "0.1.0"

__all__ = ["SOURCE", "ocopkit_register_plans"]

#: The article this plug-in's data comes from.
SOURCE = (
    "Thảo Nguyên, “Quảng Nam sẽ ứng dụng công nghệ 4.0 đưa sản phẩm Ocop tham gia thị "
    "trường xuất khẩu” (undated, c. 2021)"
)


@hookimpl
def ocopkit_register_plans(register: Callable[[Plan], None]) -> None:
    """Quảng Nam's OCOP plans (data in :mod:`ocopkit_quangnam.plans`)."""
    from .plans import plans

    for plan in plans():
        register(plan)
