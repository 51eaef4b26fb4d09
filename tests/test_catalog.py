"""Tests for ocopkit.products: 26/2026 Phụ lục I and the 2018 groups."""

from __future__ import annotations

import json
import unicodedata
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocopkit.errors import ValidationError
from ocopkit.products import (
    REGIME_2018,
    REGIME_2026,
    ProductSet,
    classification,
    classification_node,
    groups_2018,
    product_set,
    product_sets,
)
from ocopkit.text import fold

MAE = "Bộ Nông nghiệp và Môi trường"
MOIT = "Bộ Công Thương"
MOH = "Bộ Y tế"
MOCST = "Bộ Văn hóa, Thể thao và Du lịch"

# tools/sources/ocop-domain.md §2.2 (26/2026 Phụ lục I)
REFERENCE = {
    1: ("I.1.a", (MAE,)), 2: ("I.1.b", (MAE,)), 3: ("I.2.a", (MAE,)), 4: ("I.2.b", (MAE,)),
    5: ("I.3.a", (MOIT,)), 6: ("I.3.b", (MAE, MOIT)), 7: ("I.3.c", (MAE,)),
    8: ("I.3.d", (MAE, MOIT)), 9: ("I.4.a", (MAE,)), 10: ("I.4.b", (MAE,)),
    11: ("I.5.a", (MAE,)), 12: ("I.5.b", (MAE,)), 13: ("I.6", (MAE,)),
    14: ("II.1.a", (MOIT,)), 15: ("II.1.b", (MOIT,)), 16: ("II.2.a", (MOH,)),
    17: ("II.2.b", (MOIT,)), 18: ("III.1", (MOH,)), 19: ("III.2", (MOH,)),
    20: ("III.3", (MOH, MOIT)), 21: ("IV.1", (MOIT, MAE)), 22: ("IV.2", (MOIT,)),
    23: ("V.1", (MAE,)), 24: ("V.2", (MAE,)), 25: ("V.3", (MAE,)), 26: ("VI.1", (MOCST, MAE)),
}


def test_structure_counts() -> None:
    nodes = classification()
    levels = [n.level for n in nodes]
    assert (levels.count("sector"), levels.count("group"), levels.count("subgroup")) == (6, 17, 16)
    assert sum(n.is_leaf for n in nodes) == 26
    assert all(n.regime == REGIME_2026 for n in nodes)
    codes = {n.code for n in nodes}
    for n in nodes:
        assert (n.parent is None) == (n.level == "sector")
        assert n.parent is None or n.parent in codes


def test_every_label_has_english() -> None:
    for n in classification():
        assert n.name_en, n.code
        assert n.name_en.isascii(), n.code
        assert unicodedata.normalize("NFC", n.name) == n.name
    for s in product_sets():
        assert s.name_en
        assert s.name_en.isascii()
        assert all(m.startswith("Ministry of") for m in s.ministries_en)


def test_sets_match_reference() -> None:
    sets = product_sets()
    assert [s.number for s in sets] == list(range(1, 27))
    for s in sets:
        code, ministries = REFERENCE[s.number]
        assert s.code == code
        assert s.ministries == ministries
        assert s.sector == code.split(".")[0]
        assert s.group == ".".join(code.split(".")[:2])
        assert s.regime == REGIME_2026
        assert classification_node(code).set_number == s.number


def test_set_names() -> None:
    assert product_set(7).name == "Chế biến từ rau, củ, quả, hạt"
    assert product_set(7).name_en == "Processed fruit, vegetables, tubers and nuts"
    assert product_set(12).name == "Sản phẩm trà từ thực vật khác"
    assert product_set(12).aliases == ("Sản phẩm chè từ thực vật khác",)
    assert product_set("Sản phẩm chè từ thực vật khác").number == 12
    assert product_set("Đồ uống không cồn khác").number == 17
    assert product_set("white spirits").number == 14


@pytest.mark.parametrize(
    "key", [7, "7", " 7 ", "I.3.c", "i.3.c", "I.3.C", "I-3-c", "Chế biến từ rau, củ, quả, hạt",
            "che bien tu rau cu qua hat", "CHẾ BIẾN TỪ RAU, CỦ, QUẢ, HẠT",
            "che-bien-tu-rau-cu-qua-hat", "Processed fruit, vegetables, tubers and nuts"],
)
def test_product_set_keys(key: int | str) -> None:
    assert product_set(key).number == 7


@pytest.mark.property
@settings(deadline=None)
@given(s=st.sampled_from(product_sets()))
def test_product_set_round_trips(s: ProductSet) -> None:
    keys: tuple[int | str, ...] = (
        s.number, str(s.number), s.code, s.code.lower(), s.name, s.slug, fold(s.name),
        s.name.upper(), unicodedata.normalize("NFD", s.name), s.name_en, *s.aliases,
    )
    for key in keys:
        assert product_set(key) == s, key


def test_product_set_errors() -> None:
    for bad in (0, 27, "0", "99", -1):
        with pytest.raises(ValidationError) as err:
            product_set(bad)
        assert err.value.codes == ("unknown-product-set",)
    with pytest.raises(ValidationError) as err:
        product_set(True)
    assert err.value.codes == ("invalid-product-set",)
    with pytest.raises(ValidationError) as err:
        product_set("I.3")
    assert err.value.codes == ("not-a-product-set",)
    assert "I.3.a" in err.value.problems[0].message_en
    assert err.value.problems[0].suggestion == "I.3.a"
    with pytest.raises(ValidationError) as err:
        product_set("Ruou trang va bia")
    assert err.value.codes == ("unknown-product-set",)
    assert err.value.problems[0].suggestion == "Rượu trắng"
    with pytest.raises(ValidationError) as err:
        product_set("IX.1")
    assert err.value.codes == ("unknown-product-set",)
    with pytest.raises(ValidationError) as err:
        classification_node("I.9")
    assert err.value.codes == ("unknown-classification",)


def test_groups_2018() -> None:
    groups = groups_2018()
    assert [g.code for g in groups] == ["1", "2", "3", "4", "5", "6"]
    assert [g.name for g in groups] == [
        "Thực phẩm", "Đồ uống", "Thảo dược", "Vải và may mặc",
        "Lưu niệm - nội thất - trang trí", "Dịch vụ du lịch nông thôn, bán hàng",
    ]
    for g in groups:
        assert g.regime == REGIME_2018
        assert g.level == "sector"
        assert g.name_en
        assert g.description
        assert g.description_en
        assert not g.is_leaf
    data = resources.files("ocopkit.data").joinpath("groups-2018.json")
    raw = json.loads(data.read_text("utf-8"))
    assert any("490/QĐ-TTg" in s for s in raw["source"])
    assert raw["regime"] == REGIME_2018


def test_the_label_of_the_phu_luc_ii_index_names_set_21() -> None:
    # QĐ 26/2026 Phụ lục II opens with an index of the 26 sets; set 21 is listed there as
    # "Bộ sản phẩm: Thủ công mỹ nghệ" (its scorecard: "Thủ công mỹ nghệ gia dụng, trang trí")
    s = product_set("Thủ công mỹ nghệ")
    assert s.number == 21 and s.name == "Thủ công mỹ nghệ gia dụng, trang trí"
    assert "Thủ công mỹ nghệ" in s.aliases
    assert product_set("thu cong my nghe").number == 21
    assert product_set("Cà phê, cacao").number == 13  # the index's spelling of set 13
