"""The JSON forms of :mod:`ocopkit.procedure`: cases, dossiers, revocation cases and what
they report.

Most records take the generic forms of :mod:`ocopkit.io` (ISO dates, enums by value,
exact numbers as strings). The five *documents* a portal stores on their own — a case,
the three dossiers of Điều 6, a revocation case — carry a ``"type"`` tag written first
(``{"type": "commune-dossier", …}``), so that one file tells what it holds
(:func:`ocopkit.io.load_document`). Reading a known class, the tag may be left out;
when present it must match. A case is replayed when read: a history the procedure does not allow is
reported like any other problem.

>>> from ocopkit.io import from_dict, to_dict
>>> from ocopkit.samples import sample_commune_dossier
>>> d = sample_commune_dossier()
>>> data = to_dict(d)
>>> data["type"], from_dict(data, CommuneDossier) == d
('commune-dossier', True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn
from cattrs.preconf.json import JsonConverter

from ocopkit.frozen import FrozenMap
from ocopkit.procedure import (
    Case,
    CommuneDossier,
    DeadlineReport,
    ProcedurePolicy,
    ProductDossier,
    ProvinceDossier,
    RevocationCase,
    Round,
    SelfAssessmentComparison,
    SupervisionFinding,
    WorkingCalendar,
)
from ocopkit.text import suggest

from ._jsontext import InvalidValueError, _wrong_type, on_first_use

__all__ = ["DOCUMENT", "DOCUMENT_TAGS", "SCHEMA_TYPES", "TYPE_KEY", "register"]

#: The key of the document tag.
TYPE_KEY: Final = "type"

#: The tag of each document type.
DOCUMENT_TAGS: Final[Mapping[type, str]] = FrozenMap({
    Case: "case",
    ProductDossier: "product-dossier",
    CommuneDossier: "commune-dossier",
    ProvinceDossier: "province-dossier",
    RevocationCase: "revocation-case",
})

#: Any of the documents (read with :func:`ocopkit.io.load_document`).
DOCUMENT: Final = Case | ProductDossier | CommuneDossier | ProvinceDossier | RevocationCase

#: The schemas of the procedure's JSON forms (added to :func:`ocopkit.io.schema_types`).
SCHEMA_TYPES: Final[Mapping[str, type]] = FrozenMap({
    **{tag: cls for cls, tag in DOCUMENT_TAGS.items()},
    "deadline-report": DeadlineReport,
    "procedure-policy": ProcedurePolicy,
    "round": Round,
    "self-assessment-comparison": SelfAssessmentComparison,
    "supervision-finding": SupervisionFinding,
    "working-calendar": WorkingCalendar,
})


def _tag_problem(tag: object) -> InvalidValueError:
    tags = list(DOCUMENT_TAGS.values())
    shown = ", ".join(repr(t) for t in tags)
    return InvalidValueError("unknown-type", f"\"type\" không hợp lệ: {tag!r} ({shown})",
                             f"unknown \"type\" {tag!r} (one of {shown})",
                             suggest(str(tag), tags, cutoff=0.4))


def _document_hooks(conv: JsonConverter, cls: type, tag: str) -> Callable[[Any, Any], Any]:
    base_u: Callable[[Any], dict[str, Any]] = on_first_use(
        lambda: make_dict_unstructure_fn(cls, conv))
    base_s: Callable[[Any, Any], Any] = on_first_use(
        lambda: make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True))

    def unstructure(obj: Any) -> dict[str, Any]:
        return {TYPE_KEY: tag, **base_u(obj)}

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise _wrong_type(value, dict)
        data = dict(value)
        given = data.pop(TYPE_KEY, tag)
        if given != tag:
            if given in DOCUMENT_TAGS.values():
                raise InvalidValueError("wrong-type", f"cần \"type\": {tag!r}, nhận {given!r}",
                                        f"expected \"type\": {tag!r}, got {given!r}", tag)
            raise _tag_problem(given)
        return base_s(data, cls)

    conv.register_unstructure_hook(cls, unstructure)
    conv.register_structure_hook(cls, structure)
    return structure


def register(conv: JsonConverter) -> None:
    """Register the document forms and the union of documents on ``conv``."""
    readers = {tag: _document_hooks(conv, cls, tag) for cls, tag in DOCUMENT_TAGS.items()}

    def structure_document(value: Any, _: Any) -> Any:
        if not isinstance(value, dict):
            raise _wrong_type(value, dict)
        tag = value.get(TYPE_KEY)
        if tag is None:
            shown = ", ".join(repr(t) for t in readers)
            raise InvalidValueError("missing-type", f"thiếu trường \"type\" ({shown})",
                                    f"missing \"type\" ({shown})")
        if tag not in readers:
            raise _tag_problem(tag)
        return readers[tag](value, None)

    conv.register_structure_hook(DOCUMENT, structure_document)

