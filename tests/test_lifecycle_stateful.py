"""Stateful test of certificate lifecycles: issue → upgrade → re-evaluate → revoke → expire.

A hypothesis :class:`RuleBasedStateMachine` moves a calendar forward across
all four regimes (2019 → 2030s) and applies legal transitions to a few
products, also trying illegal ones, which must be refused. After every step
the whole history is loaded into a :class:`Portfolio` (which must accept it:
a legal history never has two certificates of one product in force on the
same day) and every as-of query is compared with a naive filter.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
)

from ocopkit import rulesets
from ocopkit.certification import (
    DEFAULT_POLICY,
    Certificate,
    CertificateStatus,
    Portfolio,
    RevocationGround,
)
from ocopkit.errors import CertificateError
from ocopkit.products import Product, Subject, SubjectKind
from ocopkit.rulesets import CERTIFIABLE_STARS

SUBJECTS = (
    Subject("s1", "HTX Mẫu", SubjectKind.COOPERATIVE, "06@63"),
    Subject("s2", "Hộ Mẫu", SubjectKind.HOUSEHOLD, "19@34"),
)
PRODUCTS = (
    Product("p1", "Miến dong Mẫu", 6, "s1", "06@63"),
    Product("p2", "Chè Mẫu", 11, "s1", "06@63"),
    Product("p3", "Rượu Mẫu", 14, "s2", "19@34"),
)
PRODUCT_IDS = tuple(p.id for p in PRODUCTS)

products_st = st.sampled_from(PRODUCT_IDS)
stars_st = st.sampled_from(CERTIFIABLE_STARS)


def naive_in_force(certs: list[Certificate], on: date) -> list[str]:
    return [c.number for c in certs if c.status(on).in_force]


def naive_lapsed(certs: list[Certificate], on: date) -> list[str]:
    out = []
    for pid in PRODUCT_IDS:
        issued = [c for c in certs if c.product_id == pid and c.issued_on <= on]
        if not issued:
            continue
        latest = max(issued, key=lambda c: (c.issued_on, c.number))
        if latest.status(on) is CertificateStatus.EXPIRED:
            out.append(latest.number)
    return out


@settings(deadline=None)
class LifecycleMachine(RuleBasedStateMachine):
    """The model is the list of certificate records, in issue order."""

    def __init__(self) -> None:
        super().__init__()
        self.today = date(2019, 9, 1)
        self.certs: list[Certificate] = []
        self.serial = 0

    # ------------------------------------------------------------------ helpers

    def _current(self, product_id: str) -> Certificate | None:
        found = [c for c in self.certs if c.product_id == product_id and c.in_force(self.today)]
        assert len(found) <= 1
        return found[0] if found else None

    def _latest(self, product_id: str) -> Certificate | None:
        own = [c for c in self.certs if c.product_id == product_id]
        return max(own, key=lambda c: (c.issued_on, c.number)) if own else None

    def _replace(self, old: Certificate, new: Certificate) -> None:
        self.certs[self.certs.index(old)] = new

    def _issue(self, product_id: str, stars: int) -> Certificate:
        self.serial += 1
        ruleset = rulesets.for_date(self.today)
        return Certificate.issue(
            number=f"C{self.serial:04d}",
            product_id=product_id,
            stars=stars,
            decision_number=f"{self.serial}/QĐ",
            decision_date=self.today,
            authority=ruleset.authority_for(stars, self.today),
            ruleset_id=ruleset.id,
            evaluated_on=self.today - timedelta(days=10),
            evaluation_ref=f"eval-{self.serial}",
        )

    # ------------------------------------------------------------------ rules

    @initialize(start=st.integers(min_value=0, max_value=2500))
    def start(self, start: int) -> None:
        self.today += timedelta(days=start)

    @rule(days=st.integers(min_value=1, max_value=500))
    def advance(self, days: int) -> None:
        self.today += timedelta(days=days)

    @rule(
        product_id=products_st,
        where=st.sampled_from(["window", "last-day", "after-expiry"]),
        offset=st.integers(min_value=0, max_value=180),
    )
    def jump(self, product_id: str, where: str, offset: int) -> None:
        """Move to a significant day of the product's current certificate."""
        cert = self._current(product_id)
        if cert is None:
            return
        day = {
            "window": cert.valid_until - timedelta(days=offset),
            "last-day": cert.last_day_in_force,
            "after-expiry": cert.last_day_in_force + timedelta(days=1 + offset),
        }[where]
        if day > self.today:
            self.today = day

    @rule(product_id=products_st, stars=stars_st)
    def issue(self, product_id: str, stars: int) -> None:
        if self._current(product_id) is not None:
            return
        latest = self._latest(product_id)
        if latest is not None and latest.issued_on > self.today:  # pragma: no cover
            return
        self.certs.append(self._issue(product_id, stars))
        event("issued")

    @rule(product_id=products_st, data=st.data())
    def upgrade(self, product_id: str, data: st.DataObject) -> None:
        old = self._current(product_id)
        if old is None or old.stars == 5:
            return
        stars = data.draw(st.integers(min_value=old.stars + 1, max_value=5))
        new = self._issue(product_id, stars)
        self._replace(old, old.upgrade(new))
        event("upgraded")
        self.certs.append(new)

    @rule(product_id=products_st, stars=stars_st)
    def reevaluate(self, product_id: str, stars: int) -> None:
        old = self._current(product_id)
        if old is None:
            return
        new = self._issue(product_id, stars)
        opens, _ = DEFAULT_POLICY.renewal_window(old)
        if self.today < opens:
            with pytest.raises(CertificateError) as exc:
                old.reevaluate(new)
            assert exc.value.code == "reevaluate-too-early"
            return
        self._replace(old, old.reevaluate(new))
        event("re-evaluated")
        self.certs.append(new)

    @rule(product_id=products_st, ground=st.sampled_from(list(RevocationGround)))
    def revoke(self, product_id: str, ground: RevocationGround) -> None:
        old = self._current(product_id)
        if old is None:
            return
        revoked = old.revoke(self.today, ground, "stateful")
        assert not revoked.in_force(self.today)
        self._replace(old, revoked)
        event("revoked")

    @rule(product_id=products_st, days=st.integers(min_value=1, max_value=200))
    def extend(self, product_id: str, days: int) -> None:
        latest = self._latest(product_id)
        if latest is None or latest.revoked_on is not None or latest.superseded_on is not None:
            return
        until = latest.valid_until + timedelta(days=days)
        if not DEFAULT_POLICY.caught_by_transition(latest):
            with pytest.raises(CertificateError) as exc:
                latest.extend_for_transition(until)
            assert exc.value.code == "not-transitional"
            return
        if days > DEFAULT_POLICY.transition_grace_days:
            with pytest.raises(CertificateError) as exc:
                latest.extend_for_transition(until)
            assert exc.value.code == "extension-too-long"
            return
        self._replace(latest, latest.extend_for_transition(until))
        event("extended (Điều 12.3)")

    @rule(data=st.data())
    def illegal_moves_are_refused(self, data: st.DataObject) -> None:
        if not self.certs:
            return
        cert = data.draw(st.sampled_from(self.certs))
        if not cert.in_force(self.today):
            with pytest.raises(CertificateError) as exc:
                cert.revoke(self.today, RevocationGround.OTHER)
            assert exc.value.code in {"already-revoked", "already-superseded", "expired",
                                      "before-issue"}
        else:
            same = Certificate(
                number="ZZZ", product_id=cert.product_id, stars=cert.stars,
                decision_number="0", decision_date=self.today, authority=cert.authority,
                ruleset_id=cert.ruleset_id, issued_on=self.today,
                valid_until=DEFAULT_POLICY.valid_until(self.today),
            )
            with pytest.raises(CertificateError) as exc:
                cert.upgrade(same)
            assert exc.value.code == "upgrade-not-higher"
        with pytest.raises(CertificateError):
            cert.revoke(cert.issued_on - timedelta(days=1), RevocationGround.OTHER)

    # ------------------------------------------------------------------ invariants

    def _checkpoints(self) -> list[date]:
        days = {self.today, date(2019, 8, 31)}
        for c in self.certs:
            for d in (c.issued_on, c.valid_until, c.last_day_in_force,
                      c.revoked_on, c.superseded_on, c.extended_until):
                if d is not None:
                    days.update((d - timedelta(days=1), d, d + timedelta(days=1)))
        return sorted(days)

    @invariant()
    def never_valid_outside_its_life(self) -> None:
        for c in self.certs:
            assert not c.in_force(c.issued_on - timedelta(days=1))
            assert c.status(c.issued_on - timedelta(days=1)) is CertificateStatus.NOT_YET_VALID
            end = c.extended_until or c.valid_until
            assert not c.in_force(end + timedelta(days=1))
            if c.revoked_on is not None:
                assert not c.in_force(c.revoked_on)
                assert c.status(c.revoked_on) is CertificateStatus.REVOKED
            if c.superseded_on is not None:
                assert not c.in_force(c.superseded_on)
            if c.revoked_on is None and c.superseded_on is None:
                assert c.in_force(c.issued_on)
                assert c.in_force(c.valid_until)
                assert c.status(c.valid_until + timedelta(days=1)) in (
                    CertificateStatus.EXTENDED, CertificateStatus.EXPIRED)

    @invariant()
    def portfolio_agrees_with_a_naive_filter(self) -> None:
        portfolio = Portfolio.build(PRODUCTS, SUBJECTS, self.certs)  # legal ⇒ no overlap
        for on in self._checkpoints():
            expected = naive_in_force(self.certs, on)
            assert [c.number for c in portfolio.in_force(on)] == expected
            for stars in CERTIFIABLE_STARS:
                assert [c.number for c in portfolio.in_force(on, stars=stars)] == [
                    c.number for c in self.certs if c.status(on).in_force and c.stars == stars]
            assert len(portfolio.in_force(on, province="Bắc Kạn")) == len(
                [c for c in self.certs if c.in_force(on) and c.product_id in ("p1", "p2")])
            for pid in PRODUCT_IDS:
                owners = [c for c in self.certs if c.product_id == pid and c.in_force(on)]
                assert len(owners) <= 1
                assert portfolio.certificate_in_force(pid, on) == (owners[0] if owners else None)
            assert [c.number for c in portfolio.lapsed_without_reevaluation(on)] == (
                naive_lapsed(self.certs, on))

    @invariant()
    def superseded_certificates_hand_over_without_a_gap(self) -> None:
        by_number = {c.number: c for c in self.certs}
        for c in self.certs:
            if c.superseded_by is not None:
                successor = by_number[c.superseded_by]
                assert successor.product_id == c.product_id
                assert successor.issued_on == c.superseded_on
                if c.issued_on < successor.issued_on:
                    day_before = successor.issued_on - timedelta(days=1)
                    assert c.in_force(day_before)
                assert successor.in_force(successor.issued_on) or (
                    successor.revoked_on == successor.issued_on
                    or successor.superseded_on == successor.issued_on)


TestLifecycle = pytest.mark.property(LifecycleMachine.TestCase)
