"""``check_plugin(name, isolated=True)``: the check run in a child process.

The child (``python -m ocopkit.plugins._child NAME RESULT_FILE``) runs
:func:`~ocopkit.plugins.check_plugin` in-process, with the parent's
:class:`~ocopkit.plugins.Limits` and ``sys.path``, and writes the problems found to
``RESULT_FILE`` as a JSON list of ``[path, code, message_vi, message_en, suggestion]``
(a private protocol between two copies of ocopkit, not a serialisation of domain
objects). The parent kills the child — and everything it started — if it is still
running ``3 × timeout + 5`` seconds after it was started (the check's three stages,
import, hooks and verification, plus the interpreter's start-up), which an
in-process time-out cannot do for a plug-in stuck in C code; and it reports a child
that ended without a result (a plug-in calling ``os._exit``, a crash) instead of
ending with it. Nothing the plug-in does in the child reaches the parent's memory.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from ocopkit.errors import Problem

from ._guard import ENV_MAX_CONTRIBUTIONS, ENV_TIMEOUT, Limits

__all__ = ["check_in_child"]

#: Seconds allowed for the child interpreter to start and import ocopkit.
STARTUP_SECONDS = 5.0


def _deadline(limits: Limits) -> float | None:
    return None if limits.timeout is None else STARTUP_SECONDS + 3 * limits.timeout


def _problem(name: str, vi: str, en: str) -> Problem:
    return Problem(f"plugin {name}", "check-failed", vi, en)


def _read(path: Path, name: str) -> list[Problem] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, list):
        return None
    out = []
    for row in data:
        if not (isinstance(row, list) and len(row) == 5
                and all(type(v) is str for v in row[:4])
                and (row[4] is None or type(row[4]) is str)):
            return None
        out.append(Problem(*row))
    return out


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except OSError:  # pragma: no cover - it ended on its own meanwhile
        pass
    proc.wait()


def check_in_child(name: str, limits: Limits, *, deadline: float | None = None) -> list[Problem]:
    """Check the installed plug-in ``name`` in a child process (see the module docstring).

    ``deadline`` (seconds) replaces the default ``3 × timeout + 5``.
    """
    wait = deadline if deadline is not None else _deadline(limits)
    env = dict(os.environ)
    env[ENV_TIMEOUT] = "none" if limits.timeout is None else repr(limits.timeout)
    env[ENV_MAX_CONTRIBUTIONS] = str(limits.max_contributions)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if isinstance(p, str) and p)
    with tempfile.TemporaryDirectory(prefix="ocopkit-check-") as tmp:
        result = Path(tmp) / "problems.json"
        proc = subprocess.Popen(
            [sys.executable, "-m", "ocopkit.plugins._child", name, str(result)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env, start_new_session=os.name == "posix")
        try:
            code = proc.wait(wait)
        except subprocess.TimeoutExpired:
            _kill(proc)
            return [Problem(
                f"plugin {name}", "plugin-timeout",
                f"việc kiểm tra plug-in {name} không xong trong {wait:g} giây nên đã bị dừng "
                f"({ENV_TIMEOUT})",
                f"checking plug-in {name} did not finish within {wait:g} s and was stopped "
                f"({ENV_TIMEOUT} sets the budget)")]
        except BaseException:
            _kill(proc)
            raise
        problems = _read(result, name) if code == 0 else None
    if problems is None:
        return [_problem(
            name, f"tiến trình kiểm tra plug-in {name} kết thúc mà không có kết quả "
                  f"(mã thoát {code}): plug-in có thể đã tự kết thúc tiến trình",
            f"the process checking plug-in {name} ended without a result (exit status "
            f"{code}): the plug-in may end the process it runs in (os._exit, a crash)")]
    return problems
