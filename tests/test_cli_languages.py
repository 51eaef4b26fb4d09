"""The command line in 80 columns and in one language (issue 17, Deliver 1).

``COLUMNS=80 ocopkit … --lang vi`` prints no line wider than 80 columns and no English
word outside proper names and codes, for every command (checked with the word list of
``tests/_english.py``); ``--lang en`` the reverse formats; ``--lang both`` Vietnamese then
English. Each defect listed in the issue has a regression test here.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from _english import english_words
from test_cli import assessment

from ocopkit import rulesets
from ocopkit.cli import main
from ocopkit.io import schema_names
from ocopkit.layout import width
from ocopkit.samples import sample_plans

CARD7 = rulesets.get("vn-qd-26-2026").scorecard(7)
#: Codes of the data the commands print: the seed plans' target ids and the names of the
#: JSON schemas (kebab-case English by design, typed by users as they are).
TARGET_IDS = frozenset(t.id for plan in sample_plans().values() for t in plan.targets) | set(
    schema_names()) | {
    # the commands and the choices of --lang, typed as they are (help and usage lines)
    "demo", "score", "explain", "certificates", "due", "attainment", "scorecard",
    "template", "assessment", "dossier", "rulesets", "plugins", "check-plugin", "schema",
    "rounds", "check", "both"}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cli-lang")
    good = root / "dossier.json"
    good.write_text(json.dumps(assessment(), ensure_ascii=False), "utf-8")
    answers = {c.id: c.options[-1].id for c in CARD7}
    answers["1.5"] = "1.5.bb"
    bad = root / "bad.json"
    bad.write_text(json.dumps(assessment(sheets=[{"answers": answers}])), "utf-8")
    broken = root / "broken.json"
    broken.write_text('{"product_set": 7,\n  "assessed_on": }', "utf-8")
    return {"good": good, "bad": bad, "broken": broken, "missing": root / "nope.json",
            "dir": root}


@pytest.fixture
def columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("OCOPKIT_LANG", raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    got = capsys.readouterr()
    return code, got.out, got.err


def _commands(files: dict[str, Path]) -> list[tuple[str, ...]]:
    """Every command, its help, and its usual failures."""
    g, b = str(files["good"]), str(files["bad"])
    return [
        ("demo",), ("demo", "--limit", "0"), ("score", g), ("score", b),
        ("score", str(files["broken"])), ("score", str(files["missing"])),
        ("score", str(files["dir"])), ("explain", g), ("certificates", "due", "--limit", "3"),
        ("attainment",), ("scorecard", "7"), ("scorecard", "7", "--ruleset", "vn-qd-1048-2019"),
        ("rulesets",), ("plugins",), ("schema",), ("rounds", "--on", "2027-04-30"),
        ("--help",), ("score", "--help"), ("certificates", "due", "--help"),
        ("template", "--help"), ("scorecard", "--help"), ("dossier", "check", "--help"),
        ("score",), ("demo", "--on", "2026-13-01"), ("demo", "--limit", "-1"),
        ("demo", "--bogus"), ("nosuchcommand",), ("scorecard", "99"),
        ("certificates", "due", "--within", "99999999999"),
    ]


@pytest.mark.slow
def test_every_command_in_vietnamese_fits_80_columns_and_has_no_english_word(
        columns: None, files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    for argv in _commands(files):
        for plugins in ((), ("--no-plugins",)):
            code, out, err = _run(capsys, *argv, "--lang", "vi", *plugins)
            assert code in (0, 1, 2), argv
            text = out + err
            assert text.strip(), argv
            wide = [line for line in text.splitlines() if width(line) > 80]
            assert not wide, (argv, wide)
            assert english_words(text, TARGET_IDS) == [], (argv, english_words(text,
                                                                               TARGET_IDS))
            assert "internal" not in text and "nội bộ" not in text, argv


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "both"])
def test_every_command_fits_80_columns_in_english_and_both(
        lang: str, columns: None, files: dict[str, Path],
        capsys: pytest.CaptureFixture[str]) -> None:
    for argv in _commands(files):
        code, out, err = _run(capsys, *argv, "--lang", lang)
        assert code in (0, 1, 2), argv
        wide = [line for line in (out + err).splitlines() if width(line) > 80]
        assert not wide, (argv, wide)


def test_the_width_follows_columns(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    _, out, _ = _run(capsys, "certificates", "due", "--on", "2026-11-23", "--limit", "3",
                     "--lang", "vi")
    assert max(width(line) for line in out.splitlines()) <= 72
    # the figures of a table are never cut: every certificate number and date is whole
    assert out.count("GCN-BK-0167-1") == 1 and "10/12/2026" in out
    # narrower than its figures, the table is as narrow as they allow, and no narrower
    monkeypatch.setenv("COLUMNS", "50")
    _, out, _ = _run(capsys, "certificates", "due", "--on", "2026-11-23", "--limit", "3",
                     "--lang", "vi")
    assert out.count("GCN-BK-0167-1") == 1 and "10/12/2026" in out
    monkeypatch.setenv("COLUMNS", "200")
    _, out, _ = _run(capsys, "certificates", "due", "--on", "2026-11-23", "--limit", "3",
                     "--lang", "vi")
    assert "Sản phẩm mẫu BK-0167" in out  # room enough: the text is not wrapped


def test_the_detector_catches_english(files: dict[str, Path]) -> None:
    """The check above can fail: English text is caught, codes and names are not."""
    assert english_words("rules: vn-qd-26-2026, policy highest-tier-met") == [
        (1, "rules"), (1, "policy")]
    assert english_words("trạng thái: window-closed") == [(1, "window-closed")]
    assert english_words("disqualified: HS") == [(1, "disqualified")]
    assert english_words("quy tắc: vn-qd-26-2026, chính sách highest-tier-met") == []
    assert english_words("  new-products: sản phẩm mới", TARGET_IDS) == []


def test_dates_and_numbers_follow_the_language(columns: None,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _, vi, _ = _run(capsys, "demo", "--lang", "vi")
    _, en, _ = _run(capsys, "demo", "--lang", "en")
    assert "49,6667…/100" in vi and "49.6667…/100" not in vi
    assert "49.6667…/100" in en and "49,6667…/100" not in en
    assert "23/11/2026" in vi and "2026-11-23" not in vi
    assert "2026-11-23" in en and "23/11/2026" not in en


def test_both_is_vietnamese_then_english(columns: None, files: dict[str, Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "score", str(files["good"]), "--lang", "both", "--no-plugins")
    flat = " ".join(out.split())
    assert flat.index("khung điểm 3 sao") < flat.index("score band 3★")
    _, _, err = _run(capsys, "score", str(files["bad"]), "--lang", "both", "--no-plugins")
    flat = " ".join(err.split())
    assert flat.index("không có phương án") < flat.index("has no option")
    assert flat.index("lỗi") < flat.index("problem")


def test_usage_errors_and_help_are_translated(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "score", "--lang", "vi")
    assert code == 2 and "lỗi: thiếu tham số bắt buộc" in err and "required" not in err
    code, _, err = _run(capsys, "score", "--lang", "en")
    assert code == 2 and "error: the following arguments are required" in err
    code, out, _ = _run(capsys, "--help", "--lang", "vi")
    assert code == 0
    assert "cách dùng:" in out and "tùy chọn:" in out and "usage:" not in out
    code, _, err = _run(capsys, "demo", "--on", "2026-13-01", "--lang", "vi")
    assert code == 2 and "ngày không hợp lệ" in err


def test_os_errors_are_translated(files: dict[str, Path],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "score", str(files["missing"]), "--lang", "vi")
    assert code == 1 and "No such file" not in err and "không" in err
    code, _, err = _run(capsys, "score", str(files["dir"]), "--lang", "en")
    assert code == 1 and "is a directory" in " ".join(err.split())


# --------------------------------------------------------------------------- listed glitches


def test_a_disqualified_dossier_has_no_dangling_dashes(capsys: pytest.CaptureFixture[str]) -> None:
    """Was ``86/100 → — — bị loại``: no stars and an empty decision, each with its dash."""
    for lang in ("vi", "en", "both"):
        _, out, _ = _run(capsys, "demo", "--lang", lang, "--no-plugins")
        line = " ".join(next(ln for ln in out.split("\n\n") if "TN-07" in ln).split())
        assert "— —" not in line and "→ —" not in line
        decision = {"vi": "86/100 — bị loại:", "en": "86/100 — disqualified:",
                    "both": "86/100 — bị loại:"}[lang]
        assert decision in line


def test_an_attainment_note_is_printed_once(columns: None,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Was: the commune count of ``products-per-commune`` printed twice (the target's note
    and the indicator's); and one note shared by three targets printed three times."""
    _, out, _ = _run(capsys, "attainment", "--plan", "vn-49-ocop-2021-2025", "--lang", "en",
                     "--as-of", "2026-11-23")
    flat = " ".join(out.split())
    assert flat.count("communes from the commune registry") == 1
    assert flat.count("proxy: subjects whose first OCOP certificate") == 1
    assert "new-organisations, new-enterprises, new-cooperatives:" in flat


def test_limit_zero_lists_nothing_and_counts_once(capsys: pytest.CaptureFixture[str]) -> None:
    """Was: ``--limit 0`` printed "none" and then "170 more not shown"."""
    for lang in ("vi", "en"):
        code, out, _ = _run(capsys, "certificates", "due", "--on", "2026-11-23",
                            "--limit", "0", "--lang", lang)
        assert code == 0
        flat = " ".join(out.split())
        assert "none" not in flat and "không có" not in flat
        assert "GCN-" not in flat
        assert flat.count("170") == 2  # "170 due …; 170 more not shown" — one count line
    _, out, _ = _run(capsys, "certificates", "due", "--on", "2026-11-23", "--limit", "0",
                     "--lang", "en")
    assert "170 due" in out and "170 more not shown" in " ".join(out.split())


def test_no_stray_separator_in_both(columns: None, capsys: pytest.CaptureFixture[str]) -> None:
    """Was: "… / ; 162 more not shown" — an empty half printed with its " / "."""
    for argv in (("demo",), ("certificates", "due", "--on", "2026-11-23", "--limit", "2")):
        _, out, _ = _run(capsys, *argv, "--lang", "both")
        flat = " ".join(out.split())
        assert " / ;" not in flat and "/ /" not in flat and " / )" not in flat
        assert not flat.endswith(" /") and "/ \n" not in out


# --------------------------------------------------------------------------- --json, new commands


def test_json_problems_go_to_stdout_with_the_same_exit_code(
        files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    for key, expected in (("bad", "unknown-option"), ("broken", "invalid-json"),
                          ("missing", None)):
        code, out, err = _run(capsys, "score", str(files[key]), "--json", "--no-plugins")
        code_text, _, _ = _run(capsys, "score", str(files[key]), "--no-plugins")
        assert code == code_text == 1
        doc = json.loads(out)
        assert doc["ok"] is False and doc["exit_code"] == 1
        codes = [p["code"] for p in doc["problems"]]
        assert codes and (expected is None or expected in codes)
        assert all(p["message_vi"] and p["message_en"] for p in doc["problems"])
        assert "Traceback" not in err


def test_scorecard_human_and_json(columns: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "scorecard", "7", "--lang", "vi")
    assert code == 0
    for c in CARD7:
        assert f"{c.id} " in out
    assert "Nguồn nguyên liệu" in out and "3★≥1" in out
    code, out, _ = _run(capsys, "scorecard", "7", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["ruleset_id"] == "vn-qd-26-2026"
    assert doc["scorecard"]["product_set"] == 7
    code, out, _ = _run(capsys, "scorecard", "7", "--ruleset", "vn-qd-1048-2019", "--json")
    assert code == 0 and json.loads(out)["ruleset_id"] == "vn-qd-1048-2019"
    code, out, err = _run(capsys, "scorecard", "99", "--lang", "en")
    assert code in (1, 2) and "99" in err and out == ""


def test_template_assessment_is_fillable_and_reads_back(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "template", "assessment", "7", "--on", "2026-06-15")
    assert code == 0
    doc = json.loads(out)
    assert doc["product_set"] == 7 and doc["assessed_on"] == "2026-06-15"
    (sheet,) = doc["sheets"]
    assert sheet["answers"] == {c.id: None for c in CARD7}
    # filled in, the template scores
    sheet["answers"] = {c.id: c.options[-1].id for c in CARD7}
    path = tmp_path / "filled.json"
    path.write_text(json.dumps(doc), "utf-8")
    code, out, err = _run(capsys, "score", str(path), "--lang", "en", "--no-plugins")
    assert code == 0, err
    assert "100/100" in out


def test_template_dossier_is_the_procedures_dossier(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "template", "dossier")
    assert code == 0
    doc = json.loads(out)
    assert doc["type"] == "commune-dossier"
    path = tmp_path / "dossier.json"
    path.write_text(out, "utf-8")
    code, _, err = _run(capsys, "dossier", "check", str(path), "--lang", "en",
                        "--on", "2027-03-01")
    assert code in (0, 1) and "Traceback" not in err and "internal" not in err


def test_the_shipped_sample_dossiers_are_accepted_by_score(
        capsys: pytest.CaptureFixture[str]) -> None:
    shipped = resources.files("ocopkit") / "data" / "samples" / "dossiers.json"
    with resources.as_file(shipped) as path:
        code, out, err = _run(capsys, "score", str(path), "--json", "--no-plugins")
    assert code == 0, err
    results = json.loads(out)
    assert len(results) == len(json.loads(shipped.read_text("utf-8"))["dossiers"])
