"""Scorecards as data: parts → criterion groups → leaf criteria → options.

A :class:`Scorecard` is one "bộ sản phẩm" of a rule set (26 of them in
Decision 26/2026/QĐ-TTg Phụ lục II). Each leaf :class:`Criterion` is a
single-choice question; each :class:`Option` carries fixed points and,
optionally, the *minimum-star mark* (``***`` = 3★, ``****`` = 4★,
``*****`` = 5★) that the decision prints next to it.

The minimum a product must reach on a criterion to be classed at tier *k*
is the largest number of points among the options marked for a tier ≤ *k*
(a ``***`` mark also binds 4★ and 5★ products):

>>> from ocopkit import rulesets
>>> card = rulesets.get("vn-qd-26-2026").scorecard(7)
>>> c = card.criterion("1.5")
>>> [(o.id, o.points, o.min_star) for o in c.options]
[('1.5.a', 0, None), ('1.5.b', 1, None), ('1.5.c', 2, 4), ('1.5.d', 3, 5)]
>>> c.required_points(3), c.required_points(4), c.required_points(5)
(None, 2, 3)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping

import attrs

from ocopkit.errors import Problem, ValidationError
from ocopkit.frozen import FrozenMap
from ocopkit.text import suggest

from ._tiers import CERTIFIABLE_STARS

__all__ = [
    "Citation",
    "Condition",
    "Criterion",
    "CriterionCase",
    "CriterionGroup",
    "Disqualifier",
    "DisqualifierKind",
    "Erratum",
    "Option",
    "Part",
    "Scorecard",
]

@attrs.frozen
class Citation:
    """Where a rule comes from: document, annex, item (and optional URL/quote).

    >>> str(Citation("QĐ 26/2026/QĐ-TTg", "Phụ lục II", "bộ 7, tiêu chí 1.5"))
    'QĐ 26/2026/QĐ-TTg, Phụ lục II, bộ 7, tiêu chí 1.5'
    """

    document: str
    annex: str | None = None
    item: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        return ", ".join(p for p in (self.document, self.annex, self.item) if p)

    def child(self, item: str) -> Citation:
        """The same document and annex, a more specific item."""
        return attrs.evolve(self, item=item if not self.item else f"{self.item}, {item}")


@attrs.frozen
class Option:
    """One tickable answer ("□ …") of a leaf criterion.

    ``case`` names the alternative case the option belongs to when its criterion
    offers alternatives (see :class:`CriterionCase`); ``None`` otherwise.
    """

    id: str
    text: str
    points: int
    min_star: int | None = None
    case: str | None = None


@attrs.frozen
class CriterionCase:
    """One of the alternative cases of a criterion ("Lựa chọn một trong hai trường hợp
    sau: a. Trường hợp 1: … b. Trường hợp 2: …", 1048/QĐ-TTg Phụ lục III, criterion 3.2
    of every set).

    Which case applies is a fact about the subject (its legal form), not a choice: the
    evaluators tick one option, and that option's case is the subject's. The criterion
    stays one single choice, so scoring is unchanged; :meth:`Criterion.alternatives`
    tells which options are open to a subject whose case is known (used by the gap
    search, which never proposes changing the case).

    >>> from ocopkit import rulesets
    >>> c = rulesets.get("vn-qd-1048-2019").scorecard(1).criterion("3.2")
    >>> [(k.id, [o.id for o in c.options_in_case(k.id)]) for k in c.cases]
    [('1', ['3.2.a', '3.2.b']), ('2', ['3.2.c', '3.2.d'])]
    >>> c.case_max("2"), c.max_points
    (1, 2)
    """

    id: str
    label: str


class DisqualifierKind(enum.Enum):
    """How a disqualifying condition acts."""

    DOSSIER = "dossier"
    """"Hồ sơ bị loại khi …": the whole dossier is rejected."""
    ELIMINATE = "eliminate"
    """"Bị loại nếu …": a criterion-level note that eliminates the product."""
    STOP = "stop"
    """"… sẽ không đánh giá các bước tiếp theo": evaluation stops here."""


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Disqualifier:
    """A condition that disqualifies a product: flagged by the evaluators or, when
    ``when_zero`` lists criteria, decided by the scores.

    ``when_zero``: the criteria of which a 0 decides the disqualifier — 26/2026 Phụ lục
    II, bộ 16, ghi chú of group 6 (tiêu chí 6.1–6.4): "Nếu được 0 điểm tại một trong
    các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo". The engine raises it
    itself when one of them, applicable, scores 0 — its points being the council's mean,
    as for minimum marks (Điều 3.3, "tổng điểm trung bình"), i.e. every scorer gave 0.
    The evaluators may still flag it. Empty for a disqualifier only evaluators flag.
    """

    id: str
    text: str
    kind: DisqualifierKind
    citation: Citation
    criterion_id: str | None = None
    when_zero: tuple[str, ...] = attrs.field(default=(), converter=_ids)


@attrs.frozen
class Condition:
    """A criterion applies only when another criterion scored above zero.

    Decision 26/2026 marks story-structure criteria "Chỉ áp dụng khi có câu
    chuyện sản phẩm" (only when the product has a story, i.e. criterion 5.1
    scored more than 0). A criterion whose condition is not met scores 0 and
    its minimum marks do not bind; the maximum of the scorecard is unchanged.
    """

    criterion_id: str
    text: str


@attrs.frozen
class Erratum:
    """A documented correction of a transcript defect, applied at extraction.

    ``criterion_id`` is ``None`` for corrections above the criterion level (e.g. a
    group label or a part maximum).
    """

    criterion_id: str | None
    option_id: str | None
    field: str
    source_value: int | str | None
    value: int | str | None
    reason_vi: str
    reason_en: str
    evidence: str


@attrs.frozen
class Criterion:
    """A leaf criterion: a single choice among options."""

    id: str
    name: str
    max_points: int
    options: tuple[Option, ...]
    part_id: str
    group_id: str
    citation: Citation
    notes: tuple[str, ...] = ()
    disqualifiers: tuple[Disqualifier, ...] = ()
    applies_when: Condition | None = None
    synthesized_options: bool = False
    cases: tuple[CriterionCase, ...] = ()
    _by_id: Mapping[str, Option] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _required: tuple[int | None, int | None, int | None] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_id", FrozenMap({o.id: o for o in self.options}))
        req: list[int | None] = []
        for tier in CERTIFIABLE_STARS:
            marked = [
                o.points for o in self.options if o.min_star is not None and o.min_star <= tier
            ]
            req.append(max(marked) if marked else None)
        object.__setattr__(self, "_required", (req[0], req[1], req[2]))

    def option(self, option_id: str) -> Option:
        """The option ``option_id``.

        Raises :class:`~ocopkit.errors.ValidationError` (with a suggestion) otherwise.
        """
        try:
            return self._by_id[option_id]
        except KeyError:
            raise ValidationError(
                [
                    Problem(
                        f"criterion {self.id}",
                        "unknown-option",
                        f"tiêu chí {self.id} không có phương án {option_id!r}",
                        f"criterion {self.id} has no option {option_id!r}",
                        suggest(option_id, self._by_id, cutoff=0.3),
                    )
                ]
            ) from None

    def has_option(self, option_id: str) -> bool:
        return option_id in self._by_id

    def required_points(self, tier: int) -> int | None:
        """Minimum points needed on this criterion for ``tier`` stars (None: no minimum)."""
        if tier < 3:
            return None
        return self._required[min(tier, 5) - 3]

    @property
    def min_points(self) -> int:
        return min(o.points for o in self.options)

    def options_in_case(self, case_id: str) -> tuple[Option, ...]:
        """The options of alternative case ``case_id`` (see :class:`CriterionCase`)."""
        return tuple(o for o in self.options if o.case == case_id)

    def case_max(self, case_id: str) -> int:
        """The most a subject of case ``case_id`` can score on this criterion."""
        return max((o.points for o in self.options_in_case(case_id)), default=0)

    def alternatives(self, option_id: str | None) -> tuple[Option, ...]:
        """The options open to a subject whose answer is ``option_id``: every option,
        or, when the criterion has alternative cases and the answer names one, the
        options of that case."""
        if not self.cases or option_id is None or not self.has_option(option_id):
            return self.options
        case = self.option(option_id).case
        return self.options if case is None else self.options_in_case(case)

    @property
    def marks(self) -> tuple[Option, ...]:
        """The options that carry a minimum-star mark."""
        return tuple(o for o in self.options if o.min_star is not None)


@attrs.frozen
class CriterionGroup:
    """A numbered group of criteria ("1. TỔ CHỨC SẢN XUẤT")."""

    id: str
    name: str
    max_points: int
    criteria: tuple[Criterion, ...]
    name_en: str | None = None


@attrs.frozen
class Part:
    """Part A (community), B (marketing) or C (quality) of a scorecard.

    ``max_points`` is the maximum the decision prints for the part. ``shortfall`` is
    a documented source defect: points the printed maximum declares that no criterion
    of the part awards (1048/QĐ-TTg set 26 part A prints 35 and its criteria give 34;
    see ``docs/reference-errata-1048.md``). It is never invented away: the part keeps
    its printed maximum, and :attr:`attainable_points` is what a product can score.
    """

    id: str
    name: str
    max_points: int
    groups: tuple[CriterionGroup, ...]
    name_en: str | None = None
    shortfall: int = 0

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return tuple(c for g in self.groups for c in g.criteria)

    @property
    def attainable_points(self) -> int:
        """The most a product can score on this part (``max_points - shortfall``)."""
        return self.max_points - self.shortfall


@attrs.frozen
class Scorecard:
    """The scorecard of one product set under one rule set."""

    product_set: int
    name: str
    parts: tuple[Part, ...]
    citation: Citation
    dossier_disqualifiers: tuple[Disqualifier, ...] = ()
    errata: tuple[Erratum, ...] = ()
    header: str | None = None
    _criteria: Mapping[str, Criterion] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _disqualifiers: Mapping[str, Disqualifier] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        crit = {c.id: c for p in self.parts for g in p.groups for c in g.criteria}
        dq = {d.id: d for d in self.dossier_disqualifiers}
        for c in crit.values():
            dq.update({d.id: d for d in c.disqualifiers})
        object.__setattr__(self, "_criteria", FrozenMap(crit))
        object.__setattr__(self, "_disqualifiers", FrozenMap(dq))

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every leaf criterion in scorecard order."""
        return tuple(self._criteria.values())

    def __iter__(self) -> Iterator[Criterion]:
        return iter(self._criteria.values())

    def __len__(self) -> int:
        return len(self._criteria)

    def criterion(self, criterion_id: str) -> Criterion:
        """The leaf criterion ``criterion_id``.

        Raises :class:`~ocopkit.errors.ValidationError` (with a suggestion) otherwise.
        """
        try:
            return self._criteria[criterion_id]
        except KeyError:
            raise ValidationError(
                [
                    Problem(
                        f"set {self.product_set}",
                        "unknown-criterion",
                        f"bộ {self.product_set} không có tiêu chí {criterion_id!r}",
                        f"set {self.product_set} has no criterion {criterion_id!r}",
                        suggest(criterion_id, self._criteria, cutoff=0.3),
                    )
                ]
            ) from None

    def has_criterion(self, criterion_id: str) -> bool:
        return criterion_id in self._criteria

    @property
    def disqualifiers(self) -> Mapping[str, Disqualifier]:
        """Every disqualifier (dossier-level and per-criterion) by id."""
        return self._disqualifiers

    @property
    def max_points(self) -> int:
        return sum(p.max_points for p in self.parts)

    def check(self, part_max: Mapping[str, int] | None = None) -> list[Problem]:
        """Return every structural problem (the load-time checks)."""
        where = f"set {self.product_set}"
        problems: list[Problem] = []

        def bad(path: str, code: str, vi: str, en: str) -> None:
            problems.append(Problem(f"{where} › {path}", code, vi, en))

        seen: set[str] = set()
        for part in self.parts:
            if part_max is not None and part.max_points != part_max.get(part.id):
                bad(part.id, "part-max", f"phần {part.id} = {part.max_points}, cần "
                    f"{part_max.get(part.id)}", f"part {part.id} is {part.max_points}, expected "
                    f"{part_max.get(part.id)}")
            group_sum = sum(g.max_points for g in part.groups)
            if group_sum + part.shortfall != part.max_points or part.shortfall < 0:
                short = f" (+ {part.shortfall})" if part.shortfall else ""
                bad(part.id, "part-sum", f"tổng nhóm {group_sum}{short} ≠ {part.max_points}",
                    f"groups sum to {group_sum}{short}, not {part.max_points}")
            for group in part.groups:
                crit_sum = sum(c.max_points for c in group.criteria)
                if crit_sum != group.max_points:
                    bad(group.id, "group-sum", f"tổng tiêu chí {crit_sum} ≠ {group.max_points}",
                        f"criteria sum to {crit_sum}, not {group.max_points}")
                for c in group.criteria:
                    if c.id in seen:
                        bad(c.id, "duplicate-id", "trùng mã tiêu chí", "duplicate criterion id")
                    seen.add(c.id)
                    if not c.options:
                        bad(c.id, "no-options", "không có phương án", "no options")
                        continue
                    top = max(o.points for o in c.options)
                    if top != c.max_points:
                        bad(c.id, "criterion-max", f"điểm cao nhất {top} ≠ {c.max_points}",
                            f"best option gives {top}, criterion max is {c.max_points}")
                    ids = [o.id for o in c.options]
                    if len(set(ids)) != len(ids):
                        bad(c.id, "duplicate-id", "trùng mã phương án", "duplicate option id")
                    for o in c.options:
                        if not 0 <= o.points <= c.max_points:
                            bad(o.id, "points-range", f"điểm {o.points} ngoài [0, {c.max_points}]",
                                f"points {o.points} outside [0, {c.max_points}]")
                        if o.min_star is not None and o.min_star not in CERTIFIABLE_STARS:
                            bad(o.id, "bad-mark", f"dấu sao {o.min_star} không hợp lệ",
                                f"invalid star mark {o.min_star}")
                        if o.case is not None and o.case not in {k.id for k in c.cases}:
                            bad(o.id, "bad-case", f"trường hợp {o.case!r} không có trong tiêu "
                                f"chí", f"case {o.case!r} is not a case of the criterion")
                    for k in c.cases:
                        if not c.options_in_case(k.id):
                            bad(c.id, "empty-case", f"trường hợp {k.id} không có phương án",
                                f"case {k.id} has no options")
                    if c.cases and any(o.case is None for o in c.options):
                        bad(c.id, "bad-case", "phương án không thuộc trường hợp nào",
                            "an option of a criterion with cases belongs to no case")
                    if (c.applies_when is not None
                            and c.applies_when.criterion_id not in self._criteria):
                        bad(c.id, "bad-condition", "điều kiện trỏ tới tiêu chí không tồn tại",
                            f"condition refers to unknown criterion {c.applies_when.criterion_id}")
                    for d in c.disqualifiers:
                        for zid in d.when_zero:
                            if zid not in self._criteria or not any(
                                    o.points == 0 for o in self._criteria[zid].options):
                                bad(d.id, "bad-zero-stop",
                                    f"điều kiện 0 điểm trỏ tới {zid}: không có tiêu chí hoặc "
                                    "phương án 0 điểm",
                                    f"the 0-point condition names {zid}, which is no criterion "
                                    "or has no 0-point option")
        if part_max is not None and self.max_points != sum(part_max.values()):
            bad("total", "total", f"tổng {self.max_points} ≠ 100",
                f"total {self.max_points} != 100")
        return problems
