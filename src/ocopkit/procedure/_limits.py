"""Legal time limits: the :class:`ProcedurePolicy` that counts them and the
:class:`Deadline` records a case or a dossier reports.

Two kinds of limit appear in 26/2026:

* **working days** ("15 ngày làm việc kể từ ngày tiếp nhận hồ sơ", Điều 7.2): counted on
  a :class:`~ocopkit.procedure.WorkingCalendar`, the day of receipt not counted;
* **days** ("không quá 45 ngày kể từ ngày nhận đủ hồ sơ", Điều 7.6.g; "15 ngày kể từ ngày
  có kết luận", Điều 8.4): counted as the Civil Code counts periods
  (:func:`ocopkit.certification.period_end`: the first day not counted), and — a choice
  of this policy, Bộ luật Dân sự 2015 Điều 148 khoản 5 — a last day that falls on a
  weekend or a public holiday moves to the next working day.

>>> from datetime import date
>>> p = ProcedurePolicy()
>>> p.working_days_after(date(2027, 2, 1), 15)                # across Tết 2027
datetime.date(2027, 3, 1)
>>> p.days_after(date(2026, 12, 24), 45)                      # 07/02/2027 is Tết
(datetime.date(2027, 2, 11), datetime.date(2027, 2, 7))
>>> ProcedurePolicy(roll_forward=False).days_after(date(2026, 12, 24), 45)
(datetime.date(2027, 2, 7), None)
"""

from __future__ import annotations

import enum
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

import attrs

from ocopkit.certification import DEFAULT_POLICY, CertificatePolicy, period_end
from ocopkit.rulesets import Citation
from ocopkit.text import bilingual
from ocopkit.text import day as format_day

from ._actors import Actor, LabelledEnum
from ._calendar import DEFAULT_CALENDAR, WorkingCalendar

if TYPE_CHECKING:
    from ocopkit.scoring import Evaluation

__all__ = [
    "DEFAULT_PROCEDURE_POLICY",
    "FIVE_STAR_POINTS",
    "Deadline",
    "DeadlineKind",
    "DeadlineStatus",
    "Note",
    "ProcedurePolicy",
    "vn_date",
]

#: "Đối với các sản phẩm có tiềm năng đạt 5 sao (đạt từ 90 trở lên)" (26/2026 Điều 7.3.e).
FIVE_STAR_POINTS: Final = 90


def vn_date(day: date) -> str:
    """``dd/mm/yyyy``, the Vietnamese way of writing a date (:func:`ocopkit.text.day`)."""
    return format_day(day, "vi")


def _positive(_: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a positive int, not {value!r}")


@attrs.frozen(kw_only=True)
class ProcedurePolicy:
    """How the procedure's limits and choices are read; every choice is a field.

    ``commune_working_days`` (15)
        26/2026 Điều 7.2: the commune checks, reports (Mẫu 03) and sends the dossier
        "trong thời hạn 15 ngày làm việc kể từ ngày tiếp nhận hồ sơ sản phẩm". Counted
        from the day after receipt (Bộ luật Dân sự 2015 Điều 147 khoản 3: the day of the
        event is not counted).
    ``commune_restarts_on_completion`` (``True``)
        When the commune asks the subject to complete the dossier (Điều 7.2.a "kiểm tra
        về thành phần hồ sơ", Điều 10.4.a), the 15 working days count from the receipt
        of the completed dossier. The decision is silent; ``False`` counts from the
        first receipt.
    ``reevaluation_days`` (45)
        Điều 7.6.g: a re-evaluation takes "không quá 45 ngày kể từ ngày nhận đủ hồ sơ đề
        nghị của UBND cấp xã hoặc UBND cấp tỉnh" — at the province from the complete
        receipt of the commune's dossier, at the Ministry from that of the province's.
    ``revocation_days`` (15)
        Điều 8.4: "15 ngày kể từ ngày có kết luận của cơ quan có thẩm quyền … hoặc xác
        nhận của UBND cấp xã".
    ``roll_forward`` (``True``)
        A limit in days whose last day is a weekend day or a public holiday ends on the
        next working day (Bộ luật Dân sự 2015 Điều 148 khoản 5, which Điều 145 khoản 1
        applies unless another law provides otherwise; 26/2026 does not). ``False``
        keeps the plain count, as :class:`~ocopkit.certification.CertificatePolicy`
        does for a certificate's validity. Fixed dates (the rounds of Điều 5) and the
        transitional deadlines of Điều 12.2, which the rule sets fix
        (:class:`~ocopkit.rulesets.Transition`), never move.
    ``cutoffs_inclusive`` (``False``)
        Điều 5 speaks of dossiers proposed "trước ngày 30 tháng 4" and rounds held
        "trước ngày 30 tháng 6": read literally, *before* the day (the last day is the
        29th). ``True`` reads "by" the day (the 30th included).
    ``forward_on_points`` (``False``)
        Điều 7.3.e forwards to the Ministry "các sản phẩm có tiềm năng đạt 5 sao (đạt từ
        90 trở lên)". ``False``: a provincial result of 5★ — 90 points *and* the 5★
        minimum marks of Phụ lục II (:attr:`ocopkit.scoring.Evaluation.proposed_to_central`);
        a product with 90 points that misses a 5★ minimum is certified 4★ by the
        province. ``True``: 90 points or more, whatever the minimum marks.
    ``calendar``
        the :class:`~ocopkit.procedure.WorkingCalendar` of working days;
    ``certificates``
        the :class:`~ocopkit.certification.CertificatePolicy` (the re-evaluation window
        of Điều 7.6.a, the 180 days of Điều 12.3, the validity of new certificates).
    """

    id: str = "vn-qd-26-2026"
    commune_working_days: int = attrs.field(default=15, validator=_positive)
    commune_restarts_on_completion: bool = True
    reevaluation_days: int = attrs.field(default=45, validator=_positive)
    revocation_days: int = attrs.field(default=15, validator=_positive)
    roll_forward: bool = True
    cutoffs_inclusive: bool = False
    forward_on_points: bool = False
    calendar: WorkingCalendar = DEFAULT_CALENDAR
    certificates: CertificatePolicy = DEFAULT_POLICY

    def working_days_after(self, start: date, count: int) -> date:
        """The last day of a limit of ``count`` working days counted from ``start``."""
        return self.calendar.add_working_days(start, count)

    def days_after(self, start: date, count: int) -> tuple[date, date | None]:
        """``(last day, moved from)`` of a limit of ``count`` days counted from ``start``;
        the second item is the plain last day when the roll-forward moved it."""
        plain = period_end(start, days=count)
        if not self.roll_forward or self.calendar.is_working_day(plain):
            return plain, None
        return self.calendar.next_working_day(plain), plain

    def forwards(self, evaluation: Evaluation) -> bool:
        """Whether a provincial result goes to the Ministry (see ``forward_on_points``)."""
        if self.forward_on_points:
            return evaluation.total >= Fraction(FIVE_STAR_POINTS)
        return evaluation.proposed_to_central


#: The policy used when none is given.
DEFAULT_PROCEDURE_POLICY: Final = ProcedurePolicy()


class DeadlineKind(LabelledEnum):
    """What a deadline is for."""

    COMMUNE_REVIEW = "commune-review"
    """The commune reports and sends the dossier (26/2026 Điều 7.2)."""
    RENEWAL_WINDOW = "renewal-window"
    """The subject files for re-evaluation 180–120 days before expiry (Điều 7.6.a)."""
    PROVINCIAL_ROUND = "provincial-round"
    """The provincial round the commune's proposal falls in (Điều 5.1)."""
    CENTRAL_ROUND = "central-round"
    """The central round the province's proposal falls in (Điều 5.2)."""
    PROVINCIAL_REEVALUATION = "provincial-reevaluation"
    """A re-evaluation at the province, 45 days from the complete dossier (Điều 7.6.g)."""
    CENTRAL_REEVALUATION = "central-reevaluation"
    """A 5★ re-evaluation at the Ministry, 45 days from the complete dossier (7.6.g)."""
    TRANSITION = "transition"
    """A dossier pending on 22/05/2026, decided under the old rules (Điều 12.2)."""
    EXTENSION = "extension"
    """The certificate kept in force while a late re-evaluation is decided (Điều 12.3)."""
    REVOCATION = "revocation"
    """The decision to revoke, 15 days from the conclusion (Điều 8.4)."""


class DeadlineStatus(enum.Enum):
    """Where a deadline stands on a day."""

    NOT_YET_OPEN = "not-yet-open"
    """A window that has not opened."""
    PENDING = "pending"
    """Not met yet, not past its last day."""
    OVERDUE = "overdue"
    """Not met, and its last day has passed."""
    MET = "met"
    """Met on time."""
    MET_LATE = "met-late"
    """Met after its last day."""
    MET_EARLY = "met-early"
    """A window acted on before it opened."""

    @property
    def met(self) -> bool:
        return self in (DeadlineStatus.MET, DeadlineStatus.MET_LATE, DeadlineStatus.MET_EARLY)

    def label(self, lang: str = "en") -> str:
        """The status in words (``"quá hạn"``, ``"overdue"``…; ``"both"``: vi / en)."""
        return bilingual(*_STATUS_LABELS[self], lang)


_STATUS_LABELS = {
    DeadlineStatus.NOT_YET_OPEN: ("chưa mở", "not yet open"),
    DeadlineStatus.PENDING: ("đang chờ", "pending"),
    DeadlineStatus.OVERDUE: ("quá hạn", "overdue"),
    DeadlineStatus.MET: ("đúng hạn", "met"),
    DeadlineStatus.MET_LATE: ("trễ hạn", "met late"),
    DeadlineStatus.MET_EARLY: ("trước hạn", "met early"),
}


@attrs.frozen
class Note:
    """Something a result needs to say (an unknown, an assumption), in both languages."""

    code: str
    message_vi: str
    message_en: str

    def format(self, lang: str = "both") -> str:
        """The note in ``lang`` (``"both"``: Vietnamese, then English)."""
        return bilingual(self.message_vi, self.message_en, lang)


@attrs.frozen(kw_only=True)
class Deadline:
    """A legal time limit of a case: who must act, counted from when, by when.

    ``starts_on`` is the day the limit is counted from (not counted itself);
    ``due_on`` the last day; ``opens_on`` the first day of a window; ``moved_from``
    the last day before the roll-forward of Bộ luật Dân sự 2015 Điều 148.5;
    ``met_on`` the day the party acted, when it has.

    >>> from ocopkit.procedure import cite
    >>> d = Deadline(kind=DeadlineKind.REVOCATION, party=Actor.PROVINCE_CHAIRMAN,
    ...     starts_on=date(2027, 1, 4), due_on=date(2027, 1, 19), citation=cite(8, "khoản 4"),
    ...     limit_vi="15 ngày", limit_en="15 days")
    >>> d.status(date(2027, 1, 19)).value, d.status(date(2027, 1, 20)).value
    ('pending', 'overdue')
    """

    kind: DeadlineKind
    party: Actor
    starts_on: date
    due_on: date
    citation: Citation
    limit_vi: str
    limit_en: str
    opens_on: date | None = None
    moved_from: date | None = None
    met_on: date | None = None
    note: Note | None = None

    def status(self, on: date) -> DeadlineStatus:
        """The status on day ``on`` (an act dated after ``on`` has not happened yet)."""
        if self.met_on is not None and self.met_on <= on:
            if self.opens_on is not None and self.met_on < self.opens_on:
                return DeadlineStatus.MET_EARLY
            return DeadlineStatus.MET if self.met_on <= self.due_on else DeadlineStatus.MET_LATE
        if self.opens_on is not None and on < self.opens_on:
            return DeadlineStatus.NOT_YET_OPEN
        return DeadlineStatus.OVERDUE if on > self.due_on else DeadlineStatus.PENDING

    def overdue(self, on: date) -> bool:
        """Whether the party has not acted and the last day has passed on ``on``."""
        return self.status(on) is DeadlineStatus.OVERDUE

    def days_left(self, on: date) -> int:
        """Calendar days from ``on`` to the last day (negative once past)."""
        return (self.due_on - on).days

    def describe(self, lang: str = "en") -> str:
        """One line: what, who, until when (and from when for a window)."""
        vi = lang == "vi"
        who = self.party.label_vi if vi else self.party.label_en
        limit = self.limit_vi if vi else self.limit_en
        due = vn_date(self.due_on) if vi else self.due_on.isoformat()
        text = f"{self.kind.label_vi if vi else self.kind.label_en} — {who}: {limit}"
        if self.opens_on is not None:
            opens = vn_date(self.opens_on) if vi else self.opens_on.isoformat()
            text += f" ({'từ' if vi else 'from'} {opens} {'đến' if vi else 'to'} {due})"
        else:
            text += f" ({'hạn' if vi else 'by'} {due})"
        if self.moved_from is not None:
            moved = vn_date(self.moved_from) if vi else self.moved_from.isoformat()
            text += (f"; {'dời từ' if vi else 'moved from'} {moved}"
                     f"{' (ngày nghỉ)' if vi else ' (a day off)'}")
        return f"{text} [{self.citation}]"


DeadlineKind.labels = {
    DeadlineKind.COMMUNE_REVIEW: ("Xã đánh giá, gửi hồ sơ", "Commune review and report"),
    DeadlineKind.RENEWAL_WINDOW: ("Nộp hồ sơ đánh giá lại", "Filing for re-evaluation"),
    DeadlineKind.PROVINCIAL_ROUND: ("Đợt đánh giá cấp tỉnh", "Provincial round"),
    DeadlineKind.CENTRAL_ROUND: ("Đợt đánh giá cấp trung ương", "Central round"),
    DeadlineKind.PROVINCIAL_REEVALUATION: ("Đánh giá lại cấp tỉnh",
                                           "Provincial re-evaluation"),
    DeadlineKind.CENTRAL_REEVALUATION: ("Đánh giá lại cấp trung ương",
                                        "Central re-evaluation"),
    DeadlineKind.TRANSITION: ("Hoàn thành theo quy định cũ (chuyển tiếp)",
                              "Decided under the old rules (transition)"),
    DeadlineKind.EXTENSION: ("Giấy chứng nhận kéo dài hiệu lực",
                             "Certificate kept in force"),
    DeadlineKind.REVOCATION: ("Quyết định thu hồi", "Revocation decision"),
}
