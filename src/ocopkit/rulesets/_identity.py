"""The identity of a rule set: the canonical JSON of what decides a result, and its hash.

:attr:`RuleSet.content_hash <ocopkit.rulesets.RuleSet.content_hash>` is
``"sha256:" + sha256(law)``, where ``law`` is the canonical JSON (sorted keys, no
spaces, UTF-8) of the effective dates, parts, bands, tier policy, authorities,
transitions and, per scorecard in product-set order, of the parts, groups,
criteria, options, points, minimum marks, conditions and disqualifiers — and of
nothing else (titles, names, option texts, citations, notes and errata reasons can
be corrected without changing it).

The JSON of the scorecards is the list of the JSON of each scorecard
(:func:`card_identity`), so the hash is computed from the rule set's own fields (the
*frame*) and one piece of text per scorecard, streamed into SHA-256 — which is what
lets a rule set whose scorecards are built on first use
(:class:`~ocopkit.rulesets._shipped.ShippedScorecards`) have its exact hash without
building them: the piece of each shipped scorecard is generated with the data
(``tools/make_identity.py``) and checked against the scorecard when it is built.

This module has no public names.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from ._criteria import Scorecard

__all__: list[str] = []

#: Where the scorecards' JSON goes in the frame (a string no rule data can contain:
#: JSON escapes the NUL characters, and the frame is split on the escaped form).
_SLOT = "\x00scorecards\x00"
_SLOT_JSON = json.dumps(_SLOT)


def _dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _policy(value: object) -> object:
    """A band or tier policy by what decides: its id and, for attrs classes, its fields."""
    cls: Any = type(value)
    if attrs.has(cls):
        return {f.name: _plain(getattr(value, f.name)) for f in attrs.fields(cls)}
    return {"id": getattr(value, "id", repr(value))}


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date | Fraction):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(str(_plain(v)) for v in value)
    return value


def _card(card: Scorecard) -> object:
    # Alternative cases and part shortfalls (1048) enter the identity only where a card
    # has them, so that the identity of cards without them is unchanged.
    def option(o: Any) -> list[object]:
        return [o.id, o.points, o.min_star] + ([o.case] if o.case is not None else [])

    def criterion(c: Any) -> dict[str, object]:
        out = {
            "id": c.id, "max": c.max_points,
            "options": [option(o) for o in c.options],
            "applies_when": c.applies_when.criterion_id if c.applies_when else None,
            # a disqualifier the scores decide names its criteria (only where there is one)
            "disqualifiers": [[d.id, d.kind.value, *([list(d.when_zero)] if d.when_zero else [])]
                              for d in c.disqualifiers],
        }
        if c.cases:
            out["cases"] = [k.id for k in c.cases]
        return out

    def part(p: Any) -> dict[str, object]:
        out: dict[str, object] = {
            "id": p.id, "max": p.max_points,
            "groups": [{"id": g.id, "max": g.max_points,
                        "criteria": [criterion(c) for c in g.criteria]} for g in p.groups],
        }
        if p.shortfall:
            out["shortfall"] = p.shortfall
        return out

    return {
        "product_set": card.product_set,
        "dossier_disqualifiers": [[d.id, d.kind.value] for d in card.dossier_disqualifiers],
        "parts": [part(p) for p in card.parts],
    }


def card_identity(card: Scorecard) -> str:
    """The canonical JSON of what decides a result in ``card`` (its piece of the
    rule set's identity)."""
    return _dumps(_card(card))


def _frame(rs: Any) -> dict[str, object]:
    """The rule set's own part of its identity (everything but the scorecards)."""
    return {
        "id": rs.id,
        "effective": [str(rs.effective_from), _plain(rs.effective_until)],
        "part_max": dict(sorted(rs.part_max.items())),
        "bands": _policy(rs.bands),
        "tier_policy": _policy(rs.tier_policy),
        "authorities": {str(stars): [[_plain(since), a.id, a.level.value] for since, a in pairs]
                        for stars, pairs in sorted(rs.authorities.items())},
        "transitions": [[t.ruleset_id, str(t.submitted_before), str(t.decided_until),
                         sorted(k.value for k in t.kinds)] for t in rs.transitions],
        "scorecards": _SLOT,
    }


def content_hash(rs: Any, cards: Iterable[str]) -> str:
    """``"sha256:…"`` of the identity of ``rs`` whose scorecards, in product-set order,
    have the identities ``cards`` (see the module docstring)."""
    head, sep, tail = _dumps(_frame(rs)).partition(_SLOT_JSON)
    if not sep or _SLOT_JSON in tail:  # cannot happen: no rule data holds a NUL
        raise AssertionError("the identity frame of a rule set holds its own placeholder")
    h = hashlib.sha256(head.encode("utf-8"))
    h.update(b"[")
    for i, piece in enumerate(cards):
        if i:
            h.update(b",")
        h.update(piece.encode("utf-8"))
    h.update(b"]")
    h.update(tail.encode("utf-8"))
    return "sha256:" + h.hexdigest()


def identities(cards: Mapping[int, Scorecard]) -> tuple[str, ...]:
    """The identities of ``cards`` in product-set order, computed from the cards."""
    return tuple(card_identity(cards[n]) for n in sorted(cards))
