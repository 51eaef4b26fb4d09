"""Developer and CI tasks. A bare ``nox`` runs what CI needs.

Sessions read their dependencies from ``[dependency-groups]`` in pyproject.toml.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "tests", "docs", "plugins"]
nox.options.error_on_missing_interpreters = False

PYPROJECT = nox.project.load_toml("pyproject.toml")
ROOT = Path(__file__).parent
PLUGINS = sorted(p for p in (ROOT / "plugins").glob("ocopkit-*") if (p / "pyproject.toml").exists())


def group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def tests(session: nox.Session) -> None:
    """The unit, doc-example and (fast-profile) property tests."""
    session.install("-e", ".", *group("test"))
    session.env["HYPOTHESIS_PROFILE"] = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    session.run("pytest", *session.posargs)


@nox.session
def property(session: nox.Session) -> None:
    """Only the hypothesis property tests, with a much larger example budget."""
    session.install("-e", ".", *group("test"))
    session.env["HYPOTHESIS_PROFILE"] = "thorough"
    session.run("pytest", "-m", "property", "tests", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff over everything that is Python, and the layers contract (import-linter)."""
    session.install("-e", ".", *group("lint"))
    session.run("ruff", "check", "src", "tests", "tools", "benchmarks", "plugins", "noxfile.py",
                "conftest.py")
    session.run("lint-imports")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the library."""
    session.install("-e", ".", *group("typecheck"))
    session.run("mypy", "--strict", "src/ocopkit")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx site (-W -n, notebook executed) and run every documented example.

    The examples of README.md and docs/*.md run through Sybil and the docstring examples
    through ``--doctest-modules``, each in its real namespace (Sphinx's own doctest
    builder would run docstrings outside their modules).
    """
    session.install("-e", ".", *group("docs"), "sybil>=6")
    session.run("python", "tools/make_reference.py", "--check")
    session.run("sphinx-build", "-W", "-n", "--keep-going", "-b", "html", "docs",
                "docs/_build/html")
    session.run("pytest", "-q", "README.md", "docs", "src/ocopkit")


@nox.session
def plugins(session: nox.Session) -> None:
    """Install every province plug-in against the working core and run its tests."""
    session.install("-e", ".", "pytest", "hypothesis")
    for path in PLUGINS:
        session.install("-e", str(path))
    for path in PLUGINS:
        session.run("pytest", "-p", "no:cacheprovider", "--rootdir", str(path), str(path / "tests"))


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks (speed and memory targets); zen-engine is installed here only."""
    session.install("-e", ".[batch]", *PLUGINS_INSTALL(), "zen-engine")
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session
def dask(session: nox.Session) -> None:
    """The batch scorer per partition of a Dask DataFrame on a local process cluster
    (optional: not in the default list)."""
    session.install("-e", ".[batch]", "pytest", "hypothesis", "pandas", "dask[dataframe]",
                    "distributed")
    session.env["OCOPKIT_DASK"] = "1"
    session.run("pytest", "-q", "-p", "no:cacheprovider", "tests/test_dask.py", *session.posargs)


def PLUGINS_INSTALL() -> list[str]:  # noqa: N802 - reads like a constant at the call site
    out: list[str] = []
    for path in PLUGINS:
        out += ["-e", str(path)]
    return out
