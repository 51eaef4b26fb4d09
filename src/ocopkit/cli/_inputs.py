"""What commands read: the plug-ins, assessment files, registries."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ocopkit import plugins
from ocopkit.certification import Portfolio
from ocopkit.errors import Problem, ValidationError
from ocopkit.io import RegistryImport, import_registry, load_assessments, read_communes
from ocopkit.plugins import Loaded
from ocopkit.rulesets import Rules
from ocopkit.samples import sample_portfolio
from ocopkit.scoring import Assessment

__all__ = ["load_plugins", "read_assessments", "read_portfolio", "read_text", "rules_of"]


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


def read_text(path: str) -> tuple[bytes, str]:
    if path == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    p = Path(path)
    try:
        return p.read_bytes(), p.name
    except OSError as exc:
        raise ValidationError([Problem(path, "unreadable-file",
                                       f"không đọc được tệp: {exc.strerror or exc}",
                                       f"cannot read the file: {exc.strerror or exc}")]) from None


def read_assessments(args: argparse.Namespace, rules: Rules) -> tuple[Assessment, ...]:
    data, name = read_text(args.file)
    return load_assessments(data, rules=rules, source=name)


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
