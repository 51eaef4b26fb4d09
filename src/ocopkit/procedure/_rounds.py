"""Evaluation rounds (đợt đánh giá, QĐ 26/2026/QĐ-TTg Điều 5).

The province holds at least two rounds a year (Điều 5.1): round 1 before 30 June for the
dossiers the communes proposed before 30 April, round 2 before 30 December for those
proposed before 30 October. The Ministry holds at least two (Điều 5.2): before 30
September for the provinces' proposals made before 30 July, before 30 March for those
made before 30 January. A proposal made after the last cut-off of a year falls in the
first round of the next.

>>> from datetime import date
>>> r = round_for(date(2027, 4, 29))
>>> r.id, r.proposals_until, r.decide_by
('province-2027-1', datetime.date(2027, 4, 29), datetime.date(2027, 6, 29))
>>> round_for(date(2027, 4, 30)).id, round_for(date(2027, 10, 30)).id
('province-2027-2', 'province-2028-1')
>>> round_for(date(2027, 7, 30), level=Level.CENTRAL).label("en")
'central round 2 (proposals 2027-07-30 – 2028-01-29, decided by 2028-03-29)'

"Trước ngày 30 tháng 4" is read literally: the last day is the 29th (see
:attr:`ProcedurePolicy.cutoffs_inclusive <ocopkit.procedure.ProcedurePolicy.cutoffs_inclusive>`).
A province may hold more rounds, declared in the decision that issues its council's
rules and in its evaluation plan (Điều 5.1, second paragraph); a plug-in registers them
with the ``ocopkit_register_rounds`` hook, and :func:`round_for` picks, among the rounds
whose proposal window contains the day, the one decided first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Final

import attrs

from ocopkit import places
from ocopkit.errors import Problem, ValidationError
from ocopkit.rulesets import Citation
from ocopkit.scoring import Level
from ocopkit.text import bilingual

from ._actors import cite
from ._limits import DEFAULT_PROCEDURE_POLICY, Note, ProcedurePolicy, vn_date

__all__ = ["EFFECTIVE_FROM", "Round", "round_for", "statutory_round"]

_ONE_DAY: Final = timedelta(days=1)

#: 26/2026 takes effect on 22 May 2026 (Điều 11.1).
EFFECTIVE_FROM: Final = date(2026, 5, 22)


@attrs.frozen(kw_only=True)
class Round:
    """An evaluation round: the proposals it takes and the day it must be decided by.

    ``proposals_from`` / ``proposals_until`` are the first and last day a proposal falls
    in the round (for the province: proposed by the commune; for the centre: by the
    province); ``decide_by`` the last day of the round. ``number`` is 1 or 2 for the
    rounds of Điều 5 and ``None`` for an extra round, which names the ``province`` that
    declares it (``None`` for an extra central round of the Ministry) and cites the
    regulation that declares it.
    """

    id: str
    level: Level
    proposals_from: date
    proposals_until: date
    decide_by: date
    citation: Citation
    number: int | None = None
    province: str | None = None
    note: Note | None = attrs.field(default=None, eq=False)

    @property
    def extra(self) -> bool:
        """An extra round (declared by a province or the Ministry), not one of Điều 5."""
        return self.number is None

    def contains(self, proposed_on: date) -> bool:
        """Whether a proposal made on ``proposed_on`` falls in this round."""
        return self.proposals_from <= proposed_on <= self.proposals_until

    def label(self, lang: str = "en") -> str:
        """``'provincial round 1 (proposals … – …, decided by …)'`` (``"both"``:
        Vietnamese / English)."""
        if lang not in ("vi", "en"):
            return bilingual(self.label("vi"), self.label("en"))
        if lang == "vi":
            level = "cấp tỉnh" if self.level is Level.PROVINCE else "cấp trung ương"
            name = f"đợt {self.number:02d}" if self.number else f"đợt bổ sung {self.id}"
            return (f"{name} {level} (đề nghị từ {vn_date(self.proposals_from)} đến "
                    f"{vn_date(self.proposals_until)}, hạn đánh giá {vn_date(self.decide_by)})")
        level = "provincial" if self.level is Level.PROVINCE else "central"
        name = f"{level} round {self.number}" if self.number else f"extra {level} round {self.id}"
        return (f"{name} (proposals {self.proposals_from.isoformat()} – "
                f"{self.proposals_until.isoformat()}, decided by {self.decide_by.isoformat()})")

    def check(self) -> list[Problem]:
        """Every problem of an extra round (what the plug-in loader checks)."""
        where = f"round {self.id or '?'}"
        out = []
        if not self.id.strip():
            out.append(Problem(f"{where}.id", "no-id", "thiếu mã đợt", "the round needs an id"))
        if not str(self.citation).strip():
            out.append(Problem(f"{where}.citation", "no-citation",
                               "thiếu văn bản quy định đợt đánh giá (Điều 5)",
                               "an extra round cites the regulation that declares it (Điều 5)"))
        if self.number is not None:
            out.append(Problem(f"{where}.number", "not-extra",
                               "đợt bổ sung không mang số đợt 01/02 của Điều 5",
                               "an extra round has no number: rounds 1 and 2 are those of "
                               "Điều 5"))
        if self.proposals_from > self.proposals_until:
            out.append(Problem(f"{where}.proposals_until", "invalid-period",
                               "ngày cuối nhận đề nghị trước ngày đầu",
                               "proposals_until is before proposals_from"))
        if self.decide_by < self.proposals_until:
            out.append(Problem(f"{where}.decide_by", "invalid-period",
                               "hạn đánh giá trước ngày cuối nhận đề nghị",
                               "decide_by is before proposals_until"))
        if self.level is Level.PROVINCE:
            if self.province is None or not self.province.strip():
                out.append(Problem(f"{where}.province", "no-province",
                                   "đợt bổ sung cấp tỉnh phải nêu tỉnh (Điều 5.1)",
                                   "an extra provincial round names its province (Điều 5.1)"))
            else:
                try:
                    places.province(self.province)
                except ValidationError as exc:
                    if exc.codes != ("ambiguous-province",):
                        p = exc.problems[0]
                        out.append(Problem(f"{where}.province", p.code, p.message_vi,
                                           p.message_en, p.suggestion))
        elif self.province is not None:
            out.append(Problem(f"{where}.province", "province-on-central-round",
                               "đợt bổ sung cấp trung ương do Bộ quy định, không thuộc tỉnh",
                               "an extra central round is the Ministry's (Điều 5.2), not a "
                               "province's"))
        return out


def _last(policy: ProcedurePolicy, year: int, month: int, day: int) -> date:
    """The last day of "trước ngày <day>/<month>/<year>"."""
    cutoff = date(year, month, day)
    return cutoff if policy.cutoffs_inclusive else cutoff - _ONE_DAY


#: The rounds of Điều 5, per level: ``(number, cut-off, decided before)`` as (month, day),
#: in the order of their cut-offs within a year, and the clause.
_ROUNDS: Final = {
    Level.PROVINCE: (((1, (4, 30), (6, 30)), (2, (10, 30), (12, 30))), cite(5, "khoản 1")),
    Level.CENTRAL: (((2, (1, 30), (3, 30)), (1, (7, 30), (9, 30))), cite(5, "khoản 2")),
}


def statutory_round(
    proposed_on: date, level: Level = Level.PROVINCE, *,
    policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY,
) -> Round:
    """The round of Điều 5 a proposal made on ``proposed_on`` falls in: the first whose
    cut-off it precedes, in its year or — after the year's last cut-off — the next."""
    (early, late), item = _ROUNDS[level]

    def last(year: int, month_day: tuple[int, int]) -> date:
        return _last(policy, year, *month_day)

    y = proposed_on.year
    if proposed_on <= last(y, early[1]):
        (number, cutoff, by), start, year = early, last(y - 1, late[1]) + _ONE_DAY, y
    elif proposed_on <= last(y, late[1]):
        (number, cutoff, by), start, year = late, last(y, early[1]) + _ONE_DAY, y
    else:
        (number, cutoff, by), start, year = early, last(y, late[1]) + _ONE_DAY, y + 1
    until, decide_by = last(year, cutoff), last(year, by)
    note = None
    if proposed_on < EFFECTIVE_FROM:
        note = Note("before-26-2026",
                    f"đề nghị ngày {vn_date(proposed_on)}, trước khi QĐ 26/2026 có hiệu lực "
                    "(22/05/2026): hồ sơ theo quy định cũ (Điều 12.2), đợt của quy định cũ "
                    "không được mô hình hóa",
                    f"proposed on {proposed_on.isoformat()}, before 26/2026 took effect "
                    "(2026-05-22): the dossier follows the earlier rules (Điều 12.2), whose "
                    "rounds are not modelled")
    return Round(id=f"{level.value}-{decide_by.year}-{number}", level=level,
                 proposals_from=start, proposals_until=until, decide_by=decide_by,
                 citation=item, number=number, note=note)


def _within(declared: str, province: str, on: date) -> bool:
    """Whether ``province`` lies within the province a round was declared for."""
    def unit(query: str) -> places.Province:
        try:
            return places.province(query, on=on)
        except ValidationError:
            return places.province(query)

    try:
        return places.contains(unit(declared), unit(province))
    except ValidationError:
        return False


def round_for(
    proposed_on: date,
    *,
    level: Level = Level.PROVINCE,
    province: str | None = None,
    extra: Iterable[Round] = (),
    policy: ProcedurePolicy = DEFAULT_PROCEDURE_POLICY,
) -> Round:
    """The round a proposal made on ``proposed_on`` is evaluated in.

    ``extra`` rounds (those the plug-ins register, :attr:`ocopkit.plugins.Loaded.rounds`)
    compete with the round of Điều 5 when their window contains the day and — for a
    provincial round — ``province`` lies within the province that declared it; the
    round decided first wins (on a tie, the round of Điều 5).
    """
    candidates = [statutory_round(proposed_on, level, policy=policy)]
    for r in extra:
        if r.level is not level or not r.contains(proposed_on):
            continue
        if level is Level.PROVINCE and (
                province is None or r.province is None
                or not _within(r.province, province, proposed_on)):
            continue
        candidates.append(r)
    return min(candidates, key=lambda r: (r.decide_by, r.extra, r.id))
