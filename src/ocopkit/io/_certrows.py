"""The certificate one registry row makes (see :mod:`ocopkit.io._builders` for what a row
keeps and what it never invents).

A certificate whose periods, counted from its issue date by the policy (36 months,
Điều 4.1 of QĐ 148/QĐ-TTg), would end after 31/12/9999 — the last day
:class:`datetime.date` holds — is refused at its date cell (``date-out-of-range``) before
any certificate is built: nothing of the calendar arithmetic escapes as an
``OverflowError`` or a ``ValueError``.
"""

from __future__ import annotations

from datetime import date

from ocopkit import places
from ocopkit import rulesets as auth
from ocopkit.certification import (
    Certificate,
    CertificatePolicy,
    IssuingBody,
    PartialDate,
    resolve_issuer,
)
from ocopkit.errors import CertificateError, OcopError, Problem, ValidationError
from ocopkit.rulesets import CERTIFIABLE_STARS

from ._builders import Context, _bounds
from ._cells import (
    _Cells,
    _ground,
    parse_authority,
    parse_partial_date,
    parse_stars,
)

__all__ = ["build_certificate"]




def _beyond_calendar(issued: date | PartialDate) -> Problem:
    """The certificate's periods, counted from ``issued``, end after 31/12/9999."""
    return Problem(
        "", "date-out-of-range",
        f"thời hạn của giấy chứng nhận tính từ ngày {issued} vượt quá ngày 31/12/9999 "
        "(ngày cuối cùng của lịch)",
        f"the certificate's periods counted from {issued} end after 9999-12-31 (the last "
        "day of the calendar)")


def _expiry(policy: CertificatePolicy, issued: PartialDate) -> PartialDate:
    lo = None if issued.earliest is None else policy.valid_until(issued.earliest)
    hi = None if issued.latest is None else policy.valid_until(issued.latest)
    if lo is None:
        assert hi is not None
        return PartialDate.before(hi)
    if hi is None:
        return PartialDate.after(lo)
    return PartialDate.between(lo, hi)


def _ruleset(c: _Cells, issued: date | PartialDate) -> auth.RuleSet | None:
    rid = c.text("ruleset_id")
    if rid is not None:
        known = {r.id for r in auth.all_rulesets()}
        return auth.get(rid) if rid in known else None
    lo, hi = _bounds(issued)
    found: set[str | None] = set()
    for day in (lo, hi):
        if day is None:
            found.add(None)
            continue
        try:
            found.add(auth.for_date(day).id)
        except ValidationError:
            found.add(None)  # no national regime known on that day (before QĐ 1048)
    ids = {x for x in found if x is not None}
    if len(found) == 1 and len(ids) == 1:
        return auth.get(ids.pop())
    c.flag("issued_on", "ruleset-unknown",
           "không xác định được bộ tiêu chí áp dụng vào ngày cấp",
           "no single national rule set is known for the issue date (not precise enough, "
           "or before QĐ 1048/QĐ-TTg took effect on 2019-08-21)", "note")
    return None


def build_certificate(c: _Cells, ctx: Context, product_id: str | None, number: str | None,
                      province_id: str | None = None) -> Certificate | None:
    """The certificate of a row (``None``: see ``c.errors``)."""
    c.need("stars")
    c.need("issued_on", "decision_date")
    stars = c.get("stars", parse_stars)
    issued_raw = c.get("issued_on", parse_partial_date)
    decided_raw = c.get("decision_date", parse_partial_date)
    dates = {f: c.get(f, parse_partial_date) for f in (
        "valid_until", "evaluated_on", "revoked_on", "superseded_on", "extended_until")}
    ground = c.get("revocation_ground", _ground)
    authority = c.get("authority", parse_authority)
    if stars is not None and stars not in CERTIFIABLE_STARS:
        c.errors.append(("stars", Problem(
            "", "stars-not-certifiable",
            f"sản phẩm {stars} sao không được cấp giấy chứng nhận (chỉ 3–5 sao)",
            f"{stars}★ products are not certified (only 3★–5★)")))
    for f, v in dates.items():
        if isinstance(v, PartialDate):
            c.errors.append((f, Problem("", "invalid-date", "cần ngày chính xác (dd/mm/yyyy)",
                                        "a day is needed here (dd/mm/yyyy)")))
    if c.errors:
        return None
    if issued_raw is None and not ctx.derive:
        c.errors.append(("issued_on", Problem("", "missing-value", "thiếu ngày cấp",
                                              "missing issue date")))
        return None
    issued: date | PartialDate = issued_raw if issued_raw is not None else decided_raw
    decided = decided_raw if isinstance(decided_raw, date) else None
    exact = issued if isinstance(issued, date) else None
    partial = issued if isinstance(issued, PartialDate) else None
    if partial is not None and partial.exact is not None:
        exact, partial = partial.exact, None
    if partial is not None:
        c.flag("issued_on", "partial-date", f"ngày cấp chỉ biết: {partial.format_vi()}",
               f"the issue date is known only as {partial}", "note")
    decision_number = c.text("decision_number")
    if decision_number is None:
        c.flag("decision_number", "unknown-decision-number", "không ghi số quyết định",
               "the decision number is not recorded", "note")
    rs = _ruleset(c, issued) if ctx.derive or c.text("ruleset_id") else None
    if c.errors:
        return None
    rid = c.text("ruleset_id") or (rs.id if rs is not None and ctx.derive else None)
    issuer = None
    issuer_text = c.text("issuer")
    if issuer_text is not None and c.text("issuer_level") is not None:
        # ocopkit's export: the resolution as it was recorded
        level = c.get("issuer_level", lambda t, f: auth.AuthorityLevel(t))
        issuer = IssuingBody(issuer_text, level, c.text("issuer_unit"),
                             c.text("issuer_unit_name"))
    elif issuer_text is not None:
        hint = places.province(province_id) if province_id else None
        issuer, found = resolve_issuer(issuer_text, issued, province_hint=hint,
                                       communes=ctx.communes)
        for p in found:
            c.flag("issuer", p.code, p.message_vi, p.message_en, p.severity, p.suggestion)
        if authority is None:
            authority = issuer.authority
    if authority == "central" or (authority is None and issuer_text is None and ctx.derive):
        # No issuing body recorded: the one the rule set names (noted), when it is known.
        if rs is not None and exact is not None:
            try:
                expected = rs.authority_for(stars if authority is None else 5, exact)
            except ValidationError as exc:
                c.fail("stars", exc)
                return None
            if authority is None:
                c.flag("authority", "authority-derived",
                       f"không ghi cơ quan cấp; theo {rs.id}: {expected.name_vi}",
                       f"no issuing body recorded; {rs.id} names {expected.name_en}", "note")
            authority = expected
        else:
            authority = None
    valid = dates["valid_until"]
    stated_expiry = c.get("expires", parse_partial_date)
    if isinstance(stated_expiry, date):
        valid, stated_expiry = stated_expiry, None
    try:  # the policy's months, counted from the issue day, must stay in the calendar
        until = valid if isinstance(valid, date) else (
            ctx.policy.valid_until(exact) if exact is not None else None)
        expires = None if partial is None or valid is not None else (
            stated_expiry or _expiry(ctx.policy, partial))
    except (ValueError, OverflowError):
        c.errors.append(("issued_on" if c.text("issued_on") else "decision_date",
                         _beyond_calendar(issued)))
        return None
    try:
        cert = Certificate(
            number=number or (f"{decision_number}/{product_id}" if decision_number
                              else f"{product_id}@{issued}"),
            product_id=product_id or "",
            stars=stars,
            decision_number=decision_number,
            decision_date=decided,
            authority=authority,
            ruleset_id=rid,
            issued_on=exact,
            issued=partial,
            valid_until=until,
            expires=expires,
            evaluation_ref=c.text("evaluation_ref"),
            evaluated_on=dates["evaluated_on"],
            revoked_on=dates["revoked_on"],
            revocation_ground=ground,
            revocation_note=c.text("revocation_note"),
            superseded_by=c.text("superseded_by"),
            superseded_on=dates["superseded_on"],
            extended_until=dates["extended_until"],
            issuer=issuer,
        )
    except CertificateError as exc:
        field = {"valid-until-before-issue": "valid_until", "stars-not-certifiable": "stars",
                 "revocation-incomplete": "revoked_on", "supersession-incomplete":
                 "superseded_by", "before-issue": "issued_on",
                 "extension-not-after-expiry": "extended_until"}.get(exc.code, "number")
        c.fail(field, exc)
        return None
    except OcopError as exc:
        c.fail("number", exc)
        return None
    try:
        checked = tuple(cert.check())
    except (ValueError, OverflowError):
        c.errors.append(("issued_on" if c.text("issued_on") else "decision_date",
                         _beyond_calendar(issued)))
        return None
    for p in checked:  # the rules of Certificate.issue, as problems
        field = "issuer" if p.path == "authority" and issuer is not None else p.path
        # a rule-set id ocopkit does not know (a provincial or historical regime) is kept
        severity = "note" if p.code == "unknown-ruleset" else p.severity
        c.flag(field, p.code, p.message_vi, p.message_en, severity)
    return cert
