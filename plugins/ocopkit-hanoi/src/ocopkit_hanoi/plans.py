"""Hà Nội's OCOP tasks for 2020, as data.

Source: Thiện Tâm, “Phát triển kinh tế từ thế mạnh sản phẩm OCOP”,
thanglong.chinhphu.vn, republished 04/06/2020
(``tools/sources/seeds/001_873465a66fff10a0.txt`` in the ocopkit repository).

The Director of the Department of Agriculture and Rural Development asks
the districts to "hoàn thiện và tổ chức đánh giá, phân hạng 700 sản phẩm
trở lên" in 2020: at least 700 products evaluated. The article names no
plan document; the period is the calendar year 2020 and the adoption date
is the article's.

**"Evaluated"** is measured by ``products-evaluated``: distinct products with
an evaluation in 2020, from evaluation events when supplied, else from
certificates (``evaluated_on``, or ``issued_on``). Products rated 1–2★ get
no certificate, so a portfolio alone gives a lower bound.

Other tasks in the article carry no number (e.g. completing the dossiers of
potential 5★ products before August 2020) and are not recorded as targets.
The article's "301 sản phẩm của 75 chủ thể … tham gia dự thi" is recorded
as a reported figure; it is undated and read as the 2019 round.

This module imports nothing but :mod:`ocopkit`, so that it can be loaded by
path (see :func:`ocopkit.samples.sample_plans`).
"""

from __future__ import annotations

from datetime import date

from ocopkit.plugins import Citation, Plan, Reported, Target, quoted

__all__ = ["ARTICLE", "plans"]

#: The article the data is taken from.
ARTICLE = (
    "Thiện Tâm, “Phát triển kinh tế từ thế mạnh sản phẩm OCOP”, thanglong.chinhphu.vn, "
    "04/06/2020"
)

_TARGET = (
    "Ngoài ra, các địa phương cần tiếp tục chỉ đạo, hỗ trợ các chủ thể nâng cấp những sản phẩm "
    "đã được đánh giá, phân hạng năm 2019 để dự thi nâng sao; hoàn thiện và tổ chức đánh giá, "
    "phân hạng 700 sản phẩm trở lên."
)
_ENTRIES = (
    "với 301 sản phẩm của75 chủ thể là Doanh nghiệp, HTX và hộ kinh doanh tham gia dự thi "
    "với1.803 lao động tham gia trực tiếp tạo ra các sản phẩm dự thi"
)
_ENTRIES_NOTE = ("undated in the article (June 2020); read as the 2019 evaluation round. "
                 "'của75' and 'với1.803' are the source's spacing")


def plans() -> tuple[Plan, ...]:
    """The Hà Nội 2020 tasks (one plan)."""
    return (
        Plan(
            id="vn-01-ocop-2020",
            province="Hà Nội",
            name_vi="Nhiệm vụ Chương trình OCOP Thành phố Hà Nội năm 2020",
            name_en="Hà Nội OCOP tasks for 2020",
            period_start=date(2020, 1, 1),
            period_end=date(2020, 12, 31),
            adopted_on=date(2020, 6, 4),
            source=Citation(ARTICLE),
            targets=(
                Target.minimum(
                    "products-evaluated", 700, unit="products",
                    label_vi="Sản phẩm được đánh giá, phân hạng",
                    label_en="Products evaluated and rated",
                    indicator="products-evaluated",
                    citation=quoted(ARTICLE, _TARGET, "mục “Đánh giá, phân hạng 700 sản phẩm "
                                                      "OCOP”"),
                ),
            ),
            reported=(
                Reported(
                    id="entries-2019", value=301, as_of=date(2019, 12, 31),
                    period_start=date(2019, 1, 1),
                    label_vi="Sản phẩm tham gia dự thi", label_en="Products entered",
                    indicator="products-evaluated", citation=quoted(ARTICLE, _ENTRIES),
                    note=_ENTRIES_NOTE,
                ),
                Reported(
                    id="subjects-2019", value=75, as_of=date(2019, 12, 31), unit="subjects",
                    label_vi="Chủ thể có sản phẩm dự thi", label_en="Subjects with entries",
                    indicator="subjects", parameters={"basis": "recognised"},
                    citation=quoted(ARTICLE, _ENTRIES), note=_ENTRIES_NOTE,
                ),
            ),
            note="the article names no plan document",
        ),
    )
