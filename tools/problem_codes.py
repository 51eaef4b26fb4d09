"""List every problem code ocopkit can emit, for docs/portal.md.

The codes are found in the source (src/ocopkit), not typed by hand: every string literal
given as the code of a ``Problem(path, code, …)``, a ``ProblemCollector.add(path, code,
…)`` or an ``InvalidValueError(code, …)`` (both branches of a conditional expression
count, and so does a name assigned a code in the same file and passed on). The meaning
shown is the English message written next to it (placeholders shown as "…"), the
component is where it is emitted, and the suggested HTTP status follows the rules of
:func:`status`.

    python tools/problem_codes.py          # rewrite the table in docs/portal.md
    python tools/problem_codes.py --check  # exit 1 if the page is not up to date
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "ocopkit"
PAGE = ROOT / "docs" / "portal.md"
START, END = "<!-- problem-codes:start -->", "<!-- problem-codes:end -->"
CODE = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")

#: Calls whose argument at this index is a problem code (and whose next arguments are the
#: Vietnamese and the English message).
CALLS = {"Problem": 1, "add": 1, "InvalidValueError": 0}

#: Codes that mean "the server's rules or data are not those the document was made
#: under": the request is well formed but conflicts with the state of the server.
CONFLICT = frozenset({"ruleset-changed", "hash-mismatch", "plugins-not-loaded",
                      "communes-source-changed"})
#: The meaning of codes whose English message is not a literal next to the code (built
#: by a helper or taken from a variable).
MEANINGS = {
    "check-failed": "the isolated check of a plug-in failed (its process ended or wrote "
                    "no report)",
    "inconsistent-evaluation": "an evaluation read back contradicts itself: its total is "
                               "not the sum of its trace, a part not the sum of its lines, "
                               "its band not the band of its total, or its stars above the "
                               "band or given although disqualified",
    "invalid-manifest": "the registry.json manifest of a registry folder is malformed",
    "not-a-plain-value": "a plug-in registered a value with a part ocopkit cannot check (a "
                         "subclass of an ocopkit or built-in type, or a mutable list, dict or "
                         "set)",
}
#: Codes of the text itself.
SYNTAX = frozenset({"invalid-json", "invalid-encoding"})
TOO_LARGE = frozenset({"document-too-large"})
#: Codes about the server's own configuration (environment variables, installed plug-ins).
SERVER = frozenset({"bad-setting", "unserializable",
                    # the installed package's own data files (missing, stale or foreign)
                    "identity-mismatch", "missing-data", "other-data"})


def _constants(node: ast.expr | None, local: dict[str, list[str]]) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _constants(node.body, local) + _constants(node.orelse, local)
    if isinstance(node, ast.Name):
        return local.get(node.id, [])
    return []


def _text(node: ast.expr | None) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    if isinstance(node, ast.BinOp):
        return _text(node.left) + _text(node.right)
    if isinstance(node, ast.IfExp):
        return _text(node.body)
    return ""


def component(path: Path) -> str:
    """``ocopkit.io``, ``ocopkit.scoring``, … (the package that emits a code)."""
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:2]) if len(parts) > 2 else parts[0]


def scan(src: Path = SRC) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every code: its English message (the first one found) and its components."""
    found: dict[str, tuple[str, set[str]]] = {}
    for path in sorted(src.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = list(ast.walk(tree))
        local: dict[str, list[str]] = {}  # names assigned a code in the file (``code = …``)
        for node in nodes:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1
                    and isinstance(node.targets[0], ast.Name)):
                local.setdefault(node.targets[0].id, []).extend(_constants(node.value, {}))
        for node in nodes:
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            index = CALLS.get(str(name))
            if index is None or len(node.args) <= index:
                continue
            english = _text(node.args[index + 2]) if len(node.args) > index + 2 else ""
            for code in _constants(node.args[index], local):
                if not CODE.fullmatch(code):
                    continue
                message, where = found.setdefault(code, (english, set()))
                if not message and english:
                    found[code] = (english, where)
                where.add(component(path))
    return {code: (msg or MEANINGS.get(code, ""), tuple(sorted(where)))
            for code, (msg, where) in sorted(found.items())}


def status(code: str, components: tuple[str, ...]) -> int:
    """The HTTP status a portal could answer with when a request fails with ``code``.

    400 for text that is not JSON, 413 for a document beyond the size limit, 409 when
    the document was made under rules or data the server does not have, 500 for a fault
    of the server's own setup (its configuration, its plug-ins, the command line's
    files), and 422 (Unprocessable Content) for everything else: well-formed JSON whose
    content is refused.
    """
    if code in SYNTAX:
        return 400
    if code in TOO_LARGE:
        return 413
    if code in CONFLICT:
        return 409
    if code in SERVER or all(c in ("ocopkit.plugins", "ocopkit.cli") for c in components):
        return 500
    return 422


def _cell(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip().replace("|", "\\|")
    return text or "—"


def table(codes: dict[str, tuple[str, tuple[str, ...]]] | None = None) -> str:
    codes = scan() if codes is None else codes
    lines = ["| Code | Meaning (the English message) | Emitted by | HTTP |",
             "|---|---|---|---|"]
    for code, (message, where) in codes.items():
        lines.append(f"| `{code}` | {_cell(message)} | {', '.join(where)} | "
                     f"{status(code, where)} |")
    return "\n".join(lines)


def render(page: str) -> str:
    head, rest = page.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    args = parser.parse_args(argv)
    page = PAGE.read_text(encoding="utf-8")
    new = render(page)
    if args.check:
        if new != page:
            print(f"{PAGE} is not up to date: run python tools/problem_codes.py",
                  file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
