"""The scorecards of the built-in rule sets are built on first use, from data whose
identity is generated with it (``tools/make_identity.py``): the identity is fresh, the
content hash computed from it is the hash of the data built in full, each scorecard is
checked against it when built, and the mapping behaves like the immutable mapping of
its scorecards (equality, hash, pickling, copies).
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest

from ocopkit import rulesets
from ocopkit.errors import DataError
from ocopkit.frozen import FrozenMap
from ocopkit.rulesets import Rules
from ocopkit.rulesets._identity import _card, _frame
from ocopkit.rulesets._loader import scorecards_from_data
from ocopkit.rulesets._pins import PINNED_HASHES
from ocopkit.rulesets._shipped import IDENTITY_SUFFIX, ShippedScorecards, _File, _index
from ocopkit.scoring import Assessment, evaluate

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "ocopkit" / "data"
SHIPPED = ["vn-qd-26-2026", "vn-qd-1048-2019"]


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location("_tools_make_identity",
                                                  ROOT / "tools" / "make_identity.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _cards(ruleset_id: str) -> ShippedScorecards:
    cards = rulesets.get(ruleset_id).scorecards
    assert isinstance(cards, ShippedScorecards)
    return cards


def _one_piece_hash(rs: Any, cards: Any) -> str:
    """The content hash as one JSON document (the definition, written out in full)."""
    law = {**_frame(rs), "scorecards": [_card(cards[n]) for n in sorted(cards)]}
    blob = json.dumps(law, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- generated with the data


def test_the_identity_files_are_fresh() -> None:
    assert _tool().main(["--check"]) == 0, "run: python tools/make_identity.py"


@pytest.mark.parametrize("ruleset_id", SHIPPED)
def test_the_identity_is_that_of_the_data_built_in_full(ruleset_id: str) -> None:
    rs = rulesets.get(ruleset_id)
    cards = _cards(ruleset_id)
    name, document, annex, part_max = cards._key
    full = scorecards_from_data(json.loads((DATA / name).read_bytes()), document, annex)
    assert dict(cards.items()) == full
    for card in full.values():  # the structural checks, run where the data is made
        assert card.check(dict(part_max)) == []
    assert rs.content_hash == _one_piece_hash(rs, full) == PINNED_HASHES[ruleset_id]
    assert rs.recompute_hash() == rs.content_hash
    assert cards.identities(fresh=True) == cards.identities(fresh=False)


@pytest.mark.parametrize("name", ["qd-26-2026.json", "qd-1048-2019.json"])
def test_the_index_finds_what_parsing_the_whole_file_finds(name: str) -> None:
    raw = (DATA / name).read_bytes()
    found = _index(raw)
    assert found is not None, "the generators' layout changed: reading is slow again"
    items = json.loads(raw)["product_sets"]
    assert [json.loads(found[n]) for n in found] == items
    # another layout is read by parsing the whole file
    assert _index(json.dumps(json.loads(raw)).encode()) is None


# ---------------------------------------------------------------- built on first use


def test_hash_and_verify_build_nothing() -> None:
    fresh = ShippedScorecards("qd-26-2026.json", "QĐ 26/2026/QĐ-TTg", "Phụ lục II",
                              {"A": 40, "B": 25, "C": 35})
    rs = attrs.evolve(rulesets.get("vn-qd-26-2026"), scorecards=fresh)
    assert rs.scorecards is fresh
    assert rs.content_hash == PINNED_HASHES[rs.id] == rs.recompute_hash()
    assert Rules(rulesets.builtin_registry()).verify() == []
    assert fresh.built() == ()
    card = fresh[7]
    assert fresh.built() == (7,) and fresh[7] is card
    assert card == rulesets.get("vn-qd-26-2026").scorecard(7)


def test_a_built_scorecard_changed_in_memory_is_caught_by_verify() -> None:
    rules = Rules.national()
    option = rules.registry.get("vn-qd-26-2026").scorecard(12).criterion("1.1").options[0]
    # the extraordinary way (ordinary code cannot: see test_rules_integrity.py)
    object.__setattr__(option, "points", option.points + 1)
    try:
        assert [p.code for p in rules.verify()] == ["ruleset-changed"]
    finally:
        object.__setattr__(option, "points", option.points - 1)
    assert rules.verify() == []


def _patched_file(monkeypatch: pytest.MonkeyPatch, name: str,
                  identity: dict[str, Any] | None) -> _File:
    from ocopkit.rulesets import _shipped

    real = _shipped._read

    def read(path: str) -> bytes | None:
        if path.endswith(IDENTITY_SUFFIX):
            return None if identity is None else json.dumps(identity).encode()
        return real(path)

    monkeypatch.setattr(_shipped, "_read", read)
    return _File(name)


def _identity_doc(name: str) -> dict[str, Any]:
    text = (DATA / (name.removesuffix(".json") + IDENTITY_SUFFIX)).read_text("utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def test_a_stale_identity_is_not_used_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _identity_doc("qd-26-2026.json")
    doc["data_sha256"] = "0" * 64  # made from another version of the data file
    f = _patched_file(monkeypatch, "qd-26-2026.json", doc)
    with pytest.warns(RuntimeWarning, match="tools/make_identity.py"):
        assert f.identity is None
    part_max = {"A": 40, "B": 25, "C": 35}
    card = f.build(7, "QĐ 26/2026/QĐ-TTg", "Phụ lục II", part_max)  # checked the slow way
    assert card == rulesets.get("vn-qd-26-2026").scorecard(7)


def test_a_missing_identity_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    f = _patched_file(monkeypatch, "qd-1048-2019.json", None)
    with pytest.warns(RuntimeWarning, match="missing"):
        assert f.identity is None


def test_a_scorecard_that_is_not_its_identity_is_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _identity_doc("qd-26-2026.json")
    doc["scorecards"]["7"] = doc["scorecards"]["7"].replace('"max":3', '"max":4', 1)
    f = _patched_file(monkeypatch, "qd-26-2026.json", doc)
    with pytest.raises(DataError) as err:
        f.build(7, "QĐ 26/2026/QĐ-TTg", "Phụ lục II", {"A": 40, "B": 25, "C": 35})
    assert err.value.codes == ("identity-mismatch",)


# ---------------------------------------------------------------- a mapping like FrozenMap


@pytest.fixture
def cards() -> ShippedScorecards:
    return _cards("vn-qd-26-2026")


def test_it_reads_like_the_mapping_of_its_scorecards(cards: ShippedScorecards) -> None:
    assert list(cards) == list(range(1, 27)) and len(cards) == 26
    assert 7 in cards and 27 not in cards and "7" not in cards
    with pytest.raises(KeyError):
        cards[27]
    assert cards.get(27) is None and cards.get(7) is cards[7]
    frozen = FrozenMap(dict(cards.items()))
    assert cards == frozen == cards and frozen == dict(cards.items())
    assert hash(cards) == hash(frozen)
    assert cards != FrozenMap({7: cards[7]})
    assert "26 product sets" in repr(cards)


def test_nothing_ordinary_changes_it(cards: ShippedScorecards) -> None:
    for attempt in (lambda: setattr(cards, "_key", ("x",)),
                    lambda: setattr(cards, "_get", lambda n: None),
                    lambda: delattr(cards, "_key"),
                    lambda: cards.__setitem__(7, None),  # type: ignore[attr-defined]
                    lambda: vars(cards)):
        with pytest.raises((TypeError, AttributeError)):
            attempt()


def test_it_pickles_as_a_reference_to_the_same_data(cards: ShippedScorecards) -> None:
    blob = pickle.dumps(cards)
    assert len(blob) < 1000
    assert pickle.loads(blob) is cards  # one mapping per process: built once
    assert copy.copy(cards) is cards and copy.deepcopy(cards) is cards
    # an evaluation carries its rules: small to send to another process now
    card = cards[7]
    ev = evaluate(Assessment.single(7, {c.id: c.options[-1].id for c in card},
                                    assessed_on=rulesets.get("vn-qd-26-2026").effective_from))
    assert len(pickle.dumps(ev)) < 200_000
    back = pickle.loads(pickle.dumps(ev))
    assert back == ev and back.rules == ev.rules


def test_unpickling_under_other_data_is_refused(cards: ShippedScorecards) -> None:
    from ocopkit.rulesets import _shipped

    reducer, args = cards.__reduce__()
    with pytest.raises(DataError) as err:
        reducer(*args[:-1], "0" * 64)
    assert err.value.codes == ("other-data",)
    assert reducer is _shipped._restore
