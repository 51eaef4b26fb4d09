"""The JSON forms of the heavier records: rule sets (with their content hash), evaluations
(whose scorecard is re-derived from the rules), portfolios (validated on read), commune
registries and attainment reports (written, never read)."""

from __future__ import annotations

import contextvars
import functools
import json
import json.encoder
from collections.abc import Callable
from typing import Any, cast

import attrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter

from ocopkit.certification import Certificate, Coverage, PartialDate, Portfolio
from ocopkit.errors import Problem, ValidationError
from ocopkit.places import (
    Commune,
    CommuneRegistry,
    District,
    national_communes,
    national_source,
)
from ocopkit.products import (
    ClassificationNode,
    Product,
    Subject,
    classification_of,
    classification_ref,
)
from ocopkit.rulesets import Erratum, Rules, RuleSet
from ocopkit.scoring import Evaluation, TraceLine, validate
from ocopkit.targets import AttainmentReport, Indicator

from . import _trust as trust
from ._jsontext import InvalidValueError, _remap, _wrong_type, on_first_use

__all__ = ["REPRODUCE", "RULES", "TEXT", "register"]

#: The rules an evaluation being read is checked against (set by ``from_json``).
RULES: contextvars.ContextVar[Rules | None] = contextvars.ContextVar("ocopkit_rules",
                                                                     default=None)
#: Whether an evaluation being read is re-evaluated too (``from_json(check=True)``).
REPRODUCE: contextvars.ContextVar[bool] = contextvars.ContextVar("ocopkit_reproduce",
                                                                 default=True)


def _ruleset_hooks(conv: JsonConverter) -> None:
    base_u = on_first_use(lambda: make_dict_unstructure_fn(RuleSet, conv))
    base_s = on_first_use(lambda: make_dict_structure_fn(RuleSet, conv,
                                                         _cattrs_forbid_extra_keys=True))

    def unstructure(rs: RuleSet) -> dict[str, Any]:
        return {**base_u(rs), "content_hash": rs.content_hash}

    def structure(value: Any, cl: Any) -> RuleSet:
        if not isinstance(value, dict):
            raise _wrong_type(value, dict)
        data = dict(value)
        expected = data.pop("content_hash", None)
        rs = base_s(data, cl)
        if expected is not None and expected != rs.content_hash:
            raise ValidationError([Problem(
                "$.content_hash", "hash-mismatch",
                f"mã băm {expected!r} không khớp nội dung ({rs.content_hash})",
                f"content_hash {expected!r} does not match the content ({rs.content_hash})")])
        return rs

    conv.register_unstructure_hook(RuleSet, unstructure)
    conv.register_structure_hook(RuleSet, structure)


# --------------------------------------------------------------------------- evaluations


_DERIVED = ("scorecard", "bands", "rules")


#: Per trace line (by identity; the engine shares one line object among all the
#: evaluations that scored a criterion alike): its JSON form, and its JSON text per
#: indent. Bounded; past the bound a line is converted afresh.
_LINES: dict[int, tuple[TraceLine, dict[str, Any], dict[int | None, str]]] = {}
_MAX_LINES = 1 << 16
_BEFORE_TRACE = ("assessment", "total", "parts", "groups", "band", "minimum_failures",
                 "gate_failures", "disqualified_by", "stars", "certifiable", "authority",
                 "decision_en", "decision_vi")


def _line_entry(line: TraceLine, line_u: Callable[[Any], Any]
                ) -> tuple[TraceLine, dict[str, Any], dict[int | None, str]]:
    found = _LINES.get(id(line))
    if found is None or found[0] is not line:
        found = (line, line_u(line), {})
        if len(_LINES) < _MAX_LINES:
            _LINES[id(line)] = found
    return found


def _fresh(d: dict[str, Any]) -> dict[str, Any]:
    """A copy of a trace line's JSON form that shares nothing mutable with the cache."""
    return {**d, "option_ids": list(d["option_ids"]), "required": dict(d["required"]),
            "met": dict(d["met"]), "citation": dict(d["citation"])}


def _evaluation_hooks(conv: JsonConverter) -> None:
    attrs.resolve_types(Evaluation)
    kept = [f for f in attrs.fields(Evaluation) if f.name not in _DERIVED]
    shadow = attrs.make_class(
        "Evaluation", {f.name: attrs.field(type=f.type) for f in kept}, frozen=True)
    shadow_s: Callable[[Any, Any], Any] = on_first_use(lambda: make_dict_structure_fn(
        shadow, conv, _cattrs_forbid_extra_keys=True))
    # everything but the trace, which reuses the JSON form of each (shared) trace line
    base_u = on_first_use(lambda: make_dict_unstructure_fn(
        Evaluation, conv, scorecard=override(omit=True), bands=override(omit=True),
        rules=override(omit=True), trace=override(omit=True)))
    line_u = on_first_use(lambda: conv.get_unstructure_hook(TraceLine))
    assert tuple(f.name for f in kept) == (*_BEFORE_TRACE, "trace", "provenance")

    def unstructure(ev: Evaluation) -> dict[str, Any]:
        data = base_u(ev)
        data["trace"] = [_fresh(_line_entry(t, line_u)[1]) for t in ev.trace]
        data["provenance"] = data.pop("provenance")
        return data

    def text(ev: Evaluation, indent: int | None) -> str:
        """``json.dumps(unstructure(ev), ensure_ascii=False, indent=indent)``, from the
        trace lines' cached text."""
        data = base_u(ev)
        lines = []
        for t in ev.trace:
            entry = _line_entry(t, line_u)
            found = entry[2].get(indent)
            if found is None:
                found = entry[2][indent] = _dumps(entry[1], indent, 2)
            lines.append(found)
        if indent is None:
            trace = "[" + ", ".join(lines) + "]"
            body = [f"{_encode(k)}: {_dumps(data[k], None, 0)}" for k in _BEFORE_TRACE]
            body.append(f'"trace": {trace}')
            body.append(f'"provenance": {_dumps(data["provenance"], None, 0)}')
            return "{" + ", ".join(body) + "}"
        pad1, pad2 = " " * indent, " " * (2 * indent)
        trace = ("[\n" + pad2 + (",\n" + pad2).join(lines) + "\n" + pad1 + "]"
                 if lines else "[]")
        body = [f"{_encode(k)}: {_dumps(data[k], indent, 1)}" for k in _BEFORE_TRACE]
        body.append(f'"trace": {trace}')
        body.append(f'"provenance": {_dumps(data["provenance"], indent, 1)}')
        return "{\n" + pad1 + (",\n" + pad1).join(body) + "\n}"

    def structure(value: Any, _: Any) -> Evaluation:
        if not isinstance(value, dict):
            raise _wrong_type(value, dict)
        data = shadow_s(value, shadow)
        fields = {f.name: getattr(data, f.name) for f in kept}
        rules = RULES.get() or Rules.national()
        try:
            ctx = validate(fields["assessment"], rules)
        except ValidationError as exc:
            raise ValidationError([
                Problem(_remap("$.assessment", p.path), p.code, p.message_vi, p.message_en,
                        p.suggestion) for p in exc.problems]) from None
        problems = trust.provenance_problems(fields, ctx, rules)
        problems.extend(trust.consistency_problems(fields, ctx))
        if problems:
            raise ValidationError(problems)
        ev = Evaluation(**fields, scorecard=ctx.scorecard, bands=ctx.ruleset.bands,
                        rules=rules)
        if REPRODUCE.get():
            problems = trust.reproduction_problems(ev, rules)
            if problems:
                raise ValidationError(problems)
        return ev

    conv.register_structure_hook(Evaluation, structure)
    conv.register_unstructure_hook(Evaluation, unstructure)
    TEXT[Evaluation] = text


#: Types whose JSON text has a faster route than ``json.dumps(to_dict(obj))`` — with the
#: same text (used by :func:`ocopkit.io.to_json`).
TEXT: dict[type, Callable[[Any, int | None], str]] = {}
_encode = json.encoder.encode_basestring


_SCALARS = frozenset({str, int, bool, type(None)})


@functools.cache
def _flat(indent: int, level: int) -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=False, check_circular=False,
                            separators=(",\n" + " " * (indent * level), ": "))


def _dumps(value: Any, indent: int | None, level: int) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=indent)`` writes it
    nested ``level`` deep (JSON-ready data: dicts with string keys, lists, strings,
    integers, booleans, None; anything else through :func:`json.dumps`)."""
    if isinstance(value, str):
        return _encode(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is dict:
        if not value:
            return "{}"
        if indent is not None and all(type(v) in _SCALARS for v in value.values()):
            # a flat object: the C encoder, with the indented separator
            body: str = _flat(indent, level + 1).encode(value)
            return ("{\n" + " " * (indent * (level + 1)) + body[1:-1] + "\n"
                    + " " * (indent * level) + "}")
        if indent is None:
            return "{" + ", ".join(f"{_encode(k)}: {_dumps(v, None, 0)}"
                                   for k, v in value.items()) + "}"
        inner = "\n" + " " * (indent * (level + 1))
        return ("{" + inner + ("," + inner).join(
            f"{_encode(k)}: {_dumps(v, indent, level + 1)}" for k, v in value.items())
            + "\n" + " " * (indent * level) + "}")
    if type(value) is list:
        if not value:
            return "[]"
        if indent is None:
            return "[" + ", ".join(_dumps(v, None, 0) for v in value) + "]"
        inner = "\n" + " " * (indent * (level + 1))
        return ("[" + inner + ("," + inner).join(_dumps(v, indent, level + 1) for v in value)
                + "\n" + " " * (indent * level) + "]")
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return text if indent is None else text.replace("\n", "\n" + " " * (indent * level))


# --------------------------------------------------------------------------- portfolios


def _portfolio_hooks(conv: JsonConverter) -> None:
    records = attrs.make_class("Portfolio", {
        "products": attrs.field(type=tuple[Product, ...], default=()),
        "subjects": attrs.field(type=tuple[Subject, ...], default=()),
        "certificates": attrs.field(type=tuple[Certificate, ...], default=()),
        "communes": attrs.field(type=cast("type", CommuneRegistry | None), default=None),
        "coverage": attrs.field(type=cast("type", Coverage | None), default=None),
    }, frozen=True)

    records_s: Callable[[Any, Any], Any] = on_first_use(lambda: make_dict_structure_fn(
        records, conv, _cattrs_forbid_extra_keys=True))

    def unstructure(pf: Portfolio) -> dict[str, Any]:
        return {
            "products": conv.unstructure(pf.products, unstructure_as=tuple[Product, ...]),
            "subjects": conv.unstructure(pf.subjects, unstructure_as=tuple[Subject, ...]),
            "certificates": conv.unstructure(pf.certificates,
                                             unstructure_as=tuple[Certificate, ...]),
            "communes": conv.unstructure(pf.communes, unstructure_as=CommuneRegistry | None),
            "coverage": conv.unstructure(pf.coverage, unstructure_as=Coverage | None),
        }

    def structure(value: Any, _: Any) -> Portfolio:
        if not isinstance(value, dict):
            raise _wrong_type(value, dict)
        r = records_s(value, records)
        return Portfolio.build(r.products, r.subjects, r.certificates, communes=r.communes,
                               coverage=r.coverage)

    conv.register_unstructure_hook(Portfolio, unstructure)
    conv.register_structure_hook(Portfolio, structure)


def _commune_registry_hooks(conv: JsonConverter) -> None:
    """The national registry is written by name (``{"national": "<source>"}``), any other
    in full; a national registry of another source is refused on read."""
    full_s = on_first_use(lambda: make_dict_structure_fn(
        CommuneRegistry, conv, _cattrs_forbid_extra_keys=True))

    def unstructure(reg: CommuneRegistry) -> dict[str, Any]:
        if reg.source == national_source() and reg == national_communes():
            return {"national": reg.source}
        return {"communes": conv.unstructure(reg.communes, unstructure_as=tuple[Commune, ...]),
                "districts": conv.unstructure(reg.districts,
                                              unstructure_as=tuple[District, ...]),
                "source": reg.source}

    def structure(value: Any, cl: Any) -> CommuneRegistry:
        if isinstance(value, dict) and set(value) == {"national"}:
            if value["national"] != national_source():
                raise InvalidValueError(
                    "communes-source-changed",
                    f"danh mục xã {value['national']!r} khác danh mục kèm theo "
                    f"({national_source()})",
                    f"written with communes {value['national']!r}; this ocopkit ships "
                    f"{national_source()}")
            return national_communes()
        return full_s(value, cl)

    conv.register_unstructure_hook(CommuneRegistry, unstructure)
    conv.register_structure_hook(CommuneRegistry, structure)


def _attainment_hooks(conv: JsonConverter) -> None:
    """Reports and indicators are written, not read: they hold functions and a portfolio."""
    conv.register_unstructure_hook(Indicator, on_first_use(
        lambda: make_dict_unstructure_fn(Indicator, conv, compute=override(omit=True))))
    report_u = on_first_use(lambda: make_dict_unstructure_fn(
        AttainmentReport, conv, _context=override(omit=True)))

    def one_way(name: str) -> Callable[[Any, Any], Any]:
        def structure(value: Any, _: Any) -> Any:
            raise InvalidValueError(
                "write-only", f"{name} chỉ được ghi ra JSON, không đọc vào",
                f"{name} is written to JSON but cannot be read back (it holds functions or "
                "a portfolio); recompute it instead")

        return structure

    conv.register_unstructure_hook(AttainmentReport, report_u)
    conv.register_structure_hook(Indicator, one_way("Indicator"))
    conv.register_structure_hook(AttainmentReport, one_way("AttainmentReport"))


def _text_forms(conv: JsonConverter) -> None:
    """Partial dates and classification nodes are written as their canonical text
    (``"2025-06"``, ``"before 2025-06-30"``; ``"I.3"``, ``"2018:3"``)."""
    def partial(value: Any, _: Any) -> PartialDate:
        if not isinstance(value, str):
            raise _wrong_type(value, str)
        try:
            return PartialDate.parse(value)
        except ValidationError as exc:
            p = exc.problems[0]
            raise InvalidValueError(p.code, p.message_vi, p.message_en) from None

    def node(value: Any, _: Any) -> ClassificationNode:
        if not isinstance(value, str):
            raise _wrong_type(value, str)
        try:
            return classification_of(value)
        except ValidationError as exc:
            p = exc.problems[0]
            raise InvalidValueError(p.code, p.message_vi, p.message_en, p.suggestion) from None

    conv.register_unstructure_hook(PartialDate, str)
    conv.register_structure_hook(PartialDate, partial)
    conv.register_unstructure_hook(ClassificationNode, classification_ref)
    conv.register_structure_hook(ClassificationNode, node)


def register(conv: JsonConverter) -> None:
    """Register the JSON forms of rule sets, evaluations, portfolios and reports."""
    _text_forms(conv)
    # Erratum.criterion_id is typed ``str`` but dossier-level errata carry ``None``.
    nullable_str = conv.get_structure_hook(str | None)
    conv.register_structure_hook(Erratum, make_dict_structure_fn(
        Erratum, conv, _cattrs_forbid_extra_keys=True,
        criterion_id=override(struct_hook=nullable_str)))
    _ruleset_hooks(conv)
    _evaluation_hooks(conv)
    _commune_registry_hooks(conv)
    _portfolio_hooks(conv)
    _attainment_hooks(conv)
