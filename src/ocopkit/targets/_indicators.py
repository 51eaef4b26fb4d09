"""Indicators: numbers computed from a :class:`~ocopkit.certification.Portfolio` as of a date.

An :class:`Indicator` is a named, documented function
``compute(portfolio, scope) -> IndicatorValue``. The :class:`IndicatorScope`
says *when* (``as_of``; a ``period`` for flow indicators such as "new
products recognised in 2021–2025"), *where* (a province, following the 2025
lineage) and *how* (``parameters``, e.g. ``min_stars=3``). The
:class:`IndicatorValue` keeps the exact value (``int`` or
:class:`~fractions.Fraction`) and the ids of the records behind it.

>>> from datetime import date
>>> from ocopkit.places import province
>>> from ocopkit.samples import sample_portfolio
>>> from ocopkit.targets import builtin_indicators
>>> reg = builtin_indicators()
>>> scope = IndicatorScope(date(2023, 12, 31), province=province("Bắc Kạn"))
>>> reg.get("products-recognised").compute(sample_portfolio(), scope).value
218
>>> v = reg.get("products-in-force").compute(sample_portfolio(), scope)
>>> v.value, len(v.records), v.record_kind
(166, 166, 'product')

**Two bases.** Stock indicators that count products accept
``basis="in-force"`` (a certificate is in force on ``as_of``) or
``basis="recognised"`` (the product was recognised at least once on or
before ``as_of`` and its latest recognition was not revoked; an expired
certificate still counts). Provinces report the second (cumulative)
figure: Bắc Kạn's "218 sản phẩm được công nhận … (đạt 109% mục tiêu)" at
the end of 2023 includes the 52 products whose certificate had lapsed.

**"Evaluated" products** (``products-evaluated``) are the distinct products
with an evaluation in the period: every :class:`EvaluationEvent` passed in
the scope, plus every certificate whose ``evaluated_on`` (or, when unknown,
``issued_on``) falls in the period. Products rated 1–2★ receive no
certificate, so without evaluation events the value is a **lower bound**
(the value's note says so).

**Province lineage.** Products are placed as
:meth:`Portfolio.in_force(province=…) <ocopkit.certification.Portfolio.in_force>`
places them: a product lies within ``area`` when its province is ``area`` or
an old unit merged into it; a product recorded under a merged province (new
Thái Nguyên) lies within an old unit (Bắc Kạn) when every predecessor of its
commune lay in that old unit (needs a :class:`~ocopkit.places.CommuneRegistry`,
from the scope or the portfolio).

Plug-ins add indicators through the ``ocopkit_register_indicators(register)``
hook; :meth:`IndicatorRegistry.with_indicators` merges them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from fractions import Fraction
from typing import Final, Literal, TypeAlias

import attrs

from ocopkit.certification import Portfolio
from ocopkit.errors import DataError, OcopError, Problem, ProblemCollector, ValidationError
from ocopkit.frozen import FrozenMap
from ocopkit.places import CommuneRegistry, Province
from ocopkit.rulesets import Citation
from ocopkit.text import nfc, suggest

__all__ = [
    "BASES",
    "Basis",
    "EvaluationEvent",
    "Indicator",
    "IndicatorRegistry",
    "IndicatorScope",
    "IndicatorValue",
    "NotMeasurableError",
    "Number",
    "ParamValue",
]

#: An exact number: counts are ``int``, shares and averages ``Fraction``.
Number: TypeAlias = int | Fraction
#: A value an indicator parameter may take.
ParamValue: TypeAlias = int | Fraction | str | bool | date
#: How products are counted by stock indicators (see the module docstring).
Basis: TypeAlias = Literal["in-force", "recognised"]
BASES: Final = ("in-force", "recognised")

_ID = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")


class NotMeasurableError(OcopError):
    """An indicator cannot be computed from the data at hand.

    Raised by an indicator's ``compute`` (e.g. "average products per commune"
    without a commune count); attainment reports the target as not
    measurable instead of as 0 %.
    """

    def __init__(self, message_en: str, message_vi: str) -> None:
        self.message_en = message_en
        self.message_vi = message_vi
        super().__init__(f"{message_en} / {message_vi}")


def _params(value: Mapping[str, ParamValue] | None) -> Mapping[str, ParamValue]:
    return FrozenMap(dict(value or {}))


def _descriptions(value: Mapping[str, str]) -> Mapping[str, str]:
    return FrozenMap(dict(value))


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class EvaluationEvent:
    """A product evaluated (đánh giá, phân hạng) on a day, whatever the result.

    ``stars`` is the result when known (1–5); 1★ and 2★ results yield no
    certificate, which is why these events complement the portfolio for
    ``products-evaluated``.
    """

    product_id: str
    evaluated_on: date
    stars: int | None = None


def _events(value: Iterable[EvaluationEvent]) -> tuple[EvaluationEvent, ...]:
    return tuple(value)


@attrs.frozen
class IndicatorScope:
    """When, where and how to compute an indicator.

    ``as_of`` is the day the value refers to. ``period_start`` /
    ``period_end`` bound flow indicators: they count events in
    :attr:`window`, ``[period_start, min(period_end, as_of)]``.
    ``province`` restricts to a unit following the 2025 lineage (see
    :func:`~ocopkit.certification.located_within`). ``communes`` overrides the portfolio's
    registry; ``evaluations`` feeds ``products-evaluated``.

    >>> s = IndicatorScope(date(2023, 12, 31), date(2021, 1, 1), date(2025, 12, 31),
    ...                    parameters={"min_stars": 4})
    >>> s.window, s.int_param("min_stars", 3), s.int_param("stars", None)
    ((datetime.date(2021, 1, 1), datetime.date(2023, 12, 31)), 4, None)
    """

    as_of: date
    period_start: date | None = None
    period_end: date | None = None
    province: Province | None = None
    parameters: Mapping[str, ParamValue] = attrs.field(
        factory=dict, converter=_params, hash=False
    )
    communes: CommuneRegistry | None = attrs.field(default=None, hash=False)
    evaluations: tuple[EvaluationEvent, ...] = attrs.field(default=(), converter=_events)

    @property
    def window(self) -> tuple[date, date]:
        """``(first, last)`` day of the flow window (``first > last`` when empty).

        Without ``period_start`` the window is everything up to ``as_of``.
        """
        start = self.period_start or date.min
        end = self.as_of if self.period_end is None else min(self.period_end, self.as_of)
        return start, end

    def _bad(self, name: str, expected: str) -> ValidationError:
        return ValidationError([Problem(
            f"$.parameters.{name}", "invalid-parameter",
            f"tham số {name!r} phải là {expected}: {self.parameters[name]!r}",
            f"parameter {name!r} must be {expected}: {self.parameters[name]!r}")])

    def int_param(self, name: str, default: int | None) -> int | None:
        """An integer parameter, or ``default`` when absent."""
        if name not in self.parameters:
            return default
        value = self.parameters[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._bad(name, "an integer")
        return value

    def str_param(self, name: str, default: str | None) -> str | None:
        """A text parameter, or ``default`` when absent."""
        if name not in self.parameters:
            return default
        value = self.parameters[name]
        if not isinstance(value, str):
            raise self._bad(name, "a text")
        return value

    def date_param(self, name: str, default: date | None) -> date | None:
        """A date parameter (a ``date`` or an ISO string), or ``default``."""
        if name not in self.parameters:
            return default
        value = self.parameters[name]
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self._bad(name, "a date")

    def basis(self, default: Basis = "in-force") -> Basis:
        """The ``basis`` parameter (``"in-force"`` or ``"recognised"``)."""
        raw = self.str_param("basis", default)
        if raw == "in-force":
            return "in-force"
        if raw == "recognised":
            return "recognised"
        raise ValidationError([Problem(
            "$.parameters.basis", "invalid-parameter",
            f"cơ sở đếm không hợp lệ: {raw!r}", f"unknown basis {raw!r}",
            suggestion=suggest(str(raw), BASES))])


@attrs.frozen
class IndicatorValue:
    """The exact value of an indicator and the records behind it.

    ``records`` are ids of the kind ``record_kind`` (``"product"``,
    ``"subject"``, ``"commune"``). Shares also carry ``numerator`` and
    ``denominator``; ``communes-with-products`` carries the number of
    communes as ``denominator`` (79/108).

    **Bounds.** When a record's status on the day is uncertain (a date known only to a
    month or a year, a legal form or a product set not recorded), ``value`` is the
    lower bound and ``upper`` the upper bound; ``uncertain`` lists the records that may
    or may not count. ``upper`` is ``None`` when the value is exact.

    >>> IndicatorValue(14, upper=17).bounds, IndicatorValue(14).exact
    ((14, 17), True)
    """

    value: Number
    records: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    record_kind: str = "product"
    numerator: int | None = None
    denominator: int | None = None
    notes: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    upper: Number | None = None
    uncertain: tuple[str, ...] = attrs.field(default=(), converter=_strs)

    def __attrs_post_init__(self) -> None:
        if self.upper is not None and self.upper == self.value:
            object.__setattr__(self, "upper", None)

    @property
    def exact(self) -> bool:
        """Whether the value is known exactly (no ``upper`` bound)."""
        return self.upper is None

    @property
    def bounds(self) -> tuple[Number, Number]:
        """``(lower, upper)`` (equal when exact)."""
        return self.value, self.value if self.upper is None else self.upper


Compute: TypeAlias = Callable[["Portfolio", IndicatorScope], IndicatorValue]


def _check_id(_: object, __: attrs.Attribute[str], value: str) -> None:
    if not _ID.fullmatch(value):
        raise ValidationError([Problem(
            "$.id", "invalid-indicator-id",
            f"mã chỉ số phải viết thường, nối bằng '-' hoặc '.': {value!r}",
            f"an indicator id is lower-case words joined by '-' or '.': {value!r}")])


@attrs.frozen(kw_only=True)
class Indicator:
    """A named function of a portfolio, as of a date.

    ``unit`` is one of ``"products"``, ``"share"`` (a Fraction 0–1),
    ``"communes"``, ``"products/commune"``, ``"subjects"``… ``flow`` is
    ``True`` for indicators that count events in the scope's window (their
    baseline at the start of a plan is 0). ``parameters`` maps each accepted
    parameter to a short description; :meth:`Plan.check
    <ocopkit.targets.Plan.check>` rejects others.
    """

    id: str = attrs.field(validator=_check_id)
    name_vi: str = attrs.field(converter=nfc)
    name_en: str
    unit: str
    compute: Compute = attrs.field(eq=False, repr=False)
    citation: Citation | None = None
    doc: str = ""
    flow: bool = False
    parameters: Mapping[str, str] = attrs.field(factory=dict, converter=_descriptions,
                                                hash=False)

    def check(self) -> list[Problem]:
        """Problems of the definition (empty names or unit); empty when sound."""
        c = ProblemCollector()
        where = f"indicator {self.id!r}"
        if not self.name_vi.strip() or not self.name_en.strip():
            c.add(f"{where}.name", "empty-name", "tên trống", "empty name")
        if not self.unit.strip():
            c.add(f"{where}.unit", "empty-unit", "thiếu đơn vị", "missing unit")
        return c.problems

    def __call__(self, portfolio: Portfolio, scope: IndicatorScope) -> IndicatorValue:
        """Same as ``indicator.compute(portfolio, scope)``."""
        return self.compute(portfolio, scope)


def _indicators(value: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return tuple(value)


@attrs.frozen
class IndicatorRegistry:
    """An immutable collection of indicators, by id (duplicates are a DataError).

    >>> from ocopkit.targets import builtin_indicators
    >>> reg = builtin_indicators()
    >>> "products-in-force" in reg, reg.get("five-star-products").unit
    (True, 'products')
    >>> try:
    ...     reg.get("product-in-force")
    ... except ValidationError as err:
    ...     print(err.codes, err.problems[0].suggestion)
    ('unknown-indicator',) products-in-force
    """

    indicators: tuple[Indicator, ...] = attrs.field(converter=_indicators)
    _by_id: Mapping[str, Indicator] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        c = ProblemCollector()
        by_id: dict[str, Indicator] = {}
        for i, ind in enumerate(self.indicators):
            if ind.id in by_id:
                c.add(f"$.indicators[{i}]", "duplicate-indicator",
                      f"chỉ số {ind.id!r} được đăng ký hai lần",
                      f"indicator {ind.id!r} is registered twice")
            by_id.setdefault(ind.id, ind)
        c.raise_if_any("invalid indicator registry", cls=DataError)
        object.__setattr__(self, "_by_id", FrozenMap(by_id))

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    @property
    def ids(self) -> tuple[str, ...]:
        """Every id, in registration order."""
        return tuple(self._by_id)

    def get(self, indicator_id: str) -> Indicator:
        """The indicator ``indicator_id`` (``unknown-indicator`` with a suggestion otherwise)."""
        found = self._by_id.get(indicator_id)
        if found is None:
            raise ValidationError([Problem(
                "$.indicator", "unknown-indicator",
                f"không có chỉ số {indicator_id!r}", f"unknown indicator {indicator_id!r}",
                suggestion=suggest(indicator_id, self._by_id))])
        return found

    def with_indicators(self, extra: Iterable[Indicator]) -> IndicatorRegistry:
        """A new registry with ``extra`` appended (an id used twice is a DataError)."""
        return IndicatorRegistry((*self.indicators, *extra))
