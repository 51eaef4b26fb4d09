"""The grounds for revoking a certificate (QĐ 26/2026/QĐ-TTg Điều 8 khoản 1)."""

from __future__ import annotations

import enum
from typing import Final

from ocopkit.rulesets import Citation

__all__ = ["RevocationGround"]

QD26: Final = "QĐ 26/2026/QĐ-TTg"


class RevocationGround(enum.Enum):
    """The grounds for revoking a certificate, QĐ 26/2026/QĐ-TTg Điều 8 khoản 1.

    The value is the clause letter (note that ``"đ"`` and ``"d"`` are two
    different clauses).

    >>> RevocationGround("đ").label_en
    'the subject no longer produces the OCOP product'
    >>> str(RevocationGround.MARK_MISUSE.citation)
    'QĐ 26/2026/QĐ-TTg, Điều 8, khoản 1 điểm d'
    """

    FALSE_INFORMATION = "a"
    NO_LONGER_MEETS_CRITERIA = "b"
    LEGAL_VIOLATION = "c"
    MARK_MISUSE = "d"
    PRODUCTION_STOPPED = "đ"
    OTHER = "e"

    @property
    def letter(self) -> str:
        """The clause letter (``a``, ``b``, ``c``, ``d``, ``đ``, ``e``)."""
        return str(self.value)

    @property
    def label_vi(self) -> str:
        """The ground in Vietnamese (abridged from the decision)."""
        return _GROUND_LABELS[self][0]

    @property
    def label_en(self) -> str:
        """The ground in English."""
        return _GROUND_LABELS[self][1]

    @property
    def citation(self) -> Citation:
        """Where the ground is laid down."""
        return Citation(QD26, "Điều 8", f"khoản 1 điểm {self.letter}")


_GROUND_LABELS: Final[dict[RevocationGround, tuple[str, str]]] = {
    RevocationGround.FALSE_INFORMATION: (
        "chủ thể cung cấp thông tin, tài liệu không trung thực hoặc giả mạo hồ sơ",
        "the subject supplied untruthful information or forged the dossier",
    ),
    RevocationGround.NO_LONGER_MEETS_CRITERIA: (
        "sản phẩm không còn đáp ứng Bộ tiêu chí theo kết luận kiểm tra, giám sát",
        "the product no longer meets the criteria, per an inspection conclusion",
    ),
    RevocationGround.LEGAL_VIOLATION: (
        "sản phẩm vi phạm pháp luật về chất lượng, an toàn thực phẩm, môi trường, "
        "sở hữu trí tuệ, ghi nhãn hoặc quy định khác",
        "the product violates the law on quality, food safety, environment, "
        "intellectual property, labelling or other rules",
    ),
    RevocationGround.MARK_MISUSE: (
        "chủ thể sử dụng nhãn hiệu OCOP không đúng quy định, gây nhầm lẫn",
        "the subject misuses the OCOP mark, causing confusion",
    ),
    RevocationGround.PRODUCTION_STOPPED: (
        "chủ thể không còn hoạt động sản xuất sản phẩm OCOP",
        "the subject no longer produces the OCOP product",
    ),
    RevocationGround.OTHER: (
        "trường hợp khác theo kết luận và đề nghị của cơ quan nhà nước có thẩm quyền",
        "another case concluded and proposed by a competent state authority",
    ),
}
