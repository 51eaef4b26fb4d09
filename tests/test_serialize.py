"""JSON forms: lossless round trips, the portal form of assessments, located bilingual errors."""

from __future__ import annotations

import contextlib
import json
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocopkit import rulesets
from ocopkit.certification import Certificate, Portfolio, RevocationGround
from ocopkit.errors import OcopError, ValidationError
from ocopkit.io import (
    SCHEMA_VERSION,
    converter,
    from_dict,
    from_json,
    load_assessments,
    parse_json,
    to_dict,
    to_json,
)
from ocopkit.places import Province, province
from ocopkit.products import LegalRepresentative, Product, Subject, SubjectKind
from ocopkit.rulesets import (
    MINISTRY_MAE,
    PROVINCE,
    AssessmentKind,
    Attributed,
    BandOrNothing,
    Citation,
    CriterionOverride,
    Gate,
    HalfOpenBands,
    IntegerBands,
    OptionChange,
    RuleSet,
    Scorecard,
)
from ocopkit.scoring import (
    Answer,
    Assessment,
    Evaluation,
    Gap,
    Level,
    ScoreSheet,
    evaluate,
    gap_to_next_star,
)
from ocopkit.testing.strategies import assessments

RS26 = rulesets.get("vn-qd-26-2026")
CARD7 = RS26.scorecard(7)


def best_answers() -> dict[str, str]:
    return {c.id: c.options[-1].id for c in CARD7}


def portal(**changes: Any) -> dict[str, Any]:
    """The portal form of the brief (a 4★-ish dossier of set 7)."""
    doc: dict[str, Any] = {
        "product_set": 7, "assessed_on": "2026-06-15", "ruleset_id": None, "level": "province",
        "kind": "first", "submitted_on": None, "province": "22",
        "product_code": "22-06733-3-2026", "product_id": None, "name": "Trà hoa vàng",
        "sheets": [{"scorer": "A", "answers": best_answers()}],
        "disqualifiers": [], "evidence": {"lab-test": ["PKN-001"]},
    }
    doc.update(changes)
    return doc


def problems_of(text: str | bytes, cls: Any = Assessment, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        from_json(text, cls, **kwargs)
    return [(p.path, p.code) for p in info.value.problems]


# --------------------------------------------------------------------------- strategies

PROVINCE_IDS = ("01@34", "22@34", "06@63", "19@34", "49@63")


@st.composite
def subjects(draw: st.DrawFn, sid: str | None = None) -> Subject:
    kind = draw(st.sampled_from(list(SubjectKind)))
    share = None
    if kind is SubjectKind.JOINT_STOCK_COMPANY:
        share = draw(st.none() | st.fractions(min_value=0, max_value=1, max_denominator=1000))
    rep = draw(st.none() | st.builds(
        LegalRepresentative, st.sampled_from(["Nguyễn Thị Mẫu", "Hoàng Văn A"]),
        st.booleans(), st.booleans(), st.booleans()))
    return Subject(sid or draw(st.from_regex(r"s[0-9]{1,4}", fullmatch=True)),
                   draw(st.sampled_from(["HTX Mẫu", "Công ty CP Trà", "Hộ Đặng Văn Ơn"])),
                   kind, draw(st.sampled_from(PROVINCE_IDS)),
                   commune_code=draw(st.none() | st.from_regex(r"[0-9]{5}", fullmatch=True)),
                   legal_representative=rep, community_capital_share=share,
                   in_value_chain=draw(st.none() | st.booleans()))


@st.composite
def products(draw: st.DrawFn, pid: str | None = None, subject_id: str = "s1") -> Product:
    prov = draw(st.sampled_from(PROVINCE_IDS))
    code_province = prov[:2]
    year = 2026 if prov.endswith("@34") else draw(st.integers(2019, 2024))
    commune = draw(st.from_regex(r"[0-9]{5}", fullmatch=True))
    code = draw(st.none() | st.just(f"{code_province}-{commune}-{draw(st.integers(1, 99))}-{year}"))
    return Product(pid or draw(st.from_regex(r"p[0-9]{1,4}", fullmatch=True)),
                   draw(st.sampled_from(["Miến dong", "Trà hoa vàng", "Mứt gừng Ê Đê"])),
                   draw(st.integers(1, 26)), subject_id, prov, code=code,
                   name_en=draw(st.none() | st.just("Ginger jam")),
                   commune_code=commune if code is not None and draw(st.booleans()) else None)


@st.composite
def certificates(draw: st.DrawFn, product_id: str = "p1", number: str | None = None,
                 issued: date | None = None) -> Certificate:
    on = issued or draw(st.dates(date(2026, 5, 22), date(2030, 12, 31)))
    stars = draw(st.integers(3, 5))
    cert = Certificate.issue(
        number=number or draw(st.from_regex(r"GCN-[0-9]{1,5}", fullmatch=True)),
        product_id=product_id, stars=stars,
        decision_number=draw(st.sampled_from(["12/QĐ-UBND", "1234/QĐ-BNNMT"])),
        decision_date=on, authority=MINISTRY_MAE if stars == 5 else PROVINCE,
        ruleset_id="vn-qd-26-2026",
        evaluated_on=draw(st.none() | st.just(on - timedelta(days=20))))
    if draw(st.booleans()):
        cert = cert.revoke(on + timedelta(days=draw(st.integers(0, 300))),
                           draw(st.sampled_from(list(RevocationGround))),
                           draw(st.none() | st.just("kiểm tra đột xuất")))
    return cert


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    n = draw(st.integers(1, 4))
    subject_list = [draw(subjects(sid=f"s{i}")) for i in range(n)]
    product_list = [draw(products(pid=f"p{i}", subject_id=f"s{i % n}")) for i in range(n + 1)]
    certs = [draw(certificates(product_id=p.id, number=f"GCN-{i}"))
             for i, p in enumerate(product_list) if draw(st.booleans())]
    return Portfolio.build(product_list, subject_list, certs)


# --------------------------------------------------------------------------- round trips


@pytest.mark.property
@given(assessments(sheets=(1, 3)))
def test_assessment_round_trip_is_lossless(a: Assessment) -> None:
    assert from_json(to_json(a), Assessment) == a
    assert from_dict(to_dict(a), Assessment, check=False) == a


@pytest.mark.property
@given(assessments(product_set=7, sheets=(1, 2)),
       st.frozensets(st.sampled_from(["HS", "HS2", "lab", "x"]), max_size=2),
       st.dictionaries(st.sampled_from(["lab-test", "on-site-appraisal"]),
                       st.lists(st.text(min_size=1, max_size=8), max_size=2), max_size=2),
       st.sampled_from(list(Level)), st.none() | st.dates(date(2026, 1, 1), date(2026, 5, 1)))
def test_assessment_optional_fields_round_trip(a: Assessment, flags: frozenset[str],
                                               evidence: dict[str, list[str]], level: Level,
                                               submitted: date | None) -> None:
    full = attrs.evolve(a, disqualifiers=flags, evidence=evidence, level=level,
                        submitted_on=submitted, name="Trà ✓", product_id="p-1")
    assert from_json(to_json(full), Assessment, check=False) == full


@pytest.mark.property
@settings(max_examples=15)
@given(assessments(sheets=(1, 3)))
def test_evaluation_round_trip_rederives_the_scorecard(a: Assessment) -> None:
    ev = evaluate(a)
    back = from_json(to_json(ev), Evaluation)
    assert back == ev
    assert back.scorecard == ev.scorecard
    assert back.bands == ev.bands
    assert gap_to_next_star(back) == gap_to_next_star(ev)


@pytest.mark.property
@settings(max_examples=15)
@given(assessments(product_set=7, sheets=(1, 3)))
def test_gap_round_trip(a: Assessment) -> None:
    gap = gap_to_next_star(evaluate(a))
    assert from_json(to_json(gap), Gap) == gap


@pytest.mark.property
@given(st.fractions())
def test_fractions_are_exact_strings(x: Fraction) -> None:
    text = to_dict(x)
    assert text == str(x)
    assert from_dict(text, Fraction) == x


@pytest.mark.property
@given(st.decimals(allow_nan=False, allow_infinity=False, places=4))
def test_decimal_strings_and_json_decimals_are_read_exactly(d: Decimal) -> None:
    text = format(d, "f")
    assert from_dict(text, Fraction) == Fraction(d)
    assert from_json(text, Fraction) == Fraction(d)  # a JSON number, read without float


@pytest.mark.property
@given(subjects())
def test_subject_round_trip(s: Subject) -> None:
    assert from_json(to_json(s), Subject) == s


@pytest.mark.property
@given(products())
def test_product_round_trip(p: Product) -> None:
    assert from_json(to_json(p), Product) == p


@pytest.mark.property
@given(certificates())
def test_certificate_round_trip(c: Certificate) -> None:
    assert from_json(to_json(c), Certificate) == c


@pytest.mark.property
@settings(max_examples=20)
@given(portfolios())
def test_portfolio_round_trip(pf: Portfolio) -> None:
    back = from_json(to_json(pf), Portfolio)
    assert back == pf
    assert back.in_force(date(2028, 1, 1)) == pf.in_force(date(2028, 1, 1))


@pytest.mark.parametrize("ruleset", rulesets.all_rulesets(), ids=lambda r: r.id)
def test_ruleset_round_trip_keeps_the_content_hash(ruleset: RuleSet) -> None:
    data = to_dict(ruleset)
    assert data["content_hash"] == ruleset.content_hash
    back = from_dict(json.loads(json.dumps(data)), RuleSet)
    assert back == ruleset
    assert back.content_hash == ruleset.content_hash


@pytest.mark.parametrize("number", [1, 7, 26])
def test_scorecard_round_trip(number: int) -> None:
    card = RS26.scorecard(number)
    back = from_json(to_json(card), Scorecard)
    assert back == card
    assert back.criteria == card.criteria
    assert back.disqualifiers == card.disqualifiers


def test_ruleset_with_a_tampered_hash_is_refused() -> None:
    data = to_dict(rulesets.get("vn-qd-148-2023"))
    data["part_max"]["A"] = 41
    with pytest.raises(ValidationError) as info:
        from_dict(data, RuleSet)
    assert info.value.codes == ("hash-mismatch",)
    assert info.value.problems[0].path == "$.content_hash"


def test_province_round_trip() -> None:
    for query in ("Bắc Kạn", "22@34", "Thành phố Hà Nội"):
        p = province(query) if "@" in query or query != "Thành phố Hà Nội" else province(
            query, on=date(2026, 1, 1))
        assert from_json(to_json(p), Province) == p


def _target_kwargs(**kwargs: Any) -> dict[str, Any]:
    from ocopkit.targets import Target

    names = {f.name for f in attrs.fields(Target)}
    return {k: v for k, v in kwargs.items() if k in names}


def test_plan_and_target_round_trip() -> None:
    from ocopkit.targets import Plan, Target

    target = Target.between("new-3-star", 80, 130, **_target_kwargs(
        unit="products", label_vi="Sản phẩm mới", label_en="New products",
        indicator="new-products", citation=Citation("KH 3799/KH-UBND", None, "“từ 80 - 130”"),
        quote="từ 80 - 130 sản phẩm", parameters={"min_stars": 3, "basis": "in-force"}))
    share = Target.minimum("coops", "2/5", **_target_kwargs(
        unit="share", label_vi="HTX", label_en="Cooperatives",
        citation=Citation("KH", None, "“ít nhất 40%”"), quote="ít nhất 40%", per_year=True,
        deadline=date(2025, 12, 31), baseline=Fraction(1, 3)))
    plan = Plan(id="vn-22-test", province="Quảng Ninh", name_vi="Kế hoạch OCOP",
                name_en="OCOP plan", period_start=date(2021, 1, 1), period_end=date(2025, 12, 31),
                targets=(target, share), source=Citation("Báo Quảng Ninh"),
                adopted_on=date(2021, 3, 1))
    assert from_json(to_json(plan), Plan) == plan
    assert to_dict(share)["low"] == "2/5"
    assert to_dict(target)["parameters"] == {"min_stars": 3, "basis": "in-force"}


def test_sample_plans_round_trip() -> None:
    pytest.importorskip("ocopkit.samples")
    from ocopkit.samples import sample_plans
    from ocopkit.targets import Plan

    for plan in sample_plans().values():
        assert from_json(to_json(plan), Plan) == plan


def test_attainment_report_is_written_but_not_read() -> None:
    pytest.importorskip("ocopkit.samples")
    from ocopkit.samples import sample_plans, sample_portfolio
    from ocopkit.targets import AttainmentReport, attainment

    plan = sample_plans()["vn-06-ocop-2021-2025"]
    report = attainment(plan, sample_portfolio(), date(2024, 12, 31))
    data = json.loads(to_json(report))
    assert data["as_of"] == "2024-12-31"
    assert len(data["rows"]) == len(report.rows)
    assert "context" not in data
    with pytest.raises(ValidationError) as info:
        from_json(to_json(report), AttainmentReport)
    assert info.value.codes == ("write-only",)


# --------------------------------------------------------------------------- conventions


def test_portal_form_of_the_brief() -> None:
    text = json.dumps({
        "product_set": 7, "assessed_on": "2026-06-15", "ruleset_id": None, "level": "province",
        "kind": "first", "submitted_on": None, "province": "22",
        "product_code": "22-06733-3-2026", "product_id": None, "name": "Trà",
        "sheets": [{"scorer": "A", "answers": {"1.1": "1.1.c", "1.2": 2}}],
        "disqualifiers": ["HS"], "evidence": {"lab-test": ["PKN-001"]}})
    a = from_json(text, Assessment, check=False)
    assert a.sheets[0].answers == (Answer("1.1", "1.1.c"), Answer("1.2", points=2))
    assert a.disqualifiers == frozenset({"HS"})
    assert a.evidence_keys == frozenset({"lab-test"})
    assert list(to_dict(a)) == ["product_set", "assessed_on", "ruleset_id", "level", "kind",
                                "submitted_on", "province", "product_code", "product_id",
                                "name", "sheets", "disqualifiers", "evidence"]
    assert json.loads(to_json(a)) == json.loads(text)


def test_answer_with_option_and_points_and_empty_answer() -> None:
    sheet = ScoreSheet((Answer("1.1", "1.1.c", 2), Answer("1.2")), scorer=None)
    a = Assessment(7, date(2026, 6, 1), (sheet,))
    assert to_dict(a)["sheets"][0]["answers"] == {
        "1.1": {"option": "1.1.c", "points": 2}, "1.2": {"option": None, "points": None}}
    assert from_json(to_json(a), Assessment, check=False) == a
    # null is "not answered": read as if the key were absent (issue 17.2), so the empty
    # answer is written as an object, and refused by the scorecard check
    loose = json.loads(to_json(a))
    loose["sheets"][0]["answers"]["1.2"] = None
    assert from_dict(loose, Assessment, check=False).sheets[0].answers == (sheet.answers[0],)
    assert ("$.sheets[0].answers['1.2']", "empty-answer") in problems_of(to_json(a))


def test_minimal_assessment_takes_defaults() -> None:
    a = from_json('{"product_set": 7, "assessed_on": "2026-06-15", '
                  f'"sheets": [{{"answers": {json.dumps(best_answers())}}}]}}', Assessment)
    assert a.level is Level.PROVINCE
    assert a.kind is AssessmentKind.FIRST
    assert evaluate(a).stars == 5


def test_sets_are_sorted_and_int_keys_are_strings() -> None:
    gate = Gate("qn-lab", "Quảng Ninh", frozenset({"on-site-appraisal", "lab-test"}),
                Citation("QĐ 1/QĐ-UBND"), "Thẩm định", "Appraisal")
    assert to_dict(gate)["requires"] == ["lab-test", "on-site-appraisal"]
    data = to_dict(RS26)
    assert "7" in data["scorecards"]
    assert data["authorities"]["5"][0][1]["id"] == "ministry-mae"


def test_tagged_unions_carry_an_explicit_kind_first() -> None:
    override = CriterionOverride("qn-1.5", "22", "1.5", (OptionChange("1.5.c", min_star=3),),
                                 Citation("QĐ 2/QĐ-UBND"), product_sets=frozenset({7, 12}))
    gate = Gate("qn-lab", "22", frozenset({"lab-test"}), Citation("QĐ 1"), "Thẩm định", "Lab")
    for item in (override, gate):
        data = to_dict(Attributed("ocopkit-quang-ninh", item))
        assert next(iter(data["item"])) == "kind"
        assert from_dict(data, Attributed) == Attributed("ocopkit-quang-ninh", item)
    assert to_dict(Attributed("x", override))["item"]["kind"] == "criterion-override"
    data = to_dict(Attributed("x", gate))
    data["item"]["kind"] = "gat"
    with pytest.raises(ValidationError) as info:
        from_dict(data, Attributed)
    problem = info.value.problems[0]
    assert (problem.path, problem.code, problem.suggestion) == ("$.item", "unknown-kind", "gate")
    del data["item"]["kind"]
    with pytest.raises(ValidationError) as info:
        from_dict(data, Attributed)
    assert info.value.codes == ("missing-kind",)


def test_protocol_fields_are_tagged() -> None:
    rs = attrs.evolve(rulesets.get("vn-qd-1048-2019"), tier_policy=BandOrNothing())
    data = to_dict(rs)
    assert data["bands"] == {"kind": "integer", "gap": "floor"}
    assert data["tier_policy"] == {"kind": "band-or-nothing", "id": "band-or-nothing"}
    back = from_dict(data, RuleSet)
    assert isinstance(back.bands, IntegerBands)
    assert isinstance(back.tier_policy, BandOrNothing)
    assert to_dict(HalfOpenBands(), unstructure_as=type(RS26.bands))["thresholds"] == [
        30, 50, 70, 90]


def test_converter_factory_builds_independent_converters() -> None:
    a, b = converter(), converter()
    assert a is not b
    assert a.structure("179/2", Fraction) == Fraction(179, 2)
    assert SCHEMA_VERSION == "1"


# --------------------------------------------------------------------------- errors


def test_duplicate_answer_is_a_problem_not_last_wins() -> None:
    text = ('{"product_set": 7, "assessed_on": "2026-06-15", "sheets": [{"answers": '
            '{"1.1": "1.1.a", "1.2": "1.2.a", "1.1": "1.1.d"}}]}')
    found = problems_of(text)
    assert ("$.sheets[0].answers['1.1']", "duplicate-answer") in found


def test_duplicate_keys_elsewhere_are_reported() -> None:
    value, problems = parse_json('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}')
    assert [(p.path, p.code) for p in problems] == [("$['a']", "duplicate-key"),
                                                     ("$.b['c']", "duplicate-key")]
    assert value["a"] == 3


def test_unknown_option_is_located_and_bilingual() -> None:
    answers = best_answers()
    answers["1.5"] = "1.5.bb"
    with pytest.raises(ValidationError) as info:
        from_json(json.dumps(portal(sheets=[{"scorer": "A", "answers": answers}])), Assessment)
    (problem,) = info.value.problems
    assert problem.path == "$.sheets[0].answers['1.5']"
    assert problem.code == "unknown-option"
    assert problem.suggestion == "1.5.b"
    assert "has no option" in problem.message_en
    assert "không có phương án" in problem.message_vi
    assert "did you mean '1.5.b'?" in str(info.value)


def test_domain_problems_of_the_second_sheet_and_of_a_list() -> None:
    answers = best_answers()
    bad = dict(answers)
    bad["9.9"] = "9.9.a"
    doc = portal(sheets=[{"scorer": "A", "answers": answers}, {"scorer": "B", "answers": bad}])
    assert ("$.sheets[1].answers['9.9']", "unknown-criterion") in problems_of(json.dumps(doc))
    with pytest.raises(ValidationError) as info:
        load_assessments(json.dumps([portal(), doc]))
    assert [p.path for p in info.value.problems] == ["$[1].sheets[1].answers['9.9']"]
    assert len(load_assessments(json.dumps(portal()))) == 1
    assert len(load_assessments(json.dumps([portal(), portal()]))) == 2


def test_type_errors_are_all_reported_with_paths() -> None:
    found = problems_of(json.dumps({
        "product_set": "7", "assessed_on": "15/06/2026", "sheets": {}, "level": "prov",
        "evidence": {"lab": "x"}, "kind": 3, "nme": "x"}))
    assert set(found) == {
        ("$.product_set", "wrong-type"), ("$.assessed_on", "invalid-date"),
        ("$.sheets", "wrong-type"), ("$.level", "unknown-value"),
        ("$.evidence['lab']", "wrong-type"), ("$.kind", "wrong-type"),
        ("$.nme", "unknown-field")}


def test_unknown_field_suggests_and_missing_field_is_named() -> None:
    with pytest.raises(ValidationError) as info:
        from_json('{"product_set": 7, "assesed_on": "2026-06-15", "sheets": []}', Assessment)
    by_path = {p.path: p for p in info.value.problems}
    assert by_path["$.assesed_on"].suggestion == "assessed_on"
    assert by_path["$.assessed_on"].code == "missing-field"


def test_bool_is_not_an_int_and_float_is_not_exact() -> None:
    assert ("$.product_set", "wrong-type") in problems_of(
        json.dumps(portal(product_set=True)))
    with pytest.raises(ValidationError) as info:
        from_dict(89.5, Fraction)
    assert info.value.codes == ("inexact-number",)


def test_invalid_json_has_line_and_column() -> None:
    with pytest.raises(ValidationError) as info:
        from_json('{\n  "product_set": 7,\n  "assessed_on": \n}', Assessment, source="a.json")
    (problem,) = info.value.problems
    assert problem.code == "invalid-json"
    assert problem.path == "a.json:4:1"
    assert "line 4, column 1" in problem.message_en


@pytest.mark.parametrize(("text", "code"), [
    (b"\xff\xfe{}", "invalid-encoding"),
    ("NaN", "invalid-json"),
    ('{"a": Infinity}', "invalid-json"),
    ("[" * 100_000, "too-deep"),
    ("", "invalid-json"),
])
def test_malformed_input_gives_one_validation_error(text: str | bytes, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        from_json(text, Assessment)
    assert info.value.codes == (code,)


def test_bom_is_accepted() -> None:
    text = "\ufeff" + json.dumps(portal())
    assert from_json(text.encode("utf-8"), Assessment).name == "Trà hoa vàng"
    assert from_json(text, Assessment).name == "Trà hoa vàng"


def test_evaluation_under_changed_rules_is_refused() -> None:
    ev = evaluate(from_dict(portal(), Assessment))
    data = to_dict(ev)
    data["provenance"]["ruleset_hash"] = "sha256:" + "0" * 64
    with pytest.raises(ValidationError) as info:
        from_dict(data, Evaluation)
    assert info.value.codes == ("ruleset-changed",)


def test_constructor_errors_become_located_problems() -> None:
    data = {"id": "p1", "name": "Trà", "product_set": 99, "subject_id": "s1",
            "province_id": "22@34", "code": "22-6733-3-2026"}
    with pytest.raises(ValidationError) as info:
        from_dict(data, Product)
    assert ("$.code.X", "invalid-commune-code") in [(p.path, p.code) for p in info.value.problems]
    cert = to_dict(Certificate.issue(number="N", product_id="p", stars=3, decision_number="1",
                                     decision_date=date(2026, 7, 1), authority=PROVINCE,
                                     ruleset_id="vn-qd-26-2026"))
    cert["stars"] = 2
    with pytest.raises(ValidationError) as info:
        from_dict(cert, Certificate)
    assert info.value.problems[0].code == "stars-not-certifiable"
    doc = {"products": [data | {"product_set": 7, "code": None}], "subjects": [],
           "certificates": []}
    with pytest.raises(ValidationError) as info:
        from_dict(doc, Portfolio)
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("$.products[0].subject_id", "unknown-subject")]


# --------------------------------------------------------------------------- fuzz


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10)
    | st.sampled_from(["2026-06-15", "1.1.c", "179/2", "province", "HS", "22@34"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["product_set", "assessed_on", "sheets", "answers", "scorer", "kind",
                         "products", "subjects", "certificates", "number", "stars", "1.1",
                         "evidence", "level", "x"]), inner, max_size=5),
    max_leaves=20)


@pytest.mark.property
@given(JSON_VALUES, st.sampled_from([Assessment, Portfolio, Certificate, Evaluation, Subject,
                                     Product, RuleSet, list[Assessment]]))
def test_only_ocopkit_errors_escape_from_json(value: Any, cls: Any) -> None:
    problems: tuple[Any, ...] = ()
    try:
        from_json(json.dumps(value), cls)
    except ValidationError as exc:
        problems = exc.problems
    assert all(p.path and p.code and p.message_en and p.message_vi for p in problems)


@pytest.mark.property
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_never_raise_anything_else(data: bytes) -> None:
    with contextlib.suppress(OcopError):
        load_assessments(data)
