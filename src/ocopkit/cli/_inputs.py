"""What commands read: the plug-ins, assessment files, registries."""

from __future__ import annotations

import argparse
import os
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

from ocopkit import plugins
from ocopkit.certification import Portfolio
from ocopkit.errors import Problem, ValidationError
from ocopkit.io import (
    RegistryImport,
    from_dict,
    import_registry,
    load_assessments,
    parse_json,
    read_communes,
)
from ocopkit.plugins import Loaded
from ocopkit.rulesets import Rules
from ocopkit.samples import sample_portfolio
from ocopkit.scoring import Assessment

from ._streams import closed, os_error_text

__all__ = [
    "MAX_INPUT_BYTES",
    "load_plugins",
    "read_assessments",
    "read_portfolio",
    "read_text",
    "rules_of",
]


def progress_meter() -> Callable[[int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(n: int) -> None:
        sys.stderr.write(f"\r… {n} rows / dòng")
        sys.stderr.flush()

    return show


def end_progress(progress: Callable[[int], None] | None) -> None:
    if progress is not None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def load_plugins(args: argparse.Namespace) -> Loaded:
    return plugins.load(autoload=False if args.no_plugins else None)


def rules_of(args: argparse.Namespace) -> Rules:
    return load_plugins(args).rules


#: The most a command reads from one input file or from standard input
#: (``OCOPKIT_MAX_INPUT_BYTES`` changes it).
MAX_INPUT_BYTES = 256 * 1024 * 1024


def _max_input() -> int:
    raw = os.environ.get("OCOPKIT_MAX_INPUT_BYTES", "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 19 else MAX_INPUT_BYTES


def _refuse(path: str, code: str, vi: str, en: str) -> ValidationError:
    return ValidationError([Problem(path, code, vi, en)],
                           "không đọc được đầu vào / cannot read the input")


def _read_all(fd: int, path: str) -> bytes:
    limit = _max_input()
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise _refuse(path, "input-too-large",
                          f"đầu vào lớn hơn {limit} byte (OCOPKIT_MAX_INPUT_BYTES)",
                          f"the input is larger than {limit} bytes (OCOPKIT_MAX_INPUT_BYTES)")
        chunks.append(chunk)


def read_text(path: str) -> tuple[bytes, str]:
    """The bytes of ``path`` (``-``: standard input) and the name problems are located by.

    A regular file is read; a named pipe (FIFO, e.g. ``<(…)`` of the shell) is opened
    without waiting for a writer, so a pipe nobody writes to is an error instead of a
    hang; a directory, a device or a socket is refused. Standard input closed when the
    command started is an error. At most :data:`MAX_INPUT_BYTES` are read.
    """
    if path == "-":
        stdin = sys.stdin
        if stdin is None or closed(stdin):
            raise _refuse("<stdin>", "stdin-closed", "đầu vào chuẩn đã bị đóng",
                          "standard input is closed")
        try:
            buffer = stdin.buffer
            fd = buffer.fileno()
        except (AttributeError, OSError, ValueError):  # an in-memory stream
            data = stdin.read()
            return (data.encode("utf-8", "surrogatepass") if isinstance(data, str)
                    else data), "<stdin>"
        return _read_all(fd, "<stdin>"), "<stdin>"
    name = Path(path).name or path
    try:
        info = os.stat(path)
        kind = info.st_mode
        if stat.S_ISDIR(kind):
            raise _refuse(path, "not-a-file", "đây là một thư mục, không phải tệp",
                          "is a directory, not a file")
        if not (stat.S_ISREG(kind) or stat.S_ISFIFO(kind)):
            raise _refuse(path, "not-a-file",
                          "không phải tệp thông thường (thiết bị hoặc socket)",
                          "not a regular file (a device or a socket)")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            if stat.S_ISFIFO(kind):
                os.set_blocking(fd, True)  # the writer, if any, is there: wait for its data
            data = _read_all(fd, path)
        finally:
            os.close(fd)
    except OSError as exc:
        vi, en = os_error_text(exc)
        raise _refuse(path, "unreadable-file", f"không đọc được tệp: {vi}",
                      f"cannot read the file: {en}") from None
    if not data and stat.S_ISFIFO(kind):
        raise _refuse(path, "empty-pipe", "đường ống không có dữ liệu (không có bên ghi)",
                      "nothing came through the pipe (no writer)")
    return data, name


def _rebased(problems: Iterable[Problem], prefix: str) -> list[Problem]:
    return [attrs.evolve(p, path=prefix + p.path[1:]) if p.path.startswith("$") else p
            for p in problems]


def read_assessments(args: argparse.Namespace, rules: Rules) -> tuple[Assessment, ...]:
    """The assessments of ``args.file``: one assessment, a list of them, or a *dossiers
    document* — ``{"dossiers": [{"assessment": {…}, …}, …]}``, the form of the bundled
    ``data/samples/dossiers.json`` (other keys are descriptions and are not read)."""
    data, name = read_text(args.file)
    if b'"dossiers"' not in data or not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return load_assessments(data, rules=rules, source=name)  # parsed once
    value, problems = parse_json(data, source=name)
    if not (isinstance(value, dict) and "dossiers" in value):
        return load_assessments(data, rules=rules, source=name)
    found = list(problems)
    entries = value["dossiers"]
    if not isinstance(entries, list):
        raise ValidationError([*found, Problem(
            "$.dossiers", "invalid-dossiers", "'dossiers' phải là một danh sách",
            "'dossiers' must be a list")], "invalid assessment / phiếu đánh giá không hợp lệ")
    out: list[Assessment] = []
    for i, entry in enumerate(entries):
        where = f"$.dossiers[{i}]"
        if not isinstance(entry, dict) or "assessment" not in entry:
            found.append(Problem(where, "invalid-dossiers",
                                 "mỗi mục phải là một đối tượng có khóa 'assessment'",
                                 "each entry must be an object with an 'assessment'"))
            continue
        try:
            out.append(from_dict(entry["assessment"], Assessment, rules=rules))
        except ValidationError as exc:
            found.extend(_rebased(exc.problems, f"{where}.assessment"))
    if found:
        raise ValidationError(found, "invalid assessment / phiếu đánh giá không hợp lệ")
    return tuple(out)


def read_portfolio(args: argparse.Namespace) -> tuple[Portfolio, RegistryImport | None]:
    """The registry in ``args.registry`` (a folder) and what reading it found, or the
    bundled sample portfolio (and ``None``)."""
    if args.registry is None:
        return sample_portfolio(), None
    progress = progress_meter()
    communes: Any = args.communes
    if communes not in (None, "national", "none"):
        folder = Path(communes)
        communes = read_communes(folder / "communes.csv" if folder.is_dir() else folder,
                                 (folder if folder.is_dir() else folder.parent)
                                 / "districts.csv")
    try:
        found = import_registry(directory=args.registry, progress=progress,
                                strict=args.strict, communes=communes)
    finally:
        end_progress(progress)
    return found.portfolio, found
