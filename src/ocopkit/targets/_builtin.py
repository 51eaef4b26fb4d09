"""The built-in indicators: what :func:`~ocopkit.targets.builtin_indicators` returns.

Each built-in :class:`~ocopkit.targets.Indicator` is a compute function of
a :class:`~ocopkit.certification.Portfolio` and an
:class:`~ocopkit.targets.IndicatorScope`, with its names, unit, citation
and parameters: products in force or recognised (by stars), new and upgraded
products, OCOP subjects and their shares, products per commune, lapsed and
evaluated products. They place products by
:func:`~ocopkit.certification.located_within` (cached per portfolio) and, inside
an attainment report, share the products they count.

>>> builtin_indicators().get("five-star-products").unit
'products'
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from fractions import Fraction
from typing import Final

from ocopkit import places
from ocopkit.certification import Certificate, Portfolio, lapsed_state
from ocopkit.errors import ValidationError
from ocopkit.products import Product
from ocopkit.rulesets import Citation
from ocopkit.text import Bilingual

from ._counting import (
    StarTest,
    certificates_of,
    count,
    counted_products,
    products_in,
    province_of,
    star_test,
    uncertain_products,
)
from ._indicators import (
    Basis,
    Indicator,
    IndicatorRegistry,
    IndicatorScope,
    IndicatorValue,
    NotMeasurableError,
)
from ._subjects import new_subjects, subjects, subjects_share, value_chain_share

__all__ = ["builtin_indicators"]

QD26: Final = "QĐ 26/2026/QĐ-TTg"
_ONE_DAY: Final = timedelta(days=1)


# --------------------------------------------------------------------------- computations


def _stock(pf: Portfolio, scope: IndicatorScope, basis: Basis, test: StarTest
           ) -> IndicatorValue:
    return count(counted_products(pf, scope, basis, test),
                 maybe=uncertain_products(pf, scope, basis, test))


def _products_in_force(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    return _stock(pf, scope, "in-force", star_test(scope, 3))


def _products_recognised(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    return _stock(pf, scope, "recognised", star_test(scope, 3))


def _five_star(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    return _stock(pf, scope, scope.basis(), StarTest(5, 5))


def _issued_within(c: Certificate, first: date, last: date) -> bool | None:
    """Whether ``c`` was issued in ``[first, last]`` (``None``: the date does not tell)."""
    lo, hi = c.issue_bounds
    if lo is not None and hi is not None and first <= lo and hi <= last:
        return True
    if (lo is not None and lo > last) or (hi is not None and hi < first):
        return False
    return None


def _new_products(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    least = scope.int_param("min_stars", 3) or 3
    first, last = scope.window
    out: list[Product] = []
    maybe: list[Product] = []
    rough = pf.imprecise_products
    for p in products_in(pf, scope):
        if p.id in rough:  # the first qualifying recognition, with rough dates
            qualifying = [c for c in pf.history(p.id) if c.stars >= least]
            before = [_issued_within(c, date.min, first - _ONE_DAY) for c in qualifying]
            inside = [_issued_within(c, first, last) for c in qualifying]
            if True in inside and all(b is False for b in before):
                out.append(p)
            elif any(x is not False for x in inside) and True not in before:
                maybe.append(p)
            continue
        reached = next((c.sort_day for c in certificates_of(pf, p.id, last) if c.stars >= least),
                       None)
        if reached is not None and first <= reached:
            out.append(p)
    return count(out, maybe=maybe)


def _rough_flow(pf: Portfolio, product_id: str, first: date, last: date) -> bool:
    """A product with rough dates may have had a certificate issued in the window."""
    return any(_issued_within(c, first, last) is not False for c in pf.history(product_id))


def _later_certificates(pf: Portfolio, product_id: str, first: date, last: date
                        ) -> Iterator[tuple[Certificate, Certificate]]:
    """(previous, new) pairs whose new certificate was issued within [first, last]."""
    history = certificates_of(pf, product_id, last)
    for before, after in itertools.pairwise(history):
        if first <= after.sort_day:
            yield before, after


def _upgraded(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    first, last = scope.window
    rough = pf.imprecise_products
    out = [p for p in products_in(pf, scope) if p.id not in rough
           and len(history := certificates_of(pf, p.id, last)) > 1
           and any(new.stars > old.stars for old, new in itertools.pairwise(history)
                   if first <= new.sort_day)]
    # with rough dates the order of the certificates is not established: "may"
    maybe = [p for p in products_in(pf, scope) if p.id in rough
             and len({c.stars for c in pf.history(p.id)}) > 1
             and _rough_flow(pf, p.id, first, last)]
    return count(out, maybe=maybe)


def _consolidated(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    first, last = scope.window
    cohort_start = scope.date_param("cohort_start", None)
    cohort_end = scope.date_param("cohort_end", None)
    out: list[Product] = []
    maybe: list[Product] = []
    for p in products_in(pf, scope):
        history = certificates_of(pf, p.id, last)
        if not history:
            continue
        began = history[0].sort_day
        if cohort_start is not None and began < cohort_start:
            continue
        if cohort_end is not None and began > cohort_end:
            continue
        if p.id in pf.imprecise_products:
            if len(pf.history(p.id)) > 1 and _rough_flow(pf, p.id, first, last):
                maybe.append(p)
            continue
        if any(True for _ in _later_certificates(pf, p.id, first, last)):
            out.append(p)
    return count(out, maybe=maybe)


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
            if c.in_force(on) and places.contains(area, province_of(c.province_id))]


def _products_per_commune(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    test = star_test(scope, 3)
    counted = counted_products(pf, scope, scope.basis(), test)
    maybe = uncertain_products(pf, scope, scope.basis(), test)
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
        note = (Bilingual(f"{n} communes from the commune registry",
                          f"{n} xã theo danh mục xã"),)
    if n <= 0:
        raise NotMeasurableError("the number of communes must be positive",
                                 "số xã phải lớn hơn 0")
    return IndicatorValue(Fraction(len(counted), n), tuple(p.id for p in counted), "product",
                          numerator=len(counted), denominator=n, notes=note,
                          upper=Fraction(len(counted) + len(maybe), n),
                          uncertain=tuple(p.id for p in maybe))


def _communes_with_products(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    communes = scope.communes if scope.communes is not None else pf.communes
    test = star_test(scope, 3)
    counted = counted_products(pf, scope, scope.basis(), test)
    maybe = uncertain_products(pf, scope, scope.basis(), test)
    area = scope.province
    codes: dict[str, None] = {}
    more: dict[str, None] = {}
    unplaced = 0
    for p in (*counted, *maybe):
        into = more if p in maybe else codes
        code = p.commune_code
        own = province_of(p.province_id)
        if code is None:
            unplaced += 1
            continue
        if area is not None and not places.contains(area, own) and communes is not None:
            # Recorded under a merged unit: attribute to its single predecessor, if any.
            try:
                commune = communes.get(code, on=own.valid_from or places.REORGANISATION_DATE)
            except ValidationError:
                unplaced += 1
                continue
            if len(commune.predecessor_codes) != 1:
                unplaced += 1
                continue
            code = commune.predecessor_codes[0]
        into.setdefault(code, None)
    extra = [c for c in more if c not in codes]
    total = _area_communes(pf, scope)
    notes = ((Bilingual(f"{unplaced} product(s) could not be attributed to a single commune",
                        f"{unplaced} sản phẩm không xác định được thuộc một xã"),)
             if unplaced else ())
    return IndicatorValue(len(codes), tuple(codes), "commune",
                          numerator=len(codes), denominator=len(total) if total else None,
                          notes=notes, upper=len(codes) + len(extra), uncertain=tuple(extra))


def _lapsed(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    inside = {p.id for p in products_in(pf, scope)}
    ids = [c.product_id for c in pf.lapsed_without_reevaluation(scope.as_of)
           if c.product_id in inside]
    maybe = [pid for pid in pf.imprecise_products & inside
             if lapsed_state(pf.effective_history(pid, date.max), scope.as_of) is None]
    return IndicatorValue(len(ids), tuple(ids), "product", upper=len(ids) + len(maybe),
                          uncertain=tuple(sorted(maybe)))


def _evaluated(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    first, last = scope.window
    inside = products_in(pf, scope)
    inside_ids = {p.id for p in inside}
    chosen: dict[str, None] = {}
    maybe: dict[str, None] = {}
    for p in inside:
        for c in pf.history(p.id):
            found = (first <= c.evaluated_on <= last if c.evaluated_on is not None
                     else _issued_within(c, first, last))
            if found:
                chosen.setdefault(p.id, None)
                break
            if found is None:
                maybe.setdefault(p.id, None)
    for e in scope.evaluations:
        if first <= e.evaluated_on <= last and e.product_id in inside_ids:
            chosen.setdefault(e.product_id, None)
    notes = (() if scope.evaluations else
             (Bilingual("counted from certificates only: products rated 1–2★ get no "
                        "certificate, so this is a lower bound",
                        "chỉ đếm từ giấy chứng nhận: sản phẩm 1–2★ không được cấp giấy, "
                        "nên đây là cận dưới"),))
    extra = [pid for pid in maybe if pid not in chosen]
    return IndicatorValue(len(chosen), tuple(chosen), "product", notes=notes,
                          upper=len(chosen) + len(extra), uncertain=tuple(extra))


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
            id="subjects-share", unit="share", compute=subjects_share,
            name_vi="Tỷ lệ chủ thể OCOP theo loại hình", name_en="Share of subjects by kind",
            parameters={"kind": "'cooperative', 'enterprise' (any SME form) or a SubjectKind",
                        **_BASIS, **_STARS_PARAMS},
            doc="Among OCOP subjects (owners of at least one counted product), the share of "
                "the given kind.",
        ),
        Indicator(
            id="subjects", unit="subjects", compute=subjects,
            name_vi="Chủ thể OCOP", name_en="OCOP subjects",
            parameters={"kind": "'cooperative', 'enterprise' or a SubjectKind (default: all)",
                        **_BASIS, **_STARS_PARAMS},
            doc="Subjects owning at least one counted product (per basis and stars).",
        ),
        Indicator(
            id="value-chain-share", unit="share", compute=value_chain_share,
            name_vi="Tỷ lệ chủ thể OCOP gắn với chuỗi giá trị",
            name_en="Share of subjects linked to a value chain",
            parameters={**_BASIS, **_STARS_PARAMS},
            doc="Among OCOP subjects, the share with in_value_chain=True; unknown (None) counts "
                "as not linked and is noted.",
        ),
        Indicator(
            id="new-subjects", unit="subjects", compute=new_subjects, flow=True,
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
