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
* plans and indicators pass their own ``check()``;
* no hook returns a value (a hook calls ``register``), no hook raises (anything,
  ``SystemExit`` included), the plug-in stays within its time budget and
  contribution cap, and every value is a plain value of ocopkit's own types (no
  subclass: :mod:`ocopkit.plugins._values`);
* after the plug-in ran, the national rules are still the data their content
  hashes name.

>>> from ocopkit.plugins import check_plugin
>>> from ocopkit import plugins as national
>>> check_plugin(national)
[]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from ocopkit.errors import DataError, Problem, ValidationError
from ocopkit.rulesets import NATIONAL, CriterionOverride, Gate, Rules
from ocopkit.text import suggest

from . import _national as national
from ._collect import collect
from ._contributions import Contributions, validate_contributions
from ._guard import Limits, describe
from ._load import verification_problems
from ._manager import GROUP, OcopkitPluginManager, entry_point_distribution, manager
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


_Window = tuple[date | None, date | None]


def _overlap(a: _Window, b: _Window) -> bool:
    (a0, a1), (b0, b1) = a, b
    return (a0 is None or b1 is None or a0 <= b1) and (b0 is None or a1 is None or b0 <= a1)


def _unit_keys() -> Callable[[str], str]:
    """``province query → unit id``, each distinct query resolved once."""
    from ocopkit import places

    cache: dict[str, str] = {}

    def key(query: str) -> str:
        if query not in cache:
            try:
                cache[query] = places.province(query).id
            except ValidationError:
                cache[query] = query.strip().casefold()
        return cache[query]

    return key


def _sweep(items: Sequence[tuple[_Window, str]]) -> Iterator[tuple[str, str]]:
    """Pairs ``(earlier, later)`` of ids whose windows overlap: each item that overlaps an
    item starting no later than it is paired with one of those (the one ending last).

    Sorting by start makes it ``n log n``: an item overlaps one of the items before it
    exactly when it starts on or before the latest end among them. Both ends are
    inclusive; ``None`` is open.
    """
    ordered = sorted(items, key=lambda it: (it[0][0] is not None, it[0][0] or date.min, it[1]))
    reach: _Window | None = None
    holder = ""
    for window, ident in ordered:
        if reach is not None and _overlap(reach, window):
            yield holder, ident
        end = window[1]
        if reach is None or end is None or (reach[1] is not None and end > reach[1]):
            reach, holder = window, ident


def _overlaps(c: Contributions, known_sets: frozenset[int] | None = None) -> list[Problem]:
    """Contributions of the same kind for the same target over overlapping windows.

    Each contribution that overlaps another is reported once per rival found, with
    the rival ending last among those starting before it; the work is ``n log n`` in
    the number of contributions (and linear in their product sets and evidence kinds).
    Only product sets in ``known_sets`` (when given) are compared: an unknown one is a
    problem of its own.
    """
    unit = _unit_keys()
    problems: list[Problem] = []
    by_id = {o.id: o for o in c.overrides}
    groups: dict[tuple[str, str, str, int | None], list[tuple[_Window, str]]] = {}
    for o in sorted(by_id.values(), key=lambda o: o.id):
        base = (o.ruleset_id, o.criterion_id, unit(o.province))
        entry = ((o.effective_from, o.effective_until), o.id)
        sets = o.product_sets
        if sets is not None and known_sets is not None:
            sets = sets & known_sets
        for n in (None,) if sets is None else sorted(sets):
            groups.setdefault((*base, n), []).append(entry)
    # an override of every product set (None) meets the overrides of each one
    for key in [k for k in groups if k[3] is not None]:
        groups[key] = groups[key] + groups.get((*key[:3], None), [])
    found: set[tuple[str, str]] = set()
    for key in sorted(groups, key=lambda k: (k[:3], k[3] is not None, k[3] or 0)):
        for a_id, b_id in _sweep(groups[key]):
            pair = (min(a_id, b_id), max(a_id, b_id))
            if pair in found:
                continue
            found.add(pair)
            a, b = by_id[pair[0]], by_id[pair[1]]
            problems.append(_overlap_problem(
                "override", a, b, f"criterion {a.criterion_id} of {a.ruleset_id}"))
    gates = {g.id: g for g in c.gates}
    kinds: dict[tuple[str, str], list[tuple[_Window, str]]] = {}
    for g in sorted(gates.values(), key=lambda g: g.id):
        for kind in sorted(g.requires):
            kinds.setdefault((unit(g.province), kind), []).append(
                ((g.effective_from, g.effective_until), g.id))
    shared: dict[tuple[str, str], set[str]] = {}
    for (_, kind), entries in sorted(kinds.items()):
        for a_id, b_id in _sweep(entries):
            shared.setdefault((min(a_id, b_id), max(a_id, b_id)), set()).add(kind)
    for (a_id, b_id), evidence in sorted(shared.items()):
        problems.append(_overlap_problem("gate", gates[a_id], gates[b_id],
                                         f"evidence {', '.join(sorted(evidence))}"))
    problems.extend(_duplicates("ocopkit_register_certificate_policies", "province",
                                [unit(p) for p, _ in c.certificate_policies]))
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


def check_plugin(
    name_or_object: str | object,
    *,
    limits: Limits | None = None,
    isolated: bool = False,
) -> list[Problem]:
    """Every problem found in one plug-in (an entry-point or distribution name, or an object).

    An empty list means the plug-in loads and all its contributions are
    valid. The plug-in is loaded on its own, even when autoloading is
    disabled by ``OCOPKIT_DISABLE_PLUGIN_AUTOLOAD``, within ``limits`` (default:
    :meth:`Limits.from_env <ocopkit.plugins.Limits.from_env>`); after it has run,
    the national rule sets (and its own) are verified to be the data their content
    hashes name (``ruleset-changed`` otherwise: the plug-in changed them in memory).

    ``isolated=True`` (for an installed plug-in, by name; what ``ocopkit
    check-plugin`` does) runs the check in a child process that is killed if it
    outlives the time budget: a plug-in that hangs in C code, ends the process
    (``os._exit``) or changes the rules in memory then cannot touch this one.
    """
    limits = limits if limits is not None else Limits.from_env()
    if isolated:
        if not isinstance(name_or_object, str):
            raise TypeError("check_plugin(isolated=True) checks an installed plug-in by name")
        from ._isolated import check_in_child

        return check_in_child(name_or_object, limits)
    if isinstance(name_or_object, str):
        name = name_or_object
        pm = manager(autoload=True, only=[name], limits=limits)
        where = f"plugin {name}"
        if name in pm.report.blocked or (len(pm.report.plugins) < 2 and pm.report.blocked):
            return [Problem(where, "blocked", f"plug-in {name} bị chặn (OCOPKIT_BLOCK_PLUGINS)",
                            f"plug-in {name} is blocked (OCOPKIT_BLOCK_PLUGINS)")]
        if len(pm.report.plugins) < 2 and not pm.report.failures:
            return [Problem(where, "unknown-plugin",
                            f"không có plug-in nào tên {name!r} được cài đặt",
                            f"no installed plug-in is named {name!r}",
                            suggest(name, _installed_names(), cutoff=0.5))]
    elif name_or_object is national:
        pm, name = manager(autoload=False, limits=limits), NATIONAL
    else:
        pm = manager(autoload=False, plugins=[name_or_object], limits=limits)
        names = [i.name for i in pm.report.plugins if i.name != NATIONAL]
        names += [f.plugin for f in pm.report.failures]
        name = names[0] if names else describe(name_or_object)
    problems: list[Problem] = []
    for failure in pm.report.failures:
        problems.extend(_failure_problems(failure))
    national_rules = Rules.national()
    base = national_rules.registry
    known_sets = frozenset(n for rs in base for n in rs.scorecards)
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
        sets = known_sets | {n for rs in c.rulesets for n in rs.scorecards}
        found = [p for _, p in validate_contributions(c, registry)] + _overlaps(c, sets)
        problems.extend(Problem(f"plugin {c.name} › {p.path}", p.code, p.message_vi,
                                p.message_en, p.suggestion) for p in found)
    problems.extend(_verified(pm, national_rules, name))
    return problems


def _verified(pm: OcopkitPluginManager, rules: Rules, name: str) -> list[Problem]:
    """The national rules are still the data they name, after the plug-in ran."""
    return [Problem(f"plugin {name} › {p.path}", p.code, p.message_vi, p.message_en)
            for p in verification_problems(pm, rules, plugin_code=False)]
