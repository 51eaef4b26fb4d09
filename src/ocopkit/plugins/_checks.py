"""Checking a plug-in before it is published: :func:`check_plugin`.

The CLI exposes it as ``ocopkit check-plugin NAME``. It loads the plug-in
on its own (with the national rules only), reports every problem instead of
stopping at the first, and adds checks that loading does not make:

* the plug-in loads (imports, registers, implements only known hooks);
* each contribution has the right type, and no hook raises;
* overrides: the rule set and criterion exist, points lie within the
  criterion's maximum, options exist, a citation is given;
* gates: a citation, at least one kind of evidence, ``min_stars`` 3–5;
* provinces are known; effective windows are ordered;
* contributions of the same kind for the same target do not overlap in
  time (two overrides of one criterion, two gates asking for the same
  evidence in one province, two certificate policies for one province,
  two tier policies for one rule set);
* plans and indicators pass their own ``check()``.

>>> from ocopkit.plugins import check_plugin
>>> from ocopkit import plugins as national
>>> check_plugin(national)
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ocopkit.errors import DataError, Problem, ValidationError
from ocopkit.rulesets import NATIONAL, CriterionOverride, Gate, Rules
from ocopkit.text import suggest

from . import _national as national
from ._contributions import Contributions, validate_contributions
from ._load import collect
from ._manager import GROUP, OcopkitPluginManager, entry_point_distribution, manager, plugin_name
from ._report import PluginFailure

__all__ = ["check_plugin"]


def _failure_problems(f: PluginFailure) -> list[Problem]:
    where = f"plugin {f.plugin}" + (f" › {f.hook}" if f.hook else "")
    if f.problems:
        return [Problem(f"plugin {f.plugin} › {p.path}", p.code, p.message_vi, p.message_en,
                        p.suggestion) for p in f.problems]
    codes = {"load": "load-failed", "register": "register-failed", "hooks": "unknown-hook",
             "call": "hook-raised"}
    message = str(f.error)
    return [Problem(where, codes.get(f.stage, "plugin-failed"),
                    f"plug-in {f.plugin} lỗi: {message}", message)]


def _overlap(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> bool:
    (a0, a1), (b0, b1) = a, b
    return (a0 is None or b1 is None or a0 <= b1) and (b0 is None or a1 is None or b0 <= a1)


def _unit_key(query: str) -> str:
    from ocopkit import places

    try:
        return places.province(query).id
    except ValidationError:
        return query.strip().casefold()


def _overlaps(c: Contributions) -> list[Problem]:
    problems = []
    overrides = sorted(c.overrides, key=lambda o: o.id)
    for i, a in enumerate(overrides):
        for b in overrides[i + 1:]:
            same = (a.ruleset_id, a.criterion_id, _unit_key(a.province)) == (
                b.ruleset_id, b.criterion_id, _unit_key(b.province))
            sets = (a.product_sets is None or b.product_sets is None
                    or bool(a.product_sets & b.product_sets))
            if same and sets and _overlap((a.effective_from, a.effective_until),
                                          (b.effective_from, b.effective_until)):
                problems.append(_overlap_problem(
                    "override", a, b, f"criterion {a.criterion_id} of {a.ruleset_id}"))
    gates = sorted(c.gates, key=lambda g: g.id)
    for i, g in enumerate(gates):
        for h in gates[i + 1:]:
            if (_unit_key(g.province) == _unit_key(h.province) and g.requires & h.requires
                    and _overlap((g.effective_from, g.effective_until),
                                 (h.effective_from, h.effective_until))):
                problems.append(_overlap_problem(
                    "gate", g, h, f"evidence {', '.join(sorted(g.requires & h.requires))}"))
    problems.extend(_duplicates("ocopkit_register_certificate_policies", "province",
                                [_unit_key(p) for p, _ in c.certificate_policies]))
    problems.extend(_duplicates("ocopkit_register_tier_policies", "rule set",
                                [rid for rid, _ in c.tier_policies]))
    return problems


def _overlap_problem(kind: str, a: CriterionOverride | Gate, b: CriterionOverride | Gate,
                     target: str) -> Problem:
    return Problem(
        f"ocopkit_register_rules › {kind} {b.id}", "overlapping-window",
        f"{kind} {a.id} và {b.id} cùng áp dụng cho {target} ({a.province}) trong thời gian "
        "chồng lấn",
        f"{kind}s {a.id} and {b.id} both apply to {target} in {a.province} over overlapping "
        "effective windows",
    )


def _duplicates(hook: str, what: str, keys: Iterable[str]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for key in keys:
        if key in seen:
            out.append(Problem(f"{hook} › {key}", "duplicate-target",
                               f"đăng ký hai lần cho {key}",
                               f"registered twice for {what} {key}"))
        seen.add(key)
    return out


def _installed_names() -> list[str]:
    names = []
    for ep in OcopkitPluginManager.entry_points(group=GROUP):
        names.append(ep.name)
        dist_name, _ = entry_point_distribution(ep)
        if dist_name:
            names.append(dist_name)
    return sorted(set(names))


def check_plugin(name_or_object: str | object) -> list[Problem]:
    """Every problem found in one plug-in (an entry-point or distribution name, or an object).

    An empty list means the plug-in loads and all its contributions are
    valid. The plug-in is loaded on its own, even when autoloading is
    disabled by ``OCOPKIT_DISABLE_PLUGIN_AUTOLOAD``.
    """
    if isinstance(name_or_object, str):
        name = name_or_object
        pm = manager(autoload=True, only=[name])
        where = f"plugin {name}"
        if name in pm.report.blocked or (len(pm.report.plugins) < 2 and pm.report.blocked):
            return [Problem(where, "blocked", f"plug-in {name} bị chặn (OCOPKIT_BLOCK_PLUGINS)",
                            f"plug-in {name} is blocked (OCOPKIT_BLOCK_PLUGINS)")]
        if len(pm.report.plugins) < 2 and not pm.report.failures:
            return [Problem(where, "unknown-plugin",
                            f"không có plug-in nào tên {name!r} được cài đặt",
                            f"no installed plug-in is named {name!r}",
                            suggest(name, _installed_names(), cutoff=0.5))]
    else:
        if name_or_object is national:
            pm, name = manager(autoload=False), NATIONAL
        else:
            pm = manager(autoload=False, plugins=[name_or_object])
            name = plugin_name(name_or_object)
    problems: list[Problem] = []
    for failure in pm.report.failures:
        problems.extend(_failure_problems(failure))
    base = Rules.national().registry
    for c in collect(pm):
        if c.name == NATIONAL and name != NATIONAL:
            continue
        if c.failure is not None:
            problems.extend(_failure_problems(c.failure))
            continue
        registry = base
        if c.name != NATIONAL and c.rulesets:
            try:
                registry = base.with_rulesets(c.rulesets)
            except DataError as exc:
                problems.extend(Problem(f"plugin {c.name} › ocopkit_register_rulesets › {p.path}",
                                        p.code, p.message_vi, p.message_en, p.suggestion)
                                for p in exc.problems)
        found = [p for _, p in validate_contributions(c, registry)] + _overlaps(c)
        problems.extend(Problem(f"plugin {c.name} › {p.path}", p.code, p.message_vi,
                                p.message_en, p.suggestion) for p in found)
    return problems
