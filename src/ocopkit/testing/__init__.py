"""The conformance kit for ocopkit plug-in authors.

Three parts:

* pytest fixtures (:mod:`ocopkit.testing.pytest_plugin`, enabled
  automatically when ocopkit is installed): ``ocopkit_plugin``,
  ``ocopkit_manager``, ``ocopkit_loaded``, ``ocopkit_rules``,
  ``sample_assessments`` and ``golden_cases``;
* Hypothesis strategies (:mod:`ocopkit.testing.strategies`, which needs
  ``hypothesis``; nothing else in ocopkit imports it);
* the plain functions below, which the fixtures wrap.

``pip install 'ocopkit[testing]'`` installs what the first two need (pytest and
Hypothesis).

>>> cases = sample_assessments(product_sets=[7], profiles=["high"])
>>> cases[0].name, cases[0].product_set
('set 7 high', 7)
>>> from ocopkit.scoring import evaluate
>>> evaluate(cases[0]).stars
5
>>> all(case.holds() for case in golden_cases())
True

Importing this package is cheap: scorecards are only read when a function
is called.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:
    from ocopkit.rulesets import Rules, Scorecard
    from ocopkit.scoring import Assessment

__all__ = [
    "PROFILES",
    "GoldenCase",
    "golden_cases",
    "profile_answers",
    "sample_assessments",
    "without_hooks",
]

Profile = Literal["low", "mid", "high"]

#: The option profiles of :func:`sample_assessments`: the lowest-scoring
#: option of every criterion, the middle one, the highest one.
PROFILES: tuple[Profile, ...] = ("low", "mid", "high")

#: Default date of the samples; without a ``ruleset_id`` they are scored by the rule
#: set in force that day (26/2026 on the default date; 1048/2019 from 2019-08-21 to
#: 2023-02-23, the other regimes carrying per-criterion scorecards).
RULESET_ID = "vn-qd-26-2026"
ASSESSED_ON = date(2026, 6, 1)


def profile_answers(card: Scorecard, profile: Profile) -> dict[str, str]:
    """``{criterion: option}`` choosing the low, middle or high option everywhere."""
    answers = {}
    for crit in card:
        options = sorted(crit.options, key=lambda o: (o.points, o.id))
        index = {"low": 0, "mid": len(options) // 2, "high": len(options) - 1}[profile]
        answers[crit.id] = options[index].id
    return answers


def sample_assessments(
    *,
    ruleset_id: str | None = None,
    assessed_on: date = ASSESSED_ON,
    province: str | None = None,
    product_sets: Iterable[int] | None = None,
    profiles: Iterable[Profile] = PROFILES,
) -> tuple[Assessment, ...]:
    """One valid assessment per product set and profile (26 × 3 by default).

    Each is named ``"set <n> <profile>"``, dated ``assessed_on`` and pinned to
    ``ruleset_id`` — by default the rule set in force on ``assessed_on``, so that a
    2020 sample is a 1048 scorecard (its set numbers are 1048's); pass ``province`` to
    place them in a province.

    >>> (a,) = sample_assessments(product_sets=[21], profiles=["mid"],
    ...                           assessed_on=date(2020, 6, 15))
    >>> a.ruleset_id
    'vn-qd-1048-2019'
    """
    from ocopkit.rulesets import builtin_registry
    from ocopkit.scoring import Assessment

    registry = builtin_registry()
    ruleset = (registry.for_date(assessed_on) if ruleset_id is None
               else registry.get(ruleset_id))
    ruleset_id = ruleset.id
    numbers = sorted(ruleset.scorecards) if product_sets is None else list(product_sets)
    out = []
    for n in numbers:
        card = ruleset.scorecard(n)
        for profile in profiles:
            out.append(Assessment.single(
                n, profile_answers(card, profile), assessed_on=assessed_on,
                ruleset_id=ruleset_id, province=province, name=f"set {n} {profile}",
            ))
    return tuple(out)


@attrs.frozen
class GoldenCase:
    """An assessment with its expected national result (total, stars, certifiable).

    The expectations are fixed numbers checked by hand against the
    scorecards; a plug-in that changes them for an assessment outside its
    province (or without a province, as here) changes national results.
    """

    assessment: Assessment
    total: Fraction
    stars: int | None
    certifiable: bool

    @property
    def name(self) -> str:
        return self.assessment.name or ""

    def holds(self, rules: Rules | None = None) -> bool:
        """Whether :func:`ocopkit.scoring.evaluate` under ``rules`` still gives the expectation."""
        from ocopkit.scoring import evaluate

        ev = evaluate(self.assessment, rules)
        return (ev.total, ev.stars, ev.certifiable) == (self.total, self.stars, self.certifiable)


@attrs.frozen
class _Golden:
    product_set: int
    profile: Profile
    changes: Mapping[str, str]
    total: Fraction
    stars: int | None
    certifiable: bool
    why: str


#: Expected national results under 26/2026, worked out by hand from the
#: scorecards (sum of the chosen options; bands; minimum marks).
_GOLDEN: tuple[_Golden, ...] = (
    _Golden(1, "high", {}, Fraction(100), 5, True, "every option at its maximum"),
    _Golden(1, "mid", {}, Fraction(62), 3, True, "band 3★, 3★ minimums met"),
    _Golden(1, "low", {}, Fraction(15), 1, False, "band 1★"),
    _Golden(7, "mid", {}, Fraction(64), 3, True, "band 3★, 3★ minimums met"),
    _Golden(7, "high", {"1.5": "1.5.b"}, Fraction(98), 3, True,
            "band 5★, but 1.5.b (1 point) misses the 4★ (2) and 5★ (3) minimums of 1.5"),
    _Golden(26, "mid", {}, Fraction(74), 4, True, "band 4★, 4★ minimums met"),
    _Golden(26, "low", {}, Fraction(31), 2, False, "band 2★: not certifiable"),
)


def golden_cases() -> tuple[GoldenCase, ...]:
    """Fixed national results that no provincial plug-in may change.

    The assessments have no province, so no provincial rule applies to
    them; only a plug-in that replaces a tier policy or adds a rule set may
    legitimately change them.
    """
    from ocopkit.rulesets import builtin_registry
    from ocopkit.scoring import Assessment

    ruleset = builtin_registry().get(RULESET_ID)
    out = []
    for g in _GOLDEN:
        answers = {**profile_answers(ruleset.scorecard(g.product_set), g.profile), **g.changes}
        label = f"set {g.product_set} {g.profile}" + "".join(
            f" {k}={v}" for k, v in sorted(g.changes.items()))
        assessment = Assessment.single(g.product_set, answers, assessed_on=ASSESSED_ON,
                                       ruleset_id=RULESET_ID, name=f"{label} ({g.why})")
        out.append(GoldenCase(assessment, g.total, g.stars, g.certifiable))
    return tuple(out)


def without_hooks(plugin: object, *hooks: str, name: str | None = None) -> object:
    """A copy of ``plugin`` without the implementations of ``hooks``.

    Useful to test one hook at a time, or to leave out a hook whose data is
    not written yet. The copy keeps the plug-in's ``__version__`` and is
    named ``name`` (default: the plug-in's own name).

    >>> from ocopkit import plugins as national
    >>> bare = without_hooks(national, "ocopkit_register_tier_policies", name="bare")
    >>> bare.__name__, hasattr(bare, "ocopkit_register_tier_policies")
    ('bare', False)
    """
    from ocopkit.plugins import plugin_name

    attrs_ = {
        attr: getattr(plugin, attr)
        for attr in dir(plugin)
        if attr.startswith("ocopkit_") and attr not in hooks and callable(getattr(plugin, attr))
    }
    return types.SimpleNamespace(
        __name__=name or plugin_name(plugin),
        __version__=getattr(plugin, "__version__", "0"),
        **attrs_,
    )
