"""Tests for ocopkit.places: the 63 → 34 provinces, lookups, lineage and communes."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ocopkit.places as units
from ocopkit.errors import DataError, ValidationError
from ocopkit.places import (
    DISTRICT_ERA_END,
    REORGANISATION_DATE,
    Commune,
    CommuneKind,
    CommuneRegistry,
    Province,
    _provinces,
    changed_codes,
    contains,
    lineage,
    province,
    provinces,
    retired_codes,
    sample_communes,
    successor,
)
from ocopkit.text import fold

OLD_DAY = date(2024, 6, 1)
NEW_DAY = date(2026, 1, 1)
OLD = provinces(on=DISTRICT_ERA_END)
NEW = provinces(on=REORGANISATION_DATE)

# tools/sources/admin-units.md §1.4
REFERENCE_RETIRED = (
    "02, 06, 10, 17, 26, 27, 30, 34, 35, 36, 45, 49, 54, 58, 60, 62, 64, 67, 70, 72, 74, 77, "
    "83, 84, 87, 89, 93, 94, 95"
)
REFERENCE_CHANGED = {"15", "24", "44", "52", "80", "82", "91"}


def _codes(err: pytest.ExceptionInfo[ValidationError]) -> tuple[str, ...]:
    return err.value.codes


# ----------------------------------------------------------------- the data


def test_counts() -> None:
    assert len(provinces()) == 97
    assert len(OLD) == 63
    assert len(NEW) == 34
    assert provinces(on=OLD_DAY) == OLD
    assert provinces(on=NEW_DAY) == NEW
    assert sum(p.kind == "city" for p in NEW) == 6
    assert sum(p.kind == "province" for p in NEW) == 28


def test_periods() -> None:
    for p in OLD:
        assert p.valid_until == DISTRICT_ERA_END
        assert p.valid_from is None
        assert p.id == f"{p.code}@63"
    for p in NEW:
        assert p.valid_from == REORGANISATION_DATE
        assert p.valid_until is None
        assert p.id == f"{p.code}@34"
    assert DISTRICT_ERA_END.toordinal() + 1 == REORGANISATION_DATE.toordinal()


def test_ids_unique_and_names_nfc() -> None:
    ids = [p.id for p in provinces()]
    assert len(ids) == len(set(ids))
    for p in provinces():
        for text in (p.name, *p.aliases):
            assert unicodedata.normalize("NFC", text) == text
        assert p.slug.isascii()
        assert p.name_en is not None
        assert p.name_en.isascii()


def test_retired_codes_match_reference() -> None:
    assert retired_codes() == frozenset(REFERENCE_RETIRED.split(", "))
    assert len(retired_codes()) == 29


def test_changed_codes_match_reference() -> None:
    assert changed_codes() == REFERENCE_CHANGED


def test_every_old_unit_maps_to_exactly_one_new_unit() -> None:
    new_ids = {p.id for p in NEW}
    for p in OLD:
        assert p.successor_id in new_ids
        nxt = successor(p, REORGANISATION_DATE)
        assert nxt.id == p.successor_id
        assert sum(p.id in q.predecessor_ids for q in NEW) == 1


def test_predecessors_are_exactly_the_old_units_naming_the_successor() -> None:
    for q in NEW:
        assert set(q.predecessor_ids) == {p.id for p in OLD if p.successor_id == q.id}
        # the new code is reused from the unit hosting the centre
        assert q.code in {province(pid).code for pid in q.predecessor_ids}
    assert sum(len(q.predecessor_ids) for q in NEW) == 63
    assert sum(len(q.predecessor_ids) == 1 for q in NEW) == 11


@pytest.mark.parametrize(
    ("old", "new", "new_name"),
    [
        ("22", "22@34", "Quảng Ninh"),
        ("01", "01@34", "Thành phố Hà Nội"),
        ("60", "68@34", "Lâm Đồng"),
        ("06", "19@34", "Thái Nguyên"),
        ("49", "48@34", "Thành phố Đà Nẵng"),
        ("15", "15@34", "Lào Cai"),
        ("10", "15@34", "Lào Cai"),
        ("27", "24@34", "Bắc Ninh"),
        ("82", "82@34", "Đồng Tháp"),
    ],
)
def test_known_mappings(old: str, new: str, new_name: str) -> None:
    p = province(old, on=OLD_DAY)
    q = successor(p, NEW_DAY)
    assert (q.id, q.name) == (new, new_name)


def test_code_reuse_is_resolved_by_date() -> None:
    assert province("24", on=DISTRICT_ERA_END).name == "Bắc Giang"
    assert province("24", on=REORGANISATION_DATE).name == "Bắc Ninh"
    assert province("15", on=OLD_DAY).name == "Yên Bái"
    assert province("15", on=NEW_DAY).name == "Lào Cai"


# ----------------------------------------------------------------- lookups


def test_lookup_forms() -> None:
    for query in ("06", "6", "06@63", "Bắc Kạn", "Bac Kan", "bắc kạn", "BẮC KẠN", "bac-kan",
                  "  Bắc   Kạn ", unicodedata.normalize("NFD", "Bắc Kạn"), "Bắc Cạn",
                  "Tỉnh Bắc Kạn"):
        assert province(query).id == "06@63", query


def test_city_short_names_and_aliases() -> None:
    assert province("Hà Nội", on=NEW_DAY).id == "01@34"
    assert province("Thủ đô Hà Nội", on=OLD_DAY).id == "01@63"
    for alias in ("TP HCM", "TP.HCM", "TPHCM", "Tp Hồ Chí Minh", "Hồ Chí Minh"):
        assert province(alias, on=NEW_DAY).id == "79@34", alias
    for spelling in ("Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu", "Bà Rịa-Vũng Tàu",
                     "Ba Ria Vung Tau"):
        assert province(spelling).id == "77@63", spelling
    assert province("Thừa Thiên Huế").id == "46@63"
    assert province("Huế", on=NEW_DAY).id == "46@34"
    assert province("Daklak", on=OLD_DAY).id == "66@63"
    assert province("Khánh Hoà", on=NEW_DAY).name == "Khánh Hòa"


def test_ambiguous_lookup_lists_candidates() -> None:
    with pytest.raises(ValidationError) as err:
        province("Hà Nội")
    assert _codes(err) == ("ambiguous-province",)
    problem = err.value.problems[0]
    assert "01@63" in problem.message_en
    assert "01@34" in problem.message_en
    assert problem.suggestion == "01@34"
    with pytest.raises(ValidationError) as err:
        province("24")
    assert "Bắc Giang" in str(err.value)
    assert "Bắc Ninh" in str(err.value)


def test_unknown_province_suggests() -> None:
    with pytest.raises(ValidationError) as err:
        province("Bac Kann")
    assert _codes(err) == ("unknown-province",)
    assert err.value.problems[0].suggestion == "Bắc Kạn"
    with pytest.raises(ValidationError) as err:
        province("Quang Nin")
    assert err.value.problems[0].suggestion == "Quảng Ninh"
    with pytest.raises(ValidationError) as err:
        province("03")
    assert _codes(err) == ("unknown-province",)
    with pytest.raises(ValidationError) as err:
        province("123")
    assert _codes(err) == ("invalid-province-code",)
    with pytest.raises(ValidationError) as err:
        province("Sài Gòn")
    assert _codes(err) == ("unknown-province",)


def test_not_in_force_suggests_successor() -> None:
    with pytest.raises(ValidationError) as err:
        province("Bắc Kạn", on=NEW_DAY)
    assert _codes(err) == ("province-not-in-force",)
    assert err.value.problems[0].suggestion == "Thái Nguyên"
    with pytest.raises(ValidationError) as err:
        province("19@34", on=OLD_DAY)
    assert _codes(err) == ("province-not-in-force",)


def test_data_consistency_checks() -> None:
    orphan = Province(id="06@63", code="06", name="Bắc Kạn", kind="province",
                      valid_until=DISTRICT_ERA_END, successor_id="19@34")
    twin = Province(id="06@64", code="06", name="Bắc Cạn", kind="province")
    with pytest.raises(DataError) as err:
        _provinces._index((orphan, twin))
    assert set(err.value.codes) == {"broken-lineage", "overlapping-units"}


def test_errors_never_leak_key_errors() -> None:
    for bad in ("", "   ", "@", "99@63", "x" * 200, "06@99", "\u0660\u0666"):
        with pytest.raises(ValidationError):
            province(bad)


def _names(p: Province) -> list[str]:
    return [p.name, p.short_name, *p.aliases]


def _day(p: Province) -> date:
    return OLD_DAY if p.valid_until is not None else NEW_DAY


@pytest.mark.property
@settings(deadline=None, max_examples=300)
@given(p=st.sampled_from(provinces()), data=st.data())
def test_lookup_round_trips(p: Province, data: st.DataObject) -> None:
    on = _day(p)
    name = data.draw(st.sampled_from(_names(p)))
    variants = [
        name,
        name.upper(),
        name.lower(),
        fold(name),
        unicodedata.normalize("NFD", name),
        f"  {name}  ",
        p.slug,
        p.id,
        p.code,
    ]
    for query in variants:
        assert province(query, on=on) == p, query
    assert province(p.id) == p


@pytest.mark.property
@settings(deadline=None)
@given(p=st.sampled_from(provinces()), days=st.integers(min_value=0, max_value=4000))
def test_successor_is_in_force_and_contains(p: Province, days: int) -> None:
    on = date.fromordinal(DISTRICT_ERA_END.toordinal() - 365 + days)
    if p.valid_from is not None and on < p.valid_from:
        with pytest.raises(ValidationError) as err:
            successor(p, on)
        assert _codes(err) == ("province-not-yet-in-force",)
        return
    q = successor(p, on)
    assert q.in_force(on)
    assert contains(q, p)
    assert q == p or q.id in lineage(p)


# ----------------------------------------------------------------- lineage


def test_lineage_and_contains() -> None:
    bac_kan = province("Bắc Kạn")
    old_tn = province("Thái Nguyên", on=OLD_DAY)
    new_tn = province("Thái Nguyên", on=NEW_DAY)
    assert lineage(new_tn) == {"06@63", "19@63"}
    assert lineage(bac_kan) == {"19@34"}
    assert new_tn.id not in lineage(new_tn)
    assert bac_kan.id not in lineage(old_tn)  # siblings are not lineage
    assert contains(new_tn, bac_kan)
    assert contains(new_tn, old_tn)
    assert contains(bac_kan, bac_kan)
    assert not contains(bac_kan, new_tn)  # a new unit is not within an old one
    assert not contains(old_tn, bac_kan)
    assert successor(new_tn, NEW_DAY) is new_tn
    with pytest.raises(ValidationError) as err:
        successor(new_tn, OLD_DAY)
    assert _codes(err) == ("province-not-yet-in-force",)


def test_province_validation_collects_all_problems() -> None:
    with pytest.raises(ValidationError) as err:
        Province(id="x", code="6", name="", kind="town",  # type: ignore[arg-type]
                 valid_from=NEW_DAY, valid_until=OLD_DAY)
    assert set(_codes(err)) == {"invalid-province-code", "empty-name", "invalid-kind",
                                "invalid-period"}


def test_data_file_has_citations() -> None:
    raw = json.loads(resources.files("ocopkit.data").joinpath("provinces.json").read_text("utf-8"))
    assert any("202/2025/QH15" in s for s in raw["source"])
    assert any("915/CTK-CSCL" in s for s in raw["source"])
    assert raw["note"]


def test_import_is_cheap() -> None:
    code = (
        "import ocopkit.places as u, sys; "
        "import ocopkit.places._provinces as p; "
        "assert p.province_table.cache_info().currsize == 0; "
        "u.provinces(); assert p.province_table.cache_info().currsize == 1"
    )
    src = Path(units.__file__).resolve().parent.parent
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(src)})


# ----------------------------------------------------------------- communes


def test_commune_kind_parse() -> None:
    assert CommuneKind.parse("đặc khu") is CommuneKind.SPECIAL_ZONE
    assert CommuneKind.parse("dac khu") is CommuneKind.SPECIAL_ZONE
    assert CommuneKind.parse("Thi tran") is CommuneKind.TOWNSHIP
    assert CommuneKind.parse("ward") is CommuneKind.WARD
    with pytest.raises(ValidationError) as err:
        CommuneKind.parse("phuongg")
    assert err.value.problems[0].suggestion == "phường"


def test_sample_registry() -> None:
    reg = sample_communes()
    raw = json.loads(
        resources.files("ocopkit.data").joinpath("communes-sample.json").read_text("utf-8")
    )
    assert raw["source"]
    assert "ILLUSTRATIVE" in raw["note"]
    assert len(reg) == len(raw["communes"])
    for c in reg:
        # only the Hà Nội entries are real; the others use the reserved 99xxx range
        assert c.province_id.startswith("01@") or c.code.startswith("99")
        assert unicodedata.normalize("NFC", c.name) == c.name
    # the five OCOP provinces of interest are all represented
    ids = {c.province_id for c in reg}
    assert {"22@63", "22@34", "01@63", "01@34", "60@63", "68@34", "06@63", "19@34",
            "49@63", "48@34"} <= ids


def test_registry_get_and_code_reuse() -> None:
    reg = sample_communes()
    assert reg.get("00004", on=OLD_DAY).name == "Phường Trúc Bạch"
    assert reg.get("4", on=NEW_DAY).name == "Phường Ba Đình"
    assert reg.get("00016").name == "Phường Ngọc Hà"
    with pytest.raises(ValidationError) as err:
        reg.get("00004")
    assert _codes(err) == ("ambiguous-commune",)
    with pytest.raises(ValidationError) as err:
        reg.get("00005")
    assert _codes(err) == ("unknown-commune",)
    with pytest.raises(ValidationError) as err:
        reg.get("0000x")
    assert _codes(err) == ("invalid-commune-code",)
    with pytest.raises(ValidationError) as err:
        reg.get("00016", on=NEW_DAY)
    assert _codes(err) == ("commune-not-in-force",)


def test_registry_find() -> None:
    reg = sample_communes()
    assert reg.find("ngoc ha", on=OLD_DAY).code == "00016"
    assert reg.find("Phường Ngọc Hà", on=NEW_DAY).code == "00008"
    assert reg.find(unicodedata.normalize("NFD", "Trúc Bạch")).code == "00004"
    assert reg.find("Hoàn Kiếm", province="Hà Nội", on=NEW_DAY).code == "00070"
    # an old ward lies within the new city
    assert reg.find("Trúc Bạch", province=province("01", on=NEW_DAY)).code == "00004"
    with pytest.raises(ValidationError) as err:
        reg.find("Ngọc Hà")
    assert _codes(err) == ("ambiguous-commune",)
    with pytest.raises(ValidationError) as err:
        reg.find("Truc Bach", province="Quảng Ninh", on=OLD_DAY)
    assert _codes(err) == ("unknown-commune",)
    with pytest.raises(ValidationError) as err:
        reg.find("Truc Bac")
    assert err.value.problems[0].suggestion == "Phường Trúc Bạch"


def test_registry_province_of() -> None:
    reg = sample_communes()
    old = reg.get("99001", on=OLD_DAY)
    assert reg.province_of(old).id == "06@63"
    assert reg.province_of(old, on=NEW_DAY).id == "19@34"
    assert reg.province_of("99101", on=NEW_DAY).name == "Lâm Đồng"
    assert reg.get("99101", on=NEW_DAY).kind is CommuneKind.SPECIAL_ZONE


def test_registry_reports_every_duplicate() -> None:
    base = Commune("00004", "Phường A", "01@63", "phường", valid_until=DISTRICT_ERA_END)
    dup1 = Commune("00004", "Phường B", "01@63", "phường")
    dup2 = Commune("00008", "Phường C", "01@34", "phường", valid_from=REORGANISATION_DATE)
    dup3 = Commune("00008", "Phường D", "01@34", "phường", valid_from=NEW_DAY)
    ok = Commune("00004", "Phường E", "01@34", "phường", valid_from=REORGANISATION_DATE)
    with pytest.raises(ValidationError) as err:
        CommuneRegistry([base, dup1, dup2, dup3])
    assert _codes(err) == ("duplicate-commune", "duplicate-commune")
    assert [p.path for p in err.value.problems] == ["$.communes[1]", "$.communes[3]"]
    assert len(CommuneRegistry([base, ok])) == 2


def test_commune_validation() -> None:
    with pytest.raises(ValidationError) as err:
        Commune("123", "", "01@99", "hamlet")
    assert _codes(err) == ("unknown-commune-kind",)
    with pytest.raises(ValidationError) as err:
        Commune("123", "", "01@99", "xã", predecessor_codes=("1",))
    assert set(_codes(err)) == {"invalid-commune-code", "empty-name", "unknown-province"}
    with pytest.raises(ValidationError) as err:
        Commune("12345", "Xã A", "19@34", "xã", valid_until=OLD_DAY)
    assert _codes(err) == ("province-period-mismatch",)


# ----------------------------------------------------------------- the national registry

NATIONAL = units.national_communes()
# Counts of commune-level units per new province, Cục Thống kê 1027/CTK-CSCL
# (tools/sources/admin-units.md §1.2), for the five seed provinces' successors.
REFERENCE_NEW_COUNTS = {"01@34": 126, "68@34": 124, "48@34": 94, "19@34": 92, "22@34": 54}


def test_national_counts_agree_with_the_official_lists() -> None:
    old = [c for c in NATIONAL if c.valid_until == DISTRICT_ERA_END]
    new = [c for c in NATIONAL if c.valid_from == REORGANISATION_DATE]
    assert len(old) == 10_035  # admin-units.md §1.2: 10,035 before the reorganisation
    assert len(new) == 3_321
    kinds = {k: sum(c.kind is k for c in new) for k in CommuneKind}
    assert (kinds[CommuneKind.COMMUNE], kinds[CommuneKind.WARD],
            kinds[CommuneKind.SPECIAL_ZONE], kinds[CommuneKind.TOWNSHIP]) == (2621, 687, 13, 0)
    for pid, n in REFERENCE_NEW_COUNTS.items():
        assert sum(c.province_id == pid for c in new) == n, pid
    assert {c.province_id for c in old} == {p.id for p in OLD}
    assert {c.province_id for c in new} == {p.id for p in NEW}
    assert NATIONAL.source == units.national_source()


def test_national_lineage_is_complete_and_consistent() -> None:
    absorbed: set[str] = set()
    for c in NATIONAL:
        if c.valid_from != REORGANISATION_DATE:
            assert c.district_code is not None
            assert NATIONAL.district_of(c) is not None
            assert NATIONAL.successors(c), c  # every old commune went somewhere
            continue
        olds = NATIONAL.predecessors(c)
        assert [o.code for o in olds] == list(c.predecessor_codes)
        assert set(c.partial_codes) <= set(c.predecessor_codes)
        absorbed.update(c.predecessor_codes)
        for o in olds:  # a new commune only absorbs communes of its own lineage
            assert contains(province(c.province_id), province(o.province_id)), (c, o)
        assert olds or c.absorbed_districts  # the five island districts had no communes
    split = {o for c in NATIONAL for o in c.partial_codes}
    assert len(split) == 471
    for code in split:  # a split commune has several successors
        old = NATIONAL.get(code, on=OLD_DAY)
        assert len(NATIONAL.successors(old)) >= 2


def test_national_reference_facts() -> None:
    # admin-units.md §1.5: codes that changed meaning
    for code, before, after in (("00004", "Phường Trúc Bạch", "Phường Ba Đình"),
                                ("00008", "Phường Liễu Giai", "Phường Ngọc Hà"),
                                ("00070", "Phường Hàng Trống", "Phường Hoàn Kiếm")):
        assert NATIONAL.get(code, on=OLD_DAY).name == before
        assert NATIONAL.get(code, on=NEW_DAY).name == after
    truc_bach = NATIONAL.get("00004", on=OLD_DAY)
    assert "00004" in [c.code for c in NATIONAL.successors(truc_bach)]
    assert NATIONAL.district("Na Rì").province_id == "06@63"
    assert {c.kind for c in NATIONAL if c.name.startswith("Đặc khu Vân Đồn")} == {
        CommuneKind.SPECIAL_ZONE}


def test_trusted_national_rows_equal_validated_ones() -> None:
    for c in list(NATIONAL)[::97]:
        fields = {f.name: getattr(c, f.name) for f in __import__("attrs").fields(Commune)}
        assert Commune(**fields) == c


_PREFIXES = st.sampled_from(["", "xã ", "Xã ", "X. ", "x.", "XÃ ", "xa "])


@given(prefix=_PREFIXES, fold_it=st.booleans(), upper=st.booleans(),
       nfd=st.booleans())
@settings(max_examples=30)
def test_find_is_accent_case_and_prefix_insensitive(prefix: str, fold_it: bool, upper: bool,
                                                    nfd: bool) -> None:
    text = "Côn Minh"
    if fold_it:
        text = fold(text).title()
    if upper:
        text = text.upper()
    query = prefix + text
    if nfd:
        query = unicodedata.normalize("NFD", query)
    found = NATIONAL.find(query, province="Bắc Kạn", district="Na Rì")
    assert (found.code, found.name) == ("02173", "Xã Côn Minh")


def test_find_needs_the_district_for_a_shared_old_name() -> None:
    with pytest.raises(ValidationError) as err:
        NATIONAL.find("Tân Phú", on=OLD_DAY)
    assert _codes(err) == ("ambiguous-commune",)
    message = err.value.problems[0].message_en
    assert "give the district and the province" in message
    assert message.count("Tân Phú (until 2025-06-30)") >= 10  # the candidates, listed
    # with the district and the province it resolves
    d = NATIONAL.district("Tân Kỳ", province="Nghệ An")
    assert NATIONAL.find("Tân Phú", district=d, on=OLD_DAY).code == "17272"
    assert NATIONAL.find("Tân Phú", district="Tân Kỳ", province="Nghệ An").code == "17272"
    # the prefix decides between a ward and a commune of one name
    assert NATIONAL.find("Phường Hội An", on=NEW_DAY).province_id == "48@34"
    assert NATIONAL.resolve("20410", on=NEW_DAY).name == "Phường Hội An"
    with pytest.raises(ValidationError) as err:
        NATIONAL.district("Châu Thành")
    assert _codes(err) == ("ambiguous-district",)


def test_import_does_not_load_the_national_registry() -> None:
    code = ("import ocopkit, ocopkit.places, ocopkit.io, ocopkit.targets\n"
            "from ocopkit.places import _national\n"
            "assert _national._raw.cache_info().currsize == 0\n"
            "assert _national.national_communes.cache_info().currsize == 0\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_generated_registry_is_up_to_date() -> None:
    pytest.importorskip("sqlite3")
    import importlib.util

    if importlib.util.find_spec("vietnamadminunits") is None:
        pytest.skip("vietnamadminunits is not installed (pip install --no-deps "
                    "vietnamadminunits==1.0.4)")
    tool = Path(__file__).parent.parent / "tools" / "make_communes.py"
    subprocess.run([sys.executable, str(tool), "--check"], check=True)
