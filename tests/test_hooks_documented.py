"""Every hook, and every argument of it, is documented (datasette's test, adapted).

``docs/plugins.md`` must have a heading ``### <hook>(<arg>, …)`` per hook, with
each argument named in backticks in that section; the hookspec docstrings must
document their parameters and say since when the hook exists.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from ocopkit import plugins

DOC = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"
HEADING = re.compile(r"^### (ocopkit_\w+)\((.*)\)\s*$", re.MULTILINE)


def _specs() -> dict[str, Callable[..., object]]:
    """The hook specifications, as a host's plug-in manager knows them."""
    pm = plugins.manager(autoload=False)
    found: dict[str, Callable[..., object]] = {}
    for name in dir(pm.hook):
        caller = getattr(pm.hook, name)
        if name.startswith("ocopkit_") and caller.spec is not None:
            found[name] = caller.spec.function
    return found


SPECS = _specs()


def _args(name: str) -> list[str]:
    return list(inspect.signature(SPECS[name]).parameters)


def _section(text: str, name: str) -> str:
    start = text.index(f"### {name}(")
    nxt = re.search(r"^#{1,3} ", text[start + 4:], re.MULTILINE)
    return text[start: start + 4 + nxt.start()] if nxt else text[start:]


def test_the_hooks_are_the_agreed_ones() -> None:
    assert set(SPECS) == {
        "ocopkit_register_rulesets", "ocopkit_register_rules",
        "ocopkit_register_tier_policies", "ocopkit_register_certificate_policies",
        "ocopkit_register_plans", "ocopkit_register_indicators", "ocopkit_register_rounds",
        "ocopkit_validate_product",
    }
    assert set(plugins.REGISTER_HOOKS) == set(SPECS) - {"ocopkit_validate_product"}
    pm = plugins.manager(autoload=False)
    assert {n for n in vars(pm.hook) if n.startswith("ocopkit_")} == set(SPECS)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_hook_is_documented_with_its_arguments(name: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    expected = f"### {name}({', '.join(_args(name))})"
    assert expected in text.splitlines(), f"Missing from docs/plugins.md: {expected}"
    section = _section(text, name)
    for arg in _args(name):
        assert f"`{arg}`" in section, f"{name}: argument {arg!r} is not described"


def test_no_stale_hook_in_the_docs() -> None:
    documented = {m.group(1) for m in HEADING.finditer(DOC.read_text(encoding="utf-8"))}
    assert documented == set(SPECS)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_hookspec_docstring(name: str) -> None:
    doc = inspect.getdoc(SPECS[name]) or ""
    assert "Since 0.1" in doc
    assert "Result" in doc
    for arg in _args(name):
        assert f":param {arg}:" in doc, f"{name}: :param {arg}: missing"
    signature = inspect.signature(SPECS[name])
    assert signature.return_annotation in ("None", None)
    assert all(p.annotation is not inspect.Parameter.empty for p in signature.parameters.values())
    assert all(p.default is inspect.Parameter.empty for p in signature.parameters.values())
