"""The house rules of docs/architecture.md, checked on the source tree.

* no import cycle between ocopkit's modules, counting imports made inside functions
  (``TYPE_CHECKING`` blocks, which never run, excepted);
* a component imports another component only through its public package, and never
  a private (``_``) name of it;
* no module of the library reads or writes files outside the installed package;
* no module is longer than about 500 lines.

The layers themselves (which component may import which) are an import-linter contract
in ``pyproject.toml``, run by ``nox -s lint``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "ocopkit"
#: Foundations every component may import (not components themselves).
FOUNDATIONS = frozenset({"errors", "text", "layout", "frozen", "_version", "data", "_lazy"})
MAX_LINES = 520


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def _component(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _strongly_connected(graph: grimp.ImportGraph) -> list[set[str]]:
    """Tarjan's algorithm over the import graph (iterative, no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(
                        child)))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)
    return found


def test_no_import_cycle() -> None:
    graph = grimp.build_graph("ocopkit", exclude_type_checking_imports=True, cache_dir=None)
    cycles = _strongly_connected(graph)
    assert cycles == [], f"import cycles: {[sorted(c) for c in cycles]}"


def test_the_cycle_finder_finds_cycles() -> None:
    """The oracle above is not vacuous: it finds a planted cycle."""
    graph = grimp.ImportGraph()
    for a, b in (("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")):
        graph.add_import(importer=a, imported=b)
    assert _strongly_connected(graph) == [{"p.a", "p.b", "p.c"}]


def _imports(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []


@pytest.mark.parametrize(("module", "path"), list(_modules()), ids=lambda v: str(v))
def test_components_meet_only_through_public_names(module: str, path: Path) -> None:
    own = _component(module)
    bad = []
    for line, target, names in _imports(path):
        if not target.startswith("ocopkit."):
            continue
        other = _component(target)
        if other == own or other in FOUNDATIONS:
            continue
        private_module = any(part.startswith("_") for part in target.split(".")[2:])
        private_names = [n for n in names if n.startswith("_")]
        if private_module or private_names:
            bad.append(f"{path.name}:{line} imports {target} {private_names or ''}")
    assert bad == []


@pytest.mark.parametrize(("module", "path"), list(_modules()), ids=lambda v: str(v))
def test_no_module_reads_outside_the_package(module: str, path: Path) -> None:
    text = path.read_text("utf-8")
    assert "Path(__file__)" not in text
    assert "parents[" not in text
    assert "spec_from_file_location" not in text


@pytest.mark.parametrize(("module", "path"), list(_modules()), ids=lambda v: str(v))
def test_modules_stay_small(module: str, path: Path) -> None:
    assert len(path.read_text("utf-8").splitlines()) <= MAX_LINES
