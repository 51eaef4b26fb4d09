"""Rule sets: the national OCOP regimes with their effective dates.

=======================  ==========  ==========  ==================================
id                       from        until       scorecards
=======================  ==========  ==========  ==================================
``vn-qd-1048-2019``      2019-08-21  2023-02-23  parts 35/25/40 and bands only
``vn-qd-148-2023``       2023-02-24  2025-07-05  parts 40/25/35 and bands only
``vn-qd-148-1489-2025``  2025-07-06  2026-05-21  parts 40/25/35 and bands only
``vn-qd-26-2026``        2026-05-22  —           all 26 scorecards (Phụ lục II)
=======================  ==========  ==========  ==================================

The per-criterion scorecards of 1048 and 148 were not available to the
project (see ``docs/rulesets.md``); those regimes still carry their parts,
bands and authorities so that historical *totals* can be classified with
:meth:`RuleSet.classify_total`. No criteria are invented for them.

>>> from datetime import date
>>> for_date(date(2026, 5, 21)).id, for_date(date(2026, 5, 22)).id
('vn-qd-148-1489-2025', 'vn-qd-26-2026')
>>> rs = get("vn-qd-26-2026")
>>> len(rs.scorecards), rs.scorecard(7).max_points
(26, 100)
>>> rs.authority_for(5).name_en
'Ministry of Agriculture and Environment'

Transitional provisions (26/2026 Điều 12.2) are data: a dossier submitted
before 2026-05-22 and still pending is decided under the 2021–2025 rules
within 60 days (first evaluation or upgrade) or 30 days (re-evaluation):

>>> for_date(date(2026, 6, 10), submitted_on=date(2026, 5, 1)).id
'vn-qd-148-1489-2025'
>>> for_date(date(2026, 6, 10), submitted_on=date(2026, 5, 1), kind="re-evaluation").id
'vn-qd-148-1489-2025'
>>> for_date(date(2026, 6, 25), submitted_on=date(2026, 5, 1), kind="re-evaluation").id
'vn-qd-26-2026'
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from fractions import Fraction
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

import attrs

from . import authorities as auth
from .criteria import (
    Citation,
    Condition,
    Criterion,
    CriterionGroup,
    Disqualifier,
    DisqualifierKind,
    Erratum,
    Option,
    Part,
    Scorecard,
)
from .errors import DataError, Problem, ValidationError
from .text import fold, suggest
from .tiers import (
    HALF_OPEN_BANDS,
    INTEGER_BANDS_1048,
    Bands,
    HighestTierMet,
    TierDecision,
    TierPolicy,
)

__all__ = [
    "RuleSet",
    "RuleSetRegistry",
    "Transition",
    "all_rulesets",
    "builtin_registry",
    "for_date",
    "get",
]

AssessmentKind = Literal["first", "upgrade", "re-evaluation"]

PART_NAMES_EN = {
    "A": "Product and community strength",
    "B": "Marketing capacity",
    "C": "Product quality",
}

#: English labels of the criterion groups of 26/2026 (ocopkit's translation), by folded name.
GROUP_NAMES_EN = {
    "chat luong an toan thuc pham": "Food safety quality",
    "chat luong phuc vu": "Quality of service",
    "chat luong san pham": "Product quality",
    "chat luong san pham dich vu du lich": "Quality of the tourism service product",
    "chi tieu cam quan": "Sensory indicators",
    "cac chi tieu": "Indicators",
    "cau chuyen san pham": "Product story",
    "cau chuyen ve san pham": "Product story",
    "cong bo chat luong": "Quality declaration",
    "cong bo chat luong san pham": "Product quality declaration",
    "cong bo san pham": "Product declaration",
    "co hoi thi truong toan cau": "Global market opportunities",
    "dinh duong": "Nutrition",
    "hieu qua su dung": "Effectiveness in use",
    "hoat dong thu hut khach du lich": "Activities attracting tourists",
    "hoat dong trai nghiem": "Experience activities",
    "hang hoa dich vu": "Goods and services",
    "huong dan su dung de dam bao san pham co chat luong tot nhat cho nguoi tieu dung":
        "Instructions for use to keep the product at its best for consumers",
    "kien truc va canh quan moi truong": "Architecture and landscape",
    "kiem tra dinh ky": "Periodic testing",
    "phat trien san pham": "Product development",
    "quan ly va nhan vien": "Management and staff",
    "suc manh cong dong": "Community strength",
    "su tien loi khi su dung, bao quan": "Convenience of use and storage",
    "tiep thi": "Marketing",
    "tien nghi": "Amenities",
    "tinh an toan": "Safety",
    "tinh hoan thien cua qua trinh dich vu": "Completeness of the service process",
    "tinh doc dao": "Uniqueness",
    "to chuc dich vu cong dong": "Organisation of community services",
    "to chuc san xuat": "Production organisation",
    "vi tri": "Location",
    "dieu kien dam bao an toan chat luong san pham":
        "Conditions ensuring product safety and quality",
    "dap ung dieu kien kinh doanh dich vu": "Meeting the conditions for service business",
    "dam bao an toan va an ninh trat tu": "Safety, security and public order",
    "dam bao chat luong san pham": "Product quality assurance",
}

#: The Ministry of Agriculture and Rural Development merged with the Ministry of
#: Natural Resources and Environment into the Ministry of Agriculture and
#: Environment from 2025-03-01 (Nghị quyết 176/2025/QH15).
MAE_FROM = date(2025, 3, 1)


@attrs.frozen
class Transition:
    """A transitional provision: pending dossiers keep an older rule set."""

    ruleset_id: str
    submitted_before: date
    decided_until: date
    kinds: frozenset[str]
    citation: Citation

    def applies(self, on: date, submitted_on: date | None, kind: str) -> bool:
        return (
            submitted_on is not None
            and submitted_on < self.submitted_before
            and self.submitted_before <= on <= self.decided_until
            and kind in self.kinds
        )


@attrs.frozen
class RuleSet:
    """One regime: effective dates, parts, bands, authorities and scorecards."""

    id: str
    title_vi: str
    title_en: str
    citation: Citation
    effective_from: date
    effective_until: date | None
    part_max: Mapping[str, int]
    bands: Bands
    authorities: Mapping[int, tuple[tuple[date | None, auth.Authority], ...]]
    scorecards: Mapping[int, Scorecard] = attrs.field(factory=dict)
    tier_policy: TierPolicy = attrs.field(factory=HighestTierMet)
    transitions: tuple[Transition, ...] = ()
    notes: tuple[str, ...] = ()
    content_hash: str = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "scorecards", MappingProxyType(dict(self.scorecards)))
        object.__setattr__(self, "part_max", MappingProxyType(dict(self.part_max)))
        object.__setattr__(self, "content_hash", _fingerprint(self))

    def covers(self, on: date) -> bool:
        """Whether the rule set is in force on ``on`` (both ends inclusive)."""
        until = self.effective_until
        return self.effective_from <= on and (until is None or on <= until)

    @property
    def has_scorecards(self) -> bool:
        return bool(self.scorecards)

    def scorecard(self, product_set: int) -> Scorecard:
        """The scorecard of ``product_set``.

        Raises :class:`~ocopkit.errors.ValidationError` if there is none.
        """
        try:
            return self.scorecards[product_set]
        except KeyError:
            if not self.scorecards:
                raise ValidationError([Problem(
                    f"ruleset {self.id}", "no-scorecards",
                    f"{self.id}: không có bộ tiêu chí chi tiết; dùng classify_total()",
                    f"{self.id} carries no per-criterion scorecards; classify totals with "
                    "classify_total()",
                )]) from None
            raise ValidationError([Problem(
                f"ruleset {self.id}", "unknown-product-set",
                f"không có bộ sản phẩm {product_set!r}",
                f"no product set {product_set!r} (1–{max(self.scorecards)})",
            )]) from None

    def authority_for(self, stars: int, on: date | None = None) -> auth.Authority:
        """The authority that recognises ``stars`` (3–5) under this regime on ``on``."""
        if stars not in self.authorities:
            raise ValidationError([Problem(
                f"ruleset {self.id}", "not-certifiable",
                f"sản phẩm {stars} sao không được công nhận",
                f"{stars}★ products are not recognised or certified",
            )])
        chosen = self.authorities[stars][0][1]
        for since, authority in self.authorities[stars]:
            if since is None or on is None or on >= since:
                chosen = authority
        return chosen

    def classify_total(self, total: int | Fraction) -> TierDecision:
        """Classify a total alone (no minimum marks known): band = stars."""
        band = self.bands.band_of(total)
        return self.tier_policy.decide(band, {})


def _canonical(value: Any) -> Any:
    if attrs.has(type(value)):
        return {
            f.name: _canonical(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if f.eq and f.name != "content_hash"
        }
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_canonical(v) for v in value)
    if isinstance(value, date | Fraction):
        return str(value)
    if hasattr(value, "value") and hasattr(value, "name"):  # enum
        return value.value
    if isinstance(value, str | int | bool) or value is None:
        return value
    return repr(value)


def _fingerprint(ruleset: RuleSet) -> str:
    data = _canonical(ruleset)
    data["bands"] = ruleset.bands.id
    data["tier_policy"] = ruleset.tier_policy.id
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- data


QD26 = "QĐ 26/2026/QĐ-TTg"


def _scorecards_26(data: Mapping[str, Any]) -> dict[int, Scorecard]:
    cards: dict[int, Scorecard] = {}
    for ps in data["product_sets"]:
        number = int(ps["number"])
        cite = Citation(QD26, "Phụ lục II", f"bộ {number}")
        dossier = tuple(
            Disqualifier(f"HS{i + 1}" if i else "HS", d["text_vi"], DisqualifierKind.DOSSIER,
                         cite.child("hồ sơ bị loại"))
            for i, d in enumerate(ps.get("dossier_disqualifiers", []))
        )
        errata_by_crit: dict[str, list[Erratum]] = {}
        for e in ps.get("errata_applied", []):
            errata_by_crit.setdefault(e["criterion"], []).append(Erratum(
                e["criterion"], e.get("option"), e["field"], e.get("source_value"), e.get("value"),
                e.get("reason_vi", ""), e.get("reason_en", ""), e.get("evidence", ""),
            ))
        parts = []
        for p in ps["parts"]:
            groups = []
            for g in p["groups"]:
                crits = []
                for c in g["criteria"]:
                    ccite = cite.child(f"tiêu chí {c['id']}")
                    cond = c.get("applies_when")
                    crits.append(Criterion(
                        id=c["id"],
                        name=c["name_vi"],
                        max_points=int(c["max_points"]),
                        options=tuple(
                            Option(o["id"], o["text_vi"], int(o["points"]), o.get("min_star"))
                            for o in c["options"]
                        ),
                        part_id=p["id"],
                        group_id=g["id"],
                        citation=ccite,
                        notes=tuple(c.get("notes_vi", ())),
                        disqualifiers=tuple(
                            Disqualifier(d["id"], d["text_vi"], DisqualifierKind(d["kind"]), ccite,
                                         c["id"])
                            for d in c.get("disqualifiers", ())
                        ),
                        applies_when=Condition(cond["criterion"], cond.get("text_vi", ""))
                        if cond else None,
                        synthesized_options=bool(c.get("synthesized_options", False)),
                    ))
                groups.append(CriterionGroup(g["id"], g["name_vi"], int(g["max_points"]),
                                             tuple(crits), GROUP_NAMES_EN.get(fold(g["name_vi"]))))
            parts.append(Part(p["id"], p["name_vi"], int(p["max_points"]), tuple(groups),
                              PART_NAMES_EN.get(p["id"])))
        errata = tuple(e for es in errata_by_crit.values() for e in es)
        cards[number] = Scorecard(number, ps["name_vi"], tuple(parts), cite, dossier, errata,
                                  ps.get("header_vi"))
    return cards


@functools.cache
def _qd26_data() -> Mapping[str, Any]:
    raw = resources.files("ocopkit").joinpath("data/qd-26-2026.json").read_text("utf-8")
    data: Mapping[str, Any] = json.loads(raw)
    return data


PARTS_148 = {"A": 40, "B": 25, "C": 35}
PARTS_1048 = {"A": 35, "B": 25, "C": 40}


def _builtin() -> tuple[RuleSet, ...]:
    prov, dist = auth.PROVINCE, auth.DISTRICT
    mard, mae = auth.MINISTRY_MARD, auth.MINISTRY_MAE
    central = ((None, mard), (MAE_FROM, mae))
    r1048 = RuleSet(
        id="vn-qd-1048-2019",
        title_vi="Bộ tiêu chí đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm",
        title_en="OCOP product evaluation and classification criteria (2019)",
        citation=Citation("QĐ 1048/QĐ-TTg ngày 21/8/2019", "Phụ lục III"),
        effective_from=date(2019, 8, 21),
        effective_until=date(2023, 2, 23),
        part_max=PARTS_1048,
        bands=INTEGER_BANDS_1048,
        authorities={3: ((None, prov),), 4: ((None, prov),), 5: central},
        notes=("Per-criterion scorecards not available; parts 35/25/40 and integer bands only.",
               "Amended by QĐ 781/QĐ-TTg (08/6/2020), which introduced minimum requirements."),
    )
    r148 = RuleSet(
        id="vn-qd-148-2023",
        title_vi="Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm OCOP",
        title_en="OCOP criteria and evaluation procedure (2023)",
        citation=Citation("QĐ 148/QĐ-TTg ngày 24/02/2023", "Phụ lục III"),
        effective_from=date(2023, 2, 24),
        effective_until=date(2025, 7, 5),
        part_max=PARTS_148,
        bands=HALF_OPEN_BANDS,
        authorities={3: ((None, dist),), 4: ((None, prov),), 5: central},
        notes=("Per-criterion scorecards not available; parts 40/25/35 and half-open bands only.",),
    )
    r1489 = attrs.evolve(
        r148,
        id="vn-qd-148-1489-2025",
        title_en="OCOP criteria and procedure (2023) as amended by 1489/QĐ-TTg (2025)",
        citation=Citation("QĐ 148/QĐ-TTg sửa đổi bởi QĐ 1489/QĐ-TTg ngày 06/7/2025", "Phụ lục II"),
        effective_from=date(2025, 7, 6),
        effective_until=date(2026, 5, 21),
        authorities={3: ((None, prov),), 4: ((None, prov),), 5: ((None, mae),)},
        notes=("District level abolished: the commune checks dossiers, the province evaluates "
               "and recognises 3★ and 4★, ≥90 points are proposed to the Ministry.",),
    )
    start = date(2026, 5, 22)
    r26 = RuleSet(
        id="vn-qd-26-2026",
        title_vi="Bộ tiêu chí và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm",
        title_en="OCOP criteria and evaluation procedure (2026)",
        citation=Citation("QĐ 26/2026/QĐ-TTg ngày 22/5/2026", "Phụ lục II"),
        effective_from=start,
        effective_until=None,
        part_max=PARTS_148,
        bands=HALF_OPEN_BANDS,
        authorities={3: ((None, prov),), 4: ((None, prov),), 5: ((None, mae),)},
        scorecards=_scorecards_26(_qd26_data()),
        transitions=(
            Transition("vn-qd-148-1489-2025", start, start + timedelta(days=60),
                       frozenset({"first", "upgrade"}),
                       Citation(QD26, "Điều 12", "khoản 2 điểm a")),
            Transition("vn-qd-148-1489-2025", start, start + timedelta(days=30),
                       frozenset({"re-evaluation"}), Citation(QD26, "Điều 12", "khoản 2 điểm b")),
        ),
    )
    return (r1048, r148, r1489, r26)


@attrs.frozen
class RuleSetRegistry:
    """An immutable, validated collection of rule sets."""

    rulesets: tuple[RuleSet, ...]
    _by_id: Mapping[str, RuleSet] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        by_id: dict[str, RuleSet] = {}
        for rs in self.rulesets:
            if rs.id in by_id:
                problems.append(Problem(f"ruleset {rs.id}", "duplicate-id",
                                        "trùng mã bộ quy tắc", "duplicate rule set id"))
            by_id[rs.id] = rs
            for number, card in rs.scorecards.items():
                problems.extend(card.check(rs.part_max))
                if number != card.product_set:
                    problems.append(Problem(f"ruleset {rs.id} › set {number}", "set-number",
                                            "số bộ không khớp", "product set number mismatch"))
        ordered = sorted(self.rulesets, key=lambda r: r.effective_from)
        for a, b in itertools.pairwise(ordered):
            if a.effective_until is None or a.effective_until >= b.effective_from:
                problems.append(Problem(
                    f"ruleset {b.id}", "overlap",
                    f"hiệu lực chồng lấn với {a.id}", f"effective dates overlap {a.id}"))
        if problems:
            raise DataError(problems, "invalid rule sets / bộ quy tắc không hợp lệ")
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))

    def __iter__(self) -> Any:
        return iter(self.rulesets)

    def get(self, ruleset_id: str) -> RuleSet:
        """The rule set ``ruleset_id``.

        Raises :class:`~ocopkit.errors.ValidationError` with a suggestion otherwise.
        """
        try:
            return self._by_id[ruleset_id]
        except KeyError:
            raise ValidationError([Problem(
                "ruleset", "unknown-ruleset", f"không có bộ quy tắc {ruleset_id!r}",
                f"unknown rule set {ruleset_id!r}", suggest(ruleset_id, self._by_id, cutoff=0.4),
            )]) from None

    def for_date(
        self,
        on: date,
        *,
        submitted_on: date | None = None,
        kind: AssessmentKind = "first",
    ) -> RuleSet:
        """The rule set that decides an assessment made on ``on``.

        ``submitted_on`` and ``kind`` let transitional provisions keep a
        pending dossier under the previous regime.
        """
        for rs in self.rulesets:
            if rs.covers(on):
                for t in rs.transitions:
                    if t.applies(on, submitted_on, kind):
                        return self.get(t.ruleset_id)
                return rs
        first = min(r.effective_from for r in self.rulesets)
        raise ValidationError([Problem(
            "assessed_on", "no-ruleset",
            f"không có bộ quy tắc nào có hiệu lực ngày {on.isoformat()} (sớm nhất {first})",
            f"no rule set is in force on {on.isoformat()} (earliest starts {first})",
        )])

    def with_rulesets(self, extra: Iterable[RuleSet]) -> RuleSetRegistry:
        return RuleSetRegistry((*self.rulesets, *extra))


@functools.cache
def builtin_registry() -> RuleSetRegistry:
    """The national rule sets shipped with ocopkit (built once, on first use)."""
    return RuleSetRegistry(_builtin())


def get(ruleset_id: str) -> RuleSet:
    """Look up a built-in rule set by id."""
    return builtin_registry().get(ruleset_id)


def for_date(
    on: date, *, submitted_on: date | None = None, kind: AssessmentKind = "first"
) -> RuleSet:
    """The built-in rule set in force on ``on`` (see :meth:`RuleSetRegistry.for_date`)."""
    return builtin_registry().for_date(on, submitted_on=submitted_on, kind=kind)


def all_rulesets() -> tuple[RuleSet, ...]:
    """Every built-in rule set, oldest first."""
    return builtin_registry().rulesets
