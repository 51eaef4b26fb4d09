"""<Province>'s OCOP plans, as data.

Source: <the plan document or the article that states its targets>.

One :class:`~ocopkit.plugins.Plan` per plan document (a period, the province
*as named when the plan was made*, the source), each with the
:class:`~ocopkit.plugins.Target`s it commits to, every target quoting its
sentence (:func:`~ocopkit.plugins.quoted`), and the figures the source reports
as achieved (:class:`~ocopkit.plugins.Reported`). Read "Xây dựng 45 …" as a
minimum, "từ 80 - 130" as a range, "hơn 200" as a strict minimum; a target no
portfolio can measure (fairs, training) has ``indicator=None``.
``examples.example_plan()`` is a complete one.

This module imports nothing but :mod:`ocopkit`, so that it can be loaded by
path.
"""

from __future__ import annotations

from ocopkit.plugins import Plan

__all__ = ["plans"]


def plans() -> tuple[Plan, ...]:
    """The province's plans (none until the source is transcribed)."""
    return ()
