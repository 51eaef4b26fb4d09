"""The command line against hostile streams and inputs (issue 18, Deliver 1, CLI side).

A FIFO with no writer, a closed standard input or output, ``/dev/full``, a non-UTF-8
console, lone surrogates and terminal control characters in names, unbounded numbers,
``schema --write`` onto a file or an impossible folder, the calendar's last day: each is
a clear, bilingual message with the documented exit code — never a hang, a traceback
or an "internal error".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ocopkit import rulesets
from ocopkit.cli import main

SRC = Path(__file__).resolve().parents[1] / "src"
CARD7 = rulesets.get("vn-qd-26-2026").scorecard(7)
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX streams and FIFOs")

pytestmark = pytest.mark.slow


def _env(**more: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.setdefault("PYTHONIOENCODING", "utf-8")
    env.pop("OCOPKIT_DEBUG", None)
    env.update(more)
    return env


def _shell(script: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    """``script`` in ``sh``, with ``$OCOPKIT`` the command line; bytes, to check encodings."""
    command = f"{sys.executable} -m ocopkit"
    return subprocess.run(["sh", "-c", script.replace("$OCOPKIT", command)],
                          capture_output=True, env=_env(**env), timeout=60, check=False)


def _sane(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode("utf-8")
    assert "Traceback" not in err and "internal error" not in err and "nội bộ" not in err
    return " ".join(err.split())


def _dossier(path: Path, name: str) -> Path:
    doc: dict[str, Any] = {"product_set": 7, "assessed_on": "2026-06-15", "name": name,
                           "sheets": [{"answers": {c.id: c.options[-2].id for c in CARD7}}]}
    path.write_text(json.dumps(doc), "ascii")  # \u escapes: surrogates and controls too
    return path


@POSIX
def test_a_fifo_with_no_writer_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result = _shell(f"$OCOPKIT score '{fifo}' --lang en --no-plugins")
    assert result.returncode == 1
    assert "no writer" in _sane(result)


@POSIX
def test_score_from_a_closed_stdin() -> None:
    result = _shell("$OCOPKIT score - --lang en --no-plugins <&-")
    assert result.returncode == 1
    assert "standard input is closed" in _sane(result)


@POSIX
def test_a_closed_stdout_is_an_error() -> None:
    """Was: ``demo >&-`` exited 0 with nothing written."""
    result = _shell("$OCOPKIT demo --no-plugins --lang en >&-")
    assert result.returncode == 1
    assert "cannot write to standard output" in _sane(result)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_writing_to_dev_full_is_an_error() -> None:
    result = _shell("$OCOPKIT demo --no-plugins --lang en >/dev/full")
    assert result.returncode == 1
    assert "no space left" in _sane(result)


def test_an_ascii_console_gets_ascii_not_an_error() -> None:
    for lang in ("vi", "both"):
        result = _shell(f"$OCOPKIT demo --no-plugins --lang {lang}", PYTHONIOENCODING="ascii")
        assert result.returncode == 0, result.stderr
        result.stdout.decode("ascii")  # every byte ASCII: marks dropped, ★ spelt out
        _sane(result)
    result = _shell("$OCOPKIT scorecard 7 --json", PYTHONIOENCODING="ascii")
    assert result.returncode == 0
    doc = json.loads(result.stdout.decode("ascii"))  # ASCII-escaped JSON, same data
    assert doc["scorecard"]["name"] == "Chế biến từ rau, củ, quả, hạt"


def test_control_bidi_and_surrogate_characters_are_escaped(tmp_path: Path) -> None:
    """Was: ESC and bidi controls printed raw; a lone surrogate an "internal error" (and
    invalid UTF-8 with ``--json``). A name holding a lone surrogate is now refused on read
    (issue 18.4: not valid Unicode text); the refusal is printed escaped, in valid UTF-8."""
    hostile = _dossier(tmp_path / "esc.json", "Trà\x1b[31m đỏ\u202eX")
    result = _shell(f"$OCOPKIT score '{hostile}' --lang en --no-plugins")
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")  # valid UTF-8
    assert "\x1b" not in out and "\u202e" not in out
    assert "\\x1b[31m" in out and "\\u202e" in out
    _sane(result)
    result = _shell(f"$OCOPKIT score '{hostile}' --json --no-plugins")
    assert result.returncode == 0
    text = result.stdout.decode("utf-8")
    assert "\x1b" not in text and "\u202e" not in text
    (evaluation,) = json.loads(text)
    assert evaluation["assessment"]["name"] == "Trà\x1b[31m đỏ\u202eX"  # same data
    surrogate = _dossier(tmp_path / "sur.json", "Trà\udc80")
    for extra in ("--lang en", "--json"):
        result = _shell(f"$OCOPKIT score '{surrogate}' {extra} --no-plugins")
        assert result.returncode == 1
        both = (result.stdout + result.stderr).decode("utf-8")  # valid UTF-8
        assert "invalid-text" in both or "lone surrogate" in both
        assert "internal error" not in both


@pytest.mark.parametrize("argv", [
    ["certificates", "due", "--within", "99999999999"],
    ["certificates", "due", "--limit", "99999999999999999999"],
    ["demo", "--limit", "-1"],
    ["demo", "--on", "9999-12-31"],
    ["certificates", "due", "--on", "0001-01-01"],
])
def test_bounded_arguments_are_usage_errors(argv: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*argv, "--lang", "en", "--no-plugins"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "error:" in err and "internal" not in err


def test_schema_write_onto_a_file_or_an_impossible_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "taken"
    a_file.write_text("x", "utf-8")
    for target in (a_file, a_file / "below", Path("/proc/no/such/folder")):
        assert main(["schema", "--write", str(target), "--lang", "en"]) == 1
        err = " ".join(capsys.readouterr().err.split())
        assert "cannot write the schemas" in err and "internal" not in err
    assert a_file.read_text("utf-8") == "x"  # untouched


def test_demo_near_the_calendars_end_answers(capsys: pytest.CaptureFixture[str]) -> None:
    """The last day the CLI takes: the 36-month arithmetic of every certificate still
    gives an answer (the days past 2999 are refused as usage errors above)."""
    assert main(["demo", "--on", "2999-12-31", "--lang", "en", "--no-plugins"]) == 0
    assert main(["certificates", "due", "--on", "2999-12-31", "--within", "36525",
                 "--lang", "en"]) == 0
    assert "internal" not in capsys.readouterr().err
