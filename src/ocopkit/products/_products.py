"""OCOP products and their product codes (mã số sản phẩm).

Decision 26/2026/QĐ-TTg prints the code template on every scorecard as
``(T).-.(X).-.(STT).-20…``: T is the 2-digit province code, X the 5-digit
commune code (codes per Decision 19/2025/QĐ-TTg), STT the sequence number
kept by the commune and the last part the evaluation year. Before the 2025
reorganisation codes also carried the 3-digit district code, e.g.
``83-829-28780-3-2022`` (T-DDD-XXXXX-STT-YEAR).

**Era rule.** A code's T is a code of the province table in force when the
code was assigned. Codes with a year up to 2024 use the 63-unit table, from
2026 the 34-unit table. Year 2025 straddles the reorganisation (1 July
2025): a district-bearing code is necessarily pre-reorganisation, and a
retired code such as ``06`` only exists in the old table; otherwise the
caller must pass ``issued_on``.

>>> code = ProductCode.parse("83 - 829 - 28780 - 03 - 2022")
>>> str(code), code.has_district, code.province().name
('83-829-28780-3-2022', True, 'Bến Tre')
>>> ProductCode.parse("22.-.99301.-.7.-2026").province().id
'22@34'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import date

import attrs

from ocopkit.errors import Problem, ProblemCollector, ValidationError
from ocopkit.frozen import FrozenMap
from ocopkit.places import (
    DISTRICT_ERA_END,
    REORGANISATION_DATE,
    Province,
    lineage,
    provinces,
    successor,
)
from ocopkit.text import nfc, slug, suggest

from ._catalog import ClassificationNode, classification_node, product_set
from ._partial import classification_of, contains_set

__all__ = ["FIRST_OCOP_YEAR", "Product", "ProductCode"]

#: Earliest plausible evaluation year: Quảng Ninh's pilot OCOP programme began in 2013.
FIRST_OCOP_YEAR = 2013

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


@functools.cache
def _units() -> Mapping[str, Province]:
    """Every provincial unit of both periods by id (the table never changes)."""
    return FrozenMap({p.id: p for p in provinces()})


@functools.cache
def _units_by_code() -> Mapping[str, tuple[Province, ...]]:
    """The provincial units of both periods by two-digit code, in table order."""
    found: dict[str, list[Province]] = {}
    for p in provinces():
        found.setdefault(p.code, []).append(p)
    return FrozenMap({code: tuple(units) for code, units in found.items()})


@functools.cache
def _province_codes() -> tuple[str, ...]:
    """The two-digit codes of the provincial units, sorted."""
    return tuple(sorted(_units_by_code()))


_COMMUNE_CODE = re.compile(r"[0-9]{5}")


def _check(
    path: str,
    province_code: str,
    district_code: str | None,
    commune_code: str,
    number: int | str,
    year: int | str,
) -> list[Problem]:
    """Every problem of a code's parts (shared by parse and the constructor)."""
    c = ProblemCollector()
    if not re.fullmatch(r"[0-9]{2}", province_code):
        c.add(f"{path}.T", "invalid-province-code",
              f"mã tỉnh (T) phải gồm 2 chữ số: {province_code!r}",
              f"the province code (T) has 2 digits: {province_code!r}")
    else:
        codes = _province_codes()
        if province_code not in codes:
            c.add(f"{path}.T", "unknown-province",
                  f"không có tỉnh mang mã {province_code!r}",
                  f"no province has code {province_code!r}",
                  suggestion=suggest(province_code, codes, cutoff=0.5))
    if district_code is not None and not re.fullmatch(r"[0-9]{3}", district_code):
        c.add(f"{path}.DDD", "invalid-district-code",
              f"mã huyện phải gồm 3 chữ số: {district_code!r}",
              f"the district code has 3 digits: {district_code!r}")
    if not re.fullmatch(r"[0-9]{5}", commune_code):
        c.add(f"{path}.X", "invalid-commune-code",
              f"mã xã (X) phải gồm 5 chữ số: {commune_code!r}",
              f"the commune code (X) has 5 digits: {commune_code!r}")
    not_digits = isinstance(number, str) and not re.fullmatch(r"[0-9]+", number)
    if not_digits or isinstance(number, bool) or int(number) < 1:
        c.add(f"{path}.STT", "invalid-sequence-number",
              f"số thứ tự (STT) phải là số nguyên dương: {number!r}",
              f"the sequence number (STT) must be a positive integer: {number!r}")
    year_ok = False
    if isinstance(year, str) and not re.fullmatch(r"[0-9]{4}", year):
        c.add(f"{path}.year", "invalid-year", f"năm phải gồm 4 chữ số: {year!r}",
              f"the year has 4 digits: {year!r}")
    elif not FIRST_OCOP_YEAR <= int(year) <= 9999:
        c.add(f"{path}.year", "invalid-year",
              f"năm đánh giá phải từ {FIRST_OCOP_YEAR}: {year!r}",
              f"the evaluation year must be {FIRST_OCOP_YEAR} or later: {year!r}")
    else:
        year_ok = True
    if year_ok and district_code is not None and int(year) > REORGANISATION_DATE.year:
        c.add(f"{path}.DDD", "district-after-reorganisation",
              f"mã có mã huyện nhưng năm {year} sau khi bỏ cấp huyện (01/07/2025)",
              f"the code has a district part but year {year} is after districts were "
              "abolished on 2025-07-01",
              suggestion=f"{province_code}-{commune_code}-{number}-{year}")
    return c.problems


@attrs.frozen
class ProductCode:
    """A product code ``T-X-STT-YEAR`` (or ``T-DDD-X-STT-YEAR`` before 2025-07-01).

    Build one with :meth:`parse`; ``str()`` gives the canonical form (parts
    joined by ``-``, STT without leading zeros).

    >>> ProductCode("06", "99001", 12, 2024)
    ProductCode(province_code='06', commune_code='99001', number=12, year=2024, district_code=None)
    >>> str(ProductCode("06", "99001", 12, 2024))
    '06-99001-12-2024'
    """

    province_code: str
    commune_code: str
    number: int
    year: int
    district_code: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = _check("$.code", self.province_code, self.district_code,
                          self.commune_code, self.number, self.year)
        if problems:
            raise ValidationError(problems)

    @classmethod
    def parse(cls, text: str, *, path: str = "$.code") -> ProductCode:
        """Parse a code, tolerating spaces, dots, brackets and dash variants.

        Every problem is reported at once, each naming its part
        (``T``, ``DDD``, ``X``, ``STT`` or ``year``).

        >>> str(ProductCode.parse("(19).-.(99001).-.(5).-2026"))
        '19-99001-5-2026'
        >>> try:
        ...     ProductCode.parse("6-1234-0-26")
        ... except ValidationError as err:
        ...     print([p.path for p in err.problems])
        ['$.code.T', '$.code.X', '$.code.STT', '$.code.year']
        """
        cleaned = _DASHES.sub("-", nfc(text))
        cleaned = re.sub(r"[\s.()]+", "", cleaned)
        parts = cleaned.split("-")
        if len(parts) not in (4, 5) or any(p == "" for p in parts):
            raise ValidationError([
                Problem(path, "invalid-code-structure",
                        f"mã sản phẩm phải có dạng T-X-STT-Năm hoặc T-DDD-X-STT-Năm: {text!r}",
                        f"a product code looks like T-X-STT-YEAR or T-DDD-X-STT-YEAR: {text!r}")
            ])
        if len(parts) == 5:
            t, d, x, stt, year = parts
            district: str | None = d
        else:
            t, x, stt, year = parts
            district = None
        problems = _check(path, t, district, x, stt, year)
        if problems:
            raise ValidationError(problems)
        return cls(province_code=t, commune_code=x, number=int(stt), year=int(year),
                   district_code=district)

    def names_province(self, province_id: str) -> bool:
        """Whether the code's T can name the province ``province_id``: a unit with that
        code in either period is it, or is in its lineage (the rule
        :class:`Product` and assessments check a code against their province by).

        >>> c = ProductCode.parse("06-99001-1-2024")
        >>> c.names_province("06@63"), c.names_province("19@34"), c.names_province("22@34")
        (True, True, False)
        """
        return any(p.id == province_id or province_id in lineage(p)
                   for p in _units_by_code().get(self.province_code, ()))

    def __str__(self) -> str:
        middle = [self.district_code] if self.district_code is not None else []
        return "-".join([self.province_code, *middle, self.commune_code,
                         str(self.number), f"{self.year:04d}"])

    @property
    def has_district(self) -> bool:
        """Whether the code carries a (pre-2025) district part."""
        return self.district_code is not None

    def province(
        self, on: date | None = None, *, issued_on: date | None = None
    ) -> Province:
        """The province the code's T names, optionally mapped to the unit in force on ``on``.

        The era is ``issued_on`` when given, otherwise the code's year (see the
        module's era rule); a year-2025 code that fits both tables raises
        ``"ambiguous-code-era"``.

        >>> c = ProductCode.parse("19-99001-1-2025")
        >>> c.province(issued_on=date(2025, 3, 1)).name
        'Thái Nguyên'
        >>> c.province(issued_on=date(2025, 3, 1)).id, c.province(issued_on=date(2025, 9, 1)).id
        ('19@63', '19@34')
        >>> ProductCode.parse("06-99001-1-2025").province(on=date(2026, 1, 1)).id
        '19@34'
        """
        if issued_on is not None:
            start = end = issued_on
        else:
            start, end = date(self.year, 1, 1), date(self.year, 12, 31)
        if self.has_district:
            end = min(end, DISTRICT_ERA_END)
        found = [
            p for p in provinces()
            if p.code == self.province_code
            and (p.valid_from is None or p.valid_from <= end)
            and (p.valid_until is None or start <= p.valid_until)
        ] if start <= end else []
        if not found:
            raise ValidationError([
                Problem("$.code.T", "province-not-in-force",
                        f"mã tỉnh {self.province_code} không có hiệu lực trong thời kỳ của mã",
                        f"province code {self.province_code} is not in force in the code's era "
                        f"({start} – {end})")
            ])
        if len(found) > 1:
            listing = ", ".join(p.describe() for p in found)
            raise ValidationError([
                Problem("$.code", "ambiguous-code-era",
                        f"mã năm {self.year} có thể thuộc bảng mã tỉnh cũ hoặc mới ({listing}); "
                        "hãy truyền issued_on=<ngày cấp>",
                        f"a {self.year} code may use the old or the new province table "
                        f"({listing}); pass issued_on=<date>")
            ])
        unit = found[0]
        return unit if on is None else successor(unit, on)


def _classification(value: ClassificationNode | str | None) -> ClassificationNode | None:
    return classification_of(value) if isinstance(value, str) else value


def _code(value: ProductCode | str | None) -> ProductCode | None:
    return ProductCode.parse(value) if isinstance(value, str) else value


def _opt_nfc(value: str | None) -> str | None:
    return None if value is None else nfc(value)


@attrs.frozen
class Product:
    """An OCOP product.

    ``product_set`` is the number (1–26) of its 26/2026 product set
    (see :func:`ocopkit.products.product_set`), or ``None`` when the record does not
    say; ``classification`` then keeps what it does say — a sector, group or subgroup
    of 26/2026 Phụ lục I or one of the 2018 groups (a node, or text for
    :func:`~ocopkit.products.classification_of`). ``province_id`` is a
    :class:`~ocopkit.places.Province` id. ``code`` may be a string, parsed with
    :meth:`ProductCode.parse`.

    >>> p = Product("p1", "Miến dong Mẫu", 6, "s1", "06@63",
    ...             code="06-99001-1-2024", commune_code="99001")
    >>> p.slug, str(p.code), p.code.province().id == p.province_id
    ('mien-dong-mau', '06-99001-1-2024', True)
    >>> q = Product("p2", "Chè Mẫu", None, "s1", "06@63", classification="Thực phẩm")
    >>> q.product_set, q.classification.code, q.known_classification.name
    (None, 'I', 'Sản phẩm thực phẩm')
    """

    id: str
    name: str = attrs.field(converter=nfc)
    product_set: int | None
    subject_id: str
    province_id: str
    code: ProductCode | None = attrs.field(default=None, converter=_code)
    name_en: str | None = attrs.field(default=None, converter=_opt_nfc)
    commune_code: str | None = None
    classification: ClassificationNode | None = attrs.field(default=None,
                                                            converter=_classification)

    def __attrs_post_init__(self) -> None:
        c = ProblemCollector()
        where = f"product {self.id!r}"
        if not self.id:
            c.add(f"{where}.id", "empty-id", "mã định danh trống", "empty id")
        if not self.name:
            c.add(f"{where}.name", "empty-name", "tên trống", "empty name")
        if not self.subject_id:
            c.add(f"{where}.subject_id", "empty-id", "thiếu mã chủ thể", "missing subject id")
        if self.product_set is not None and (isinstance(self.product_set, bool)
                                             or not 1 <= self.product_set <= 26):
            c.add(f"{where}.product_set", "unknown-product-set",
                  f"số bộ sản phẩm phải từ 1 đến 26: {self.product_set!r}",
                  f"a product set number is 1–26: {self.product_set!r}")
        elif self.product_set is not None and self.classification is not None:
            code = product_set(self.product_set).code
            if contains_set(self.classification, code) is False:
                c.add(f"{where}.classification", "classification-mismatch",
                      f"bộ sản phẩm {self.product_set} ({code}) không thuộc "
                      f"{self.classification.code} {self.classification.name}",
                      f"product set {self.product_set} ({code}) is not under "
                      f"{self.classification.code} {self.classification.name}")
        if self.commune_code is not None and not _COMMUNE_CODE.fullmatch(self.commune_code):
            c.add(f"{where}.commune_code", "invalid-commune-code",
                  f"mã xã phải gồm 5 chữ số: {self.commune_code!r}",
                  f"a commune code has 5 digits: {self.commune_code!r}")
        units = _units()
        if self.province_id not in units:
            c.add(f"{where}.province_id", "unknown-province",
                  f"không có tỉnh mang mã định danh {self.province_id!r}",
                  f"no province has id {self.province_id!r}",
                  suggestion=suggest(self.province_id, units, cutoff=0.5))
        elif self.code is not None and not self.code.names_province(self.province_id):
            c.add(f"{where}.code", "code-province-mismatch",
                  f"mã tỉnh {self.code.province_code} của mã sản phẩm không liên quan "
                  f"tới {self.province_id}",
                  f"the code's province {self.code.province_code} is unrelated to "
                  f"{self.province_id}")
        if (self.code is not None and self.commune_code is not None
                and self.code.commune_code != self.commune_code):
            c.add(f"{where}.commune_code", "code-commune-mismatch",
                  f"mã xã {self.commune_code} khác mã xã trong mã sản phẩm "
                  f"{self.code.commune_code}",
                  f"commune {self.commune_code} differs from the code's commune "
                  f"{self.code.commune_code}", suggestion=self.code.commune_code)
        c.raise_if_any()

    @property
    def slug(self) -> str:
        """ASCII slug of the name."""
        return slug(self.name)

    @property
    def known_classification(self) -> ClassificationNode | None:
        """The most precise node known: the product set's leaf, else ``classification``."""
        if self.product_set is not None:
            return classification_node(product_set(self.product_set).code)
        return self.classification

