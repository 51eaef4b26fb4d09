"""The date arithmetic of certificates: validity, renewal window, notice and the Điều 12.3
grace, as one replaceable :class:`CertificatePolicy`; and :func:`period_end`, the Civil
Code's count of a period in days or months that every dated rule of ocopkit uses."""

from __future__ import annotations

import enum
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Final

import attrs
from dateutil.relativedelta import relativedelta

from ocopkit.errors import Problem, ValidationError
from ocopkit.text import bilingual, day

if TYPE_CHECKING:
    from ._certificate import Certificate

__all__ = ["DEFAULT_POLICY", "CertificatePolicy", "RenewalStage", "period_end"]

_ONE_DAY: Final = timedelta(days=1)


def period_end(start: date, *, days: int | None = None, months: int | None = None,
               path: str = "$") -> date:
    """The last day of a period of ``days`` days, or ``months`` calendar months, from
    ``start`` — counted as Bộ luật Dân sự 2015 counts periods.

    * Điều 147 khoản 2 and 3: the day ``start`` itself (the day of issue, of receipt, of
      the conclusion) is not counted; the period runs from the next day.
    * Điều 148 khoản 1 and 6: a period in days ends at 24:00 of its last day.
    * Điều 148 khoản 3: a period in months ends on the *corresponding* day of the last
      month, or on that month's last day when it has no such day
      (:class:`dateutil.relativedelta.relativedelta` clamps the same way).

    A negative count runs backwards, for periods counted *up to* a day ("không muộn
    hơn 120 ngày tính đến ngày hết thời hạn", 26/2026 Điều 7.6.a). The roll-forward of
    Điều 148 khoản 5 (a last day falling on a weekend or a public holiday moves to the
    next working day) needs a holiday calendar: it is applied, as a policy, by
    :mod:`ocopkit.procedure`, never here.

    >>> period_end(date(2026, 5, 22), days=60)      # 26/2026 Điều 12.2.a
    datetime.date(2026, 7, 21)
    >>> period_end(date(2024, 2, 29), months=36), period_end(date(2029, 7, 1), days=-120)
    (datetime.date(2027, 2, 28), datetime.date(2029, 3, 3))

    A period whose end would leave the calendar of :class:`datetime.date` (years 1–9999)
    is a :class:`~ocopkit.errors.ValidationError` located at ``path`` (code
    ``date-out-of-range``), never an ``OverflowError``:

    >>> period_end(date(9999, 1, 1), months=36, path="$.issued_on")
    Traceback (most recent call last):
    ...
    ocopkit.errors.ValidationError: 1 lỗi / 1 problem:
      $.issued_on: ngày 01/01/9999 cộng 36 tháng vượt quá năm 9999 ...
    """
    if (days is None) == (months is None):
        raise ValueError("period_end() takes exactly one of days= or months=")
    for value in (days, months):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"a period is a whole number of days or months, not {value!r}")
    try:
        if months is not None:
            result: date = start + relativedelta(months=+months)
            return result
        assert days is not None
        return start + timedelta(days=days)
    except (OverflowError, ValueError):  # "date value out of range", "year 10002 is out…"
        raise _out_of_calendar(start, days, months, path) from None


def _out_of_calendar(start: date, days: int | None, months: int | None,
                     path: str) -> ValidationError:
    count_vi, count_en = ((f"{days} ngày", f"{days} days") if days is not None
                          else (f"{months} tháng", f"{months} months"))
    return ValidationError([Problem(
        path=path, code="date-out-of-range",
        message_vi=(f"ngày {day(start, 'vi')} cộng {count_vi} vượt quá năm 9999 hoặc trước "
                    "năm 1 (ngoài lịch tính được)"),
        message_en=(f"{day(start, 'en')} plus {count_en} falls outside the years 1–9999 "
                    "(outside the calendar that can be computed)"),
    )])


class RenewalStage(enum.Enum):
    """Where a day falls relative to the re-evaluation window (26/2026 Điều 7.6.a)."""

    BEFORE_WINDOW = "before-window"
    """Earlier than 180 days before expiry: too early to file."""
    WINDOW_OPEN = "window-open"
    """From 180 to 120 days before expiry, both inclusive: file now."""
    WINDOW_CLOSED = "window-closed"
    """Later than 120 days before expiry: the window was missed."""

    def label(self, lang: str = "en") -> str:
        """The stage in words (``"đã quá hạn nộp"``…; ``"both"``: vi / en).

        >>> RenewalStage.WINDOW_OPEN.label("vi"), RenewalStage.WINDOW_OPEN.label("en")
        ('đang trong hạn nộp', 'window open')
        """
        return bilingual(*_STAGE_LABELS[self], lang)


_STAGE_LABELS = {
    RenewalStage.BEFORE_WINDOW: ("chưa đến hạn nộp", "before the window"),
    RenewalStage.WINDOW_OPEN: ("đang trong hạn nộp", "window open"),
    RenewalStage.WINDOW_CLOSED: ("đã quá hạn nộp", "window closed"),
}


def _non_negative(_: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{attribute.name} must be a non-negative int, not {value!r}")


def _positive(_: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a positive int, not {value!r}")


@attrs.frozen(kw_only=True)
class CertificatePolicy:
    """The date arithmetic of certificates; every rule is a field.

    ``validity_months`` (36)
        26/2026 Điều 4.3 (and the same 36 months under 148 and 1048).
    ``last_day_inclusive`` (``True``)
        ``True``: the certificate is in force through the same calendar date
        ``validity_months`` later (Bộ luật Dân sự 2015 Điều 147.2: the day of
        issue is not counted; Điều 148.3: the period ends at the end of the
        corresponding day, or of the last day of the month when there is no
        such day). ``False``: through the day *before* that date. The
        weekend/holiday roll-forward of Điều 148.5 is not applied.
    ``renewal_opens_days`` / ``renewal_closes_days`` (180 / 120)
        26/2026 Điều 7.6.a: the re-evaluation dossier is submitted "không sớm
        hơn 180 ngày và không muộn hơn 120 ngày tính đến ngày hết thời hạn".
        Both ends are inclusive and counted from :attr:`Certificate.valid_until`.
    ``notice_days`` (30)
        Under 148/QĐ-TTg the issuing authority notified the holder "chậm nhất
        30 ngày trước ngày hết thời hạn 36 tháng" (secondary source).
    ``transition_on`` (2026-05-22) / ``transition_grace_days`` (180)
        26/2026 Điều 11.1 and Điều 12.3: a certificate whose holder could not
        meet the Điều 7.6.a window stays in force until the authority decides,
        but not more than 180 days after expiry.
    ``renewal_supersedes`` (``True``)
        A new certificate for the same product issued while the previous one is in
        force — within its 36 months (Điều 4.3) or its Điều 12.3 grace — replaces it
        from its issue day: a re-evaluation (phân hạng lại, Điều 7.6) or an upgrade
        (nâng hạng, Điều 7.5) yields *the* certificate of the product, and a product
        holds one recognition at a time. :meth:`Portfolio.check
        <ocopkit.certification.Portfolio.check>` records that supersession (with a
        ``"renewal-supersedes"`` note) instead of reporting two certificates in force.
        ``False``: keep the records as they are and report the overlap.

    Replace the policy by passing another instance (for example
    ``CertificatePolicy(last_day_inclusive=False)``) to
    :meth:`Certificate.issue` and the other functions that take ``policy=``.

    >>> p = CertificatePolicy()
    >>> p.valid_until(date(2023, 2, 28)), p.valid_until(date(2024, 2, 29))
    (datetime.date(2026, 2, 28), datetime.date(2027, 2, 28))
    >>> CertificatePolicy(last_day_inclusive=False).valid_until(date(2023, 2, 28))
    datetime.date(2026, 2, 27)
    """

    id: str = "vn-civil-code"
    validity_months: int = attrs.field(default=36, validator=_positive)
    last_day_inclusive: bool = True
    renewal_opens_days: int = attrs.field(default=180, validator=_non_negative)
    renewal_closes_days: int = attrs.field(default=120, validator=_non_negative)
    notice_days: int = attrs.field(default=30, validator=_non_negative)
    transition_on: date | None = date(2026, 5, 22)
    transition_grace_days: int = attrs.field(default=180, validator=_non_negative)
    renewal_supersedes: bool = True

    def __attrs_post_init__(self) -> None:
        if self.renewal_closes_days > self.renewal_opens_days:
            raise ValueError("renewal_closes_days must not exceed renewal_opens_days")

    def valid_until(self, issued_on: date) -> date:
        """The last day in force of a certificate issued on ``issued_on``.

        Calendar months are added with :class:`dateutil.relativedelta.relativedelta`,
        which clamps to the end of a shorter month (31 May + 36 months → 31 May;
        29 Feb 2024 → 28 Feb 2027; 31 Aug → 31 Aug; 30 Nov → 30 Nov).

        >>> CertificatePolicy().valid_until(date(2025, 8, 31))
        datetime.date(2028, 8, 31)
        """
        anniversary = period_end(issued_on, months=self.validity_months, path="$.issued_on")
        return anniversary if self.last_day_inclusive else anniversary - _ONE_DAY

    def renewal_window(self, cert: Certificate) -> tuple[date, date]:
        """``(opens, closes)``: the first and last day to file for re-evaluation.

        >>> from ocopkit.certification import Certificate
        >>> from ocopkit.rulesets import PROVINCE
        >>> c = Certificate.issue(number="X", product_id="P", stars=3,
        ...     decision_number="1/QĐ-UBND", decision_date=date(2026, 6, 1),
        ...     authority=PROVINCE, ruleset_id="vn-qd-26-2026")
        >>> CertificatePolicy().renewal_window(c)
        (datetime.date(2028, 12, 3), datetime.date(2029, 2, 1))
        """
        return (
            period_end(cert.known_valid_until, days=-self.renewal_opens_days,
                       path="$.valid_until"),
            period_end(cert.known_valid_until, days=-self.renewal_closes_days,
                       path="$.valid_until"),
        )

    def in_renewal_window(self, cert: Certificate, on: date) -> bool:
        """Whether a re-evaluation dossier filed on ``on`` is on time (ends inclusive)."""
        opens, closes = self.renewal_window(cert)
        return opens <= on <= closes

    def renewal_stage(self, cert: Certificate, on: date) -> RenewalStage:
        """Where ``on`` falls relative to the renewal window of ``cert``."""
        opens, closes = self.renewal_window(cert)
        if on < opens:
            return RenewalStage.BEFORE_WINDOW
        if on <= closes:
            return RenewalStage.WINDOW_OPEN
        return RenewalStage.WINDOW_CLOSED

    def notice_deadline(self, cert: Certificate) -> date:
        """The latest day the authority notifies the holder (148 practice)."""
        return period_end(cert.known_valid_until, days=-self.notice_days, path="$.valid_until")

    def grace_limit(self, cert: Certificate) -> date:
        """The latest day a transitional extension may reach (26/2026 Điều 12.3)."""
        return period_end(cert.known_valid_until, days=self.transition_grace_days,
                          path="$.valid_until")

    def caught_by_transition(self, cert: Certificate) -> bool:
        """Whether Điều 12.3 can extend ``cert``.

        The decision names certificates whose holders "could not meet" the
        180–120-day window of Điều 7.6.a. This policy reads that as: the
        certificate was still in force when the new decision took effect
        (``valid_until >= transition_on``; Điều 12.1 keeps it valid) and its
        window had already opened before that day, so the holder never had the
        full window under the new rules. The reading is an interpretation; a
        stricter policy may override this method.

        >>> from ocopkit.certification import Certificate
        >>> from ocopkit.rulesets import PROVINCE
        >>> p = CertificatePolicy()
        >>> def cert(valid_until):
        ...     return Certificate(number="X", product_id="P", stars=3,
        ...         decision_number="1", decision_date=date(2023, 8, 1),
        ...         authority=PROVINCE, ruleset_id="vn-qd-148-2023",
        ...         issued_on=date(2023, 8, 1), valid_until=valid_until)
        >>> p.caught_by_transition(cert(date(2026, 8, 1)))
        True
        >>> p.caught_by_transition(cert(date(2026, 11, 18)))   # window opens 2026-05-22
        False
        >>> p.caught_by_transition(cert(date(2026, 5, 21)))    # expired before 26/2026
        False
        """
        if self.transition_on is None or cert.issued_on is None or cert.valid_until is None:
            return False
        opens, _ = self.renewal_window(cert)
        return (
            cert.issued_on < self.transition_on
            and cert.valid_until >= self.transition_on
            and opens < self.transition_on
        )


#: The policy used when none is given.
DEFAULT_POLICY: Final = CertificatePolicy()
