"""What a product's record says about a day when some dates are known only roughly.

A product's state on a day is the *set of star tiers it may hold* (``None`` for "no
recognition"): ``{4}`` — certainly 4★; ``{None}`` — certainly none; ``{3, 4}`` — a 3★
certificate was renewed at 4★ some day in a month that contains the day; ``{None, 3}`` —
a certificate known only to be issued "in 2025" may or may not be in force in mid-2025.
Every as-of answer with bounds (:meth:`Portfolio.stars_states
<ocopkit.certification.Portfolio.stars_states>`, and the lower and upper values of
:mod:`ocopkit.targets`) is derived from these sets: a product *certainly* counts when every
tier in its set passes the test, *possibly* when one does.

The rule, for the certificates of one product:

* **in force** on a day: the candidates are the certificates possibly in force; the
  product holds the most recently issued one in force (a later certificate supersedes an
  earlier one, 26/2026 Điều 7.5–7.6), so a candidate is ruled out only when another
  certificate is *certainly* in force and *certainly* issued after it. ``None`` is possible
  unless some certificate is certainly in force.
* **recognised** (cumulative) on a day: the candidates are the certificates possibly
  issued by then; the product's tier is that of its latest recognition, ``None`` when that
  was revoked; ``None`` is possible unless some certificate was certainly issued by then.

For a product whose dates are all known to the day, the set has exactly one element and
the answers are those of the exact queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal, TypeAlias

from ._certificate import Certificate
from ._history import certain_span, possible_span

__all__ = ["StarStates", "lapsed_state", "stars_states"]

#: The star tiers a product may hold on a day (``None``: no recognition).
StarStates: TypeAlias = frozenset[int | None]
Basis: TypeAlias = Literal["in-force", "recognised"]


def _after(later: Certificate, earlier: Certificate) -> bool:
    """``later`` was certainly issued after ``earlier``."""
    first_later, _ = later.issue_bounds
    _, last_earlier = earlier.issue_bounds
    if later.issued_on is not None and earlier.issued_on is not None:
        return (later.issued_on, later.number) > (earlier.issued_on, earlier.number)
    return first_later is not None and last_earlier is not None and first_later > last_earlier


def stars_states(history: Sequence[Certificate], on: date, basis: Basis) -> StarStates:
    """The tiers a product with certificates ``history`` may hold on ``on`` (see above)."""
    if basis == "in-force":
        candidates = []
        certain = []
        for c in history:
            lo, hi = possible_span(c)
            if lo <= on <= hi:
                candidates.append(c)
                sure_from, sure_until = certain_span(c)
                if sure_from <= on <= sure_until:
                    certain.append(c)
        out: set[int | None] = {c.stars for c in candidates
                                if not any(_after(x, c) for x in certain)}
        if not certain:
            out.add(None)
        return frozenset(out)
    candidates = []
    certain = []
    for c in history:
        lo_span, hi_span = possible_span(c)
        if hi_span < lo_span:
            continue  # never in force (revoked or superseded on its issue day)
        first, last = c.issue_bounds
        if first is None or first <= on:
            candidates.append(c)
            if last is not None and last <= on:
                certain.append(c)
    out = set()
    for c in candidates:
        if any(_after(x, c) for x in certain):
            continue
        revoked = c.revoked_on is not None and c.revoked_on <= on
        out.add(None if revoked else c.stars)
    if not certain:
        out.add(None)
    return frozenset(out)


def lapsed_state(history: Sequence[Certificate], on: date) -> bool | None:
    """Whether the product's latest recognition had lapsed (expired, not revoked nor
    superseded) on ``on``: ``True``, ``False``, or ``None`` when the dates do not tell."""
    recognised = stars_states(history, on, "recognised")
    in_force = stars_states(history, on, "in-force")
    if None not in recognised and in_force == {None}:
        return True
    if recognised - {None} and None in in_force:
        return None
    return False
