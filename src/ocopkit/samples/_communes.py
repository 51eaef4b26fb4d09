"""The SYNTHETIC commune registry of the sample: old communes merged into new ones."""

from __future__ import annotations

import functools

import attrs

from ocopkit.places import DISTRICT_ERA_END, REORGANISATION_DATE, Commune, CommuneRegistry

__all__ = ["SampleCommunes", "sample_commune_registry", "sample_communes"]


def _old_new(prefix: str, tag: str, old_province: str, new_province: str, count: int,
             group: int) -> tuple[list[Commune], list[Commune]]:
    """``count`` old communes, merged ``group`` by ``group`` into new ones (first code kept)."""
    old = [Commune(f"{prefix}{i:03d}", f"Xã Mẫu {tag}-{i:03d}", old_province, "xã",
                   valid_until=DISTRICT_ERA_END) for i in range(1, count + 1)]
    new = []
    for g in range(0, count, group):
        members = old[g:g + group]
        new.append(Commune(members[0].code, f"Xã Mẫu {new_province[:2]}-{tag}-{g // group + 1:02d}",
                           new_province, "xã", valid_from=REORGANISATION_DATE,
                           predecessor_codes=tuple(m.code for m in members)))
    return old, new


@attrs.frozen
class SampleCommunes:
    registry: CommuneRegistry
    backan: tuple[str, ...]
    backan_new: tuple[str, ...]
    thainguyen: tuple[str, ...]
    thainguyen_new: tuple[str, ...]
    binhthuan: tuple[str, ...]
    binhthuan_new: tuple[str, ...]
    quangnam: tuple[str, ...]
    quangnam_new: tuple[str, ...]


@functools.cache
def sample_communes() -> SampleCommunes:
    bk_old, bk_new = _old_new("98", "BK", "06@63", "19@34", 108, 3)
    tn_old, tn_new = _old_new("97", "TN", "19@63", "19@34", 3, 3)
    bt_old, bt_new = _old_new("96", "BT", "60@63", "68@34", 30, 3)
    qn_old, qn_new = _old_new("95", "QNA", "49@63", "48@34", 241, 4)
    everything = [*bk_old, *bk_new, *tn_old, *tn_new, *bt_old, *bt_new, *qn_old, *qn_new]

    def codes(items: list[Commune]) -> tuple[str, ...]:
        return tuple(c.code for c in items)

    return SampleCommunes(CommuneRegistry(everything), codes(bk_old), codes(bk_new), codes(tn_old),
                     codes(tn_new), codes(bt_old), codes(bt_new), codes(qn_old), codes(qn_new))


def sample_commune_registry() -> CommuneRegistry:
    """The SYNTHETIC commune registry of the sample (see the module docstring).

    >>> from datetime import date
    >>> reg = sample_commune_registry()
    >>> bk = [c for c in reg if c.province_id == "06@63"]
    >>> len(bk), bk[0].name, reg.get("98001", on=date(2026, 1, 1)).predecessor_codes
    (108, 'Xã Mẫu BK-001', ('98001', '98002', '98003'))
    """
    return sample_communes().registry
