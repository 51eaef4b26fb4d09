"""Write the snapshot of the seed provinces' plans (src/ocopkit/data/samples/plans.json).

The plans live in the province plug-ins (``plugins/ocopkit-<name>``); this snapshot lets
ocopkit alone run its demo, docs and tests (see ``ocopkit.samples``). The plans are read
through the plug-in loader from the installed plug-ins, exactly as a host sees them, so
the five plug-ins must be installed (``pip install -e ./plugins/ocopkit-*``).

    python tools/make_sample_plans.py          # (re)write the snapshot
    python tools/make_sample_plans.py --check  # exit 1 if it differs from the plug-ins
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ocopkit import plugins
from ocopkit.io import to_json
from ocopkit.samples import PLUGIN_NAMES, PLUGIN_PACKAGES

OUT = Path(__file__).resolve().parents[1] / "src" / "ocopkit" / "data" / "samples" / "plans.json"


def snapshot() -> str:
    """The snapshot's text: the seed plug-ins' plans in seed order, then by id."""
    loaded = plugins.load(autoload=True, strict=True)
    by_plugin: dict[str, list[object]] = {}
    for provided in loaded.plans:
        by_plugin.setdefault(provided.plugin, []).append(provided.item)
    missing = [pkg for name, pkg in zip(PLUGIN_NAMES, PLUGIN_PACKAGES, strict=True)
               if name not in by_plugin]
    if missing:
        raise SystemExit(f"not installed: {', '.join(missing)} "
                         "(pip install -e ./plugins/ocopkit-*)")
    plans = [plan for name in PLUGIN_NAMES
             for plan in sorted(by_plugin[name], key=lambda p: p.id)]  # type: ignore[attr-defined]
    return to_json(tuple(plans), indent=1) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the file instead of writing it")
    args = parser.parse_args()
    text = snapshot()
    if args.check:
        current = OUT.read_text("utf-8") if OUT.exists() else ""
        if current != text:
            print(f"{OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT} "
                  "is stale: run python tools/make_sample_plans.py", file=sys.stderr)
            return 1
        print("plans.json matches the province plug-ins")
        return 0
    OUT.write_text(text, "utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
