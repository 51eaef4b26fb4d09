"""OCOP subjects (chủ thể OCOP): who may register a product.

Decision 26/2026/QĐ-TTg, Điều 2.3: "hợp tác xã; tổ hợp tác; doanh nghiệp
nhỏ và vừa; trang trại, hộ sản xuất, hộ gia đình có đăng ký kinh doanh. Đối
với nhóm sản phẩm dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du
lịch bao gồm thêm: hội, hiệp hội, trung tâm điều hành hoặc tổ chức tương
đương."

Small and medium enterprises are split into the legal forms that
criterion 3.1 of every scorecard distinguishes (limited company, private
enterprise, joint-stock company with its local-community capital share).

>>> from fractions import Fraction
>>> s = Subject("s1", "Công ty CP Mẫu", "joint-stock-company", "22@34",
...             community_capital_share=Fraction(60, 100))
>>> criterion_3_1_points(s)
3
>>> SubjectKind.parse("HTX")
<SubjectKind.COOPERATIVE: 'cooperative'>
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from fractions import Fraction

import attrs

from ocopkit.errors import Problem, ProblemCollector, ValidationError
from ocopkit.places import provinces
from ocopkit.text import fold, nfc, slug, suggest

__all__ = [
    "COMMUNITY_CAPITAL_THRESHOLD",
    "SUBJECTS_CITATION",
    "LegalRepresentative",
    "Subject",
    "SubjectKind",
    "criterion_3_1_points",
]

#: Citation of the list of eligible subjects.
SUBJECTS_CITATION = "Quyết định 26/2026/QĐ-TTg, Điều 2 khoản 3"
#: Local-community capital share from which a joint-stock company scores 3 in criterion 3.1.
COMMUNITY_CAPITAL_THRESHOLD = Fraction(51, 100)


@attrs.frozen
class _KindInfo:
    abbreviation: str | None
    label_vi: str
    label_en: str
    tourism_only: bool = False
    is_enterprise: bool = False


class SubjectKind(enum.Enum):
    """Legal form of an OCOP subject, as listed in 26/2026 Điều 2.3.

    :attr:`ENTERPRISE` is an SME whose legal form is not one of the three
    that criterion 3.1 names; :attr:`ASSOCIATION` and
    :attr:`TOURISM_OPERATOR` are admitted for the tourism group only.

    >>> k = SubjectKind.COOPERATIVE_GROUP
    >>> k.abbreviation, k.label_vi, k.label_en
    ('THT', 'tổ hợp tác', 'cooperative group')
    >>> SubjectKind.ASSOCIATION.tourism_only, SubjectKind.LIMITED_COMPANY.is_enterprise
    (True, True)
    """

    COOPERATIVE = "cooperative"
    COOPERATIVE_GROUP = "cooperative-group"
    LIMITED_COMPANY = "limited-company"
    PRIVATE_ENTERPRISE = "private-enterprise"
    JOINT_STOCK_COMPANY = "joint-stock-company"
    ENTERPRISE = "enterprise"
    FARM = "farm"
    HOUSEHOLD = "household"
    ASSOCIATION = "association"
    TOURISM_OPERATOR = "tourism-operator"

    @property
    def abbreviation(self) -> str | None:
        """Usual Vietnamese abbreviation (``"HTX"``, ``"THT"``, ``"CTCP"``…), if any."""
        return _KIND_INFO[self].abbreviation

    @property
    def label_vi(self) -> str:
        """Vietnamese label, as worded in the decision."""
        return _KIND_INFO[self].label_vi

    @property
    def label_en(self) -> str:
        """English label."""
        return _KIND_INFO[self].label_en

    @property
    def tourism_only(self) -> bool:
        """Admitted only for the community-tourism group (set 26)."""
        return _KIND_INFO[self].tourism_only

    @property
    def is_enterprise(self) -> bool:
        """A small or medium enterprise (doanh nghiệp nhỏ và vừa) of any legal form."""
        return _KIND_INFO[self].is_enterprise

    @property
    def citation(self) -> str:
        """Where the kind is defined."""
        return SUBJECTS_CITATION

    @classmethod
    def parse(cls, text: str, *, path: str = "$.kind") -> SubjectKind:
        """Parse a value, abbreviation or label (Vietnamese or English), accent-insensitively."""
        key = fold(text).replace("_", "-")
        for kind in cls:
            info = _KIND_INFO[kind]
            labels = (kind.value, kind.name.lower().replace("_", "-"), info.label_vi,
                      info.label_en, info.abbreviation or "")
            if key in {fold(label) for label in labels} | {slug(label) for label in labels}:
                return kind
        options = [k.value for k in cls] + [i.label_vi for i in _KIND_INFO.values()]
        raise ValidationError([
            Problem(path, "unknown-subject-kind",
                    f"loại hình chủ thể không hợp lệ: {text!r}",
                    f"unknown subject kind {text!r}", suggestion=suggest(text, options))
        ])


_KIND_INFO: Mapping[SubjectKind, _KindInfo] = {
    SubjectKind.COOPERATIVE: _KindInfo("HTX", "hợp tác xã", "cooperative"),
    SubjectKind.COOPERATIVE_GROUP: _KindInfo("THT", "tổ hợp tác", "cooperative group"),
    SubjectKind.LIMITED_COMPANY: _KindInfo(
        "TNHH", "công ty trách nhiệm hữu hạn", "limited liability company", is_enterprise=True
    ),
    SubjectKind.PRIVATE_ENTERPRISE: _KindInfo(
        "DNTN", "doanh nghiệp tư nhân", "private enterprise", is_enterprise=True
    ),
    SubjectKind.JOINT_STOCK_COMPANY: _KindInfo(
        "CTCP", "công ty cổ phần", "joint-stock company", is_enterprise=True
    ),
    SubjectKind.ENTERPRISE: _KindInfo(
        "DNNVV", "doanh nghiệp nhỏ và vừa", "small or medium enterprise (other legal form)",
        is_enterprise=True,
    ),
    SubjectKind.FARM: _KindInfo(None, "trang trại", "farm"),
    SubjectKind.HOUSEHOLD: _KindInfo(
        None, "hộ sản xuất, hộ gia đình có đăng ký kinh doanh",
        "production or family household with business registration",
    ),
    SubjectKind.ASSOCIATION: _KindInfo(
        None, "hội, hiệp hội", "association", tourism_only=True
    ),
    SubjectKind.TOURISM_OPERATOR: _KindInfo(
        None, "trung tâm điều hành hoặc tổ chức tương đương",
        "operating centre or equivalent organisation", tourism_only=True,
    ),
}


def _kind(value: SubjectKind | str | None) -> SubjectKind | None:
    return value if value is None or isinstance(value, SubjectKind) else SubjectKind.parse(value)


def _opt_text(value: str | None) -> str | None:
    return None if value is None else nfc(value) or None


def _share(value: Fraction | int | str | None) -> Fraction | None:
    if value is None or isinstance(value, Fraction):
        return value
    try:
        return Fraction(value)
    except (ValueError, ZeroDivisionError):
        raise ValidationError([
            Problem("$.community_capital_share", "invalid-share",
                    f"tỷ lệ vốn góp không hợp lệ: {value!r}",
                    f"invalid capital share {value!r} (use a fraction such as '51/100')")
        ]) from None


@attrs.frozen
class LegalRepresentative:
    """The subject's legal representative (đại diện pháp luật).

    Criterion 3.2 of every 26/2026 scorecard gives 1 point when the legal
    representative is a woman, an ethnic-minority person or a person with a
    disability.

    >>> LegalRepresentative("Nguyễn Thị Mẫu", is_female=True).qualifies_for_3_2
    True
    >>> LegalRepresentative("Trần Văn Mẫu").qualifies_for_3_2
    False
    """

    name: str = attrs.field(converter=nfc)
    is_female: bool = False
    is_ethnic_minority: bool = False
    has_disability: bool = False

    @property
    def qualifies_for_3_2(self) -> bool:
        """Whether criterion 3.2 ("+1") applies (26/2026 Phụ lục II, criterion 3.2)."""
        return self.is_female or self.is_ethnic_minority or self.has_disability


@attrs.frozen
class Subject:
    """An OCOP subject: the organisation or household that owns a product.

    ``province_id`` is a :class:`~ocopkit.places.Province` id (``"22@34"``);
    ``community_capital_share`` (0–1) is only meaningful for joint-stock
    companies, where it decides criterion 3.1.

    ``kind`` is ``None`` when the legal form is unknown or is not one of those of
    26/2026 Điều 2.3 (a branch of a company, "cơ sở sản xuất"…); ``legal_form`` keeps
    the form as the record wrote it. Such a subject is kept, never re-classified:
    indicators that count by kind report it as unknown (a range, see
    :mod:`ocopkit.targets`), and criterion 3.1 cannot be scored for it.

    >>> branch = Subject("s9", "Chi nhánh Công ty TNHH Mẫu", None, "06@63",
    ...                  legal_form="Chi nhánh công ty TNHH")
    >>> branch.kind is None, branch.legal_form, branch.kind_known
    (True, 'Chi nhánh công ty TNHH', False)

    >>> s = Subject("s2", "HTX Mẫu", SubjectKind.COOPERATIVE, "06@63",
    ...             legal_representative=LegalRepresentative("Hoàng Thị Mẫu", is_female=True))
    >>> s.slug, s.kind.abbreviation, s.legal_representative.qualifies_for_3_2
    ('htx-mau', 'HTX', True)
    >>> try:
    ...     Subject("", "X", "htx", "99@63", community_capital_share="3/2")
    ... except ValidationError as err:
    ...     print(err.codes)
    ('empty-id', 'share-out-of-range', 'share-not-applicable', 'unknown-province')
    """

    id: str
    name: str = attrs.field(converter=nfc)
    kind: SubjectKind | None = attrs.field(converter=_kind)
    province_id: str
    commune_code: str | None = None
    legal_representative: LegalRepresentative | None = None
    community_capital_share: Fraction | None = attrs.field(default=None, converter=_share)
    in_value_chain: bool | None = None
    legal_form: str | None = attrs.field(default=None, converter=_opt_text)

    def __attrs_post_init__(self) -> None:
        c = ProblemCollector()
        where = f"subject {self.id!r}"
        if not self.id:
            c.add(f"{where}.id", "empty-id", "mã định danh trống", "empty id")
        if not self.name:
            c.add(f"{where}.name", "empty-name", "tên trống", "empty name")
        share = self.community_capital_share
        if share is not None:
            if not 0 <= share <= 1:
                c.add(f"{where}.community_capital_share", "share-out-of-range",
                      f"tỷ lệ vốn góp phải từ 0 đến 1: {share}",
                      f"the capital share must be between 0 and 1: {share}")
            if self.kind is not None and self.kind is not SubjectKind.JOINT_STOCK_COMPANY:
                c.add(f"{where}.community_capital_share", "share-not-applicable",
                      "tỷ lệ vốn góp của cộng đồng chỉ áp dụng cho công ty cổ phần",
                      "a community capital share only applies to joint-stock companies")
        if self.commune_code is not None and not re.fullmatch(r"[0-9]{5}", self.commune_code):
            c.add(f"{where}.commune_code", "invalid-commune-code",
                  f"mã xã phải gồm 5 chữ số: {self.commune_code!r}",
                  f"a commune code has 5 digits: {self.commune_code!r}")
        ids = [p.id for p in provinces()]
        if self.province_id not in ids:
            c.add(f"{where}.province_id", "unknown-province",
                  f"không có tỉnh mang mã định danh {self.province_id!r}",
                  f"no province has id {self.province_id!r}",
                  suggestion=suggest(self.province_id, ids, cutoff=0.5))
        c.raise_if_any()

    @property
    def slug(self) -> str:
        """ASCII slug of the name."""
        return slug(self.name)

    @property
    def kind_known(self) -> bool:
        """Whether the legal form is one of Điều 2.3's (``kind`` is set)."""
        return self.kind is not None


def criterion_3_1_points(subject: Subject) -> int:
    """Points for criterion 3.1 "Loại hình tổ chức sản xuất - kinh doanh".

    Per Decision 26/2026/QĐ-TTg, Phụ lục II, criterion 3.1 (identical in all
    26 scorecards; set 7's transcript shows 1 for "Công ty TNHH", read as a
    typo for 2, see ``tools/sources/ocop-domain.md`` §1.4):

    * 1 — household with business registration, farm, cooperative group;
    * 2 — limited company, private enterprise, or joint-stock company whose
      local-community capital is below 51 %;
    * 3 — cooperative, or joint-stock company with ≥ 51 % local-community
      capital; in set 26 (tourism) also "các đối tượng còn lại", i.e.
      associations and operating centres.

    Raises ``"missing-community-capital-share"`` for a joint-stock company
    without a share, and ``"unscored-subject-kind"`` for an SME of another
    legal form, which the criterion does not name.

    >>> criterion_3_1_points(Subject("s3", "Hộ Mẫu", "household", "01@34"))
    1
    >>> criterion_3_1_points(Subject("s4", "CTCP Mẫu", "CTCP", "01@34",
    ...                              community_capital_share="1/2"))
    2
    """
    kind = subject.kind
    if kind is None:
        raise ValidationError([
            Problem(f"subject {subject.id!r}.kind", "unknown-subject-kind",
                    "loại hình chủ thể chưa rõ hoặc ngoài Điều 2.3: "
                    f"{subject.legal_form or 'không ghi'}; không chấm được tiêu chí 3.1",
                    "the legal form is unknown or outside Điều 2.3 "
                    f"({subject.legal_form or 'not recorded'}); criterion 3.1 cannot be "
                    "scored")
        ])
    if kind in (SubjectKind.HOUSEHOLD, SubjectKind.FARM, SubjectKind.COOPERATIVE_GROUP):
        return 1
    if kind in (SubjectKind.LIMITED_COMPANY, SubjectKind.PRIVATE_ENTERPRISE):
        return 2
    if kind in (SubjectKind.COOPERATIVE, SubjectKind.ASSOCIATION, SubjectKind.TOURISM_OPERATOR):
        return 3
    if kind is SubjectKind.JOINT_STOCK_COMPANY:
        share = subject.community_capital_share
        if share is None:
            raise ValidationError([
                Problem(f"subject {subject.id!r}.community_capital_share",
                        "missing-community-capital-share",
                        "cần tỷ lệ vốn góp của cộng đồng người địa phương để chấm tiêu chí 3.1",
                        "criterion 3.1 needs the local-community capital share of a "
                        "joint-stock company")
            ])
        return 3 if share >= COMMUNITY_CAPITAL_THRESHOLD else 2
    raise ValidationError([
        Problem(f"subject {subject.id!r}.kind", "unscored-subject-kind",
                f"tiêu chí 3.1 không quy định điểm cho loại hình {kind.label_vi!r}",
                f"criterion 3.1 gives no points for {kind.label_en!r}; "
                "use limited-company, private-enterprise or joint-stock-company")
    ])
