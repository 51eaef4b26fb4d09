"""JSON Schemas (draft 2020-12) of ocopkit's JSON forms.

The schemas are generated from the attrs classes and the conventions of
:mod:`ocopkit.io` (ISO dates, exact numbers as strings, enums by
value, ``"kind"``-tagged unions, no unknown keys), so they describe exactly
what :func:`ocopkit.io.from_json` accepts *structurally*. Domain rules
that a schema cannot express (an option must belong to its criterion, a
product code must match its province, …) are checked by ``from_json``
itself.

Each schema is versioned: its ``$id`` contains the schema version
(:data:`SCHEMA_VERSION`, currently ``"1"``).

>>> s = json_schema(Assessment)
>>> s["$schema"], s["$id"]
('https://json-schema.org/draft/2020-12/schema', 'https://ocopkit.readthedocs.io/schema/1/assessment.json')
>>> s["$defs"]["Assessment"]["required"]
['product_set', 'assessed_on', 'sheets']

The generated files ship in ``ocopkit/data/schema/`` (rewrite them with
``python -m ocopkit schema --write``); :func:`bundled_schema` reads them.
"""

from __future__ import annotations

import enum
import json
import typing
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any, get_args

import attrs

from ocopkit import data
from ocopkit.errors import Problem, ValidationError
from ocopkit.frozen import FrozenMap
from ocopkit.products import ProductCode
from ocopkit.scoring import Assessment, ScoreSheet
from ocopkit.text import suggest

from . import _procedure as procedure
from ._converter import SCHEMA_VERSION, TAG, TAGS, UNIONS
from ._jsontypes import _is_fixed_tuple, _is_homogeneous, _is_mapping, _is_union, _origin

__all__ = [
    "BASE_URI",
    "SCHEMA_VERSION",
    "bundled_schema",
    "json_schema",
    "schema_names",
    "schema_types",
    "write_schemas",
]

#: Where the schemas are published; the version is part of every ``$id``.
BASE_URI = f"https://ocopkit.readthedocs.io/schema/{SCHEMA_VERSION}/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

_FRACTION = {
    "description": "An exact number: a string such as \"179/2\", \"89.5\" or \"90\" "
                   "(written as a string; an integer or a JSON decimal is accepted on input).",
    "anyOf": [
        {"type": "string", "pattern": r"^\s*-?[0-9]+(\.[0-9]+)?(/[0-9]+)?\s*$"},
        {"type": "integer"},
        {"type": "number"},
    ],
}
_PARTIAL_DATE = {
    "type": "string",
    "description": "A day known only roughly: 'yyyy-mm', 'yyyy', 'before yyyy-mm-dd', "
                   "'after yyyy-mm-dd' or 'yyyy-mm-dd/yyyy-mm-dd' "
                   "(ocopkit.certification.PartialDate).",
    "pattern": "^([0-9]{4}(-[0-9]{1,2})?|(before|after) [0-9]{4}-[0-9]{2}-[0-9]{2}|"
               "[0-9]{4}-[0-9]{2}-[0-9]{2}/[0-9]{4}-[0-9]{2}-[0-9]{2})$",
}
_CLASSIFICATION = {
    "type": "string",
    "description": "A node of 26/2026 Phụ lục I ('I', 'I.3', 'I.3.c') or a 2018 group "
                   "('2018:1'…'2018:6'), or its name.",
}
_DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_CODE = {
    "type": "string",
    "description": "An OCOP product code T-X-STT-YEAR (or T-DDD-X-STT-YEAR before "
                   "2025-07-01), e.g. \"22-06733-3-2026\"; spaces, dots and brackets are "
                   "tolerated.",
    "minLength": 1,
}


def _doc(cls: type) -> str:
    text = (cls.__doc__ or "").strip().split("\n\n")[0]
    return " ".join(text.split())


class _Generator:
    """Builds one schema document; definitions go to ``defs``."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.owners: dict[str, object] = {}

    def ref(self, name: str, build: typing.Callable[[], dict[str, Any]],
            owner: object = None) -> dict[str, Any]:
        """A reference to definition ``name``, built once. Two different classes of the
        same name would share one definition silently: that is refused."""
        owner = name if owner is None else owner
        if self.owners.setdefault(name, owner) is not owner:
            raise TypeError(f"two types are named {name!r} in one schema: "
                            f"{self.owners[name]!r} and {owner!r}")
        if name not in self.defs:
            self.defs[name] = {}  # reserve (recursion)
            self.defs[name] = build()
        return {"$ref": f"#/$defs/{name}"}

    # ------------------------------------------------------------------ types

    def of(self, t: Any) -> dict[str, Any]:
        if t is Any:
            return {}
        if t is type(None) or t is None:
            return {"type": "null"}
        if t is str:
            return {"type": "string"}
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return {"type": "integer"}
        if t is date:
            return dict(_DATE)
        if t is Fraction:
            return self.ref("Fraction", lambda: dict(_FRACTION))
        if t is ProductCode:
            return self.ref("ProductCode", lambda: dict(_CODE))
        if getattr(t, "__name__", None) == "PartialDate":
            return self.ref("PartialDate", lambda: dict(_PARTIAL_DATE))
        if getattr(t, "__name__", None) == "ClassificationNode":
            return self.ref("ClassificationNode", lambda: dict(_CLASSIFICATION))
        if t in UNIONS:
            return self.tagged(t)
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return self.ref(t.__name__, lambda: {
                "description": _doc(t), "enum": [m.value for m in t]}, t)
        if _origin(t) is typing.Literal:
            return {"enum": list(get_args(t))}
        if _is_union(t):
            members = get_args(t)
            return {"anyOf": [self.of(m) for m in members]}
        if _is_mapping(t):
            args = get_args(t)
            kt, vt = args if len(args) == 2 else (str, Any)
            out: dict[str, Any] = {"type": "object", "additionalProperties": self.of(vt)}
            if kt is int:
                out["propertyNames"] = {"pattern": "^-?[0-9]+$"}
            elif isinstance(kt, type) and issubclass(kt, enum.Enum):
                out["propertyNames"] = {"enum": [m.value for m in kt]}
            return out
        if _is_homogeneous(t):
            args = get_args(t)
            out = {"type": "array", "items": self.of(args[0] if args else Any)}
            if _origin(t) in (frozenset, set):
                out["uniqueItems"] = True
            return out
        if _is_fixed_tuple(t):
            items = [self.of(a) for a in get_args(t)]
            return {"type": "array", "prefixItems": items, "items": False,
                    "minItems": len(items), "maxItems": len(items)}
        if isinstance(t, type) and attrs.has(t):
            return self.record(t)
        raise TypeError(f"no JSON schema for {t!r}")

    def tagged(self, union: Any) -> dict[str, Any]:
        return {"oneOf": [self.record(m, tag=TAGS[m]) for m in UNIONS[union]]}

    def record(self, cls: type, *, tag: str | None = None) -> dict[str, Any]:
        special = _SPECIAL.get(cls.__name__)
        if special is not None and cls.__module__.startswith("ocopkit."):
            return self.ref(cls.__name__, lambda: special(self, cls), cls)
        return self.ref(cls.__name__, lambda: self.fields(cls, tag=tag), cls)

    def fields(self, cls: type, *, tag: str | None = None, skip: tuple[str, ...] = (),
               nullable: tuple[str, ...] = ()) -> dict[str, Any]:
        attrs.resolve_types(cls)
        props: dict[str, Any] = {}
        required: list[str] = []
        if tag is not None:
            props[TAG] = {"const": tag}
            required.append(TAG)
        for f in attrs.fields(cls):
            if not f.init or f.name in skip:
                continue
            name = f.alias or f.name
            schema = self.of(f.type)
            if name in nullable:
                schema = {"anyOf": [schema, {"type": "null"}]}
            doc = _field_docs(cls).get(f.name)
            if doc:
                schema = {**schema, "description": doc} if "$ref" not in schema else {
                    "allOf": [schema], "description": doc}
            props[name] = schema
            if f.default is attrs.NOTHING:
                required.append(name)
        out: dict[str, Any] = {"type": "object", "description": _doc(cls),
                               "properties": props, "additionalProperties": False}
        if required:
            out["required"] = required
        return out


def _field_docs(cls: type) -> dict[str, str]:
    """Nothing is parsed from source; a hook for hand-written field descriptions."""
    return _FIELD_DOCS.get(cls.__name__, {})


_FIELD_DOCS: dict[str, dict[str, str]] = {
    "Assessment": {
        "product_set": "The product set (bộ sản phẩm) 1–26 of Decision 26/2026 Phụ lục I.",
        "assessed_on": "The day of the council's evaluation (ISO date).",
        "ruleset_id": "A rule set id (null: the rule set in force on assessed_on).",
        "kind": "\"first\", \"upgrade\" or \"re-evaluation\".",
        "province": "The province (code, name or id) for provincial rules.",
    },
}


def _assessment(gen: _Generator, cls: type) -> dict[str, Any]:
    schema = gen.fields(cls)
    props = schema["properties"]
    props["sheets"] = {"type": "array", "minItems": 1,
                       "items": gen.of(ScoreSheet),
                       "description": "One score sheet per scorer; totals are averaged."}
    props["disqualifiers"] = {"type": "array", "items": {"type": "string"}, "uniqueItems": True,
                              "description": "Disqualifier ids flagged by the council (\"HS\")."}
    props["evidence"] = {"type": "object",
                         "additionalProperties": {"type": "array", "items": {"type": "string"}},
                         "description": "Evidence references by kind, e.g. "
                                        "{\"lab-test\": [\"PKN-001\"]}."}
    props["kind"] = {"type": "string", "enum": ["first", "upgrade", "re-evaluation"],
                     "description": _FIELD_DOCS["Assessment"]["kind"]}
    return schema


def _sheet(gen: _Generator) -> dict[str, Any]:
    answer = {
        "description": "An option id (string), the points a scorer wrote (integer), both "
                       "({\"option\", \"points\"}), or null (not answered).",
        "anyOf": [
            {"type": "string"},
            {"type": "integer"},
            {"type": "null"},
            {"type": "object", "properties": {"option": {"type": ["string", "null"]},
                                              "points": {"type": ["integer", "null"]}},
             "additionalProperties": False},
        ],
    }
    return {
        "type": "object",
        "description": "One scorer's answers, keyed by criterion id (each criterion once).",
        "properties": {
            "scorer": {"type": ["string", "null"]},
            "answers": {"type": "object", "additionalProperties": gen.ref("Answer",
                                                                          lambda: answer)},
        },
        "required": ["answers"],
        "additionalProperties": False,
    }


def _erratum(gen: _Generator, cls: type) -> dict[str, Any]:
    return gen.fields(cls, nullable=("criterion_id",))


def _ruleset(gen: _Generator, cls: type) -> dict[str, Any]:
    schema = gen.fields(cls)
    schema["properties"]["content_hash"] = {
        "type": "string", "pattern": "^sha256:[0-9a-f]{64}$",
        "description": "Written on output; checked against the content on input."}
    return schema


def _evaluation(gen: _Generator, cls: type) -> dict[str, Any]:
    schema = gen.fields(cls, skip=("scorecard", "bands", "rules"))
    schema["description"] += (" The scorecard, bands and rules are not written: they are "
                              "re-derived from the rules at hand, whose rule-set hash must "
                              "match the provenance.")
    return schema


def _communes(gen: _Generator, cls: type) -> dict[str, Any]:
    full = gen.fields(cls)
    national = {"type": "object", "properties": {"national": {"type": "string"}},
                "required": ["national"], "additionalProperties": False,
                "description": "The national commune registry, by its source "
                               "(ocopkit.places.national_communes)."}
    return {"description": full.pop("description"), "oneOf": [national, full]}


def _portfolio(gen: _Generator, cls: type) -> dict[str, Any]:
    from ocopkit.certification import Certificate, Coverage
    from ocopkit.places import CommuneRegistry
    from ocopkit.products import Product, Subject

    return {
        "type": "object",
        "description": _doc(cls),
        "properties": {
            "products": gen.of(tuple[Product, ...]),
            "subjects": gen.of(tuple[Subject, ...]),
            "certificates": gen.of(tuple[Certificate, ...]),
            "communes": gen.of(CommuneRegistry | None),
            "coverage": gen.of(Coverage | None),
        },
        "additionalProperties": False,
    }


def _document(gen: _Generator, cls: type) -> dict[str, Any]:
    """A procedure document: its fields, after the ``"type"`` tag (optional on input)."""
    schema = gen.fields(cls)
    schema["properties"] = {procedure.TYPE_KEY: {"const": procedure.DOCUMENT_TAGS[cls]},
                            **schema["properties"]}
    return schema


_SPECIAL: dict[str, typing.Callable[[_Generator, type], dict[str, Any]]] = {
    **{cls.__name__: _document for cls in procedure.DOCUMENT_TAGS},
    "Assessment": _assessment,
    "ScoreSheet": lambda gen, _cls: _sheet(gen),
    "Erratum": _erratum,
    "RuleSet": _ruleset,
    "Evaluation": _evaluation,
    "Portfolio": _portfolio,
    "CommuneRegistry": _communes,
}


def schema_types() -> Mapping[str, type]:
    """The schema names and the classes they describe."""
    from ocopkit.certification import Certificate, Portfolio
    from ocopkit.places import Province
    from ocopkit.products import Product, Subject
    from ocopkit.rulesets import RuleSet, Scorecard
    from ocopkit.scoring import Evaluation, Gap
    from ocopkit.targets import Plan

    found: dict[str, type] = {
        "assessment": Assessment,
        "certificate": Certificate,
        "evaluation": Evaluation,
        "gap": Gap,
        "plan": Plan,
        "portfolio": Portfolio,
        "product": Product,
        "province": Province,
        "ruleset": RuleSet,
        "scorecard": Scorecard,
        "subject": Subject,
        **procedure.SCHEMA_TYPES,
    }
    return FrozenMap(found)


def schema_names() -> tuple[str, ...]:
    """The names of the generated schemas (``"assessment"``, ``"certificate"``, …)."""
    return tuple(sorted(schema_types()))


def _name_of(cls: type) -> str:
    for name, t in schema_types().items():
        if t is cls:
            return name
    return cls.__name__.lower()


def json_schema(cls: type | str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``cls`` (a class or a schema name)."""
    if isinstance(cls, str):
        known = schema_types()
        if cls not in known:
            raise ValidationError([Problem(
                "$.schema", "unknown-schema", f"không có lược đồ {cls!r}",
                f"no schema named {cls!r} (one of {', '.join(sorted(known))})",
                suggest(cls, known, cutoff=0.4))])
        cls = known[cls]
    gen = _Generator()
    root = gen.of(cls)
    name = _name_of(cls)
    return {
        "$schema": DRAFT,
        "$id": f"{BASE_URI}{name}.json",
        "title": f"ocopkit {cls.__name__} (schema {SCHEMA_VERSION})",
        "description": _doc(cls),
        "x-ocopkit-schema-version": SCHEMA_VERSION,
        **root,
        "$defs": dict(sorted(gen.defs.items())),
    }


def render_schema(schema: Mapping[str, Any]) -> str:
    """The canonical text of a schema file (2-space indent, UTF-8, final newline)."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path | str) -> list[Path]:
    """Write every schema file into ``directory``; return the paths written.

    The project regenerates its bundled copies with
    ``python -m ocopkit schema --write src/ocopkit/data/schema``.
    """
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in schema_names():
        path = target / f"{name}.json"
        path.write_text(render_schema(json_schema(name)), encoding="utf-8")
        written.append(path)
    return written


def bundled_schema(name: str) -> dict[str, Any]:
    """The schema file shipped with the package (as generated by :func:`write_schemas`)."""
    if name not in schema_types():
        json_schema(name)  # raises the helpful error
    text = data.read(f"schema/{name}.json").decode("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
