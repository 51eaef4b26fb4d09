"""Keep the non-official English names of a rule set in step with its scorecards.

``src/ocopkit/data/translations/en-<ruleset>.json`` maps each Vietnamese criterion name
and option text of the rule set's scorecards (each text once, in scorecard order) to an
English name written by ocopkit's contributors, or to ``null`` where none is written yet.
No English text of the decisions exists in the project's sources (see
/work/shared/reference/README.md), so nothing here is taken from a source and every file
says so: ``"official": false`` and its ``notice``. This tool never writes a translation;
it adds the texts the rules gained (as ``null``), drops those they lost, and keeps every
name already written.

    python tools/make_translations.py vn-qd-26-2026          # update the file
    python tools/make_translations.py vn-qd-26-2026 --check  # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ocopkit import rulesets

DATA = Path(__file__).resolve().parents[1] / "src" / "ocopkit" / "data" / "translations"
NOTICE = ("Unofficial English translation written by ocopkit contributors, for bilingual "
          "forms only. It is not an official text: the Vietnamese text of the decision is "
          "the one that applies. A null entry is not translated yet.")


def texts(ruleset_id: str) -> tuple[list[str], list[str]]:
    """The criterion names and option texts of the rule set, each once, in order."""
    criteria: dict[str, None] = {}
    options: dict[str, None] = {}
    rs = rulesets.get(ruleset_id)
    for _, card in sorted(rs.scorecards.items()):
        for crit in card:
            criteria.setdefault(crit.name)
            for opt in crit.options:
                options.setdefault(opt.text)
    return list(criteria), list(options)


def build(ruleset_id: str, old: dict[str, Any] | None) -> dict[str, Any]:
    criteria, options = texts(ruleset_id)
    before_c = (old or {}).get("criteria", {})
    before_o = (old or {}).get("options", {})
    return {
        "ruleset_id": ruleset_id,
        "language": "en",
        "official": False,
        "notice": NOTICE,
        "translator": "ocopkit contributors",
        "criteria": {t: before_c.get(t) for t in criteria},
        "options": {t: before_o.get(t) for t in options},
    }


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ruleset_id")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args(argv)
    path = DATA / f"en-{args.ruleset_id}.json"
    text = path.read_text(encoding="utf-8") if path.exists() else None
    new = render(build(args.ruleset_id, json.loads(text) if text else None))
    if args.check:
        if new != text:
            print(f"{path} is not in step with the rules: run "
                  f"python tools/make_translations.py {args.ruleset_id}", file=sys.stderr)
            return 1
        return 0
    DATA.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")
    data = json.loads(new)
    done = sum(v is not None for v in data["criteria"].values())
    done_o = sum(v is not None for v in data["options"].values())
    print(f"{path}: criteria {done}/{len(data['criteria'])}, options "
          f"{done_o}/{len(data['options'])} translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
