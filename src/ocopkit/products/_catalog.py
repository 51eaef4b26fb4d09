"""The OCOP product classification and its 26 product sets.

Decision 26/2026/QĐ-TTg, Phụ lục I ("Danh mục phân loại sản phẩm") sorts
products into 6 sectors (I–VI), 17 groups and 16 subgroups; the 26 leaves
are the *product sets* (bộ sản phẩm), each scored with its own scorecard in
Phụ lục II. Codes such as ``"I.3.c"`` are the annex's row numbering.

Decision 1048/QĐ-TTg (2019–2023) had a classification of its own (Phụ lục I, codes such
as ``"I.3.4"``), with 26 different product sets scored by the scorecards of its Phụ lục
III: pass ``regime=REGIME_1048``. :mod:`ocopkit.products` maps its sets to those of
26/2026 (:func:`~ocopkit.products.crosswalk`). The 2018–2020 programme (Decision
490/QĐ-TTg) used six broader groups, available from :func:`groups_2018`.

English labels are ocopkit's translations; the decisions are Vietnamese only.

>>> s = product_set("I.3.c")
>>> s.number, s.name, s.name_en
(7, 'Chế biến từ rau, củ, quả, hạt', 'Processed fruit, vegetables, tubers and nuts')
>>> product_set("che bien tu rau cu qua hat").number
7
>>> len(product_sets()), len(classification()), len(groups_2018())
(26, 39, 6)
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any, Literal, cast

import attrs

from ocopkit.errors import DataError, Problem, ProblemCollector, ValidationError
from ocopkit.text import nfc, slug, suggest

from ._names_en import NAMES_EN_1048, NAMES_EN_2026

__all__ = [
    "REGIME_1048",
    "REGIME_2018",
    "REGIME_2026",
    "ClassificationLevel",
    "ClassificationNode",
    "ProductSet",
    "classification",
    "classification_node",
    "groups_2018",
    "product_set",
    "product_sets",
]

#: Regime id of Decision 26/2026/QĐ-TTg (22 May 2026), Phụ lục I.
REGIME_2026 = "vn-qd-26-2026"
#: Regime id of Decision 490/QĐ-TTg (7 May 2018), programme 2018–2020.
REGIME_2018 = "vn-qd-490-2018"
#: Regime id of Decision 1048/QĐ-TTg (21 August 2019), Phụ lục I (2019–2023).
REGIME_1048 = "vn-qd-1048-2019"

#: The classifications shipped: regime → (data file, ocopkit's English labels).
_SOURCES: Mapping[str, tuple[str, Mapping[str, str]]] = {
    REGIME_2026: ("qd-26-2026.json", NAMES_EN_2026),
    REGIME_1048: ("qd-1048-2019.json", NAMES_EN_1048),
}

ClassificationLevel = Literal["sector", "group", "subgroup"]
_LEVELS: tuple[str, ...] = ("sector", "group", "subgroup")

_MINISTRIES_EN: Mapping[str, str] = {
    "Bộ Nông nghiệp và Môi trường": "Ministry of Agriculture and Environment",
    "Bộ Nông nghiệp và Phát triển nông thôn": "Ministry of Agriculture and Rural Development",
    "Bộ Khoa học và Công nghệ": "Ministry of Science and Technology",
    "Bộ Công Thương": "Ministry of Industry and Trade",
    "Bộ Y tế": "Ministry of Health",
    "Bộ Văn hóa, Thể thao và Du lịch": "Ministry of Culture, Sports and Tourism",
}

# 26/2026 numbers subgroups with letters (I.3.c), 1048 with numbers (I.3.4)
_CODE = re.compile(r"(I{1,3}|IV|VI?)(?:\.([0-9]+)(?:\.([a-z]|[0-9]+))?)?", re.IGNORECASE)


def _texts(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(nfc(v) for v in values)


def _key(text: str) -> str:
    return slug(text).replace("-", "")


def _normalise_code(text: str) -> str | None:
    m = _CODE.fullmatch(re.sub(r"[\s\-_/]+", ".", text.strip()).strip("."))
    if m is None:
        return None
    roman, group, sub = m.groups()
    return ".".join(p for p in (roman.upper(), group, sub.lower() if sub else None) if p)


@attrs.frozen
class ClassificationNode:
    """One row of a product classification (a sector, group or subgroup).

    ``set_number`` is set on leaves only: the number (1–26) of the product
    set whose scorecard applies. ``regime`` names the decision the node
    belongs to (:data:`REGIME_2026`, :data:`REGIME_1048` or :data:`REGIME_2018`).

    >>> n = classification_node("I.3")
    >>> n.level, n.name, n.name_en, n.parent, n.is_leaf
    ('group', 'Thực phẩm chế biến', 'Processed food', 'I', False)
    """

    code: str
    level: ClassificationLevel
    name: str = attrs.field(converter=nfc)
    regime: str
    name_en: str | None = None
    parent: str | None = None
    ministries: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    set_number: int | None = None
    description: str | None = None
    description_en: str | None = None

    def __attrs_post_init__(self) -> None:
        c = ProblemCollector()
        where = f"node {self.code!r}"
        if self.level not in _LEVELS:
            c.add(f"{where}.level", "invalid-level", f"cấp phân loại không hợp lệ: {self.level!r}",
                  f"invalid level {self.level!r}", suggestion=suggest(self.level, _LEVELS))
        if not self.name:
            c.add(f"{where}.name", "empty-name", "tên trống", "empty name")
        if self.set_number is not None and not 1 <= self.set_number <= 26:
            c.add(f"{where}.set_number", "invalid-set-number",
                  f"số bộ sản phẩm phải từ 1 đến 26: {self.set_number}",
                  f"a product set number is 1–26: {self.set_number}")
        c.raise_if_any()

    @property
    def slug(self) -> str:
        """ASCII slug of the Vietnamese name."""
        return slug(self.name)

    @property
    def is_leaf(self) -> bool:
        """Whether the node is a product set (has a scorecard)."""
        return self.set_number is not None

    @property
    def ministries_en(self) -> tuple[str, ...]:
        """English names of the managing ministries."""
        return tuple(_MINISTRIES_EN.get(m, m) for m in self.ministries)


@attrs.frozen
class ProductSet:
    """One of the 26 product sets (bộ sản phẩm) of a regime: 26/2026 Phụ lục II, or
    1048/2019 Phụ lục III (``regime`` :data:`REGIME_1048`).

    ``name`` is the scorecard's title; ``aliases`` holds the Phụ lục I label and the
    name in the annex's list of sets (26/2026 Phụ lục II, 1048 Phụ lục III) when they
    differ: set 21 of 26/2026 is "Thủ công mỹ nghệ" in that list. ``sector`` and ``group`` are
    classification codes; ``ministries`` the managing ministries (Vietnamese).

    >>> s = product_set(13)
    >>> s.code, s.name, s.aliases, s.sector, s.group
    ('I.6', 'Sản phẩm cà phê, ca cao', ('Cà phê, ca cao', 'Cà phê, cacao'), 'I', 'I.6')
    >>> s.ministries_en
    ('Ministry of Agriculture and Environment',)
    """

    number: int
    code: str
    name: str = attrs.field(converter=nfc)
    name_en: str
    sector: str
    group: str
    ministries: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    regime: str = REGIME_2026

    @property
    def slug(self) -> str:
        """ASCII slug of the name (``"che-bien-tu-rau-cu-qua-hat"``)."""
        return slug(self.name)

    @property
    def ministries_en(self) -> tuple[str, ...]:
        """English names of the managing ministries."""
        return tuple(_MINISTRIES_EN.get(m, m) for m in self.ministries)


@attrs.frozen
class _Catalog:
    nodes: tuple[ClassificationNode, ...]
    by_code: Mapping[str, ClassificationNode]
    sets: tuple[ProductSet, ...]
    by_key: Mapping[str, ProductSet]


def _read_json(name: str) -> dict[str, Any]:
    text = resources.files("ocopkit.data").joinpath(name).read_text(encoding="utf-8")
    return cast("dict[str, Any]", json.loads(text))


def _regime(regime: str) -> tuple[str, Mapping[str, str]]:
    try:
        return _SOURCES[regime]
    except KeyError:
        raise ValidationError([Problem(
            "$.regime", "unknown-regime", f"không có danh mục phân loại của {regime!r}",
            f"no classification for regime {regime!r}", suggest(regime, _SOURCES, cutoff=0.3),
        )]) from None


@functools.cache
def _catalog(regime: str = REGIME_2026) -> _Catalog:
    name, names_en = _regime(regime)
    raw = _read_json(name)
    c = ProblemCollector()
    nodes = tuple(
        ClassificationNode(
            code=r["code"], level=r["level"], name=r["name_vi"], regime=regime,
            name_en=names_en.get(r["code"]), parent=r.get("parent"),
            ministries=r.get("ministries_vi", []), set_number=r.get("set_number"),
        )
        for r in raw["classification"]
    )
    by_code = {n.code: n for n in nodes}
    for n in nodes:
        if n.parent is not None and n.parent not in by_code:
            c.add(f"{name} {n.code}.parent", "unknown-parent",
                  f"nút cha không tồn tại: {n.parent}", f"unknown parent {n.parent}")
    titles = {int(s["number"]): s["name_vi"] for s in raw.get("product_sets", [])}
    listed = {int(s["number"]): s["index_name_vi"] for s in raw.get("product_sets", [])
              if s.get("index_name_vi")}
    sets: list[ProductSet] = []
    for n in nodes:
        if n.set_number is None:
            continue
        root = n
        chain = [n.code]
        while root.parent is not None and root.parent in by_code:
            root = by_code[root.parent]
            chain.append(root.code)
        group = chain[-2] if len(chain) >= 2 else n.code
        title = nfc(titles.get(n.set_number, n.name))
        aliases = tuple(dict.fromkeys(
            nfc(a) for a in (n.name, listed.get(n.set_number)) if a and _key(a) != _key(title)))
        sets.append(ProductSet(
            number=n.set_number, code=n.code, name=title,
            name_en=n.name_en or title, sector=root.code, group=group,
            ministries=n.ministries, aliases=aliases, regime=regime,
        ))
    sets.sort(key=lambda s: s.number)
    if [s.number for s in sets] != list(range(1, 27)):
        c.add(f"{name} $.classification", "incomplete-product-sets",
              "phải có đúng 26 bộ sản phẩm đánh số 1–26",
              "expected exactly 26 product sets numbered 1–26")
    by_key: dict[str, ProductSet] = {}
    for s in sets:
        for label in (s.name, s.name_en, *s.aliases):
            other = by_key.setdefault(_key(label), s)
            if other.number != s.number:
                c.add(f"{name} set {s.number}", "ambiguous-set-name",
                      f"tên {label!r} trùng với bộ {other.number}",
                      f"name {label!r} also names set {other.number}")
    c.raise_if_any(f"{name} classification is inconsistent", cls=DataError)
    return _Catalog(nodes=nodes, by_code=by_code, sets=tuple(sets), by_key=by_key)


def classification(regime: str = REGIME_2026) -> tuple[ClassificationNode, ...]:
    """All nodes of Phụ lục I of ``regime``, in order: 39 for 26/2026 (6 sectors, 17
    groups, 16 subgroups), 38 for 1048/2019.

    >>> [n.code for n in classification()][:4]
    ['I', 'I.1', 'I.1.a', 'I.1.b']
    >>> [n.code for n in classification(REGIME_1048)][:4]
    ['I', 'I.1', 'I.1.1', 'I.1.2']
    """
    return _catalog(regime).nodes


def classification_node(code: str, regime: str = REGIME_2026) -> ClassificationNode:
    """The node with ``code`` (``"I.3.c"``, case-insensitive); ``"unknown-classification"`` if none.

    >>> classification_node("ii.2.a").name
    'Nước khoáng thiên nhiên, nước uống đóng chai'
    """
    cat = _catalog(regime)
    norm = _normalise_code(code)
    if norm is None or norm not in cat.by_code:
        raise ValidationError([
            Problem("$.classification", "unknown-classification",
                    f"không có mã phân loại {code!r}", f"unknown classification code {code!r}",
                    suggestion=suggest(code, cat.by_code, cutoff=0.5))
        ])
    return cat.by_code[norm]


def product_sets(regime: str = REGIME_2026) -> tuple[ProductSet, ...]:
    """The 26 product sets of ``regime`` (26/2026 by default), ordered by number.

    >>> [s.code for s in product_sets()][-3:]
    ['V.2', 'V.3', 'VI.1']
    >>> [s.name for s in product_sets(REGIME_1048)][20:22]
    ['Trang thiết bị, dụng cụ y tế', 'Thảo dược khác']
    """
    return _catalog(regime).sets


def product_set(
    key: int | str, *, path: str = "$.product_set", regime: str = REGIME_2026
) -> ProductSet:
    """Find a product set of ``regime`` (26/2026 by default) by number (``7``, ``"7"``),
    code (``"I.3.c"``; ``"I.3.4"`` under 1048) or name.

    Names are matched ignoring case, diacritics and punctuation, in
    Vietnamese (scorecard title, Phụ lục I label or the label in the list of sets that
    opens the scorecards' annex: "Thủ công mỹ nghệ" is set 21) or English. Unknown keys
    raise a ValidationError (``"unknown-product-set"``) with a suggestion; a
    code of a non-leaf node raises ``"not-a-product-set"``.

    >>> product_set("san pham tra tu thuc vat khac").number
    12
    >>> try:
    ...     product_set("Che bien tu rau qua")
    ... except ValidationError as err:
    ...     print(err.codes, err.problems[0].suggestion)
    ('unknown-product-set',) Chế biến từ rau, củ, quả, hạt
    >>> try:
    ...     product_set("I.3")
    ... except ValidationError as err:
    ...     print(err.codes)
    ('not-a-product-set',)
    >>> product_set(26, regime=REGIME_1048).name
    'Dịch vụ du lịch - truyền thống - lễ hội'
    """
    cat = _catalog(regime)
    if isinstance(key, bool) or not isinstance(key, int | str):
        raise ValidationError([
            Problem(path, "invalid-product-set", f"khóa không hợp lệ: {key!r}",
                    f"invalid product set key {key!r}")
        ])
    text = str(key).strip()
    if re.fullmatch(r"[0-9]+", text):
        number = int(text)
        if 1 <= number <= len(cat.sets):
            return cat.sets[number - 1]
        raise ValidationError([
            Problem(path, "unknown-product-set",
                    f"số bộ sản phẩm phải từ 1 đến 26: {key!r}",
                    f"a product set number is 1–26: {key!r}")
        ])
    code = _normalise_code(text)
    if code is not None and code in cat.by_code:
        node = cat.by_code[code]
        if node.set_number is not None:
            return cat.sets[node.set_number - 1]
        leaves = [s.code for s in cat.sets if s.code.startswith(code + ".")]
        raise ValidationError([
            Problem(path, "not-a-product-set",
                    f"{code} là {node.level} '{node.name}', không phải bộ sản phẩm; "
                    f"chọn một trong: {', '.join(leaves)}",
                    f"{code} is the {node.level} '{node.name}', not a product set; "
                    f"choose one of: {', '.join(leaves)}",
                    suggestion=leaves[0] if leaves else None)
        ])
    found = cat.by_key.get(_key(text))
    if found is not None:
        return found
    names = [s.name for s in cat.sets] + [s.name_en for s in cat.sets]
    raise ValidationError([
        Problem(path, "unknown-product-set",
                f"không tìm thấy bộ sản phẩm {key!r}", f"unknown product set {key!r}",
                suggestion=suggest(text, names, cutoff=0.5))
    ])


@functools.cache
def groups_2018() -> tuple[ClassificationNode, ...]:
    """The six product groups of the 2018–2020 programme (QĐ 490/QĐ-TTg, 2018).

    Modelled as ``"sector"`` nodes coded ``"1"``–``"6"``, with regime
    :data:`REGIME_2018`; the same six were the "ngành hàng" of
    Decision 1048/QĐ-TTg (2019). Source: ``data/groups-2018.json``.

    >>> [g.name for g in groups_2018()][:3]
    ['Thực phẩm', 'Đồ uống', 'Thảo dược']
    >>> groups_2018()[5].name_en
    'Rural tourism and retail services'
    """
    raw = _read_json("groups-2018.json")
    return tuple(
        ClassificationNode(
            code=str(g["number"]), level="sector", name=g["name_vi"], regime=raw["regime"],
            name_en=g.get("name_en"), description=g.get("description_vi"),
            description_en=g.get("description_en"),
        )
        for g in raw["groups"]
    )
