"""What is known of a product's classification when its product set is not.

Registries often record only the sector, group or subgroup of Phụ lục I of 26/2026
("Thực phẩm chế biến", ``I.3``) or one of the six groups of the 2018 programme
(QĐ 490/QĐ-TTg: "Thực phẩm", "Đồ uống", "Thảo dược"…). A product keeps exactly what was
recorded: a :class:`~ocopkit.products.ClassificationNode` of either classification, and no
product set (``Product.product_set is None``). Nothing is mapped from one classification
to the other: ocopkit has no sourced crosswalk from the 2018 groups to the 26 sets.

:func:`classification_of` reads such a record:

>>> classification_of("Thực phẩm chế biến").code
'I.3'
>>> classification_of("Thảo dược").regime
'vn-qd-490-2018'
>>> classification_ref(classification_of("2018:3")), classification_ref(classification_of("i.3"))
('2018:3', 'I.3')

A sector of 26/2026 is also found by the short name Điều 2.2 gives it ("Thực phẩm" for
"Sản phẩm thực phẩm"). A name that is a node of both classifications ("Thực phẩm", "Đồ
uống") is read as the 26/2026 node, the classification in force; both name the same
sector, and neither gives a product set.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from ocopkit.errors import Problem, ValidationError
from ocopkit.text import slug, suggest

from ._catalog import (
    REGIME_2018,
    REGIME_2026,
    ClassificationNode,
    classification,
    classification_node,
    groups_2018,
)

__all__ = ["classification_of", "classification_ref", "contains_set"]

_PREFIX_2018 = "2018:"


def _key(text: str) -> str:
    return slug(text).replace("-", "")


@functools.cache
def _by_name() -> Mapping[str, ClassificationNode]:
    found: dict[str, ClassificationNode] = {}
    for node in groups_2018():
        found[_key(node.name)] = node
        if node.name_en:
            found[_key(node.name_en)] = node
    for node in classification():  # 26/2026 wins a name both use
        found[_key(node.name)] = node
        if node.level == "sector" and node.name.startswith("Sản phẩm "):
            # Điều 2.2 names the six groups without "Sản phẩm": "Thực phẩm; đồ uống; …"
            found[_key(node.name.removeprefix("Sản phẩm "))] = node
        if node.name_en:
            found.setdefault(_key(node.name_en), node)
    return found


def classification_ref(node: ClassificationNode) -> str:
    """The text form of a node: its code (``"I.3"``), or ``"2018:<n>"`` for a 2018 group."""
    return f"{_PREFIX_2018}{node.code}" if node.regime == REGIME_2018 else node.code


def classification_of(text: str, *, path: str = "$.classification") -> ClassificationNode:
    """A node of 26/2026 Phụ lục I or a 2018 group, by code, ``ref`` or name.

    Names are compared ignoring case, diacritics and punctuation; an unknown one raises
    ``"unknown-classification"`` with a suggestion.
    """
    value = text.strip()
    m = re.fullmatch(r"(?:2018|490|vn-qd-490-2018)\s*[:/]\s*([1-6])", value, re.IGNORECASE)
    if m:
        return groups_2018()[int(m[1]) - 1]
    try:
        return classification_node(value)
    except ValidationError:
        pass
    found = _by_name().get(_key(value))
    if found is not None:
        return found
    names = [n.name for n in classification()] + [g.name for g in groups_2018()]
    raise ValidationError([Problem(
        path, "unknown-classification",
        f"không có nhóm/ngành sản phẩm {text!r} (Phụ lục I QĐ 26/2026 hoặc 6 nhóm năm 2018)",
        f"unknown product classification {text!r} (26/2026 Phụ lục I, or the 2018 groups)",
        suggestion=suggest(value, names, cutoff=0.5))])


def contains_set(node: ClassificationNode, set_code: str) -> bool | None:
    """Whether product set ``set_code`` (``"I.3.c"``) lies under ``node``.

    ``None`` for a 2018 group: the two classifications are not mapped onto each other.
    """
    if node.regime != REGIME_2026:
        return None
    return set_code == node.code or set_code.startswith(node.code + ".")

