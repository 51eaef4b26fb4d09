"""pytest fixtures for ocopkit plug-in authors (entry point ``pytest11: ocopkit``).

Enabled automatically when ocopkit is installed. Say which plug-in is under
test with the ``ocopkit_plugin`` ini option (or ``--ocopkit-plugin NAME``),
naming its entry point::

    [tool.pytest.ini_options]
    ocopkit_plugin = "quangninh"

or override the ``ocopkit_plugin`` fixture to return a plug-in object
(a module, a class, an instance). Then:

``ocopkit_manager``
    a strict manager with the national rules and that plug-in only (no other
    entry point is loaded): a broken plug-in fails the test with a
    :class:`~ocopkit.errors.PluginError` naming it;
``ocopkit_loaded`` / ``ocopkit_rules``
    the :class:`~ocopkit.plugins.Loaded` contributions and their
    :class:`~ocopkit.rulesets.Rules`;
``sample_assessments``
    one valid assessment per product set and option profile
    (:func:`ocopkit.testing.sample_assessments`);
``golden_cases``
    national results no provincial plug-in may change
    (:func:`ocopkit.testing.golden_cases`).

This module imports nothing from ocopkit until a fixture is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ocopkit.plugins import Loaded, OcopkitPluginManager
    from ocopkit.rulesets import Rules
    from ocopkit.scoring import Assessment
    from ocopkit.testing import GoldenCase


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--ocopkit-plugin`` and the ``ocopkit_plugin`` ini option."""
    group = parser.getgroup("ocopkit", "ocopkit plug-in conformance kit")
    group.addoption(
        "--ocopkit-plugin", dest="ocopkit_plugin", default=None, metavar="NAME",
        help="entry-point name of the ocopkit plug-in under test",
    )
    parser.addini("ocopkit_plugin", "entry-point name of the ocopkit plug-in under test",
                  default="")


@pytest.fixture
def ocopkit_plugin(request: pytest.FixtureRequest) -> object | None:
    """The plug-in under test: an entry-point name, a plug-in object, or ``None``."""
    value = request.config.getoption("ocopkit_plugin") or request.config.getini("ocopkit_plugin")
    return value or None


@pytest.fixture
def ocopkit_manager(ocopkit_plugin: object | None) -> OcopkitPluginManager:
    """A strict manager holding the national rules and the plug-in under test."""
    from ocopkit.plugins import manager

    if ocopkit_plugin is None:
        return manager(autoload=False, strict=True)
    if isinstance(ocopkit_plugin, str):
        pm = manager(autoload=True, only=[ocopkit_plugin], strict=True)
        if len(pm.report.plugins) < 2:
            pytest.fail(f"no installed ocopkit plug-in named {ocopkit_plugin!r} "
                        f"(blocked: {', '.join(pm.report.blocked) or 'none'}); "
                        "is it installed (pip install -e .)?", pytrace=False)
        return pm
    return manager(autoload=False, strict=True, plugins=[ocopkit_plugin])


@pytest.fixture
def ocopkit_loaded(ocopkit_manager: OcopkitPluginManager) -> Loaded:
    """Everything the plug-in under test contributes (strict: a bad value fails)."""
    from ocopkit.plugins import load

    return load(pm=ocopkit_manager)


@pytest.fixture
def ocopkit_rules(ocopkit_loaded: Loaded) -> Rules:
    """The :class:`~ocopkit.rulesets.Rules` with the plug-in under test."""
    return ocopkit_loaded.rules


@pytest.fixture(scope="session")
def sample_assessments() -> tuple[Assessment, ...]:
    """26 product sets × low/mid/high profiles, no province, 2026-06-01."""
    from ocopkit.testing import sample_assessments

    return sample_assessments()


@pytest.fixture(scope="session")
def golden_cases() -> tuple[GoldenCase, ...]:
    """National results that no provincial plug-in may change."""
    from ocopkit.testing import golden_cases

    return golden_cases()
