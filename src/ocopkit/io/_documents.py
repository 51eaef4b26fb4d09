"""Reading one procedure document (a case, a dossier, a revocation case) from JSON."""

from __future__ import annotations

from typing import Any

from ocopkit.rulesets import Rules

from ._converter import from_json
from ._limits import InputLimits
from ._procedure import DOCUMENT

__all__ = ["load_document"]


def load_document(text: str | bytes, *, rules: Rules | None = None,
                  source: str = "<json>", limits: InputLimits | None = None) -> Any:
    """The :class:`~ocopkit.procedure.Case`, dossier or
    :class:`~ocopkit.procedure.RevocationCase` that JSON ``text`` holds, told apart by its
    ``"type"`` (``"case"``, ``"product-dossier"``, ``"commune-dossier"``,
    ``"province-dossier"``, ``"revocation-case"``), read within ``limits`` (see
    :func:`~ocopkit.io.from_json`); one
    :class:`~ocopkit.errors.ValidationError` with every problem otherwise.

    >>> load_document('{"type": "dossier"}')
    Traceback (most recent call last):
    ...
    ocopkit.errors.ValidationError: dữ liệu không hợp lệ / invalid data — 1 lỗi / 1 problem:
      $: "type" không hợp lệ: 'dossier' (...); có phải ý bạn là 'product-dossier'? / ...
    """
    return from_json(text, DOCUMENT, rules=rules, source=source, limits=limits)
