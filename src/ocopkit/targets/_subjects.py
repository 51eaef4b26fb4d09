"""The built-in indicators about OCOP subjects: how many, of which legal form, linked to a
value chain, new. A subject of unknown legal form (``kind is None``, kept as recorded) and
a subject whose products' dates are known only roughly make the value a range: the lower
bound counts them out, the upper bound in (see :class:`~ocopkit.targets.IndicatorValue`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction

from ocopkit.certification import Portfolio
from ocopkit.errors import Problem, ValidationError
from ocopkit.products import SubjectKind

from ._counting import (
    certificates_of,
    counted_products,
    kind_test,
    products_in,
    star_test,
    uncertain_products,
)
from ._indicators import IndicatorScope, IndicatorValue, NotMeasurableError

__all__ = ["new_subjects", "subjects", "subjects_share", "value_chain_share"]


def _ocop_subjects(pf: Portfolio, scope: IndicatorScope) -> tuple[list[str], list[str]]:
    """Ids of the subjects owning at least one counted product (portfolio order), and of
    those that may (their products' dates known only roughly)."""
    test = star_test(scope, 3)
    basis = scope.basis()
    owners: dict[str, None] = {}
    for p in counted_products(pf, scope, basis, test):
        owners.setdefault(p.subject_id, None)
    maybe: dict[str, None] = {}
    for p in uncertain_products(pf, scope, basis, test):
        if p.subject_id not in owners:
            maybe.setdefault(p.subject_id, None)
    return list(owners), list(maybe)


def _kind_of(pf: Portfolio, subject_id: str,
             test: Callable[[SubjectKind], bool]) -> bool | None:
    """Whether the subject is of the kind (``None``: its legal form is not known)."""
    try:
        kind = pf.subject(subject_id).kind
    except ValidationError:
        return False
    return None if kind is None else test(kind)


def _share_bounds(sure: list[str], maybe: list[str], flag: Callable[[str], bool | None],
                  *notes: str) -> IndicatorValue:
    """The share of subjects with ``flag``, over ``sure`` and possibly ``maybe`` owners:
    the lower bound counts an unknown flag as no and adds every possible owner that is
    not certainly flagged; the upper bound the reverse (both are reached)."""
    flags = {sid: flag(sid) for sid in (*sure, *maybe)}
    yes = [sid for sid in sure if flags[sid] is True]
    low_den = len(sure) + sum(1 for sid in maybe if flags[sid] is not True)
    up_num = [sid for sid in (*sure, *maybe) if flags[sid] is not False]
    up_den = len(sure) + sum(1 for sid in maybe if flags[sid] is not False)
    if low_den == 0 and up_den == 0:
        raise NotMeasurableError("no OCOP subject in scope", "không có chủ thể OCOP nào")
    low = Fraction(len(yes), low_den) if low_den else Fraction(1)
    high = Fraction(len(up_num), up_den) if up_den else Fraction(0)
    unknown = sum(1 for sid in sure if flags[sid] is None)
    extra = ((f"{unknown} subject(s) not known either way: the value is a range",)
             if unknown else ()) + ((f"{len(maybe)} subject(s) may or may not be OCOP "
                                      "subjects on the day (dates known roughly)",)
                                     if maybe else ())
    return IndicatorValue(low, tuple(yes), "subject", numerator=len(yes),
                          denominator=low_den, notes=(*notes, *extra), upper=high,
                          uncertain=tuple(sid for sid in (*sure, *maybe)
                                          if sid in maybe or flags[sid] is None))


def subjects_share(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    raw = scope.str_param("kind", None)
    if raw is None:
        raise ValidationError([Problem(
            "$.parameters.kind", "missing-parameter",
            "thiếu tham số 'kind' (loại hình chủ thể)",
            "parameter 'kind' is required (e.g. 'cooperative' or 'enterprise')")])
    test, _ = kind_test(raw)
    sure, maybe = _ocop_subjects(pf, scope)
    return _share_bounds(sure, maybe, lambda sid: _kind_of(pf, sid, test))


def subjects(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    sure, maybe = _ocop_subjects(pf, scope)
    raw = scope.str_param("kind", None)
    if raw is None:
        return IndicatorValue(len(sure), tuple(sure), "subject", upper=len(sure) + len(maybe),
                              uncertain=tuple(maybe))
    test = kind_test(raw)[0]
    flags = {sid: _kind_of(pf, sid, test) for sid in (*sure, *maybe)}
    yes = [sid for sid in sure if flags[sid] is True]
    possible = [sid for sid in (*sure, *maybe) if flags[sid] is not False and sid not in yes]
    notes = ((f"{len(possible)} subject(s) of unknown legal form or uncertain on the day",)
             if possible else ())
    return IndicatorValue(len(yes), tuple(yes), "subject", upper=len(yes) + len(possible),
                          uncertain=tuple(possible), notes=notes)


def value_chain_share(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    sure, maybe = _ocop_subjects(pf, scope)

    def linked(sid: str) -> bool | None:
        try:
            return pf.subject(sid).in_value_chain
        except ValidationError:
            return None

    if sure and all(linked(sid) is None for sid in sure):
        raise NotMeasurableError("no subject records whether it is linked to a value chain",
                                 "không chủ thể nào có thông tin liên kết chuỗi giá trị")
    return _share_bounds(sure, maybe, linked)


def new_subjects(pf: Portfolio, scope: IndicatorScope) -> IndicatorValue:
    first, last = scope.window
    raw = scope.str_param("kind", None)
    test = kind_test(raw)[0] if raw is not None else (lambda _: True)
    began: dict[str, date] = {}
    rough: set[str] = set()
    for p in products_in(pf, scope):
        if p.id in pf.imprecise_products:
            rough.add(p.subject_id)
        history = certificates_of(pf, p.id, last)
        if history:
            when = history[0].sort_day
            if p.subject_id not in began or when < began[p.subject_id]:
                began[p.subject_id] = when
    chosen = [sid for sid, when in began.items() if first <= when and sid not in rough
              and _kind_of(pf, sid, test) is True]
    maybe = [sid for sid in dict.fromkeys((*began, *rough)) if sid not in chosen
             and _kind_of(pf, sid, test) is not False
             and (sid in rough or first <= began[sid])]
    return IndicatorValue(len(chosen), tuple(chosen), "subject",
                          upper=len(chosen) + len(maybe), uncertain=tuple(maybe))
