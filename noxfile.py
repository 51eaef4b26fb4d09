"""Developer and CI tasks. A bare ``nox`` runs what CI needs.

Sessions read their dependencies from ``[dependency-groups]`` in pyproject.toml.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "typecheck", "extract", "tests", "docs", "plugins", "dist"]
nox.options.error_on_missing_interpreters = False

PYPROJECT = nox.project.load_toml("pyproject.toml")
ROOT = Path(__file__).parent
PLUGINS = sorted(p for p in (ROOT / "plugins").glob("ocopkit-*") if (p / "pyproject.toml").exists())


#: How the whole suite runs in the sessions that run it all (one worker per CPU; a file's
#: tests together, since the examples of one document build on each other).
PARALLEL = ("-n", "auto", "--dist", "loadfile")


def group(name: str) -> list[str]:
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def tests(session: nox.Session) -> None:
    """The unit, doc-example and (fast-profile) property tests, on every CPU (pytest-xdist;
    ``--dist loadfile`` keeps each file, and so each document's examples, in one worker)."""
    session.install("-e", ".", *group("test"))
    session.env["HYPOTHESIS_PROFILE"] = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    session.run("pytest", *(session.posargs or PARALLEL))


@nox.session
def property(session: nox.Session) -> None:
    """Only the hypothesis property tests, with a much larger example budget."""
    session.install("-e", ".", *group("test"))
    session.env["HYPOTHESIS_PROFILE"] = "thorough"
    session.run("pytest", "-m", "property", "tests", *session.posargs)


@nox.session(default=False)
def fuzz(session: nox.Session) -> None:
    """The adversarial suite at length: every ``tests/test_fuzz_*.py`` under the ``fuzz``
    hypothesis profile (2,000 inputs a test), one file at a time, each followed by its
    hypothesis statistics (inputs tried, passing and failing, per test). Not in the
    default list; CI runs the same files under the short ``ci`` profile."""
    session.install("-e", ".", *group("test"))
    session.env["HYPOTHESIS_PROFILE"] = "fuzz"
    files = sorted((ROOT / "tests").glob("test_fuzz_*.py"))
    if not files:
        session.error("no tests/test_fuzz_*.py")
    failed = []
    for path in files:
        session.log(f"fuzz: {path.name}")
        output = session.run("pytest", "-q", "-p", "no:cacheprovider",
                             "--hypothesis-show-statistics", str(path), *session.posargs,
                             silent=True, success_codes=[0, 1]) or ""
        print(output)
        # hypothesis statistics: "- 2000 passing, 0 failing, and 334 invalid test cases"
        counts = [tuple(map(int, m)) for m in re.findall(
            r"(\d+) passing(?: examples?)?, (\d+) failing(?: examples?)?,(?: and)? "
            r"(\d+) invalid", output)]
        tried = sum(a + b + c for a, b, c in counts)
        failing = sum(b for _, b, _ in counts)
        bad = sum(int(n) for n in re.findall(r"(\d+) (?:failed|errors?)\b", output))
        session.log(f"fuzz: {path.name}: {tried} inputs tried in {len(counts)} tests, "
                    f"{failing} failing inputs, {bad} failed tests")
        if bad or failing:
            failed.append(path.name)
    if failed:
        session.error(f"fuzz failures in: {', '.join(failed)}")
    session.log(f"fuzz: {len(files)} files, no failure")


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
    """Build the Sphinx site (-W -n, notebook executed) and check every built page.

    Every documented example runs once, in the ``tests`` session: its test paths include
    README.md and docs/*.md (through Sybil) and the docstrings (``--doctest-modules``),
    each in its real namespace (Sphinx's own doctest builder would run docstrings outside
    their modules). ``nox -s docs -- examples`` runs them here too.
    """
    session.install("-e", ".", *group("docs"), "sybil>=6")
    session.run("python", "tools/make_reference.py", "--check")
    session.run("sphinx-build", "-W", "-n", "--keep-going", "-b", "html", "docs",
                "docs/_build/html")
    session.run("python", "tools/check_site.py", "docs/_build/html")
    if "examples" in session.posargs:
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
    session.install("-e", ".", *group("test"))
    session.install(*(arg for path in PLUGINS for arg in ("-e", str(path))))
    for path in PLUGINS:
        session.run("pytest", "-p", "no:cacheprovider", "--rootdir", str(path), str(path / "tests"))
    # the core's tests that need a province plug-in installed (they skip in `tests`)
    session.run("pytest", "-p", "no:cacheprovider", "-q", "tests/test_read_trust.py")
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
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *PARALLEL, "tests",
                "README.md", "docs")
