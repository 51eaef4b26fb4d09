"""The procedure as data: which :class:`Step` may follow which :class:`Stage`, taken by
whom, under which clause (:data:`STEP_RULES`), and the replay that checks a case's
history against it.

A case is its history: a tuple of :class:`Event` records. Replaying it checks the order
of the steps, their actors, their dates (never before the previous step) and their
outputs (an evaluation of the right level, a certificate of the stars the council gave),
so that a case read from JSON is checked like one built step by step. The conditions
that depend on a policy (whether a result goes to the Ministry, the re-evaluation
window) are checked when the step is taken (:class:`~ocopkit.procedure.Case`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from typing import Final

import attrs

from ocopkit.certification import Certificate
from ocopkit.errors import Problem, ProcedureError
from ocopkit.rulesets import CERTIFIABLE_STARS, AssessmentKind, Citation
from ocopkit.scoring import Evaluation, Level

from ._actors import Actor, Stage, Step, cite
from ._dossiers import CommuneDossier, ProductDossier, ProvinceDossier

__all__ = [
    "STEP_RULES",
    "CouncilForm",
    "Event",
    "MeetingReason",
    "StepRule",
    "next_rules",
]


class CouncilForm(enum.Enum):
    """How a council evaluates."""

    MEETING = "meeting"
    """"Tổ chức họp" (26/2026 Điều 7.3.d, 7.4.d)."""
    WRITTEN = "written"
    """"Lấy ý kiến bằng văn bản" — re-evaluations only (Điều 7.6.d, 7.6.e)."""


class MeetingReason(enum.Enum):
    """Why a re-evaluation council meets instead of giving written opinions (7.6.d)."""

    OPINIONS_DIFFER = "opinions-differ"
    """"Khi có nhiều ý kiến đánh giá khác nhau"."""
    COMPLEX_MATTER = "complex-matter"
    """"Có nội dung phức tạp cần thảo luận"."""


def _problems(value: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Event:
    """One step taken: what, on which day, by whom, and what it produced.

    ``dossier`` is the subject's dossier (on ``submit``, or completed on ``complete``);
    ``requested`` what a completion request asks for; ``commune_dossier`` and
    ``province_dossier`` what the commune and the province send; ``evaluation`` the
    council's result (with ``form`` and, for a re-evaluation meeting,
    ``meeting_reason``); ``certificate`` the certificate issued and ``superseded`` the
    held certificate it replaces; ``reference`` the number of the document the step
    produced (a report, a letter, a decision).
    """

    step: Step
    on: date
    by: Actor
    note: str | None = None
    reference: str | None = None
    dossier: ProductDossier | None = None
    requested: tuple[Problem, ...] = attrs.field(default=(), converter=_problems)
    commune_dossier: CommuneDossier | None = None
    province_dossier: ProvinceDossier | None = None
    evaluation: Evaluation | None = None
    form: CouncilForm | None = None
    meeting_reason: MeetingReason | None = None
    certificate: Certificate | None = None
    superseded: Certificate | None = None


FIRST_UP: Final = frozenset({AssessmentKind.FIRST, AssessmentKind.UPGRADE})
RE: Final = frozenset({AssessmentKind.RE_EVALUATION})
ALL: Final = FIRST_UP | RE


@attrs.frozen
class StepRule:
    """``step`` may be taken from ``source`` (``None``: the first step) by one of
    ``actors``, for cases of ``kinds``, and leads to ``target``.

    ``five_star_route`` restricts a rule to the re-evaluation of a 5★ product on its way
    to the Ministry (``True``, Điều 7.6.e) or to every other case (``False``).
    """

    step: Step
    source: Stage | None
    target: Stage
    actors: frozenset[Actor]
    citation: Citation
    kinds: frozenset[AssessmentKind] = ALL
    five_star_route: bool | None = None

    def applies(self, kind: AssessmentKind, five_star_route: bool) -> bool:
        return kind in self.kinds and self.five_star_route in (None, five_star_route)


def _r(step: Step, source: Stage | None, target: Stage, actors: Iterable[Actor],
       citation: Citation, kinds: frozenset[AssessmentKind] = ALL,
       route: bool | None = None) -> StepRule:
    return StepRule(step, source, target, frozenset(actors), citation, kinds, route)


S, A = Stage, Actor
_COMPLETION: Final = (
    (S.AT_COMMUNE, {A.COMMUNE}, {A.SUBJECT}, cite(7, "khoản 2 điểm a; Điều 10 khoản 4 điểm a"),
     ALL, None),
    (S.AT_PROVINCE, {A.PROVINCE_OFFICE}, {A.SUBJECT, A.COMMUNE}, cite(7, "khoản 3 điểm a"),
     ALL, None),
    (S.PROVINCIAL_REVIEW, {A.PROVINCIAL_ADVISORY_GROUP}, {A.SUBJECT, A.COMMUNE},
     cite(7, "khoản 3 điểm c"), FIRST_UP, None),
    (S.PROVINCIAL_REVIEW, {A.PROVINCE_OFFICE}, {A.SUBJECT, A.COMMUNE},
     cite(7, "khoản 6 điểm c"), RE, None),
    (S.AT_MINISTRY, {A.MINISTRY_OFFICE}, {A.SUBJECT, A.PROVINCE_OFFICE},
     cite(7, "khoản 4 điểm a"), ALL, None),
    (S.CENTRAL_REVIEW, {A.CENTRAL_ADVISORY_GROUP}, {A.SUBJECT, A.PROVINCE_OFFICE},
     cite(7, "khoản 4 điểm c"), ALL, False),
    (S.CENTRAL_REVIEW, {A.MINISTRY_OFFICE}, {A.SUBJECT, A.PROVINCE_OFFICE},
     cite(7, "khoản 6 điểm e"), RE, True),
)

#: The procedure of 26/2026 Điều 7 as data (see :class:`StepRule`).
STEP_RULES: Final[tuple[StepRule, ...]] = (
    _r(Step.SUBMIT, None, S.AT_COMMUNE, {A.SUBJECT}, cite(7, "khoản 1; khoản 6 điểm a")),
    *(_r(Step.REQUEST_COMPLETION, st, st, by, c, k, rt) for st, by, _, c, k, rt in _COMPLETION),
    *(_r(Step.COMPLETE, st, st, by, c, k, rt) for st, _, by, c, k, rt in _COMPLETION),
    _r(Step.PROPOSE, S.AT_COMMUNE, S.PROPOSED, {A.COMMUNE}, cite(7, "khoản 2 điểm b")),
    _r(Step.RECEIVE, S.PROPOSED, S.AT_PROVINCE, {A.PROVINCE_OFFICE}, cite(7, "khoản 3 điểm a")),
    _r(Step.START_REVIEW, S.AT_PROVINCE, S.PROVINCIAL_REVIEW, {A.PROVINCE_OFFICE},
       cite(7, "khoản 3 điểm b, c"), FIRST_UP),
    _r(Step.START_REVIEW, S.AT_PROVINCE, S.PROVINCIAL_REVIEW, {A.PROVINCE_OFFICE},
       cite(7, "khoản 6 điểm c"), RE),
    _r(Step.REPORT, S.PROVINCIAL_REVIEW, S.PROVINCIAL_REPORTED, {A.PROVINCIAL_ADVISORY_GROUP},
       cite(7, "khoản 3 điểm c"), FIRST_UP),
    _r(Step.REPORT, S.PROVINCIAL_REVIEW, S.PROVINCIAL_REPORTED, {A.PROVINCE_OFFICE},
       cite(7, "khoản 6 điểm c"), RE),
    _r(Step.EVALUATE, S.PROVINCIAL_REPORTED, S.PROVINCIAL_RESULT, {A.PROVINCIAL_COUNCIL},
       cite(7, "khoản 3 điểm d"), FIRST_UP),
    _r(Step.EVALUATE, S.PROVINCIAL_REPORTED, S.PROVINCIAL_RESULT, {A.PROVINCIAL_COUNCIL},
       cite(7, "khoản 6 điểm d"), RE, False),
    _r(Step.CERTIFY, S.PROVINCIAL_RESULT, S.CERTIFIED, {A.PROVINCE_CHAIRMAN},
       cite(7, "khoản 3 điểm đ, e; khoản 6 điểm đ")),
    _r(Step.FORWARD, S.PROVINCIAL_RESULT, S.FORWARDED, {A.PROVINCE_CHAIRMAN},
       cite(7, "khoản 3 điểm e, đoạn 2")),
    _r(Step.FORWARD, S.PROVINCIAL_REPORTED, S.FORWARDED, {A.PROVINCE_CHAIRMAN},
       cite(7, "khoản 6 điểm e"), RE, True),
    _r(Step.CLOSE, S.PROVINCIAL_RESULT, S.CLOSED, {A.PROVINCE_OFFICE}, cite(7, "khoản 3 điểm g")),
    _r(Step.RECEIVE, S.FORWARDED, S.AT_MINISTRY, {A.MINISTRY_OFFICE}, cite(7, "khoản 4 điểm a")),
    _r(Step.START_REVIEW, S.AT_MINISTRY, S.CENTRAL_REVIEW, {A.MINISTRY_OFFICE},
       cite(7, "khoản 4 điểm b, c"), ALL, False),
    _r(Step.START_REVIEW, S.AT_MINISTRY, S.CENTRAL_REVIEW, {A.MINISTRY_OFFICE},
       cite(7, "khoản 6 điểm e"), RE, True),
    _r(Step.REPORT, S.CENTRAL_REVIEW, S.CENTRAL_REPORTED, {A.CENTRAL_ADVISORY_GROUP},
       cite(7, "khoản 4 điểm c"), ALL, False),
    _r(Step.REPORT, S.CENTRAL_REVIEW, S.CENTRAL_REPORTED, {A.MINISTRY_OFFICE},
       cite(7, "khoản 6 điểm e"), RE, True),
    _r(Step.EVALUATE, S.CENTRAL_REPORTED, S.CENTRAL_RESULT, {A.CENTRAL_COUNCIL},
       cite(7, "khoản 4 điểm d"), ALL, False),
    _r(Step.EVALUATE, S.CENTRAL_REPORTED, S.CENTRAL_RESULT, {A.CENTRAL_COUNCIL},
       cite(7, "khoản 6 điểm e"), RE, True),
    _r(Step.CERTIFY, S.CENTRAL_RESULT, S.CERTIFIED, {A.MINISTER}, cite(7, "khoản 4 điểm đ, e")),
    _r(Step.RETURN, S.CENTRAL_RESULT, S.RETURNED, {A.MINISTRY_OFFICE},
       cite(7, "khoản 4 điểm g")),
    _r(Step.CERTIFY, S.RETURNED, S.CERTIFIED, {A.PROVINCE_CHAIRMAN},
       cite(7, "khoản 4, đoạn cuối")),
    _r(Step.REEVALUATE, S.RETURNED, S.PROVINCIAL_REVIEW, {A.PROVINCE_CHAIRMAN},
       cite(7, "khoản 4, đoạn cuối")),
    _r(Step.CLOSE, S.RETURNED, S.CLOSED, {A.PROVINCE_OFFICE},
       cite(7, "khoản 4, đoạn cuối; khoản 3 điểm g")),
)


def next_rules(stage: Stage | None, kind: AssessmentKind,
               five_star_route: bool) -> tuple[StepRule, ...]:
    """The rules of the steps that may follow ``stage`` for a case of ``kind``."""
    return tuple(r for r in STEP_RULES
                 if r.source is stage and r.applies(kind, five_star_route))


def _err(code: str, en: str, vi: str, stage: Stage | None, step: Step) -> ProcedureError:
    return ProcedureError(en, vi, code=code, stage=None if stage is None else stage.value,
                          step=step.value)


@attrs.frozen(kw_only=True)
class State:
    """Where a replayed history leaves a case (read through :class:`~ocopkit.procedure.Case`)."""

    dossier: ProductDossier
    stage: Stage = Stage.AT_COMMUNE
    pending: bool = False
    commune_dossier: CommuneDossier | None = None
    province_dossier: ProvinceDossier | None = None
    provincial: Evaluation | None = None
    central: Evaluation | None = None
    certificate: Certificate | None = None
    superseded: Certificate | None = None
    returned: bool = False
    before: tuple[Stage | None, ...] = ()
    """The stage before each event."""


def _five_star_route(kind: AssessmentKind, held: Certificate | None, returned: bool) -> bool:
    return kind is AssessmentKind.RE_EVALUATION and held is not None and held.stars == 5 \
        and not returned


def replay(events: tuple[Event, ...], held: Certificate | None) -> State:
    """Check ``events`` against :data:`STEP_RULES`; the state they lead to.

    Raises :class:`~ocopkit.errors.ProcedureError` at the first step that is not allowed.
    """
    if not events or events[0].step is not Step.SUBMIT or events[0].dossier is None:
        raise ProcedureError("a case starts with the subject's submission of a dossier",
                             "hồ sơ bắt đầu bằng việc chủ thể nộp hồ sơ sản phẩm",
                             code="no-submission", step=Step.SUBMIT.value)
    first = events[0]
    assert first.dossier is not None
    kind = first.dossier.kind
    _check_held(kind, held, first.dossier)
    st = State(dossier=first.dossier)
    stage: Stage | None = None
    previous: date | None = None
    for ev in events:
        route = _five_star_route(kind, held, st.returned)
        rule = next((r for r in next_rules(stage, kind, route) if r.step is ev.step), None)
        if rule is None:
            allowed = ", ".join(r.step.value for r in next_rules(stage, kind, route)) or "—"
            where = stage.value if stage else "start"
            raise _err("illegal-step", f"step {ev.step.value!r} cannot follow {where} for a "
                       f"{kind.value} (allowed: {allowed})",
                       f"bước {ev.step.value!r} không được thực hiện ở giai đoạn {where} "
                       f"(được phép: {allowed})", stage, ev.step)
        if ev.by not in rule.actors:
            who = ", ".join(sorted(a.label_en for a in rule.actors))
            who_vi = ", ".join(sorted(a.label_vi for a in rule.actors))
            raise _err("actor-not-competent",
                       f"{ev.by.label_en} cannot take the step {ev.step.value!r} here: {who} "
                       f"does ({rule.citation})",
                       f"{ev.by.label_vi} không có thẩm quyền thực hiện bước này: {who_vi} "
                       f"({rule.citation})", stage, ev.step)
        if previous is not None and ev.on < previous:
            raise _err("date-before-previous-step",
                       f"step {ev.step.value!r} is dated {ev.on.isoformat()}, before the "
                       f"previous step ({previous.isoformat()})",
                       f"bước {ev.step.value!r} ngày {ev.on:%d/%m/%Y} trước bước trước đó "
                       f"({previous:%d/%m/%Y})", stage, ev.step)
        if ev.step is Step.COMPLETE and not st.pending:
            raise _err("nothing-to-complete", "no completion was requested",
                       "không có yêu cầu hoàn thiện hồ sơ nào", stage, ev.step)
        if st.pending and ev.step is not Step.COMPLETE:
            raise _err("completion-pending",
                       "the dossier must be completed first (a completion request is open)",
                       "hồ sơ đang được yêu cầu hoàn thiện", stage, ev.step)
        st = attrs.evolve(_check_outputs(ev, kind, held, st, stage),
                          before=(*st.before, stage),
                          pending=ev.step is Step.REQUEST_COMPLETION,
                          returned=st.returned or ev.step is Step.RETURN)
        stage = rule.target
        previous = ev.on
    assert stage is not None
    return attrs.evolve(st, stage=stage)


def _check_held(kind: AssessmentKind, held: Certificate | None, dossier: ProductDossier) -> None:
    step = Step.SUBMIT
    if kind is AssessmentKind.FIRST and held is not None:
        raise _err("held-certificate-not-expected",
                   "a first evaluation has no recognised certificate",
                   "đánh giá lần đầu không có giấy chứng nhận đã được công nhận", None, step)
    if kind is not AssessmentKind.FIRST and held is None:
        raise _err("held-certificate-required",
                   f"a {kind.value} needs the certificate of the recognised product",
                   "nâng hạng, đánh giá lại cần giấy chứng nhận của sản phẩm đã công nhận",
                   None, step)
    if held is None:
        return
    if kind is AssessmentKind.UPGRADE and held.stars >= 5:
        raise _err("nothing-to-upgrade", "a 5★ product cannot be upgraded",
                   "sản phẩm 5 sao không thể nâng hạng", None, step)
    if dossier.product_id is not None and held.product_id != dossier.product_id:
        raise _err("different-product",
                   f"certificate {held.number} is for product {held.product_id}, not "
                   f"{dossier.product_id}",
                   f"giấy chứng nhận {held.number} thuộc sản phẩm {held.product_id}", None, step)
    if dossier.certificate_number is not None and dossier.certificate_number != held.number:
        raise _err("different-certificate",
                   f"the dossier names certificate {dossier.certificate_number}, not "
                   f"{held.number}",
                   f"hồ sơ ghi giấy chứng nhận {dossier.certificate_number}, không phải "
                   f"{held.number}", None, step)


def _same_dossier(given: ProductDossier, current: ProductDossier, stage: Stage | None,
                  step: Step) -> None:
    if given != current:
        raise _err("different-dossier",
                   "the dossier sent is not the subject's dossier as received (complete the "
                   "dossier first)",
                   "hồ sơ gửi đi khác hồ sơ sản phẩm đã tiếp nhận (cần hoàn thiện hồ sơ trước)",
                   stage, step)


def _check_outputs(ev: Event, kind: AssessmentKind, held: Certificate | None,
                   st: State, stage: Stage | None) -> State:
    """Check the outputs of ``ev``; the state with them recorded."""
    dossier = st.dossier
    step = ev.step
    if step is Step.COMPLETE and ev.dossier is not None:
        if ev.dossier.kind is not kind:
            raise _err("different-dossier", "a completed dossier keeps the case's kind",
                       "hồ sơ hoàn thiện phải cùng loại", stage, step)
        return attrs.evolve(st, dossier=ev.dossier)
    if step is Step.PROPOSE:
        if ev.commune_dossier is None:
            raise _err("missing-output", "a proposal carries the commune's dossier (Điều 6.2)",
                       "đề nghị phải kèm hồ sơ của UBND cấp xã (Điều 6.2)", stage, step)
        _same_dossier(ev.commune_dossier.product, dossier, stage, step)
        return attrs.evolve(st, commune_dossier=ev.commune_dossier)
    if step is Step.FORWARD:
        if ev.province_dossier is None:
            raise _err("missing-output", "forwarding carries the province's dossier (Điều 6.3)",
                       "đề nghị Bộ phải kèm hồ sơ của UBND cấp tỉnh (Điều 6.3)", stage, step)
        _same_dossier(ev.province_dossier.product, dossier, stage, step)
        if ev.province_dossier.reevaluation != (stage is Stage.PROVINCIAL_REPORTED):
            raise _err("wrong-dossier",
                       "a 5★ re-evaluation sends the dossier of Điều 6.3.b, any other 5★ "
                       "proposal that of Điều 6.3.a",
                       "đánh giá lại 5 sao gửi hồ sơ Điều 6.3.b, đề nghị 5 sao khác gửi hồ sơ "
                       "Điều 6.3.a", stage, step)
        return attrs.evolve(st, province_dossier=ev.province_dossier)
    if step is Step.EVALUATE:
        _check_evaluation(ev, kind, dossier, stage)
        if stage is Stage.CENTRAL_REPORTED:
            return attrs.evolve(st, central=ev.evaluation)
        return attrs.evolve(st, provincial=ev.evaluation)
    if step is Step.CERTIFY:
        _check_certificate(ev, kind, held, dossier, st, stage)
        return attrs.evolve(st, certificate=ev.certificate, superseded=ev.superseded)
    if step is Step.RETURN:
        assert st.central is not None
        if st.central.stars == 5:
            raise _err("five-stars-not-returned",
                       "a 5★ central result is certified by the minister, not returned",
                       "kết quả 5 sao do Bộ trưởng công nhận, không trả về tỉnh", stage, step)
    if step is Step.CLOSE and stage is Stage.PROVINCIAL_RESULT:
        assert st.provincial is not None
        stars = st.provincial.stars or 0
        if stars in CERTIFIABLE_STARS and not (
                kind is AssessmentKind.UPGRADE and held is not None and stars <= held.stars):
            raise _err("decision-due",
                       f"a {stars}★ result is certified (3★/4★) or sent to the Ministry (5★), "
                       "not closed (Điều 7.3.e)",
                       f"kết quả {stars} sao phải được công nhận hoặc đề nghị Bộ (Điều 7.3.e)",
                       stage, step)
    return st


def _check_evaluation(ev: Event, kind: AssessmentKind, dossier: ProductDossier,
                      stage: Stage | None) -> None:
    step, e = ev.step, ev.evaluation
    if e is None or ev.form is None:
        raise _err("missing-output", "a council's step carries its evaluation and its form",
                   "bước đánh giá phải có kết quả đánh giá và hình thức đánh giá", stage, step)
    a = e.assessment
    level = Level.CENTRAL if stage is Stage.CENTRAL_REPORTED else Level.PROVINCE
    if a.level is not level:
        raise _err("wrong-level", f"the council at this stage gives a {level.value} evaluation",
                   f"hội đồng ở giai đoạn này đánh giá cấp {level.value}", stage, step)
    if a.product_set != dossier.product_set or a.kind is not kind:
        raise _err("evaluation-not-of-this-case",
                   f"the evaluation is of set {a.product_set} ({a.kind.value}), the case of "
                   f"set {dossier.product_set} ({kind.value})",
                   f"kết quả đánh giá bộ {a.product_set} ({a.kind.value}) không thuộc hồ sơ "
                   f"bộ {dossier.product_set} ({kind.value})", stage, step)
    if a.assessed_on != ev.on:
        raise _err("evaluation-date", f"the evaluation is dated {a.assessed_on.isoformat()}, "
                   f"the step {ev.on.isoformat()}",
                   f"kết quả đánh giá ngày {a.assessed_on:%d/%m/%Y}, bước ngày {ev.on:%d/%m/%Y}",
                   stage, step)
    if kind is not AssessmentKind.RE_EVALUATION:
        if ev.form is not CouncilForm.MEETING:
            raise _err("meeting-required", "the council meets to evaluate (Điều 7.3.d, 7.4.d)",
                       "hội đồng tổ chức họp để đánh giá (Điều 7.3.d, 7.4.d)", stage, step)
    elif ev.form is CouncilForm.MEETING and ev.meeting_reason is None:
        raise _err("meeting-not-justified",
                   "a re-evaluation is decided by written opinions; a meeting only when "
                   "opinions differ or the matter is complex (Điều 7.6.d)",
                   "đánh giá lại bằng hình thức lấy ý kiến bằng văn bản; chỉ họp khi có nhiều "
                   "ý kiến khác nhau hoặc nội dung phức tạp (Điều 7.6.d)", stage, step)
    if ev.form is CouncilForm.WRITTEN and ev.meeting_reason is not None:
        raise _err("not-applicable", "written opinions need no reason for a meeting",
                   "lấy ý kiến bằng văn bản không cần lý do họp", stage, step)


def _check_certificate(ev: Event, kind: AssessmentKind, held: Certificate | None,
                       dossier: ProductDossier, st: State, stage: Stage | None) -> None:
    step, cert = ev.step, ev.certificate
    if cert is None:
        raise _err("missing-output", "a decision to recognise carries the certificate",
                   "quyết định công nhận phải kèm giấy chứng nhận", stage, step)
    basis = st.provincial if stage is Stage.PROVINCIAL_RESULT else st.central
    assert basis is not None
    allowed = (5,) if stage is Stage.CENTRAL_RESULT else (3, 4)
    if basis.stars not in allowed or cert.stars != basis.stars:
        raise _err("stars-mismatch",
                   f"the certificate has {cert.stars}★, the result {basis.stars}★; here only "
                   f"{'/'.join(map(str, allowed))}★ is certified",
                   f"giấy chứng nhận {cert.stars} sao, kết quả {basis.stars} sao; ở bước này "
                   f"chỉ công nhận {'/'.join(map(str, allowed))} sao", stage, step)
    if cert.decision_date != ev.on:
        raise _err("decision-date", "the certificate's decision is dated the day of the step",
                   "quyết định công nhận mang ngày của bước", stage, step)
    if dossier.product_id is not None and cert.product_id != dossier.product_id:
        raise _err("different-product", f"the certificate is for {cert.product_id}, the "
                   f"dossier for {dossier.product_id}", "giấy chứng nhận khác sản phẩm",
                   stage, step)
    if kind is AssessmentKind.UPGRADE and held is not None and cert.stars <= held.stars:
        raise _err("upgrade-not-higher",
                   f"an upgrade needs more than {held.stars}★, the result is {cert.stars}★",
                   f"nâng hạng phải cao hơn {held.stars} sao, kết quả {cert.stars} sao",
                   stage, step)
    old = ev.superseded
    if old is not None and (held is None or old.number != held.number
                            or old.superseded_by != cert.number):
        raise _err("wrong-supersession",
                   "the superseded certificate is the held one, replaced by the new one",
                   "giấy chứng nhận bị thay thế phải là giấy đang có, thay bằng giấy mới",
                   stage, step)
