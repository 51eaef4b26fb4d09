"""The ``ocopkit`` command line: every command, exit codes, JSON output, no tracebacks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from ocopkit import rulesets
from ocopkit.cli import DEMO_DATE, main
from ocopkit.io import from_json, json_schema, schema_names
from ocopkit.io import render_schema as render
from ocopkit.scoring import Assessment, evaluate

SRC = Path(__file__).resolve().parents[1] / "src"
CARD7 = rulesets.get("vn-qd-26-2026").scorecard(7)


def run(*args: str, stdin: str | None = None,
        script: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["PYTHONIOENCODING"] = "utf-8"
    cmd = [script, *args] if script else [sys.executable, "-m", "ocopkit", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=60, check=False)


def assessment(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "product_set": 7, "assessed_on": "2026-06-15", "province": "22",
        "name": "Mứt gừng Mẫu", "product_code": "22-06733-3-2026",
        "sheets": [{"scorer": "A", "answers": {c.id: c.options[-2].id for c in CARD7}}],
    }
    doc.update(changes)
    return doc


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    path = tmp_path / "dossier.json"
    path.write_text(json.dumps(assessment(), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def bad_dossier(tmp_path: Path) -> Path:
    answers = {c.id: c.options[-1].id for c in CARD7}
    answers["1.5"] = "1.5.bb"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(assessment(sheets=[{"answers": answers}])), encoding="utf-8")
    return path


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


def flat(text: str) -> str:
    """``text`` with its line breaks and indentation (the fitting to the width) undone."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- subprocess


@pytest.mark.slow
def test_version_and_help() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("ocopkit ")
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "score", "explain", "certificates", "attainment", "rulesets",
                    "plugins", "check-plugin", "schema"):
        assert command in result.stdout


@pytest.mark.slow
def test_console_script_if_installed() -> None:
    script = shutil.which("ocopkit")
    if script is None:
        pytest.skip("the ocopkit console script is not on PATH (package not installed)")
    result = run("rulesets", "--lang", "en", script=script)
    assert result.returncode == 0
    assert "vn-qd-26-2026" in result.stdout


@pytest.mark.slow
def test_score_human_and_json(dossier: Path) -> None:
    result = run("score", str(dossier), "--no-plugins")
    assert result.returncode == 0, result.stderr
    assert "Mứt gừng Mẫu" in result.stdout
    assert "★" in result.stdout
    result = run("--json", "score", str(dossier), "--no-plugins")
    data = json.loads(result.stdout)
    assert data[0]["assessment"]["name"] == "Mứt gừng Mẫu"
    assert Fraction(data[0]["total"]) == evaluate(
        from_json(dossier.read_text("utf-8"), Assessment)).total


@pytest.mark.slow
def test_score_errors_are_bilingual_located_and_exit_1(bad_dossier: Path) -> None:
    result = run("score", str(bad_dossier))
    assert result.returncode == 1
    no_traceback(result)
    err = flat(result.stderr)
    assert "$.sheets[0].answers['1.5']" in err
    assert "has no option '1.5.bb'" in err
    assert "không có phương án" in err
    assert "did you mean '1.5.b'?" in err
    assert result.stdout == ""


@pytest.mark.slow
def test_score_from_stdin_and_malformed_json() -> None:
    text = json.dumps([assessment(), assessment(name="Thứ hai")], ensure_ascii=False)
    result = run("score", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 2
    result = run("score", "-", "--lang", "vi", stdin='{"product_set": 7,\n "x": }')
    assert result.returncode == 1
    no_traceback(result)
    assert "<stdin>:2:7" in result.stderr
    assert "JSON không hợp lệ" in result.stderr
    assert "invalid JSON" not in result.stderr


@pytest.mark.slow
def test_explain_prints_the_trace_and_the_gap(dossier: Path) -> None:
    result = run("explain", str(dossier), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "criterion" in result.stdout
    assert "next star:" in result.stdout
    assert "1.5 " in result.stdout
    result = run("explain", str(dossier), "--json")
    data = json.loads(result.stdout)
    assert set(data[0]) == {"evaluation", "gap"}


@pytest.mark.slow
def test_certificates_due_on_the_sample_and_on_a_registry(tmp_path: Path) -> None:
    pytest.importorskip("ocopkit.samples")
    result = run("certificates", "due", "--within", "180", "--on", "2026-11-23", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "GCN-" in result.stdout
    assert "★" in result.stdout
    result = run("certificates", "due", "--on", "23/11/2026", "--json", "--limit", "3")
    data = json.loads(result.stdout)
    assert data["on"] == "2026-11-23"
    assert data["due"]
    registry = _registry(tmp_path)
    result = run("certificates", "due", "--on", "2029-06-01", str(registry), "--json")
    assert result.returncode == 0, result.stderr
    assert [d["certificate"]["number"] for d in json.loads(result.stdout)["due"]] == ["GCN-1"]


def _registry(folder: Path, *, broken: bool = False) -> Path:
    (folder / "reg").mkdir(exist_ok=True)
    reg = folder / "reg"
    (reg / "subjects.csv").write_text(
        "Mã chủ thể,Tên chủ thể,Loại hình,Tỉnh\ns1,HTX Mẫu,HTX,Quảng Ninh\n", encoding="utf-8")
    (reg / "products.csv").write_text(
        "Mã sản phẩm,Tên sản phẩm,Bộ sản phẩm,Mã chủ thể,Hạng sao,Số quyết định,Ngày cấp,"
        "Số giấy chứng nhận\n"
        "22-06733-3-2026,Trà hoa vàng,12,s1,4 sao,1/QĐ-UBND,01/08/2026,GCN-1\n"
        + ("22-06733-4-2026,Trà hỏng,99,s1,9 sao,1/QĐ-UBND,31/02/2026,GCN-2\n" if broken
           else ""),
        encoding="utf-8")
    (reg / "certificates.csv").write_text("number,product,stars,decision_number,issued_on\n",
                                          encoding="utf-8")
    return reg


@pytest.mark.slow
def test_registry_problems_exit_1_but_still_answer(tmp_path: Path) -> None:
    reg = _registry(tmp_path, broken=True)
    result = run("certificates", "due", "--on", "2029-06-01", str(reg), "--lang", "en")
    assert result.returncode == 1
    no_traceback(result)
    assert "products.csv:3:Bộ sản phẩm" in result.stderr
    assert "products.csv:3:Hạng sao" in result.stderr
    assert "GCN-1" in result.stdout
    result = run("certificates", "due", str(reg), "--strict")
    assert result.returncode == 1
    assert "GCN-1" not in result.stdout


@pytest.mark.slow
def test_attainment_of_one_plan() -> None:
    pytest.importorskip("ocopkit.samples")
    result = run("attainment", "--plan", "vn-06-ocop-2021-2025", "--as-of", "2023-12-31")
    assert result.returncode == 0, result.stderr
    assert "218" in result.stdout
    result = run("attainment", "--plan", "vn-06-ocop-2021-2026", "--lang", "en")
    assert result.returncode == 1
    assert "did you mean 'vn-06-ocop-2021-2025'?" in result.stderr
    result = run("attainment", "--json", "--as-of", "2023-12-31")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 5


@pytest.mark.slow
def test_reference_commands() -> None:
    result = run("rulesets", "--json")
    data = json.loads(result.stdout)
    assert [r["id"] for r in data][-1] == "vn-qd-26-2026"
    assert all(r["content_hash"].startswith("sha256:") for r in data)
    result = run("plugins", "--json", "--no-plugins")
    assert result.returncode == 0
    assert json.loads(result.stdout)["plugins"][0]["name"] == "ocopkit.national"
    result = run("check-plugin", "ocopkit-no-such-plugin")
    assert result.returncode == 1
    assert "unknown-plugin" in result.stdout or "no installed plug-in" in result.stdout


@pytest.mark.slow
def test_schema_command(tmp_path: Path) -> None:
    result = run("schema")
    assert result.stdout.split() == list(schema_names())
    result = run("schema", "assessment")
    assert json.loads(result.stdout) == json_schema("assessment")
    result = run("schema", "--write", str(tmp_path))
    assert result.returncode == 0
    for name in schema_names():
        assert (tmp_path / f"{name}.json").read_text("utf-8") == render(json_schema(name))
    result = run("schema", "asessment")
    assert result.returncode == 1
    assert "did you mean 'assessment'?" in result.stderr


@pytest.mark.slow
def test_demo_runs() -> None:
    result = run("demo")
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert DEMO_DATE.isoformat() in result.stdout
    assert "== 1." in result.stdout
    assert "== 3." in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ("bogus",), ("score",), ("certificates",), ("demo", "--on", "2026-13-01"),
    ("certificates", "due", "--within", "-3"), ("--lang", "fr", "rulesets"),
])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    no_traceback(result)
    assert "error" in result.stderr


# --------------------------------------------------------------------------- in-process


@pytest.mark.parametrize("command", [
    ["demo"], ["score"], ["explain"], ["certificates"], ["certificates", "due"], ["attainment"],
    ["rulesets"], ["plugins"], ["check-plugin"], ["schema"],
])
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: ocopkit" in out
    assert "--json" in out


def test_missing_file_and_directory_are_data_errors(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(tmp_path / "nope.json")]) == 1
    assert "unreadable-file" not in capsys.readouterr().err  # the message, not the code
    assert main(["score", str(tmp_path)]) == 1
    err = flat(capsys.readouterr().err)
    assert "is a directory" in err
    assert "Traceback" not in err


def test_lang_option_selects_messages(bad_dossier: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(bad_dossier), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "has no option" in err
    assert "không có phương án" not in err
    assert main(["--lang", "vi", "score", str(bad_dossier)]) == 1
    err = capsys.readouterr().err
    assert "không có phương án" in err
    assert "has no option" not in err


def test_demo_is_reproducible_and_scores_dossiers(capsys: pytest.CaptureFixture[str]) -> None:
    samples = pytest.importorskip("ocopkit.samples")
    if not hasattr(samples, "sample_dossiers"):
        pytest.skip("ocopkit.samples.sample_dossiers is not there yet")
    assert main(["demo", "--lang", "en", "--no-plugins"]) == 0
    first = capsys.readouterr().out
    assert main(["demo", "--lang", "en", "--no-plugins"]) == 0
    assert capsys.readouterr().out == first
    assert "next star:" in first
    assert "★★★★" in first
    assert "not available yet" not in first
    assert main(["demo", "--json", "--no-plugins", "--on", "2027-01-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["on"] == "2027-01-01"
    assert len(data["dossiers"]) == len(samples.sample_dossiers())
    assert len(data["attainment"]) == 5


def test_unexpected_errors_never_show_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*_: Any) -> int:
        raise RuntimeError("kaput")

    monkeypatch.setattr("ocopkit.cli._main.cmd_rulesets", boom)
    monkeypatch.delenv("OCOPKIT_DEBUG", raising=False)
    assert main(["rulesets"]) == 1
    err = capsys.readouterr().err
    assert "internal error" in err
    assert "kaput" in err
    assert "Traceback" not in err


def test_certificates_due_default_date_is_today(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    assert main(["certificates", "due", str(reg), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["on"] == date.today().isoformat()


def test_progress_is_shown_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    rows = "".join(f"s{i},Hộ {i},household,01@34\n" for i in range(2, 700))
    with open(reg / "subjects.csv", "a", encoding="utf-8") as f:
        f.write(rows.replace("Hộ", "Ho"))
    assert main(["certificates", "due", str(reg), "--on", "2029-06-01"]) == 0
    assert "…" not in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["certificates", "due", str(reg), "--on", "2029-06-01"]) == 0
    assert "\r… 500 rows / dòng" in capsys.readouterr().err
