"""Tests for ocopkit.products: subject kinds and criteria 3.1 / 3.2."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocopkit.errors import ValidationError
from ocopkit.products import (
    COMMUNITY_CAPITAL_THRESHOLD,
    LegalRepresentative,
    Subject,
    SubjectKind,
    criterion_3_1_points,
)


def _subject(kind: SubjectKind | str, share: Fraction | None = None) -> Subject:
    return Subject("s", "Chủ thể Mẫu", kind, "22@34", community_capital_share=share)


@pytest.mark.parametrize(
    ("kind", "points"),
    [
        (SubjectKind.HOUSEHOLD, 1),
        (SubjectKind.FARM, 1),
        (SubjectKind.COOPERATIVE_GROUP, 1),
        (SubjectKind.LIMITED_COMPANY, 2),
        (SubjectKind.PRIVATE_ENTERPRISE, 2),
        (SubjectKind.COOPERATIVE, 3),
        (SubjectKind.ASSOCIATION, 3),
        (SubjectKind.TOURISM_OPERATOR, 3),
    ],
)
def test_criterion_3_1(kind: SubjectKind, points: int) -> None:
    assert criterion_3_1_points(_subject(kind)) == points


def test_joint_stock_threshold_is_inclusive() -> None:
    jsc = SubjectKind.JOINT_STOCK_COMPANY
    assert criterion_3_1_points(_subject(jsc, Fraction(51, 100))) == 3
    assert criterion_3_1_points(_subject(jsc, Fraction(5099, 10000))) == 2
    assert criterion_3_1_points(_subject(jsc, Fraction(1))) == 3
    assert criterion_3_1_points(_subject(jsc, Fraction(0))) == 2
    with pytest.raises(ValidationError) as err:
        criterion_3_1_points(_subject(jsc))
    assert err.value.codes == ("missing-community-capital-share",)


@pytest.mark.property
@settings(deadline=None)
@given(share=st.fractions(min_value=0, max_value=1))
def test_joint_stock_points_follow_share(share: Fraction) -> None:
    points = criterion_3_1_points(_subject(SubjectKind.JOINT_STOCK_COMPANY, share))
    assert points == (3 if share >= COMMUNITY_CAPITAL_THRESHOLD else 2)


def test_unscored_enterprise() -> None:
    with pytest.raises(ValidationError) as err:
        criterion_3_1_points(_subject(SubjectKind.ENTERPRISE))
    assert err.value.codes == ("unscored-subject-kind",)


@pytest.mark.property
@given(st.booleans(), st.booleans(), st.booleans())
def test_criterion_3_2(female: bool, minority: bool, disability: bool) -> None:
    rep = LegalRepresentative("Người Mẫu", is_female=female, is_ethnic_minority=minority,
                              has_disability=disability)
    assert rep.qualifies_for_3_2 == (female or minority or disability)


def test_kind_labels_and_parse() -> None:
    for kind in SubjectKind:
        assert kind.label_vi
        assert kind.label_en
        assert kind.citation == "Quyết định 26/2026/QĐ-TTg, Điều 2 khoản 3"
        assert SubjectKind.parse(kind.value) is kind
        assert SubjectKind.parse(kind.label_vi) is kind
        assert SubjectKind.parse(kind.label_en.upper()) is kind
        if kind.abbreviation:
            assert SubjectKind.parse(kind.abbreviation.lower()) is kind
    assert SubjectKind.parse("hop tac xa") is SubjectKind.COOPERATIVE
    assert SubjectKind.parse("Tổ hợp tác") is SubjectKind.COOPERATIVE_GROUP
    assert SubjectKind.parse("joint_stock_company") is SubjectKind.JOINT_STOCK_COMPANY
    assert {k for k in SubjectKind if k.tourism_only} == {
        SubjectKind.ASSOCIATION, SubjectKind.TOURISM_OPERATOR}
    assert {k for k in SubjectKind if k.is_enterprise} == {
        SubjectKind.LIMITED_COMPANY, SubjectKind.PRIVATE_ENTERPRISE,
        SubjectKind.JOINT_STOCK_COMPANY, SubjectKind.ENTERPRISE}


def test_unknown_kind_suggests() -> None:
    with pytest.raises(ValidationError) as err:
        SubjectKind.parse("cooperativ")
    assert err.value.codes == ("unknown-subject-kind",)
    assert err.value.problems[0].suggestion == "cooperative"


def test_subject_validation_collects_all_problems() -> None:
    with pytest.raises(ValidationError) as err:
        Subject("", "", "farm", "06@34", commune_code="123",
                community_capital_share=Fraction(3, 2))
    assert err.value.codes == ("empty-id", "empty-name", "share-out-of-range",
                               "share-not-applicable", "invalid-commune-code",
                               "unknown-province")
    assert err.value.problems[-1].suggestion is not None
    with pytest.raises(ValidationError) as err:
        Subject("s", "X", "joint-stock-company", "22@34", community_capital_share="abc")
    assert err.value.codes == ("invalid-share",)


def test_subject_fields() -> None:
    s = Subject("s9", "HTX  Nông sản Mẫu", "HTX", "06@63", commune_code="99001",
                legal_representative=LegalRepresentative("Lý Thị Mẫu", is_ethnic_minority=True),
                in_value_chain=True)
    assert s.name == "HTX Nông sản Mẫu"
    assert s.kind is SubjectKind.COOPERATIVE
    assert s.slug == "htx-nong-san-mau"
    assert s.legal_representative is not None
    assert s.legal_representative.qualifies_for_3_2
    assert Subject("s", "X", "CTCP", "22@34",
                   community_capital_share="0.51").community_capital_share == Fraction(51, 100)
