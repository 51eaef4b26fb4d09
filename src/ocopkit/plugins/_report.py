"""What loading plug-ins produced: the records of :mod:`ocopkit.plugins`.

:class:`~ocopkit.plugins.Loaded` holds everything the accepted plug-ins
contributed (the :class:`~ocopkit.rulesets.Rules`,
:class:`~ocopkit.plugins.Provided` plans and indicators,
:class:`~ocopkit.plugins.ProvincePolicy` certificate policies) with the
:class:`~ocopkit.plugins.LoadReport` of the plug-ins used, blocked and
rejected; each rejection is a :class:`~ocopkit.plugins.PluginFailure`.
:func:`ocopkit.plugins.load` builds them. Every name here is importable
from, and documented in, :mod:`ocopkit.plugins`.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Generic, TypeVar

import attrs

from ocopkit import places
from ocopkit.certification import DEFAULT_POLICY, CertificatePolicy
from ocopkit.errors import ConflictError, PluginError, Problem, ValidationError
from ocopkit.places import Province
from ocopkit.products import Product
from ocopkit.rulesets import PluginInfo, Rules
from ocopkit.targets import Indicator, IndicatorRegistry, Plan

if TYPE_CHECKING:
    from ocopkit.procedure import Round

    from ._manager import OcopkitPluginManager

__all__ = [
    "LoadReport",
    "Loaded",
    "PluginFailure",
    "Provided",
    "ProvincePolicy",
]

log = logging.getLogger("ocopkit.plugins")

T = TypeVar("T")


@attrs.frozen
class PluginFailure:
    """A plug-in that was not used, and why.

    ``stage`` is ``"load"`` (import failed), ``"register"`` (pluggy refused
    it), ``"hooks"`` (unknown hook names or wrappers), ``"call"`` (a hook
    raised) or ``"contributions"`` (it registered invalid values, listed in
    ``problems``).
    """

    error: PluginError
    stage: str
    problems: tuple[Problem, ...] = ()

    @property
    def plugin(self) -> str:
        return self.error.plugin

    @property
    def distribution(self) -> str | None:
        return self.error.distribution

    @property
    def hook(self) -> str | None:
        return self.error.hook

    def __str__(self) -> str:
        return str(self.error)


@attrs.frozen
class LoadReport:
    """What a manager or a :func:`~ocopkit.plugins.load` did: plug-ins used, blocked, failed."""

    plugins: tuple[PluginInfo, ...] = ()
    blocked: tuple[str, ...] = ()
    failures: tuple[PluginFailure, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether no plug-in failed."""
        return not self.failures

    @property
    def failed(self) -> frozenset[str]:
        """Names of the plug-ins that failed."""
        return frozenset(f.plugin for f in self.failures)

    def __str__(self) -> str:
        lines = [f"plug-ins: {', '.join(map(str, self.plugins)) or '—'}"]
        if self.blocked:
            lines.append(f"blocked: {', '.join(self.blocked)}")
        lines.extend(f"failed: {f}" for f in self.failures)
        return "\n".join(lines)


@attrs.frozen
class Provided(Generic[T]):
    """A contribution (a plan, an indicator) with the plug-in that made it."""

    plugin: str
    item: T


@attrs.frozen
class ProvincePolicy:
    """A certificate policy registered by ``plugin`` for ``province``."""

    plugin: str
    province: str
    policy: CertificatePolicy


@attrs.frozen
class Loaded:
    """Everything the plug-ins contributed, checked and attributed.

    ``rules``
        the :class:`~ocopkit.rulesets.Rules` to pass to :func:`ocopkit.scoring.evaluate`;
    ``plans`` / ``indicators``
        :class:`Provided` records, sorted by plug-in (then in the order the
        plug-in registered them);
    ``certificate_policies``
        :class:`ProvincePolicy` records (see :meth:`certificate_policy_for`);
    ``rounds``
        :class:`Provided` extra evaluation rounds (see :attr:`extra_rounds`);
    ``report``
        the plug-ins used, blocked and rejected (with their problems);
    ``indicator_registry``
        the built-in indicators plus the plug-ins' (what plans are checked
        against).
    """

    rules: Rules
    plans: tuple[Provided[Plan], ...] = ()
    indicators: tuple[Provided[Indicator], ...] = ()
    certificate_policies: tuple[ProvincePolicy, ...] = ()
    rounds: tuple[Provided[Round], ...] = ()
    report: LoadReport = LoadReport()
    manager: OcopkitPluginManager | None = attrs.field(default=None, eq=False, repr=False)
    indicator_registry: IndicatorRegistry | None = attrs.field(default=None, eq=False,
                                                               repr=False)

    @property
    def failures(self) -> tuple[PluginFailure, ...]:
        return self.report.failures

    @property
    def extra_rounds(self) -> tuple[Round, ...]:
        """The extra rounds, to pass to :func:`ocopkit.procedure.round_for` (``extra=``)."""
        return tuple(p.item for p in self.rounds)

    def certificate_policy_for(self, province: str, on: date) -> CertificatePolicy:
        """The certificate policy for a product of ``province`` on date ``on``.

        A policy applies to the unit it names and to older units merged into
        it (when the named unit is in force on ``on``), never to a successor.
        Without one, :data:`~ocopkit.certification.DEFAULT_POLICY`; with two
        different ones, :class:`~ocopkit.errors.ConflictError`.
        """
        target = _unit(province, on)
        matches = []
        for entry in self.certificate_policies:
            area = _unit(entry.province, on)
            if area.id == target.id or (area.in_force(on) and places.contains(area, target)):
                matches.append(entry)
        policies = {m.policy for m in matches}
        if len(policies) > 1:
            names = ", ".join(sorted(f"{m.plugin} ({m.province})" for m in matches))
            raise ConflictError(
                f"several certificate policies apply to {target.id} on {on}: {names}",
                plugin=matches[0].plugin, hook="ocopkit_register_certificate_policies")
        return matches[0].policy if matches else DEFAULT_POLICY

    def validate_product(self, product: Product) -> tuple[Problem, ...]:
        """Run every plug-in's ``ocopkit_validate_product`` on ``product``.

        Each implementation is called on its own, within the plug-in time budget
        (:attr:`Limits.timeout <ocopkit.plugins.Limits.timeout>`). One that raises
        (anything, ``SystemExit`` included), returns a value instead of calling
        ``report`` or runs out of time becomes a ``"plugin-failed"``,
        ``"hook-returned-value"`` or ``"plugin-timeout"`` problem (a
        :class:`~ocopkit.errors.PluginError` if the manager is strict); a plug-in that
        ran out of time is not called again by this manager. Plug-ins rejected while
        loading are not called.
        """
        from ._guard import describe, exception_text
        from ._values import inexact

        pm = self.manager
        if pm is None:
            return ()
        hook = "ocopkit_validate_product"
        out: list[Problem] = []
        failed = self.report.failed
        impls = sorted(pm.hook.ocopkit_validate_product.get_hookimpls(),
                       key=lambda i: i.plugin_name)
        for impl in impls:
            name = impl.plugin_name
            if name in failed or not pm.accepted(name):
                continue
            where = f"plugin {name}"
            if name in pm.timed_out:
                out.append(Problem(where, "plugin-timeout",
                                   f"plug-in {name} đã quá thời gian trước đó nên không được gọi",
                                   f"plug-in {name} ran out of time before and is not called "
                                   "again"))
                continue
            found: list[Problem] = []
            closed: list[bool] = []

            def report(problem: object, _found: list[Problem] = found, _name: str = name,
                       _closed: list[bool] = closed) -> None:
                if _closed:
                    raise RuntimeError(f"{hook}: report() called after the hook returned")
                if type(problem) is Problem and inexact(problem) is None:
                    _found.append(problem)
                else:
                    _found.append(Problem(f"plugin {_name}", "plugin-bad-problem",
                                          "plug-in báo một giá trị không phải Problem",
                                          f"reported a {describe(problem)}, not a Problem"))

            args = {"product": product, "report": report}
            kwargs = {k: v for k, v in args.items() if k in impl.argnames}
            outcome = pm.guard.call(lambda f=impl.function, kw=kwargs: f(**kw),  # type: ignore[misc]
                                    timeout=pm.limits.timeout)
            closed.append(True)
            dist = pm.distribution_of(name)
            message: str | None = None
            if outcome.timed_out:
                pm.timed_out.add(name)
                message = f"did not finish within {pm.limits.timeout:g} s"
                vi = f"không chạy xong {hook} trong thời gian cho phép nên bị bỏ qua"
                code = "plugin-timeout"
            elif outcome.error is not None:
                message = f"raised {exception_text(outcome.error)}"
                vi = f"gặp lỗi: {exception_text(outcome.error)}"
                code = "plugin-failed"
            elif outcome.value is not None:
                message = (f"returned a {describe(outcome.value)} instead of calling "
                           "report(problem); a returned value is not used")
                vi = "trả về một giá trị thay vì gọi report(); giá trị trả về không được dùng"
                code = "hook-returned-value"
            if message is not None:
                error = PluginError(message, plugin=name, distribution=dist, hook=hook)
                if pm.strict:
                    raise error from outcome.error
                log.warning("%s", error, exc_info=outcome.error)
                found = [Problem(where, code, f"plug-in {name} {vi}", str(error))]
            out.extend(found)
        return tuple(sorted(out, key=lambda p: (p.path, p.code, p.message_en)))


def _unit(query: str, on: date) -> Province:
    try:
        return places.province(query, on=on)
    except ValidationError:
        return places.province(query)
