"""Province OCOP plans and their targets, as data.

A :class:`Plan` belongs to a province *as it was named when the plan was
made* (Bắc Kạn's 2021–2025 plan stays a Bắc Kạn plan after the province
merged into Thái Nguyên on 2025-07-01) and to a period. Each :class:`Target`
is one number the plan commits to, with the sentence of the source that
states it:

* an exact number (:meth:`Target.exact`), a minimum (:meth:`Target.minimum`,
  optionally *strict*, for "hơn 200" = more than 200), a maximum
  (:meth:`Target.maximum`) or a range (:meth:`Target.between`, "80–130");
* for the whole period or **per year** ("Hằng năm … từ 10 đến 15");
* with a deadline (default: the end of the plan), an optional start and
  baseline;
* measured by an indicator id plus parameters (see
  :mod:`ocopkit.targets`), or by nothing (``indicator=None``) when the
  portfolio cannot tell (sale points, training courses…): attainment then
  reports "not measurable", never 0 %.

**Reading rule for the sources.** A bare number in a list of goals
("Xây dựng 45 điểm bán hàng") is read as a minimum; "khoảng 3 - 5" and
"từ 80 - 130" are ranges; "hơn" is a strict minimum.

>>> t = Target.between("new-3-star", 80, 130, unit="products",
...     label_vi="Sản phẩm OCOP từ 3 sao được công nhận mới",
...     label_en="New products recognised at 3★ or more",
...     indicator="new-products", citation=quoted("KH 3799/KH-UBND",
...         "phấn đấu công nhận mới ít nhất từ 80 - 130 sản phẩm OCOP đạt từ 3 sao trở lên"))
>>> t.kind, t.describe(), t.is_met(80), t.is_met(130), t.is_above(131)
(<TargetKind.RANGE: 'range'>, '80–130', True, True, True)
>>> Target.minimum("share", "2/5", unit="share", label_vi="HTX", label_en="Cooperatives",
...     citation=quoted("KH", "ít nhất có 40% chủ thể OCOP là hợp tác xã")).describe()
'≥ 40 %'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any, Final

import attrs

from ocopkit import places
from ocopkit.errors import Problem, ProblemCollector, ValidationError
from ocopkit.frozen import FrozenMap
from ocopkit.places import Province
from ocopkit.rulesets import Citation
from ocopkit.text import nfc, number

from ._builtin import builtin_indicators
from ._indicators import IndicatorRegistry, Number, ParamValue

__all__ = [
    "Plan",
    "Reported",
    "Target",
    "TargetKind",
    "format_number",
    "quoted",
]

_ID: Final = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")


class TargetKind(enum.Enum):
    """What kind of number a target is."""

    EXACT = "exact"
    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    RANGE = "range"


def _number(value: Number | str | None) -> Number | None:
    """Exact numbers only: ``int``, ``Fraction`` or a string such as ``"2/5"``."""
    if value is None or (isinstance(value, int | Fraction) and not isinstance(value, bool)):
        if isinstance(value, Fraction) and value.denominator == 1:
            return int(value)
        return value
    if isinstance(value, str):
        try:
            parsed = Fraction(value)
        except (ValueError, ZeroDivisionError):
            pass
        else:
            return int(parsed) if parsed.denominator == 1 else parsed
    raise ValidationError([Problem(
        "$.value", "inexact-number",
        f"chỉ tiêu phải là số chính xác (int, Fraction hoặc '2/5'): {value!r}",
        f"a target is an exact number (int, Fraction or a string like '2/5'): {value!r}")])


def _req_number(value: Number | str) -> Number:
    out = _number(value)
    assert out is not None
    return out


def _params(value: Mapping[str, ParamValue] | None) -> Mapping[str, ParamValue]:
    return FrozenMap(dict(value or {}))


def quoted(document: str, sentence: str, where: str | None = None) -> Citation:
    """A :class:`~ocopkit.rulesets.Citation` whose item quotes ``sentence`` verbatim.

    >>> str(quoted("KH 3799/KH-UBND", "Kiểm tra và cấp lại chứng nhận sản phẩm OCOP hết hạn.",
    ...            "mục 2"))
    'KH 3799/KH-UBND, mục 2, “Kiểm tra và cấp lại chứng nhận sản phẩm OCOP hết hạn.”'
    """
    return Citation(document, where, f"“{nfc(sentence)}”")


def _quote_of(citation: Citation) -> str:
    item = (citation.item or "").strip()
    start, end = item.find("“"), item.rfind("”")
    if start == -1 or end <= start:
        return ""
    return item[start + 1 : end]


def format_number(value: Number, unit: str = "", lang: str = "vi") -> str:
    """Human form: shares as percentages (one decimal), other fractions with two
    decimals — a decimal comma in Vietnamese (and ``"both"``), a point in English
    (:func:`ocopkit.text.number`, rounded half up).

    >>> format_number(Fraction(109, 100), "share"), format_number(Fraction(79, 108), "share")
    ('109 %', '73,1 %')
    >>> format_number(Fraction(522, 241)), format_number(218)
    ('2,17', '218')
    >>> format_number(Fraction(5, 2), lang="en")
    '2.50'
    """
    if unit == "share":
        pct = number(Fraction(value) * 100, lang, places=1, mark_rounded=False, trim=False)
        return f"{pct} %"
    return number(value, lang, places=2, mark_rounded=False, trim=False)


@attrs.frozen(kw_only=True)
class Target:
    """One quantified commitment of a plan, with the sentence that states it.

    ``low`` / ``high`` are the bounds (both inclusive): minimum → ``low``
    only, maximum → ``high`` only, exact → ``low == high``, range → both.
    ``strict`` makes a minimum exclusive ("hơn 200"). ``per_year`` applies
    the bounds to each calendar year of the target's window. ``start`` /
    ``deadline`` default to the plan's period. ``baseline`` (optional) is
    the value at ``start``; see :mod:`ocopkit.targets` for the pace rule.
    ``citation`` names the source; its ``item`` quotes the sentence that
    states the target, verbatim, between “ ” (build it with :func:`quoted`).
    """

    id: str
    label_vi: str = attrs.field(converter=nfc)
    label_en: str
    unit: str
    citation: Citation
    low: Number | None = attrs.field(default=None, converter=_number)
    high: Number | None = attrs.field(default=None, converter=_number)
    strict: bool = False
    per_year: bool = False
    start: date | None = None
    deadline: date | None = None
    baseline: Number | None = attrs.field(default=None, converter=_number)
    indicator: str | None = None
    parameters: Mapping[str, ParamValue] = attrs.field(
        factory=dict, converter=_params, hash=False
    )
    note: str | None = None
    note_vi: str | None = None
    """The note in Vietnamese (``note`` is in English); reports show it with ``--lang vi``."""

    def __attrs_post_init__(self) -> None:
        c = ProblemCollector()
        where = f"target {self.id!r}"
        if self.low is None and self.high is None:
            c.add(f"{where}", "target-without-bounds", "chỉ tiêu không có giá trị",
                  "a target needs a minimum, a maximum or both")
        if self.low is not None and self.high is not None and self.low > self.high:
            c.add(f"{where}.high", "inverted-range",
                  f"cận trên {self.high} nhỏ hơn cận dưới {self.low}",
                  f"the upper bound {self.high} is below the lower bound {self.low}")
        if self.strict and (self.low is None or self.high is not None):
            c.add(f"{where}.strict", "strict-needs-minimum",
                  "'strict' chỉ dùng cho chỉ tiêu tối thiểu",
                  "'strict' only applies to a minimum")
        c.raise_if_any()

    # ------------------------------------------------------------------ constructors

    @classmethod
    def minimum(cls, id: str, value: Number | str, *, strict: bool = False,
                **kwargs: Any) -> Target:
        """At least ``value`` (more than ``value`` with ``strict=True``)."""
        return cls(id=id, low=_req_number(value), strict=strict, **kwargs)

    @classmethod
    def maximum(cls, id: str, value: Number | str, **kwargs: Any) -> Target:
        """At most ``value``."""
        return cls(id=id, high=_req_number(value), **kwargs)

    @classmethod
    def exact(cls, id: str, value: Number | str, **kwargs: Any) -> Target:
        """Exactly ``value`` (a range ``[value, value]``)."""
        n = _req_number(value)
        return cls(id=id, low=n, high=n, **kwargs)

    @classmethod
    def between(cls, id: str, low: Number | str, high: Number | str,
                **kwargs: Any) -> Target:
        """From ``low`` to ``high``, both inclusive."""
        return cls(id=id, low=_req_number(low), high=_req_number(high), **kwargs)

    # ------------------------------------------------------------------ queries

    @property
    def quote(self) -> str:
        """The quoted source sentence (the citation's item without its “ ”)."""
        return _quote_of(self.citation)

    @property
    def kind(self) -> TargetKind:
        """Exact, minimum, maximum or range."""
        if self.high is None:
            return TargetKind.MINIMUM
        if self.low is None:
            return TargetKind.MAXIMUM
        return TargetKind.EXACT if self.low == self.high else TargetKind.RANGE

    @property
    def measurable(self) -> bool:
        """Whether an indicator is named (the portfolio may then measure it)."""
        return self.indicator is not None

    @property
    def reference(self) -> Number:
        """The number a ratio is taken against: ``low``, or ``high`` for a maximum."""
        if self.low is not None:
            return self.low
        assert self.high is not None
        return self.high

    def is_met(self, value: Number) -> bool:
        """Whether ``value`` satisfies the bounds (ends inclusive unless ``strict``)."""
        if self.low is not None and (value <= self.low if self.strict else value < self.low):
            return False
        return self.high is None or value <= self.high

    def is_above(self, value: Number) -> bool:
        """Whether ``value`` exceeds the upper bound of a range or exact target."""
        return self.low is not None and self.high is not None and value > self.high

    def describe(self, lang: str = "vi") -> str:
        """Short text: ``"≥ 200"``, ``"> 200"``, ``"80–130"``, ``"≤ 0"``, ``"= 45"``, with
        ``" /năm"`` (``" /year"`` in English) for a per-year target."""
        def fmt(value: Number, unit: str = "") -> str:
            return format_number(value, unit, lang)

        if self.kind is TargetKind.MINIMUM:
            assert self.low is not None
            text = f"{'>' if self.strict else '≥'} {fmt(self.low, self.unit)}"
        elif self.kind is TargetKind.MAXIMUM:
            assert self.high is not None
            text = f"≤ {fmt(self.high, self.unit)}"
        elif self.kind is TargetKind.EXACT:
            assert self.low is not None
            text = f"= {fmt(self.low, self.unit)}"
        else:
            assert self.low is not None
            assert self.high is not None
            if self.unit == "share":
                text = f"{fmt(self.low, self.unit)}–{fmt(self.high, self.unit)}"
            else:
                text = f"{fmt(self.low)}–{fmt(self.high)}"
        # a unit of the figure: in the figure's convention (Vietnamese for "both")
        return text + ((" /year" if lang == "en" else " /năm") if self.per_year else "")


@attrs.frozen(kw_only=True)
class Reported:
    """A figure the source reports as achieved (e.g. Bắc Kạn, end of 2023: 218).

    ``indicator`` / ``parameters`` say how to recompute it from a portfolio
    (``None`` when the portfolio cannot); ``denominator`` carries the "of
    108" of "79/108". ``note`` records readings, e.g. an inferred date.
    """

    id: str
    label_vi: str = attrs.field(converter=nfc)
    label_en: str
    value: Number = attrs.field(converter=_req_number)
    as_of: date
    citation: Citation
    unit: str = "products"
    indicator: str | None = None
    parameters: Mapping[str, ParamValue] = attrs.field(
        factory=dict, converter=_params, hash=False
    )
    period_start: date | None = None
    denominator: int | None = None
    note: str | None = None

    @property
    def quote(self) -> str:
        """The quoted source sentence (the citation's item without its “ ”)."""
        return _quote_of(self.citation)


def _targets(value: Iterable[Target]) -> tuple[Target, ...]:
    return tuple(value)


def _reported(value: Iterable[Reported]) -> tuple[Reported, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Plan:
    """A province's OCOP plan (kế hoạch, đề án) for a period, with its targets.

    ``province`` is a :func:`ocopkit.places.province` query (name, code or
    id) naming the unit *as it was when the plan was made*; it is resolved
    on ``adopted_on`` (or ``period_start``) by :attr:`area`. ``document`` is
    the legal document ("KH 3799/KH-UBND"), ``source`` the article the data
    was taken from, ``reported`` the achieved figures it states.

    Construction checks nothing beyond types; call :meth:`check` for the
    list of problems (the plug-in tests assert it is empty).
    """

    id: str
    province: str
    name_vi: str = attrs.field(converter=nfc)
    name_en: str
    period_start: date
    period_end: date
    targets: tuple[Target, ...] = attrs.field(converter=_targets)
    source: Citation
    document: str | None = None
    adopted_on: date | None = None
    reported: tuple[Reported, ...] = attrs.field(default=(), converter=_reported)
    note: str | None = None

    @property
    def area(self) -> Province:
        """The province as named when the plan was made (e.g. ``06@63`` Bắc Kạn)."""
        return places.province(self.province, on=self.adopted_on or self.period_start)

    def target(self, target_id: str) -> Target:
        """The target ``target_id`` (``unknown-target`` otherwise)."""
        for t in self.targets:
            if t.id == target_id:
                return t
        raise ValidationError([Problem(
            "$.target", "unknown-target", f"kế hoạch {self.id} không có chỉ tiêu {target_id!r}",
            f"plan {self.id} has no target {target_id!r}",
            suggestion=next(iter(t.id for t in self.targets if target_id in t.id), None))])

    def start_of(self, target: Target) -> date:
        """The first day of ``target``'s window."""
        return target.start or self.period_start

    def deadline_of(self, target: Target) -> date:
        """The last day of ``target``'s window."""
        return target.deadline or self.period_end

    def check(self, indicators: IndicatorRegistry | None = None) -> list[Problem]:
        """Every problem of the plan, as a list (empty when the plan is sound).

        Checked: id format; the province resolves on the adoption date; the
        period is ordered; target ids are unique and well-formed; windows lie
        in order and start within the period; shares lie in [0, 1]; every
        named indicator exists in ``indicators`` (default: the built-ins) and
        accepts the target's parameters; every target and reported figure
        quotes its source.
        """
        reg = indicators if indicators is not None else builtin_indicators()
        c = ProblemCollector()
        where = f"plan {self.id!r}"
        if not _ID.fullmatch(self.id):
            c.add(f"{where}.id", "invalid-plan-id",
                  f"mã kế hoạch phải viết thường, nối bằng '-': {self.id!r}",
                  f"a plan id is lower-case words joined by '-': {self.id!r}")
        try:
            self.area  # noqa: B018 - resolving is the check
        except ValidationError as exc:
            c.extend(attrs.evolve(p, path=f"{where}.province") for p in exc.problems)
        if self.period_start > self.period_end:
            c.add(f"{where}.period_end", "invalid-period",
                  "ngày kết thúc trước ngày bắt đầu", "period_end is before period_start")
        if not self.targets:
            c.add(f"{where}.targets", "no-targets", "kế hoạch không có chỉ tiêu",
                  "the plan has no targets")
        seen: set[str] = set()
        for i, t in enumerate(self.targets):
            path = f"{where}.targets[{i}]"
            if t.id in seen:
                c.add(f"{path}.id", "duplicate-target", f"chỉ tiêu {t.id!r} bị trùng",
                      f"target {t.id!r} is duplicated")
            seen.add(t.id)
            if not _ID.fullmatch(t.id):
                c.add(f"{path}.id", "invalid-target-id", f"mã chỉ tiêu không hợp lệ: {t.id!r}",
                      f"invalid target id {t.id!r}")
            start, deadline = self.start_of(t), self.deadline_of(t)
            if start > deadline:
                c.add(f"{path}.deadline", "invalid-window",
                      f"hạn {deadline} trước ngày bắt đầu {start}",
                      f"deadline {deadline} is before the start {start}")
            if not self.period_start <= start <= self.period_end:
                c.add(f"{path}.start", "start-outside-period",
                      f"ngày bắt đầu {start} nằm ngoài giai đoạn của kế hoạch",
                      f"start {start} lies outside the plan period")
            if t.unit == "share":
                for bound in (t.low, t.high, t.baseline):
                    if bound is not None and not 0 <= bound <= 1:
                        c.add(f"{path}", "share-out-of-range",
                              f"tỷ lệ phải từ 0 đến 1: {bound}",
                              f"a share lies between 0 and 1: {bound}")
            c.extend(self._check_source(path, t.citation))
            c.extend(_check_indicator(path, t.indicator, t.parameters, reg))
        for i, r in enumerate(self.reported):
            path = f"{where}.reported[{i}]"
            c.extend(self._check_source(path, r.citation))
            c.extend(_check_indicator(path, r.indicator, r.parameters, reg))
        return c.problems

    @staticmethod
    def _check_source(path: str, citation: Citation) -> list[Problem]:
        if _quote_of(citation).strip():
            return []
        return [Problem(f"{path}.citation", "missing-quote",
                        "trích dẫn phải nêu nguyên văn câu nguồn trong “ ”",
                        "the citation's item must quote the source sentence between “ ”")]


def _check_indicator(path: str, indicator: str | None, parameters: Mapping[str, ParamValue],
                     reg: IndicatorRegistry) -> list[Problem]:
    if indicator is None:
        return []
    try:
        found = reg.get(indicator)
    except ValidationError as exc:
        return [attrs.evolve(p, path=f"{path}.indicator") for p in exc.problems]
    return [
        Problem(f"{path}.parameters.{name}", "unknown-parameter",
                f"chỉ số {indicator!r} không có tham số {name!r}",
                f"indicator {indicator!r} takes no parameter {name!r}",
                suggestion=next(iter(k for k in found.parameters if name[:3] in k), None))
        for name in parameters if name not in found.parameters
    ]
