"""The documentation renders Vietnamese with its tone marks attached, in code too: the
bundled stylesheet and fonts (checked again on the built site by ``nox -s docs``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("check_site", ROOT / "tools" / "check_site.py")
assert _spec is not None and _spec.loader is not None
check_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_site)


def test_the_bundled_fonts_cover_vietnamese_for_text_and_code() -> None:
    assert check_site.font_problems(ROOT / "docs" / "_static") == []


def test_the_stylesheet_is_part_of_every_page() -> None:
    conf = (ROOT / "docs" / "conf.py").read_text("utf-8")
    assert 'html_css_files = ["ocopkit.css"]' in conf
    assert 'html_static_path = ["_static"]' in conf


def test_the_checker_notices_a_missing_font(tmp_path: Path) -> None:
    static = tmp_path / "_static"
    static.mkdir()
    css = (ROOT / "docs" / "_static" / "ocopkit.css").read_text("utf-8")
    (static / "ocopkit.css").write_text(css, "utf-8")
    found = check_site.font_problems(static)
    assert found and all("is referenced but not in the site" in p for p in found)
