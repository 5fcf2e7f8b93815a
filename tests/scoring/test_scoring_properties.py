"""Property tests: bounds, monotonicity, agreement with a hand-written implementation, and
malformed input never crashing the engine."""

from __future__ import annotations

import importlib.util
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from evalcenter.explain import render_problem, render_trace, result_json
from evalcenter.scoring import InputError, Problem, load_ruleset
from evalcenter.scoring.evaluate import parse_reviews
from evalcenter.scoring.inputs import validate_application

from .conftest import ROOT, example, zh

RULESET = load_ruleset(ROOT / "scoring_rules" / "bj-excellent-etc-2025.yaml")
_spec = importlib.util.spec_from_file_location("score_bench", ROOT / "bench" / "score_bench.py")
bench = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(bench)  # type: ignore[union-attr]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

money = st.decimals(
    min_value=-1_000_000_000,
    max_value=1_000_000_000,
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
non_negative_money = st.decimals(
    min_value=0, max_value=1_000_000_000, places=2, allow_nan=False, allow_infinity=False
)
counts = st.integers(min_value=0, max_value=10_000_000)
small_counts = st.integers(min_value=0, max_value=200)


@st.composite
def applications(draw):
    """Valid applications (per the interchange format), often with edge values."""
    data = example(draw(st.sampled_from(["ic-manufacturer", "software-ict", "ineligible-small"])))
    for key in ("rd_expenditure", "rd_equipment_value", "training_expenditure"):
        data[key] = draw(st.one_of(non_negative_money, st.sampled_from([Decimal(0), 500, 1000])))
    data["main_revenue"] = draw(st.decimals(min_value="0.01", max_value=1_000_000_000, places=2))
    data["total_profit"] = draw(st.one_of(money, st.just(0)))
    data["new_product_profit"] = draw(money)
    data["new_product_revenue"] = draw(
        st.decimals(min_value=0, max_value=data["main_revenue"], places=2)
    )
    data["employees"] = draw(st.integers(min_value=1, max_value=10_000_000))
    data["rd_staff"] = draw(st.integers(min_value=0, max_value=data["employees"]))
    data["senior_experts_phd"] = draw(st.integers(min_value=0, max_value=data["employees"]))
    data["valid_ip"] = draw(st.one_of(small_counts, counts))
    data["valid_invention_patents"] = draw(st.integers(min_value=0, max_value=data["valid_ip"]))
    data["rd_projects"] = draw(st.one_of(st.just(0), small_counts))
    data["basic_applied_projects"] = draw(st.integers(0, data["rd_projects"]))
    for key in (
        "rd_staff_prev_year",
        "intl_talent_rd",
        "intl_talent_testing",
        "intl_talent_standards",
        "national_platforms",
        "provincial_platforms",
        "accredited_labs",
        "invention_applications_year",
        "standards_international",
        "standards_national",
        "standards_industry",
        "key_product_breakthroughs",
        "national_awards_3y",
        "provincial_awards_3y",
        "ai_cross_industry_projects",
        "verified_discrepancies",
    ):
        data[key] = draw(st.one_of(small_counts, counts))
    data["external_expert_person_months"] = draw(
        st.decimals(min_value=0, max_value=10_000, places=1)
    )
    for key in (
        "is_specialized_sme",
        "major_incident_3y",
        "chain_leader",
        "innovation_centre_or_pilot_platform",
        "integrity_violation_3y",
    ):
        data[key] = draw(st.booleans())
    data["sector"] = draw(st.sampled_from(["C", "I", "M", "E", "other"]))
    return data


reviews = st.lists(
    st.integers(min_value=0, max_value=200).map(lambda n: Decimal(n) / 2), max_size=8
)


@SETTINGS
@given(applications(), reviews)
def test_points_and_totals_stay_in_bounds(data, totals):
    r = RULESET.evaluate(data, totals)
    for ind in RULESET.indicators:
        assert 0 <= r.indicators[ind.id].points <= ind.weight
    for group in RULESET.groups:
        assert 0 <= r.groups[group.id] <= group.weight
    assert 0 <= r.bonus <= 10 and 0 <= r.penalty <= 25
    assert 0 <= r.quantitative <= 100
    assert r.composite is None or 0 <= r.composite <= 100
    assert r.quantitative == r.quantitative.quantize(Decimal("0.01"))


@SETTINGS
@given(applications(), reviews, st.booleans())
def test_engine_agrees_with_the_hand_written_implementation(data, totals, trace):
    app = RULESET.parse_application(data)
    result = RULESET.evaluate(app, totals, trace=trace)
    assert bench.engine_tuple(result) == bench.hand_score(dict(app.values), list(totals))


@SETTINGS
@given(applications(), reviews)
def test_trace_states_the_numbers_of_the_result(data, totals):
    result = RULESET.evaluate(data, totals)
    lines = render_trace(result.trace)
    assert lines[-1].startswith(f"Recommendation: {result.recommendation.replace('_', ' ')}")
    assert f"= {result.quantitative}" in next(x for x in lines if x.startswith("Quantitative"))
    for ind in result.indicators.values():
        line = next(x for x in lines if x.startswith(f"{ind.id}: "))
        assert line.endswith(f" {ind.points}")
    assert all("%(" not in line for line in render_trace(result.trace, zh, True))


GROWS = [  # (indicator, input whose growth cannot lower the indicator's value)
    ("A1", "rd_expenditure"),
    ("A2", "rd_expenditure"),
    ("A3", "rd_equipment_value"),
    ("B1", "rd_staff"),
    ("B2", "senior_experts_phd"),
    ("B3", "intl_talent_rd"),
    ("B4", "intl_talent_testing"),
    ("B5", "training_expenditure"),
    ("B6", "external_expert_person_months"),
    ("B7", "rd_staff"),
    ("C1", "valid_ip"),
    ("C2", "valid_invention_patents"),
    ("C3", "basic_applied_projects"),
    ("C4", "national_platforms"),
    ("C5", "provincial_platforms"),
    ("C6", "accredited_labs"),
    ("D1", "invention_applications_year"),
    ("D2", "standards_international"),
    ("D3", "new_product_revenue"),
    ("D4", "new_product_profit"),
    ("D5", "total_profit"),
    ("D6", "key_product_breakthroughs"),
]


@SETTINGS
@given(
    applications(),
    st.sampled_from(GROWS),
    st.integers(min_value=1, max_value=10_000_000),
    st.integers(min_value=0, max_value=2),
)
def test_points_never_decrease_when_the_input_grows(data, pair, step, places):
    indicator, key = pair
    before = RULESET.evaluate(data).indicators[indicator]
    grown = dict(data)
    grown[key] = data[key] + (
        step
        if isinstance(data[key], int)
        else Decimal(step).scaleb(-min(places, 1 if key.startswith("external") else 2))
    )
    problems = validate_application(grown, RULESET.inputs)[1]
    assume(not problems)  # growing may break "subset <= whole" or the magnitude limit
    after = RULESET.evaluate(grown).indicators[indicator]
    assert after.value >= before.value
    assert after.points >= before.points


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | st.decimals()
    | st.sampled_from(["NaN", "1e309", "7", "yes", "true", "Z", ""]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
keys = st.sampled_from([s.key for s in RULESET.inputs]) | st.text(max_size=12)


@SETTINGS
@given(
    st.dictionaries(keys, json_values, max_size=12),
    st.booleans(),
    st.sampled_from(["scoring", "applicant", "import", "admin"]),
)
def test_malformed_applications_give_problems_not_crashes(changes, start_valid, source):
    data = example("ic-manufacturer") if start_valid else {}
    data.update(changes)
    problems = validate_application(data, RULESET.inputs, source)[1]
    for p in problems:
        assert isinstance(p, Problem)
        english, chinese = render_problem(p), render_problem(p, zh, True)
        assert english and chinese and english != chinese
        (english + chinese).encode("utf-8")  # storable and printable
    if not problems:
        result_json(RULESET.evaluate(data, source=source))
    blocking = RULESET.check_submittable(data, source)
    assert {p.key for p in problems} <= {p.key for p in blocking}


@SETTINGS
@given(json_values)
def test_any_document_shape_gives_problems(document):
    problems = validate_application(document, RULESET.inputs)[1]
    assert problems and all(isinstance(p, Problem) for p in problems)


@SETTINGS
@given(st.lists(json_values, max_size=6))
def test_malformed_reviews_give_problems_not_crashes(totals):
    try:
        parsed = parse_reviews(totals, RULESET.model.expert)
    except InputError as exc:
        assert exc.problems and all(isinstance(p, Problem) for p in exc.problems)
        assert all(render_problem(p, zh, True) for p in exc.problems)
    else:
        assert len(parsed) == len(totals) and all(0 <= r <= 100 for r in parsed)
