"""Indicators: numbers computed from a :class:`~ocopkit.portfolio.Portfolio` as of a date.

An :class:`Indicator` is a named, documented function
``compute(portfolio, scope) -> IndicatorValue``. The :class:`IndicatorScope`
says *when* (``as_of``; a ``period`` for flow indicators such as "new
products recognised in 2021–2025"), *where* (a province, following the 2025
lineage) and *how* (``parameters``, e.g. ``min_stars=3``). The
:class:`IndicatorValue` keeps the exact value (``int`` or
:class:`~fractions.Fraction`) and the ids of the records behind it.

>>> from datetime import date
>>> from ocopkit.samples import sample_portfolio
>>> from ocopkit.units import province
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
:meth:`Portfolio.in_force(province=…) <ocopkit.portfolio.Portfolio.in_force>`
places them: a product lies within ``area`` when its province is ``area`` or
an old unit merged into it; a product recorded under a merged province (new
Thái Nguyên) lies within an old unit (Bắc Kạn) when every predecessor of its
commune lay in that old unit (needs a :class:`~ocopkit.units.CommuneRegistry`,
from the scope or the portfolio).

Plug-ins add indicators through the ``ocopkit_register_indicators(register)``
hook; :meth:`IndicatorRegistry.with_indicators` merges them.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from datetime import date
from fractions import Fraction
from types import MappingProxyType
from typing import TYPE_CHECKING, Final, Literal, TypeAlias

import attrs

from . import units
from .certificates import Certificate
from .criteria import Citation
from .errors import DataError, OcopError, Problem, ProblemCollector, ValidationError
from .subjects import SubjectKind
from .text import nfc, suggest
from .units import CommuneRegistry, Province

if TYPE_CHECKING:
    from .portfolio import Portfolio
    from .products import Product

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
    "builtin_indicators",
    "located_within",
]

#: An exact number: counts are ``int``, shares and averages ``Fraction``.
Number: TypeAlias = int | Fraction
#: A value an indicator parameter may take.
ParamValue: TypeAlias = int | Fraction | str | bool | date
#: How products are counted by stock indicators (see the module docstring).
Basis: TypeAlias = Literal["in-force", "recognised"]
BASES: Final = ("in-force", "recognised")

_ID = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")

QD26: Final = "QĐ 26/2026/QĐ-TTg"


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
    return MappingProxyType(dict(value or {}))


def _descriptions(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


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
    :func:`located_within`). ``communes`` overrides the portfolio's
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
    """

    value: Number
    records: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    record_kind: str = "product"
    numerator: int | None = None
    denominator: int | None = None
    notes: tuple[str, ...] = attrs.field(default=(), converter=_strs)


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
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

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


# --------------------------------------------------------------------------- location


def located_within(
    area: Province, product: Product, communes: CommuneRegistry | None = None
) -> bool:
    """Whether ``product`` lies within ``area``, following the 2025 lineage.

    The rule of the ``province=`` filter of
    :class:`~ocopkit.portfolio.Portfolio`: true when the product's province
    is ``area`` or an old unit merged into it; for a product recorded under
    a merged unit that absorbed ``area`` (new Thái Nguyên, ``area`` = old
    Bắc Kạn), true when every predecessor of its commune lay in ``area``.
    In addition, such a product lies within ``area`` when its product code
    was assigned in ``area`` (T = ``06`` in a code of 2024: old Bắc Kạn), and
    a product of a unit that only continued ``area`` under a new id (Quảng
    Ninh ``22@34`` after ``22@63``) lies within it.

    >>> from ocopkit.products import Product
    >>> from ocopkit.units import province, sample_communes
    >>> p = Product("p", "Sản phẩm mẫu", 6, "s", "19@34", commune_code="99001")
    >>> bk = province("Bắc Kạn")
    >>> located_within(bk, p), located_within(bk, p, sample_communes())
    (False, True)
    """
    own = _province(product.province_id)
    if units.contains(area, own):
        return True
    if not units.contains(own, area):
        return False
    if own.predecessor_ids == (area.id,):
        return True  # an unmerged province continued under a new id (22@63 → 22@34)
    if product.code is not None:
        try:
            coded = product.code.province()
        except ValidationError:
            pass
        else:
            if units.contains(area, coded):
                return True
    if communes is None or product.commune_code is None:
        return False
    try:
        commune = communes.get(product.commune_code,
                               on=own.valid_from or units.REORGANISATION_DATE)
        olds = [communes.get(code, on=units.DISTRICT_ERA_END)
                for code in commune.predecessor_codes]
    except ValidationError:
        return False
    return bool(olds) and all(units.contains(area, _province(o.province_id)) for o in olds)


@functools.cache
def _province(province_id: str) -> Province:
    return units.province(province_id)


# A per-portfolio cache of "products within an area": plots compute the same
# indicators at many dates, and placing products is the costly part. Entries
# keep the commune registry alive so that its id cannot be reused.
_AreaKey: TypeAlias = tuple[str | None, int]
_AreaEntry: TypeAlias = dict[_AreaKey, tuple[CommuneRegistry | None, tuple["Product", ...]]]
_AREA_CACHE: dict[int, tuple[weakref.ref[Portfolio], _AreaEntry]] = {}


def _forget(key: int) -> Callable[[object], None]:
    def drop(_: object) -> None:
        _AREA_CACHE.pop(key, None)

    return drop


def _products_in(pf: Portfolio, scope: IndicatorScope) -> tuple[Product, ...]:
    """The portfolio's products (first of each id) lying within the scope's province."""
    area = scope.province
    communes = scope.communes if scope.communes is not None else pf.communes
    key: _AreaKey = (None if area is None else area.id, id(communes))
    entry = _AREA_CACHE.get(id(pf))
    if entry is None or entry[0]() is not pf:
        entry = (weakref.ref(pf, _forget(id(pf))), {})
        _AREA_CACHE[id(pf)] = entry
    cached = entry[1].get(key)
    if cached is not None:
        return cached[1]
    seen: set[str] = set()
    out: list[Product] = []
    placed: dict[tuple[str, str | None], bool] = {}
    for p in pf.products:
        if p.id in seen:
            continue
        seen.add(p.id)
        if area is not None:
            k = (p.province_id, p.commune_code)
            if k not in placed:
                placed[k] = located_within(area, p, communes)
            if not placed[k]:
                continue
        out.append(p)
    found = tuple(out)
    entry[1][key] = (communes, found)
    return found


# --------------------------------------------------------------------------- helpers


def _history(pf: Portfolio, product_id: str, until: date) -> tuple[Certificate, ...]:
    """Certificates issued on or before ``until`` that were in force at least one day."""
    return pf._effective_history(product_id, until)


def _current_stars(pf: Portfolio, product_id: str, on: date, basis: Basis) -> int | None:
    """The product's stars on ``on`` under ``basis`` (``None``: not counted)."""
    if basis == "in-force":
        cert = pf.certificate_in_force(product_id, on)
        return None if cert is None else cert.stars
    history = _history(pf, product_id, on)
    if not history:
        return None
    latest = history[-1]
    if latest.revoked_on is not None and latest.revoked_on <= on:
        return None
    return latest.stars


@attrs.frozen
class _Stars:
    """A star test: exactly ``exact`` stars, else at least ``least`` (hashable)."""

    exact: int | None
    least: int

    def __call__(self, stars: int) -> bool:
        return stars == self.exact if self.exact is not None else stars >= self.least


def _star_test(scope: IndicatorScope, default_min: int | None) -> _Stars:
    exact = scope.int_param("stars", None)
    least = scope.int_param("min_stars", default_min if exact is None else None)
    if exact is not None and least is not None:
        raise ValidationError([Problem(
            "$.parameters", "conflicting-parameters",
            "chỉ dùng một trong hai tham số 'stars' hoặc 'min_stars'",
            "give either 'stars' (exactly) or 'min_stars' (at least), not both")])
    return _Stars(exact, 3 if least is None else least)


# Within one attainment() call, several indicators count the same products on the same
# day (subjects-share, subjects, value-chain-share: the owners of the counted products;
# and each again for its baseline). Inside ``with _sharing():`` they compute that list
# once; nothing is kept after the block.
_Shared: TypeAlias = dict[object, tuple[object, object, tuple["Product", ...]]]
_SHARED: ContextVar[_Shared | None] = ContextVar(
    "ocopkit_indicators_shared", default=None)


@contextlib.contextmanager
def _sharing() -> Iterator[None]:
    """Share :func:`_counted` results between the indicators computed in the block."""
    if _SHARED.get() is not None:  # already sharing (a nested call)
        yield
        return
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def _counted(pf: Portfolio, scope: IndicatorScope, basis: Basis,
             test: _Stars) -> tuple[Product, ...]:
    """The products within the scope whose current stars (per ``basis``) pass ``test``."""
    shared = _SHARED.get()
    key: object = None
    if shared is not None:
        area = scope.province
        communes = scope.communes if scope.communes is not None else pf.communes
        # the entry keeps the portfolio and the registry alive: their ids stay theirs
        key = (id(pf), None if area is None else area.id, id(communes), scope.as_of, basis,
               test)
        found = shared.get(key)
        if found is not None:
            return found[2]
    on = scope.as_of
    if basis == "in-force":
        in_force = pf.certificate_in_force
        counted = tuple(p for p in _products_in(pf, scope)
                        if (c := in_force(p.id, on)) is not None and test(c.stars))
    else:
        counted = tuple(p for p in _products_in(pf, scope)
                        if (stars := _current_stars(pf, p.id, on, basis)) is not None
                        and test(stars))
    if shared is not None:
        shared[key] = (pf, communes, counted)
    return counted


def _count(products: Sequence[Product], *notes: str) -> IndicatorValue:
    return IndicatorValue(len(products), tuple(p.id for p in products), "product", notes=notes)


def _kind_test(raw: str) -> tuple[Callable[[SubjectKind], bool], str]:
    key = raw.strip().casefold()
    if key in ("enterprise", "sme", "doanh nghiệp", "doanh nghiep", "dnnvv"):
        return (lambda k: k.is_enterprise), "enterprise"
    kind = SubjectKind.parse(raw, path="$.parameters.kind")
    return (lambda k: k is kind), kind.value


# --------------------------------------------------------------------------- computations


def _products_in_force(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    return _count(_counted(pf, scope, "in-force", _star_test(scope, 3)))


def _products_recognised(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    return _count(_counted(pf, scope, "recognised", _star_test(scope, 3)))


def _five_star(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    return _count(_counted(pf, scope, scope.basis(), _Stars(5, 5)))


def _new_products(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    least = scope.int_param("min_stars", 3) or 3
    first, last = scope.window
    out: list[Product] = []
    for p in _products_in(pf, scope):
        reached = next((c.issued_on for c in _history(pf, p.id, last) if c.stars >= least),
                       None)
        if reached is not None and first <= reached:
            out.append(p)
    return _count(out)


def _later_certificates(pf: Portfolio, product_id: str, first: date, last: date
                        ) -> Iterator[tuple[Certificate, Certificate]]:
    """(previous, new) pairs whose new certificate was issued within [first, last]."""
    history = _history(pf, product_id, last)
    for before, after in itertools.pairwise(history):
        if first <= after.issued_on:
            yield before, after


def _upgraded(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    first, last = scope.window
    out = [p for p in _products_in(pf, scope)
           if len(history := _history(pf, p.id, last)) > 1
           and any(new.stars > old.stars for old, new in itertools.pairwise(history)
                   if first <= new.issued_on)]
    return _count(out)


def _consolidated(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    first, last = scope.window
    cohort_start = scope.date_param("cohort_start", None)
    cohort_end = scope.date_param("cohort_end", None)
    out: list[Product] = []
    for p in _products_in(pf, scope):
        history = _history(pf, p.id, last)
        if not history:
            continue
        began = history[0].issued_on
        if cohort_start is not None and began < cohort_start:
            continue
        if cohort_end is not None and began > cohort_end:
            continue
        if any(True for _ in _later_certificates(pf, p.id, first, last)):
            out.append(p)
    return _count(out)


def _ocop_subjects(pf: Portfolio, scope: IndicatorScope) -> list[str]:
    """Ids of the subjects owning at least one counted product (portfolio order)."""
    test = _star_test(scope, 3)
    owners: dict[str, None] = {}
    for p in _counted(pf, scope, scope.basis(), test):
        owners.setdefault(p.subject_id, None)
    return list(owners)


def _share(numerator: list[str], denominator: int, *notes: str) -> IndicatorValue:
    if denominator == 0:
        raise NotMeasurableError("no OCOP subject in scope", "không có chủ thể OCOP nào")
    return IndicatorValue(Fraction(len(numerator), denominator), tuple(numerator), "subject",
                          numerator=len(numerator), denominator=denominator, notes=notes)


def _subjects_share(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    raw = scope.str_param("kind", None)
    if raw is None:
        raise ValidationError([Problem(
            "$.parameters.kind", "missing-parameter",
            "thiếu tham số 'kind' (loại hình chủ thể)",
            "parameter 'kind' is required (e.g. 'cooperative' or 'enterprise')")])
    test, _ = _kind_test(raw)
    owners = _ocop_subjects(pf, scope)
    chosen = [sid for sid in owners if _kind_of(pf, sid, test)]
    return _share(chosen, len(owners))


def _kind_of(pf: Portfolio, subject_id: str, test: Callable[[SubjectKind], bool]) -> bool:
    try:
        return test(pf.subject(subject_id).kind)
    except ValidationError:
        return False


def _subjects(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    owners = _ocop_subjects(pf, scope)
    raw = scope.str_param("kind", None)
    if raw is not None:
        test = _kind_test(raw)[0]
        owners = [sid for sid in owners if _kind_of(pf, sid, test)]
    return IndicatorValue(len(owners), tuple(owners), "subject")


def _value_chain_share(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    owners = _ocop_subjects(pf, scope)
    linked: list[str] = []
    unknown = 0
    for sid in owners:
        try:
            flag = pf.subject(sid).in_value_chain
        except ValidationError:
            flag = None
        if flag is None:
            unknown += 1
        elif flag:
            linked.append(sid)
    if owners and unknown == len(owners):
        raise NotMeasurableError("no subject records whether it is linked to a value chain",
                                 "không chủ thể nào có thông tin liên kết chuỗi giá trị")
    notes = ((f"{unknown} subject(s) with unknown value-chain status counted as not linked "
              "(the share is a lower bound)",) if unknown else ())
    return _share(linked, len(owners), *notes)


def _new_subjects(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    first, last = scope.window
    raw = scope.str_param("kind", None)
    test = _kind_test(raw)[0] if raw is not None else (lambda _: True)
    began: dict[str, date] = {}
    for p in _products_in(pf, scope):
        history = _history(pf, p.id, last)
        if history:
            when = history[0].issued_on
            if p.subject_id not in began or when < began[p.subject_id]:
                began[p.subject_id] = when
    chosen = [sid for sid, when in began.items() if first <= when and _kind_of(pf, sid, test)]
    return IndicatorValue(len(chosen), tuple(chosen), "subject")


def _area_communes(pf: Portfolio, scope: IndicatorScope) -> list[str] | None:
    """Codes of the communes of the scope's province, in force on the reference day."""
    communes = scope.communes if scope.communes is not None else pf.communes
    area = scope.province
    if communes is None or area is None:
        return None
    on = scope.as_of
    if area.valid_until is not None and on > area.valid_until:
        on = area.valid_until
    if area.valid_from is not None and on < area.valid_from:
        on = area.valid_from
    return [c.code for c in communes
            if c.in_force(on) and units.contains(area, _province(c.province_id))]


def _products_per_commune(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    counted = _counted(pf, scope, scope.basis(), _star_test(scope, 3))
    n = scope.int_param("communes", None)
    note: tuple[str, ...] = ()
    if n is None:
        codes = _area_communes(pf, scope)
        if not codes:
            raise NotMeasurableError(
                "the number of communes is unknown: pass a CommuneRegistry or the "
                "'communes' parameter",
                "chưa biết số xã: cần danh mục xã hoặc tham số 'communes'")
        n = len(codes)
        note = (f"{n} communes from the commune registry",)
    if n <= 0:
        raise NotMeasurableError("the number of communes must be positive",
                                 "số xã phải lớn hơn 0")
    return IndicatorValue(Fraction(len(counted), n), tuple(p.id for p in counted), "product",
                          numerator=len(counted), denominator=n, notes=note)


def _communes_with_products(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    communes = scope.communes if scope.communes is not None else pf.communes
    counted = _counted(pf, scope, scope.basis(), _star_test(scope, 3))
    area = scope.province
    codes: dict[str, None] = {}
    unplaced = 0
    for p in counted:
        code = p.commune_code
        own = _province(p.province_id)
        if code is None:
            unplaced += 1
            continue
        if area is not None and not units.contains(area, own) and communes is not None:
            # Recorded under a merged unit: attribute to its single predecessor, if any.
            try:
                commune = communes.get(code, on=own.valid_from or units.REORGANISATION_DATE)
            except ValidationError:
                unplaced += 1
                continue
            if len(commune.predecessor_codes) != 1:
                unplaced += 1
                continue
            code = commune.predecessor_codes[0]
        codes.setdefault(code, None)
    total = _area_communes(pf, scope)
    notes = ((f"{unplaced} product(s) could not be attributed to a single commune",)
             if unplaced else ())
    return IndicatorValue(len(codes), tuple(codes), "commune",
                          numerator=len(codes), denominator=len(total) if total else None,
                          notes=notes)


def _lapsed(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    inside = {p.id for p in _products_in(pf, scope)}
    ids = [c.product_id for c in pf.lapsed_without_reevaluation(scope.as_of)
           if c.product_id in inside]
    return IndicatorValue(len(ids), tuple(ids), "product")


def _evaluated(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    first, last = scope.window
    inside = _products_in(pf, scope)
    inside_ids = {p.id for p in inside}
    chosen: dict[str, None] = {}
    for p in inside:
        for c in pf.history(p.id):
            when = c.evaluated_on or c.issued_on
            if first <= when <= last:
                chosen.setdefault(p.id, None)
                break
    for e in scope.evaluations:
        if first <= e.evaluated_on <= last and e.product_id in inside_ids:
            chosen.setdefault(e.product_id, None)
    notes = (() if scope.evaluations else
             ("counted from certificates only: products rated 1–2★ get no certificate, "
              "so this is a lower bound",))
    return IndicatorValue(len(chosen), tuple(chosen), "product", notes=notes)


# --------------------------------------------------------------------------- registry

_STARS_PARAMS: Final[dict[str, str]] = {
    "min_stars": "count products with at least this many stars (default 3)",
    "stars": "count products with exactly this many stars",
}
_BASIS: Final[dict[str, str]] = {"basis": "'in-force' (default) or 'recognised' (cumulative)"}
_CERT = Citation(QD26, "Điều 4", "khoản 1 điểm a, khoản 3")


def _builtin() -> tuple[Indicator, ...]:
    return (
        Indicator(
            id="products-in-force", unit="products", compute=_products_in_force,
            name_vi="Sản phẩm OCOP có giấy chứng nhận còn hiệu lực",
            name_en="OCOP products with a certificate in force",
            citation=_CERT, parameters=_STARS_PARAMS,
            doc="Distinct products with a certificate in force on as_of (valid or extended), "
                "at least min_stars (default 3) or exactly stars.",
        ),
        Indicator(
            id="products-recognised", unit="products", compute=_products_recognised,
            name_vi="Sản phẩm OCOP được công nhận (lũy kế)",
            name_en="OCOP products recognised (cumulative)",
            citation=_CERT, parameters=_STARS_PARAMS,
            doc="Distinct products recognised at least once on or before as_of whose latest "
                "recognition was not revoked; an expired certificate still counts. Stars are "
                "those of the latest certificate. This is how provinces report totals.",
        ),
        Indicator(
            id="five-star-products", unit="products", compute=_five_star,
            name_vi="Sản phẩm OCOP 5 sao", name_en="Five-star OCOP products",
            citation=Citation(QD26, "Điều 4", "khoản 1 điểm b"), parameters=_BASIS,
            doc="Distinct products whose current stars (per basis) are 5.",
        ),
        Indicator(
            id="new-products", unit="products", compute=_new_products, flow=True,
            name_vi="Sản phẩm OCOP được công nhận mới", name_en="Newly recognised products",
            parameters={"min_stars": "the tier reached for the first time (default 3)"},
            doc="Distinct products whose first certificate with at least min_stars stars was "
                "issued in the window (min_stars=5: products newly recognised at 5★).",
        ),
        Indicator(
            id="upgraded-products", unit="products", compute=_upgraded, flow=True,
            name_vi="Sản phẩm OCOP được nâng hạng", name_en="Upgraded products",
            citation=Citation(QD26, "Điều 7", "khoản 5"),
            doc="Distinct products with a certificate issued in the window that has more "
                "stars than the product's previous certificate (nâng hạng).",
        ),
        Indicator(
            id="consolidated-products", unit="products", compute=_consolidated, flow=True,
            name_vi="Sản phẩm OCOP được củng cố, nâng cấp (đánh giá lại hoặc nâng hạng)",
            name_en="Products consolidated (re-evaluated or upgraded)",
            citation=Citation(QD26, "Điều 7", "khoản 5, khoản 6"),
            parameters={"cohort_start": "only products first recognised on or after this day",
                        "cohort_end": "only products first recognised on or before this day"},
            doc="Distinct products that received a further certificate (re-evaluation or "
                "upgrade, any stars) in the window, optionally restricted to a cohort by the "
                "date of first recognition.",
        ),
        Indicator(
            id="subjects-share", unit="share", compute=_subjects_share,
            name_vi="Tỷ lệ chủ thể OCOP theo loại hình", name_en="Share of subjects by kind",
            parameters={"kind": "'cooperative', 'enterprise' (any SME form) or a SubjectKind",
                        **_BASIS, **_STARS_PARAMS},
            doc="Among OCOP subjects (owners of at least one counted product), the share of "
                "the given kind.",
        ),
        Indicator(
            id="subjects", unit="subjects", compute=_subjects,
            name_vi="Chủ thể OCOP", name_en="OCOP subjects",
            parameters={"kind": "'cooperative', 'enterprise' or a SubjectKind (default: all)",
                        **_BASIS, **_STARS_PARAMS},
            doc="Subjects owning at least one counted product (per basis and stars).",
        ),
        Indicator(
            id="value-chain-share", unit="share", compute=_value_chain_share,
            name_vi="Tỷ lệ chủ thể OCOP gắn với chuỗi giá trị",
            name_en="Share of subjects linked to a value chain",
            parameters={**_BASIS, **_STARS_PARAMS},
            doc="Among OCOP subjects, the share with in_value_chain=True; unknown (None) counts "
                "as not linked and is noted.",
        ),
        Indicator(
            id="new-subjects", unit="subjects", compute=_new_subjects, flow=True,
            name_vi="Tổ chức kinh tế tham gia OCOP mới", name_en="New OCOP subjects",
            parameters={"kind": "'cooperative', 'enterprise' or a SubjectKind (default: all)"},
            doc="Subjects whose first OCOP certificate (over their products in scope) was "
                "issued in the window: a proxy for 'new economic organisations' that counts "
                "only those with a recognised product.",
        ),
        Indicator(
            id="products-per-commune", unit="products/commune", compute=_products_per_commune,
            name_vi="Bình quân sản phẩm OCOP mỗi xã", name_en="OCOP products per commune",
            parameters={"communes": "number of communes (default: from the commune registry)",
                        **_BASIS, **_STARS_PARAMS},
            doc="Counted products divided by the number of communes of the province (in force "
                "on as_of, or on the last day of an old province).",
        ),
        Indicator(
            id="communes-with-products", unit="communes", compute=_communes_with_products,
            name_vi="Số xã có sản phẩm OCOP", name_en="Communes with at least one OCOP product",
            parameters={**_BASIS, **_STARS_PARAMS},
            doc="Distinct commune codes of counted products; the denominator is the number of "
                "communes of the province when a registry is available (Bắc Kạn: 79/108).",
        ),
        Indicator(
            id="lapsed-without-reevaluation", unit="products", compute=_lapsed,
            name_vi="Sản phẩm hết hạn không đánh giá lại",
            name_en="Products whose certificate lapsed without re-evaluation",
            citation=Citation(QD26, "Điều 7", "khoản 6 điểm a"),
            doc="Products whose latest certificate issued on or before as_of has expired "
                "(not revoked, not superseded); see Portfolio.lapsed_without_reevaluation.",
        ),
        Indicator(
            id="products-evaluated", unit="products", compute=_evaluated, flow=True,
            name_vi="Sản phẩm được đánh giá, phân hạng", name_en="Products evaluated",
            doc="Distinct products evaluated in the window: evaluation events from the scope "
                "plus certificates by evaluated_on (else issued_on). Without events it is a "
                "lower bound (1–2★ results have no certificate).",
        ),
    )


@functools.cache
def builtin_indicators() -> IndicatorRegistry:
    """The built-in indicators (plug-ins add more through ``ocopkit_register_indicators``).

    >>> builtin_indicators().ids[:3]
    ('products-in-force', 'products-recognised', 'five-star-products')
    """
    return IndicatorRegistry(_builtin())

