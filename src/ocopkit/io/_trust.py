"""Whether an :class:`~ocopkit.scoring.Evaluation` read back can be trusted.

An evaluation is a result: its reader does not take it on faith (issue 18.3). Read back by
:func:`ocopkit.io.from_json`, it is

1. **internally consistent** — its total is the sum of its trace, each part the sum of the
   trace lines of that part, its band the band of its total, its stars not above its band
   and absent when it is disqualified (:func:`consistency_problems`);
2. **made under rules at hand** — every plug-in its provenance names is loaded, and the
   rule set it names has the same content hash (:func:`provenance_problems`);
3. **reproduced** — evaluating its assessment under those rules gives the same result,
   field by field (:func:`reproduction_problems`); only the ocopkit version that wrote it
   may differ.

Each failure is a located :class:`~ocopkit.errors.Problem`; nothing is silently
re-interpreted under other rules.
"""

from __future__ import annotations

from typing import Any

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.rulesets import Rules, ScoringContext
from ocopkit.scoring import Evaluation, evaluate

__all__ = ["consistency_problems", "provenance_problems", "reproduction_problems"]

#: Fields compared when an evaluation is re-evaluated, in the order they are reported.
COMPARED = ("total", "parts", "groups", "band", "minimum_failures", "gate_failures",
            "disqualified_by", "stars", "certifiable", "authority", "decision_en",
            "decision_vi", "trace")


def _inconsistent(path: str, vi: str, en: str) -> Problem:
    return Problem(path, "inconsistent-evaluation", vi, en)


def consistency_problems(fields: dict[str, Any], ctx: ScoringContext) -> list[Problem]:
    """What contradicts itself in the fields of an evaluation read back (scored under
    ``ctx``): total, parts, band, stars."""
    out: list[Problem] = []
    trace = fields["trace"]
    total = sum((t.points for t in trace), start=fields["total"] * 0)
    if total != fields["total"]:
        out.append(_inconsistent(
            "$.total", f"tổng điểm {fields['total']} khác tổng các dòng chấm ({total})",
            f"the total {fields['total']} is not the sum of the trace lines ({total})"))
    for part, value in fields["parts"].items():
        found = sum((t.points for t in trace if t.part_id == part), start=value * 0)
        if found != value:
            out.append(_inconsistent(
                f"$.parts[{part!r}]", f"điểm phần {part} là {value}, các dòng chấm cộng lại "
                f"{found}", f"part {part} is {value}, its trace lines add up to {found}"))
    band = ctx.ruleset.bands.band_of(fields["total"])
    if band != fields["band"]:
        out.append(_inconsistent(
            "$.band", f"hạng theo điểm {fields['total']} là {band}★, không phải "
            f"{fields['band']}★", f"the band of the total {fields['total']} is {band}★, not "
            f"{fields['band']}★"))
    stars = fields["stars"]
    if stars is not None and stars > fields["band"]:
        out.append(_inconsistent(
            "$.stars", f"số sao {stars} cao hơn hạng theo điểm {fields['band']}★",
            f"{stars} stars is above the band {fields['band']}★ of the total"))
    if stars is not None and fields["disqualified_by"]:
        out.append(_inconsistent(
            "$.stars", f"sản phẩm bị loại nhưng vẫn ghi {stars} sao",
            f"the product is disqualified yet has {stars} stars"))
    return out


def provenance_problems(fields: dict[str, Any], ctx: ScoringContext,
                        rules: Rules) -> list[Problem]:
    """The plug-ins the provenance names that ``rules`` has not loaded, and a rule set
    (``ctx``'s) whose content differs from the one the evaluation was made under."""
    prov = fields["provenance"]
    out: list[Problem] = []
    loaded = {p.name for p in rules.plugins}
    missing = [p for p in prov.plugins if p.name not in loaded]
    if missing:
        names = ", ".join(str(p) for p in missing)
        out.append(Problem(
            "$.provenance.plugins", "plugins-not-loaded",
            f"đánh giá được tính với plug-in {names}, nhưng các quy tắc hiện có không có "
            "plug-in đó: không đọc lại theo quy tắc khác",
            f"the evaluation was made with the plug-in(s) {names}, which the rules at hand "
            "do not have: it is not re-read under other rules",
            "ocopkit.plugins.load_rules() with those plug-ins installed, passed as rules="))
    if ctx.ruleset.id != prov.ruleset_id or ctx.ruleset.content_hash != prov.ruleset_hash:
        out.append(Problem(
            "$.provenance.ruleset_hash", "ruleset-changed",
            f"đánh giá được tính theo {prov.ruleset_id} {prov.ruleset_hash}, nhưng các quy "
            f"tắc hiện có cho {ctx.ruleset.id} {ctx.ruleset.content_hash}",
            f"the evaluation was made under {prov.ruleset_id} {prov.ruleset_hash}, but the "
            f"rules at hand give {ctx.ruleset.id} {ctx.ruleset.content_hash}"))
    return out


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def reproduction_problems(ev: Evaluation, rules: Rules) -> list[Problem]:
    """Where ``ev`` differs from evaluating its assessment under ``rules`` (the first
    differing trace line, every differing field otherwise)."""
    try:
        fresh = evaluate(ev.assessment, rules)
    except ValidationError as exc:  # validated already: the rules refuse it otherwise
        return [Problem(p.path, p.code, p.message_vi, p.message_en, p.suggestion)
                for p in exc.problems]
    out: list[Problem] = []
    for name in COMPARED:
        got, want = getattr(ev, name), getattr(fresh, name)
        if got == want:
            continue
        path = f"$.{name}"
        if name == "trace" and len(got) == len(want):
            i = next(i for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b)
            diff = next(f.name for f in attrs.fields(type(got[i]))
                        if getattr(got[i], f.name) != getattr(want[i], f.name))
            path, got, want = (f"$.trace[{i}].{diff}", getattr(got[i], diff),
                               getattr(want[i], diff))
        out.append(Problem(
            path, "evaluation-mismatch",
            f"đánh giá lại phiếu đánh giá cho {_shown(want)}, không phải {_shown(got)}: kết "
            "quả không khớp với phiếu đánh giá và quy tắc của nó",
            f"evaluating the assessment again gives {_shown(want)}, not {_shown(got)}: the "
            "result does not follow from its assessment and rules",
            "ocopkit.scoring.evaluate(evaluation.assessment, rules)"))
    prov, fresh_prov = ev.provenance, fresh.provenance
    for f in ("plugins", "tier_policy", "averaging", "caveats"):
        if getattr(prov, f) != getattr(fresh_prov, f):
            out.append(Problem(
                f"$.provenance.{f}", "evaluation-mismatch",
                f"đánh giá lại cho {f} = {_shown(getattr(fresh_prov, f))}, không phải "
                f"{_shown(getattr(prov, f))}",
                f"evaluating again gives {f} = {_shown(getattr(fresh_prov, f))}, not "
                f"{_shown(getattr(prov, f))}"))
    return out
