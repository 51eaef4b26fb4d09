"""ocopkit plug-in for Bắc Kạn (old code 06, unit ``06@63``).

Bắc Kạn ceased to exist on 2025-07-01, when it was merged into Thái Nguyên
(``19@34``); any rule added here must end on 2025-06-30 unless its source
says otherwise.

Source: Hoàng Minh Hải (Phó Trưởng ban Kinh tế - Ngân sách), “Đẩy mạnh
Chương trình “Mỗi xã phường một sản phẩm” trên địa bàn tỉnh Bắc Kạn”,
20/06/2024
(``tools/sources/seeds/003_39b1dd1c918de8e5.txt`` in the ocopkit repository).

The article states programme targets (registered as plans, data in
:mod:`ocopkit_backan.plans`) but no provincial rule on scoring, evidence,
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
    "Hoàng Minh Hải, “Đẩy mạnh Chương trình “Mỗi xã phường một sản phẩm” trên địa bàn "
    "tỉnh Bắc Kạn”, 20/06/2024"
)


@hookimpl
def ocopkit_register_plans(register: Callable[[Plan], None]) -> None:
    """Bắc Kạn's OCOP plans (data in :mod:`ocopkit_backan.plans`)."""
    from .plans import plans

    for plan in plans():
        register(plan)
