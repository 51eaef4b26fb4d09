"""Products: the classification of Phụ lục I, product sets, product codes, products, subjects.

>>> from ocopkit import products
>>> products.product_set(7).name
'Chế biến từ rau, củ, quả, hạt'
>>> str(products.ProductCode.parse("22.-.99301.-.7.-2026"))
'22-99301-7-2026'
"""

from ocopkit.products._catalog import (
    REGIME_1048,
    REGIME_2018,
    REGIME_2026,
    ClassificationLevel,
    ClassificationNode,
    ProductSet,
    classification,
    classification_node,
    groups_2018,
    product_set,
    product_sets,
)
from ocopkit.products._crosswalk import (
    CROSSWALK_CITATION,
    CrosswalkEntry,
    CrosswalkKind,
    crosswalk,
    group_key,
    predecessors,
)
from ocopkit.products._partial import classification_of, classification_ref, contains_set
from ocopkit.products._products import FIRST_OCOP_YEAR, Product, ProductCode
from ocopkit.products._subjects import (
    COMMUNITY_CAPITAL_THRESHOLD,
    SUBJECTS_CITATION,
    LegalRepresentative,
    Subject,
    SubjectKind,
    criterion_3_1_points,
)

__all__ = [
    "COMMUNITY_CAPITAL_THRESHOLD",
    "CROSSWALK_CITATION",
    "FIRST_OCOP_YEAR",
    "REGIME_1048",
    "REGIME_2018",
    "REGIME_2026",
    "SUBJECTS_CITATION",
    "ClassificationLevel",
    "ClassificationNode",
    "CrosswalkEntry",
    "CrosswalkKind",
    "LegalRepresentative",
    "Product",
    "ProductCode",
    "ProductSet",
    "Subject",
    "SubjectKind",
    "classification",
    "classification_node",
    "classification_of",
    "classification_ref",
    "contains_set",
    "criterion_3_1_points",
    "crosswalk",
    "group_key",
    "groups_2018",
    "predecessors",
    "product_set",
    "product_sets",
]
