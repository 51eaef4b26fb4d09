"""A downstream project's use of ocopkit, type-checked with ``mypy --strict`` against the
installed wheel (``nox -s dist``): it only passes if the wheel ships ``py.typed`` and its
public names are typed."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from ocopkit import Assessment, Evaluation, evaluate, gap_to_next_star, rulesets
from ocopkit.certification import Certificate, Portfolio
from ocopkit.errors import ValidationError
from ocopkit.io import from_json, to_json
from ocopkit.plugins import Gate, hookimpl, load_rules
from ocopkit.rulesets import PROVINCE, Rules
from ocopkit.targets import AttainmentReport, attainment


def best_answers(product_set: int, on: date) -> dict[str, str]:
    card = rulesets.for_date(on).scorecard(product_set)
    return {c.id: c.options[-1].id for c in card}


def score(product_set: int, on: date, rules: Rules) -> tuple[Fraction, int | None]:
    ev: Evaluation = evaluate(
        Assessment.single(product_set, best_answers(product_set, on), assessed_on=on), rules)
    gap = gap_to_next_star(ev)
    assert gap.current_stars == ev.stars
    return ev.total, ev.stars


def round_trip(text: str) -> str:
    try:
        return to_json(from_json(text, Assessment))
    except ValidationError as err:
        return "\n".join(p.format("en") for p in err.problems)


def certify(on: date) -> Certificate:
    return Certificate.issue(number="GCN-1", product_id="p1", stars=4,
                             decision_number="1/QĐ-UBND", decision_date=on,
                             authority=PROVINCE, ruleset_id="vn-qd-26-2026")


def measure(plan_id: str, portfolio: Portfolio, on: date) -> AttainmentReport:
    from ocopkit.samples import sample_plans

    return attainment(sample_plans()[plan_id], portfolio, on)


@hookimpl
def ocopkit_register_rules(register: object) -> None:
    del register


def gates(rules: Rules) -> list[Gate]:
    return [g.item for g in rules.gates if isinstance(g.item, Gate)]


if __name__ == "__main__":
    total, stars = score(7, date(2026, 9, 1), load_rules(autoload=False))
    print(total, stars, certify(date(2026, 9, 1)).valid_until)
