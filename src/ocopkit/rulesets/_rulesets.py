"""The model of a regime: :class:`RuleSet`, its :class:`Transition` provisions, the
:class:`AssessmentKind` they distinguish, and the :class:`RuleSetRegistry` that picks the
rule set deciding a date.

A rule set's identity is its ``id`` plus its :attr:`RuleSet.content_hash`, a SHA-256 of
**what decides a result** — effective dates, parts, bands, tier policy, authorities,
transitions and, per scorecard, the parts, groups, criteria, options, points, minimum
marks, conditions and disqualifiers — and of nothing else: titles, names, option texts,
citations, notes and errata reasons can be corrected without changing it.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from ocopkit.errors import DataError, Problem, ValidationError
from ocopkit.frozen import FrozenMap
from ocopkit.text import suggest

from ._authorities import Authority, Referral
from ._criteria import Citation, Scorecard
from ._tiers import CERTIFIABLE_STARS, Bands, HighestTierMet, TierDecision, TierPolicy

__all__ = ["AssessmentKind", "Caveat", "RuleSet", "RuleSetRegistry", "Transition"]


class AssessmentKind(enum.Enum):
    """What an evaluation is for (26/2026 Điều 7).

    >>> AssessmentKind.parse("re-evaluation")
    <AssessmentKind.RE_EVALUATION: 're-evaluation'>
    >>> try:
    ...     AssessmentKind.parse("upgrad")
    ... except ValidationError as err:
    ...     print(err.codes, err.problems[0].suggestion)
    ('bad-kind',) upgrade
    """

    FIRST = "first"
    """A first evaluation and classification (đánh giá, phân hạng lần đầu)."""
    UPGRADE = "upgrade"
    """An upgrade of a recognised product (nâng hạng, Điều 7.5)."""
    RE_EVALUATION = "re-evaluation"
    """A re-evaluation when the certificate expires (đánh giá lại, Điều 7.6)."""

    @classmethod
    def parse(cls, value: AssessmentKind | str, *, path: str = "$.kind") -> AssessmentKind:
        """The kind ``value`` names (an :class:`AssessmentKind` or its value)."""
        if isinstance(value, AssessmentKind):
            return value
        for kind in cls:
            if value == kind.value:
                return kind
        values = [k.value for k in cls]
        raise ValidationError([Problem(
            path, "bad-kind",
            f"loại đánh giá không hợp lệ: {value!r} (một trong {', '.join(values)})",
            f"invalid assessment kind {value!r} (one of {', '.join(values)})",
            suggest(str(value), values))])


def _kinds(values: Iterable[AssessmentKind | str]) -> frozenset[AssessmentKind]:
    return frozenset(AssessmentKind.parse(v) for v in values)


@attrs.frozen
class Transition:
    """A transitional provision: pending dossiers keep an older rule set.

    A dossier of one of ``kinds`` submitted before ``submitted_before`` is decided under
    ``ruleset_id`` on any day from ``submitted_before`` to ``decided_until`` inclusive.
    """

    ruleset_id: str
    submitted_before: date
    decided_until: date
    kinds: frozenset[AssessmentKind] = attrs.field(converter=_kinds)
    citation: Citation

    def keeps_alive(self, on: date) -> bool:
        """``on`` lies in the period in which the older rule set still decides."""
        return self.submitted_before <= on <= self.decided_until

    def applies(self, on: date, submitted_on: date | None, kind: AssessmentKind) -> bool:
        """A dossier of ``kind`` submitted on ``submitted_on`` is decided on ``on`` under
        the older rule set."""
        return (
            submitted_on is not None
            and submitted_on < self.submitted_before
            and self.keeps_alive(on)
            and kind in self.kinds
        )


@attrs.frozen
class Caveat:
    """What a rule set is known to lack from ``since`` to ``until`` (inclusive; open
    ends when ``None``). Every evaluation it decides on such a day carries the caveat in
    its provenance, unless a plug-in's :class:`~ocopkit.rulesets.Amendment` supplies it.

    >>> from ocopkit import rulesets
    >>> [c.id for c in rulesets.get("vn-qd-1048-2019").caveats_on(date(2020, 6, 8))]
    ['qd-781-2020-minimums']
    >>> rulesets.get("vn-qd-1048-2019").caveats_on(date(2020, 6, 7))
    ()
    """

    id: str
    message_vi: str
    message_en: str
    citation: Citation
    since: date | None = None
    until: date | None = None

    def active(self, on: date) -> bool:
        return (self.since is None or self.since <= on) and (self.until is None
                                                             or on <= self.until)

    def __str__(self) -> str:
        return f"{self.message_en} [{self.citation}]"


Authorities = Mapping[int, tuple[tuple[date | None, Authority], ...]]


def _authorities(value: Authorities) -> Authorities:
    return FrozenMap({int(k): tuple(v) for k, v in dict(value).items()})


def _mapping(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return FrozenMap(dict(value))


@attrs.frozen
class RuleSet:
    """One regime: effective dates, parts, bands, authorities and scorecards.

    ``authorities`` maps each certifiable tier to ``(since, authority)`` pairs in date
    order (``since=None``: from the start of the regime).
    """

    id: str
    title_vi: str
    title_en: str
    citation: Citation
    effective_from: date
    effective_until: date | None
    part_max: Mapping[str, int] = attrs.field(converter=_mapping)
    bands: Bands
    authorities: Authorities = attrs.field(converter=_authorities)
    scorecards: Mapping[int, Scorecard] = attrs.field(factory=dict, converter=_mapping)
    tier_policy: TierPolicy = attrs.field(factory=HighestTierMet)
    transitions: tuple[Transition, ...] = ()
    notes: tuple[str, ...] = ()
    caveats: tuple[Caveat, ...] = ()
    referrals: tuple[Referral, ...] = ()

    def caveats_on(self, on: date) -> tuple[Caveat, ...]:
        """The caveats in force on ``on`` (see :class:`Caveat`)."""
        return tuple(c for c in self.caveats if c.active(on))

    @functools.cached_property
    def content_hash(self) -> str:
        """``"sha256:…"`` of what decides results (see the module docstring); computed on
        first use and kept (see :meth:`recompute_hash`)."""
        return self.recompute_hash()

    def recompute_hash(self) -> str:
        """The content hash computed afresh from the data as it is now.

        :attr:`content_hash` is computed once and kept; comparing the two (and both with
        the published value) is how :meth:`ocopkit.rulesets.Rules.verify` tells that the
        data results are computed from is the data their provenance names.
        """
        blob = json.dumps(_law(self), sort_keys=True, ensure_ascii=False,
                          separators=(",", ":"))
        return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def covers(self, on: date) -> bool:
        """Whether the rule set is in force on ``on`` (both ends inclusive)."""
        until = self.effective_until
        return self.effective_from <= on and (until is None or on <= until)

    @property
    def has_scorecards(self) -> bool:
        """Whether the regime carries per-criterion scorecards."""
        return bool(self.scorecards)

    def scorecard(self, product_set: int) -> Scorecard:
        """The scorecard of ``product_set``.

        Raises :class:`~ocopkit.errors.ValidationError` if there is none.
        """
        try:
            return self.scorecards[product_set]
        except KeyError:
            if not self.scorecards:
                raise ValidationError([Problem(
                    f"ruleset {self.id}", "no-scorecards",
                    f"{self.id}: không có bộ tiêu chí chi tiết; dùng classify_total()",
                    f"{self.id} carries no per-criterion scorecards; classify totals with "
                    "classify_total()",
                )]) from None
            raise ValidationError([Problem(
                f"ruleset {self.id}", "unknown-product-set",
                f"không có bộ sản phẩm {product_set!r}",
                f"no product set {product_set!r} (1–{max(self.scorecards)})",
            )]) from None

    def authority_for(self, stars: int, on: date | None = None) -> Authority:
        """The authority that recognises ``stars`` (3–5) under this regime on ``on``.

        Without ``on``, the authority at the start of the regime.
        """
        if stars not in self.authorities:
            raise ValidationError([Problem(
                f"ruleset {self.id}", "not-certifiable",
                f"sản phẩm {stars} sao không được công nhận",
                f"{stars}★ products are not recognised or certified",
            )])
        chosen = self.authorities[stars][0][1]
        if on is None:
            return chosen
        for since, authority in self.authorities[stars]:
            if since is None or on >= since:
                chosen = authority
        return chosen

    def classify_total(self, total: int | Fraction) -> TierDecision:
        """Classify a total alone (no minimum marks known): band = stars."""
        band = self.bands.band_of(total)
        return self.tier_policy.decide(band, {})


# --------------------------------------------------------------------------- identity


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


def _law(rs: RuleSet) -> dict[str, object]:
    """The part of ``rs`` that decides results, as plain JSON data."""
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
        "scorecards": [_card(rs.scorecards[n]) for n in sorted(rs.scorecards)],
    }


# --------------------------------------------------------------------------- registry


def _rulesets(values: Iterable[RuleSet]) -> tuple[RuleSet, ...]:
    return tuple(values)


@attrs.frozen
class RuleSetRegistry:
    """An immutable, validated collection of rule sets (no two in force on one day)."""

    rulesets: tuple[RuleSet, ...] = attrs.field(converter=_rulesets)
    _by_id: Mapping[str, RuleSet] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        by_id: dict[str, RuleSet] = {}
        for rs in self.rulesets:
            if rs.id in by_id:
                problems.append(Problem(f"ruleset {rs.id}", "duplicate-id",
                                        "trùng mã bộ quy tắc", "duplicate rule set id"))
            by_id[rs.id] = rs
            for stars in rs.authorities:
                if stars not in CERTIFIABLE_STARS:
                    problems.append(Problem(
                        f"ruleset {rs.id} › authorities", "not-certifiable",
                        f"hạng {stars} sao không được công nhận",
                        f"{stars}★ is not a certifiable tier"))
            for number, card in rs.scorecards.items():
                problems.extend(card.check(rs.part_max))
                if number != card.product_set:
                    problems.append(Problem(f"ruleset {rs.id} › set {number}", "set-number",
                                            "số bộ không khớp", "product set number mismatch"))
        ordered = sorted(self.rulesets, key=lambda r: r.effective_from)
        for a, b in itertools.pairwise(ordered):
            if a.effective_until is None or a.effective_until >= b.effective_from:
                problems.append(Problem(
                    f"ruleset {b.id}", "overlap",
                    f"hiệu lực chồng lấn với {a.id}", f"effective dates overlap {a.id}"))
        if problems:
            raise DataError(problems, "invalid rule sets / bộ quy tắc không hợp lệ")
        object.__setattr__(self, "_by_id", FrozenMap(by_id))

    def __iter__(self) -> Iterator[RuleSet]:
        return iter(self.rulesets)

    def __len__(self) -> int:
        return len(self.rulesets)

    def __contains__(self, ruleset_id: object) -> bool:
        return ruleset_id in self._by_id

    def get(self, ruleset_id: str) -> RuleSet:
        """The rule set ``ruleset_id``.

        Raises :class:`~ocopkit.errors.ValidationError` with a suggestion otherwise.
        """
        try:
            return self._by_id[ruleset_id]
        except KeyError:
            raise ValidationError([Problem(
                "ruleset", "unknown-ruleset", f"không có bộ quy tắc {ruleset_id!r}",
                f"unknown rule set {ruleset_id!r}", suggest(ruleset_id, self._by_id, cutoff=0.4),
            )]) from None

    def for_date(
        self,
        on: date,
        *,
        submitted_on: date | None = None,
        kind: AssessmentKind | str = AssessmentKind.FIRST,
    ) -> RuleSet:
        """The rule set that decides an assessment made on ``on``.

        ``submitted_on`` and ``kind`` let transitional provisions keep a
        pending dossier under the previous regime.
        """
        kind = AssessmentKind.parse(kind)
        for rs in self.rulesets:
            if rs.covers(on):
                for t in rs.transitions:
                    if t.applies(on, submitted_on, kind):
                        return self.get(t.ruleset_id)
                return rs
        first = min(r.effective_from for r in self.rulesets)
        raise ValidationError([Problem(
            "$.assessed_on", "no-ruleset",
            f"không có bộ quy tắc nào có hiệu lực ngày {on.isoformat()} (sớm nhất {first})",
            f"no rule set is in force on {on.isoformat()} (earliest starts {first})",
        )])

    def decides_on(
        self,
        ruleset: RuleSet,
        on: date,
        *,
        submitted_on: date | None = None,
        kind: AssessmentKind | str | None = None,
    ) -> bool:
        """Whether ``ruleset`` may decide on ``on``: it is in force, or a transitional
        provision of another rule set keeps it alive that day.

        A record that does not say when its dossier was submitted or of what kind it
        was (``None``, e.g. a certificate) is given the benefit of the transition; what
        it does say must satisfy it. Used by :func:`ocopkit.scoring.validate` for a pinned
        ``ruleset_id`` and by :meth:`ocopkit.certification.Certificate.issue`.
        """
        if ruleset.covers(on):
            return True
        parsed = None if kind is None else AssessmentKind.parse(kind)
        for other in self.rulesets:
            for t in other.transitions:
                if t.ruleset_id != ruleset.id or not t.keeps_alive(on):
                    continue
                if submitted_on is not None and submitted_on >= t.submitted_before:
                    continue
                if parsed is None or parsed in t.kinds:
                    return True
        return False

    def with_rulesets(self, extra: Iterable[RuleSet]) -> RuleSetRegistry:
        """A new registry with ``extra`` added (checked like this one)."""
        return RuleSetRegistry((*self.rulesets, *extra))
