"""Strict JSON types: the cattrs hooks behind :func:`ocopkit.io.converter`.

:func:`register` adds to a cattrs converter the hooks that read and write
plain JSON values strictly: a string is never an integer (``"5"``) nor an
integer a string; dates are ISO strings; exact numbers
(:class:`~fractions.Fraction`) are strings such as ``"179/2"`` and are never
read through a binary ``float``; enums are written by value; mappings with
integer keys get string keys; frozensets are written as sorted lists;
``X | None`` and unions of scalars are told apart by their JSON type; attrs
classes refuse unknown keys. A refused value raises
:class:`~ocopkit.io.InvalidValueError`, reported with its path by
:func:`~ocopkit.io.problems_from`.

>>> from cattrs.preconf.json import make_converter
>>> conv = make_converter()
>>> register(conv)
>>> conv.structure("89.5", Fraction), conv.unstructure(frozenset({"b", "a"}))
(Fraction(179, 2), ['a', 'b'])
"""

from __future__ import annotations

import collections.abc as cabc
import enum
import json
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, get_args, get_origin

import attrs
from cattrs.errors import IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn
from cattrs.preconf.json import JsonConverter

from ocopkit.products import ProductCode

from ._jsontext import _JSON_TYPES, InvalidValueError, _got_vi, _json_type, _wrong_type
from ._scalars import (
    _INT,
    _ISO_DATE,
    _enum_hooks,
    _is_enum,
    _normalised_fields,
    _structure_bool,
    _structure_code,
    _structure_date,
    _structure_fraction,
    _structure_int,
    _structure_str,
    _unstructure_fraction,
    integral,
)

__all__ = ["register"]


def _origin(t: Any) -> Any:
    return get_origin(t)


def _is_union(t: Any) -> bool:
    return _origin(t) in (typing.Union, types.UnionType)


def _is_mapping(t: Any) -> bool:
    return _origin(t) in (cabc.Mapping, dict, cabc.MutableMapping)


def _is_homogeneous(t: Any) -> bool:
    o = _origin(t)
    if o is tuple:
        args = get_args(t)
        return len(args) == 2 and args[1] is Ellipsis
    return o in (list, frozenset, set, cabc.Sequence, cabc.Set, cabc.MutableSequence)


def _is_fixed_tuple(t: Any) -> bool:
    return _origin(t) is tuple and not _is_homogeneous(t)


def _raise_group(errors: list[Exception], what: str, t: Any) -> None:
    if errors:
        raise IterableValidationError(f"While structuring {what}", errors, t)


def _noted(exc: Exception, index: int | str, t: Any) -> Exception:
    exc.__notes__ = [*getattr(exc, "__notes__", []),
                     IterableValidationNote(f"Structuring @ {index!r}", index, t)]
    return exc


def _mapping_structure(conv: JsonConverter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(t: Any) -> Callable[[Any, Any], Any]:
        args = get_args(t)
        kt, vt = (args if len(args) == 2 else (str, Any))
        vhook = conv.get_structure_hook(vt) if vt is not Any else None

        def structure(value: Any, _: Any) -> dict[Any, Any]:
            if not isinstance(value, dict):
                raise _wrong_type(value, dict)
            out: dict[Any, Any] = {}
            errors: list[Exception] = []
            for key, item in value.items():
                try:
                    k = _mapping_key(key, kt)
                    out[k] = vhook(item, vt) if vhook is not None else item
                except Exception as exc:
                    errors.append(_noted(exc, key, vt))
            _raise_group(errors, "mapping", t)
            return out

        return structure

    return factory


def _mapping_key(key: Any, kt: Any) -> Any:
    if kt is int:
        if isinstance(key, int) and not isinstance(key, bool):
            return key
        if isinstance(key, str) and _INT.fullmatch(key):
            return int(key)
        raise InvalidValueError("invalid-key", f"khóa phải là số nguyên: {key!r}",
                      f"key must be an integer: {key!r}")
    if kt is str:
        if not isinstance(key, str):
            raise _wrong_type(key, str)
        return key
    if _is_enum(kt):
        return _enum_hooks(kt)(key, kt)
    return key


def _mapping_unstructure(conv: JsonConverter) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        args = get_args(t)
        vt = args[1] if len(args) == 2 else Any

        def unstructure(value: Mapping[Any, Any]) -> dict[str, Any]:
            return {
                (k.value if isinstance(k, enum.Enum) else str(k)):
                    conv.unstructure(v, unstructure_as=vt if vt is not Any else None)
                for k, v in value.items()
            }

        return unstructure

    return factory


def _sequence_structure(conv: JsonConverter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(t: Any) -> Callable[[Any, Any], Any]:
        o = _origin(t)
        args = get_args(t)
        et = args[0] if args else Any
        ehook = conv.get_structure_hook(et) if et is not Any else None
        build: Callable[[list[Any]], Any]
        if o in (frozenset, cabc.Set):
            build = frozenset
        elif o is set:
            build = set
        elif o is list or o is cabc.MutableSequence:
            build = list
        else:
            build = tuple
        unique = build in (frozenset, set)

        def structure(value: Any, _: Any) -> Any:
            if not isinstance(value, list | tuple):
                raise _wrong_type(value, list)
            out: list[Any] = []
            errors: list[Exception] = []
            for i, item in enumerate(value):
                try:
                    out.append(ehook(item, et) if ehook is not None else item)
                except Exception as exc:
                    errors.append(_noted(exc, i, et))
            _raise_group(errors, "array", t)
            if unique:
                _refuse_repeats(out, t)
            return build(out)

        return structure

    return factory


def _refuse_repeats(items: list[Any], t: Any) -> None:
    """A set written as an array lists each member once: a repeated one is refused, never
    silently merged (the JSON Schema says ``uniqueItems``)."""
    seen: dict[Any, int] = {}
    errors: list[Exception] = []
    for i, item in enumerate(items):
        if item in seen:
            errors.append(_noted(InvalidValueError(
                "duplicate-item", f"{item!r} đã có ở vị trí {seen[item]}",
                f"{item!r} is listed twice (first at {seen[item]}); each member once"), i, t))
        else:
            seen[item] = i
    _raise_group(errors, "array", t)


def _fixed_tuple_structure(conv: JsonConverter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(t: Any) -> Callable[[Any, Any], Any]:
        ets = get_args(t)
        hooks = [conv.get_structure_hook(et) for et in ets]

        def structure(value: Any, _: Any) -> tuple[Any, ...]:
            if not isinstance(value, list | tuple):
                raise _wrong_type(value, list)
            if len(value) != len(ets):
                raise InvalidValueError("wrong-length", f"cần {len(ets)} phần tử, có {len(value)}",
                              f"expected {len(ets)} items, got {len(value)}")
            out: list[Any] = []
            errors: list[Exception] = []
            for i, (item, et, hook) in enumerate(zip(value, ets, hooks, strict=True)):
                try:
                    out.append(hook(item, et))
                except Exception as exc:
                    errors.append(_noted(exc, i, et))
            _raise_group(errors, "array", t)
            return tuple(out)

        return structure

    return factory


def _fixed_tuple_unstructure(conv: JsonConverter) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        ets = get_args(t)

        def unstructure(value: tuple[Any, ...]) -> list[Any]:
            return [conv.unstructure(v, unstructure_as=et) for v, et in zip(value, ets,
                                                                             strict=False)]

        return unstructure

    return factory


def _sort_key(item: Any) -> tuple[str, Any]:
    if isinstance(item, int | str):
        return (type(item).__name__, item)
    return ("~", json.dumps(item, sort_keys=True, ensure_ascii=False))


def _set_unstructure(conv: JsonConverter) -> Callable[[Any], Callable[[Any], Any]]:
    def factory(t: Any) -> Callable[[Any], Any]:
        args = get_args(t)
        et = args[0] if args else None

        def unstructure(value: cabc.Set[Any]) -> list[Any]:
            return sorted((conv.unstructure(v, unstructure_as=et) for v in value), key=_sort_key)

        return unstructure

    return factory


_SCALARS = (str, int, bool, Fraction, date)
_RATIO = re.compile(r"\s*-?[0-9]+/[0-9]+\s*")


def _union_structure(conv: JsonConverter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    """``X | None`` and unions of scalars (str, int, bool, Fraction, date), strictly typed.

    In a union with ``str``, a string is a date only when it is an ISO date
    and the union has ``date``, and a fraction only when it looks like
    ``"2/5"`` and the union has ``Fraction``.
    """

    def factory(t: Any) -> Callable[[Any, Any], Any]:
        members = [m for m in get_args(t) if m is not type(None)]
        nullable = len(members) < len(get_args(t))
        if len(members) == 1:
            inner = members[0]
            hook = conv.get_structure_hook(inner)

            def optional(value: Any, _: Any) -> Any:
                if value is None and nullable:
                    return None
                return hook(value, inner)

            return optional
        rest = tuple(members)

        def scalar(value: Any, _: Any) -> Any:
            if value is None and nullable:
                return None
            if isinstance(value, bool):
                if bool in rest:
                    return value
            elif isinstance(value, int):
                if int in rest:
                    return value
                if Fraction in rest:
                    return Fraction(value)
            elif isinstance(value, Decimal | Fraction):
                if Fraction in rest:
                    return _structure_fraction(value, Fraction)
                if int in rest and integral(value) is not None:
                    return integral(value)
            elif isinstance(value, str):
                if date in rest and _ISO_DATE.fullmatch(value):
                    return _structure_date(value, date)
                if Fraction in rest and (str not in rest or _RATIO.fullmatch(value)):
                    return _structure_fraction(value, Fraction)
                if str in rest:
                    return value
            names = " | ".join(_JSON_TYPES.get(m, (m.__name__, ""))[0] for m in rest)
            got = _json_type(value)
            raise InvalidValueError("wrong-type", f"cần {names}, nhận được {_got_vi(value)}",
                          f"expected {names}{' or null' if nullable else ''}, got {got}")

        return scalar

    return factory


def _is_scalar_union(t: Any) -> bool:
    if not _is_union(t):
        return False
    members = [m for m in get_args(t) if m is not type(None)]
    return len(members) == 1 or all(m in _SCALARS for m in members)


# --------------------------------------------------------------------------- attrs classes


def _is_attrs(t: Any) -> bool:
    return isinstance(t, type) and attrs.has(t)


def _attrs_structure(conv: JsonConverter) -> Callable[[Any], Callable[[Any, Any], Any]]:
    def factory(t: Any) -> Callable[[Any, Any], Any]:
        fn = make_dict_structure_fn(t, conv, _cattrs_forbid_extra_keys=True,
                                    **_normalised_fields(t))

        def structure(value: Any, cl: Any) -> Any:
            if not isinstance(value, dict):
                raise _wrong_type(value, dict)
            return fn(value, cl)

        return structure

    return factory


# --------------------------------------------------------------------------- registering


def register(conv: JsonConverter) -> None:
    """Register the strict hooks for JSON scalars and containers on ``conv``."""
    # scalars: strict JSON types
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(Fraction, _structure_fraction)
    conv.register_unstructure_hook(Fraction, _unstructure_fraction)
    conv.register_structure_hook(ProductCode, _structure_code)
    conv.register_unstructure_hook(ProductCode, str)
    conv.register_structure_hook_factory(_is_enum, _enum_hooks)
    conv.register_unstructure_hook_factory(_is_enum, lambda _: lambda e: e.value)
    # containers
    conv.register_structure_hook_factory(_is_attrs, _attrs_structure(conv))
    conv.register_structure_hook_factory(_is_scalar_union, _union_structure(conv))
    conv.register_structure_hook_factory(_is_mapping, _mapping_structure(conv))
    conv.register_unstructure_hook_factory(_is_mapping, _mapping_unstructure(conv))
    conv.register_structure_hook_factory(_is_homogeneous, _sequence_structure(conv))
    conv.register_structure_hook_factory(_is_fixed_tuple, _fixed_tuple_structure(conv))
    conv.register_unstructure_hook_factory(_is_fixed_tuple, _fixed_tuple_unstructure(conv))
    conv.register_unstructure_hook_factory(
        lambda t: _origin(t) in (frozenset, set, cabc.Set) or t in (frozenset, set),
        _set_unstructure(conv))
