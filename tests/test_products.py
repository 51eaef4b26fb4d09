"""Tests for ocopkit.products: product codes and products."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocopkit.errors import ValidationError
from ocopkit.places import provinces
from ocopkit.products import Product, ProductCode

CODES = sorted({p.code for p in provinces()})


def test_real_district_example() -> None:
    # tools/sources/ocop-domain.md §2.3 (one real pre-2025 code)
    code = ProductCode.parse("83-829-28780-3-2022")
    assert (code.province_code, code.district_code, code.commune_code, code.number,
            code.year) == ("83", "829", "28780", 3, 2022)
    assert code.has_district
    assert str(code) == "83-829-28780-3-2022"
    assert code.province().id == "83@63"
    assert code.province(on=date(2026, 1, 1)).name == "Vĩnh Long"


@pytest.mark.parametrize(
    "text",
    [
        "22-99301-7-2026",
        "22 - 99301 - 7 - 2026",
        "22.-.99301.-.7.-2026",
        "(22).-.(99301).-.(7).-2026",
        "22–99301–007–2026",
        "22\u221299301\u22127\u22122026",
        " 22-99301-7-2026\n",
    ],
)
def test_tolerant_parse(text: str) -> None:
    code = ProductCode.parse(text)
    assert str(code) == "22-99301-7-2026"
    assert not code.has_district


@pytest.mark.property
@settings(deadline=None)
@given(
    t=st.sampled_from(CODES),
    d=st.none() | st.from_regex(r"[0-9]{3}", fullmatch=True),
    x=st.from_regex(r"[0-9]{5}", fullmatch=True),
    stt=st.integers(min_value=1, max_value=10_000),
    year=st.integers(min_value=2013, max_value=2099),
)
def test_parse_format_round_trip(t: str, d: str | None, x: str, stt: int, year: int) -> None:
    if d is not None and year > 2025:
        year = 2025 - (year - 2026) % 13  # district-bearing codes predate the reform
    code = ProductCode(t, x, stt, year, district_code=d)
    text = str(code)
    assert ProductCode.parse(text) == code
    assert ProductCode.parse(text.replace("-", " . - . ")) == code
    assert str(ProductCode.parse(text)) == text


def test_errors_name_every_part() -> None:
    with pytest.raises(ValidationError) as err:
        ProductCode.parse("2-12-1234-0-99")
    assert [(p.path, p.code) for p in err.value.problems] == [
        ("$.code.T", "invalid-province-code"),
        ("$.code.DDD", "invalid-district-code"),
        ("$.code.X", "invalid-commune-code"),
        ("$.code.STT", "invalid-sequence-number"),
        ("$.code.year", "invalid-year"),
    ]
    with pytest.raises(ValidationError) as err:
        ProductCode.parse("22-99301-x-2026")
    assert err.value.codes == ("invalid-sequence-number",)
    with pytest.raises(ValidationError) as err:
        ProductCode.parse("22-99301-1-2010")
    assert err.value.codes == ("invalid-year",)


@pytest.mark.parametrize("text", ["", "22", "22-99301-2026", "22-1-2-3-4-5", "22--1-2026"])
def test_structure_errors(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        ProductCode.parse(text)
    assert err.value.codes == ("invalid-code-structure",)


def test_unknown_province_code_suggests() -> None:
    with pytest.raises(ValidationError) as err:
        ProductCode.parse("03-12345-1-2024")
    assert err.value.codes == ("unknown-province",)
    assert err.value.problems[0].suggestion in CODES


def test_district_after_reform_rejected() -> None:
    with pytest.raises(ValidationError) as err:
        ProductCode.parse("22-193-99301-1-2026")
    assert err.value.codes == ("district-after-reorganisation",)
    assert err.value.problems[0].suggestion == "22-99301-1-2026"


def test_non_ascii_digits_rejected() -> None:
    with pytest.raises(ValidationError) as err:
        ProductCode.parse("\u0662\u0662-99301-1-2026")
    assert err.value.codes == ("invalid-province-code",)


def test_constructor_validates() -> None:
    with pytest.raises(ValidationError) as err:
        ProductCode("22", "99301", 0, 2026)
    assert err.value.codes == ("invalid-sequence-number",)


def test_era_rule() -> None:
    assert ProductCode.parse("24-12345-1-2024").province().name == "Bắc Giang"
    assert ProductCode.parse("24-12345-1-2026").province().name == "Bắc Ninh"
    c2025 = ProductCode.parse("24-12345-1-2025")
    with pytest.raises(ValidationError) as err:
        c2025.province()
    assert err.value.codes == ("ambiguous-code-era",)
    assert c2025.province(issued_on=date(2025, 6, 30)).name == "Bắc Giang"
    assert c2025.province(issued_on=date(2025, 7, 1)).name == "Bắc Ninh"
    # with a district part a 2025 code predates the reform
    assert ProductCode.parse("24-213-12345-1-2025").province().name == "Bắc Giang"
    # a retired code only exists in the old table
    assert ProductCode.parse("06-12345-1-2025").province().id == "06@63"
    # mapping to a later date
    assert ProductCode.parse("60-12345-1-2023").province(on=date(2026, 1, 1)).id == "68@34"
    with pytest.raises(ValidationError) as err:
        ProductCode.parse("06-12345-1-2026").province()
    assert err.value.codes == ("province-not-in-force",)
    with pytest.raises(ValidationError) as err:
        ProductCode.parse("24-213-12345-1-2025").province(issued_on=date(2025, 8, 1))
    assert err.value.codes == ("province-not-in-force",)


def test_product() -> None:
    p = Product("p1", "Miến  dong Mẫu", 6, "s1", "19@34", code="06-12345-2-2024",
                name_en="Sample arrowroot noodles", commune_code="12345")
    assert p.name == "Miến dong Mẫu"
    assert isinstance(p.code, ProductCode)
    assert p.slug == "mien-dong-mau"
    assert Product("p2", "X", 1, "s1", "06@63").code is None


def test_product_validation_collects_all_problems() -> None:
    with pytest.raises(ValidationError) as err:
        Product("", "", 27, "", "99@34", commune_code="1")
    assert err.value.codes == ("empty-id", "empty-name", "empty-id", "unknown-product-set",
                               "invalid-commune-code", "unknown-province")
    with pytest.raises(ValidationError) as err:
        Product("p", "X", 7, "s", "22@34", code="19-12345-1-2026", commune_code="54321")
    assert err.value.codes == ("code-province-mismatch", "code-commune-mismatch")
    assert err.value.problems[1].suggestion == "12345"
    with pytest.raises(ValidationError) as err:
        Product("p", "X", 7, "s", "22@34", code="22-1-1-2026")
    assert err.value.codes == ("invalid-commune-code",)
