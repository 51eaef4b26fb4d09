"""Who acts in the procedure, the stages a case passes through and the steps between them
(QĐ 26/2026/QĐ-TTg Điều 7; Điều 8 for revocation)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, ClassVar, Final

from ocopkit.rulesets import Citation

__all__ = ["QD26", "Actor", "LabelledEnum", "Stage", "Step", "cite"]

QD26: Final = "QĐ 26/2026/QĐ-TTg"


def cite(article: int, item: str | None = None) -> Citation:
    """A citation of 26/2026: ``cite(7, "khoản 2")`` → ``QĐ 26/2026/QĐ-TTg, Điều 7, khoản 2``."""
    return Citation(QD26, f"Điều {article}", item)


class LabelledEnum(enum.Enum):
    """An enum whose members carry a Vietnamese and an English label (set, after the
    class, as ``labels``: ``{member: (label_vi, label_en)}``)."""

    labels: ClassVar[Mapping[Any, tuple[str, str]]]

    @property
    def label_vi(self) -> str:
        """The member in Vietnamese."""
        return type(self).labels[self][0]

    @property
    def label_en(self) -> str:
        """The member in English."""
        return type(self).labels[self][1]


class Actor(LabelledEnum):
    """A party to the procedure (26/2026 Điều 6–9)."""

    SUBJECT = "subject"
    """The OCOP subject (chủ thể OCOP, Điều 2.3), who registers and supplies the dossier."""
    COMMUNE = "commune"
    """The commune People's Committee (UBND cấp xã, Điều 7.2)."""
    PROVINCE_OFFICE = "province-office"
    """The provincial OCOP management office (cơ quan tham mưu quản lý OCOP cấp tỉnh)."""
    PROVINCIAL_ADVISORY_GROUP = "provincial-advisory-group"
    """The advisory group of the provincial council (Tổ tư vấn Hội đồng cấp tỉnh, 7.3.c)."""
    PROVINCIAL_COUNCIL = "provincial-council"
    """The provincial evaluation council (Hội đồng cấp tỉnh, 7.3.d)."""
    PROVINCE_CHAIRMAN = "province-chairman"
    """The chairman of the provincial People's Committee (Chủ tịch UBND cấp tỉnh), who
    decides for the committee (7.3.e, 8.2.a)."""
    MINISTRY_OFFICE = "ministry-office"
    """The OCOP management office of the Ministry of Agriculture and Environment (7.4.a)."""
    CENTRAL_ADVISORY_GROUP = "central-advisory-group"
    """The advisory group of the central council (Tổ tư vấn Hội đồng cấp trung ương, 7.4.c)."""
    CENTRAL_COUNCIL = "central-council"
    """The central evaluation council (Hội đồng cấp trung ương, 7.4.d)."""
    MINISTER = "minister"
    """The Minister of Agriculture and Environment (Bộ trưởng, 7.4.e, 8.2.b)."""


Actor.labels = {
    Actor.SUBJECT: ("chủ thể OCOP", "the OCOP subject"),
    Actor.COMMUNE: ("UBND cấp xã", "the commune People's Committee"),
    Actor.PROVINCE_OFFICE: ("cơ quan tham mưu quản lý OCOP cấp tỉnh",
                            "the provincial OCOP office"),
    Actor.PROVINCIAL_ADVISORY_GROUP: ("Tổ tư vấn Hội đồng cấp tỉnh",
                                      "the provincial advisory group"),
    Actor.PROVINCIAL_COUNCIL: ("Hội đồng cấp tỉnh", "the provincial council"),
    Actor.PROVINCE_CHAIRMAN: ("Chủ tịch UBND cấp tỉnh",
                              "the chairman of the provincial People's Committee"),
    Actor.MINISTRY_OFFICE: ("cơ quan tham mưu quản lý OCOP của Bộ",
                            "the Ministry's OCOP office"),
    Actor.CENTRAL_ADVISORY_GROUP: ("Tổ tư vấn Hội đồng cấp trung ương",
                                   "the central advisory group"),
    Actor.CENTRAL_COUNCIL: ("Hội đồng cấp trung ương", "the central council"),
    Actor.MINISTER: ("Bộ trưởng Bộ Nông nghiệp và Môi trường",
                     "the Minister of Agriculture and Environment"),
}


class Stage(enum.Enum):
    """Where a case is (26/2026 Điều 7)."""

    AT_COMMUNE = "at-commune"
    """Received by the commune, which checks it and reports within 15 working days (7.2)."""
    PROPOSED = "proposed"
    """The commune sent its proposal and the dossier of 6.2 to the province (7.2.b)."""
    AT_PROVINCE = "at-province"
    """Received by the provincial OCOP office, which checks it (7.3.a; 7.6.c)."""
    PROVINCIAL_REVIEW = "provincial-review"
    """Reviewed by the advisory group (7.3.c) — for a re-evaluation by the office (7.6.c)."""
    PROVINCIAL_REPORTED = "provincial-reported"
    """The review report went to the chairman of the provincial council (7.3.c; 7.6.c)."""
    PROVINCIAL_RESULT = "provincial-result"
    """The provincial council evaluated; the chairman decides (7.3.d–e; 7.6.d–đ)."""
    FORWARDED = "forwarded"
    """The province sent the dossier of 6.3 to the Ministry (7.3.e; 7.6.e)."""
    AT_MINISTRY = "at-ministry"
    """Received by the Ministry's OCOP office, which checks it (7.4.a)."""
    CENTRAL_REVIEW = "central-review"
    """Reviewed by the central advisory group (7.4.c) — for a re-evaluation by the office."""
    CENTRAL_REPORTED = "central-reported"
    """The review report went to the chairman of the central council (7.4.c; 7.6.e)."""
    CENTRAL_RESULT = "central-result"
    """The central council evaluated; the minister decides (7.4.d–e)."""
    RETURNED = "returned"
    """Under 5★ at the centre: the province may certify 3★/4★ on the central result or
    evaluate again (7.4, last paragraph)."""
    CERTIFIED = "certified"
    """Decided: recognised and certified (terminal)."""
    CLOSED = "closed"
    """Decided without a certificate and notified (7.3.g; terminal)."""

    @property
    def terminal(self) -> bool:
        return self in (Stage.CERTIFIED, Stage.CLOSED)


class Step(enum.Enum):
    """A step of the procedure; :data:`ocopkit.procedure.STEP_RULES` says from which
    stage, by whom and to where."""

    SUBMIT = "submit"
    REQUEST_COMPLETION = "request-completion"
    COMPLETE = "complete"
    PROPOSE = "propose"
    RECEIVE = "receive"
    START_REVIEW = "start-review"
    REPORT = "report"
    EVALUATE = "evaluate"
    CERTIFY = "certify"
    FORWARD = "forward"
    RETURN = "return"
    REEVALUATE = "reevaluate"
    CLOSE = "close"
