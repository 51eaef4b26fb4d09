"""ocopkit's English labels of the product classifications (translations: the decisions
are Vietnamese only)."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["NAMES_EN_1048", "NAMES_EN_2026"]

#: ocopkit's English labels for the 6 sectors, 17 groups and 16 subgroups of 26/2026
#: Phụ lục I (translations, not part of the decision).
NAMES_EN_2026: Mapping[str, str] = {
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


#: ocopkit's English labels for the 6 sectors, 17 groups and 16 subgroups of 1048/2019
#: Phụ lục I (translations, not part of the decision).
NAMES_EN_1048: Mapping[str, str] = {
    "I": "Food",
    "I.1": "Fresh food",
    "I.1.1": "Fresh fruit, vegetables, tubers and nuts",
    "I.1.2": "Fresh meat, eggs and milk",
    "I.2": "Raw and semi-processed food",
    "I.2.1": "Rice and cereals",
    "I.2.2": "Honey, honey products and other syrups",
    "I.3": "Processed food",
    "I.3.1": "Fast food",
    "I.3.2": "Processed rice and cereal products",
    "I.3.3": "Processed fruit, vegetables, tubers and nuts",
    "I.3.4": "Processed meat, eggs and milk",
    "I.3.5": "Processed aquatic and sea products",
    "I.4": "Condiments",
    "I.4.1": "Fermented sauces, fish sauce and other liquid condiments",
    "I.4.2": "Other condiments (shallots, garlic, pepper)",
    "I.5": "Tea",
    "I.5.1": "Fresh and processed tea",
    "I.5.2": "Other tea products",
    "I.6": "Coffee and cocoa",
    "II": "Beverages",
    "II.1": "Alcoholic beverages",
    "II.1.1": "White spirits",
    "II.1.2": "Other alcoholic beverages",
    "II.2": "Non-alcoholic beverages",
    "II.2.1": "Natural mineral water and bottled drinking water",
    "II.2.2": "Other non-alcoholic beverages",
    "III": "Medicinal herbs",
    "III.1": "Functional foods, herbal medicines and traditional medicines",
    "III.2": "Cosmetics",
    "III.3": "Medical equipment and instruments",
    "III.4": "Other medicinal herbs",
    "IV": "Handicrafts and decorations",
    "IV.1": "Decorative handicrafts",
    "IV.2": "Household handicrafts",
    "V": "Textiles and garments",
    "VI": "Rural tourism and retail services",
    "VI.1": "Tourism services, traditions and festivals",
}
