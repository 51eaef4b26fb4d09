"""The OCOP product classification and its 26 product sets.

Decision 26/2026/QĐ-TTg, Phụ lục I ("Danh mục phân loại sản phẩm") sorts
products into 6 sectors (I–VI), 17 groups and 16 subgroups; the 26 leaves
are the *product sets* (bộ sản phẩm), each scored with its own scorecard in
Phụ lục II. Codes such as ``"I.3.c"`` are the annex's row numbering.

The 2018–2020 programme (Decision 490/QĐ-TTg) used six broader groups,
available from :func:`groups_2018`.

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

__all__ = [
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

ClassificationLevel = Literal["sector", "group", "subgroup"]
_LEVELS: tuple[str, ...] = ("sector", "group", "subgroup")

_MINISTRIES_EN: Mapping[str, str] = {
    "Bộ Nông nghiệp và Môi trường": "Ministry of Agriculture and Environment",
    "Bộ Công Thương": "Ministry of Industry and Trade",
    "Bộ Y tế": "Ministry of Health",
    "Bộ Văn hóa, Thể thao và Du lịch": "Ministry of Culture, Sports and Tourism",
}

# ocopkit's English labels for the 6 sectors, 17 groups and 16 subgroups of
# 26/2026 Phụ lục I (translations, not part of the decision).
_NAMES_EN: Mapping[str, str] = {
    "I": "Food products",
    "I.1": "Fresh food",
    "I.1.a": "Fresh fruit, vegetables, tubers and nuts",
    "I.1.b": "Fresh meat, aquatic products, eggs and milk",
    "I.2": "Raw and semi-processed food",
    "I.2.a": "Rice, cereals and other semi-processed grains",
    "I.2.b": "Honey, other syrups and other agricultural food products",
    "I.3": "Processed food",
    "I.3.a": "Fast food",
    "I.3.b": "Processed rice and cereal products",
    "I.3.c": "Processed fruit, vegetables, tubers and nuts",
    "I.3.d": "Processed meat, eggs, milk and aquatic products, honey and syrup products "
    "and other agricultural food products",
    "I.4": "Condiments",
    "I.4.a": "Fermented sauces, fish sauce and other liquid condiments",
    "I.4.b": "Other condiments (salt, shallots, garlic, pepper)",
    "I.5": "Tea",
    "I.5.a": "Fresh and processed tea",
    "I.5.b": "Tea products from other plants",
    "I.6": "Coffee and cocoa",
    "II": "Beverages",
    "II.1": "Alcoholic beverages",
    "II.1.a": "White spirits",
    "II.1.b": "Other alcoholic beverages",
    "II.2": "Non-alcoholic beverages",
    "II.2.a": "Natural mineral water and bottled drinking water",
    "II.2.b": "Other non-alcoholic beverages",
    "III": "Medicinal herbs and herbal products",
    "III.1": "Functional foods, herbal medicines and traditional medicines",
    "III.2": "Cosmetics with medicinal-herb ingredients",
    "III.3": "Essential oils and other medicinal herbs",
    "IV": "Handicrafts",
    "IV.1": "Household and decorative handicrafts",
    "IV.2": "Textiles and garments",
    "V": "Ornamental flowers, plants and animals",
    "V.1": "Flowers",
    "V.2": "Ornamental plants",
    "V.3": "Ornamental animals",
    "VI": "Community tourism, ecotourism and tourist-site services",
    "VI.1": "Community tourism, ecotourism and tourist-site services",
}

_CODE = re.compile(r"(I{1,3}|IV|VI?)(?:\.([0-9]+)(?:\.([a-z]))?)?", re.IGNORECASE)


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
    belongs to (:data:`REGIME_2026` or :data:`REGIME_2018`).

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
    """One of the 26 product sets (bộ sản phẩm) of 26/2026 Phụ lục II.

    ``name`` is the scorecard's title (Phụ lục II); ``aliases`` holds the
    Phụ lục I label when it differs. ``sector`` and ``group`` are
    classification codes; ``ministries`` the managing ministries (Vietnamese).

    >>> s = product_set(13)
    >>> s.code, s.name, s.aliases, s.sector, s.group
    ('I.6', 'Sản phẩm cà phê, ca cao', ('Cà phê, ca cao',), 'I', 'I.6')
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


@functools.cache
def _catalog() -> _Catalog:
    raw = _read_json("qd-26-2026.json")
    c = ProblemCollector()
    nodes = tuple(
        ClassificationNode(
            code=r["code"], level=r["level"], name=r["name_vi"], regime=REGIME_2026,
            name_en=_NAMES_EN.get(r["code"]), parent=r.get("parent"),
            ministries=r.get("ministries_vi", []), set_number=r.get("set_number"),
        )
        for r in raw["classification"]
    )
    by_code = {n.code: n for n in nodes}
    for n in nodes:
        if n.parent is not None and n.parent not in by_code:
            c.add(f"qd-26-2026.json {n.code}.parent", "unknown-parent",
                  f"nút cha không tồn tại: {n.parent}", f"unknown parent {n.parent}")
    titles = {int(s["number"]): s["name_vi"] for s in raw.get("product_sets", [])}
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
        sets.append(ProductSet(
            number=n.set_number, code=n.code, name=title,
            name_en=n.name_en or title, sector=root.code, group=group,
            ministries=n.ministries, aliases=(n.name,) if _key(n.name) != _key(title) else (),
        ))
    sets.sort(key=lambda s: s.number)
    if [s.number for s in sets] != list(range(1, 27)):
        c.add("qd-26-2026.json $.classification", "incomplete-product-sets",
              "phải có đúng 26 bộ sản phẩm đánh số 1–26",
              "expected exactly 26 product sets numbered 1–26")
    by_key: dict[str, ProductSet] = {}
    for s in sets:
        for label in (s.name, s.name_en, *s.aliases):
            other = by_key.setdefault(_key(label), s)
            if other.number != s.number:
                c.add(f"qd-26-2026.json set {s.number}", "ambiguous-set-name",
                      f"tên {label!r} trùng với bộ {other.number}",
                      f"name {label!r} also names set {other.number}")
    c.raise_if_any("qd-26-2026.json classification is inconsistent", cls=DataError)
    return _Catalog(nodes=nodes, by_code=by_code, sets=tuple(sets), by_key=by_key)


def classification() -> tuple[ClassificationNode, ...]:
    """All 39 nodes of 26/2026 Phụ lục I (6 sectors, 17 groups, 16 subgroups), in order.

    >>> [n.code for n in classification()][:4]
    ['I', 'I.1', 'I.1.a', 'I.1.b']
    """
    return _catalog().nodes


def classification_node(code: str) -> ClassificationNode:
    """The node with ``code`` (``"I.3.c"``, case-insensitive); ``"unknown-classification"`` if none.

    >>> classification_node("ii.2.a").name
    'Nước khoáng thiên nhiên, nước uống đóng chai'
    """
    cat = _catalog()
    norm = _normalise_code(code)
    if norm is None or norm not in cat.by_code:
        raise ValidationError([
            Problem("$.classification", "unknown-classification",
                    f"không có mã phân loại {code!r}", f"unknown classification code {code!r}",
                    suggestion=suggest(code, cat.by_code, cutoff=0.5))
        ])
    return cat.by_code[norm]


def product_sets() -> tuple[ProductSet, ...]:
    """The 26 product sets of 26/2026, ordered by number.

    >>> [s.code for s in product_sets()][-3:]
    ['V.2', 'V.3', 'VI.1']
    """
    return _catalog().sets


def product_set(key: int | str, *, path: str = "$.product_set") -> ProductSet:
    """Find a product set by number (``7``, ``"7"``), code (``"I.3.c"``) or name.

    Names are matched ignoring case, diacritics and punctuation, in
    Vietnamese (scorecard title or Phụ lục I label) or English. Unknown keys
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
    """
    cat = _catalog()
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
