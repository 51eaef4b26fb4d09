"""Evaluation results: :class:`Evaluation` — what :func:`ocopkit.scoring.evaluate`
returns — with its :class:`TraceLine` per criterion, :class:`GateFailure` records and
:class:`Provenance`, and their rendering as text and HTML.

>>> from datetime import date
>>> from ocopkit import Assessment, evaluate, rulesets
>>> card = rulesets.get("vn-qd-26-2026").scorecard(7)
>>> best = {c.id: c.options[-1].id for c in card}
>>> ev = evaluate(Assessment.single(7, best, assessed_on=date(2026, 6, 1), name="Trà"))
>>> print(ev.summary("en"))
Trà: 100/100 → ★★★★★ — score band 5★
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Protocol

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.frozen import freeze_map
from ocopkit.rulesets import (
    HALF_OPEN_BANDS,
    Attributed,
    Authority,
    Bands,
    Caveat,
    Citation,
    Criterion,
    Disqualifier,
    Gate,
    PluginInfo,
    Rules,
    Scorecard,
)
from ocopkit.text import bilingual, number

from ._assessment import Assessment, Level

__all__ = [
    "STARS",
    "Evaluation",
    "GateFailure",
    "Provenance",
    "TraceLine",
    "fmt",
    "stars_text",
]

STARS = "★"


def stars_text(stars: int | None) -> str:
    """``3`` → ``'★★★'``; ``None`` → ``'—'``."""
    return "—" if stars is None else STARS * stars


def fmt(value: Fraction, lang: str = "en") -> str:
    """An exact score as text: integers plain, others as a decimal with up to 4 places
    and ``…`` when rounded — a decimal point in English, a comma in Vietnamese (and
    ``"both"``): :func:`ocopkit.text.number`.

    >>> fmt(Fraction(149, 3)), fmt(Fraction(149, 3), "vi"), fmt(Fraction(179, 2))
    ('49.6667…', '49,6667…', '89.5')
    """
    return number(value, lang)


def _frozen(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return freeze_map(value)


@attrs.frozen
class TraceLine:
    """How one criterion was scored."""

    criterion_id: str
    name: str
    part_id: str
    group_id: str
    option_ids: tuple[str | None, ...]
    option_text: str | None
    points: Fraction
    max_points: int
    required: Mapping[int, int | None] = attrs.field(converter=_frozen)
    met: Mapping[int, bool] = attrs.field(converter=_frozen)
    applicable: bool
    citation: Citation
    decided_by: str
    reason_vi: str
    reason_en: str


@attrs.frozen
class GateFailure:
    """A provincial gate that withholds tiers from ``min_stars`` up."""

    gate_id: str
    min_stars: int
    missing: frozenset[str]
    citation: Citation
    plugin: str
    name_vi: str
    name_en: str


def _gate_failures(gates: Iterable[Attributed], evidence: frozenset[str]
                   ) -> tuple[GateFailure, ...]:
    """The gates among ``gates`` that withhold tiers for lack of ``evidence``."""
    failed = []
    for att in gates:
        gate = att.item
        assert isinstance(gate, Gate)
        missing = gate.missing(evidence)
        if missing:
            failed.append(GateFailure(gate.id, gate.min_stars, missing, gate.citation,
                                      att.plugin, gate.name_vi, gate.name_en))
    return tuple(failed)


@attrs.frozen
class Provenance:
    """Which rules produced an evaluation."""

    ruleset_id: str
    ruleset_hash: str
    plugins: tuple[PluginInfo, ...]
    ocopkit_version: str
    tier_policy: str
    averaging: str
    caveats: tuple[Caveat, ...] = ()
    """What the rule set lacked on the day of the assessment (e.g. 781/QĐ-TTg's minimum
    requirements under 1048 from 2020-06-08): the result is exact under the rules
    ocopkit has, and says what it does not have."""


class _Deferrable:
    """Holds, outside the attrs fields, what the engine needs to fill the fields of an
    :class:`Evaluation` it defers (see :class:`_Lazy`)."""

    __slots__ = ("_deferred",)


class _Filler(Protocol):
    """Fills the :data:`LAZY_FIELDS` of an evaluation (the engine provides one)."""

    def fill(self, ev: Evaluation, name: str, state: tuple[Any, ...]) -> None: ...


#: The fields the engine fills on first read: what most callers never read.
LAZY_FIELDS = ("parts", "groups", "minimum_failures", "trace")
#: The value of a lazy field that has not been computed yet.
PENDING: Any = type("Pending", (), {"__repr__": lambda self: "<pending>",
                                    "__slots__": ()})()


@attrs.frozen
class Evaluation(_Deferrable):
    """The result of :func:`evaluate`; render with ``str()`` or in Jupyter."""

    assessment: Assessment
    total: Fraction
    parts: Mapping[str, Fraction] = attrs.field(converter=_frozen)
    groups: Mapping[str, Fraction] = attrs.field(converter=_frozen)
    band: int
    minimum_failures: Mapping[int, tuple[str, ...]] = attrs.field(converter=_frozen)
    gate_failures: tuple[GateFailure, ...]
    disqualified_by: tuple[Disqualifier, ...]
    stars: int | None
    certifiable: bool
    authority: Authority | None
    decision_en: str
    decision_vi: str
    trace: tuple[TraceLine, ...]
    provenance: Provenance
    scorecard: Scorecard = attrs.field(eq=False, repr=False)
    bands: Bands = attrs.field(default=HALF_OPEN_BANDS, eq=False, repr=False)
    rules: Rules = attrs.field(factory=Rules.national, eq=False, repr=False)

    @property
    def disqualified(self) -> bool:
        return bool(self.disqualified_by)

    @property
    def proposed_to_central(self) -> bool:
        """A province-level result of 5★ is a proposal to the Ministry (26/2026 Điều 6)."""
        return self.stars == 5 and self.assessment.level is Level.PROVINCE

    def minimums_met(self, tier: int) -> bool:
        """Whether every minimum mark (and gate) for ``tier`` stars is met."""
        return not self.minimum_failures.get(tier) and not any(
            g.min_stars <= tier for g in self.gate_failures
        )

    def line(self, criterion_id: str) -> TraceLine:
        for t in self.trace:
            if t.criterion_id == criterion_id:
                return t
        raise ValidationError([Problem("trace", "unknown-criterion", "không có tiêu chí",
                                       f"no criterion {criterion_id!r}")])


    # ------------------------------------------------------------ rendering
    def summary(self, lang: str = "both") -> str:
        """One line: the name, the total, the stars and the decision, in ``lang``
        (``"vi"``, ``"en"`` or ``"both"``: Vietnamese, then English)."""
        name = (self.assessment.name or self.assessment.product_code
                or bilingual(f"bộ {self.scorecard.product_set}",
                             f"set {self.scorecard.product_set}", lang))
        head = f"{name}: {fmt(self.total, lang)}/100"
        if self.stars is not None:  # no "→ —" before a decision that says why
            head += f" → {stars_text(self.stars)}"
        return f"{head} — {bilingual(self.decision_vi, self.decision_en, lang)}"

    def explain(self, lang: str = "en") -> str:
        """A multi-line explanation: parts, failed minimums, gates, disqualifiers, the
        rules used, in ``lang`` (``"both"``: each line in Vietnamese, then English)."""
        def t(vi: str, en: str) -> str:
            return bilingual(vi, en, lang)

        out = [self.summary(lang)]
        out.append("  " + ", ".join(f"{k} {fmt(v, lang)}" for k, v in self.parts.items()))
        for d in self.disqualified_by:
            out.append(f"  ✗ {t('bị loại', 'disqualified')}: {d.id} [{d.citation}]"
                       if d.text in self.decision_vi else  # the summary quotes it already
                       f"  ✗ {t('bị loại', 'disqualified')}: {d.text} [{d.citation}]")
        # the minimum marks that matter: those of the band and of the next tier up,
        # each criterion once, at the lowest tier it misses
        upto = min(5, max(self.band, (self.stars or 0) + 1))
        shown: set[str] = set()
        for tier in range(3, upto + 1):
            for cid in self.minimum_failures.get(tier, ()):
                if cid in shown:
                    continue
                shown.add(cid)
                line = self.line(cid)
                need = line.required[tier]
                label = t(f"chưa đạt tối thiểu hạng {tier}★", f"misses the minimum for {tier}★")
                out.append(f"  ✗ {cid} {line.name}: {fmt(line.points, lang)} < {need} — "
                           f"{label} [{line.citation}]")
        for g in self.gate_failures:
            miss = ", ".join(sorted(g.missing))
            out.append(f"  ✗ {t(g.name_vi, g.name_en)} ({g.plugin}): "
                       f"{t('thiếu', 'missing')} {miss} [{g.citation}]")
        p = self.provenance
        plugins = ", ".join(map(str, p.plugins))
        out.append("  " + t(f"quy tắc: {p.ruleset_id} {p.ruleset_hash[:19]}, chính sách "
                            f"{p.tier_policy}, plug-in: {plugins}",
                            f"rules: {p.ruleset_id} {p.ruleset_hash[:19]}, policy "
                            f"{p.tier_policy}, plug-ins: {plugins}"))
        for c in p.caveats:
            out.append(f"  ! {t(c.message_vi, c.message_en)} [{c.citation}]")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        from html import escape as e  # only for notebooks: not imported to score

        rows = []
        for t in self.trace:
            failed = [k for k, ok in t.met.items() if not ok]
            style = ' style="color:#b00"' if failed else ""
            req = " ".join(f"{k}★≥{v}" for k, v in t.required.items() if v is not None)
            rows.append(
                f"<tr{style}><td>{e(t.criterion_id)}</td><td>{e(t.name)}</td>"
                f"<td>{e(t.option_text or '—')}</td><td>{e(fmt(t.points))}/{t.max_points}</td>"
                f"<td>{e(req)}</td><td>{e(t.decided_by)}</td></tr>"
            )
        return (
            f"<div><strong>{e(self.summary())}</strong>"
            "<table><thead><tr><th>#</th><th>Tiêu chí / criterion</th><th>Phương án / option</th>"
            "<th>Điểm / points</th><th>Tối thiểu / minimum</th><th>Decided by</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<small>{e(self.provenance.ruleset_id)} {e(self.provenance.ruleset_hash)}</small>"
            "</div>"
        )


class _Lazy:
    """An :class:`Evaluation` field that the engine fills on first read.

    It wraps the field's slot: reading a slot returns its value (``__init__`` sets every
    slot); reading a slot that still holds :data:`PENDING` asks the filler the engine
    left in ``_deferred`` to compute it (from the tables the evaluation was scored
    with), so ``==``, ``hash``, ``repr``, ``attrs.evolve``, pickling and serialisation,
    which all read the fields, see the computed values.
    """

    __slots__ = ("member", "name")

    def __init__(self, name: str, member: Any) -> None:
        self.name = name
        self.member = member

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self.member
        value = self.member.__get__(obj, owner)
        if value is PENDING:
            # what the engine left: (its filler, the sums and records it computed…)
            state: tuple[Any, ...] = _DEFERRED.__get__(obj, owner)
            filler: _Filler = state[0]
            filler.fill(obj, self.name, state)  # type: ignore[arg-type]
            value = self.member.__get__(obj, owner)
        return value

    def __set__(self, obj: object, value: Any) -> None:
        self.member.__set__(obj, value)

    def __delete__(self, obj: object) -> None:
        self.member.__delete__(obj)


_DEFERRED: Any = _Deferrable.__dict__["_deferred"]
#: Raw slot setters of every :class:`Evaluation` field and of its filler: the engine
#: builds evaluations without ``__init__`` (its values are already frozen).
SETTERS: Mapping[str, Any] = freeze_map(
    {f.name: Evaluation.__dict__[f.name].__set__ for f in attrs.fields(Evaluation)}
    | {"_deferred": _DEFERRED.__set__})
for _name in LAZY_FIELDS:
    setattr(Evaluation, _name, _Lazy(_name, Evaluation.__dict__[_name]))
del _name


def _trace_line(
    crit: Criterion,
    option_ids: tuple[str | None, ...],
    text: str | None,
    value: Fraction,
    applicable: bool,
    decided_by: str,
) -> TraceLine:
    """The trace line of one criterion: its points, minimum marks met and reasons."""
    req = {k: crit.required_points(k) for k in (3, 4, 5)}
    tmet = {k: (not applicable) or r is None or value >= r for k, r in req.items()}
    if not applicable:
        cond = crit.applies_when
        assert cond is not None
        why_en = f"not applicable: {cond.text or 'condition'} ({cond.criterion_id} scored 0)"
        why_vi = f"không áp dụng: {cond.text or 'điều kiện'} ({cond.criterion_id} được 0 điểm)"
    else:
        quoted = f" ({text[:60]})" if text else ""
        why_en = f"{fmt(value)}/{crit.max_points}{quoted}"
        why_vi = f"{fmt(value, 'vi')}/{crit.max_points}{quoted}"
        misses = [k for k, ok_ in tmet.items() if not ok_]
        if misses:
            k = misses[0]
            why_en += f"; below the {k}★ minimum of {req[k]}"
            why_vi += f"; dưới mức tối thiểu {req[k]} của hạng {k} sao"
    return TraceLine(crit.id, crit.name, crit.part_id, crit.group_id, option_ids, text, value,
                     crit.max_points, req, tmet, applicable, crit.citation, decided_by,
                     why_vi, why_en)
