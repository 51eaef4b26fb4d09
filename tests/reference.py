"""A straightforward reference evaluator: the oracle the engine is compared with.

It computes an evaluation the way the rules read — per criterion, per scorer, with
``Fraction`` arithmetic and no tables, no packing, no caching — and builds the
:class:`~ocopkit.scoring.Evaluation` through its ``__init__``. It lives in the tests
only: the library has one engine (``ocopkit.scoring.evaluate``), and property tests
check that it agrees with this oracle on every field, the rendering included.
Validation is shared (``ocopkit.scoring.validate`` is the one reporter of bad input).
"""

from __future__ import annotations

from fractions import Fraction

from ocopkit._version import __version__
from ocopkit.rulesets import Averaging, Criterion, ExactMean, Gate, Rules, TierChecks
from ocopkit.scoring import (
    Assessment,
    Evaluation,
    GateFailure,
    Provenance,
    TraceLine,
    fmt,
    validate,
)


def _line(crit: Criterion, option_ids: tuple[str | None, ...], text: str | None,
          value: Fraction, applicable: bool, decided_by: str) -> TraceLine:
    req = {k: crit.required_points(k) for k in (3, 4, 5)}
    met = {k: (not applicable) or r is None or value >= r for k, r in req.items()}
    if not applicable:
        cond = crit.applies_when
        assert cond is not None
        why_en = f"not applicable: {cond.text or 'condition'} ({cond.criterion_id} scored 0)"
        why_vi = f"không áp dụng: {cond.text or 'điều kiện'} ({cond.criterion_id} được 0 điểm)"
    else:
        why_en = f"{fmt(value)}/{crit.max_points}" + (f" ({text[:60]})" if text else "")
        why_vi = why_en
        misses = [k for k, ok in met.items() if not ok]
        if misses:
            k = misses[0]
            why_en += f"; below the {k}★ minimum of {req[k]}"
            why_vi += f"; dưới mức tối thiểu {req[k]} của hạng {k} sao"
    return TraceLine(crit.id, crit.name, crit.part_id, crit.group_id, option_ids, text, value,
                     crit.max_points, req, met, applicable, crit.citation, decided_by,
                     why_vi, why_en)


def reference_evaluate(a: Assessment, rules: Rules | None = None, *,
                       averaging: Averaging | None = None) -> Evaluation:
    """Evaluate ``a`` the plain way (see the module docstring)."""
    rules = rules or Rules.national()
    ctx = validate(a, rules)
    avg: Averaging = averaging if averaging is not None else ExactMean()
    card = ctx.scorecard
    n = len(a.sheets)
    answers = [{x.criterion_id: x for x in s.answers} for s in a.sheets]
    raw: dict[str, list[Fraction]] = {}
    chosen: dict[str, tuple[str | None, ...]] = {}
    for crit in card:
        pts: list[Fraction] = []
        ids: list[str | None] = []
        for sheet in answers:
            x = sheet.get(crit.id)
            if x is None:
                pts.append(Fraction(0))
                ids.append(None)
            elif x.option_id is not None:
                pts.append(Fraction(crit.option(x.option_id).points))
                ids.append(x.option_id)
            else:
                assert x.points is not None
                matches = [o for o in crit.options if o.points == x.points]
                pts.append(Fraction(x.points))
                ids.append(matches[0].id if len(matches) == 1 else None)
        raw[crit.id] = pts
        chosen[crit.id] = tuple(ids)
    mean = {cid: sum(v, Fraction(0)) / n for cid, v in raw.items()}
    applicable = {c.id: c.applies_when is None
                  or mean.get(c.applies_when.criterion_id, Fraction(0)) > 0 for c in card}
    points = {cid: (v if applicable[cid] else Fraction(0)) for cid, v in mean.items()}
    sheet_totals = [sum((raw[c.id][i] for c in card if applicable[c.id]), Fraction(0))
                    for i in range(n)]
    total = avg.combine(sheet_totals)
    parts = {p.id: sum((points[c.id] for c in p.criteria), Fraction(0)) for p in card.parts}
    groups = {g.id: sum((points[c.id] for c in g.criteria), Fraction(0))
              for p in card.parts for g in p.groups}
    failures = {tier: tuple(c.id for c in card if applicable[c.id]
                            and (r := c.required_points(tier)) is not None
                            and points[c.id] < r) for tier in (3, 4, 5)}
    gate_failures = []
    for att in ctx.gates:
        gate = att.item
        assert isinstance(gate, Gate)
        missing = gate.missing(a.evidence_keys)
        if missing:
            gate_failures.append(GateFailure(gate.id, gate.min_stars, missing, gate.citation,
                                             att.plugin, gate.name_vi, gate.name_en))
    # a disqualifier the scores decide: one of its criteria, applicable, scores 0 (mean)
    zero = {d.id: next(cid for cid in d.when_zero if applicable[cid] and points[cid] == 0)
            for d in card.disqualifiers.values()
            if any(applicable[cid] and points[cid] == 0 for cid in d.when_zero)}
    dq = tuple(card.disqualifiers[d] for d in sorted({*a.disqualifiers, *zero}))
    band = ctx.ruleset.bands.band_of(total)
    # the policy decides from the tiers met and why not: marks per tier, the failed gates
    met = TierChecks({tier: not failures[tier] for tier in (3, 4, 5)},
                     tuple(att.item for att in ctx.gates
                           if isinstance(att.item, Gate) and att.item.missing(a.evidence_keys)))
    if dq:
        stars: int | None = None
        ok = False
        cid = zero.get(dq[0].id)
        why_en = f"criterion {cid} scored 0 points: " if cid else ""
        why_vi = f"tiêu chí {cid} được 0 điểm: " if cid else ""
        dec_en = f"disqualified: {why_en}{dq[0].text} [{dq[0].citation}]"
        dec_vi = f"bị loại: {why_vi}{dq[0].text} [{dq[0].citation}]"
    else:
        decision = ctx.tier_policy.decide(band, met)
        stars, ok = decision.stars, decision.certifiable
        dec_en, dec_vi = decision.reason_en, decision.reason_vi
    authority = ctx.ruleset.authority_for(stars, a.assessed_on) if ok and stars else None
    trace = []
    for c in card:
        ids = chosen[c.id]
        text = c.option(ids[0]).text if len(set(ids)) == 1 and ids[0] is not None else None
        trace.append(_line(c, ids, text, points[c.id], applicable[c.id],
                           ctx.decided_by.get(c.id, "ocopkit.national")))
    prov = Provenance(ctx.ruleset.id, ctx.ruleset.content_hash, ctx.plugins, __version__,
                      ctx.tier_policy.id, avg.id)
    return Evaluation(
        assessment=a, total=total, parts=parts, groups=groups, band=band,
        minimum_failures={k: v for k, v in failures.items() if v},
        gate_failures=tuple(gate_failures), disqualified_by=dq, stars=stars, certifiable=ok,
        authority=authority, decision_en=dec_en, decision_vi=dec_vi, trace=tuple(trace),
        provenance=prov, scorecard=card, bands=ctx.ruleset.bands, rules=rules,
    )
