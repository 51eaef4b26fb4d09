"""Helpers shared by provinces and communes: periods, lookup keys, the data files."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from ocopkit import data
from ocopkit.text import nfc, slug

#: First day of the 34-unit, two-tier (province → commune) administration.
REORGANISATION_DATE = date(2025, 7, 1)
#: Last day on which the 63 old provinces and the district level existed.
DISTRICT_ERA_END = date(2025, 6, 30)

PROVINCE_PREFIXES = ("thanh pho ", "tp ", "tinh ", "thu do ")
#: Administrative prefixes of commune names, spelled out or abbreviated ("X. Côn Minh",
#: "P.1", "TT Chợ Rã", "ĐK Vân Đồn"), compared on the slug.
COMMUNE_PREFIXES = ("xa ", "phuong ", "dac khu ", "thi tran ", "x ", "p ", "tt ", "dk ")
#: Administrative prefixes of district names ("Huyện Na Rì", "H. Na Rì", "TX Buôn Hồ").
DISTRICT_PREFIXES = ("huyen ", "quan ", "thi xa ", "thanh pho ", "tp ", "tx ", "h ", "q ")


def key(text: str, prefixes: tuple[str, ...] = PROVINCE_PREFIXES) -> str:
    """Lookup key: folded, punctuation-free, administrative prefix removed."""
    words = slug(text).replace("-", " ")
    for prefix in prefixes:
        if words.startswith(prefix):
            words = words[len(prefix) :]
            break
    return words.replace(" ", "")


def keys(text: str, prefixes: tuple[str, ...]) -> tuple[str, str]:
    """``(key(text, prefixes), key(text, ()))`` from one slug."""
    words = slug(text).replace("-", " ")
    full = words.replace(" ", "")
    for prefix in prefixes:
        if words.startswith(prefix):
            return words[len(prefix):].replace(" ", ""), full
    return full, full


def texts(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(nfc(v) for v in values)


def strs(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def in_force(valid_from: date | None, valid_until: date | None, on: date) -> bool:
    """``on`` lies in the inclusive period (``None``: open or unknown end)."""
    return (valid_from is None or valid_from <= on) and (valid_until is None or on <= valid_until)


def overlap(
    a_from: date | None, a_until: date | None, b_from: date | None, b_until: date | None
) -> bool:
    """Two inclusive periods share at least one day."""
    starts_before_b_ends = a_from is None or b_until is None or a_from <= b_until
    b_starts_before_a_ends = b_from is None or a_until is None or b_from <= a_until
    return starts_before_b_ends and b_starts_before_a_ends


def period(valid_from: date | None, valid_until: date | None) -> str:
    """A period as text, for messages."""
    if valid_from is None and valid_until is None:
        return "always"
    if valid_from is None:
        return f"until {valid_until}"
    if valid_until is None:
        return f"from {valid_from}"
    return f"{valid_from} – {valid_until}"


def optional_date(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))


def read_json(name: str) -> dict[str, Any]:
    """A data file shipped in ``ocopkit/data``."""
    return cast("dict[str, Any]", json.loads(data.read(name)))
