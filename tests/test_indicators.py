"""Indicators: built-ins on small hand-made portfolios, registry, scope, lineage."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import attrs
import pytest

from ocopkit.certification import (
    DEFAULT_POLICY,
    Certificate,
    Portfolio,
    RevocationGround,
    located_within,
)
from ocopkit.errors import DataError, ValidationError
from ocopkit.places import REORGANISATION_DATE, Commune, CommuneRegistry, province
from ocopkit.products import Product, Subject
from ocopkit.rulesets import PROVINCE
from ocopkit.targets import (
    EvaluationEvent,
    Indicator,
    IndicatorScope,
    IndicatorValue,
    NotMeasurableError,
    builtin_indicators,
)

D = date
BK = province("Bắc Kạn")


def cert(pid: str, issued: date, stars: int = 3, n: int = 1, **kw: object) -> Certificate:
    return Certificate(
        number=f"C-{pid}-{n}", product_id=pid, stars=stars, decision_number="1/QĐ",
        decision_date=issued, authority=PROVINCE, ruleset_id="vn-qd-148-2023",
        issued_on=issued, valid_until=DEFAULT_POLICY.valid_until(issued), **kw,  # type: ignore[arg-type]
    )


def renewed(old: Certificate, issued: date, stars: int) -> tuple[Certificate, Certificate]:
    n = int(old.number.rsplit("-", 1)[1]) + 1
    new = cert(old.product_id, issued, stars, n)
    return attrs.evolve(old, superseded_by=new.number, superseded_on=issued), new


def product(pid: str, subject: str = "s1", province_id: str = "06@63",
            commune: str | None = None) -> Product:
    return Product(pid, f"Sản phẩm mẫu {pid}", 6, subject, province_id, commune_code=commune)


SUBJECTS = [
    Subject("s1", "HTX Mẫu 1", "cooperative", "06@63", in_value_chain=True),
    Subject("s2", "Công ty TNHH Mẫu 2", "limited-company", "06@63", in_value_chain=False),
    Subject("s3", "Hộ Mẫu 3", "household", "06@63"),
]


def value(iid: str, pf: Portfolio, on: date, area: object = BK, **kw: object) -> IndicatorValue:
    scope = IndicatorScope(on, province=area, **kw)  # type: ignore[arg-type]
    return builtin_indicators().get(iid).compute(pf, scope)


@pytest.fixture
def small() -> Portfolio:
    """p1 3★ 2021 renewed 2023 at 4★; p2 4★ 2020 lapsed; p3 3★ 2022 revoked 2023; p4 5★ 2023."""
    p1a, p1b = renewed(cert("p1", D(2021, 3, 1)), D(2023, 10, 1), 4)
    p3 = cert("p3", D(2022, 5, 1)).revoke(D(2023, 6, 1), RevocationGround.MARK_MISUSE)
    certs = [p1a, p1b, cert("p2", D(2020, 6, 1), 4), p3, cert("p4", D(2023, 2, 1), 5)]
    products = [product("p1"), product("p2", "s2"), product("p3", "s3"), product("p4", "s2")]
    return Portfolio.build(products, SUBJECTS, certs)


END_2023 = D(2023, 12, 31)


def test_in_force_and_recognised(small: Portfolio) -> None:
    assert value("products-in-force", small, END_2023).records == ("p1", "p4")
    assert value("products-recognised", small, END_2023).records == ("p1", "p2", "p4")
    assert value("products-in-force", small, END_2023,
                 parameters={"stars": 4}).records == ("p1",)
    assert value("products-recognised", small, END_2023,
                 parameters={"min_stars": 4}).value == 3
    assert value("products-recognised", small, D(2021, 12, 31),
                 parameters={"stars": 3}).records == ("p1",)
    assert value("five-star-products", small, END_2023).value == 1
    assert value("five-star-products", small, D(2023, 1, 31)).value == 0


def test_stars_and_min_stars_conflict(small: Portfolio) -> None:
    with pytest.raises(ValidationError) as err:
        value("products-in-force", small, END_2023, parameters={"stars": 4, "min_stars": 3})
    assert err.value.codes == ("conflicting-parameters",)


def test_flows(small: Portfolio) -> None:
    window = {"period_start": D(2021, 1, 1), "period_end": D(2025, 12, 31)}
    assert value("new-products", small, END_2023, **window).records == ("p1", "p3", "p4")
    assert value("new-products", small, D(2022, 12, 31), **window).records == ("p1", "p3")
    assert value("new-products", small, END_2023, parameters={"min_stars": 5},
                 **window).records == ("p4",)
    assert value("upgraded-products", small, END_2023, **window).records == ("p1",)
    assert value("upgraded-products", small, END_2023, period_start=D(2024, 1, 1)).value == 0
    assert value("consolidated-products", small, END_2023, **window).records == ("p1",)
    cohort = {"cohort_start": D(2022, 1, 1), "cohort_end": D(2022, 12, 31)}
    assert value("consolidated-products", small, END_2023, parameters=cohort,
                 **window).value == 0


def test_new_products_with_min_stars_counts_upgrades() -> None:
    a, b = renewed(cert("p1", D(2020, 3, 1), 4), D(2022, 1, 1), 5)
    pf = Portfolio.build([product("p1")], SUBJECTS, [a, b])
    got = value("new-products", pf, END_2023, parameters={"min_stars": 5},
                period_start=D(2021, 1, 1))
    assert got.records == ("p1",)
    assert value("new-products", pf, END_2023, period_start=D(2021, 1, 1)).value == 0


def test_subject_shares(small: Portfolio) -> None:
    coops = value("subjects-share", small, END_2023, parameters={"kind": "cooperative"})
    assert (coops.value, coops.numerator, coops.denominator) == (Fraction(1, 2), 1, 2)
    smes = value("subjects-share", small, END_2023, parameters={"kind": "enterprise"})
    assert smes.value == Fraction(1, 2)
    assert smes.records == ("s2",)
    rec = value("subjects-share", small, END_2023,
                parameters={"kind": "HTX", "basis": "recognised"})
    assert rec.value == Fraction(1, 2)
    chain = value("value-chain-share", small, END_2023)
    assert chain.value == Fraction(1, 2)
    assert value("subjects", small, END_2023).records == ("s1", "s2")
    with pytest.raises(ValidationError) as err:
        value("subjects-share", small, END_2023)
    assert err.value.codes == ("missing-parameter",)
    with pytest.raises(ValidationError) as err:
        value("subjects-share", small, END_2023, parameters={"kind": "htx", "basis": "valid"})
    assert err.value.codes == ("invalid-parameter",)


def test_value_chain_unknown_is_noted_or_not_measurable() -> None:
    pf = Portfolio.build([product("p", "s3"), product("q", "s1")], SUBJECTS,
                         [cert("p", D(2023, 1, 1)), cert("q", D(2023, 1, 1))])
    got = value("value-chain-share", pf, END_2023)
    # one linked, one unknown: between 1/2 (unknown not linked) and 1 (linked)
    assert got.bounds == (Fraction(1, 2), Fraction(1))
    assert got.uncertain == ("s3",)
    assert "range" in got.notes[0]
    only_unknown = Portfolio.build([product("p", "s3")], SUBJECTS, [cert("p", D(2023, 1, 1))])
    with pytest.raises(NotMeasurableError):
        value("value-chain-share", only_unknown, END_2023)
    empty = Portfolio.build([], SUBJECTS, [])
    with pytest.raises(NotMeasurableError):
        value("subjects-share", empty, END_2023, parameters={"kind": "cooperative"})


def test_new_subjects(small: Portfolio) -> None:
    got = value("new-subjects", small, END_2023, period_start=D(2021, 1, 1))
    assert got.records == ("s1", "s3")  # s2's first certificate is p2's, in 2020
    coops = value("new-subjects", small, END_2023, period_start=D(2021, 1, 1),
                  parameters={"kind": "cooperative"})
    assert coops.value == 1


def test_lapsed(small: Portfolio) -> None:
    assert value("lapsed-without-reevaluation", small, END_2023).records == ("p2",)
    assert value("lapsed-without-reevaluation", small, D(2023, 6, 1)).value == 0


def test_evaluated_counts_certificates_and_events(small: Portfolio) -> None:
    window = {"period_start": D(2023, 1, 1), "period_end": END_2023}
    got = value("products-evaluated", small, END_2023, **window)
    assert got.records == ("p1", "p4")
    assert "lower bound" in got.notes[0]
    events = [EvaluationEvent("p3", D(2023, 3, 1), stars=2),
              EvaluationEvent("unknown", D(2023, 3, 1)),
              EvaluationEvent("p2", D(2022, 3, 1))]
    with_events = value("products-evaluated", small, END_2023, evaluations=events, **window)
    assert with_events.records == ("p1", "p4", "p3")
    assert with_events.notes == ()


# --------------------------------------------------------------------------- communes


def registry() -> CommuneRegistry:
    old = [Commune(f"9800{i}", f"Xã Mẫu {i}", "06@63", "xã", valid_until=D(2025, 6, 30))
           for i in range(1, 5)]
    tn = Commune("97001", "Xã Mẫu TN", "19@63", "xã", valid_until=D(2025, 6, 30))
    new = [
        Commune("98001", "Xã Mẫu Mới 1", "19@34", "xã", valid_from=REORGANISATION_DATE,
                predecessor_codes=("98001", "98002")),
        Commune("98003", "Xã Mẫu Mới 2", "19@34", "xã", valid_from=REORGANISATION_DATE,
                predecessor_codes=("98003",)),
        Commune("98004", "Xã Mẫu Mới 3", "19@34", "xã", valid_from=REORGANISATION_DATE,
                predecessor_codes=("98004", "97001")),
    ]
    return CommuneRegistry([*old, tn, *new])


def test_communes_and_per_commune() -> None:
    products = [product("a", commune="98001"), product("b", commune="98001"),
                product("c", commune="98002"),
                product("d", province_id="19@34", commune="98003"),
                product("e", province_id="19@34", commune="98001"),
                product("f", province_id="19@34", commune="98004")]
    certs = [cert(p.id, D(2024, 1, 1) if p.province_id == "06@63" else D(2025, 9, 1))
             for p in products]
    pf = Portfolio.build(products, SUBJECTS, certs, communes=registry())
    on = D(2025, 12, 31)
    per = value("products-per-commune", pf, on)
    assert (per.value, per.numerator, per.denominator) == (Fraction(5, 4), 5, 4)
    assert value("products-per-commune", pf, on, parameters={"communes": 10}).value == \
        Fraction(1, 2)
    communes = value("communes-with-products", pf, on)
    assert communes.records == ("98001", "98002", "98003")
    assert (communes.value, communes.denominator) == (3, 4)
    assert "single commune" in communes.notes[0]  # e: merged from two old communes
    bare = Portfolio.build(products, SUBJECTS, certs)
    with pytest.raises(NotMeasurableError):
        value("products-per-commune", bare, on)
    assert value("products-per-commune", bare, on, communes=registry()).value == Fraction(5, 4)


def test_located_within_lineage() -> None:
    reg = registry()
    merged = product("x", province_id="19@34", commune="98001")
    mixed = product("y", province_id="19@34", commune="98004")
    assert located_within(BK, merged, reg)
    assert not located_within(BK, merged)
    assert not located_within(BK, mixed, reg)  # one predecessor lay in old Thái Nguyên
    new_tn = province("Thái Nguyên", on=D(2026, 1, 1))
    assert located_within(new_tn, product("z"))  # old Bắc Kạn lies within new Thái Nguyên
    coded = Product("w", "Sản phẩm mẫu w", 6, "s1", "19@34", code="06-98001-3-2024")
    assert located_within(BK, coded)
    # an unmerged province continued under a new id is the same territory
    assert located_within(province("22@63"), product("q", province_id="22@34"))
    assert not located_within(province("22@63"), product("h", province_id="01@34"))


def test_scope_parameters() -> None:
    s = IndicatorScope(END_2023, parameters={"n": "x", "d": "2024-01-02", "k": True})
    assert s.date_param("d", None) == D(2024, 1, 2)
    assert s.str_param("n", None) == "x"
    for call in (lambda: s.int_param("k", 1), lambda: s.int_param("n", 1),
                 lambda: s.date_param("n", None), lambda: s.str_param("k", None)):
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.codes == ("invalid-parameter",)
    assert IndicatorScope(END_2023, D(2024, 1, 1)).window == (D(2024, 1, 1), END_2023)
    assert IndicatorScope(END_2023).window[0] == date.min


# --------------------------------------------------------------------------- registry


def test_registry() -> None:
    reg = builtin_indicators()
    assert len(reg) == len(set(reg.ids)) >= 14
    assert all(i.check() == [] for i in reg)
    assert {i.id for i in reg if i.flow} == {
        "new-products", "upgraded-products", "consolidated-products", "new-subjects",
        "products-evaluated"}
    with pytest.raises(ValidationError) as err:
        reg.get("five-stars-products")
    assert err.value.problems[0].suggestion == "five-star-products"
    extra = Indicator(id="plugin.sale-points", name_vi="Điểm bán", name_en="Sale points",
                      unit="sale points", compute=lambda pf, s: IndicatorValue(0))
    bigger = reg.with_indicators([extra])
    assert "plugin.sale-points" in bigger
    assert "plugin.sale-points" not in reg
    with pytest.raises(DataError) as dup:
        bigger.with_indicators([extra])
    assert dup.value.codes == ("duplicate-indicator",)
    with pytest.raises(ValidationError):
        Indicator(id="Bad Id", name_vi="x", name_en="x", unit="x",
                  compute=lambda pf, s: IndicatorValue(0))
    assert extra(Portfolio.build([], [], []), IndicatorScope(END_2023)).value == 0
    assert Indicator(id="x", name_vi=" ", name_en="x", unit="",
                     compute=lambda pf, s: IndicatorValue(0)).check() != []


def test_cache_follows_the_portfolio(small: Portfolio) -> None:
    first = value("products-recognised", small, END_2023).value
    other = Portfolio.build([product("p1")], SUBJECTS, [cert("p1", D(2021, 1, 1))])
    assert value("products-recognised", other, END_2023).value == 1
    assert value("products-recognised", small, END_2023).value == first
    assert value("products-recognised", small, END_2023, area=None).value == first
