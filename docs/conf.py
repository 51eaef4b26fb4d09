"""Sphinx configuration for the ocopkit documentation."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import ocopkit  # noqa: E402

project = "ocopkit"
author = "ocopkit contributors"
copyright = "2026, the ocopkit contributors"
release = ocopkit.__version__
version = release

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "jupyter_execute", "**.ipynb_checkpoints"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]

nb_execution_mode = os.environ.get("OCOPKIT_NB_EXECUTION", "force")
nb_execution_timeout = 180
nb_execution_raise_on_error = True

html_theme = "furo"
html_title = f"ocopkit {release}"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}

nitpicky = True
# Standard-library and third-party names cannot be resolved without intersphinx,
# which needs the network; everything in ocopkit itself must resolve.
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|fractions|decimal|enum|collections|typing|types|pathlib|io|random"
               r"|argparse|logging|importlib|pluggy|attrs?|cattrs?|numpy|pandas|matplotlib"
               r"|hypothesis|pytest|_pytest|os|re|json)(\..*)?"),
    (r"py:.*", r"(date|Fraction|Decimal|Path|Mapping|Sequence|Iterable|Iterator|Callable|Any"
               r"|Literal|Enum|MappingProxyType|NDArray|Attribute|Random|Logger|TextIO"
               r"|SearchStrategy|DrawFn|Number|ocopkit(\.\w+)+\.[A-Z]|T)"),
    (r"py:class", r".*\.(Self|Protocol)"),
    # private helpers, type variables and numpy/dateutil aliases in signatures
    (r"py:.*", r"(.*\.)?_\w+|[A-Z]|np\..*|dateutil\..*|Profile|Compute|ocopkit\.io\.R"),
    # the private mixin holding Certificate's transitions (documented on Certificate)
    (r"py:class", r"ocopkit\.certification\._transitions\.Transitions"),
    # attrs fields and module constants carry no separate autodoc entry
    (r"py:(attr|data)", r".*"),
]


# Public names are defined in private modules (``ocopkit.scoring._engine``) and documented
# under their package (``ocopkit.scoring``); type annotations name the private module.
# Resolve such references to the public, documented object.
_PRIVATE = re.compile(r"^(ocopkit(?:\.\w+)*?)\.(_\w+)\.(\w+)$")


def _public_target(app, env, node, contnode):  # type: ignore[no-untyped-def]
    target = node.get("reftarget", "")
    match = _PRIVATE.match(target)
    if node.get("refdomain") != "py" or match is None:
        return None
    node = node.deepcopy()
    node["reftarget"] = f"{match.group(1)}.{match.group(3)}"
    domain = env.get_domain("py")
    return domain.resolve_xref(env, node.get("refdoc"), app.builder, node["reftype"],
                               node["reftarget"], node, contnode)


def setup(app):  # type: ignore[no-untyped-def]
    app.connect("missing-reference", _public_target)

# Bundled fonts with full Vietnamese coverage, for text and code (docs/_static/ocopkit.css;
# checked after every build by tools/check_site.py).
html_static_path = ["_static"]
html_css_files = ["ocopkit.css"]
