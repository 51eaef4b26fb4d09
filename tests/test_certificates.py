"""Certificates: validity arithmetic, issuing rules, statuses and transitions."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocopkit.certification import (
    DEFAULT_POLICY,
    Certificate,
    CertificatePolicy,
    CertificateStatus,
    RenewalStage,
    RevocationGround,
    period_end,
)
from ocopkit.errors import CertificateError, OcopError, ValidationError
from ocopkit.rulesets import (
    CERTIFIABLE_STARS,
    DISTRICT,
    MINISTRY_MAE,
    MINISTRY_MARD,
    PROVINCE,
    Authority,
    AuthorityLevel,
)

D = date
JULY_2026 = D(2026, 7, 1)


def make(
    *,
    number: str = "GCN-1",
    product_id: str = "P-1",
    stars: int = 3,
    issued_on: date = JULY_2026,
    ruleset_id: str = "vn-qd-26-2026",
    authority: Authority = PROVINCE,
    **kwargs: object,
) -> Certificate:
    """Issue a certificate under the rules (decision date = issue date)."""
    return Certificate.issue(
        number=number,
        product_id=product_id,
        stars=stars,
        decision_number=f"{number}/QĐ",
        decision_date=issued_on,
        authority=authority,
        ruleset_id=ruleset_id,
        **kwargs,  # type: ignore[arg-type]
    )


def legacy(valid_until: date, *, number: str = "OLD-1", stars: int = 4) -> Certificate:
    """A 148-era record loaded as issued (no rule checks), ending on ``valid_until``."""
    issued = valid_until.replace(year=valid_until.year - 3)
    return Certificate(
        number=number, product_id="P-1", stars=stars, decision_number="1/QĐ-UBND",
        decision_date=issued, authority=PROVINCE, ruleset_id="vn-qd-148-2023",
        issued_on=issued, valid_until=valid_until,
    )


def code_of(exc: pytest.ExceptionInfo[CertificateError]) -> str:
    return exc.value.code


# --------------------------------------------------------------------------- validity


class TestValidity:
    @pytest.mark.parametrize(
        ("issued", "until"),
        [
            (D(2025, 6, 19), D(2028, 6, 19)),  # real record (Lâm Đồng data)
            (D(2023, 2, 28), D(2026, 2, 28)),  # end of February, non-leap to non-leap
            (D(2024, 2, 29), D(2027, 2, 28)),  # leap day: no 29 Feb in 2027
            (D(2025, 2, 28), D(2028, 2, 28)),  # NOT moved to 29 Feb 2028
            (D(2023, 1, 31), D(2026, 1, 31)),
            (D(2023, 5, 31), D(2026, 5, 31)),
            (D(2025, 8, 31), D(2028, 8, 31)),
            (D(2025, 12, 31), D(2028, 12, 31)),
            (D(2026, 1, 1), D(2029, 1, 1)),
        ],
    )
    def test_valid_until_is_same_calendar_date_36_months_later(
        self, issued: date, until: date
    ) -> None:
        assert DEFAULT_POLICY.valid_until(issued) == until

    def test_month_end_clamping_with_a_short_period(self) -> None:
        one_month = CertificatePolicy(validity_months=1)
        assert one_month.valid_until(D(2024, 1, 31)) == D(2024, 2, 29)
        assert one_month.valid_until(D(2023, 1, 31)) == D(2023, 2, 28)
        assert one_month.valid_until(D(2024, 3, 31)) == D(2024, 4, 30)

    def test_exclusive_policy_ends_the_day_before(self) -> None:
        excl = CertificatePolicy(last_day_inclusive=False)
        assert excl.valid_until(D(2025, 6, 19)) == D(2028, 6, 18)
        assert excl.valid_until(D(2024, 2, 29)) == D(2027, 2, 27)
        assert excl.valid_until(D(2023, 3, 1)) == D(2026, 2, 28)

    def test_last_day_is_inclusive(self) -> None:
        cert = make(issued_on=D(2026, 7, 1))
        assert cert.valid_until == D(2029, 7, 1)
        assert cert.status(D(2029, 7, 1)) is CertificateStatus.VALID
        assert cert.in_force(D(2029, 7, 1))
        assert cert.status(D(2029, 7, 2)) is CertificateStatus.EXPIRED
        assert not cert.in_force(D(2029, 7, 2))

    def test_issue_uses_the_given_policy(self) -> None:
        cert = make(issued_on=D(2026, 7, 1), policy=CertificatePolicy(last_day_inclusive=False))
        assert cert.valid_until == D(2029, 6, 30)

    def test_issue_day_is_first_day_in_force(self) -> None:
        cert = make(issued_on=D(2026, 7, 1))
        assert cert.status(D(2026, 6, 30)) is CertificateStatus.NOT_YET_VALID
        assert cert.status(D(2026, 7, 1)) is CertificateStatus.VALID

    @pytest.mark.property
    @settings(deadline=None)
    @given(st.dates(min_value=D(2019, 1, 1), max_value=D(2040, 12, 31)))
    def test_36_months_is_1095_or_1096_days(self, issued: date) -> None:
        until = DEFAULT_POLICY.valid_until(issued)
        assert (until - issued).days in (1095, 1096)
        assert until.month == issued.month
        assert until.day == issued.day or (issued.month, issued.day, until.day) == (2, 29, 28)

    @pytest.mark.property
    @settings(deadline=None)
    @given(
        st.dates(min_value=D(2019, 1, 1), max_value=D(2040, 12, 31)),
        st.integers(min_value=1, max_value=400),
    )
    def test_valid_until_is_monotone(self, issued: date, gap: int) -> None:
        later = issued + timedelta(days=gap)
        assert DEFAULT_POLICY.valid_until(issued) <= DEFAULT_POLICY.valid_until(later)

    def test_policy_validation(self) -> None:
        with pytest.raises(ValueError, match="renewal_closes_days"):
            CertificatePolicy(renewal_opens_days=100, renewal_closes_days=120)
        with pytest.raises(ValueError, match="validity_months"):
            CertificatePolicy(validity_months=0)
        with pytest.raises(ValueError, match="transition_grace_days"):
            CertificatePolicy(transition_grace_days=-1)

    def test_policy_is_frozen(self) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            DEFAULT_POLICY.validity_months = 12  # type: ignore[misc]


# --------------------------------------------------------------------------- renewal window


class TestRenewalWindow:
    def test_window_dates(self) -> None:
        cert = make(issued_on=D(2026, 7, 1))  # valid until 2029-07-01
        opens, closes = DEFAULT_POLICY.renewal_window(cert)
        assert opens == D(2029, 7, 1) - timedelta(days=180) == D(2029, 1, 2)
        assert closes == D(2029, 7, 1) - timedelta(days=120) == D(2029, 3, 3)

    def test_day_180_and_day_120_are_inside(self) -> None:
        cert = make(issued_on=D(2026, 7, 1))
        expiry = cert.valid_until
        inside = DEFAULT_POLICY.in_renewal_window
        assert not inside(cert, expiry - timedelta(days=181))
        assert inside(cert, expiry - timedelta(days=180))
        assert inside(cert, expiry - timedelta(days=150))
        assert inside(cert, expiry - timedelta(days=120))
        assert not inside(cert, expiry - timedelta(days=119))

    def test_stages(self) -> None:
        cert = make(issued_on=D(2026, 7, 1))
        expiry = cert.valid_until
        stage = DEFAULT_POLICY.renewal_stage
        assert stage(cert, expiry - timedelta(days=181)) is RenewalStage.BEFORE_WINDOW
        assert stage(cert, expiry - timedelta(days=180)) is RenewalStage.WINDOW_OPEN
        assert stage(cert, expiry - timedelta(days=120)) is RenewalStage.WINDOW_OPEN
        assert stage(cert, expiry - timedelta(days=119)) is RenewalStage.WINDOW_CLOSED

    def test_window_across_a_leap_day(self) -> None:
        cert = make(issued_on=D(2025, 3, 1), ruleset_id="vn-qd-148-2023", authority=DISTRICT)
        assert cert.valid_until == D(2028, 3, 1)  # 2028 is a leap year
        opens, closes = DEFAULT_POLICY.renewal_window(cert)
        assert (cert.valid_until - opens).days == 180
        assert (cert.valid_until - closes).days == 120
        assert opens == D(2027, 9, 3)
        assert closes == D(2027, 11, 2)

    def test_notice_deadline_under_148(self) -> None:
        cert = legacy(D(2026, 3, 1))
        assert DEFAULT_POLICY.notice_deadline(cert) == D(2026, 1, 30)

    def test_custom_window(self) -> None:
        policy = CertificatePolicy(renewal_opens_days=90, renewal_closes_days=30)
        cert = make(issued_on=D(2026, 7, 1))
        assert policy.renewal_window(cert) == (D(2029, 4, 2), D(2029, 6, 1))


# --------------------------------------------------------------------------- issuing


class TestIssue:
    @pytest.mark.parametrize("stars", [1, 2])
    def test_one_and_two_stars_are_not_certified(self, stars: int) -> None:
        with pytest.raises(CertificateError) as exc:
            make(stars=stars)
        assert code_of(exc) == "stars-not-certifiable"
        assert "Điều 4.1.a" in exc.value.message_en
        assert "sao" in exc.value.message_vi

    @pytest.mark.parametrize("stars", [0, 6, -3, True])
    def test_out_of_range_stars(self, stars: int) -> None:
        with pytest.raises(CertificateError) as exc:
            make(stars=stars)
        assert code_of(exc) == "stars-not-certifiable"

    @pytest.mark.parametrize("stars", [3, 4])
    def test_province_certifies_three_and_four_stars(self, stars: int) -> None:
        assert make(stars=stars).stars == stars

    def test_ministry_certifies_five_stars(self) -> None:
        cert = make(stars=5, authority=MINISTRY_MAE)
        assert cert.authority == MINISTRY_MAE
        assert CERTIFIABLE_STARS == (3, 4, 5)

    def test_province_cannot_certify_five_stars(self) -> None:
        with pytest.raises(CertificateError) as exc:
            make(stars=5, authority=PROVINCE)
        assert code_of(exc) == "authority-not-competent"
        assert "Ministry of Agriculture and Environment" in exc.value.message_en

    def test_old_ministry_name_is_not_competent_after_the_merger(self) -> None:
        with pytest.raises(CertificateError) as exc:
            make(stars=5, authority=MINISTRY_MARD)
        assert code_of(exc) == "authority-not-competent"
        # but it was, under 148 before the ministries merged (2025-03-01)
        cert = make(stars=5, authority=MINISTRY_MARD, ruleset_id="vn-qd-148-2023",
                    issued_on=D(2024, 9, 1))
        assert cert.authority is MINISTRY_MARD
        with pytest.raises(CertificateError):
            make(stars=5, authority=MINISTRY_MARD, ruleset_id="vn-qd-148-2023",
                 issued_on=D(2025, 4, 1))

    def test_district_certified_three_stars_under_148_only(self) -> None:
        cert = make(stars=3, authority=DISTRICT, ruleset_id="vn-qd-148-2023",
                    issued_on=D(2024, 5, 7))
        assert cert.valid_until == D(2027, 5, 7)
        with pytest.raises(CertificateError) as exc:
            make(stars=3, authority=PROVINCE, ruleset_id="vn-qd-148-2023",
                 issued_on=D(2024, 5, 7))
        assert code_of(exc) == "authority-not-competent"
        with pytest.raises(CertificateError) as exc:
            make(stars=3, authority=DISTRICT, ruleset_id="vn-qd-148-1489-2025",
                 issued_on=D(2025, 8, 1))
        assert code_of(exc) == "authority-not-competent"

    def test_a_named_provincial_committee_stands_for_the_province(self) -> None:
        lam_dong = Authority("ubnd-lam-dong", AuthorityLevel.PROVINCE,
                             "UBND tỉnh Lâm Đồng", "Lâm Đồng Provincial People's Committee")
        assert make(stars=4, authority=lam_dong).authority is lam_dong
        other_ministry = Authority("ministry-x", AuthorityLevel.CENTRAL, "Bộ X", "Ministry X")
        with pytest.raises(CertificateError):
            make(stars=5, authority=other_ministry)

    def test_unknown_ruleset(self) -> None:
        with pytest.raises(CertificateError) as exc:
            make(ruleset_id="vn-qd-26-2062")
        assert code_of(exc) == "unknown-ruleset"
        assert "vn-qd-26-2026" in exc.value.message_en  # the suggestion

    def test_ruleset_not_in_force(self) -> None:
        with pytest.raises(CertificateError) as exc:
            make(ruleset_id="vn-qd-1048-2019", issued_on=D(2024, 1, 10))
        assert code_of(exc) == "ruleset-not-in-force"
        with pytest.raises(CertificateError) as exc:
            make(ruleset_id="vn-qd-26-2026", issued_on=D(2026, 5, 21))
        assert code_of(exc) == "ruleset-not-in-force"

    def test_transitional_provision_keeps_the_old_ruleset_alive(self) -> None:
        # 26/2026 Điều 12.2.a: pending dossiers finish under the old rules within 60 days.
        cert = make(ruleset_id="vn-qd-148-1489-2025", issued_on=D(2026, 7, 21))
        assert cert.ruleset_id == "vn-qd-148-1489-2025"
        with pytest.raises(CertificateError) as exc:
            make(ruleset_id="vn-qd-148-1489-2025", issued_on=D(2026, 7, 22))
        assert code_of(exc) == "ruleset-not-in-force"

    def test_dates_must_follow_evaluation_and_decision(self) -> None:
        base = {
            "number": "N", "product_id": "P", "stars": 4, "decision_number": "1/QĐ",
            "authority": PROVINCE, "ruleset_id": "vn-qd-26-2026",
        }
        with pytest.raises(CertificateError) as exc:
            Certificate.issue(**base, decision_date=D(2026, 8, 1),  # type: ignore[arg-type]
                              issued_on=D(2026, 7, 31))
        assert code_of(exc) == "issued-before-decision"
        with pytest.raises(CertificateError) as exc:
            Certificate.issue(**base, decision_date=D(2026, 8, 1),  # type: ignore[arg-type]
                              evaluated_on=D(2026, 8, 2))
        assert code_of(exc) == "issued-before-evaluation"
        with pytest.raises(CertificateError) as exc:
            Certificate.issue(**base, decision_date=D(2026, 8, 1),  # type: ignore[arg-type]
                              issued_on=D(2026, 8, 10), evaluated_on=D(2026, 8, 5))
        assert code_of(exc) == "decided-before-evaluation"
        ok = Certificate.issue(**base, decision_date=D(2026, 8, 1),  # type: ignore[arg-type]
                               issued_on=D(2026, 8, 3), evaluated_on=D(2026, 7, 20),
                               evaluation_ref="sha256:abc")
        assert (ok.issued_on, ok.valid_until) == (D(2026, 8, 3), D(2029, 8, 3))
        assert ok.evaluation_ref == "sha256:abc"
        assert ok.evaluated_on == D(2026, 7, 20)

    def test_error_is_bilingual_value_error(self) -> None:
        with pytest.raises(ValueError, match=" / ") as exc:
            make(stars=2)
        assert isinstance(exc.value, OcopError)


# --------------------------------------------------------------------------- constructor


class TestConstructor:
    def test_structural_invariants(self) -> None:
        good = make()
        cases = {
            "valid-until-before-issue": {"valid_until": good.issued_on - timedelta(days=1)},
            "revocation-incomplete": {"revoked_on": D(2027, 1, 1)},
            "supersession-incomplete": {"superseded_by": "X"},
            "before-issue": {"revoked_on": D(2026, 1, 1),
                             "revocation_ground": RevocationGround.OTHER},
            "extension-not-after-expiry": {"extended_until": good.valid_until},
            "empty-field": {"number": "  "},
            "stars-not-certifiable": {"stars": 2},
        }
        for code, changes in cases.items():
            with pytest.raises(CertificateError) as exc:
                attrs.evolve(good, **changes)  # type: ignore[arg-type]
            assert code_of(exc) == code, code

    def test_frozen(self) -> None:
        cert = make()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            cert.stars = 5  # type: ignore[misc]

    def test_keyword_only(self) -> None:
        with pytest.raises(TypeError):
            Certificate("N", "P", 3)  # type: ignore[call-arg]


# --------------------------------------------------------------------------- grounds


class TestRevocationGround:
    def test_six_grounds_of_article_8(self) -> None:
        assert [g.letter for g in RevocationGround] == ["a", "b", "c", "d", "đ", "e"]
        for g in RevocationGround:
            assert g.label_vi
            assert g.label_en
            assert str(g.citation) == f"QĐ 26/2026/QĐ-TTg, Điều 8, khoản 1 điểm {g.letter}"

    def test_d_and_dd_are_distinct(self) -> None:
        assert RevocationGround("d") is RevocationGround.MARK_MISUSE
        assert RevocationGround("đ") is RevocationGround.PRODUCTION_STOPPED


# --------------------------------------------------------------------------- transitions


class TestRevoke:
    def test_revoke_returns_a_new_object(self) -> None:
        cert = make()
        revoked = cert.revoke(D(2027, 3, 1), RevocationGround.LEGAL_VIOLATION, "ATTP")
        assert cert.revoked_on is None
        assert revoked.revoked_on == D(2027, 3, 1)
        assert revoked.revocation_ground is RevocationGround.LEGAL_VIOLATION
        assert revoked.revocation_note == "ATTP"
        assert revoked.status(D(2027, 2, 28)) is CertificateStatus.VALID
        assert revoked.status(D(2027, 3, 1)) is CertificateStatus.REVOKED
        assert revoked.status(D(2030, 1, 1)) is CertificateStatus.REVOKED
        assert revoked.last_day_in_force == D(2027, 2, 28)

    def test_revoke_by_letter(self) -> None:
        revoked = make().revoke(D(2027, 3, 1), "đ")
        assert revoked.revocation_ground is RevocationGround.PRODUCTION_STOPPED

    def test_unknown_ground(self) -> None:
        with pytest.raises(CertificateError) as exc:
            make().revoke(D(2027, 3, 1), "g")
        assert code_of(exc) == "unknown-ground"

    def test_revoke_on_issue_day_means_never_in_force(self) -> None:
        cert = make().revoke(D(2026, 7, 1), RevocationGround.FALSE_INFORMATION)
        assert not cert.in_force(D(2026, 7, 1))
        assert cert.last_day_in_force < cert.issued_on

    @pytest.mark.parametrize(
        ("when", "code"),
        [(D(2026, 6, 30), "before-issue"), (D(2029, 7, 2), "expired")],
    )
    def test_refused_outside_validity(self, when: date, code: str) -> None:
        with pytest.raises(CertificateError) as exc:
            make().revoke(when, RevocationGround.OTHER)
        assert code_of(exc) == code

    def test_refused_when_already_revoked_or_superseded(self) -> None:
        cert = make()
        revoked = cert.revoke(D(2027, 1, 1), RevocationGround.OTHER)
        with pytest.raises(CertificateError) as exc:
            revoked.revoke(D(2027, 2, 1), RevocationGround.OTHER)
        assert code_of(exc) == "already-revoked"
        superseded = cert.supersede("GCN-2", D(2027, 1, 1))
        with pytest.raises(CertificateError) as exc:
            superseded.revoke(D(2026, 12, 1), RevocationGround.OTHER)
        assert code_of(exc) == "already-superseded"


class TestUpgradeAndReevaluate:
    def test_upgrade(self) -> None:
        old = make(stars=3)
        new = make(number="GCN-2", stars=4, issued_on=D(2027, 9, 1))
        done = old.upgrade(new)
        assert (done.superseded_by, done.superseded_on) == ("GCN-2", D(2027, 9, 1))
        assert done.status(D(2027, 8, 31)) is CertificateStatus.VALID
        assert done.status(D(2027, 9, 1)) is CertificateStatus.SUPERSEDED
        assert not done.in_force(D(2027, 9, 1))
        assert new.in_force(D(2027, 9, 1))
        assert old.superseded_by is None  # untouched

    @pytest.mark.parametrize("stars", [3, 4])
    def test_upgrade_needs_more_stars(self, stars: int) -> None:
        old = make(stars=4)
        new = make(number="GCN-2", stars=stars, issued_on=D(2027, 9, 1))
        with pytest.raises(CertificateError) as exc:
            old.upgrade(new)
        assert code_of(exc) == "upgrade-not-higher"

    def test_upgrade_refusals(self) -> None:
        old = make(stars=3)
        other = make(number="GCN-2", product_id="P-2", stars=4, issued_on=D(2027, 1, 1))
        with pytest.raises(CertificateError) as exc:
            old.upgrade(other)
        assert code_of(exc) == "different-product"
        same = make(number="GCN-1", stars=4, issued_on=D(2027, 1, 1))
        with pytest.raises(CertificateError) as exc:
            old.upgrade(same)
        assert code_of(exc) == "same-number"
        late = make(number="GCN-3", stars=4, issued_on=D(2029, 8, 1))
        with pytest.raises(CertificateError) as exc:
            old.upgrade(late)
        assert code_of(exc) == "expired"
        early = attrs.evolve(late, issued_on=D(2026, 1, 1), decision_date=D(2026, 1, 1))
        with pytest.raises(CertificateError) as exc:
            old.upgrade(early)
        assert code_of(exc) == "before-issue"

    def test_reevaluation_may_keep_or_lower_stars(self) -> None:
        old = make(stars=4)  # valid until 2029-07-01, window opens 2029-01-02
        same = make(number="GCN-2", stars=4, issued_on=D(2029, 5, 1))
        lower = make(number="GCN-3", stars=3, issued_on=D(2029, 7, 1))
        assert old.reevaluate(same).superseded_by == "GCN-2"
        assert old.reevaluate(lower).superseded_on == D(2029, 7, 1)

    def test_reevaluation_window_boundary(self) -> None:
        old = make(stars=4)
        opens, _ = DEFAULT_POLICY.renewal_window(old)
        on_time = make(number="GCN-2", stars=4, issued_on=opens)
        assert old.reevaluate(on_time).superseded_on == opens
        too_early = make(number="GCN-3", stars=4, issued_on=opens - timedelta(days=1))
        with pytest.raises(CertificateError) as exc:
            old.reevaluate(too_early)
        assert code_of(exc) == "reevaluate-too-early"

    def test_reevaluation_after_lapse_is_refused(self) -> None:
        old = make(stars=4)
        late = make(number="GCN-2", stars=4, issued_on=D(2029, 7, 2))
        with pytest.raises(CertificateError) as exc:
            old.reevaluate(late)
        assert code_of(exc) == "expired"

    def test_supersede_by_number_needs_a_date(self) -> None:
        with pytest.raises(CertificateError) as exc:
            make().supersede("GCN-9")
        assert code_of(exc) == "missing-date"
        with pytest.raises(CertificateError) as exc:
            make().supersede("GCN-1", D(2027, 1, 1))
        assert code_of(exc) == "same-number"
        done = make().supersede("GCN-9", D(2027, 1, 1)).supersede
        with pytest.raises(CertificateError) as exc:
            done("GCN-10", D(2027, 6, 1))
        assert code_of(exc) == "already-superseded"


class TestTransitionGrace:
    def test_caught_certificate_can_be_extended_up_to_180_days(self) -> None:
        old = legacy(D(2026, 8, 1))  # window opened 2026-02-02, before 26/2026
        assert DEFAULT_POLICY.caught_by_transition(old)
        limit = D(2026, 8, 1) + timedelta(days=180)
        assert DEFAULT_POLICY.grace_limit(old) == limit == D(2027, 1, 28)
        extended = old.extend_for_transition(limit)
        assert extended.extended_until == limit
        assert extended.status(D(2026, 8, 1)) is CertificateStatus.VALID
        assert extended.status(D(2026, 8, 2)) is CertificateStatus.EXTENDED
        assert extended.in_force(limit)
        assert extended.status(limit + timedelta(days=1)) is CertificateStatus.EXPIRED
        with pytest.raises(CertificateError) as exc:
            old.extend_for_transition(limit + timedelta(days=1))
        assert code_of(exc) == "extension-too-long"
        with pytest.raises(CertificateError) as exc:
            old.extend_for_transition(D(2026, 8, 1))
        assert code_of(exc) == "extension-not-after-expiry"

    def test_decision_during_the_grace_supersedes(self) -> None:
        old = legacy(D(2026, 8, 1)).extend_for_transition(D(2026, 10, 15))
        new = make(number="GCN-NEW", stars=4, issued_on=D(2026, 10, 15))
        done = old.reevaluate(new)
        assert done.last_day_in_force == D(2026, 10, 14)
        assert done.status(D(2026, 10, 15)) is CertificateStatus.SUPERSEDED
        revoked = old.revoke(D(2026, 9, 1), RevocationGround.NO_LONGER_MEETS_CRITERIA)
        assert revoked.status(D(2026, 9, 1)) is CertificateStatus.REVOKED

    @pytest.mark.parametrize(
        "valid_until",
        [D(2026, 5, 21),   # already expired when 26/2026 took effect
         D(2026, 11, 18),  # window opens exactly on 2026-05-22: full window available
         D(2028, 1, 1)],
    )
    def test_not_caught(self, valid_until: date) -> None:
        cert = legacy(valid_until)
        assert not DEFAULT_POLICY.caught_by_transition(cert)
        with pytest.raises(CertificateError) as exc:
            cert.extend_for_transition(valid_until + timedelta(days=10))
        assert code_of(exc) == "not-transitional"

    def test_boundary_of_being_caught(self) -> None:
        assert DEFAULT_POLICY.caught_by_transition(legacy(D(2026, 5, 22)))
        assert DEFAULT_POLICY.caught_by_transition(legacy(D(2026, 11, 17)))

    def test_a_new_certificate_is_never_caught(self) -> None:
        cert = make()
        with pytest.raises(CertificateError) as exc:
            cert.extend_for_transition(cert.valid_until + timedelta(days=30))
        assert code_of(exc) == "not-transitional"

    def test_policy_without_transition(self) -> None:
        policy = CertificatePolicy(transition_on=None)
        assert not policy.caught_by_transition(legacy(D(2026, 8, 1)))

    def test_revoked_or_superseded_cannot_be_extended(self) -> None:
        old = legacy(D(2026, 8, 1))
        with pytest.raises(CertificateError) as exc:
            old.revoke(D(2026, 6, 1), "b").extend_for_transition(D(2026, 9, 1))
        assert code_of(exc) == "already-revoked"
        with pytest.raises(CertificateError) as exc:
            old.supersede("N", D(2026, 6, 1)).extend_for_transition(D(2026, 9, 1))
        assert code_of(exc) == "already-superseded"


# --------------------------------------------------------------------------- status properties

_STATUS_DAYS = st.integers(min_value=-50, max_value=1400)


@st.composite
def certificates(draw: st.DrawFn) -> Certificate:
    issued = draw(st.dates(min_value=D(2019, 8, 21), max_value=D(2032, 12, 31)))
    cert = Certificate(
        number="N", product_id="P", stars=draw(st.sampled_from(CERTIFIABLE_STARS)),
        decision_number="1", decision_date=issued, authority=PROVINCE,
        ruleset_id="vn-qd-26-2026", issued_on=issued,
        valid_until=DEFAULT_POLICY.valid_until(issued),
    )
    if draw(st.booleans()):
        cert = attrs.evolve(cert, extended_until=cert.valid_until
                            + timedelta(days=draw(st.integers(1, 180))))
    stop = draw(st.sampled_from(["none", "revoke", "supersede"]))
    when = issued + timedelta(days=draw(st.integers(0, 1300)))
    if stop == "revoke":
        cert = attrs.evolve(cert, revoked_on=when, revocation_ground=RevocationGround.OTHER)
    elif stop == "supersede":
        cert = attrs.evolve(cert, superseded_by="M", superseded_on=when)
    return cert


@pytest.mark.property
@settings(deadline=None)
@given(certificates(), _STATUS_DAYS)
def test_status_and_in_force_agree(cert: Certificate, offset: int) -> None:
    on = cert.issued_on + timedelta(days=offset)
    status = cert.status(on)
    assert cert.in_force(on) == status.in_force
    if on < cert.issued_on:
        assert status is CertificateStatus.NOT_YET_VALID
    if cert.in_force(on):
        assert cert.issued_on <= on <= cert.last_day_in_force
        assert on <= (cert.extended_until or cert.valid_until)
        assert cert.revoked_on is None or on < cert.revoked_on
        assert cert.superseded_on is None or on < cert.superseded_on
    if status is CertificateStatus.EXTENDED:
        assert cert.valid_until < on <= (cert.extended_until or cert.valid_until)


@pytest.mark.property
@settings(deadline=None)
@given(
    st.dates(min_value=D(2026, 5, 22), max_value=D(2035, 1, 1)),
    st.sampled_from(CERTIFIABLE_STARS),
    st.integers(min_value=-30, max_value=1200),
    st.sampled_from(list(RevocationGround)),
)
def test_revoke_is_legal_exactly_while_in_force(
    issued: date, stars: int, offset: int, ground: RevocationGround
) -> None:
    cert = make(stars=stars, issued_on=issued,
                authority=MINISTRY_MAE if stars == 5 else PROVINCE)
    on = issued + timedelta(days=offset)
    if cert.in_force(on):
        revoked = cert.revoke(on, ground)
        assert not revoked.in_force(on)
        assert all(revoked.in_force(d) for d in (issued, on - timedelta(days=1)) if d >= issued
                   and d < on)
    else:
        with pytest.raises(CertificateError):
            cert.revoke(on, ground)


# --------------------------------------------------------------------------- incomplete records

from hypothesis import given as _given  # noqa: E402
from hypothesis import strategies as _st  # noqa: E402

from ocopkit.certification import (  # noqa: E402
    CertificateStatus as _Status,
)
from ocopkit.certification import (  # noqa: E402
    PartialDate,
    resolve_issuer,
)
from ocopkit.errors import CertificateError as _CertError  # noqa: E402
from ocopkit.rulesets import DISTRICT as _DISTRICT  # noqa: E402
from ocopkit.rulesets import PROVINCE as _PROVINCE  # noqa: E402


@_st.composite
def _partial(draw: _st.DrawFn) -> PartialDate:
    d = draw(_st.dates(min_value=date(2013, 1, 1), max_value=date(2030, 12, 31)))
    return draw(_st.sampled_from([
        PartialDate.month(d.year, d.month), PartialDate.year(d.year), PartialDate.before(d),
        PartialDate.after(d), PartialDate.between(d, d + timedelta(days=3))]))


@_given(_partial())
def test_partial_dates_read_back_from_their_text(p: PartialDate) -> None:
    assert PartialDate.parse(str(p)) == p
    from ocopkit.io import parse_partial_date

    assert parse_partial_date(p.format_vi()) == p
    assert parse_partial_date(str(p)) == p


def _rough(issued: PartialDate, **kw: object) -> Certificate:
    lo, hi = issued.earliest, issued.latest
    vu = DEFAULT_POLICY.valid_until
    expires = (PartialDate.before(vu(hi)) if lo is None and hi is not None
               else PartialDate.after(vu(lo)) if hi is None and lo is not None
               else PartialDate.between(vu(lo), vu(hi)))  # type: ignore[arg-type]
    return Certificate(number="R", product_id="P", stars=3, issued=issued, expires=expires,
                       **kw)  # type: ignore[arg-type]


@_given(_partial(), _st.dates(min_value=date(2012, 1, 1), max_value=date(2035, 1, 1)))
def test_a_rough_certificate_is_certain_only_when_every_day_agrees(
        p: PartialDate, on: date) -> None:
    c = _rough(p)
    # the oracle: every possible issue day that the record allows, checked exactly
    lo = p.earliest or date(2000, 1, 1)
    hi = p.latest or date(2040, 1, 1)
    days = [lo + timedelta(days=k) for k in range(0, (hi - lo).days + 1, 7)] + [hi]
    verdicts = {d <= on <= DEFAULT_POLICY.valid_until(d) for d in days}
    if c.in_force(on):
        assert verdicts == {True}
    if not c.possibly_in_force(on):
        assert verdicts == {False}
    if c.status(on) is _Status.UNKNOWN:
        assert c.possibly_in_force(on) and not c.in_force(on)


def test_incomplete_certificates_are_checked_like_issued_ones() -> None:
    with pytest.raises(_CertError) as err:
        Certificate(number="X", product_id="P", stars=3)
    assert err.value.code == "issue-date-required"
    with pytest.raises(_CertError) as err:
        _rough(PartialDate.between(date(2025, 1, 1), date(2025, 1, 1)))
    assert err.value.code == "exact-partial-date"
    # a district-issued 3★ dated 2026: the rule Certificate.issue applies
    late = Certificate(number="D", product_id="P", stars=3, authority=_DISTRICT,
                       ruleset_id="vn-qd-26-2026", issued_on=date(2026, 8, 1),
                       valid_until=date(2029, 8, 1))
    (problem,) = late.check()
    assert (problem.code, problem.severity, problem.path) == (
        "authority-not-competent", "warning", "authority")
    with pytest.raises(_CertError) as err:
        Certificate.issue(number="D", product_id="P", stars=3, decision_number="1",
                          decision_date=date(2026, 8, 1), authority=_DISTRICT,
                          ruleset_id="vn-qd-26-2026")
    assert err.value.code == problem.code
    # issued "in 2025" under 148+1489: a district is competent before 2025-07-06 only
    straddling = _rough(PartialDate.year(2025), authority=_DISTRICT,
                        ruleset_id="vn-qd-148-1489-2025")
    assert [(p.code, p.severity) for p in straddling.check()] != []
    assert all(p.severity in ("note", "warning") for p in straddling.check())
    assert _rough(PartialDate.year(2024), authority=_PROVINCE).check() == ()


def test_issuing_bodies_resolve_to_the_unit_of_the_day() -> None:
    body, problems = resolve_issuer("UBND tỉnh Bắc Kạn", date(2024, 5, 2))
    assert (body.unit_id, body.authority, problems) == ("06@63", _PROVINCE, [])
    body, problems = resolve_issuer("UBND tỉnh Bắc Kạn", date(2026, 5, 2))
    assert [p.code for p in problems] == ["issuer-not-in-force"]
    body, problems = resolve_issuer("UBND huyện Na Rì", date(2025, 8, 1))
    assert (body.unit_id, [p.code for p in problems]) == ("06@63/066", ["issuer-not-in-force"])
    body, problems = resolve_issuer("UBND thành phố Bắc Kạn", date(2024, 1, 1))
    assert body.level.value == "district"  # a provincial city, not the province
    body, problems = resolve_issuer("Sở Nông nghiệp", date(2024, 1, 1))
    assert (body.level, [p.code for p in problems]) == (None, ["unknown-issuer"])
    body, _ = resolve_issuer("trung ương", date(2024, 1, 1))
    assert body.unit_id == "ministry-mard"  # the MAE only from 2025-03-01


# --------------------------------------------------------------------------- the calendar's end

_LAST_YEARS = st.dates(min_value=D(9990, 1, 1), max_value=D(9999, 12, 31))


@given(_LAST_YEARS)
@settings(max_examples=60)
def test_dates_near_the_calendars_end_are_located_problems_never_overflows(day: date) -> None:
    """Issue 18: the 36 months (26/2026 Điều 7.5) of a certificate issued near 31/12/9999,
    and the 180/120-day window of Điều 7.6.a counted back from its last day, either give
    a date or a ValidationError located at the date that overflows — never an
    OverflowError or a bare "year 10002 is out of range"."""
    if day.year >= 9997:  # 36 months from 01/01/9997 is year 10000: only then
        with pytest.raises(ValidationError) as err:
            make(issued_on=day)
        (problem,) = err.value.problems
        assert (problem.path, problem.code) == ("$.issued_on", "date-out-of-range")
        assert "9999" in problem.message_vi and "9999" in problem.message_en
        return
    c = make(issued_on=day)
    assert c.valid_until is not None and c.valid_until <= D(9999, 12, 31)
    opens, closes = DEFAULT_POLICY.renewal_window(c)
    assert opens <= closes <= c.valid_until
    if (D(9999, 12, 31) - c.valid_until).days < DEFAULT_POLICY.transition_grace_days:
        with pytest.raises(ValidationError) as err:
            DEFAULT_POLICY.grace_limit(c)
        assert [(p.path, p.code) for p in err.value.problems] == [
            ("$.valid_until", "date-out-of-range")]
    else:
        assert DEFAULT_POLICY.grace_limit(c) > c.valid_until


def test_a_period_before_year_1_is_a_problem_too() -> None:
    with pytest.raises(ValidationError) as err:
        period_end(D(1, 1, 5), days=-120, path="$.on")
    assert [(p.path, p.code) for p in err.value.problems] == [("$.on", "date-out-of-range")]


def test_due_for_renewal_on_the_last_day_of_the_calendar() -> None:
    """A horizon past 31/12/9999 (``--within 99999999999``, ``--on 9999-12-31``) is the end
    of the calendar, not an OverflowError."""
    from ocopkit.samples import sample_portfolio

    pf = sample_portfolio()
    assert pf.due_for_renewal(D(9999, 12, 31), within=10**11) == ()
    assert pf.expiring_within(D(9999, 12, 31), 10**11) == ()
    assert len(pf.due_for_renewal(D(2026, 11, 23), within=10**11)) >= len(
        pf.due_for_renewal(D(2026, 11, 23), within=180))
