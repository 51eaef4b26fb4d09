"""Generate the identity of each shipped scorecard data file
(``src/ocopkit/data/<name>.identity.json``) and run, once, the structural checks that
used to run every time the data was loaded.

For every built-in rule set whose scorecards are read from a data file
(``qd-26-2026.json``, ``qd-1048-2019.json``), this tool builds every scorecard with
ocopkit's own loader, checks it (:meth:`ocopkit.rulesets.Scorecard.check`: sums, maxima,
marks, cases, conditions; the product-set numbers) and writes:

* ``data``, ``data_sha256`` — the data file it was made from (ocopkit uses an identity
  only for the file whose SHA-256 it records);
* ``scorecards`` — per product set, the canonical JSON of what decides a result
  (``ocopkit.rulesets._identity.card_identity``): what the rule set's content hash is
  computed from without building the scorecards, and what each scorecard is checked
  against when it is built.

Run it after regenerating a data file (``tools/extract_qd26.py``,
``tools/extract_1048.py``); then update the pinned hash in
``src/ocopkit/rulesets/_pins.py`` if the law changed (``tests/test_rules_integrity.py``
prints the new value). Nothing is written if a scorecard has a problem (exit 2).

Usage::

    python tools/make_identity.py            # (re)write the identity files
    python tools/make_identity.py --check    # exit 1 if one is stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ocopkit import rulesets  # noqa: E402 - after putting ./src first on sys.path
from ocopkit.rulesets._identity import card_identity  # noqa: E402
from ocopkit.rulesets._loader import scorecards_from_data  # noqa: E402
from ocopkit.rulesets._shipped import (  # noqa: E402
    IDENTITY_FORMAT,
    IDENTITY_SUFFIX,
    ShippedScorecards,
)

DATA = ROOT / "src" / "ocopkit" / "data"


def shipped() -> list[tuple[str, str, str, dict[str, int]]]:
    """(data file, document, annex, part maxima) of every built-in rule set read from
    a data file."""
    out = []
    for rs in rulesets.all_rulesets():
        cards = rs.scorecards
        if isinstance(cards, ShippedScorecards):
            name, document, annex, part_max = cards._key
            out.append((name, document, annex, dict(part_max)))
    return out


def identity(name: str, document: str, annex: str, part_max: dict[str, int]
             ) -> tuple[str, list[str]]:
    """The identity file's text for ``data/name``, and the problems found."""
    raw = (DATA / name).read_bytes()
    data = json.loads(raw)
    problems: list[str] = []
    numbers = [int(ps["number"]) for ps in data["product_sets"]]
    if len(set(numbers)) != len(numbers):
        problems.append(f"{name}: duplicate product set numbers")
    cards = scorecards_from_data(data, document, annex)
    for number, card in cards.items():
        problems += [f"{name}: {p.path} [{p.code}] {p.message_en}"
                     for p in card.check(part_max)]
        if number != card.product_set:
            problems.append(f"{name}: set {number}: product set number mismatch")
    doc = {
        "format": IDENTITY_FORMAT,
        "generated_by": "tools/make_identity.py",
        "data": name,
        "data_sha256": hashlib.sha256(raw).hexdigest(),
        # in the order of the data file: the order in which the rule set lists its sets
        "scorecards": {str(n): card_identity(card) for n, card in cards.items()},
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n", problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if a committed identity file is stale")
    args = ap.parse_args(argv)
    outputs: dict[Path, str] = {}
    problems: list[str] = []
    for name, document, annex, part_max in shipped():
        text, found = identity(name, document, annex, part_max)
        problems += found
        outputs[DATA / (name.removesuffix(".json") + IDENTITY_SUFFIX)] = text
    if problems:
        print(f"{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    stale = [p for p, text in outputs.items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}", file=sys.stderr)
        if stale:
            print("run: python tools/make_identity.py", file=sys.stderr)
            return 1
        print("ok: identity files are up to date")
        return 0
    for p in stale:
        p.write_text(outputs[p], encoding="utf-8", newline="\n")
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
