"""The typed error hierarchy of ocopkit.

Every error that ocopkit raises on purpose derives from :class:`OcopError`.
Input problems are never raised one at a time: they are collected into
:class:`Problem` records (a location, a stable code, a message in Vietnamese
and English, and a suggested fix) and raised together in one
:class:`ValidationError`.

>>> from ocopkit.errors import Problem, ValidationError
>>> err = ValidationError([
...     Problem("$.answers['1.5']", "unknown-option",
...             "tùy chọn không tồn tại: '1.5.x'", "unknown option '1.5.x'",
...             suggestion="1.5.a"),
... ])
>>> print(err)
1 lỗi / 1 problem:
  $.answers['1.5']: tùy chọn không tồn tại: '1.5.x'; có phải ý bạn là '1.5.a'? / unknown option '1.5.x'; did you mean '1.5.a'?
>>> print(err.format("en"))
1 problem:
  $.answers['1.5']: unknown option '1.5.x'; did you mean '1.5.a'?
>>> err.problems[0].code
'unknown-option'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal, TypeAlias

import attrs

from ocopkit.text import bilingual, split_bilingual

__all__ = [
    "CertificateError",
    "ConflictError",
    "DataError",
    "MissingDependencyError",
    "OcopError",
    "PluginError",
    "Problem",
    "ProblemCollector",
    "ProcedureError",
    "Severity",
    "TransitionError",
    "ValidationError",
    "count_text",
]


#: How serious a :class:`Problem` is (see :attr:`Problem.severity`).
Severity: TypeAlias = Literal["error", "warning", "note"]


class OcopError(Exception):
    """Base class of every error raised by ocopkit."""


_SEVERITY = {"warning": ("cảnh báo", "warning"), "note": ("ghi chú", "note")}


def count_text(n: int, lang: str = "both") -> str:
    """``"2 lỗi"`` / ``"2 problems"`` in ``lang``."""
    return bilingual(f"{n} lỗi", f"{n} problem{'s' if n != 1 else ''}", lang)


@attrs.frozen
class Problem:
    """One located problem found in input or data.

    ``path`` says where: a JSON path (``$.answers['1.5']``), a dotted
    criterion path (``set 7 › 1.5``) or ``file:line:column`` for imports.
    ``code`` is a stable, machine-readable kebab-case identifier.

    ``severity`` says what a lenient registry import does with the record:
    ``"error"`` (the default) refuses it; ``"warning"`` keeps it, flagged (a strict
    import refuses it); ``"note"`` only informs (how a value was read: a province
    resolved by date, a renewal recorded as superseding) and refuses nothing.
    """

    path: str
    code: str
    message_vi: str
    message_en: str
    suggestion: str | None = None
    severity: Severity = "error"

    def format(self, lang: str = "both") -> str:
        """Render the problem in ``"vi"``, ``"en"`` or ``"both"`` (Vietnamese, then
        English: :func:`ocopkit.text.bilingual`)."""
        en = self.message_en
        vi = self.message_vi
        if self.suggestion is not None:
            en = f"{en}; did you mean {self.suggestion!r}?"
            vi = f"{vi}; có phải ý bạn là {self.suggestion!r}?"
        tag = ("" if self.severity == "error" else
               f"[{bilingual(*_SEVERITY[self.severity], lang)}] ")
        return f"{self.path}: {tag}{bilingual(vi, en, lang)}"

    @property
    def blocking(self) -> bool:
        """Whether a strict import refuses on this problem (an error or a warning)."""
        return self.severity != "note"

    def __str__(self) -> str:
        return self.format()


class ValidationError(OcopError, ValueError):
    """Input or data failed validation; carries *every* problem found.

    Subclasses :class:`ValueError` so that callers that only know the
    standard library can still catch it.
    """

    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem], summary: str | None = None) -> None:
        self.problems = tuple(problems)
        if not self.problems:
            raise ValueError("ValidationError needs at least one problem")
        self.summary = summary
        super().__init__(self._render())

    def format(self, lang: str = "both") -> str:
        """The summary, the count and every problem, in ``lang`` (see
        :meth:`Problem.format`); ``str()`` is ``format("both")``."""
        head = count_text(len(self.problems), lang)
        if self.summary:
            head = f"{bilingual(*split_bilingual(self.summary), lang)} — {head}"
        return head + ":\n" + "\n".join(f"  {p.format(lang)}" for p in self.problems)

    def _render(self) -> str:
        return self.format()

    def __str__(self) -> str:
        return self._render()

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    @property
    def codes(self) -> tuple[str, ...]:
        """The problem codes, in order (handy in tests and logs)."""
        return tuple(p.code for p in self.problems)


class DataError(ValidationError):
    """Bundled or plug-in reference data (a rule set, a plan, …) is inconsistent."""


class PluginError(OcopError):
    """A plug-in could not be loaded, or misbehaved when called.

    ``plugin`` names the plug-in (entry-point or registration name),
    ``distribution`` the installed package (``name version``) when known,
    ``hook`` the hook that failed when known.
    """

    def __init__(
        self,
        message: str,
        *,
        plugin: str,
        distribution: str | None = None,
        hook: str | None = None,
    ) -> None:
        self.plugin = plugin
        self.distribution = distribution
        self.hook = hook
        where = f"plug-in {plugin!r}"
        if distribution:
            where += f" (from {distribution})"
        if hook:
            where += f", hook {hook}"
        super().__init__(f"{where}: {message}")


class ConflictError(PluginError):
    """Two plug-ins claim the same decision at the same priority."""


class TransitionError(OcopError, ValueError):
    """An illegal step in a lifecycle: a stable kebab-case ``code`` and the message in
    English and Vietnamese."""

    def __init__(self, message_en: str, message_vi: str, *, code: str) -> None:
        self.code = code
        self.message_en = message_en
        self.message_vi = message_vi
        super().__init__(bilingual(message_vi, message_en))


class CertificateError(TransitionError):
    """An illegal certificate transition (e.g. revoking an expired certificate)."""


class ProcedureError(TransitionError):
    """An illegal step of the evaluation procedure (QĐ 26/2026/QĐ-TTg Điều 7, 8).

    ``stage`` is the stage the case was in and ``step`` the step refused (their
    values, e.g. ``"at-commune"`` and ``"certify"``), when they apply.

    >>> err = ProcedureError("only the commune may propose", "chỉ UBND cấp xã được đề nghị",
    ...                      code="actor-not-competent", stage="at-commune", step="propose")
    >>> err.code, err.stage, err.step
    ('actor-not-competent', 'at-commune', 'propose')
    """

    def __init__(self, message_en: str, message_vi: str, *, code: str,
                 stage: str | None = None, step: str | None = None) -> None:
        self.stage = stage
        self.step = step
        super().__init__(message_en, message_vi, code=code)


class MissingDependencyError(OcopError, ImportError):
    """An optional extra (numpy, pandas, matplotlib) is needed but not installed."""

    def __init__(self, package: str, extra: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(bilingual(f"cần cài {package}: pip install 'ocopkit[{extra}]'",
                                   f"{package} is required for this feature: "
                                   f"pip install 'ocopkit[{extra}]'"))


@attrs.define
class ProblemCollector:
    """Accumulates problems, then raises them all at once.

    >>> c = ProblemCollector()
    >>> c.add("$.a", "bad", "sai", "bad")
    >>> c.add("$.b", "bad", "sai", "bad")
    >>> len(c)
    2
    """

    problems: list[Problem] = attrs.Factory(list)

    def add(
        self,
        path: str,
        code: str,
        message_vi: str,
        message_en: str,
        suggestion: str | None = None,
        severity: Severity = "error",
    ) -> None:
        self.problems.append(Problem(path, code, message_vi, message_en, suggestion, severity))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def __len__(self) -> int:
        return len(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(
        self, summary: str | None = None, cls: type[ValidationError] = ValidationError
    ) -> None:
        """Raise ``cls`` carrying every collected problem, if there is any."""
        if self.problems:
            raise cls(self.problems, summary)
