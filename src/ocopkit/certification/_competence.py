"""The rules a certificate's issue must satisfy on its issue day — one implementation, used
by :meth:`Certificate.issue <ocopkit.certification.Certificate.issue>` (which raises the
first failure) and by :meth:`Certificate.check <ocopkit.certification.Certificate.check>`
(which reports every failure, as registry imports do):

* only 3★–5★ are certified (26/2026 Điều 4.1.a);
* issued on or after the decision, and both on or after the evaluation;
* the rule set is known and may decide on the issue day (its window, or a transitional
  provision such as 26/2026 Điều 12.2: :meth:`~ocopkit.rulesets.RuleSetRegistry.decides_on`);
* the authority is the one the rule set names for the tier on that day
  (:meth:`~ocopkit.rulesets.RuleSet.authority_for`): a specific People's Committee stands
  for the generic one of its level, a ministry must be the very ministry.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from ocopkit import rulesets as _rulesets
from ocopkit.errors import CertificateError, ValidationError
from ocopkit.rulesets import CERTIFIABLE_STARS, Authority, AuthorityLevel

__all__ = ["QD26", "competent", "rule_errors", "stars_error"]

QD26: Final = "QĐ 26/2026/QĐ-TTg"


def _err(code: str, en: str, vi: str) -> CertificateError:
    return CertificateError(en, vi, code=code)


def stars_error(value: object) -> CertificateError | None:
    """The error for a tier that is not certified, if ``value`` is one."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in CERTIFIABLE_STARS:
        return _err(
            "stars-not-certifiable",
            f"{value}★ products are not certified (only 3★–5★; {QD26} Điều 4.1.a)",
            f"sản phẩm {value} sao không được cấp giấy chứng nhận (chỉ 3–5 sao; "
            f"{QD26} Điều 4.1.a)",
        )
    return None


def competent(given: Authority, expected: Authority) -> bool:
    """``given`` may issue what ``expected`` issues.

    The same authority id always matches. A specific People's Committee (for
    instance ``"ubnd-lam-dong"`` at province level) stands for the generic one
    of its level; central authorities must match exactly (the Ministry of
    Agriculture and Rural Development is not the Ministry of Agriculture and
    Environment).
    """
    if given.id == expected.id:
        return True
    return given.level == expected.level and expected.level is not AuthorityLevel.CENTRAL


def rule_errors(
    *,
    number: str,
    stars: int,
    issued: date,
    decision_date: date | None,
    evaluated_on: date | None,
    authority: Authority | None,
    ruleset_id: str | None,
    registry: _rulesets.RuleSetRegistry | None = None,
) -> list[CertificateError]:
    """Every rule the issue on ``issued`` breaks (see the module docstring), in order.

    ``decision_date``, ``authority`` and ``ruleset_id`` may be unknown (``None``): what
    cannot be checked is not reported here.
    """
    errors: list[CertificateError] = []
    bad_stars = stars_error(stars)
    if bad_stars is not None:
        return [bad_stars]
    if decision_date is not None and issued < decision_date:
        errors.append(_err("issued-before-decision",
                           f"certificate {number}: issued on {issued} before its decision "
                           f"of {decision_date}",
                           f"giấy chứng nhận {number}: cấp ngày {issued} trước quyết định "
                           f"ngày {decision_date}"))
    if evaluated_on is not None:
        if issued < evaluated_on:
            errors.append(_err("issued-before-evaluation",
                               f"certificate {number}: issued on {issued} before the "
                               f"evaluation of {evaluated_on}",
                               f"giấy chứng nhận {number}: cấp ngày {issued} trước ngày "
                               f"đánh giá {evaluated_on}"))
        if decision_date is not None and decision_date < evaluated_on:
            errors.append(_err("decided-before-evaluation",
                               f"certificate {number}: decided on {decision_date} before the "
                               f"evaluation of {evaluated_on}",
                               f"giấy chứng nhận {number}: quyết định ngày {decision_date} "
                               f"trước ngày đánh giá {evaluated_on}"))
    if ruleset_id is None:
        return errors
    reg = registry if registry is not None else _rulesets.builtin_registry()
    try:
        ruleset = reg.get(ruleset_id)
    except ValidationError as exc:
        errors.append(_err("unknown-ruleset", str(exc.problems[0].format("en")),
                           str(exc.problems[0].format("vi"))))
        return errors
    if not reg.decides_on(ruleset, issued):
        errors.append(_err("ruleset-not-in-force",
                           f"rule set {ruleset_id} is not in force on {issued}",
                           f"bộ quy tắc {ruleset_id} không có hiệu lực ngày {issued}"))
        return errors
    if authority is None:
        return errors
    expected = ruleset.authority_for(stars, issued)
    if not competent(authority, expected):
        errors.append(_err("authority-not-competent",
                           f"{authority.name_en} cannot certify {stars}★ under {ruleset_id} on "
                           f"{issued}; the competent authority is {expected.name_en}",
                           f"{authority.name_vi} không có thẩm quyền công nhận {stars} sao theo "
                           f"{ruleset_id} ngày {issued}; cơ quan có thẩm quyền: "
                           f"{expected.name_vi}"))
    return errors
