"""Tests for tools/extract_1048.py and tools/oracle_1048.py (Decision 1048/QĐ-TTg).

The Word file of 1048 and the two transcriptions are not in the repository: they are
read from the shared reference folder (``$OCOPKIT_REFERENCE``, default
``../shared/reference`` beside the repository). The regeneration checks run when they
(and ``antiword``) are present and are skipped, saying why, otherwise; the helpers are
tested on inputs made here.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
JSON_PATH = ROOT / "src" / "ocopkit" / "data" / "qd-1048-2019.json"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


X = _load("extract_1048")
ORACLE = _load("oracle_1048")


def _source_reason() -> str | None:
    doc = X.default_doc()
    if not doc.is_file():
        return (f"the 1048 Word file is not at {doc} (set OCOPKIT_REFERENCE to the shared "
                "reference folder); the shipped data is checked by the load-time checks only")
    if shutil.which("antiword") is None:
        return "antiword is not installed (apt-get install antiword)"
    return None


needs_source = pytest.mark.skipif(_source_reason() is not None,
                                  reason=_source_reason() or "")


@pytest.fixture(scope="module")
def extraction() -> tuple[dict, list[str], list[str]]:
    data, problems, warnings = X.extract(X.default_doc())
    return data, problems, warnings


@needs_source
def test_extraction_has_no_problems_and_is_the_shipped_data(extraction) -> None:  # type: ignore[no-untyped-def]
    data, problems, _ = extraction
    assert list(problems) == []
    assert X.render_json(data) == JSON_PATH.read_text(encoding="utf-8")
    errata = X.load_errata()
    page = (ROOT / "docs" / "reference-errata-1048.md").read_text(encoding="utf-8")
    assert page == X.render_errata(errata)


@needs_source
def test_a_stale_erratum_is_refused() -> None:
    errata = X.load_errata()
    changed = [dict(e) for e in errata]
    changed[0]["source_value"] = 99
    with pytest.raises(X.ErrataMismatchError):
        X.extract(X.default_doc(), errata=changed)


@pytest.mark.skipif(not (ORACLE.reference_dir() / ORACLE.CONGNN).is_file()
                    or not (ORACLE.reference_dir() / ORACLE.OMMANI).is_file(),
                    reason="the 1048 transcriptions are not in the shared reference folder "
                           "(OCOPKIT_REFERENCE)")
def test_oracle_report_is_current_and_explains_everything() -> None:
    text, unexplained = ORACLE.run(ORACLE.reference_dir())
    assert unexplained == []
    assert text == ORACLE.REPORT_PATH.read_text(encoding="utf-8")


def test_a_wrong_file_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "1048.doc"
    fake.write_bytes(b"not the decision")
    with pytest.raises(X.SourceMissingError, match="sha256"):
        X.extract(fake)
    assert X.main(["--doc", str(tmp_path / "missing.doc"), "--check"]) == 4


# ---------------------------------------------------------------- helpers, on made inputs


@pytest.mark.parametrize(("word", "fixed"), [
    ("Rýợu", "Rượu"), ("TOAÌN", "TOÀN"), ("BÔì", "BỐ"), ("Lýòa", "Lựa"), ("MyÞ", "Mỹ"),
])
def test_cp1258_words_are_repaired_and_counted(word: str, fixed: str) -> None:
    seen: dict[str, int] = {}
    assert X.repair_cp1258(f"x {word} y", seen) == f"x {fixed} y"
    assert seen == {f"{word} → {fixed}": 1}


@pytest.mark.parametrize("word", ["giòn", "giò", "quý", "lý", "bì", "Ý", "hòa", "nhãn"])
def test_vietnamese_words_are_left_alone(word: str) -> None:
    seen: dict[str, int] = {}
    assert X.repair_cp1258(word, seen) == word
    assert seen == {}


@pytest.mark.parametrize(("text", "points"), [
    ("3 Điểm", 3), ("3 điểm", 3), ("3 Đỉểm", 3), ("(2 Điểm)", 2), ("", None), ("3 lần", "3 lần"),
])
def test_points_cells(text: str, points: object) -> None:
    assert X.parse_points(text) == points


def test_stacked_cells_pair_paragraph_by_paragraph() -> None:
    problems = X.Problems()
    rows = [[["1.3. Năng lực", "(ghi chú)", "□ nhỏ", "□ lớn"], ["4 Điểm", "", "1 Điểm", "4 Điểm"]]]
    lines = X.expand_rows([{"type": "table", "rows": rows}], problems, "set 0")
    assert [(ln["label"][:5], ln["points"]) for ln in lines] == [
        ("1.3. ", "4 Điểm"), ("(ghi ", ""), ("□ nhỏ", "1 Điểm"), ("□ lớn", "4 Điểm")]
    assert list(problems) == []
    shifted = [[["□ a", ""], ["1 Điểm", "2 Điểm"]]]
    X.expand_rows([{"type": "table", "rows": shifted}], problems, "set 0")
    assert len(problems) == 1 and "blank label" in problems[0]


def test_cases_and_additive_groups_in_a_made_scorecard() -> None:
    lines = [{"label": t, "points": p} for t, p in [
        ("Phần A: X (35 Điểm)", ""), ("3. SỨC MẠNH CỘNG ĐỒNG", ""),
        ("3.2. Tham gia", "2 Điểm"), ("Lựa chọn một trong hai trường hợp sau:", ""),
        ("a. Trường hợp 1: HTX", ""), ("□ ít", "1 Điểm"), ("□ nhiều", "2 Điểm"),
        ("b. Trường hợp 2: hộ", ""), ("□ không", "0 Điểm"), ("□ có", "1 Điểm"),
        ("Phần C: Y (40 Điểm)", ""), ("(Được cộng tổng điểm các nội dung ghi Có)", ""),
        ("6. Vị trí", "3 Điểm"), ("□ gần", "1 Điểm"), ("□ đẹp", "2 Điểm"),
        ("Kết quả", ""),
    ]]
    problems = X.Problems()
    raw = X.parse_scorecard(0, lines, problems)
    parts = X.build_set(0, raw["parts"], problems)
    assert list(problems) == []
    (c32,) = parts[0]["groups"][0]["criteria"]
    assert [(o["id"], o["case"], o["points"]) for o in c32["options"]] == [
        ("3.2.a", "1", 1), ("3.2.b", "1", 2), ("3.2.c", "2", 0), ("3.2.d", "2", 1)]
    assert [k["id"] for k in c32["cases"]] == ["1", "2"]
    items = parts[1]["groups"][0]["criteria"]
    assert [(c["id"], c["max_points"], c["synthesized_options"]) for c in items] == [
        ("6.a", 1, True), ("6.b", 2, True)]


def test_the_shipped_data_records_its_source() -> None:
    data = json.loads(JSON_PATH.read_text(encoding="utf-8"))
    assert data["source"]["sha256"] == X.DOC_SHA256
    assert data["decision"] == {"number": "1048/QĐ-TTg", "date": "2019-08-21",
                                "title_vi": data["decision"]["title_vi"]}
    assert len(data["product_sets"]) == 26
