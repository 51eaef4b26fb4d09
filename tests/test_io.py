"""Importing registries: encodings, Vietnamese headers and notations, located problems, fuzz."""

from __future__ import annotations

import json
import unicodedata
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocopkit.places as units
from ocopkit.certification import (
    Certificate,
    Coverage,
    PartialDate,
    Portfolio,
    RevocationGround,
    resolve_issuer,
)
from ocopkit.errors import OcopError, Problem, ValidationError
from ocopkit.io import (
    DEFAULT_COLUMNS,
    ImportResult,
    from_json,
    import_registry,
    parse_date,
    parse_share,
    parse_stars,
    read_certificates,
    read_products,
    read_registry,
    read_subjects,
    to_json,
    write_csv,
)
from ocopkit.places import national_communes, sample_communes
from ocopkit.products import (
    LegalRepresentative,
    Product,
    Subject,
    SubjectKind,
    classification,
    groups_2018,
)
from ocopkit.rulesets import DISTRICT, MINISTRY_MAE, PROVINCE

SUBJECTS = (
    "Mã chủ thể;Tên chủ thể;Loại hình;Tỉnh;Người đại diện;Đại diện là nữ;Tỷ lệ vốn cộng đồng\n"
    "s1;HTX Trà Hoa Vàng;HTX;Quảng Ninh;Nguyễn Thị Mẫu;x;\n"
    "s2;Công ty CP Miến;CTCP;Thái Nguyên;;;51%\n"
)
PRODUCTS = (
    "STT;Tên sản phẩm;Chủ thể;Mã sản phẩm;Bộ sản phẩm;Tỉnh;Hạng sao;Số quyết định;Ngày cấp\n"
    "1;Trà hoa vàng;HTX Trà Hoa Vàng;22-06733-3-2026;12;Quảng Ninh;4 sao;2/QĐ-UBND;01/08/2026\n"
    "2;Miến dong;Công ty CP Miến;06-99001-1-2024;6;Bắc Kạn;★★★;15/QĐ-UBND;15/03/2024\n"
    "3;Mứt gừng;HTX Trà Hoa Vàng;22-06733-4-2026;I.3.c;Quảng Ninh;3*;2/QĐ-UBND;2026-08-01\n"
)


def registry(tmp_path: Path, *, bom: bool = True, nfd: bool = True) -> Path:
    def enc(text: str) -> bytes:
        if nfd:
            text = unicodedata.normalize("NFD", text)
        return (("\ufeff" if bom else "") + text).encode("utf-8")

    (tmp_path / "subjects.csv").write_bytes(enc(SUBJECTS))
    (tmp_path / "products.csv").write_bytes(enc(PRODUCTS))
    return tmp_path


def paths(result: ImportResult[Any] | tuple[Problem, ...], *,
          notes: bool = False) -> list[tuple[str, str]]:
    """(path, code) of the problems; notes (how a value was read) only when asked."""
    problems = result.problems if isinstance(result, ImportResult) else result
    return [(p.path, p.code) for p in problems if notes or p.blocking]


def blocking(problems: tuple[Problem, ...]) -> list[Problem]:
    return [p for p in problems if p.blocking]


def assert_accounted(result: ImportResult[Any]) -> None:
    """Nothing dropped silently: every row is a record or a rejected row with a problem."""
    assert result.rows == len(result.records) + len(result.rejected)
    assert len(result.lines) == len(result.records)
    for line in result.rejected:
        assert any(p.path.split(":")[1:2] == [str(line)] for p in result.problems) or any(
            p.path.endswith(":1") or ":1:" in p.path for p in result.problems), line


# --------------------------------------------------------------------------- notations


@pytest.mark.parametrize(("text", "stars"), [
    ("3", 3), ("3 sao", 3), ("4 SAO", 4), ("★★★", 3), ("★★★★★", 5), ("3*", 3), ("***", 3),
    ("4★", 4), ("3.0", 3), (" 5 ", 5), ("3 stars", 3),
])
def test_star_notations(text: str, stars: int) -> None:
    assert parse_stars(text) == stars


@pytest.mark.parametrize("text", ["0", "6", "3,5", "ba sao", "★★★★★★", "", "3 sao vàng"])
def test_bad_stars(text: str) -> None:
    with pytest.raises(ValueError, match="invalid stars"):
        parse_stars(text)


@pytest.mark.parametrize(("text", "day"), [
    ("05/06/2026", date(2026, 6, 5)), ("5/6/2026", date(2026, 6, 5)),
    ("05-06-2026", date(2026, 6, 5)), ("05.06.2026", date(2026, 6, 5)),
    ("2026-06-05", date(2026, 6, 5)), ("29/02/2024", date(2024, 2, 29)),
])
def test_date_notations(text: str, day: date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["31/02/2026", "2026/06/05", "5 tháng 6", "06-2026", "13/13/2026"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


def test_shares_are_exact() -> None:
    assert parse_share("51%") == Fraction(51, 100)
    assert parse_share("0,51") == parse_share("0.51") == parse_share("51/100")
    assert parse_share("33.3 %") == Fraction(333, 1000)


# --------------------------------------------------------------------------- happy paths


def test_combined_vietnamese_registry_with_bom_nfd_and_semicolons(tmp_path: Path) -> None:
    folder = registry(tmp_path)
    result = read_products(folder / "products.csv")
    assert result.ok
    assert [p.name for p in result.records] == ["Trà hoa vàng", "Miến dong", "Mứt gừng"]
    assert all(unicodedata.is_normalized("NFC", p.name) for p in result.records)
    assert [p.province_id for p in result.records] == ["22@34", "06@63", "22@34"]
    assert [p.product_set for p in result.records] == [12, 6, 7]
    assert result.lines == (2, 3, 4)
    certs = result.certificates
    assert [c.stars for c in certs] == [4, 3, 3]
    assert certs[0].number == "2/QĐ-UBND/22-06733-3-2026"
    assert certs[0].valid_until == date(2029, 8, 1)
    assert certs[1].ruleset_id == "vn-qd-148-2023"
    assert certs[1].authority == DISTRICT  # 148/2023: the district recognised 3★
    assert certs[0].authority == PROVINCE
    assert result.columns["name"] == "Tên sản phẩm"


def test_read_registry_resolves_names_and_codes(tmp_path: Path) -> None:
    folder = registry(tmp_path)
    (folder / "certificates.csv").write_text(
        "Số giấy chứng nhận,Mã sản phẩm,Hạng sao,Số quyết định,Ngày cấp,Cơ quan cấp\n"
        "GCN-5,22 - 06733 - 4 - 2026,5,99/QĐ-BNNMT,01/09/2029,trung ương\n", encoding="utf-8")
    pf, problems = read_registry(directory=folder)
    # a subject of "Thái Nguyên" (a name of both periods) has no date: kept, flagged
    assert paths(problems) == [("subjects.csv:3:Tỉnh", "ambiguous-province")]
    # how ambiguous names were read is said, never silent
    assert ("subjects.csv:2:Tỉnh", "province-continued") in paths(problems, notes=True)
    assert [p.subject_id for p in pf.products] == ["s1", "s2", "s1"]
    assert pf.subject("s1").legal_representative == LegalRepresentative(
        "Nguyễn Thị Mẫu", is_female=True)
    assert pf.subject("s2").community_capital_share == Fraction(51, 100)
    assert pf.subject("s2").kind is SubjectKind.JOINT_STOCK_COMPANY
    five = pf.certificate("GCN-5")
    assert five.product_id == "22-06733-4-2026"
    assert five.authority == MINISTRY_MAE
    assert len(pf.in_force(date(2026, 12, 1), province="Quảng Ninh")) == 2


def test_columns_option_maps_foreign_headers() -> None:
    data = ("Product,Title,Group,Owner,Area,Remarks\n"
            "p1,Trà,12,s1,22@34,ghi chú\n").encode()
    result = read_products(data, name="x.csv", columns={
        "Product": "id", "Title": "name", "Group": "product_set", "Owner": "subject_id",
        "Area": "province", "Remarks": None})
    assert result.ok, result.problems
    assert result.records == (Product("p1", "Trà", 12, "s1", "22@34"),)


def test_json_rows_with_vietnamese_keys_and_lines() -> None:
    text = json.dumps({"subjects": [
        {"Mã chủ thể": "s1", "Tên chủ thể": "HTX A", "Loại hình": "hợp tác xã",
         "Tỉnh": "01@34", "Liên kết chuỗi": True},
        {"Mã chủ thể": "s2", "Tên chủ thể": "Hộ B", "Loại hình": "hộ gia đình",
         "Tỉnh": "Hà Nội", "Liên kết chuỗi": "không"},
        {"Mã chủ thể": "s3", "Tên chủ thể": "X", "Loại hình": "HTXX", "Tỉnh": "01@34"},
    ]}, ensure_ascii=False, indent=1)
    result = read_subjects(text.encode(), name="subjects.json")
    # a legal form outside Điều 2.3 is kept as written, flagged
    assert [s.id for s in result.records] == ["s1", "s2", "s3"]
    assert (result.records[2].kind, result.records[2].legal_form) == (None, "HTXX")
    assert result.records[0].in_value_chain is True
    assert result.records[1].in_value_chain is False
    assert result.records[1].province_id == "01@34"
    (problem,) = [p for p in result.problems if p.blocking]
    assert (problem.code, problem.severity) == ("legal-form-outside-2-3", "warning")
    assert problem.path.startswith("subjects.json:")
    assert problem.path.endswith(":Loại hình")
    line = int(problem.path.split(":")[1])
    assert '"s3"' in text.splitlines()[line]  # the line after the object's "{"
    assert_accounted(result)


# --------------------------------------------------------------------------- problems


BAD_PRODUCTS = (
    "Mã sản phẩm,Tên sản phẩm,Bộ sản phẩm,Mã chủ thể,Tỉnh,Hạng sao,Số quyết định,Ngày cấp\n"
    "22-06733-3-2026,Trà,12,s1,Quảng Ninh,4,1/QĐ,01/08/2026\n"       # 2 ok
    "22-06733-4-2026,Trà 2,99,s1,Quảng Ninh,4,1/QĐ,01/08/2026\n"     # 3 bad set
    "22-06733-5-2026,Trà 3,12,s1,Quảng Ninhh,7 sao,1/QĐ,31/02/2026\n"  # 4 three problems
    ",,12,s1,Quảng Ninh,4,1/QĐ,01/08/2026\n"                         # 5 no name, no id
    "22-06733-6-2026,Trà 4,12,s1,Quảng Ninh,2,1/QĐ,01/08/2026\n"     # 6 2★ not certified
)


def test_every_bad_row_is_reported_with_file_line_column() -> None:
    result = read_products(BAD_PRODUCTS.encode(), name="products.csv")
    assert [p.id for p in result.records] == ["22-06733-3-2026"]
    assert result.rejected == (3, 4, 5, 6)
    found = paths(result)
    assert ("products.csv:3:Bộ sản phẩm", "unknown-product-set") in found
    assert ("products.csv:4:Tỉnh", "unknown-province") in found
    assert ("products.csv:4:Hạng sao", "invalid-stars") in found
    assert ("products.csv:4:Ngày cấp", "invalid-date") in found
    assert ("products.csv:5:Tên sản phẩm", "missing-value") in found
    assert ("products.csv:5:Mã sản phẩm", "missing-value") in found
    assert ("products.csv:6:Hạng sao", "stars-not-certifiable") in found
    by_path = {p.path: p for p in result.problems}
    assert by_path["products.csv:4:Tỉnh"].suggestion == "Quảng Ninh"
    assert_accounted(result)


def test_strict_refuses_the_whole_file_with_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        read_products(BAD_PRODUCTS.encode(), name="products.csv", strict=True)
    assert len(info.value.problems) == len(read_products(BAD_PRODUCTS.encode()).problems)
    assert "products.csv:3:Bộ sản phẩm" in str(info.value)


def test_unknown_and_missing_columns() -> None:
    result = read_products("Tên sản phẩm,Bộ sản phẩm,Tỉnh thành,tinh,Mã chủ thể\n"
                           "Trà,12,x,22@34,s1\n".encode(), name="p.csv")
    found = paths(result)
    assert ("p.csv:1:Tỉnh thành", "unknown-column") in found  # "tinh" = "Tỉnh" (folded)
    assert ("p.csv:1", "missing-column") in found  # no id or code
    assert result.records == ()
    assert result.rejected == (2,)
    assert {p.path: p for p in result.problems}["p.csv:1:Tỉnh thành"].suggestion


def test_invalid_utf8_is_located() -> None:
    data = "Tên sản phẩm\nTrà\n".encode() + b"M\xe1\xbb\n"
    result = read_products(data, name="p.csv")
    assert paths(result) == [("p.csv:3", "invalid-encoding")]
    with pytest.raises(ValidationError):
        read_products(data, name="p.csv", strict=True)


def test_multiline_cells_keep_line_numbers() -> None:
    data = ('Mã chủ thể,Tên chủ thể,Loại hình,Tỉnh\n'
            's1,"HTX\nnhiều dòng",HTX,01@34\n'
            's2,Hộ B,khong-ro,01@34\n').encode()
    result = read_subjects(data, name="s.csv")
    assert [s.id for s in result.records] == ["s1", "s2"]
    assert paths(result) == [("s.csv:4:Loại hình", "legal-form-outside-2-3")]


def test_registry_problems_are_located_in_files(tmp_path: Path) -> None:
    folder = registry(tmp_path, bom=False, nfd=False)
    (folder / "products.csv").write_text(
        PRODUCTS + "4;Trà khác;HTX Không Có;22-06733-9-2026;12;Quảng Ninh;4;3/QĐ;01/08/2026\n",
        encoding="utf-8")
    (folder / "certificates.csv").write_text(
        "number,product,stars,decision_number,issued_on\n"
        "GCN-9,22-06733-3-2026,4,9/QĐ,2027-01-01\n"
        "GCN-10,p-404,3,10/QĐ,2027-01-01\n", encoding="utf-8")
    pf, problems = read_registry(directory=folder)
    found = paths(problems)
    assert ("products.csv:5:Chủ thể", "unknown-subject") in found
    # GCN-9 (2027) renews the certificate of products.csv:2 (2026), which it supersedes
    assert ("products.csv:2", "renewal-supersedes") in paths(problems, notes=True)
    assert pf.certificate_in_force("22-06733-3-2026", date(2027, 1, 1)).number == "GCN-9"
    assert ("certificates.csv:3:product", "unknown-product") in found
    with pytest.raises(ValidationError):
        read_registry(directory=folder, strict=True)
    assert len(pf.products) == 4


def test_missing_directory_and_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        read_registry(directory=tmp_path)
    assert info.value.codes == ("empty-registry",)
    with pytest.raises(ValidationError) as info:
        read_registry(directory=tmp_path / "nope")
    assert info.value.codes == ("not-a-directory",)
    with pytest.raises(ValidationError) as info:
        read_products(tmp_path / "nope.csv")
    assert info.value.codes == ("unreadable-file",)


def test_certificate_columns_and_revocations() -> None:
    data = ("Số GCN,Mã sản phẩm,Hạng sao,Số quyết định,Ngày quyết định,Ngày cấp,Ngày thu hồi,"
            "Căn cứ thu hồi,Bộ tiêu chí\n"
            "A,p1,4,1/QĐ,01/07/2026,02/07/2026,01/01/2027,đ,vn-qd-26-2026\n"
            "B,p2,4,1/QĐ,01/07/2026,02/07/2026,01/01/2027,,\n").encode()
    result = read_certificates(data, name="c.csv")
    (cert,) = result.records
    assert cert.revocation_ground is RevocationGround.PRODUCTION_STOPPED
    assert cert.decision_date == date(2026, 7, 1)
    assert paths(result) == [("c.csv:3:Ngày thu hồi", "revocation-incomplete")]


def test_progress_is_reported() -> None:
    rows = "".join(f"s{i},Hộ {i},household,01@34\n" for i in range(1200))
    seen: list[int] = []
    result = read_subjects(("id,name,kind,province\n" + rows).encode(), progress=seen.append)
    assert len(result.records) == 1200
    assert seen == [500, 1000, 1200]


# --------------------------------------------------------------------------- export round trip


def _portfolio() -> Portfolio:
    subjects = [Subject("s1", "HTX Mẫu", "cooperative", "06@63", legal_representative=(
        LegalRepresentative("Hoàng Thị Mẫu", is_female=True, is_ethnic_minority=True))),
        Subject("s2", "Công ty CP Trà", "joint-stock-company", "22@34",
                community_capital_share=Fraction(51, 100), in_value_chain=True)]
    products = [Product("p1", "Miến dong Mẫu", 6, "s1", "06@63", code="06-99001-1-2024",
                        commune_code="99001", name_en="Arrowroot noodles"),
                Product("p2", "Trà hoa vàng", 12, "s2", "22@34", code="22-06733-3-2026")]
    old = Certificate.issue(number="GCN-1", product_id="p1", stars=3,
                            decision_number="1/QĐ-UBND", decision_date=date(2025, 8, 1),
                            authority=PROVINCE, ruleset_id="vn-qd-148-1489-2025")
    new = Certificate.issue(number="GCN-3", product_id="p1", stars=4, decision_number="3/QĐ",
                            decision_date=date(2026, 9, 1), authority=PROVINCE,
                            ruleset_id="vn-qd-26-2026", evaluated_on=date(2026, 8, 20))
    tea = Certificate.issue(number="GCN-2", product_id="p2", stars=5,
                            decision_number="2/QĐ-BNNMT", decision_date=date(2026, 8, 1),
                            authority=MINISTRY_MAE, ruleset_id="vn-qd-26-2026")
    return Portfolio.build(products, subjects, [old.upgrade(new), new,
                                                tea.revoke(date(2027, 1, 5), "d", "nhãn")])


@pytest.mark.parametrize(("headers", "bom"), [("en", False), ("vi", True)])
def test_write_csv_reads_back_equal(tmp_path: Path, headers: str, bom: bool) -> None:
    pf = _portfolio()
    written = write_csv(pf, tmp_path, headers=headers, bom=bom)  # type: ignore[arg-type]
    assert [p.name for p in written] == ["products.csv", "subjects.csv", "certificates.csv",
                                         "registry.json"]
    back, problems = read_registry(directory=tmp_path)
    assert blocking(problems) == []
    assert back == pf
    first = (tmp_path / "certificates.csv").read_text("utf-8-sig").splitlines()[0]
    assert first.startswith("Số giấy chứng nhận" if headers == "vi" else "number")
    assert set(DEFAULT_COLUMNS) == {"products", "subjects", "certificates"}


# --------------------------------------------------------------------------- fuzz


CELLS = st.sampled_from(["", "p1", "s1", "Trà", "12", "99", "I.3.c", "22@34", "Quảng Ninh",
                         "3 sao", "★★★★", "x", "01/08/2026", "2026-13-01", "HTX", '"', ";",
                         "22-06733-3-2026", "\x00", "é\u0301", "\ufeff", "\r", "{", "]"])
HEADERS = st.sampled_from(["Mã sản phẩm", "Tên sản phẩm", "Bộ sản phẩm", "Mã chủ thể", "Tỉnh",
                           "Hạng sao", "Ngày cấp", "Số quyết định", "id", "name", "kind",
                           "number", "product", "stars", "Loại hình", "???", ""])


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    headers = draw(st.lists(HEADERS, min_size=0, max_size=7))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    rows = draw(st.lists(st.lists(CELLS, max_size=8), max_size=6))
    text = "\n".join(sep.join(r) for r in [headers, *rows])
    data = text.encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    if draw(st.booleans()) and data:
        i = draw(st.integers(0, len(data) - 1))
        data = data[:i] + draw(st.binary(min_size=1, max_size=3)) + data[i + 1:]
    return data


JSON_BYTES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | CELLS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(HEADERS, inner, max_size=6),
    max_leaves=25,
).map(lambda v: json.dumps(v, ensure_ascii=False).encode())


@pytest.mark.property
@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(csv_bytes(), JSON_BYTES, st.binary(max_size=300)),
       st.sampled_from(["products", "subjects", "certificates"]),
       st.sampled_from(["x.csv", "x.json", "x"]))
def test_importers_only_raise_ocopkit_errors_and_drop_nothing(data: bytes, kind: str,
                                                              name: str) -> None:
    reader = {"products": read_products, "subjects": read_subjects,
              "certificates": read_certificates}[kind]
    result = reader(data, name=name)  # type: ignore[operator]
    assert_accounted(result)
    assert all(p.path.startswith(name) for p in result.problems)
    if result.ok:
        reader(data, name=name, strict=True)  # type: ignore[operator]
    else:
        with pytest.raises(ValidationError) as info:
            reader(data, name=name, strict=True)  # type: ignore[operator]
        assert info.value.problems == result.problems
    for record in result.records:
        assert isinstance(record, Product | Subject | Certificate)


@pytest.mark.property
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(csv_bytes(), csv_bytes(), csv_bytes())
def test_read_registry_never_raises_other_errors(products: bytes, subjects: bytes,
                                                 certificates: bytes) -> None:
    try:
        pf, problems = read_registry(products, subjects, certificates)
    except OcopError:
        return
    assert isinstance(pf, Portfolio)
    assert all(p.code for p in problems)


# --------------------------------------------------------------------------- round trip


_NODES = [n for n in classification() if not n.is_leaf] + list(groups_2018())
_PROVINCES = ["06@63", "19@34", "22@63", "22@34", "01@34", "49@63", "48@34"]
_ISSUERS = ["UBND tỉnh Bắc Kạn", "UBND huyện Na Rì", "Sở Công Thương", "UBND tỉnh Thái Nguyên",
            "Bộ NN&PTNT", "trung ương"]
_NAMES = st.sampled_from(["Trà hoa vàng", "Miến dong", "Mứt gừng, \"đặc biệt\"", "Gạo; nếp",
                          "Rượu\nngô", "Chè Shan tuyết"])


@st.composite
def _issue_date(draw: st.DrawFn) -> date | PartialDate:
    day = draw(st.dates(min_value=date(2019, 9, 1), max_value=date(2027, 12, 31)))
    kind = draw(st.sampled_from(["day", "month", "year", "before", "after", "between"]))
    if kind == "day":
        return day
    if kind == "month":
        return PartialDate.month(day.year, day.month)
    if kind == "year":
        return PartialDate.year(day.year)
    if kind == "before":
        return PartialDate.before(day)
    if kind == "after":
        return PartialDate.after(day)
    return PartialDate.between(day, day + timedelta(days=draw(st.integers(1, 90))))


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    """Portfolios with every kind of incomplete record the readers keep."""
    from ocopkit.certification import DEFAULT_POLICY
    from ocopkit.rulesets import all_rulesets

    subjects = []
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from([*SubjectKind, None]))
        share = (draw(st.sampled_from([None, Fraction(51, 100), Fraction(1, 3)]))
                 if kind is SubjectKind.JOINT_STOCK_COMPANY else None)
        subjects.append(Subject(
            f"s{i}", draw(_NAMES), kind, draw(st.sampled_from(_PROVINCES)),
            community_capital_share=share,
            in_value_chain=draw(st.sampled_from([None, True, False])),
            legal_form=draw(st.sampled_from([None, "Chi nhánh công ty TNHH", "cơ sở sản xuất"]))
            if kind is None else None))
    products, certs = [], []
    for i in range(draw(st.integers(1, 4))):
        pid = f"p{i}"
        number = draw(st.sampled_from([None, 3, 7, 12, 26]))
        node = draw(st.sampled_from([None, *_NODES])) if number is None else None
        province_id = draw(st.sampled_from(_PROVINCES))
        products.append(Product(pid, draw(_NAMES), number, f"s{draw(st.integers(0, 2)) % len(subjects)}",
                                province_id, classification=node,
                                commune_code=draw(st.sampled_from([None, "99001", "02173"]))))
        day = date(2019, 9, 1)
        for k in range(draw(st.integers(0, 2))):
            issued = draw(_issue_date())
            exact = issued if isinstance(issued, date) else None
            partial = issued if isinstance(issued, PartialDate) else None
            text = draw(st.sampled_from([None, *_ISSUERS]))
            issuer = None if text is None else resolve_issuer(
                text, issued, province_hint=units.province(province_id))[0]
            auth = draw(st.sampled_from([None, PROVINCE, DISTRICT, MINISTRY_MAE]))
            certs.append(Certificate(
                number=f"N-{i}-{k}", product_id=pid, stars=draw(st.integers(3, 5)),
                decision_number=draw(st.sampled_from([None, f"{i}{k}/QĐ-UBND"])),
                decision_date=exact, authority=auth,
                ruleset_id=draw(st.sampled_from([None, *(r.id for r in all_rulesets())])),
                issued_on=exact, issued=partial,
                valid_until=DEFAULT_POLICY.valid_until(exact) if exact else None,
                expires=None if partial is None else PartialDate.after(
                    partial.earliest or partial.latest or day),
                issuer=issuer))
    communes = draw(st.sampled_from([None, sample_communes(), national_communes()]))
    coverage = draw(st.sampled_from([None, Coverage(date(2019, 1, 1), date(2026, 12, 31)),
                                     Coverage(date(2020, 1, 1), None, inferred=True)]))
    portfolio, _ = Portfolio.check(products, subjects, certs, communes=communes,
                                   coverage=coverage)
    return portfolio





@pytest.mark.property
@given(pf=portfolios(), headers=st.sampled_from(["en", "vi"]), bom=st.booleans())
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                   HealthCheck.too_slow], deadline=None,
          print_blob=False)
def test_round_trip_is_lossless(tmp_path_factory: pytest.TempPathFactory, pf: Portfolio,
                                headers: str, bom: bool) -> None:
    folder = tmp_path_factory.mktemp("rt")
    write_csv(pf, folder, headers=headers, bom=bom)  # type: ignore[arg-type]
    found = import_registry(directory=folder)
    assert all(f.refused == 0 for f in found.files)  # nothing refused, nothing derived
    assert found.portfolio == pf
    # JSON validates on read (strictly): a portfolio without problems round-trips too
    _, problems = Portfolio.check(pf.products, pf.subjects, pf.certificates,
                                  communes=pf.communes)
    if not any(p.blocking for p in problems):
        assert from_json(to_json(pf), Portfolio) == pf


def test_sample_portfolio_round_trips_with_its_communes(tmp_path: Path) -> None:
    from ocopkit.samples import sample_portfolio

    pf = sample_portfolio()
    write_csv(pf, tmp_path)
    back, _ = read_registry(directory=tmp_path)
    assert back == pf and back.communes == pf.communes and back.coverage == pf.coverage


def test_json_and_csv_treat_unknown_keys_alike() -> None:
    csv_text = "id,name,kind,province,Màu sắc\ns1,HTX A,HTX,01@34,đỏ\n".encode()
    json_text = json.dumps([{"id": "s1", "name": "HTX A", "kind": "HTX", "province": "01@34",
                             "Màu sắc": "đỏ"}], ensure_ascii=False).encode()
    a = read_subjects(csv_text, name="s.csv")
    b = read_subjects(json_text, name="s.json")
    assert a.records == b.records and len(a.records) == 1
    assert [(p.code, p.severity) for p in a.problems] == [("unknown-column", "warning")]
    assert [(p.code, p.severity) for p in b.problems] == [("unknown-column", "warning")]
    with pytest.raises(ValidationError):
        read_subjects(json_text, name="s.json", strict=True)


def test_authority_rules_are_checked_at_import() -> None:
    # issue 14 §7: a district-issued 3★ dated 2026 used to import silently
    data = ("Mã sản phẩm,Tên sản phẩm,Mã chủ thể,Bộ sản phẩm,Tỉnh,Hạng sao,Số quyết định,"
            "Ngày cấp,Cơ quan cấp\n"
            "19-02185-1-2026,Trà Mẫu,s1,12,19@34,3,9/QĐ-UBND,01/08/2026,UBND huyện Na Rì\n"
            "19-02185-2-2026,Chè Mẫu,s1,12,19@34,3,10/QĐ-UBND,01/08/2026,"
            "UBND tỉnh Thái Nguyên\n").encode()
    result = read_products(data, name="p.csv")
    assert len(result.certificates) == 2  # kept, flagged
    flagged = {(p.path, p.code, p.severity) for p in result.problems if p.blocking}
    assert flagged == {("p.csv:2:Cơ quan cấp", "issuer-not-in-force", "warning"),
                       ("p.csv:2:Cơ quan cấp", "authority-not-competent", "warning")}
    assert result.certificates[1].issuer.unit_id == "19@34"
    with pytest.raises(ValidationError) as err:
        read_products(data, name="p.csv", strict=True)
    assert {p.code for p in err.value.problems if p.blocking} == {
        "issuer-not-in-force", "authority-not-competent"}


def test_communes_are_resolved_by_name_district_and_province() -> None:
    data = ("Mã sản phẩm,Tên sản phẩm,Mã chủ thể,Bộ sản phẩm,Tỉnh,Huyện,Xã\n"
            "06-02173-1-2024,A,s1,12,Bắc Kạn,H. Na Rì,X. Côn Minh\n"
            "06-02173-2-2024,B,s1,12,Bắc Kạn,,Tân Phú\n").encode()
    result = read_products(data, name="p.csv")
    assert [p.commune_code for p in result.records] == ["02173", None]
    (problem,) = [p for p in result.problems if p.blocking]
    assert (problem.path, problem.code) == ("p.csv:3:Xã", "unknown-commune")
