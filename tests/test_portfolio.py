"""Portfolio: validation (strict and lenient) and exact as-of queries."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest

from ocopkit import places as units
from ocopkit.certification import (
    DEFAULT_POLICY,
    HARD_PROBLEMS,
    Certificate,
    CertificatePolicy,
    Portfolio,
    RenewalDue,
    RenewalStage,
    RevocationGround,
    due_for_renewal,
)
from ocopkit.errors import ValidationError
from ocopkit.products import Product, Subject, SubjectKind
from ocopkit.rulesets import PROVINCE

D = date


def cert(number: str, product_id: str, issued: date, stars: int = 3, **changes: object
         ) -> Certificate:
    """A certificate record as loaded from data (36 months, inclusive)."""
    c = Certificate(
        number=number, product_id=product_id, stars=stars,
        decision_number=f"{number}/QĐ-UBND", decision_date=issued, authority=PROVINCE,
        ruleset_id="vn-qd-148-2023", issued_on=issued,
        valid_until=DEFAULT_POLICY.valid_until(issued),
    )
    return attrs.evolve(c, **changes) if changes else c  # type: ignore[arg-type]


SUBJECTS = (
    Subject("s-bk", "HTX Mẫu Bắc Kạn", SubjectKind.COOPERATIVE, "06@63"),
    Subject("s-tn", "Hộ Mẫu Thái Nguyên", SubjectKind.HOUSEHOLD, "19@63"),
    Subject("s-hn", "Công ty TNHH Mẫu", SubjectKind.LIMITED_COMPANY, "01@34"),
)

PRODUCTS = (
    Product("bk-1", "Miến dong Mẫu", 6, "s-bk", "06@63", commune_code="99001"),
    Product("bk-2", "Chè Mẫu", 11, "s-bk", "06@63", commune_code="99002"),
    Product("bk-3", "Mật ong Mẫu", 4, "s-bk", "06@63"),
    Product("tn-old", "Chè Tân Cương Mẫu", 11, "s-tn", "19@63"),
    # recorded under the new province, in a commune formed from two old Bắc Kạn communes
    Product("tn-new-bk", "Măng khô Mẫu", 7, "s-tn", "19@34", commune_code="99001"),
    Product("tn-new", "Rượu Mẫu", 14, "s-tn", "19@34"),
    Product("hn-1", "Khăn lụa Mẫu", 22, "s-hn", "01@34"),
)

# bk-1: 3★ 2021-03-10, upgraded to 4★ 2023-06-01, re-evaluated 4★ 2026-03-01 (in force)
BK1_A = cert("BK1-A", "bk-1", D(2021, 3, 10), 3,
             superseded_by="BK1-B", superseded_on=D(2023, 6, 1))
BK1_B = cert("BK1-B", "bk-1", D(2023, 6, 1), 4,
             superseded_by="BK1-C", superseded_on=D(2026, 3, 1))
BK1_C = cert("BK1-C", "bk-1", D(2026, 3, 1), 4)
# bk-2: 3★ 2021-12-20 → expired after 2024-12-20, never re-evaluated (lapsed)
BK2_A = cert("BK2-A", "bk-2", D(2021, 12, 20), 3)
# bk-3: revoked on 2023-04-01 (ground đ)
BK3_A = cert("BK3-A", "bk-3", D(2022, 5, 5), 3,
             revoked_on=D(2023, 4, 1), revocation_ground=RevocationGround.PRODUCTION_STOPPED)
# tn-old: 4★ 2023-08-01 → valid until 2026-08-01; extended under Điều 12.3 to 2026-12-01
TN_OLD = cert("TN-A", "tn-old", D(2023, 8, 1), 4, extended_until=D(2026, 12, 1))
# tn-new-bk: 3★ 2025-09-15
TN_NEW_BK = cert("TNB-A", "tn-new-bk", D(2025, 9, 15), 3)
# tn-new: 5★ 2026-07-01
TN_NEW = cert("TNN-A", "tn-new", D(2026, 7, 1), 5)
# hn-1: 4★ 2023-02-28 → valid until 2026-02-28 then a gap, then a new 3★ 2026-09-01
HN_A = cert("HN-A", "hn-1", D(2023, 2, 28), 4)
HN_B = cert("HN-B", "hn-1", D(2026, 9, 1), 3)

CERTS = (BK1_A, BK1_B, BK1_C, BK2_A, BK3_A, TN_OLD, TN_NEW_BK, TN_NEW, HN_A, HN_B)


@pytest.fixture
def pf() -> Portfolio:
    return Portfolio.build(PRODUCTS, SUBJECTS, CERTS)


@pytest.fixture
def pf_communes() -> Portfolio:
    return Portfolio.build(PRODUCTS, SUBJECTS, CERTS, communes=units.sample_communes())


def numbers(certs: tuple[Certificate, ...]) -> list[str]:
    return [c.number for c in certs]


def naive_in_force(certs: tuple[Certificate, ...], on: date) -> list[str]:
    return [c.number for c in certs if c.status(on).in_force]


# --------------------------------------------------------------------------- validation


#: The records as they are: no renewal rule (two certificates in force are an overlap).
AS_RECORDED = CertificatePolicy(renewal_supersedes=False)


class TestBuild:
    def test_good_records(self, pf: Portfolio) -> None:
        assert len(pf.products) == 7
        assert len(pf.subjects) == 3
        assert pf.certificates == CERTS

    def test_one_error_with_every_problem(self) -> None:
        overlapping = cert("HN-X", "hn-1", D(2024, 1, 1), 5)
        products = (*PRODUCTS, PRODUCTS[0],
                    Product("orphan", "Sản phẩm Mẫu", 1, "s-missing", "06@63"))
        subjects = (*SUBJECTS, SUBJECTS[1])
        certs = (*CERTS, BK2_A, cert("X-1", "no-such-product", D(2024, 1, 1)), overlapping,
                 cert("Y-1", "bk-3", D(2024, 1, 1), superseded_by="ZZZ",
                      superseded_on=D(2025, 1, 1)))
        with pytest.raises(ValidationError) as exc:
            Portfolio.build(products, subjects, certs, policy=AS_RECORDED)
        err = exc.value
        assert sorted(err.codes) == sorted([
            "duplicate-subject-id", "duplicate-product-id", "unknown-subject",
            "duplicate-certificate-number", "unknown-product", "overlapping-certificates",
            "unknown-superseding-certificate",
        ])
        paths = {p.code: p.path for p in err.problems}
        assert paths["duplicate-product-id"] == "$.products[7]"
        assert paths["duplicate-subject-id"] == "$.subjects[3]"
        assert paths["unknown-subject"] == "$.products[8].subject_id"
        assert paths["duplicate-certificate-number"] == "$.certificates[10]"
        assert paths["unknown-product"] == "$.certificates[11].product_id"
        assert paths["overlapping-certificates"] == "$.certificates[12]"
        overlap = next(p for p in err.problems if p.code == "overlapping-certificates")
        assert "HN-X" in overlap.message_en
        assert "HN-A" in overlap.message_en
        assert "invalid portfolio" in str(err)

    def test_lenient_check_keeps_good_records(self) -> None:
        overlapping = cert("HN-X", "hn-1", D(2024, 1, 1), 5)
        certs = (*CERTS, cert("X-1", "bk-9", D(2024, 1, 1)), overlapping)
        products = (*PRODUCTS, Product("orphan", "Sản phẩm Mẫu", 1, "s-missing", "06@63"))
        portfolio, problems = Portfolio.check(products, SUBJECTS, certs, policy=AS_RECORDED)
        assert [p.code for p in problems] == [
            "unknown-subject", "unknown-product", "overlapping-certificates"]
        assert problems[1].suggestion in {"bk-1", "bk-2", "bk-3"}
        assert portfolio.certificates == CERTS  # orphan and later overlap dropped
        assert portfolio.product("orphan").subject_id == "s-missing"  # kept, reported

    def test_overlap_keeps_the_earlier_certificate(self) -> None:
        later = cert("HN-X", "hn-1", D(2025, 1, 1), 5)
        portfolio, problems = Portfolio.check(PRODUCTS, SUBJECTS, (later, *CERTS),
                                              policy=AS_RECORDED)
        assert [p.code for p in problems] == ["overlapping-certificates"]
        assert "HN-X" not in numbers(portfolio.certificates)

    def test_same_day_certificates_still_overlap(self) -> None:
        same = cert("HN-X", "hn-1", HN_A.issued_on, 5)
        portfolio, problems = Portfolio.check(PRODUCTS, SUBJECTS, (*CERTS, same))
        assert [p.code for p in problems] == ["overlapping-certificates"]
        assert "HN-X" not in numbers(portfolio.certificates)

    def test_renewal_supersedes_the_certificate_in_force(self) -> None:
        # 26/2026 Điều 7.6 / 4.3: a new certificate while the old one is in force
        later = cert("HN-X", "hn-1", D(2025, 1, 1), 5)
        portfolio, problems = Portfolio.check(PRODUCTS, SUBJECTS, (later, *CERTS))
        # HN-X supersedes HN-A, and is in turn superseded by HN-B (issued in its 36 months)
        assert [(p.code, p.severity) for p in problems] == [("renewal-supersedes", "note")] * 2
        assert portfolio.certificate("HN-X").superseded_by == HN_B.number
        old = portfolio.certificate(HN_A.number)
        assert (old.superseded_by, old.superseded_on) == ("HN-X", D(2025, 1, 1))
        assert portfolio.certificate_in_force("hn-1", D(2024, 12, 31)) == old
        assert portfolio.certificate_in_force("hn-1", D(2025, 1, 1)) == portfolio.certificate(
            "HN-X")
        # nothing is dropped, and building (strictly) accepts it: a note blocks nothing
        assert len(portfolio.certificates) == len(CERTS) + 1
        assert Portfolio.build(PRODUCTS, SUBJECTS, (later, *CERTS)) == portfolio
        # a certificate that was never in force supersedes nothing
        void = cert("HN-V", "hn-1", D(2024, 1, 1), 4, revoked_on=D(2024, 1, 1),
                    revocation_ground=RevocationGround.FALSE_INFORMATION)
        _, problems = Portfolio.check(PRODUCTS, SUBJECTS, (*CERTS, void))
        assert problems == ()

    def test_touching_certificates_do_not_overlap(self) -> None:
        # a supersession on day X ends the old certificate on X-1: no overlap
        Portfolio.build(PRODUCTS, SUBJECTS, CERTS)
        # without the supersession record the two certificates overlap
        loose = attrs.evolve(BK1_A, superseded_by=None, superseded_on=None)
        with pytest.raises(ValidationError) as exc:
            Portfolio.build(PRODUCTS, SUBJECTS, (loose, *CERTS[1:]), policy=AS_RECORDED)
        assert exc.value.codes == ("overlapping-certificates",)
        # the renewal rule records the supersession the records left out
        renewed = Portfolio.build(PRODUCTS, SUBJECTS, (loose, *CERTS[1:]))
        assert renewed.certificates == CERTS

    def test_certificate_never_in_force_does_not_overlap(self) -> None:
        void = cert("HN-V", "hn-1", D(2024, 1, 1), 4, revoked_on=D(2024, 1, 1),
                    revocation_ground=RevocationGround.FALSE_INFORMATION)
        pf = Portfolio.build(PRODUCTS, SUBJECTS, (*CERTS, void))
        assert pf.certificates[-1] == void  # kept, not dropped as an overlap
        assert void not in pf.in_force(D(2024, 1, 1))
        assert void not in pf.effective_history("hn-1", D(2030, 1, 1))

    def test_non_strict_tolerates_dangling_references_only(self) -> None:
        products = (*PRODUCTS, Product("orphan", "Sản phẩm Mẫu", 1, "s-missing", "06@63"))
        dangling = attrs.evolve(HN_B, superseded_by="NOPE", superseded_on=D(2027, 1, 1))
        certs = (*CERTS[:-1], dangling)
        with pytest.raises(ValidationError):
            Portfolio.build(products, SUBJECTS, certs)
        portfolio = Portfolio.build(products, SUBJECTS, certs, strict=False)
        assert len(portfolio.products) == 8
        with pytest.raises(ValidationError) as exc:
            Portfolio.build(products, SUBJECTS, (*certs, BK2_A), strict=False)
        assert "duplicate-certificate-number" in exc.value.codes
        assert "unknown-subject" in exc.value.codes  # every problem is reported
        assert "overlapping-certificates" in HARD_PROBLEMS

    def test_supersession_by_another_product(self) -> None:
        wrong = attrs.evolve(BK1_C, superseded_by="HN-B", superseded_on=D(2027, 1, 1))
        _, problems = Portfolio.check(PRODUCTS, SUBJECTS, (*CERTS[:2], wrong, *CERTS[3:]))
        assert [p.code for p in problems] == ["superseding-other-product"]

    def test_unknown_commune_with_a_registry(self) -> None:
        products = (*PRODUCTS, Product("x", "Sản phẩm Mẫu", 1, "s-bk", "06@63",
                                       commune_code="98765"))
        _, problems = Portfolio.check(products, SUBJECTS, CERTS,
                                      communes=units.sample_communes())
        assert [p.code for p in problems] == ["unknown-commune"]

    def test_frozen(self, pf: Portfolio) -> None:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            pf.products = ()  # type: ignore[misc]


# --------------------------------------------------------------------------- in force


class TestInForce:
    @pytest.mark.parametrize(
        ("on", "expected"),
        [
            (D(2021, 3, 9), []),
            (D(2021, 3, 10), ["BK1-A"]),
            (D(2023, 5, 31), ["BK1-A", "BK2-A", "HN-A"]),
            (D(2023, 6, 1), ["BK1-B", "BK2-A", "HN-A"]),
            (D(2024, 12, 20), ["BK1-B", "BK2-A", "TN-A", "HN-A"]),
            (D(2024, 12, 21), ["BK1-B", "TN-A", "HN-A"]),
            (D(2026, 2, 28), ["BK1-B", "TN-A", "TNB-A", "HN-A"]),
            (D(2026, 3, 1), ["BK1-C", "TN-A", "TNB-A"]),
            (D(2026, 8, 2), ["BK1-C", "TN-A", "TNB-A", "TNN-A"]),  # TN-A extended
            (D(2026, 12, 2), ["BK1-C", "TNB-A", "TNN-A", "HN-B"]),
        ],
    )
    def test_in_force_on(self, pf: Portfolio, on: date, expected: list[str]) -> None:
        got = numbers(pf.in_force(on))
        assert sorted(got) == sorted(expected)
        assert got == naive_in_force(pf.certificates, on)

    def test_matches_a_naive_filter_every_fortnight(self, pf: Portfolio) -> None:
        day = D(2020, 1, 1)
        while day < D(2031, 1, 1):
            assert numbers(pf.in_force(day)) == naive_in_force(pf.certificates, day)
            day += timedelta(days=14)

    def test_certificate_in_force(self, pf: Portfolio) -> None:
        assert pf.certificate_in_force("bk-1", D(2021, 3, 9)) is None
        assert pf.certificate_in_force("bk-1", D(2021, 3, 10)) == BK1_A
        assert pf.certificate_in_force("bk-1", D(2023, 5, 31)) == BK1_A
        assert pf.certificate_in_force("bk-1", D(2023, 6, 1)) == BK1_B
        assert pf.certificate_in_force("bk-1", D(2026, 3, 1)) == BK1_C
        assert pf.certificate_in_force("bk-3", D(2023, 3, 31)) == BK3_A
        assert pf.certificate_in_force("bk-3", D(2023, 4, 1)) is None
        assert pf.certificate_in_force("hn-1", D(2026, 2, 28)) == HN_A
        assert pf.certificate_in_force("hn-1", D(2026, 3, 1)) is None
        assert pf.certificate_in_force("hn-1", D(2026, 9, 1)) == HN_B
        assert pf.certificate_in_force("tn-old", D(2026, 12, 1)) == TN_OLD
        assert pf.certificate_in_force("nope", D(2026, 1, 1)) is None

    def test_earlier_certificate_found_behind_a_void_one(self) -> None:
        void = cert("HN-V", "hn-1", D(2024, 1, 1), 4, revoked_on=D(2024, 1, 1),
                    revocation_ground=RevocationGround.FALSE_INFORMATION)
        portfolio = Portfolio.build(PRODUCTS, SUBJECTS, (*CERTS, void))
        assert portfolio.certificate_in_force("hn-1", D(2024, 6, 1)) == HN_A


# --------------------------------------------------------------------------- filters


class TestFilters:
    ON = D(2026, 3, 15)

    def test_stars(self, pf: Portfolio) -> None:
        on = D(2026, 7, 15)
        assert numbers(pf.in_force(on, stars=4)) == ["BK1-C", "TN-A"]
        assert numbers(pf.in_force(on, stars=(3, 5))) == ["TNB-A", "TNN-A"]
        assert numbers(pf.in_force(on, min_stars=4)) == ["BK1-C", "TN-A", "TNN-A"]
        assert numbers(pf.in_force(on, min_stars=4, stars=5)) == ["TNN-A"]

    def test_new_thai_nguyen_includes_old_bac_kan(self, pf: Portfolio) -> None:
        assert numbers(pf.in_force(self.ON, province="Thái Nguyên")) == [
            "BK1-C", "TN-A", "TNB-A"]
        new_tn = units.province("19", on=units.REORGANISATION_DATE)
        assert numbers(pf.in_force(self.ON, province=new_tn)) == ["BK1-C", "TN-A", "TNB-A"]

    def test_old_thai_nguyen_before_the_merger(self, pf: Portfolio) -> None:
        on = D(2024, 6, 1)
        assert numbers(pf.in_force(on, province="Thái Nguyên")) == ["TN-A"]
        assert numbers(pf.in_force(on, province="Bắc Kạn")) == ["BK1-B", "BK2-A"]

    def test_old_bac_kan_matches_only_products_located_there(self, pf: Portfolio) -> None:
        # without a commune registry the product recorded under new Thái Nguyên is not placed
        assert numbers(pf.in_force(self.ON, province="Bắc Kạn")) == ["BK1-C"]
        assert numbers(pf.in_force(self.ON, province="06")) == ["BK1-C"]

    def test_commune_lineage_places_products_of_merged_units(
        self, pf_communes: Portfolio
    ) -> None:
        assert numbers(pf_communes.in_force(self.ON, province="Bắc Kạn")) == ["BK1-C", "TNB-A"]
        assert numbers(pf_communes.in_force(self.ON, province="Hà Nội")) == []
        # the old Thái Nguyên does not contain the new commune (its predecessors were in Bắc Kạn)
        old_tn = units.province("19@63")
        assert numbers(pf_communes.in_force(self.ON, province=old_tn)) == ["TN-A"]

    def test_unknown_province_query(self, pf: Portfolio) -> None:
        with pytest.raises(ValidationError) as exc:
            pf.in_force(self.ON, province="Bac Kann")
        assert exc.value.codes == ("unknown-province",)

    def test_commune(self, pf: Portfolio) -> None:
        assert numbers(pf.in_force(self.ON, commune="99001")) == ["BK1-C", "TNB-A"]
        assert numbers(pf.in_force(D(2024, 1, 1), commune="99002")) == ["BK2-A"]

    def test_product_set_and_group(self, pf: Portfolio) -> None:
        on = D(2026, 7, 15)
        assert numbers(pf.in_force(on, product_set=7)) == ["TNB-A"]
        assert numbers(pf.in_force(on, product_set="I.3.b")) == ["BK1-C"]
        assert numbers(pf.in_force(on, product_set=(6, "Rượu trắng"))) == ["BK1-C", "TNN-A"]
        assert numbers(pf.in_force(on, product_group="I")) == ["BK1-C", "TN-A", "TNB-A"]
        assert numbers(pf.in_force(on, product_group="I.3")) == ["BK1-C", "TNB-A"]
        assert numbers(pf.in_force(on, product_group="II")) == ["TNN-A"]
        assert numbers(pf.in_force(on, product_group="I", product_set=7)) == ["TNB-A"]
        with pytest.raises(ValidationError) as exc:
            pf.in_force(on, product_group="IX")
        assert exc.value.codes == ("unknown-classification",)

    def test_subject_kind_and_id(self, pf: Portfolio) -> None:
        on = D(2026, 7, 15)
        assert numbers(pf.in_force(on, subject_kind=SubjectKind.COOPERATIVE)) == ["BK1-C"]
        assert numbers(pf.in_force(on, subject_kind="HTX")) == ["BK1-C"]
        assert numbers(pf.in_force(on, subject_kind="household")) == [
            "TN-A", "TNB-A", "TNN-A"]
        assert numbers(pf.in_force(on, subject_id="s-tn", stars=5)) == ["TNN-A"]

    def test_unknown_filter(self, pf: Portfolio) -> None:
        with pytest.raises(TypeError, match="did you mean 'province'"):
            pf.in_force(self.ON, provinse="Bắc Kạn")  # type: ignore[call-arg]


# --------------------------------------------------------------------------- expiry queries


class TestExpiry:
    def test_expiring_within_boundaries(self, pf: Portfolio) -> None:
        # HN-A is valid through 2026-02-28 (end-of-February issue)
        on = D(2026, 1, 29)
        assert numbers(pf.expiring_within(on, 30)) == ["HN-A"]
        assert numbers(pf.expiring_within(on, 29)) == []
        assert numbers(pf.expiring_within(D(2026, 2, 28), 0)) == ["HN-A"]
        assert numbers(pf.expiring_within(D(2026, 3, 1), 400)) == ["TN-A"]
        assert numbers(pf.expiring_within(D(2026, 3, 1), 1096)) == ["TN-A", "TNB-A", "BK1-C"]
        with pytest.raises(ValueError, match="days"):
            pf.expiring_within(on, -1)

    def test_expiring_within_excludes_extended(self, pf: Portfolio) -> None:
        assert "TN-A" not in numbers(pf.expiring_within(D(2026, 9, 1), 365))

    def test_lapsed_without_reevaluation(self, pf: Portfolio) -> None:
        assert numbers(pf.lapsed_without_reevaluation(D(2024, 12, 20))) == []
        assert numbers(pf.lapsed_without_reevaluation(D(2024, 12, 21))) == ["BK2-A"]
        # HN-A lapsed on 2026-03-01 until HN-B was issued on 2026-09-01
        assert numbers(pf.lapsed_without_reevaluation(D(2026, 3, 1))) == ["BK2-A", "HN-A"]
        assert numbers(pf.lapsed_without_reevaluation(D(2026, 9, 1))) == ["BK2-A"]
        # TN-A is in its grace until 2026-12-01, lapsed afterwards
        assert numbers(pf.lapsed_without_reevaluation(D(2026, 12, 1))) == ["BK2-A"]
        assert numbers(pf.lapsed_without_reevaluation(D(2026, 12, 2))) == ["BK2-A", "TN-A"]
        # revoked is not lapsed; filters apply
        assert "BK3-A" not in numbers(pf.lapsed_without_reevaluation(D(2030, 1, 1)))
        assert numbers(pf.lapsed_without_reevaluation(D(2026, 12, 2), province="Bắc Kạn")) == [
            "BK2-A"]
        assert numbers(pf.lapsed_without_reevaluation(D(2026, 12, 2), stars=4)) == ["TN-A"]

    def test_due_for_renewal(self, pf: Portfolio) -> None:
        on = D(2028, 1, 1)
        assert pf.due_for_renewal(on) == ()  # expires in 258 days > 180
        due = pf.due_for_renewal(on, within=365)
        assert [d.certificate.number for d in due] == ["TNB-A"]
        item = due[0]
        assert isinstance(item, RenewalDue)
        assert item.product_id == "tn-new-bk"
        assert item.expires_on == item.in_force_until == D(2028, 9, 15)
        assert item.window_opens == D(2028, 9, 15) - timedelta(days=180) == D(2028, 3, 19)
        assert item.window_closes == D(2028, 9, 15) - timedelta(days=120) == D(2028, 5, 18)
        assert item.days_left == (D(2028, 9, 15) - on).days == 258
        assert item.days_to_window_close == (item.window_closes - on).days
        assert item.stage is RenewalStage.BEFORE_WINDOW
        assert due_for_renewal(pf, on, within=365) == due

    def test_due_for_renewal_within_boundary(self, pf: Portfolio) -> None:
        expiry = TN_NEW_BK.valid_until
        assert pf.due_for_renewal(expiry - timedelta(days=180), within=180)
        assert not pf.due_for_renewal(expiry - timedelta(days=181), within=180)
        assert pf.due_for_renewal(expiry - timedelta(days=180))[0].stage is (
            RenewalStage.WINDOW_OPEN)
        assert pf.due_for_renewal(expiry - timedelta(days=119))[0].stage is (
            RenewalStage.WINDOW_CLOSED)
        with pytest.raises(ValueError, match="within"):
            pf.due_for_renewal(expiry, within=-5)

    def test_due_for_renewal_lists_extended_certificates(self, pf: Portfolio) -> None:
        due = pf.due_for_renewal(D(2026, 9, 1), within=30)
        assert [d.certificate.number for d in due] == ["TN-A"]
        assert due[0].days_left == -31
        assert due[0].in_force_until == D(2026, 12, 1)
        assert due[0].stage is RenewalStage.WINDOW_CLOSED
        assert due_for_renewal(pf, D(2026, 9, 1), 30, stars=3) == ()


# --------------------------------------------------------------------------- lookups


class TestLookups:
    def test_history_and_lookups(self, pf: Portfolio) -> None:
        assert numbers(pf.history("bk-1")) == ["BK1-A", "BK1-B", "BK1-C"]
        assert pf.history("nope") == ()
        assert pf.product("bk-1").name == "Miến dong Mẫu"
        assert pf.subject("s-hn").kind is SubjectKind.LIMITED_COMPANY
        assert pf.certificate("HN-B") == HN_B
        with pytest.raises(ValidationError) as exc:
            pf.product("bk-9")
        assert exc.value.problems[0].suggestion is not None
        with pytest.raises(ValidationError):
            pf.subject("s-x")
        with pytest.raises(ValidationError):
            pf.certificate("HN-Z")

    def test_products_and_subjects_of(self, pf: Portfolio) -> None:
        in_force = pf.in_force(D(2026, 7, 15), province="Thái Nguyên")
        assert [p.id for p in pf.products_of(in_force)] == ["bk-1", "tn-old", "tn-new-bk",
                                                            "tn-new"]
        assert [s.id for s in pf.subjects_of(in_force)] == ["s-bk", "s-tn"]
        assert [s.id for s in pf.subjects_of(PRODUCTS[-1:])] == ["s-hn"]
        assert [p.id for p in pf.products_of(SUBJECTS[0])] == ["bk-1", "bk-2", "bk-3"]


# --------------------------------------------------------------------------- scale


def test_queries_agree_with_a_naive_scan_over_many_certificates() -> None:
    """Speed is measured in benchmarks/; here, the indexed queries match a naive scan."""
    subjects = [Subject("s", "HTX Mẫu", SubjectKind.COOPERATIVE, "06@63")]
    n_products = 5_000
    products = [Product(f"p{i}", "Sản phẩm Mẫu", 1 + i % 26, "s",
                        "06@63" if i % 2 else "19@34") for i in range(n_products)]
    certs: list[Certificate] = []
    for i in range(n_products):
        issued = D(2019, 9, 1) + timedelta(days=i % 700)
        for k in range(4):  # four consecutive 36-month certificates
            start = issued + timedelta(days=k * 1100)
            certs.append(cert(f"c{i}-{k}", f"p{i}", start, 3 + (i + k) % 3))
    portfolio = Portfolio.build(products, subjects, certs)
    on = D(2026, 6, 1)
    in_force = portfolio.in_force(on, province="Thái Nguyên", min_stars=4)
    lapsed = portfolio.lapsed_without_reevaluation(D(2034, 1, 1))
    due = portfolio.due_for_renewal(on)
    assert len(certs) == 20_000
    assert len(in_force) == len([c for c in certs if c.in_force(on) and c.stars >= 4])
    assert len(lapsed) == len([p for p in products
                               if portfolio.history(p.id)[-1].valid_until < D(2034, 1, 1)])
    assert all(0 <= d.days_left <= 180 for d in due)
    assert len(due) == len([c for c in certs if c.in_force(on)
                            and on <= c.valid_until <= on + timedelta(days=180)])


# --------------------------------------------------------------------------- bounds


class TestBounds:
    def test_unknown_set_and_legal_form_are_uncertain_for_their_filters(self) -> None:
        from ocopkit.certification import PartialDate

        subjects = [Subject("s1", "HTX Mẫu", "cooperative", "06@63"),
                    Subject("s2", "Chi nhánh Mẫu", None, "06@63", legal_form="chi nhánh")]
        products = [Product("a", "Miến Mẫu", 6, "s1", "06@63"),
                    Product("b", "Tương Mẫu", None, "s1", "06@63", classification="I.3"),
                    Product("c", "Rượu Mẫu", None, "s2", "06@63", classification="2018:2"),
                    Product("d", "Chè Mẫu", 11, "s2", "06@63")]
        certs = [cert(f"N-{p.id}", p.id, D(2024, 1, 1)) for p in products]
        certs.append(Certificate(number="N-e", product_id="a", stars=4,
                                 issued=PartialDate.year(2025), valid_until=D(2028, 12, 31)))
        pf = Portfolio.build(products, subjects, certs)
        on = D(2024, 6, 1)

        def ids(found: tuple[Certificate, ...]) -> list[str]:
            return [c.product_id for c in found]

        sure, maybe = pf.in_force_bounds(on, product_group="I.3")
        assert (ids(sure), ids(maybe)) == (["a", "b"], ["c"])  # I.3 holds set 6; b is I.3
        sure, maybe = pf.in_force_bounds(on, product_set=6)
        assert (ids(sure), ids(maybe)) == (["a"], ["b", "c"])
        assert ids(pf.in_force(on, product_set=6)) == ["a"]  # the exact query: certain only
        sure, maybe = pf.in_force_bounds(on, subject_kind="cooperative")
        assert (ids(sure), ids(maybe)) == (["a", "b"], ["c", "d"])
        # the renewal known only as "in 2025": 3★ certain until 2024, {3, 4} in 2025
        assert pf.stars_states("a", D(2024, 12, 31)) == frozenset({3})
        assert pf.stars_states("a", D(2025, 6, 1)) == frozenset({3, 4})
        assert pf.stars_states("a", D(2026, 1, 1)) == frozenset({4})
        assert pf.stars_states("a", D(2026, 1, 1), "recognised") == frozenset({4})
        assert "a" in pf.imprecise_products
