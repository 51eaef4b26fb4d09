"""Where a product lies: the one rule that places products in provinces across the 2025
reorganisation, used by :class:`~ocopkit.certification.Portfolio` queries
(``province=``) and by every indicator of :mod:`ocopkit.targets`.

A product lies within ``area`` when:

1. its province is ``area``, or an old unit merged into ``area`` (new Thái Nguyên
   contains old Bắc Kạn's products);
2. its province only continued ``area`` under a new id (Quảng Ninh ``22@34`` after
   ``22@63``: a product recorded under ``22@34`` lies within ``22@63``);
3. its product code was assigned in ``area`` (T = ``06`` in a code of 2024: old Bắc Kạn);
4. it is recorded under a merged unit that absorbed ``area`` and *every* predecessor of
   its commune lay in ``area`` (needs a :class:`~ocopkit.places.CommuneRegistry`).

A new unit is never "within" an old one by itself: new Thái Nguyên's products lie
within old Bắc Kạn only through rules 3 and 4.

>>> from ocopkit.places import province, sample_communes
>>> from ocopkit.products import Product
>>> p = Product("p", "Sản phẩm mẫu", 6, "s", "19@34", commune_code="99001")
>>> bk = province("Bắc Kạn")
>>> located_within(bk, p), located_within(bk, p, sample_communes())
(False, True)
>>> located_within(province("22@63"), Product("q", "Sản phẩm mẫu", 6, "s", "22@34"))
True
"""

from __future__ import annotations

import functools
from datetime import date

from ocopkit import places
from ocopkit.errors import ValidationError
from ocopkit.places import CommuneRegistry, Province
from ocopkit.products import Product

__all__ = ["located_within", "resolve_area"]


@functools.cache
def _province(province_id: str) -> Province:
    return places.province(province_id)


def located_within(
    area: Province, product: Product, communes: CommuneRegistry | None = None
) -> bool:
    """Whether ``product`` lies within ``area`` (see the module docstring)."""
    own = _province(product.province_id)
    if places.contains(area, own):
        return True
    if not places.contains(own, area):
        return False
    if own.predecessor_ids == (area.id,):
        return True  # an unmerged province continued under a new id (22@63 → 22@34)
    if product.code is not None:
        try:
            coded = product.code.province()
        except ValidationError:
            pass
        else:
            if places.contains(area, coded):
                return True
    if communes is None or product.commune_code is None:
        return False
    try:
        commune = communes.get(product.commune_code,
                               on=own.valid_from or places.REORGANISATION_DATE)
        olds = [communes.get(code, on=places.DISTRICT_ERA_END)
                for code in commune.predecessor_codes]
    except ValidationError:
        return False
    return bool(olds) and all(places.contains(area, _province(o.province_id)) for o in olds)


def resolve_area(query: Province | str, on: date | None) -> Province:
    """The unit a ``province=`` filter names, resolved on the query day ``on``.

    A unit no longer (or not yet) in force on ``on`` — old "Bắc Kạn" in 2026 — is
    looked up without the date, so that old plans can still be measured.
    """
    if isinstance(query, Province):
        return query
    if on is None:
        return places.province(query)
    try:
        return places.province(query, on=on)
    except ValidationError as exc:
        if "province-not-in-force" in exc.codes:
            return places.province(query)
        raise
