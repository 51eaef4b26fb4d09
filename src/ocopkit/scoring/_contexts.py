"""Which scoring context decides an assessment, cached so that it cannot thrash.

An assessment's context depends on its rules, pinned rule set, product set, province,
kind, submission date and assessment date — but the two dates matter only through a
few comparisons: with the dates on which anything changes
(:attr:`ocopkit.rulesets.Rules.change_points`: rule sets, transitional provisions,
authorities, overrides, gates, provinces) sorted, every assessment date between two
consecutive points resolves alike, and so does every submission date between two
transitional cut-offs (``submitted_before``). A :class:`_Timeline` per
``(pinned rule set, submission bucket, kind, product set, province)`` therefore finds
the context of a date by bisection; its intervals are resolved on first use.

Contexts that decide alike share one compiled :class:`~ocopkit.scoring._tables.Tables`,
keyed on what changes a result: the rule set, the product set, the criteria the
provincial overrides in force changed, the gates in force, the tier policy and the
plug-ins. Both caches are bounded and evict the least recently used entry (never the
whole cache); they live per :class:`~ocopkit.rulesets.Rules` object and go with it.

With a custom matcher (``change_points is None``) the intervals are single days.
This module has no public names.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import weakref
from bisect import bisect_right
from collections import OrderedDict
from datetime import date
from typing import Any, Final, Generic, TypeVar

from ocopkit import places
from ocopkit.errors import Problem, ValidationError
from ocopkit.places import Province
from ocopkit.products import ProductCode
from ocopkit.rulesets import Authority, Rules, RuleSet, ScoringContext

from ._assessment import Assessment
from ._tables import Tables

__all__: list[str] = []

K = TypeVar("K")
V = TypeVar("V")

#: Bounds of the caches (per rules object; a few rules objects are kept).
MAX_TIMELINES: Final = 4096
MAX_TABLES: Final = 512
MAX_DAYS: Final = 4096  # intervals of one timeline when they are single days
MAX_RULES: Final = 16


class LRU(Generic[K, V]):
    """A bounded mapping that evicts its least recently used entry."""

    __slots__ = ("data", "limit", "lock")

    def __init__(self, limit: int) -> None:
        self.data: OrderedDict[K, V] = OrderedDict()
        self.limit = limit
        self.lock = threading.Lock()

    def get(self, key: K) -> V | None:
        found = self.data.get(key)
        if found is not None:
            # evicted by another thread meanwhile: still a valid value
            with contextlib.suppress(KeyError):
                self.data.move_to_end(key)
        return found

    def put(self, key: K, value: V) -> V:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.limit:
                self.data.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self.data)


class Segment:
    """The context of an interval of dates: ``tables`` None when it cannot be scored
    (no rule set, a pinned one not in force, no scorecard…: :func:`validate` says why).

    ``authorities[stars]`` is the authority that recognises ``stars`` in the interval
    (the authorities' dates are change points), None where there is none.
    """

    __slots__ = ("authorities", "ctx", "tables")

    def __init__(self, ctx: ScoringContext | None, tables: Tables | None,
                 on: date | None = None) -> None:
        self.ctx = ctx
        self.tables = tables
        found: list[Authority | None] = [None] * 6
        if ctx is not None and on is not None:
            for stars in ctx.ruleset.authorities:
                if 0 <= stars < 6:
                    found[stars] = ctx.ruleset.authority_for(stars, on)
        self.authorities = tuple(found)


@functools.lru_cache(maxsize=1 << 16)
def _code_key(text: str) -> tuple[Any, ...]:
    """What decides the province a product code selects: its T and the unit of its era
    (or why there is none); a malformed or non-canonical code is a key of its own."""
    try:
        code = ProductCode.parse(text, path="$.product_code")
    except ValidationError:
        return ("invalid", text)
    if str(code) != text:
        return ("invalid", text)
    try:
        unit: str = code.province().id
    except ValidationError as exc:
        unit = exc.problems[0].code
    return ("code", code.province_code, unit)


def _province_problems(text: str, exc: ValidationError, on: date) -> list[Problem]:
    """The problems of a province that does not resolve, in words for the person who wrote
    it: what to write when nothing is close."""
    out = []
    for p in exc.problems:
        if p.code == "unknown-province" and p.suggestion is None:
            shown = "(trống)" if not text.strip() else repr(text)
            shown_en = "(empty)" if not text.strip() else repr(text)
            p = Problem(p.path, p.code,
                        f"không tìm thấy tỉnh {shown}: hãy ghi mã (\"22\"), tên (\"Quảng Ninh\") "
                        f"hoặc mã định danh (\"22@34\") của một tỉnh có hiệu lực ngày "
                        f"{on:%d/%m/%Y}, hoặc bỏ trường này",
                        f"unknown province {shown_en}: write the code (\"22\"), the name "
                        f"(\"Quảng Ninh\") or the id (\"22@34\") of a province in force on "
                        f"{on.isoformat()}, or leave the field out")
        out.append(p)
    return out


def resolve_province(a: Assessment) -> str | None:
    """The province that selects provincial rules for ``a``: its ``province`` as written,
    else the unit its ``product_code`` names, in force on ``a.assessed_on``; ``None`` when
    it gives neither.

    Whatever is written must resolve — a province unknown or not in force on the day, a
    malformed or non-canonical code, a code of another province — or one
    :class:`~ocopkit.errors.ValidationError` says why, located at ``$.province`` or
    ``$.product_code``: no input silently switches provincial rules off.
    """
    problems: list[Problem] = []
    unit: Province | None = None
    on = a.assessed_on
    if a.province is not None:
        try:
            unit = places.province(a.province, on=on, path="$.province")
        except ValidationError as exc:
            problems.extend(_province_problems(a.province, exc, on))
    code: ProductCode | None = None
    if a.product_code is not None:
        try:
            code = ProductCode.parse(a.product_code, path="$.product_code")
        except ValidationError as exc:
            problems.extend(exc.problems)
        if code is not None and str(code) != a.product_code:
            problems.append(Problem(
                "$.product_code", "non-canonical-code",
                f"mã sản phẩm {a.product_code!r} không viết ở dạng chuẩn",
                f"the product code {a.product_code!r} is not written in its canonical form "
                "(digits joined by '-')", str(code)))
            code = None
    if code is not None and unit is not None:
        if not code.names_province(unit.id):
            problems.append(Problem(
                "$.product_code", "code-province-mismatch",
                f"mã tỉnh {code.province_code} của mã sản phẩm không phải của {unit.name} "
                f"({unit.id})",
                f"the code's province {code.province_code} is not {unit.name} ({unit.id})"))
    elif code is not None and a.province is None:
        try:
            unit = places.successor(code.province(), on)
        except ValidationError as exc:
            problems.extend(Problem(
                "$.product_code", p.code,
                f"mã tỉnh {code.province_code} của mã sản phẩm không cho biết tỉnh có hiệu lực "
                f"ngày {on:%d/%m/%Y}: hãy ghi thêm trường province",
                f"the code's province {code.province_code} does not tell the province in "
                f"force on {on.isoformat()}: write the province too") for p in exc.problems)
    if problems:
        raise ValidationError(problems, "invalid assessment / phiếu đánh giá không hợp lệ")
    if a.province is not None:
        return a.province
    return None if unit is None else unit.id


class _Timeline:
    """The segments of one (pin, submission bucket, kind, set, province) over time."""

    __slots__ = ("by_day", "key", "points", "segments")

    def __init__(self, key: tuple[Any, ...], points: tuple[date, ...] | None) -> None:
        self.key = key
        self.points = points
        self.segments: list[Segment | None] = [None] * (len(points) + 1 if points else 1)
        self.by_day: LRU[date, Segment] = LRU(MAX_DAYS)


class _Holder:
    """The caches of one rules object."""

    __slots__ = ("__weakref__", "points", "ref", "submitted", "tables", "timelines")

    def __init__(self, rules: Rules) -> None:
        self.ref = weakref.ref(rules)
        self.points = rules.change_points
        self.submitted = sorted({t.submitted_before for rs in rules.registry
                                 for t in rs.transitions})
        self.timelines: LRU[tuple[Any, ...], _Timeline] = LRU(MAX_TIMELINES)
        self.tables: LRU[tuple[Any, ...], Tables] = LRU(MAX_TABLES)


_HOLDERS: LRU[int, _Holder] = LRU(MAX_RULES)
_LAST: list[Any] = [None, None]  # the rules object used last and its holder


def holder(rules: Rules) -> _Holder:
    if _LAST[0] is rules:
        return _LAST[1]  # type: ignore[no-any-return]
    found = _HOLDERS.get(id(rules))
    if found is None or found.ref() is not rules:
        found = _HOLDERS.put(id(rules), _Holder(rules))
    _LAST[0], _LAST[1] = rules, found
    return found


def segment(a: Assessment, rules: Rules) -> Segment:
    """The scoring context (and compiled tables) of ``a`` under ``rules``."""
    h = _LAST[1] if _LAST[0] is rules else holder(rules)
    sub = a.submitted_on
    code = a.product_code
    key = (a.ruleset_id, -1 if sub is None else bisect_right(h.submitted, sub),
           a.kind._value_, a.product_set, a.province, code if code is None else _code_key(code))
    data = h.timelines.data
    tl = data.get(key)
    if tl is None:
        tl = h.timelines.put(key, _Timeline(key, h.points))
    else:
        with contextlib.suppress(KeyError):  # evicted meanwhile by another thread
            data.move_to_end(key)
    on = a.assessed_on
    if tl.points is None:
        found = tl.by_day.get(on)
        if found is None:
            found = tl.by_day.put(on, _resolve(a, rules, h))
        return found
    i = bisect_right(tl.points, on)
    found = tl.segments[i]
    if found is None:
        found = tl.segments[i] = _resolve(a, rules, h)
    return found


def resolve_ruleset(a: Assessment, rules: Rules) -> RuleSet:
    """The rule set that decides ``a``: its pinned ``ruleset_id`` when that rule set may
    decide on ``a.assessed_on`` (as :meth:`~ocopkit.certification.Certificate.issue`
    requires), else the one in force that day.

    Raises :class:`~ocopkit.errors.ValidationError` located at ``$.ruleset_id`` or
    ``$.assessed_on`` otherwise.
    """
    reg = rules.registry
    try:
        if a.ruleset_id is None:
            return reg.for_date(a.assessed_on, submitted_on=a.submitted_on, kind=a.kind)
        rs = reg.get(a.ruleset_id)
    except ValidationError as exc:
        raise ValidationError([
            Problem("$.ruleset_id" if a.ruleset_id else "$.assessed_on", p.code,
                    p.message_vi, p.message_en, p.suggestion) for p in exc.problems]) from None
    if not reg.decides_on(rs, a.assessed_on, submitted_on=a.submitted_on, kind=a.kind):
        until = rs.effective_until.isoformat() if rs.effective_until else "—"
        try:
            in_force: str | None = reg.for_date(a.assessed_on, submitted_on=a.submitted_on,
                                                kind=a.kind).id
        except ValidationError:
            in_force = None
        raise ValidationError([Problem(
            "$.ruleset_id", "ruleset-not-in-force",
            f"bộ quy tắc {rs.id} ({rs.effective_from.isoformat()} – {until}) không có hiệu "
            f"lực ngày {a.assessed_on.isoformat()}",
            f"rule set {rs.id} ({rs.effective_from.isoformat()} – {until}) is not in force "
            f"on {a.assessed_on.isoformat()}", in_force)])
    return rs


def _resolve(a: Assessment, rules: Rules, h: _Holder) -> Segment:
    try:
        rs = resolve_ruleset(a, rules)
        ctx = rules.context(rs, a.product_set, resolve_province(a), a.assessed_on)
    except ValidationError:
        return Segment(None, None)
    # with a custom matcher the interval is one day; otherwise authorities only change
    # on change points, so the day looked up stands for its interval
    return Segment(ctx, tables_for(rules, ctx, h), a.assessed_on)


def tables_for(rules: Rules, ctx: ScoringContext, h: _Holder | None = None) -> Tables:
    """The compiled tables of ``ctx``, shared by every context that decides alike."""
    h = h or holder(rules)
    base = ctx.ruleset.scorecards.get(ctx.scorecard.product_set)
    changed = tuple(c for c in ctx.scorecard
                    if base is None or not base.has_criterion(c.id)
                    or c is not base.criterion(c.id))
    signature = (id(ctx.ruleset), ctx.scorecard.product_set, changed,
                 tuple(ctx.decided_by.items()), ctx.gates, ctx.tier_policy_by,
                 id(ctx.tier_policy), ctx.plugins, ctx.caveats,
                 ctx.scorecard if base is not ctx.scorecard and not changed else None)
    found = h.tables.get(signature)
    if found is None or found.ctx.ruleset is not ctx.ruleset:
        found = h.tables.put(signature, Tables(rules, ctx))
    return found
