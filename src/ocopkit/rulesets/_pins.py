"""The published identity of the built-in rule sets: their content hashes, pinned.

A rule set's :attr:`~ocopkit.rulesets.RuleSet.content_hash` covers what decides a
result (see :mod:`ocopkit.rulesets`). The values below are those of the data this
version of ocopkit ships; :meth:`ocopkit.rulesets.Rules.verify` recomputes the hash
of the data in memory and compares it with them, so that a result's provenance can
only name the national rules when it was computed from them (a plug-in that changed
an option's points in memory is caught when plug-ins are loaded, and by
``ocopkit check-plugin``).

A deliberate change of the national data (points, marks, bands, authorities,
windows…) changes a hash: update it here, in the same commit, with a CHANGELOG entry
that says what changed in the rules (``tests/test_rulesets.py`` prints the new value).

>>> from ocopkit.rulesets import get
>>> PINNED_HASHES["vn-qd-26-2026"] == get("vn-qd-26-2026").recompute_hash()
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from ocopkit.frozen import FrozenMap

__all__ = ["PINNED_HASHES"]

#: Rule-set id → the content hash of the data ocopkit ships for it.
PINNED_HASHES: Final[Mapping[str, str]] = FrozenMap({
    "vn-qd-1048-2019": "sha256:fd88d631321dc817db4201a3afe864ca190943f4a72e17d0fd1c78d713a4c79a",
    "vn-qd-148-2023": "sha256:375450f43ce2f1985a6b915f0849fd8c877b3ebf43b3d4f833d70d96db025009",
    "vn-qd-148-1489-2025":
        "sha256:f2454f875a373da27d9641eb9bda0e59e0e11ac10904c30c5ee7f35774d196ee",
    "vn-qd-26-2026": "sha256:2eb7cdd5ec223bba84503dc716599b99ccf57907e56bb758ba39cea91e3c26ea",
})
