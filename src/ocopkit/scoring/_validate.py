"""Validation: every problem of an assessment, found at once, located and bilingual.

:func:`validate` is the one reporter of bad input. The engine (:func:`evaluate`)
refuses an assessment its tables cannot score and then calls :func:`validate`, which
says why; the scoring context comes from the cache of :mod:`._contexts`.

>>> from datetime import date
>>> from ocopkit.scoring import Assessment
>>> try:
...     validate(Assessment.single(7, {"1.1": "1.1.x"}, assessed_on=date(2026, 6, 1)))
... except ValidationError as err:
...     print(err.codes[:2], len(err.problems))
('unknown-option', 'missing-answer') 31
"""

from __future__ import annotations

from ocopkit.errors import Problem, ProblemCollector, ValidationError
from ocopkit.rulesets import Criterion, Rules, RuleSet, Scorecard, ScoringContext
from ocopkit.text import suggest

from ._assessment import Answer, Assessment
from ._contexts import resolve_province, resolve_ruleset, segment

__all__ = ["validate"]


def _periods(rules: Rules) -> tuple[str, str]:
    """The periods whose assessments can be scored (rule sets with scorecards), in words."""
    vi, en = [], []
    for rs in sorted(rules.registry, key=lambda r: r.effective_from):
        if not rs.has_scorecards:
            continue
        doc = rs.citation.document.split(" ngày ")[0]
        if rs.effective_until is None:
            vi.append(f"từ {rs.effective_from:%d/%m/%Y} ({doc})")
            en.append(f"from {rs.effective_from.isoformat()} ({doc})")
        else:
            vi.append(f"{rs.effective_from:%d/%m/%Y} – {rs.effective_until:%d/%m/%Y} ({doc})")
            en.append(f"{rs.effective_from.isoformat()} – {rs.effective_until.isoformat()} "
                      f"({doc})")
    return "; ".join(vi) or "—", "; ".join(en) or "—"


def _no_scorecards(a: Assessment, rs: RuleSet, rules: Rules) -> Problem:
    """A day (or a pinned rule set) whose rules score no criterion, said for a portal user."""
    vi, en = _periods(rules)
    doc = rs.citation.document.split(" ngày ")[0]
    if a.ruleset_id is not None:
        return Problem("$.ruleset_id", "no-scorecards",
                       f"bộ quy tắc {rs.id} ({doc}) không có phiếu chấm điểm theo tiêu chí, nên "
                       f"không chấm được phiếu đánh giá; phiếu chấm có trong: {vi}",
                       f"the rule set {rs.id} ({doc}) has no scorecard with points per "
                       f"criterion, so an assessment cannot be scored under it; scorecards "
                       f"exist for: {en}")
    return Problem("$.assessed_on", "no-scorecards",
                   f"ngày đánh giá {a.assessed_on:%d/%m/%Y} thuộc thời kỳ của {doc} ({rs.id}), "
                   f"văn bản không ban hành phiếu chấm điểm theo tiêu chí, nên không chấm "
                   f"được phiếu đánh giá của ngày này; chấm được các phiếu đánh giá trong: {vi}",
                   f"the evaluation date {a.assessed_on.isoformat()} falls under {doc} ({rs.id}), "
                   "which publishes no scorecard with points per criterion, so an assessment of "
                   f"that day cannot be scored; assessments can be scored for: {en}")


def _no_ruleset(a: Assessment, p: Problem, rules: Rules) -> Problem:
    if p.code != "no-ruleset":
        return p
    vi, en = _periods(rules)
    return Problem(p.path, p.code,
                   f"không có quy định OCOP nào để chấm điểm ngày {a.assessed_on:%d/%m/%Y}: "
                   f"hãy kiểm tra ngày đánh giá; chấm được các phiếu đánh giá trong: {vi}",
                   f"no OCOP rules to score by were in force on {a.assessed_on.isoformat()}: "
                   f"check the evaluation date; assessments can be scored for: {en}",
                   p.suggestion)


def _context_problems(a: Assessment, rules: Rules, problems: ProblemCollector
                      ) -> ScoringContext | None:
    """The problems that keep ``a`` from having a scoring context: its rule set, its
    province and product code, its product set — each located where it was written."""
    rs: RuleSet | None = None
    try:
        rs = resolve_ruleset(a, rules)
    except ValidationError as exc:
        problems.extend(_no_ruleset(a, p, rules) for p in exc.problems)
    province: str | None = None
    placed = True
    try:
        province = resolve_province(a)
    except ValidationError as exc:
        problems.extend(exc.problems)
        placed = False
    if rs is None or not placed:
        return None
    if not rs.has_scorecards:
        problems.extend([_no_scorecards(a, rs, rules)])
        return None
    try:
        return rules.context(rs, a.product_set, province, a.assessed_on)
    except ValidationError as exc:
        problems.extend(Problem("$.product_set", p.code, p.message_vi, p.message_en,
                                p.suggestion) for p in exc.problems)
        return None


def _owner_in_card(card: Scorecard, option_id: str) -> Criterion | None:
    """The criterion of ``card`` that has the option ``option_id``, if one has."""
    for crit in card:
        if crit.has_option(option_id):
            return crit
    return None


def _other_set_with_option(
    rules: Rules, ruleset_id: str, product_set: int, option_id: str
) -> int | None:
    rs = rules.registry.get(ruleset_id)
    for number, card in rs.scorecards.items():
        if number != product_set and _owner_in_card(card, option_id) is not None:
            return number
    return None


def _well_typed(ans: object) -> bool:
    return (isinstance(ans, Answer) and isinstance(ans.criterion_id, str)
            and (ans.option_id is None or isinstance(ans.option_id, str))
            and (ans.points is None or isinstance(ans.points, int)))


def validate(assessment: Assessment, rules: Rules | None = None) -> ScoringContext:
    """Check ``assessment``; return its scoring context or raise ONE ValidationError
    carrying every problem found, each located by a ``$``-path."""
    rules = rules or Rules.national()
    a = assessment
    problems = ProblemCollector()
    if not a.sheets:
        problems.add("$.sheets", "no-sheets", "không có phiếu chấm", "no score sheet")
    if isinstance(a.name, str) and not a.name.strip():
        problems.add("$.name", "empty-name", "tên trống: bỏ trường này (null) nếu không có tên",
                     "empty name: leave the field out (null) when there is none")
    seg = segment(a, rules)
    ctx = seg.ctx
    if ctx is None:
        ctx = _context_problems(a, rules, problems)
    elif seg.tables is not None and len(a.sheets) > seg.tables.max_sheets:
        problems.add("$.sheets", "too-many-sheets",
                     f"quá nhiều phiếu chấm ({len(a.sheets)}; tối đa {seg.tables.max_sheets})",
                     f"too many score sheets ({len(a.sheets)}; at most "
                     f"{seg.tables.max_sheets} can be averaged exactly here)")
    rs = ctx.ruleset if ctx is not None else None
    card = ctx.scorecard if ctx is not None else None
    if card is not None and rs is not None:
        for i, sheet in enumerate(a.sheets):
            seen: dict[str, int] = {}
            base = f"$.sheets[{i}]" if len(a.sheets) > 1 else "$"
            for j, ans in enumerate(sheet.answers):
                if not _well_typed(ans):
                    problems.add(f"{base}.answers[{j}]", "bad-answer",
                                 f"câu trả lời không hợp lệ: {ans!r}",
                                 f"not an answer (criterion id, option id or points): {ans!r}")
                    continue
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
                _check_answer(card, crit, ans.option_id, ans.points, path, problems, rules, rs.id,
                              card.product_set)
            for crit in card:
                if crit.id not in seen and crit.applies_when is None:
                    problems.add(f"{base}.answers[{crit.id!r}]", "missing-answer",
                                 f"thiếu câu trả lời cho tiêu chí {crit.id} ({crit.name[:60]})",
                                 f"no answer for criterion {crit.id} ({crit.name[:60]})")
        for flag in sorted(map(str, a.disqualifiers)):
            if flag not in card.disqualifiers:
                problems.add(f"$.disqualifiers[{flag!r}]", "unknown-disqualifier",
                             f"không có điều kiện loại {flag!r}",
                             f"unknown disqualifier {flag!r}",
                             suggest(flag, card.disqualifiers, cutoff=0.3))
    problems.raise_if_any("invalid assessment / phiếu đánh giá không hợp lệ")
    assert ctx is not None
    return ctx


def _check_answer(
    card: Scorecard,
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
        owner = _owner_in_card(card, option_id)
        other = (None if owner is not None
                 else _other_set_with_option(rules, ruleset_id, product_set, option_id))
        if owner is not None:
            problems.add(path, "option-of-other-criterion",
                         f"phương án {option_id!r} thuộc tiêu chí {owner.id}, không thuộc tiêu "
                         f"chí {crit.id}",
                         f"option {option_id!r} belongs to criterion {owner.id}, not to "
                         f"criterion {crit.id}",
                         suggest(option_id, [o.id for o in crit.options], cutoff=0.3))
        elif other is not None:
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
