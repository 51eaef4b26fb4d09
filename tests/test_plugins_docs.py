"""The plug-in guide says what the shipped province plug-ins register, and nothing else
(issue 17: the guide claimed a label no hook registers).

Each package under ``plugins/`` is imported from its source folder and loaded on its
own; the "What it registers" column of its row in ``docs/plugins.md`` must name exactly
the kinds of value it registers.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from ocopkit import plugins
from ocopkit.rulesets import NATIONAL

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "plugins.md"
PACKAGES = sorted(p for p in (ROOT / "plugins").glob("ocopkit-*") if (p / "src").is_dir())

# The sdist ships the library and its tests, not the province plug-ins beside it.
pytestmark = pytest.mark.skipif(
    not PACKAGES, reason="no plug-in sources under plugins/ (an sdist does not ship them)")

#: A word of the table → how to tell from the loaded contributions.
KINDS = {
    "gate": lambda loaded: bool(loaded.rules.gates),
    "override": lambda loaded: bool(loaded.rules.overrides),
    "plans": lambda loaded: bool(loaded.plans),
    "indicator": lambda loaded: bool(loaded.indicators),
    "certificate": lambda loaded: bool(loaded.certificate_policies),
    "tier polic": lambda loaded: any(
        by != NATIONAL for by, _ in loaded.rules.tier_policies.values()),
    "label": lambda loaded: False,  # no hook registers labels
}


def _rows() -> dict[str, str]:
    rows = {}
    for line in DOC.read_text("utf-8").splitlines():
        m = re.match(r"\| `(ocopkit-\w+)` \| `(\w+)` \| [^|]+ \| ([^|]+) \|$", line)
        if m:
            rows[m.group(1)] = m.group(3).lower()
    return rows


def test_every_shipped_plugin_has_a_row() -> None:
    assert sorted(_rows()) == [p.name for p in PACKAGES]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_the_guide_says_what_the_plugin_registers(package: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(package / "src"))
    name = package.name.replace("-", "_")
    loaded = plugins.load(autoload=False, strict=True, plugins=[importlib.import_module(name)])
    text = _rows()[package.name]
    said = {kind for kind in KINDS if kind in text.replace("plans only", "plans")}
    registered = {kind for kind, test in KINDS.items() if test(loaded)}
    assert said == registered, f"{package.name}: the guide says {said}, it registers {registered}"
