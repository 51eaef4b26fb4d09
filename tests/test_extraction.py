"""Tests for tools/extract_qd26.py (Decision 26/2026/QĐ-TTg scorecards).

The extractor and the independent star-mark oracle (tools/count_marks.py) are
loaded from tools/ by path; one extraction is cached per module.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
JSON_PATH = ROOT / "src" / "ocopkit" / "data" / "qd-26-2026.json"
TXT_PATH = TOOLS / "sources" / "qd-26-2026-QD-TTg.txt"
ERRATA_PATH = TOOLS / "errata.json"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"_tools_{name}", TOOLS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def extractor():
    return _load("extract_qd26")


@pytest.fixture(scope="module")
def extraction(extractor):
    data, problems, warnings = extractor.extract()
    return data, problems, warnings


@pytest.fixture(scope="module")
def data(extraction):
    return extraction[0]


@pytest.fixture(scope="module")
def errata():
    return json.loads(ERRATA_PATH.read_text(encoding="utf-8"))


def _sets(data):
    return {s["number"]: s for s in data["product_sets"]}


def _criteria(s):
    return {c["id"]: c for p in s["parts"] for g in p["groups"] for c in g["criteria"]}


def _options(s):
    return {o["id"]: o for c in _criteria(s).values() for o in c["options"]}


# ---------------------------------------------------------------- freshness


def test_extraction_has_no_problems(extraction):
    data, problems, _ = extraction
    assert data is not None
    assert list(problems) == []


def test_committed_json_matches_fresh_extraction(extractor, data):
    assert JSON_PATH.read_text(encoding="utf-8") == extractor.render_json(data)


def test_committed_errata_page_matches(extractor, errata):
    page = ROOT / "docs" / "reference-errata.md"
    assert page.read_text(encoding="utf-8") == extractor.render_errata_md(errata)


def test_check_mode_passes(extractor, capsys):
    assert extractor.main(["--check"]) == 0


def test_rerun_is_byte_identical(extractor, data):
    again, problems, _ = extractor.extract()
    assert not problems
    assert extractor.render_json(again) == extractor.render_json(data)


def test_json_format(data):
    text = JSON_PATH.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert "\\u" not in text  # ensure_ascii=False
    assert list(data) == [
        "format",
        "decision",
        "source",
        "classification",
        "product_sets",
        "mark_counts",
    ]
    assert data["format"] == 1
    assert data["decision"]["number"] == "26/2026/QĐ-TTg"
    assert data["decision"]["date"] == "2026-05-22"
    assert data["source"]["path"] == "tools/sources/qd-26-2026-QD-TTg.html"
    assert len(data["source"]["sha256"]) == 64


def test_all_text_is_normalised(data):
    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                yield from walk(v)
        elif isinstance(x, list):
            for v in x:
                yield from walk(v)
        elif isinstance(x, str):
            yield x

    for s in walk(data):
        assert unicodedata.normalize("NFC", s) == s, s
        assert s == s.strip(), s
        assert "  " not in s, s
        assert "\n" not in s, s
        assert "\xa0" not in s, s


# ---------------------------------------------------------------- structure


def test_classification_tree(data):
    cls = data["classification"]
    levels = [n["level"] for n in cls]
    assert levels.count("sector") == 6
    assert levels.count("group") == 17
    leaves = [n for n in cls if n["set_number"] is not None]
    assert [n["set_number"] for n in leaves] == list(range(1, 27))
    assert all(n["ministries_vi"] for n in leaves)
    codes = {n["code"] for n in cls}
    assert all(n["parent"] is None or n["parent"] in codes for n in cls)
    by_code = {n["code"]: n for n in cls}
    assert by_code["I.3.c"]["set_number"] == 7
    assert by_code["I.3.c"]["ministries_vi"] == ["Bộ Nông nghiệp và Môi trường"]
    assert by_code["I.6"]["level"] == "group"
    assert by_code["I.6"]["set_number"] == 13
    assert by_code["VI.1"]["set_number"] == 26
    assert by_code["I"]["name_vi"] == "Sản phẩm thực phẩm"


def test_26_sets_linked_to_classification(data):
    sets = data["product_sets"]
    assert [s["number"] for s in sets] == list(range(1, 27))
    leaf_by_set = {n["set_number"]: n["code"] for n in data["classification"] if n["set_number"]}
    for s in sets:
        assert s["classification_code"] == leaf_by_set[s["number"]]


def test_totals_per_set(data):
    for s in data["product_sets"]:
        maxima = {p["id"]: p["max_points"] for p in s["parts"]}
        assert maxima == {"A": 40, "B": 25, "C": 35}, s["number"]
        assert sum(maxima.values()) == 100
        for p in s["parts"]:
            assert sum(g["max_points"] for g in p["groups"]) == p["max_points"]
            for g in p["groups"]:
                assert sum(c["max_points"] for c in g["criteria"]) == g["max_points"]
                for c in g["criteria"]:
                    pts = [o["points"] for o in c["options"]]
                    assert all(isinstance(x, int) and 0 <= x <= c["max_points"] for x in pts)
                    assert max(pts) == c["max_points"], (s["number"], c["id"])


def test_ids_unique_and_well_formed(data):
    for s in data["product_sets"]:
        seen = set()
        for p in s["parts"]:
            for g in p["groups"]:
                for c in g["criteria"]:
                    assert c["id"] == g["id"] or c["id"].startswith(g["id"] + ".")
                    assert c["id"] not in seen
                    seen.add(c["id"])
                    letters = [o["id"].rsplit(".", 1)[1] for o in c["options"]]
                    assert letters == [chr(ord("a") + i) for i in range(len(letters))]
                    assert all(o["id"].startswith(c["id"] + ".") for o in c["options"])


def test_mark_counts_computed_from_structure(data):
    for s in data["product_sets"]:
        counts = {"3": 0, "4": 0, "5": 0}
        for o in _options(s).values():
            if o["min_star"] is not None:
                counts[str(o["min_star"])] += 1
        assert data["mark_counts"][str(s["number"])] == counts


def test_mark_counts_match_text_oracle(data):
    oracle = _load("count_marks").count_marks_in_text(TXT_PATH)
    assert sorted(oracle) == list(range(1, 27))
    for n in range(1, 27):
        got = {int(k): v for k, v in data["mark_counts"][str(n)].items()}
        assert got == oracle[n], f"set {n}: json {got} != txt {oracle[n]}"


def test_dossier_disqualifiers(data):
    sets = _sets(data)
    for n, s in sets.items():
        if n == 26:
            assert s["dossier_disqualifiers"] == []
        else:
            assert len(s["dossier_disqualifiers"]) == 1, n
            assert s["dossier_disqualifiers"][0]["id"] == "HS"
    assert "giấy phép sản xuất" in sets[15]["dossier_disqualifiers"][0]["text_vi"]


def test_story_conditions_detected_everywhere(data):
    for s in data["product_sets"]:
        crits = _criteria(s)
        conditional = {cid: c["applies_when"] for cid, c in crits.items() if c["applies_when"]}
        if s["number"] == 26:
            assert conditional == {}
            continue
        assert set(conditional) == {"5.2"}, s["number"]
        assert conditional["5.2"]["criterion"] == "5.1"
        assert conditional["5.2"]["rule"] == "nonzero"


# ---------------------------------------------------------------- golden: set 7

SET7 = {
    # criterion: (max, [(points, min_star), ...])
    "1.1": (3, [(1, 3), (2, None), (3, None)]),
    "1.2": (2, [(0, None), (1, None), (2, None)]),
    "1.5": (3, [(0, None), (1, None), (2, 4), (3, 5)]),
    "2.3": (3, [(1, 3), (2, None), (3, 4)]),
    "2.4": (1, [(0, None), (1, None)]),
    "3.1": (3, [(1, None), (2, None), (3, None)]),
    "4.1": (5, [(1, None), (2, 3), (3, 4), (5, 5)]),
    "5.2": (2, [(0, None), (1, None), (2, None)]),
    "5.3": (5, [(0, None), (1, 3), (3, None), (5, None)]),
    "6.1": (2, [(0, None), (1, None), (2, 4)]),
    "6.5": (5, [(0, None), (1, None), (3, 4), (5, 5)]),
    "7": (5, [(0, None), (1, None), (3, 4), (5, 5)]),
    "8": (5, [(2, 3), (4, None), (5, None)]),
    "9": (5, [(1, 3), (3, 4), (5, None)]),
}


def test_set7_header(data):
    s = _sets(data)[7]
    assert s["name_vi"] == "Chế biến từ rau, củ, quả, hạt"
    assert s["classification_code"] == "I.3.c"
    assert s["header_vi"] == "Sản phẩm: Thực phẩm. Nhóm: Nông sản chế biến"
    assert s["dossier_disqualifiers"][0]["text_vi"].startswith("Giả mạo hồ sơ hoặc không tuân thủ")
    assert [(p["id"], p["name_vi"]) for p in s["parts"]] == [
        ("A", "Sản phẩm và sức mạnh của cộng đồng"),
        ("B", "Khả năng tiếp thị"),
        ("C", "Chất lượng sản phẩm"),
    ]
    groups = [(g["id"], g["name_vi"], g["max_points"]) for p in s["parts"] for g in p["groups"]]
    assert groups[0] == ("1", "Tổ chức sản xuất", 18)
    assert groups[6] == ("7", "Tính độc đáo", 5)
    assert [g[2] for g in groups] == [18, 10, 12, 13, 12, 15, 5, 5, 5, 2, 3]
    assert data["mark_counts"]["7"] == {"3": 8, "4": 14, "5": 6}


@pytest.mark.parametrize("cid", sorted(SET7))
def test_set7_golden_options(data, cid):
    crit = _criteria(_sets(data)[7])[cid]
    max_points, expected = SET7[cid]
    assert crit["max_points"] == max_points
    assert [(o["points"], o["min_star"]) for o in crit["options"]] == expected
    assert all("*" not in o["text_vi"] for o in crit["options"])


def test_set7_texts_and_rules(data):
    crits = _criteria(_sets(data)[7])
    c11 = crits["1.1"]
    assert c11["name_vi"] == "Nguồn nguyên liệu"
    assert c11["options"][0] == {
        "id": "1.1.a",
        "text_vi": "Có sử dụng nguyên liệu có nguồn gốc trong tỉnh, nhưng có tỷ lệ dưới 50%",
        "points": 1,
        "min_star": 3,
    }
    assert c11["disqualifiers"] == [
        {
            "id": "1.1.DQ1",
            "text_vi": "Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc",
            "kind": "eliminate",
        }
    ]
    assert crits["2.1"]["disqualifiers"][0]["kind"] == "eliminate"
    dq61 = crits["6.1"]["disqualifiers"]
    assert len(dq61) == 1
    assert dq61[0]["kind"] == "stop"
    assert dq61[0]["id"] == "6.1.DQ1"
    assert dq61[0]["text_vi"].endswith("sẽ không đánh giá các bước tiếp theo.")
    assert crits["5.2"]["applies_when"] == {
        "criterion": "5.1",
        "rule": "nonzero",
        "text_vi": "Chỉ áp dụng khi có câu chuyện sản phẩm",
    }
    assert crits["5.1"]["applies_when"] is None
    c24 = crits["2.4"]
    assert c24["synthesized_options"] is True
    assert c24["options"] == [
        {"id": "2.4.a", "text_vi": "Không", "points": 0, "min_star": None},
        {"id": "2.4.b", "text_vi": "Có", "points": 1, "min_star": None},
    ]
    assert crits["7"]["name_vi"] == "Tính độc đáo"
    assert crits["7"]["notes_vi"][0].startswith("Chất lượng: có nét riêng")
    assert crits["8"]["notes_vi"] == [
        "Ghi chú: Bản tiêu chuẩn sản phẩm phải có phiếu kiểm nghiệm các chỉ tiêu an toàn thực phẩm"
    ]
    assert crits["3.1"]["options"][1]["text_vi"].startswith("Công ty TNHH")


# ---------------------------------------------------------------- errata


def test_errata_applied_exactly_as_listed(data, errata):
    applied = [e for s in data["product_sets"] for e in s["errata_applied"]]
    assert sorted(applied, key=json.dumps) == sorted(errata, key=json.dumps)
    for s in data["product_sets"]:
        assert s["errata_applied"] == [e for e in errata if e["set"] == s["number"]]


def test_errata_values_visible(data, errata):
    sets = _sets(data)
    for e in errata:
        s = sets[e["set"]]
        if e["field"] == "points":
            assert _options(s)[e["option"]]["points"] == e["value"]
        elif e["field"] == "max_points" and e.get("criterion"):
            assert _criteria(s)[e["criterion"]]["max_points"] == e["value"]


def test_known_errata_present(errata):
    keys = {
        (
            e["set"],
            e.get("option") or e.get("criterion") or e.get("group") or e.get("part"),
            e["field"],
        )
        for e in errata
    }
    assert (7, "3.1.b", "points") in keys
    assert (7, "1.2.a", "points") in keys
    assert (23, "9", "max_points") in keys
    assert (10, "8", "label") in keys
    for e in errata:
        assert e["reason_vi"]
        assert e["reason_en"]
        assert e["evidence"]


def test_stale_erratum_fails_loudly(extractor, errata):
    broken = copy.deepcopy(errata)
    target = next(e for e in broken if e["set"] == 7 and e.get("option") == "3.1.b")
    target["source_value"] = 5
    with pytest.raises(extractor.ErrataMismatchError):
        extractor.extract(errata=broken)


def test_without_errata_validation_fails(extractor):
    _, problems, _ = extractor.extract(errata=[])
    text = "\n".join(problems)
    assert "set 7 option 1.2.a" in text
    assert "set 23 group 9" in text
    assert "set 10" in text
