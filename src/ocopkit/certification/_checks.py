"""The checks :meth:`Portfolio.check <ocopkit.certification.Portfolio.check>` makes of a
set of records: duplicate keys, and certificates of one product in force on the same day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from ocopkit.errors import Problem

from ._certificate import Certificate

__all__ = ["dedupe", "overlaps"]

_T = TypeVar("_T")


def dedupe(
    items: tuple[_T, ...],
    section: str,
    code: str,
    key: Callable[[_T], str],
    problems: list[Problem],
) -> range | list[int]:
    """The positions of the items kept (the first of each key); report the others."""
    keys = list(map(key, items))
    if len(set(keys)) == len(keys):
        return range(len(keys))
    seen: dict[str, int] = {}
    kept: list[int] = []
    for i, k in enumerate(keys):
        if k in seen:
            problems.append(Problem(
                f"$.{section}[{i}]", code,
                f"trùng mã {k!r} với $.{section}[{seen[k]}]",
                f"{k!r} duplicates $.{section}[{seen[k]}]"))
            continue
        seen[k] = i
        kept.append(i)
    return kept


def overlaps(certs: tuple[Certificate, ...], first: dict[str, int],
              more: dict[str, list[int]], problems: list[Problem]) -> set[int]:
    """Report (and return the positions of) certificates overlapping an earlier one.

    ``first`` and ``more`` come from :func:`_group`; a product with one certificate
    cannot overlap.
    """
    dropped: set[int] = set()
    for pid in sorted(more, key=first.__getitem__):  # products in first-seen order
        holder: Certificate | None = None
        held_until = date.min
        for i in more[pid]:  # by issue date then number
            c = certs[i]
            if c.issued_on is None:
                continue  # a partial issue date: an overlap cannot be established
            end = c.last_day_in_force
            if end < c.issued_on:
                continue  # never in force (revoked or superseded on its issue day)
            if holder is not None and c.issued_on <= held_until:
                problems.append(Problem(
                    f"$.certificates[{i}]", "overlapping-certificates",
                    f"sản phẩm {c.product_id!r}: giấy chứng nhận {c.number!r} và "
                    f"{holder.number!r} cùng có hiệu lực ngày {c.issued_on}",
                    f"product {c.product_id!r}: certificates {c.number!r} and "
                    f"{holder.number!r} are both in force on {c.issued_on}",
                    f"record {holder.number!r} as superseded by {c.number!r} on "
                    f"{c.issued_on}"))
                dropped.add(i)
                continue
            if holder is None or end > held_until:
                holder, held_until = c, end
    return dropped
