"""Scoring: :func:`evaluate` turns an :class:`~ocopkit.assessment.Assessment` into an
:class:`Evaluation` — exact totals, band, minimum marks, disqualification,
stars, authority, a per-criterion trace and provenance.

>>> from datetime import date
>>> from ocopkit import Assessment, evaluate, rulesets
>>> card = rulesets.get("vn-qd-26-2026").scorecard(7)
>>> best = {c.id: c.options[-1].id for c in card}         # the top option everywhere
>>> ev = evaluate(Assessment.single(7, best, assessed_on=date(2026, 6, 1)))
>>> ev.total, ev.stars, ev.certifiable, ev.authority.name_en
(Fraction(100, 1), 5, True, 'Ministry of Agriculture and Environment')
"""

from __future__ import annotations

import html
import operator
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from . import __version__
from .adjustments import Gate
from .assessment import Assessment, Level
from .authorities import Authority
from .averaging import Averaging, ExactMean
from .criteria import Citation, Criterion, Disqualifier, Scorecard
from .errors import Problem, ProblemCollector, ValidationError
from .rules import PluginInfo, Rules, ScoringContext
from .text import suggest
from .tiers import HALF_OPEN_BANDS, BandOrNothing, Bands, HighestTierMet

if TYPE_CHECKING:
    from .gap import Gap

__all__ = [
    "Evaluation",
    "GateFailure",
    "Provenance",
    "TraceLine",
    "evaluate",
    "validate",
]

STARS = "★"


def stars_text(stars: int | None) -> str:
    """``3`` → ``'★★★'``; ``None`` → ``'—'``."""
    return "—" if stars is None else STARS * stars


def fmt(value: Fraction) -> str:
    """An exact score as text: integers plain, others as a decimal with up to 4 places."""
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    exact = Fraction(text)
    return text if exact == value else f"{text}…"


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
    required: Mapping[int, int | None]
    met: Mapping[int, bool]
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


@attrs.frozen
class Provenance:
    """Which rules produced an evaluation."""

    ruleset_id: str
    ruleset_hash: str
    plugins: tuple[PluginInfo, ...]
    ocopkit_version: str
    tier_policy: str
    averaging: str


class _Deferrable:
    """Holds, outside the attrs fields, what the compiled path needs to fill the fields
    of an :class:`Evaluation` it defers (see :class:`_Deferred`)."""

    __slots__ = ("_deferred",)


@attrs.frozen
class Evaluation(_Deferrable):
    """The result of :func:`evaluate`; render with ``str()`` or in Jupyter."""

    assessment: Assessment
    total: Fraction
    parts: Mapping[str, Fraction]
    groups: Mapping[str, Fraction]
    band: int
    minimum_failures: Mapping[int, tuple[str, ...]]
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

    def gap_to_next_star(self) -> Gap:
        """The smallest set of option changes that raises the tier (see :mod:`ocopkit.gap`)."""
        from .gap import gap_to_next_star

        return gap_to_next_star(self)

    # ------------------------------------------------------------ rendering
    def summary(self, lang: str = "both") -> str:
        name = (self.assessment.name or self.assessment.product_code
                or f"set {self.scorecard.product_set}")
        head = f"{name}: {fmt(self.total)}/100 → {stars_text(self.stars)}"
        en, vi = self.decision_en, self.decision_vi
        if lang == "en":
            return f"{head} — {en}"
        if lang == "vi":
            return f"{head} — {vi}"
        return f"{head} — {en} / {vi}"

    def explain(self, lang: str = "en") -> str:
        """A multi-line explanation: parts, failed minimums, gates, disqualifiers."""
        vi = lang == "vi"
        out = [self.summary(lang)]
        out.append("  " + ", ".join(f"{k} {fmt(v)}" for k, v in self.parts.items()))
        for d in self.disqualified_by:
            out.append(f"  ✗ {'loại' if vi else 'disqualified'}: {d.text} [{d.citation}]")
        # the minimum marks that matter: those of the band and of the next tier up,
        # each criterion once, at the lowest tier it misses
        upto = min(5, max(self.band, (self.stars or 0) + 1))
        shown: set[str] = set()
        for tier in range(3, upto + 1):
            for cid in self.minimum_failures.get(tier, ()):
                if cid in shown:
                    continue
                shown.add(cid)
                t = self.line(cid)
                need = t.required[tier]
                label = "chưa đạt tối thiểu hạng" if vi else "misses the minimum for"
                out.append(f"  ✗ {cid} {t.name[:50]}: {fmt(t.points)} < {need} — {label} "
                           f"{tier}★ [{t.citation}]")
        for g in self.gate_failures:
            miss = ", ".join(sorted(g.missing))
            out.append(f"  ✗ {g.name_vi if vi else g.name_en} ({g.plugin}): "
                       f"{'thiếu' if vi else 'missing'} {miss} [{g.citation}]")
        p = self.provenance
        out.append(f"  rules: {p.ruleset_id} {p.ruleset_hash[:19]}, policy {p.tier_policy}, "
                   f"plug-ins: {', '.join(map(str, p.plugins))}")
        return "\n".join(out)

    def __str__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        e = html.escape
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


class _Deferred:
    """An :class:`Evaluation` field that the compiled path fills on first read.

    It wraps the field's slot: reading a slot returns its value (the general
    path and ``__init__`` set every slot to its value); reading a slot that
    holds :data:`_PENDING` asks the compiled context that made the evaluation
    to fill it from the records it kept (:meth:`_Compiled.fill`). The values
    are those the general path computes, so ``==``, ``hash``, ``repr``,
    ``attrs.evolve``, pickling and serialisation, which all read the fields,
    see the same values.
    """

    __slots__ = ("member", "name")

    def __init__(self, name: str, member: Any) -> None:
        self.name = name
        self.member = member

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self.member
        value = self.member.__get__(obj, owner)
        if value is _PENDING:
            state = _DEFERRED_STATE(obj)
            state[0].fill(obj, self.name, state)
            value = self.member.__get__(obj, owner)
        return value

    def __set__(self, obj: object, value: Any) -> None:
        self.member.__set__(obj, value)

    def __delete__(self, obj: object) -> None:
        self.member.__delete__(obj)


_DEFERRED_STATE = _Deferrable.__dict__["_deferred"].__get__
_SET_DEFERRED = _Deferrable.__dict__["_deferred"].__set__
# Raw slot setters, for the compiled path's constructor (:meth:`_Compiled.evaluate`).
_SETTERS = {f.name: Evaluation.__dict__[f.name].__set__ for f in attrs.fields(Evaluation)}
_SET_ASSESSMENT = _SETTERS["assessment"]
_SET_TOTAL = _SETTERS["total"]
_SET_PARTS = _SETTERS["parts"]
_SET_GROUPS = _SETTERS["groups"]
_SET_BAND = _SETTERS["band"]
_SET_MINIMUM_FAILURES = _SETTERS["minimum_failures"]
_SET_GATE_FAILURES = _SETTERS["gate_failures"]
_SET_DISQUALIFIED_BY = _SETTERS["disqualified_by"]
_SET_STARS = _SETTERS["stars"]
_SET_CERTIFIABLE = _SETTERS["certifiable"]
_SET_AUTHORITY = _SETTERS["authority"]
_SET_DECISION_EN = _SETTERS["decision_en"]
_SET_DECISION_VI = _SETTERS["decision_vi"]
_SET_TRACE = _SETTERS["trace"]
_SET_PROVENANCE = _SETTERS["provenance"]
_SET_SCORECARD = _SETTERS["scorecard"]
_SET_BANDS = _SETTERS["bands"]
_SET_RULES = _SETTERS["rules"]
for _name in ("parts", "groups", "minimum_failures", "trace"):
    setattr(Evaluation, _name, _Deferred(_name, Evaluation.__dict__[_name]))
del _name
_NEW = object.__new__
_PENDING: Any = object()  # a deferred field not computed yet


# ---------------------------------------------------------------- validation


def _resolve_ruleset(a: Assessment, rules: Rules, problems: ProblemCollector) -> object:
    try:
        if a.ruleset_id is not None:
            return rules.registry.get(a.ruleset_id)
        kind = a.kind if a.kind in ("first", "upgrade", "re-evaluation") else "first"
        return rules.registry.for_date(a.assessed_on, submitted_on=a.submitted_on,
                                       kind=kind)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems.extend(Problem("$.ruleset_id" if a.ruleset_id else "$.assessed_on", p.code,
                                p.message_vi, p.message_en, p.suggestion) for p in exc.problems)
        return None


def _other_set_with_option(
    rules: Rules, ruleset_id: str, product_set: int, option_id: str
) -> int | None:
    rs = rules.registry.get(ruleset_id)
    cid = option_id.rsplit(".", 1)[0]
    for number, card in rs.scorecards.items():
        if (number != product_set and card.has_criterion(cid)
                and card.criterion(cid).has_option(option_id)):
            return number
    return None


def validate(assessment: Assessment, rules: Rules | None = None) -> ScoringContext:
    """Check ``assessment``; return its scoring context or raise ONE ValidationError."""
    rules = rules or Rules.national()
    a = assessment
    problems = ProblemCollector()
    if a.kind not in ("first", "upgrade", "re-evaluation"):
        problems.add("$.kind", "bad-kind", f"loại đánh giá không hợp lệ: {a.kind!r}",
                     f"invalid assessment kind {a.kind!r}",
                     suggest(a.kind, ("first", "upgrade", "re-evaluation")))
    if not a.sheets:
        problems.add("$.sheets", "no-sheets", "không có phiếu chấm", "no score sheet")
    rs = _resolve_ruleset(a, rules, problems)
    card: Scorecard | None = None
    ctx: ScoringContext | None = None
    if rs is not None:
        from .rulesets import RuleSet

        assert isinstance(rs, RuleSet)
        try:
            ctx = rules.context(rs, a.product_set, a.province or _province_from_code(a),
                                a.assessed_on)
            card = ctx.scorecard
        except ValidationError as exc:
            problems.extend(Problem("$.product_set", p.code, p.message_vi, p.message_en,
                                    p.suggestion) for p in exc.problems)
    if card is not None and rs is not None:
        for i, sheet in enumerate(a.sheets):
            seen: dict[str, int] = {}
            base = f"$.sheets[{i}]" if len(a.sheets) > 1 else "$"
            for j, ans in enumerate(sheet.answers):
                path = f"{base}.answers[{ans.criterion_id!r}]"
                if not card.has_criterion(ans.criterion_id):
                    problems.add(path, "unknown-criterion",
                                 f"bộ {card.product_set} không có tiêu chí {ans.criterion_id!r}",
                                 f"set {card.product_set} has no criterion {ans.criterion_id!r}",
                                 suggest(ans.criterion_id, [c.id for c in card], cutoff=0.3))
                    continue
                if ans.criterion_id in seen:
                    problems.add(path, "duplicate-answer",
                                 f"tiêu chí {ans.criterion_id} được chấm hai lần "
                                 f"(#{seen[ans.criterion_id] + 1} và #{j + 1})",
                                 f"criterion {ans.criterion_id} answered twice "
                                 f"(#{seen[ans.criterion_id] + 1} and #{j + 1})")
                    continue
                seen[ans.criterion_id] = j
                crit = card.criterion(ans.criterion_id)
                _check_answer(crit, ans.option_id, ans.points, path, problems, rules, rs.id,
                              card.product_set)
            for crit in card:
                if crit.id not in seen and crit.applies_when is None:
                    problems.add(f"{base}.answers[{crit.id!r}]", "missing-answer",
                                 f"thiếu câu trả lời cho tiêu chí {crit.id} ({crit.name[:60]})",
                                 f"no answer for criterion {crit.id} ({crit.name[:60]})")
        for flag in sorted(a.disqualifiers):
            if flag not in card.disqualifiers:
                problems.add(f"$.disqualifiers[{flag!r}]", "unknown-disqualifier",
                             f"không có điều kiện loại {flag!r}",
                             f"unknown disqualifier {flag!r}",
                             suggest(flag, card.disqualifiers, cutoff=0.3))
    problems.raise_if_any("invalid assessment / phiếu đánh giá không hợp lệ")
    assert ctx is not None
    return ctx


def _check_answer(
    crit: Criterion,
    option_id: str | None,
    points: int | None,
    path: str,
    problems: ProblemCollector,
    rules: Rules,
    ruleset_id: str,
    product_set: int,
) -> None:
    if option_id is None and points is None:
        problems.add(path, "empty-answer", "câu trả lời trống", "empty answer")
        return
    if option_id is not None and not crit.has_option(option_id):
        other = _other_set_with_option(rules, ruleset_id, product_set, option_id)
        if other is not None:
            problems.add(path, "option-from-other-set",
                         f"phương án {option_id!r} thuộc bộ {other}, không thuộc bộ {product_set}",
                         f"option {option_id!r} belongs to set {other}, not set {product_set}")
        else:
            problems.add(path, "unknown-option",
                         f"tiêu chí {crit.id} không có phương án {option_id!r}",
                         f"criterion {crit.id} has no option {option_id!r}",
                         suggest(option_id, [o.id for o in crit.options], cutoff=0.3))
        return
    if points is not None:
        allowed = sorted({o.points for o in crit.options})
        if option_id is not None and crit.option(option_id).points != points:
            problems.add(path, "points-mismatch",
                         f"phương án {option_id} được {crit.option(option_id).points} điểm, không "
                         f"phải {points}",
                         f"option {option_id} is worth {crit.option(option_id).points}, "
                         f"not {points}")
        elif points not in allowed:
            problems.add(path, "points-out-of-range",
                         f"điểm {points} không phải là một mức của tiêu chí {crit.id} {allowed}",
                         f"{points} points is not a level of criterion {crit.id} {allowed}",
                         str(min(allowed, key=lambda v: abs(v - points))))


def _province_from_code(a: Assessment) -> str | None:
    if a.product_code:
        head = a.product_code.strip().split("-")[0].strip(" .()")
        return head or None
    return None


# ------------------------------------------------------------------ scoring


def _sheet_points(
    crit: Criterion, option_id: str | None, points: int | None
) -> tuple[Fraction, str | None]:
    if option_id is not None:
        return Fraction(crit.option(option_id).points), option_id
    assert points is not None
    matches = [o for o in crit.options if o.points == points]
    return Fraction(points), matches[0].id if len(matches) == 1 else None


def evaluate(
    assessment: Assessment,
    rules: Rules | None = None,
    *,
    averaging: Averaging | None = None,
) -> Evaluation:
    """Evaluate ``assessment`` under ``rules`` (default: national rules only).

    ``averaging`` combines the scorers' totals (default :class:`~ocopkit.averaging.ExactMean`).
    """
    rules = rules or Rules.national()
    a = assessment
    if averaging is not None and not isinstance(averaging, Averaging):
        raise ValidationError([Problem(
            "averaging", "bad-averaging",
            f"chính sách tính trung bình không hợp lệ: {averaging!r}",
            f"not an averaging policy (needs .id and .combine()): {averaging!r}",
        )])
    try:
        compiled = _BY_INPUTS.get((id(rules), a.ruleset_id, a.assessed_on, a.submitted_on,
                                   a.kind, a.product_set, a.province or _province_from_code(a)))
    except Exception:
        compiled = None
    if compiled is None:
        compiled = _compile(a, rules)
    if compiled is not None and compiled.rules is rules:
        fast = compiled.evaluate(a, averaging)  # see "compiled fast path" below
        if fast is not None:
            return fast
    ctx = validate(assessment, rules)
    avg: Averaging = averaging if averaging is not None else ExactMean()
    card = ctx.scorecard
    n = len(a.sheets)
    answers = [{ans.criterion_id: ans for ans in s.answers} for s in a.sheets]

    raw: dict[str, list[Fraction]] = {}
    chosen: dict[str, tuple[str | None, ...]] = {}
    for crit in card:
        pts: list[Fraction] = []
        ids: list[str | None] = []
        for sheet in answers:
            ans = sheet.get(crit.id)
            if ans is None:
                pts.append(Fraction(0))
                ids.append(None)
            else:
                p, oid = _sheet_points(crit, ans.option_id, ans.points)
                pts.append(p)
                ids.append(oid)
        raw[crit.id] = pts
        chosen[crit.id] = tuple(ids)

    mean = {cid: sum(v, Fraction(0)) / n for cid, v in raw.items()}
    applicable = {
        c.id: c.applies_when is None or mean.get(c.applies_when.criterion_id, Fraction(0)) > 0
        for c in card
    }
    points = {cid: (v if applicable[cid] else Fraction(0)) for cid, v in mean.items()}

    sheet_totals = [
        sum((raw[c.id][i] for c in card if applicable[c.id]), Fraction(0)) for i in range(n)
    ]
    total = avg.combine(sheet_totals)
    parts = {p.id: sum((points[c.id] for c in p.criteria), Fraction(0)) for p in card.parts}
    groups = {g.id: sum((points[c.id] for c in g.criteria), Fraction(0))
              for p in card.parts for g in p.groups}

    failures: dict[int, tuple[str, ...]] = {}
    for tier in (3, 4, 5):
        failures[tier] = tuple(
            c.id for c in card
            if applicable[c.id] and (r := c.required_points(tier)) is not None and points[c.id] < r
        )
    evidence = a.evidence_keys
    gate_failures = []
    for att in ctx.gates:
        gate = att.item
        assert isinstance(gate, Gate)
        missing = gate.missing(evidence)
        if missing:
            gate_failures.append(GateFailure(gate.id, gate.min_stars, missing, gate.citation,
                                             att.plugin, gate.name_vi, gate.name_en))
    dq = tuple(card.disqualifiers[d] for d in sorted(a.disqualifiers))

    band = ctx.ruleset.bands.band_of(total)
    met = {
        tier: not failures[tier] and not any(g.min_stars <= tier for g in gate_failures)
        for tier in (3, 4, 5)
    }
    if dq:
        stars: int | None = None
        ok = False
        first = dq[0]
        dec_en = f"disqualified: {first.text} [{first.citation}]"
        dec_vi = f"bị loại: {first.text} [{first.citation}]"
    else:
        decision = ctx.tier_policy.decide(band, met)
        stars, ok = decision.stars, decision.certifiable
        dec_en, dec_vi = decision.reason_en, decision.reason_vi
    authority = ctx.ruleset.authority_for(stars, a.assessed_on) if ok and stars else None

    trace = []
    for c in card:
        option_ids = chosen[c.id]
        text = None
        if len(set(option_ids)) == 1 and option_ids[0] is not None:
            text = c.option(option_ids[0]).text
        trace.append(_trace_line(c, option_ids, text, points[c.id], applicable[c.id],
                                 ctx.decided_by.get(c.id, "ocopkit.national")))
    prov = Provenance(ctx.ruleset.id, ctx.ruleset.content_hash, ctx.plugins, __version__,
                      ctx.tier_policy.id, avg.id)
    return Evaluation(
        assessment=a, total=total, parts=parts, groups=groups, band=band,
        minimum_failures={k: v for k, v in failures.items() if v},
        gate_failures=tuple(gate_failures), disqualified_by=dq, stars=stars, certifiable=ok,
        authority=authority, decision_en=dec_en, decision_vi=dec_vi, trace=tuple(trace),
        provenance=prov, scorecard=card, bands=ctx.ruleset.bands, rules=rules,
    )


# ------------------------------------------------------- compiled fast path
#
# :func:`evaluate` first looks for a :class:`_Compiled` context for the inputs
# that decide the scoring context (rules, rule set or date/submission/kind,
# product set, province). A compiled context holds, per option, a record: its
# (shared, immutable) trace line; its points and failed minimum marks packed in a
# small integer (one byte each: points, then a count per tier), so that summing
# the records gives the total and what the tier decision needs; its points for
# its group and part packed in a second integer (one byte per group and part);
# and its failed minimum marks as bits. A single-sheet assessment answered by
# option ids is then scored with a few C-level operations. The result is built
# from what decides it (total, band, gates, stars, authority); its ``trace``,
# ``parts``, ``groups`` and ``minimum_failures`` are filled from the kept records
# when first read (:class:`_Deferred`, :meth:`_Compiled.fill`) — most callers
# read the stars, not the trace. :func:`_compile` resolves the rule set and
# context exactly as :func:`validate` does; compiled contexts are shared by all
# inputs that resolve to the same context. Anything else — several sheets,
# written points, any validation problem — takes the general path above, which
# reports it. Both paths give equal results (the fast path only precomputes
# what the general path computes per call); tests/test_batch.py checks it.
# Nothing is cached per assessment or per answer set.

_BY_INPUTS: dict[object, _Compiled] = {}  # (rules, ruleset_id, dates, kind, set, province)
_BY_CONTEXT: dict[object, _Compiled] = {}  # one per distinct scoring context
_MAX_INPUTS, _MAX_CONTEXTS = 1 << 16, 256
_KINDS = ("first", "upgrade", "re-evaluation")


def _inputs_key(a: Assessment, rules: Rules) -> object:
    """What decides the scoring context of ``a`` (None if it cannot be computed)."""
    try:
        key = (id(rules), a.ruleset_id, a.assessed_on, a.submitted_on, a.kind, a.product_set,
               a.province or _province_from_code(a))
        hash(key)
    except Exception:
        return None
    return key


def _compile(a: Assessment, rules: Rules) -> _Compiled | None:
    """The compiled context of ``a`` (None on any problem: the general path reports it)."""
    key = _inputs_key(a, rules)
    if key is None or a.kind not in _KINDS:
        return None
    try:
        reg = rules.registry
        rs = (reg.get(a.ruleset_id) if a.ruleset_id is not None else
              reg.for_date(a.assessed_on, submitted_on=a.submitted_on, kind=a.kind))  # type: ignore[arg-type]
        province = key[-1]  # type: ignore[index]
        ctx = rules.context(rs, a.product_set, province, a.assessed_on)
        base = rs.scorecard(a.product_set)
        changed = tuple(c for c in ctx.scorecard
                        if not base.has_criterion(c.id) or c is not base.criterion(c.id))
        signature = (id(rules), id(rs), a.product_set, changed, tuple(ctx.decided_by.items()),
                     tuple(map(id, ctx.gates)), id(ctx.tier_policy), ctx.tier_policy_by,
                     ctx.plugins)
        compiled = _BY_CONTEXT.get(signature)
        if compiled is None or compiled.rules is not rules or compiled.ctx.ruleset is not rs:
            compiled = _Compiled(rules, ctx)
            if len(_BY_CONTEXT) >= _MAX_CONTEXTS:
                _BY_CONTEXT.clear()
                _BY_INPUTS.clear()
            _BY_CONTEXT[signature] = compiled
    except Exception:
        return None
    if len(_BY_INPUTS) >= _MAX_INPUTS:
        _BY_INPUTS.clear()
    _BY_INPUTS[key] = compiled
    return compiled


_FRACTIONS = tuple(Fraction(i) for i in range(256))
_ANSWER_KEY = operator.attrgetter("criterion_id", "option_id", "points")
_CRITERION_ID = operator.attrgetter("criterion_id")
_OPTION_ID = operator.attrgetter("option_id")
_POINTS = operator.attrgetter("points")
_POSITION = operator.itemgetter(0)
_SMALL = operator.itemgetter(1)
_SUMS = operator.itemgetter(2)
_MASKS = operator.itemgetter(3)
_LINE = operator.itemgetter(4)
# An answer's record (see _Compiled): its position; the points and failed-minimum counts
# packed in a small int; the points for its group and part packed in bytes; its failed
# minimums as bits; its trace line.
_Record = tuple[int, int, int, int, TraceLine]


def _trace_line(
    crit: Criterion,
    option_ids: tuple[str | None, ...],
    text: str | None,
    value: Fraction,
    applicable: bool,
    decided_by: str,
) -> TraceLine:
    """The trace line of one criterion (shared by the general and the compiled path)."""
    req = {k: crit.required_points(k) for k in (3, 4, 5)}
    tmet = {k: (not applicable) or r is None or value >= r for k, r in req.items()}
    if not applicable:
        cond = crit.applies_when
        assert cond is not None
        why_en = f"not applicable: {cond.text or 'condition'} ({cond.criterion_id} scored 0)"
        why_vi = f"không áp dụng: {cond.text or 'điều kiện'} ({cond.criterion_id} được 0 điểm)"
    else:
        why_en = f"{fmt(value)}/{crit.max_points}" + (f" ({text[:60]})" if text else "")
        why_vi = why_en
        misses = [k for k, ok_ in tmet.items() if not ok_]
        if misses:
            k = misses[0]
            why_en += f"; below the {k}★ minimum of {req[k]}"
            why_vi += f"; dưới mức tối thiểu {req[k]} của hạng {k} sao"
    return TraceLine(crit.id, crit.name, crit.part_id, crit.group_id, option_ids, text, value,
                     crit.max_points, req, tmet, applicable, crit.citation, decided_by,
                     why_vi, why_en)


def _line(crit: Criterion, option_id: str | None, applicable: bool, decided_by: str,
          ) -> tuple[int, TraceLine]:
    """Raw points and trace line of one single-sheet answer, as the general path computes."""
    raw = crit.option(option_id).points if option_id is not None else 0
    text = crit.option(option_id).text if option_id is not None else None
    value = Fraction(raw if applicable else 0)
    return raw, _trace_line(crit, (option_id,), text, value, applicable, decided_by)


class _Compiled:
    """Scoring tables for one scoring context (see the comment above)."""

    __slots__ = (
        "authorities",
        "bands_cache",
        "by_option",
        "card",
        "chained",
        "conditional",
        "crit_ids",
        "ctx",
        "decisions",
        "dq_keys",
        "enabled",
        "exact_mean",
        "failure_sets",
        "gate_outcomes",
        "group_ids",
        "n",
        "n_groups",
        "n_sums",
        "no_points",
        "options",
        "part_ids",
        "positions",
        "provenances",
        "rules",
    )

    def __init__(self, rules: Rules, ctx: ScoringContext) -> None:
        self.exact_mean = ExactMean
        self.rules = rules
        self.ctx = ctx
        card = self.card = ctx.scorecard
        crits = card.criteria
        groups = [g for p in card.parts for g in p.groups]
        leaves = [c for g in groups for c in g.criteria]
        self.enabled = (
            [c.id for c in leaves] == [c.id for c in crits]
            and all(c.applies_when is None or card.has_criterion(c.applies_when.criterion_id)
                    for c in crits)
            and sum(max((o.points for o in c.options), default=0) for c in crits) < 256
            and len(crits) < 256
        )
        self.n = len(crits)
        self.positions = list(range(self.n))
        self.group_ids = [g.id for g in groups]
        self.part_ids = [p.id for p in card.parts]
        n_groups, n_parts = len(self.group_ids), len(self.part_ids)
        self.n_groups = n_groups
        self.n_sums = n_groups + n_parts
        self.crit_ids = tuple(c.id for c in crits)
        shifts: list[tuple[int, int]] = []  # per criterion: the bytes of its group and part
        gi = 0
        for pi, p in enumerate(card.parts):
            for g in p.groups:
                shifts.extend((8 * gi, 8 * (n_groups + pi)) for _ in g.criteria)
                gi += 1

        def record(i: int, c: Criterion, oid: str | None, applicable: bool) -> _Record:
            raw, line = _line(c, oid, applicable, ctx.decided_by.get(c.id, "ocopkit.national"))
            value = raw if applicable else 0
            failed = [k for k, ok in line.met.items() if not ok]
            # byte 0: the points; bytes 1-3: one failed minimum for 3★, 4★, 5★
            small = value + sum(1 << (8 * (k - 2)) for k in failed)
            # one byte per group, then per part: the points
            sums = sum(value << at for at in shifts[i])
            # bit (tier - 3) × n + position: this criterion misses the tier's minimum
            masks = sum(1 << ((k - 3) * self.n + i) for k in failed)
            return (i, small, sums, masks, line)

        # (criterion id, option id, written points = None) → record
        self.options: dict[tuple[str, str | None, None], _Record] = {}
        # (position, condition position, {(option id, applicable): record})
        self.conditional: list[tuple[int, int, dict[tuple[str | None, bool], _Record]]] = []
        if self.enabled:
            pos_of = {c.id: i for i, c in enumerate(crits)}
            for i, c in enumerate(crits):
                for o in c.options:
                    self.options[(c.id, o.id, None)] = record(i, c, o.id, True)
                if c.applies_when is not None:
                    both = {(oid, ok): record(i, c, oid, ok)
                            for oid in (None, *(o.id for o in c.options)) for ok in (True, False)}
                    self.conditional.append((i, pos_of[c.applies_when.criterion_id], both))
        # option id → record, when no option id is shared by two criteria: an answer
        # sheet in scorecard order is then looked up by option ids alone (str keys)
        owners: dict[str | None, int] = {}
        for _, oid, _ in self.options:
            owners[oid] = owners.get(oid, 0) + 1
        self.by_option: dict[str | None, _Record] | None = (
            {oid: rec for (_, oid, _), rec in self.options.items()}
            if self.options and max(owners.values()) == 1 else None)
        self.no_points = (None,) * self.n
        conditional_at = {pos for pos, _, _ in self.conditional}
        self.chained = any(c in conditional_at for _, c, _ in self.conditional)
        self.dq_keys = frozenset(card.disqualifiers)
        self.bands_cache: dict[int, int] = {}
        self.decisions: dict[tuple[int, bool, bool, bool], tuple[int, bool, str, str]] = {}
        self.authorities: dict[tuple[int, object], Authority] = {}
        self.provenances: dict[str, Provenance] = {}
        self.gate_outcomes: dict[frozenset[str], tuple[tuple[GateFailure, ...], int]] = {}
        self.failure_sets: dict[int, tuple[tuple[int, tuple[str, ...]], ...]] = {}

    def _failure_set(self, masks: int) -> tuple[tuple[int, tuple[str, ...]], ...]:
        """(tier, failed criteria in scorecard order) from the failure bits of a sheet."""
        n, ids = self.n, self.crit_ids
        found = []
        for j, k in enumerate((3, 4, 5)):
            bits = (masks >> (j * n)) & ((1 << n) - 1)
            failed = []
            while bits:
                low = bits & -bits
                failed.append(ids[low.bit_length() - 1])
                bits ^= low
            if failed:
                found.append((k, tuple(failed)))
        if len(self.failure_sets) < 4096:
            self.failure_sets[masks] = tuple(found)
        return tuple(found)

    def _gate_outcome(self, evidence: frozenset[str]) -> tuple[tuple[GateFailure, ...], int]:
        """The gates failed for lack of ``evidence``, and the lowest tier they withhold."""
        failed: list[GateFailure] = []
        for att in self.ctx.gates:
            gate = att.item
            assert isinstance(gate, Gate)
            missing = gate.missing(evidence)
            if missing:
                failed.append(GateFailure(gate.id, gate.min_stars, missing, gate.citation,
                                          att.plugin, gate.name_vi, gate.name_en))
        outcome = (tuple(failed), min([g.min_stars for g in failed], default=6))
        if len(self.gate_outcomes) < 1024:  # one per set of evidence kinds supplied
            self.gate_outcomes[evidence] = outcome
        return outcome

    def _place(self, recs: list[_Record]) -> list[_Record | None] | None:
        """Answers out of scorecard order or omitted (conditional criteria only)."""
        slots: list[_Record | None] = [None] * self.n
        for rec in recs:
            if slots[rec[0]] is not None:
                return None  # a duplicate answer
            slots[rec[0]] = rec
        return slots

    def evaluate(self, a: Assessment, averaging: Averaging | None) -> Evaluation | None:
        """The evaluation of ``a``, or None when ``a`` needs the general path.

        Only what decides the result (total, band, stars, gates) is computed here;
        ``trace``, ``parts``, ``groups`` and ``minimum_failures`` are filled from the
        kept records on first read (:meth:`fill`).
        """
        sheets = a.sheets
        if len(sheets) != 1 or not self.enabled:
            return None
        dqs = a.disqualifiers
        if dqs and not dqs <= self.dq_keys:
            return None
        answers = sheets[0].answers
        by_option = self.by_option
        recs: list[Any]
        if (by_option is not None and tuple(map(_CRITERION_ID, answers)) == self.crit_ids
                and tuple(map(_POINTS, answers)) == self.no_points):
            # every criterion, in scorecard order, answered by an option id
            recs = list(map(by_option.get, map(_OPTION_ID, answers)))
            try:
                if list(map(_POSITION, recs)) != self.positions:
                    return None  # an option of another criterion
            except TypeError:  # an unknown option
                return None
            canonical = True
        else:
            recs = list(map(self.options.get, map(_ANSWER_KEY, answers)))
            try:
                canonical = list(map(_POSITION, recs)) == self.positions
            except TypeError:  # an answer that is not a known (criterion, option) pair
                return None
            if not canonical:
                slots = self._place(recs)
                if slots is None:
                    return None
                recs = slots
        if self.conditional:
            # A condition holds when its criterion's raw points (the total field of an
            # option record, always "applicable") are above 0, as in the general path.
            raws = [recs[c] for _, c, _ in self.conditional] if self.chained else recs
            for k, (pos, cond_pos, both) in enumerate(self.conditional):
                cond = raws[k] if self.chained else raws[cond_pos]
                current = recs[pos]
                recs[pos] = both[(current[4].option_ids[0] if current is not None else None,
                                  cond is not None and cond[1] & 255 > 0)]
        if not canonical and None in recs:
            return None  # a missing answer
        small = sum(map(_SMALL, recs))
        int_total = small & 255
        failing = small >> 8  # the failed-minimum counts for 3★, 4★, 5★ (a byte each)
        ctx = self.ctx
        bands = ctx.ruleset.bands
        if averaging is None or type(averaging) is self.exact_mean:
            avg_id = "exact-mean" if averaging is None else averaging.id
            total = _FRACTIONS[int_total]
            band = self.bands_cache.get(int_total)
            if band is None:
                band = self.bands_cache[int_total] = bands.band_of(total)
        else:
            avg_id = averaging.id
            total = averaging.combine([_FRACTIONS[int_total]])
            band = bands.band_of(total)
        gate_failures: tuple[GateFailure, ...] = ()
        gated = 6  # the lowest tier a failed gate withholds (with every tier above)
        if ctx.gates:
            evidence = a.evidence_keys
            outcome = self.gate_outcomes.get(evidence)
            if outcome is None:
                outcome = self._gate_outcome(evidence)
            gate_failures, gated = outcome
        if dqs:
            dq = tuple(self.card.disqualifiers[d] for d in sorted(dqs))
            stars: int | None = None
            ok = False
            first = dq[0]
            dec_en = f"disqualified: {first.text} [{first.citation}]"
            dec_vi = f"bị loại: {first.text} [{first.citation}]"
        else:
            dq = ()
            if failing or gate_failures:
                # a failed gate withholds its tier and above: any(g.min_stars <= tier)
                met3 = not failing & 0xFF and gated > 3
                met4 = not failing & 0xFF00 and gated > 4
                met5 = not failing & 0xFF0000 and gated > 5
            else:
                met3 = met4 = met5 = True
            dkey = (band, met3, met4, met5)
            cached = self.decisions.get(dkey)
            if cached is None:
                policy = ctx.tier_policy
                d = policy.decide(band, {3: met3, 4: met4, 5: met5})
                cached = (d.stars, d.certifiable, d.reason_en, d.reason_vi)
                if type(policy) in (HighestTierMet, BandOrNothing):
                    self.decisions[dkey] = cached
            stars, ok, dec_en, dec_vi = cached
        authority = None
        if ok and stars:
            authority = self.authorities.get((stars, a.assessed_on))
            if authority is None:
                authority = self.authorities[(stars, a.assessed_on)] = ctx.ruleset.authority_for(
                    stars, a.assessed_on)
        prov = self.provenances.get(avg_id)
        if prov is None:
            prov = self.provenances[avg_id] = Provenance(
                ctx.ruleset.id, ctx.ruleset.content_hash, ctx.plugins, __version__,
                ctx.tier_policy.id, avg_id)
        # Evaluation(...) without its __init__: the same fields, set slot by slot, except
        # the four that fill() computes when first read.
        ev = _NEW(Evaluation)
        _SET_ASSESSMENT(ev, a)
        _SET_TOTAL(ev, total)
        _SET_BAND(ev, band)
        _SET_GATE_FAILURES(ev, gate_failures)
        _SET_DISQUALIFIED_BY(ev, dq)
        _SET_STARS(ev, stars)
        _SET_CERTIFIABLE(ev, ok)
        _SET_AUTHORITY(ev, authority)
        _SET_DECISION_EN(ev, dec_en)
        _SET_DECISION_VI(ev, dec_vi)
        _SET_PROVENANCE(ev, prov)
        _SET_SCORECARD(ev, self.card)
        _SET_BANDS(ev, bands)
        _SET_RULES(ev, self.rules)
        _SET_TRACE(ev, _PENDING)
        _SET_PARTS(ev, _PENDING)
        _SET_GROUPS(ev, _PENDING)
        _SET_MINIMUM_FAILURES(ev, _PENDING)
        _SET_DEFERRED(ev, (self, recs, failing))
        return ev

    def fill(self, ev: Evaluation, name: str, state: tuple[_Compiled, list[_Record], int]
             ) -> None:
        """Fill the deferred field ``name`` of ``ev`` (``parts`` and ``groups`` together)
        from the records :meth:`evaluate` kept, as the eager code computed them."""
        recs, failing = state[1], state[2]
        if name == "trace":
            _SET_TRACE(ev, tuple(map(_LINE, recs)))
        elif name == "minimum_failures":
            failures: dict[int, tuple[str, ...]] = {}
            if failing:
                masks = sum(map(_MASKS, recs))
                found = self.failure_sets.get(masks)
                if found is None:
                    found = self._failure_set(masks)
                failures = dict(found)
            _SET_MINIMUM_FAILURES(ev, failures)
        else:
            sums = sum(map(_SUMS, recs)).to_bytes(self.n_sums, "little")
            fr = _FRACTIONS
            _SET_GROUPS(ev, {k: fr[v] for k, v in zip(self.group_ids, sums, strict=False)})
            _SET_PARTS(ev, {k: fr[v] for k, v in
                            zip(self.part_ids, sums[self.n_groups:], strict=False)})
