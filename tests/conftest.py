"""Shared test configuration: hypothesis profiles and common fixtures.

Profiles: ``default`` (fast, used by ``nox -s tests``), ``ci`` (the same, derandomised)
``thorough`` (``nox -s property``: many more examples) and ``fuzz`` (``nox -s fuzz``: the
adversarial ``tests/test_fuzz_*.py`` at 2,000 inputs a test). Select one with the
``HYPOTHESIS_PROFILE`` environment variable.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import Site
from hypothesis import HealthCheck, settings

from ocopkit import plugins

settings.register_profile(
    "default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# the adversarial suite at length (``nox -s fuzz`` runs tests/test_fuzz_*.py under it)
settings.register_profile("fuzz", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """Installed-style distributions in a temporary folder, and only those."""
    root = tmp_path / "site-packages"
    root.mkdir()
    found = Site(root)
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delenv(plugins.ENV_BLOCK, raising=False)
    monkeypatch.delenv(plugins.ENV_DISABLE_AUTOLOAD, raising=False)
    monkeypatch.delenv(plugins.ENV_TIMEOUT, raising=False)
    monkeypatch.delenv(plugins.ENV_MAX_CONTRIBUTIONS, raising=False)
    monkeypatch.setattr(plugins.OcopkitPluginManager, "entry_points",
                        staticmethod(found.entry_points))
    yield found
    found.release()
    for name in found.modules:
        sys.modules.pop(name, None)
