"""CSV registries that count right, formula escaping and the registry limits (issue 18,
items 1 and 5): each defect of the adversarial run has a test here that failed before.

Row counts are checked against an independent count: the data rows a test writes.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ocopkit.certification import DEFAULT_POLICY, Certificate, Portfolio
from ocopkit.errors import ValidationError
from ocopkit.io import (
    DEFAULT_REGISTRY_LIMITS,
    FORMULA_START,
    ImportResult,
    RegistryLimits,
    escape_formula,
    import_registry,
    read_certificates,
    read_communes,
    read_products,
    read_registry,
    read_subjects,
    unescape_formula,
    write_csv,
)
from ocopkit.places import sample_communes
from ocopkit.products import Product, Subject

HEADER = "id,name,product_set,subject_id,province\n"


def row(i: int, name: str = "Trà") -> str:
    return f"p{i},{name} {i},12,s1,01@34\n"


def products(text: str, **options: Any) -> ImportResult[Product]:
    return read_products(text.encode(), name="p.csv", **options)


def accounted(result: ImportResult[Any], data_lines: int) -> None:
    """Every physical line after the header is blank or in exactly one row's span, every
    row is kept or refused, and every refused row has a problem on its line."""
    assert result.rows == len(result.records) + len(result.rejected) == len(result.spans)
    covered = [n for first, last in result.spans for n in range(first, last + 1)]
    assert len(covered) == len(set(covered))
    assert set(covered) <= set(range(2, data_lines + 2))
    for line in result.rejected:
        assert any(p.path.split(":")[1:2] == [str(line)] and p.blocking
                   for p in result.problems), line


# --------------------------------------------------------------------------- counting


def test_a_vertical_tab_in_a_cell_does_not_make_a_row() -> None:
    # str.splitlines() breaks at \v, \f, \x1c-\x1e, \x85, U+2028/9: 5 rows became 6
    names = ["a\x0bb", "c\x0cd", "e\x1cf", "g\x85h", "i\u2028j"]
    result = products(HEADER + "".join(row(i, n) for i, n in enumerate(names)))
    accounted(result, 5)
    assert result.rows == 5
    assert [p.id for p in result.records] == [f"p{i}" for i in range(5)]


def test_an_unbalanced_quote_refuses_its_line_only() -> None:
    # 1000 rows became 2: the quote swallowed the rest of the file
    lines = [row(i) for i in range(1000)]
    lines[10] = 'p10,"Trà,12,s1,01@34\n'
    result = products(HEADER + "".join(lines))
    accounted(result, 1000)
    assert result.rows == 1000 and len(result.records) == 999
    assert result.rejected == (12,)
    assert [p.code for p in result.problems if p.path == "p.csv:12"] == ["unbalanced-quote"]


def test_a_quote_left_open_runs_at_most_max_row_lines() -> None:
    lines = [row(i) for i in range(30)]
    lines[0] = 'p0,"Trà ' + "\n" * 0 + 'x\n'  # opens a quote that never closes
    result = products(HEADER + "".join(lines), limits=RegistryLimits(max_row_lines=5))
    accounted(result, 30)
    assert result.rejected == (2,) and len(result.records) == 29
    (problem,) = [p for p in result.problems if p.path == "p.csv:2"]
    assert "limits.max_row_lines" in problem.message_en or problem.code == "unbalanced-quote"


def test_a_quoted_line_break_is_one_row_over_two_lines() -> None:
    result = products(HEADER + 'p1,"Trà\nhoa",12,s1,01@34\n' + row(2))
    accounted(result, 3)
    assert result.spans == ((2, 3), (4, 4))
    assert [p.id for p in result.records] == ["p1", "p2"]
    assert result.lines == (2, 4)
    assert [p.code for p in result.problems if p.path == "p.csv:2"] == ["multi-line-row"]


def test_a_quote_closed_too_late_is_flagged() -> None:
    text = HEADER + 'p1,"Trà,12,s1,01@34\np2,B",12,s1,01@34\n' + row(3)
    result = products(text)
    accounted(result, 3)
    assert "unbalanced-quote-suspected" in {p.code for p in result.problems}


def test_a_stray_quote_inside_a_cell_refuses_that_row() -> None:
    result = products(HEADER + 'p1,Tr"à" x",12,s1,01@34\n' + 'p2,"B"x,12,s1,01@34\n' + row(3))
    accounted(result, 3)
    assert result.rejected == (3,)
    assert len(result.records) == 2


def test_an_oversize_cell_is_a_problem_of_its_row_not_the_end_of_reading() -> None:
    huge = "x" * 200_000  # over csv.field_size_limit() (131,072)
    long = "y" * (DEFAULT_REGISTRY_LIMITS.max_cell + 1)
    result = products(HEADER + row(1, huge) + row(2) + row(3, long) + row(4))
    accounted(result, 4)
    assert result.rejected == (2, 4)
    assert [p.name for p in result.records] == ["Trà 2", "Trà 4"]
    assert {p.code for p in result.problems if p.blocking} == {"cell-too-long"}
    assert any(p.path == "p.csv:4:name" for p in result.problems)


@pytest.mark.parametrize(("line", "code"), [
    ("p1,Trà,12,s1,01@34,extra\n", "extra-cells"),
    ("p1,Trà,12,s1\n", "missing-cells"),
    ("p1,Trà\n", "missing-cells"),
])
def test_rows_with_extra_or_missing_cells_are_refused(line: str, code: str) -> None:
    result = products(HEADER + row(0) + line + row(2))
    accounted(result, 3)
    assert result.rejected == (3,)
    assert [p.id for p in result.records] == ["p0", "p2"]  # not imported anyway
    assert [p.code for p in result.problems if p.path == "p.csv:3"] == [code]


def test_trailing_empty_cells_and_unnamed_columns_are_not_extra() -> None:
    result = products("id,name,product_set,subject_id,province,\n"
                      "p1,Trà,12,s1,01@34,\np2,B,12,s1,01@34,note\n")
    assert len(result.records) == 2
    (warning,) = [p for p in result.problems if p.code == "unnamed-column"]
    assert warning.severity == "warning" and warning.path == "p.csv:3:#6"


def test_blank_lines_count_as_nothing() -> None:
    result = products(HEADER + "\n" + row(1) + ",,,,\n\r\n" + row(2))
    assert result.rows == 2 and result.lines == (3, 6)


def test_json_rows_are_each_read_or_refused() -> None:
    items = [{"id": "p1", "name": "A", "product_set": "12", "subject_id": "s1",
              "province": "01@34"},
             {"id": "p2", "name": "B" * 40_000, "product_set": 12, "subject_id": "s1",
              "province": "01@34"},
             {"id": "p3", "name": "\ud800", "product_set": 12, "subject_id": "s1",
              "province": "01@34"},
             {"id": "p4", "name": "D", "product_set": int("9" * 50), "subject_id": "s1",
              "province": "01@34"}, 7]
    text = json.dumps(items, indent=1)
    result = read_products(text.encode("utf-8", "surrogatepass"), name="p.json")
    assert result.rows == 5
    assert [p.id for p in result.records] == ["p1"]
    assert {p.code for p in result.problems if p.blocking} >= {"cell-too-long", "invalid-text",
                                                                "unknown-product-set",
                                                                "wrong-type"}


# --------------------------------------------------------------------------- huge values


@pytest.mark.parametrize("cell", ["1" * 5000, "-" + "9" * 5000, "x" * 5000])
def test_integers_of_5000_digits_are_located_problems(cell: str) -> None:
    # int() refuses more than 4300 digits with a raw ValueError
    result = products(HEADER + f"p1,Trà,{cell},s1,01@34\n")
    (problem,) = [p for p in result.problems if p.blocking]
    assert problem.path == "p.csv:2:product_set"
    assert len(problem.message_en) < 300 and problem.message_vi != problem.message_en


@pytest.mark.parametrize(("header", "cell", "column"), [
    ("number,product,stars,decision_number,issued_on\n", "c1,p1,{x},1/QĐ,01/01/2026", "stars"),
    ("number,product,stars,decision_number,issued_on\n", "c1,p1,3,1/QĐ,01/01/{x}", "issued_on"),
    ("number,product,stars,decision_number,issued_on,valid_until\n",
     "c1,p1,3,1/QĐ,01/01/2026,{x}", "valid_until"),
])
def test_huge_numbers_in_certificate_cells(header: str, cell: str, column: str) -> None:
    result = read_certificates((header + cell.format(x="9" * 5000) + "\n").encode(),
                               name="c.csv")
    assert result.rejected == (2,)
    assert any(p.path == f"c.csv:2:{column}" for p in result.problems)


def test_a_huge_share_is_a_problem() -> None:
    text = "id,name,kind,province,community_capital_share\ns1,HTX,hợp tác xã,01@34,{}\n"
    for cell in ("1" * 5000, "1e999999999", "1" * 5000 + "%"):
        result = read_subjects(text.format(cell).encode(), name="s.csv")
        assert result.rejected == (2,), cell
        assert [p.code for p in result.problems] == ["invalid-share"]


@pytest.mark.parametrize("issued", ["31/12/9999", "01/01/9997", "9999", "12/9998",
                                    "sau 01/06/9999"])
def test_a_certificate_whose_36_months_leave_the_calendar_is_refused_at_its_cell(
        issued: str) -> None:
    header = "number,product,stars,decision_number,issued_on\n"
    text = header + f"c1,p1,3,1/QĐ,{issued}\nc2,p1,3,2/QĐ,01/01/2026\n"
    result = read_certificates(text.encode(), name="c.csv")
    assert result.rejected == (2,)
    assert [c.number for c in result.records] == ["c2"]
    (problem,) = [p for p in result.problems if p.path.startswith("c.csv:2")]
    assert (problem.path, problem.code) == ("c.csv:2:issued_on", "date-out-of-range")
    assert "9999-12-31" in problem.message_en and "31/12/9999" in problem.message_vi


def test_the_last_certificate_that_fits_the_calendar_is_kept() -> None:
    header = "number,product,stars,decision_number,issued_on\n"
    # 36 months from 31/12/9996 end on 31/12/9999 (Điều 4.1 of 148: 36 months)
    result = read_certificates((header + "c1,p1,3,1/QĐ,31/12/9996\n").encode(), name="c.csv")
    assert [c.valid_until for c in result.records] == [date(9999, 12, 31)]


def test_a_combined_products_row_beyond_the_calendar_is_refused_whole() -> None:
    text = ("id,name,product_set,subject_id,province,stars,decision_number,issued_on\n"
            "p1,Trà,12,s1,01@34,3,1/QĐ,31/12/9999\n")
    result = products(text)
    assert result.rejected == (2,) and not result.records and not result.certificates


# --------------------------------------------------------------------------- limits


def test_too_many_rows_refuses_the_file_whole() -> None:
    result = products(HEADER + "".join(row(i) for i in range(11)),
                      limits=RegistryLimits(max_rows=10))
    assert not result.records and result.rows == 0
    assert [(p.code, p.path) for p in result.problems] == [("too-many-rows", "p.csv:12")]
    assert len(products(HEADER + "".join(row(i) for i in range(10)),
                        limits=RegistryLimits(max_rows=10)).records) == 10


def test_too_many_json_rows() -> None:
    items = [{"id": f"p{i}", "name": "A", "product_set": 12, "subject_id": "s1",
              "province": "01@34"} for i in range(4)]
    result = read_products(json.dumps(items).encode(), name="p.json",
                           limits=RegistryLimits(max_rows=3))
    assert [p.code for p in result.problems] == ["too-many-rows"]


def test_max_cell_is_configurable() -> None:
    result = products(HEADER + row(1, "x" * 50), limits=RegistryLimits(max_cell=20))
    assert [p.code for p in result.problems] == ["cell-too-long"]
    assert result.problems[0].path == "p.csv:2:name"


def test_a_file_over_max_bytes_is_not_read(tmp_path: Path) -> None:
    data = (HEADER + row(1)).encode()
    limits = RegistryLimits(max_bytes=len(data) - 1)
    for source in (data, _file(tmp_path, data)):
        result = read_products(source, name="p.csv", limits=limits)
        assert [p.code for p in result.problems] == ["file-too-large"]
        assert not result.records
    with pytest.raises(ValidationError) as info:
        read_products(data, name="p.csv", limits=limits, strict=True)
    assert info.value.codes == ("file-too-large",)


def _file(folder: Path, data: bytes) -> Path:
    path = folder / "p.csv"
    path.write_bytes(data)
    return path


def test_huge_column_counts_are_bounded() -> None:
    header = HEADER.rstrip("\n") + "," * 20_000 + "\n"
    result = products(header + row(1).rstrip("\n") + "," * 20_001 + "x\n" + row(2))
    accounted(result, 2)
    assert [p.id for p in result.records] == ["p2"]  # "x" is beyond the header: extra cell


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "10"])
def test_limits_are_positive_ints(bad: Any) -> None:
    with pytest.raises(ValidationError) as info:
        RegistryLimits(max_rows=bad)
    assert info.value.codes == ("invalid-limit",)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO")
def test_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "p.csv"
    os.mkfifo(fifo)
    with pytest.raises(ValidationError) as info:
        read_products(fifo)
    assert info.value.codes == ("not-a-regular-file",)
    with pytest.raises(ValidationError):
        read_products(tmp_path)


# --------------------------------------------------------------------------- formulas


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\0x",
                                  "'=x", "'", "''", "Trà", "", "a=b", " =x"])
def test_escape_round_trips(cell: str) -> None:
    escaped = escape_formula(cell)
    assert unescape_formula(escaped) == cell
    assert not escaped.startswith(FORMULA_START)
    assert escaped == cell or escaped == "'" + cell


def _hostile_portfolio() -> Portfolio:
    names = ['=HYPERLINK("http://x.invalid","a")', "+1", "-5 sao", "@SUM(A1:A9)",
             "\tTab", "\rCR", "'quoted", "Trà hoa vàng"]
    subjects = [Subject("s1", "=cmd|' /C calc'!A0", None, "01@34")]
    items = [Product(f"p{i}", name, 12, "s1", "01@34") for i, name in enumerate(names)]
    day = date(2026, 3, 1)
    certs = [Certificate(number="-1/QĐ", product_id="p0", stars=3, decision_number="=1",
                         decision_date=day, issued_on=day,
                         valid_until=DEFAULT_POLICY.valid_until(day))]
    portfolio, _ = Portfolio.check(items, subjects, certs)
    return portfolio


def test_write_csv_escapes_formula_cells_and_reads_back_equal(tmp_path: Path) -> None:
    pf = _hostile_portfolio()
    write_csv(pf, tmp_path)
    text = (tmp_path / "products.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    for line in lines[1:]:
        for cell in line.split(",")[1:2]:
            assert not cell.lstrip('"').startswith(FORMULA_START), line
    assert ",'=HYPERLINK" in text or ",\"'=HYPERLINK" in text
    assert "''quoted" in text
    assert json.loads((tmp_path / "registry.json").read_text())["escaped_formulas"] is True
    back, _ = read_registry(directory=tmp_path)
    assert back == pf


def test_write_csv_raw_output_is_a_switch(tmp_path: Path) -> None:
    pf = _hostile_portfolio()
    write_csv(pf, tmp_path, escape_formulas=False)
    text = (tmp_path / "products.csv").read_text(encoding="utf-8")
    assert ",=HYPERLINK" in text or ',"=HYPERLINK' in text
    assert json.loads((tmp_path / "registry.json").read_text())["escaped_formulas"] is False
    back, _ = read_registry(directory=tmp_path)
    assert back == pf


def test_a_file_of_someone_else_is_read_as_written(tmp_path: Path) -> None:
    # no registry.json: an apostrophe is the user's own text, kept
    result = products(HEADER + "p1,'=x,12,s1,01@34\n")
    assert result.records[0].name == "'=x"
    escaped = products(HEADER + "p1,'=x,12,s1,01@34\n", escaped_formulas=True)
    assert escaped.records[0].name == "=x"
    write_csv(_hostile_portfolio(), tmp_path)
    (tmp_path / "registry.json").unlink()
    found = import_registry(directory=tmp_path, escaped_formulas=True)
    assert found.portfolio.products == _hostile_portfolio().products


# --------------------------------------------------------------------------- communes


def test_read_communes_round_trips(tmp_path: Path) -> None:
    pf, _ = Portfolio.check([], [], [], communes=sample_communes())
    write_csv(pf, tmp_path)
    back = read_communes(tmp_path / "communes.csv", tmp_path / "districts.csv",
                         source=sample_communes().source)
    assert back == sample_communes()


@pytest.mark.parametrize(("text", "where", "code"), [
    ("code,name\n", "communes.csv:1", "missing-column"),
    ("code,name,province_id,kind,colour\n", "communes.csv:1:colour", "unknown-column"),
    ("code,name,province_id,kind,valid_from\n00004,Phường Ba Đình,01@34,phường,2025-13-01\n",
     "communes.csv:2:valid_from", "invalid-date"),
    ("code,name,province_id,kind,valid_from\n00004,Phường Ba Đình,01@34,phường,"
     + "9" * 5000 + "\n", "communes.csv:2:valid_from", "invalid-date"),
    ("code,name,province_id,kind\n0004,Phường Ba Đình,01@34,phường\n",
     "communes.csv:2:code", "invalid-commune-code"),
    ("code,name,province_id,kind\n00004,Phường Ba Đình,01@34\n",
     "communes.csv:2", "missing-cells"),
    ('code,name,province_id,kind\n00004,"Phường,01@34,phường\n', "communes.csv:2",
     "unbalanced-quote"),
    ("code,name,province_id,kind\n00004,Phường Ba Đình,01@34,làng\n",
     "communes.csv:2:kind", "unknown-commune-kind"),
])
def test_read_communes_locates_every_problem(tmp_path: Path, text: str, where: str,
                                             code: str) -> None:
    path = tmp_path / "communes.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        read_communes(path)
    assert (where, code) in [(p.path, p.code) for p in info.value.problems]
