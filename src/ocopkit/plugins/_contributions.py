"""What one plug-in contributes, and the checks its contributions must pass.

:class:`~ocopkit.plugins.Contributions` holds the values one plug-in
registered (rule sets, overrides and gates, tier and certificate policies,
plans, indicators, extra evaluation rounds); :func:`~ocopkit.plugins.validate_contributions` checks
them against the rule sets and the indicators: points within the
criterion's maximum, known criteria and options, a citation, a known
province, an ordered effective window, a valid plan.
:func:`ocopkit.plugins.load` rejects a plug-in with any problem. Every name
here is importable from, and documented in, :mod:`ocopkit.plugins`.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

import attrs

from ocopkit import places
from ocopkit.certification import CertificatePolicy
from ocopkit.errors import DataError, Problem, ValidationError
from ocopkit.rulesets import (
    Amendment,
    CriterionOverride,
    Gate,
    PluginInfo,
    RuleSet,
    RuleSetRegistry,
    TierPolicy,
    check_amendment,
    check_override,
)
from ocopkit.targets import Indicator, IndicatorRegistry, Plan, builtin_indicators
from ocopkit.text import suggest

from ._report import PluginFailure

if TYPE_CHECKING:
    from ocopkit.procedure import Round

__all__ = [
    "Contributions",
    "indicator_registry",
    "province_problem",
    "validate_contributions",
]


@attrs.frozen
class Contributions:
    """Everything one plug-in registered, checked one value at a time.

    ``failure`` is set when a hook raised or a value had the wrong type;
    the values themselves are checked against the rule sets by :func:`~ocopkit.plugins.load`.
    """

    plugin: PluginInfo
    distribution: str | None
    rulesets: tuple[RuleSet, ...] = ()
    rules: tuple[CriterionOverride | Gate | Amendment, ...] = ()
    tier_policies: tuple[tuple[str, TierPolicy], ...] = ()
    certificate_policies: tuple[tuple[str, CertificatePolicy], ...] = ()
    plans: tuple[Plan, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    rounds: tuple[Round, ...] = ()
    failure: PluginFailure | None = None

    @property
    def name(self) -> str:
        return self.plugin.name

    @property
    def overrides(self) -> tuple[CriterionOverride, ...]:
        return tuple(r for r in self.rules if isinstance(r, CriterionOverride))

    @property
    def gates(self) -> tuple[Gate, ...]:
        return tuple(r for r in self.rules if isinstance(r, Gate))

    @property
    def amendments(self) -> tuple[Amendment, ...]:
        return tuple(r for r in self.rules if isinstance(r, Amendment))


def _window(where: str, start: date | None, end: date | None) -> list[Problem]:
    if start is not None and end is not None and start > end:
        return [Problem(where, "invalid-period", "ngày hết hiệu lực trước ngày bắt đầu",
                        f"effective_until {end} is before effective_from {start}")]
    return []


def province_problem(query: str, where: str) -> Problem | None:
    """A problem if ``query`` names no province (an ambiguous one is fine)."""
    try:
        places.province(query)
    except ValidationError as exc:
        if exc.codes == ("ambiguous-province",):
            return None
        p = exc.problems[0]
        return Problem(where, p.code, p.message_vi, p.message_en, p.suggestion)
    return None


def _check_override_item(
    o: CriterionOverride, registry: RuleSetRegistry, where: str
) -> list[Problem]:
    try:
        ruleset = registry.get(o.ruleset_id)
    except ValidationError as exc:
        return [Problem(where, p.code, p.message_vi, p.message_en, p.suggestion)
                for p in exc.problems]
    if not ruleset.scorecards:
        return [Problem(where, "no-scorecards", f"{ruleset.id} không có bộ tiêu chí chi tiết",
                        f"{ruleset.id} has no per-criterion scorecards to override")]
    problems: list[Problem] = []
    if o.product_sets is None:
        cards = [c for c in ruleset.scorecards.values() if c.has_criterion(o.criterion_id)]
        if not cards:
            problems.append(Problem(where, "unknown-criterion",
                                    f"không bộ nào có tiêu chí {o.criterion_id}",
                                    f"no product set has criterion {o.criterion_id}"))
    else:
        cards = []
        for n in sorted(o.product_sets):
            if n in ruleset.scorecards:
                cards.append(ruleset.scorecards[n])
            else:
                problems.append(Problem(where, "unknown-product-set",
                                        f"không có bộ sản phẩm {n}", f"no product set {n}"))
    seen: set[tuple[str, str]] = set()
    own = f"override {o.id}"
    for card in cards:
        for p in check_override(card, o):
            key = (p.code, p.path)
            if key in seen:
                continue
            seen.add(key)
            rest = p.path[len(own):] if p.path.startswith(own) else f" › {p.path}"
            path = where if not rest else f"{where} › set {card.product_set}{rest}"
            problems.append(Problem(path, p.code, p.message_vi, p.message_en, p.suggestion))
    if not o.changes:
        problems.append(Problem(where, "no-changes", "không có thay đổi nào", "no option changes"))
    return problems


def _check_amendment_item(a: Amendment, registry: RuleSetRegistry, where: str) -> list[Problem]:
    try:
        ruleset = registry.get(a.ruleset_id)
    except ValidationError as exc:
        return [Problem(where, p.code, p.message_vi, p.message_en, p.suggestion)
                for p in exc.problems]
    problems = [Problem(f"{where} › {p.path}", p.code, p.message_vi, p.message_en,
                        p.suggestion) for p in check_amendment(ruleset.scorecards, a)]
    known = {c.id for c in ruleset.caveats}
    for cid in sorted(a.supplies - known):
        problems.append(Problem(f"{where} › supplies", "unknown-caveat",
                                f"{ruleset.id} không có lưu ý {cid!r}",
                                f"{ruleset.id} has no caveat {cid!r}",
                                suggest(cid, known, cutoff=0.4) if known else None))
    if not a.changes:
        problems.append(Problem(where, "no-changes", "không có thay đổi nào", "no option changes"))
    return problems


def _check_gate_item(g: Gate, where: str) -> list[Problem]:
    problems = []
    if not str(g.citation).strip():
        problems.append(Problem(where, "no-citation", "thiếu trích dẫn", "missing citation"))
    if not g.requires or not all(isinstance(r, str) and r.strip() for r in g.requires):
        problems.append(Problem(where, "no-evidence", "cổng phải yêu cầu ít nhất một minh chứng",
                                "a gate must require at least one non-empty evidence kind"))
    if g.min_stars not in (3, 4, 5):
        problems.append(Problem(where, "bad-min-stars", "min_stars phải là 3, 4 hoặc 5",
                                f"min_stars must be 3, 4 or 5, not {g.min_stars!r}"))
    if not (g.name_vi.strip() and g.name_en.strip()):
        problems.append(Problem(where, "no-name", "thiếu tên cổng",
                                "a gate needs name_vi and name_en"))
    return problems


def _check_object(obj: object, where: str, **context: object) -> list[Problem]:
    """``obj.check(...)`` as located problems; ``context`` is passed when accepted."""
    check = getattr(obj, "check", None)
    if not callable(check):
        return []
    try:
        accepted = inspect.signature(check).parameters
    except (TypeError, ValueError):  # pragma: no cover - builtins without a signature
        accepted = {}  # type: ignore[assignment]
    kwargs = {k: v for k, v in context.items() if k in accepted}
    try:
        found = check(**kwargs)
    except ValidationError as exc:
        found = exc.problems
    if found is None or isinstance(found, bool):
        return []
    return [Problem(f"{where} › {p.path}", p.code, p.message_vi, p.message_en, p.suggestion)
            for p in found if isinstance(p, Problem)]


def indicator_registry(extra: Iterable[Indicator] = ()) -> IndicatorRegistry:
    """The built-in indicators plus ``extra``."""
    return builtin_indicators().with_indicators(extra)


def validate_contributions(
    c: Contributions, registry: RuleSetRegistry, indicators: object = None
) -> list[tuple[str, Problem]]:
    """Every problem of ``c``'s values, as ``(hook, problem)``.

    Overrides and tier policies are checked against the rule sets in
    ``registry``; plans against the indicator registry ``indicators``
    (default: the built-in indicators plus ``c``'s own).
    """
    found: list[tuple[str, Problem]] = []
    hook = "ocopkit_register_rules"
    ids: dict[str, int] = {}
    resolved: dict[str, Problem | None] = {}

    def provinces(query: str, where: str) -> Problem | None:
        """:func:`province_problem`, each distinct query resolved once."""
        if query not in resolved:
            resolved[query] = province_problem(query, "")
        p = resolved[query]
        return None if p is None else attrs.evolve(p, path=where)

    for item in c.rules:
        kind = ("override" if isinstance(item, CriterionOverride) else
                "amendment" if isinstance(item, Amendment) else "gate")
        where = f"{hook} › {kind} {item.id}"
        ids[item.id] = ids.get(item.id, 0) + 1
        problems = _window(where, item.effective_from, item.effective_until)
        if not item.id.strip():
            problems.append(Problem(where, "no-id", "thiếu mã", "missing id"))
        if isinstance(item, Amendment):  # national: no province
            problems.extend(_check_amendment_item(item, registry, where))
            found.extend((hook, p) for p in problems)
            continue
        if (p := provinces(item.province, f"{where} › province")) is not None:
            problems.append(p)
        if isinstance(item, CriterionOverride):
            problems.extend(_check_override_item(item, registry, where))
        else:
            problems.extend(_check_gate_item(item, where))
        found.extend((hook, p) for p in problems)
    for rid, n in sorted(ids.items()):
        if n > 1:
            found.append((hook, Problem(f"{hook} › {rid}", "duplicate-id",
                                        f"mã {rid} đăng ký {n} lần",
                                        f"id {rid} registered {n} times")))
    hook = "ocopkit_register_tier_policies"
    for rid, _policy in c.tier_policies:
        try:
            registry.get(rid)
        except ValidationError as exc:
            found.extend((hook, Problem(f"{hook} › {rid}", p.code, p.message_vi, p.message_en,
                                        p.suggestion)) for p in exc.problems)
    hook = "ocopkit_register_certificate_policies"
    for province, _cert in c.certificate_policies:
        if (p := provinces(province, f"{hook} › {province}")) is not None:
            found.append((hook, p))
    if indicators is None and c.plans:
        try:
            indicators = indicator_registry(c.indicators)
        except DataError as exc:
            found.extend(("ocopkit_register_indicators", p) for p in exc.problems)
    hook = "ocopkit_register_rounds"
    seen: dict[str, int] = {}
    for r in c.rounds:
        seen[r.id] = seen.get(r.id, 0) + 1
    found.extend((hook, Problem(f"{hook} › {rid}", "duplicate-id", f"mã {rid} đăng ký {n} lần",
                                f"id {rid} registered {n} times"))
                 for rid, n in sorted(seen.items()) if n > 1)
    for hook, items in (("ocopkit_register_plans", c.plans),
                        ("ocopkit_register_indicators", c.indicators),
                        ("ocopkit_register_rounds", c.rounds)):
        for i, obj in enumerate(items):
            label = getattr(obj, "id", None) or f"#{i + 1}"
            found.extend((hook, p) for p in _check_object(obj, f"{hook} › {label}",
                                                          indicators=indicators))
    return found
