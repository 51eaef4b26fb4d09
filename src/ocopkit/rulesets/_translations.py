"""English names of the criteria and options of a rule set: :func:`english_names`.

The scorecards are Vietnamese legal text. For bilingual forms, ocopkit ships English
names written by its contributors — **not an official translation**: no English text of
the decisions exists in the sources ocopkit is built from, so every name in these files
is marked as such, and the Vietnamese text remains the one that applies. An entry not yet
translated is ``None`` (never a machine guess). The files,
``data/translations/en-<ruleset id>.json``, are kept in step with the rule data by
``tools/make_translations.py``.

>>> names = english_names("vn-qd-26-2026")
>>> names.official, names.language
(False, 'en')
>>> names.criterion("Nguồn gốc sản phẩm")
'Origin of the product'
>>> names.criterion("a criterion no scorecard has") is None
True
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.frozen import FrozenMap

__all__ = ["EnglishNames", "english_names"]


def _frozen(value: Any) -> FrozenMap[str, str | None]:
    return FrozenMap(value)


@attrs.frozen
class EnglishNames:
    """Non-official English names for the Vietnamese texts of one rule set's scorecards,
    keyed by the Vietnamese text (a name shared by several sets is translated once)."""

    ruleset_id: str
    language: str
    official: bool
    notice: str
    criteria: FrozenMap[str, str | None] = attrs.field(converter=_frozen)
    options: FrozenMap[str, str | None] = attrs.field(converter=_frozen)

    def criterion(self, name_vi: str) -> str | None:
        """The English name of the criterion named ``name_vi``, or ``None``."""
        found: str | None = self.criteria.get(name_vi)
        return found

    def option(self, text_vi: str) -> str | None:
        """The English text of the option ``text_vi``, or ``None``."""
        found: str | None = self.options.get(text_vi)
        return found


@functools.cache
def english_names(ruleset_id: str) -> EnglishNames:
    """The non-official English names shipped for ``ruleset_id``; a rule set without a
    translation file is a :class:`~ocopkit.errors.ValidationError` (``no-translation``)."""
    path = resources.files("ocopkit").joinpath(f"data/translations/en-{ruleset_id}.json")
    if not path.is_file():
        raise ValidationError([Problem(
            "$.ruleset_id", "no-translation",
            f"chưa có bản dịch tiếng Anh cho bộ quy tắc {ruleset_id!r}",
            f"no English translation is shipped for the rule set {ruleset_id!r}")])
    data = json.loads(path.read_text("utf-8"))
    return EnglishNames(ruleset_id=data["ruleset_id"], language=data["language"],
                        official=data["official"], notice=data["notice"],
                        criteria=data["criteria"], options=data["options"])
