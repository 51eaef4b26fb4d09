"""Renewals: a later certificate of the same product, issued while the earlier one is in
force (its 36 months, 26/2026 Điều 4.3, or its Điều 12.3 grace), supersedes it from its
issue day — the re-evaluation (phân hạng lại, Điều 7.6) or upgrade (nâng hạng, Điều 7.5)
gives the product its new certificate. Registries rarely record the supersession; this
rule records it, with a ``"renewal-supersedes"`` note for each, instead of reporting two
certificates in force (:attr:`CertificatePolicy.renewal_supersedes
<ocopkit.certification.CertificatePolicy.renewal_supersedes>` turns it off).

Only certificates whose issue day is known take part: with a partial date the order of
issue, and so which one supersedes which, is not established (the as-of answers then
carry both, see :mod:`ocopkit.certification._bounds`). Two certificates issued on the
same day are left as they are (and reported as overlapping).
"""

from __future__ import annotations

from datetime import date

import attrs

from ocopkit.errors import Problem

from ._certificate import Certificate
from ._policy import RenewalStage

__all__ = ["RenewalDue", "supersede_renewals"]


@attrs.frozen
class RenewalDue:
    """A certificate approaching expiry, with its re-evaluation window (26/2026 Điều 7.6.a).

    ``days_left`` counts from the query day to ``expires_on`` (the last day of
    the 36 months; negative while a Điều 12.3 extension keeps the certificate
    in force); ``days_to_window_close`` to the last day to file (negative
    once the window is missed).
    """

    certificate: Certificate
    expires_on: date
    in_force_until: date
    window_opens: date
    window_closes: date
    days_left: int
    days_to_window_close: int
    stage: RenewalStage

    @property
    def product_id(self) -> str:
        """The product whose certificate is due."""
        return self.certificate.product_id


def supersede_renewals(certs: list[Certificate], chains: dict[str, list[int]],
                       problems: list[Problem]) -> None:
    """Record the supersessions of the rule in ``certs`` (in place), noting each.

    ``chains`` lists, per product with several certificates, their positions in issue
    order.
    """
    for positions in chains.values():
        holder: int | None = None
        for i in positions:
            c = certs[i]
            if c.issued_on is None or c.last_day_in_force < c.issued_on:
                continue  # a partial date, or never in force (void on its issue day)
            if holder is not None:
                h = certs[holder]
                assert h.issued_on is not None
                if (h.superseded_by is None and h.issued_on < c.issued_on
                        and h.possibly_in_force(c.issued_on)):
                    certs[holder] = attrs.evolve(h, superseded_by=c.number,
                                                 superseded_on=c.issued_on)
                    problems.append(Problem(
                        f"$.certificates[{holder}]", "renewal-supersedes",
                        f"giấy chứng nhận {h.number!r} được thay thế bởi {c.number!r} từ ngày "
                        f"{c.issued_on:%d/%m/%Y} (cấp khi giấy cũ còn hiệu lực; QĐ 26/2026 "
                        "Điều 7.6, Điều 4.3)",
                        f"certificate {h.number!r} is superseded by {c.number!r} from "
                        f"{c.issued_on} (issued while it was in force; QĐ 26/2026 Điều 7.6, "
                        "Điều 4.3)", severity="note"))
            if holder is None or c.issued_on > (certs[holder].issued_on or c.issued_on):
                holder = i
