"""Scoring: :func:`evaluate` turns an :class:`~ocopkit.scoring.Assessment` into an
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

from fractions import Fraction

from ocopkit._version import __version__
from ocopkit.errors import Problem, ProblemCollector, ValidationError
from ocopkit.rulesets import (
    Averaging,
    Criterion,
    ExactMean,
    Rules,
    RuleSet,
    Scorecard,
    ScoringContext,
)
from ocopkit.text import suggest

from ._assessment import Assessment
from ._compiled import _BY_CONTEXT as _BY_CONTEXT
from ._compiled import _BY_INPUTS as _BY_INPUTS
from ._compiled import _compile as _compile
from ._compiled import _province_from_code
from ._results import STARS as STARS
from ._results import (
    Evaluation,
    GateFailure,
    Provenance,
    TraceLine,
    _gate_failures,
    _trace_line,
)
from ._results import fmt as fmt
from ._results import stars_text as stars_text

__all__ = [
    "Evaluation",
    "GateFailure",
    "Provenance",
    "TraceLine",
    "evaluate",
    "validate",
]


# ---------------------------------------------------------------- validation


def _resolve_ruleset(a: Assessment, rules: Rules, problems: ProblemCollector) -> RuleSet | None:
    """The rule set that decides ``a``: its pinned ``ruleset_id`` when that rule set may
    decide on ``a.assessed_on`` (as :meth:`~ocopkit.certification.Certificate.issue`
    requires), else the one in force on that day."""
    try:
        if a.ruleset_id is None:
            return rules.registry.for_date(a.assessed_on, submitted_on=a.submitted_on,
                                           kind=a.kind)
        rs = rules.registry.get(a.ruleset_id)
    except ValidationError as exc:
        problems.extend(Problem("$.ruleset_id" if a.ruleset_id else "$.assessed_on", p.code,
                                p.message_vi, p.message_en, p.suggestion) for p in exc.problems)
        return None
    if not rules.registry.decides_on(rs, a.assessed_on, submitted_on=a.submitted_on,
                                     kind=a.kind):
        until = rs.effective_until.isoformat() if rs.effective_until else "—"
        problems.add(
            "$.ruleset_id", "ruleset-not-in-force",
            f"bộ quy tắc {rs.id} ({rs.effective_from.isoformat()} – {until}) không có hiệu "
            f"lực ngày {a.assessed_on.isoformat()}",
            f"rule set {rs.id} ({rs.effective_from.isoformat()} – {until}) is not in force on "
            f"{a.assessed_on.isoformat()}",
            suggestion=_in_force_id(rules, a))
        return None
    return rs


def _in_force_id(rules: Rules, a: Assessment) -> str | None:
    try:
        return rules.registry.for_date(a.assessed_on, submitted_on=a.submitted_on,
                                       kind=a.kind).id
    except ValidationError:
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
    if not a.sheets:
        problems.add("$.sheets", "no-sheets", "không có phiếu chấm", "no score sheet")
    rs = _resolve_ruleset(a, rules, problems)
    card: Scorecard | None = None
    ctx: ScoringContext | None = None
    if rs is not None:
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

    ``averaging`` combines the scorers' totals (default :class:`~ocopkit.rulesets.ExactMean`).
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
    gate_failures = _gate_failures(ctx.gates, a.evidence_keys)
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
                      ctx.tier_policy.id, avg.id, ctx.caveats)
    return Evaluation(
        assessment=a, total=total, parts=parts, groups=groups, band=band,
        minimum_failures={k: v for k, v in failures.items() if v},
        gate_failures=gate_failures, disqualified_by=dq, stars=stars, certifiable=ok,
        authority=authority, decision_en=dec_en, decision_vi=dec_vi, trace=tuple(trace),
        provenance=prov, scorecard=card, bands=ctx.ruleset.bands, rules=rules,
    )
