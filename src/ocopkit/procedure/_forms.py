"""The forms of Phụ lục III of QĐ 26/2026/QĐ-TTg that the commune and the province fill:
Mẫu số 01 (the registration form, with its registration number) and Mẫu số 03 (the
commune's report on four points of the dossier).

The registration number of Mẫu 01 is printed as "Phiếu số: ……-……. /PĐK- (Mã tỉnh) -
(Mã xã) - (Năm)": two numbers the receiving body writes, then the province code, the
commune code and the year. The decision does not say what the two numbers mean; ocopkit
keeps both as written (the second may be left out).

>>> n = RegistrationNumber.parse("Phiếu số: 12-03 /PĐK- (22) - (06733) - (2027)")
>>> n.serial, n.second, n.province_code, n.commune_code, n.year
('12', '03', '22', '06733', 2027)
>>> str(n), str(RegistrationNumber.parse("7/pdk-22-06733-2027"))
('12-03/PĐK-22-06733-2027', '7/PĐK-22-06733-2027')
>>> try:
...     RegistrationNumber.parse("12-03/PĐK-2-6733-27")
... except ValidationError as err:
...     print(err.codes)
('invalid-province-code', 'invalid-commune-code', 'invalid-year')
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import date
from typing import Final

import attrs

from ocopkit.errors import Problem, ProblemCollector, ValidationError
from ocopkit.products import ProductCode, SubjectKind
from ocopkit.rulesets import AssessmentKind
from ocopkit.text import fold, nfc

from ._actors import LabelledEnum

__all__ = [
    "Applicant",
    "AssessedPoint",
    "CommunePoint",
    "CommuneReport",
    "Gender",
    "Receipt",
    "RegistrationForm",
    "RegistrationNumber",
    "Representative",
]

_DASHES: Final = re.compile(r"[\u2010-\u2015\u2212]")
_NUMBER: Final = re.compile(r"([0-9]+)(?:-([0-9]+))?/pdk-([0-9]+)-([0-9]+)-([0-9]+)")


def _assessment_kind(value: AssessmentKind | str) -> AssessmentKind:
    return AssessmentKind.parse(value)


def _subject_kind(value: SubjectKind | str) -> SubjectKind:
    return value if isinstance(value, SubjectKind) else SubjectKind.parse(value)


def _points(value: Iterable[AssessedPoint]) -> tuple[AssessedPoint, ...]:
    return tuple(value)


#: Where a product code's parts (:class:`~ocopkit.products.ProductCode`, which checks
#: them) stand in a registration number.
_PARTS: Final = {"T": "province_code", "X": "commune_code", "year": "year"}


def _number_problems(path: str, serial: str, second: str | None, province_code: str,
                     commune_code: str, year: int | str) -> list[Problem]:
    """Every problem of a number's parts: the two numbers are digits; the province code,
    the commune code and the year are checked as those of a product code are."""
    c = ProblemCollector()
    for name, part in (("serial", serial), ("second", second)):
        if part is not None and not re.fullmatch(r"[0-9]+", part):
            c.add(f"{path}.{name}", "invalid-number",
                  f"số phiếu phải gồm chữ số: {part!r}", f"the form number is digits: {part!r}")
    try:
        ProductCode(province_code, commune_code, 1, year)  # type: ignore[arg-type]
    except ValidationError as exc:
        for p in exc.problems:
            part = _PARTS.get(p.path.rsplit(".", 1)[-1], "")
            c.add(f"{path}.{part}" if part else path, p.code, p.message_vi, p.message_en,
                  p.suggestion)
    return c.problems


@attrs.frozen
class RegistrationNumber:
    """The number of a registration form (Mẫu 01, "Phiếu số …/PĐK-(Mã tỉnh)-(Mã xã)-(Năm)").

    ``str()`` gives the canonical form ``serial[-second]/PĐK-TT-XXXXX-YYYY``.
    """

    serial: str
    province_code: str
    commune_code: str
    year: int
    second: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = _number_problems("$", self.serial, self.second, self.province_code,
                                    self.commune_code, self.year)
        if problems:
            raise ValidationError(problems)

    @classmethod
    def parse(cls, text: str, *, path: str = "$") -> RegistrationNumber:
        """Read a number as written on the form: the "Phiếu số:" label, spaces, brackets,
        dash variants and "PDK" without its diacritic are tolerated; every problem is
        reported at once."""
        key = fold(_DASHES.sub("-", nfc(text)))
        key = re.sub(r"^phieu\s*so\s*:?", "", key)
        key = re.sub(r"[\s().:]+", "", key)
        m = _NUMBER.fullmatch(key)
        if m is None:
            raise ValidationError([Problem(
                path, "invalid-registration-number",
                f"số phiếu có dạng …-…/PĐK-(Mã tỉnh)-(Mã xã)-(Năm): {text!r}",
                f"a registration number looks like N-N/PĐK-TT-XXXXX-YYYY: {text!r}")])
        serial, second, province_code, commune_code, year = m.groups()
        problems = _number_problems(path, serial, second, province_code, commune_code, year)
        if problems:
            raise ValidationError(problems)
        return cls(serial, province_code, commune_code, int(year), second)

    def __str__(self) -> str:
        head = self.serial if self.second is None else f"{self.serial}-{self.second}"
        return f"{head}/PĐK-{self.province_code}-{self.commune_code}-{self.year:04d}"


@attrs.frozen
class Receipt:
    """The receiving body's part of Mẫu 01 ("Dành cho Ủy ban nhân dân cấp xã" / "Dành
    cho cơ quan quản lý OCOP cấp tỉnh"): number, day received, who received it."""

    number: RegistrationNumber
    received_on: date
    received_by: str


@attrs.frozen(kw_only=True)
class Applicant:
    """Mẫu 01 §1, "Thông tin về đơn vị đăng ký"."""

    name: str = attrs.field(converter=nfc)
    representative: str = attrs.field(converter=nfc)
    position: str = attrs.field(converter=nfc)
    address: str = attrs.field(converter=nfc)
    phone: str
    email: str | None = None


@attrs.frozen(kw_only=True)
class RegistrationForm:
    """Mẫu số 01: "Phiếu đăng ký tham gia đánh giá, phân hạng sản phẩm OCOP".

    ``province`` and ``year`` fill "của tỉnh …… năm ……"; ``product_set`` is the
    product set (1–26) that §3 names by sector, group and subgroup of Phụ lục I;
    ``kind`` is §4 (lần đầu, nâng hạng, đánh giá lại); ``sample_count`` the samples
    §5 declares (none for the tourism group); ``signed_on`` and ``signed_by`` the
    representative's signature under the pledge; ``commune_receipt`` and
    ``province_receipt`` the receiving bodies' parts.
    """

    province: str
    year: int
    applicant: Applicant
    product_name: str = attrs.field(converter=nfc)
    product_set: int
    kind: AssessmentKind = attrs.field(converter=_assessment_kind)
    sample_count: int | None = None
    signed_on: date | None = None
    signed_by: str | None = None
    commune_receipt: Receipt | None = None
    province_receipt: Receipt | None = None


class Gender(enum.Enum):
    """"Giới tính: … (Nam/nữ)" on Mẫu 02 and Mẫu 03."""

    MALE = "male"
    FEMALE = "female"


@attrs.frozen(kw_only=True)
class Representative:
    """The legal representative as Mẫu 02 (Phần I §5) and Mẫu 03 (I §4) describe them."""

    name: str = attrs.field(converter=nfc)
    gender: Gender | None = None
    ethnicity: str | None = None
    permanent_address: str | None = None


class CommunePoint(LabelledEnum):
    """The four points the commune assesses (26/2026 Điều 7.2.a; Mẫu 03 Phần II)."""

    LOCAL_RAW_MATERIALS = "local-raw-materials"
    """"Về sử dụng nguyên liệu địa phương" (and the product's origin)."""
    LOCAL_LABOUR = "local-labour"
    """"Về sử dụng lao động địa phương"."""
    IDEA_ORIGIN = "idea-origin"
    """"Nguồn gốc ý tưởng sản phẩm" (traditional or new)."""
    LOCAL_IDENTITY = "local-identity"
    """"Bản sắc/trí tuệ địa phương": cultural values, indigenous knowledge, production
    experience and the local way of producing that make the product different."""


CommunePoint.labels = {
    CommunePoint.LOCAL_RAW_MATERIALS: ("Về sử dụng nguyên liệu địa phương",
                                       "Use of local raw materials"),
    CommunePoint.LOCAL_LABOUR: ("Về sử dụng lao động địa phương", "Use of local labour"),
    CommunePoint.IDEA_ORIGIN: ("Nguồn gốc ý tưởng sản phẩm", "Origin of the product idea"),
    CommunePoint.LOCAL_IDENTITY: ("Bản sắc/trí tuệ địa phương",
                                  "Local identity and knowledge"),
}


@attrs.frozen(kw_only=True)
class AssessedPoint:
    """One point of Mẫu 03 Phần II: what the subject describes and what the commune
    finds on the ground ("mô tả của chủ thể và đánh giá về tình hình … thực tế")."""

    point: CommunePoint
    subject_description: str = attrs.field(converter=nfc)
    assessment: str = attrs.field(converter=nfc)


@attrs.frozen(kw_only=True)
class CommuneReport:
    """Mẫu số 03: "Báo cáo đánh giá một số nội dung của hồ sơ đăng ký …" by the commune.

    Phần I repeats the dossier's general information; Phần II holds the four
    :class:`AssessedPoint` records; the closing sentence proposes the product to the
    province ("Ủy ban nhân dân xã … đề nghị Ủy ban nhân dân tỉnh … đánh giá, phân hạng").
    """

    commune: str = attrs.field(converter=nfc)
    subject_name: str = attrs.field(converter=nfc)
    organisation: SubjectKind = attrs.field(converter=_subject_kind)
    address: str = attrs.field(converter=nfc)
    representative: Representative
    product_name: str = attrs.field(converter=nfc)
    points: tuple[AssessedPoint, ...] = attrs.field(converter=_points)
    province: str
    issued_on: date | None = None
    signed_by: str | None = None

    def point(self, which: CommunePoint) -> AssessedPoint | None:
        """The assessment of ``which``, if the report has it."""
        return next((p for p in self.points if p.point is which), None)
