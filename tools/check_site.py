"""Check the built documentation site (run by ``nox -s docs`` after sphinx-build).

Vietnamese must render with its tone marks attached, in text and in code: every page links
the bundled stylesheet, the stylesheet makes the bundled Noto Sans and Noto Sans Mono the
text and monospace fonts, and both families have a face covering U+1EA0–1EF9 (the
precomposed Vietnamese letters) whose file is in the built site.

    python tools/check_site.py docs/_build/html
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FAMILIES = ("Noto Sans", "Noto Sans Mono")


def font_problems(static: Path) -> list[str]:
    """Problems of the stylesheet and fonts in a ``_static`` folder (source or built)."""
    found: list[str] = []
    css_path = static / "ocopkit.css"
    if not css_path.is_file():
        return [f"{css_path} is missing"]
    css = css_path.read_text("utf-8")
    faces = re.findall(r"@font-face \{(.*?)\}", css, flags=re.S)
    for family in FAMILIES:
        covering = [f for f in faces if f"font-family: '{family}';" in f
                    and "U+1EA0-1EF9" in f]
        if not covering:
            found.append(f"no {family} face covers U+1EA0-1EF9")
    for face in faces:
        for url in re.findall(r"url\(([^)]+)\)", face):
            if not (css_path.parent / url).is_file():
                found.append(f"{url} is referenced but not in the site")
    for var, family in (("--font-stack:", "Noto Sans"), ("--font-stack--monospace:",
                                                         "Noto Sans Mono")):
        if not re.search(rf"{re.escape(var)}\s*\"{family}\"", css):
            found.append(f"{var} does not start with {family}")
    return found


def problems(site: Path) -> list[str]:
    """Problems of a built site: its fonts, and every page linking the stylesheet."""
    found = font_problems(site / "_static")
    pages = sorted(site.rglob("*.html"))
    if not pages:
        found.append(f"no HTML page under {site}")
    for page in pages:
        if page.name in ("genindex.html", "search.html"):
            continue
        if "_static/ocopkit.css" not in page.read_text("utf-8"):
            found.append(f"{page.relative_to(site)} does not link ocopkit.css")
    return found


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/_build/html")
    found = problems(site)
    for p in found:
        print(p, file=sys.stderr)
    if not found:
        print(f"{site}: fonts with Vietnamese coverage on every page")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
