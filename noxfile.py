"""Developer and CI tasks. A bare ``nox`` runs what CI needs.

Sessions read their dependencies from ``[dependency-groups]`` in pyproject.toml.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "extract", "tests", "docs", "plugins", "dist"]
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
def fuzz(session: nox.Session) -> None:
    """The fuzz tests of the public JSON readers (issue 18) with the long ``fuzz`` profile
    (optional: the default sessions run them with the short one)."""
    session.install("-e", ".", *group("test"))
    session.env["HYPOTHESIS_PROFILE"] = "fuzz"
    session.run("pytest", "-q", "tests/test_fuzz_json.py", *session.posargs)


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
    session.run("python", "tools/check_site.py", "docs/_build/html")
    session.run("pytest", "-q", "README.md", "docs", "src/ocopkit")


@nox.session
def extract(session: nox.Session) -> None:
    """Regenerate the shipped data byte for byte (``--check``).

    The national commune registry from ``vietnamadminunits``; 26/2026 from its transcript
    in tools/sources; 1048/2019 from the official Word file
    and its oracle report from the two transcriptions, when the shared reference folder
    is present (``$OCOPKIT_REFERENCE``, default ../shared/reference); otherwise the
    session says so and skips those two. antiword is installed with apt-get when missing
    and the session runs as root (as in CI).
    """
    session.install("-e", ".")
    session.run("python", "tools/extract_qd26.py", "--check")
    # the national commune registry, from the pinned vietnamadminunits (MIT); --no-deps:
    # the generator reads its data files only
    session.install("--no-deps", "vietnamadminunits==1.0.4")
    session.run("python", "tools/make_communes.py", "--check")
    reference = Path(os.environ.get("OCOPKIT_REFERENCE", ROOT.parent / "shared" / "reference"))
    if not (reference / "qd-1048-2019").is_dir():
        session.log(f"skipped the 1048 checks: no shared reference folder at {reference}")
        return
    if shutil.which("antiword") is None and hasattr(os, "geteuid") and os.geteuid() == 0:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", "antiword", external=True,
                    env={"DEBIAN_FRONTEND": "noninteractive"})
    session.run("python", "tools/oracle_1048.py", "--check")
    if shutil.which("antiword") is None:
        session.skip("the 1048 extraction check needs antiword (apt-get install antiword)")
    session.run("python", "tools/extract_1048.py", "--check")


@nox.session
def plugins(session: nox.Session) -> None:
    """Install every province plug-in against the working core and run its tests."""
    session.install("-e", ".", "pytest", "hypothesis")
    for path in PLUGINS:
        session.install("-e", str(path))
    for path in PLUGINS:
        session.run("pytest", "-p", "no:cacheprovider", "--rootdir", str(path), str(path / "tests"))
    # the template's examples cover every hook: they must keep passing
    template = ROOT / "plugins" / "TEMPLATE"
    session.install("-e", str(template))
    session.run("pytest", "-p", "no:cacheprovider", "--rootdir", str(template),
                str(template / "tests"))
    # the core's snapshot of the seed plans is what the plug-ins register
    session.run("python", "tools/make_sample_plans.py", "--check")


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


@nox.session
def dist(session: nox.Session) -> None:
    """The installed wheel is the product: build the wheel and the sdist, then, each in a
    fresh virtual environment, (1) the wheel alone: its files, ``ocopkit demo`` and a
    consumer script type-checked with ``mypy --strict`` against it; (2) the sdist: its
    test suite, run against the package installed from it."""
    import shutil
    import tarfile
    import tempfile
    import zipfile

    session.install("build")
    out = Path(tempfile.mkdtemp(prefix="ocopkit-dist-"))
    session.run("python", "-m", "build", "--outdir", str(out), str(ROOT))
    (wheel,) = out.glob("*.whl")
    (sdist,) = out.glob("*.tar.gz")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("ocopkit/py.typed", "ocopkit/data/qd-26-2026.json",
                   "ocopkit/data/samples/plans.json"):
        if needed not in names:
            session.error(f"{wheel.name} lacks {needed}")
    if any(n.startswith(("tests/", "plugins/", "tools/")) for n in names):
        session.error(f"{wheel.name} ships files outside the package")
    # (1) the wheel alone
    session.install(str(wheel))
    work = Path(tempfile.mkdtemp(prefix="ocopkit-wheel-"))
    session.chdir(work)  # nothing from the source tree on sys.path
    session.run("ocopkit", "demo", silent=True)
    session.run("python", "-c", "import ocopkit, pathlib; "
                "assert (pathlib.Path(ocopkit.__file__).parent / 'py.typed').is_file()")
    session.install("mypy", "types-python-dateutil")
    shutil.copy(ROOT / "tests" / "typing" / "consumer.py", work / "consumer.py")
    session.run("mypy", "--strict", "--no-incremental", "consumer.py")
    session.run("python", "consumer.py")
    # (2) the sdist's tests against the package installed from the sdist
    session.install("--force-reinstall", "--no-deps", str(sdist))
    session.install(*group("test"))
    unpacked = Path(tempfile.mkdtemp(prefix="ocopkit-sdist-"))
    with tarfile.open(sdist) as tar:
        tar.extractall(unpacked, filter="data")
    (tree,) = unpacked.iterdir()
    session.chdir(tree)
    session.env["HYPOTHESIS_PROFILE"] = "ci"
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests",
                "README.md", "docs")
