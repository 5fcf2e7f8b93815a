"""Hand-computed cases built to the indicator system, beyond the spec's examples."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from decimal import Decimal

import pytest

from evalcenter.explain import render_step, render_trace
from evalcenter.scoring import InputError

from .conftest import example


def trace_text(result):
    return "\n".join(render_trace(result.trace))


D = Decimal


def score(ruleset, changes=None, reviews=(82, 78.5, 85, 90, 74), base="ic-manufacturer"):
    data = example(base)
    data.update(changes or {})
    return ruleset.evaluate(data, list(reviews) if reviews is not None else None)


def test_zero_denominators_score_zero_and_say_why(ruleset):
    r = score(
        ruleset,
        {"rd_staff_prev_year": 0, "rd_projects": 0, "basic_applied_projects": 0, "total_profit": 0},
    )
    for ind in ("B7", "C3", "D4"):
        assert r.indicators[ind].zero_denominator
        assert r.indicators[ind].value == 0 and r.indicators[ind].points == D("0.00")
    assert not r.indicators["D5"].zero_denominator and r.indicators["D5"].points == 0
    assert (r.base, r.quantitative, r.composite) == (D("70.62"), D("74.62"), D("77.50"))
    assert r.recommendation == "shortlist"
    text = trace_text(r)
    assert "B7 R&D staff growth: value = 0 because the denominator rd_staff_prev_year is 0" in text
    assert "denominator is zero" in text


def test_negative_profit_does_not_give_positive_share(ruleset):
    r = score(ruleset, {"total_profit": -500, "new_product_profit": -100})
    assert r.indicators["D4"].zero_denominator  # −100 / −500 would be +20 %
    assert r.indicators["D4"].points == 0
    assert r.indicators["D5"].value < 0 and r.indicators["D5"].branch == "not_positive"
    assert (r.quantitative, r.composite) == (D("79.76"), D("80.59"))


def test_values_exactly_on_basic_and_full_levels(ruleset):
    r = score(
        ruleset,
        {
            "main_revenue": 100000,
            "rd_expenditure": 3000,
            "rd_equipment_value": 2000,
            "senior_experts_phd": 3,
            "valid_invention_patents": 3,
            "accredited_labs": 3,
        },
    )
    assert r.indicators["A1"].value == 3 and r.indicators["A1"].points == D("6.00")  # 0.6 × 10
    assert r.indicators["A1"].branch == "up_to_basic"
    assert r.indicators["A3"].branch == "full" and r.indicators["A3"].points == D("6.00")
    assert r.indicators["B2"].points == D("3.00")
    assert r.indicators["C2"].points == D("2.40")
    assert r.indicators["C6"].points == D("4.00")


def test_half_up_where_binary_floats_round_down(ruleset):
    r = score(ruleset, {"main_revenue": 64000, "rd_expenditure": 1932}, reviews=(80, 80, 80, 80.5))
    assert r.indicators["A1"].value == D("3.01875")
    assert r.indicators["A1"].points == D("6.02")  # exactly 6.015 → 6.02
    v = 1932 / 64000 * 100
    as_float = 10 * (0.6 + 0.4 * (v - 3) / 5)
    assert as_float < 6.015 and math.floor(as_float * 100 + 0.5) / 100 == 6.01
    assert r.panel.score == D("80.13")  # 80.125 half-up (Python's round() gives 80.12)
    assert round(80.125, 2) == 80.12
    assert r.composite == D("81.29")


def test_bonus_and_penalty_caps(ruleset):
    r = score(
        ruleset,
        {
            "ai_cross_industry_projects": 5,
            "national_awards_3y": 2,
            "innovation_centre_or_pilot_platform": True,
            "chain_leader": True,
            "major_incident_3y": True,
            "verified_discrepancies": 4,
        },
        reviews=(61, 58, 66),
        base="ineligible-small",
    )
    items = r.bonus_items
    assert (items["E2"].raw, items["E2"].points, items["E2"].capped) == (10, D("4.00"), True)
    assert (items["E3"].raw, items["E3"].points) == (6, D("4.00"))
    assert r.bonus == D("10.00")
    assert r.penalty_items["P2"].points == D("15.00") and r.penalty == D("25.00")
    assert r.quantitative == D("16.57")
    assert "capped at 10" in trace_text(r)


def test_quantitative_is_clamped_at_zero(ruleset):
    r = score(
        ruleset,
        {
            "major_incident_3y": True,
            "verified_discrepancies": 3,
            "rd_expenditure": 0,
            "new_product_revenue": 0,
            "valid_ip": 0,
            "valid_invention_patents": 0,
            "rd_equipment_value": 0,
        },
        base="ineligible-small",
        reviews=None,
    )
    assert r.base - r.penalty < 0
    assert r.quantitative == D("0.00")


@pytest.mark.parametrize(
    ("changes", "passes"),
    [
        ({}, True),
        ({"main_revenue": 20000}, False),
        ({"rd_expenditure": "499.99"}, False),
        ({"is_specialized_sme": False}, False),
        ({"is_specialized_sme": False, "rd_expenditure": 1000}, True),
    ],
)
def test_sme_path_of_gate_g4(ruleset, changes, passes):
    data = {
        "is_specialized_sme": True,
        "main_revenue": "19999.99",
        "rd_expenditure": 500,
        "centre_level": "municipal",
        "rd_staff": 60,
        "valid_ip": 10,
    }
    data.update(changes)
    r = score(ruleset, data, base="ineligible-small", reviews=(61, 58, 66))
    assert [g.id for g in r.failed_gates] == ([] if passes else ["G4"])
    assert r.eligible is passes


@pytest.mark.parametrize(
    ("sector", "a1", "a3", "b1"),
    [
        ("C", "10.00", "5.49", "5.42"),
        ("other", "10.00", "5.49", "5.42"),
        ("E", "10.00", "4.42", "6.00"),
        ("M", "7.11", "6.00", "3.02"),
        ("I", "7.11", "6.00", "3.02"),
    ],
)
def test_sector_specific_levels(ruleset, sector, a1, a3, b1):
    r = score(ruleset, {"sector": sector})
    got = tuple(str(r.indicators[i].points) for i in ("A1", "A3", "B1"))
    assert got == (a1, a3, b1)
    assert r.indicators["A1"].case == sector


@pytest.mark.parametrize(
    ("sector", "staff", "ok"),
    [("I", 80, True), ("I", 79, False), ("C", 60, True), ("C", 59, False), ("E", 60, True)],
)
def test_gate_g5_by_sector(ruleset, sector, staff, ok):
    r = score(ruleset, {"sector": sector, "rd_staff": staff})
    assert ("G5" in [g.id for g in r.failed_gates]) is not ok


def test_fewer_than_three_reviews_gives_no_panel(ruleset):
    for reviews in ((), (82,), (82, 78.5)):
        r = score(ruleset, reviews=reviews)
        assert r.panel.score is None and r.composite is None
        assert r.recommendation == "pending"
        assert r.to_dict()["panel"] is None and r.to_dict()["composite"] is None
    r = score(ruleset, base="ineligible-small", reviews=(61,))
    assert r.recommendation == "ineligible"  # known without the panel


def test_five_or_more_reviews_drop_one_highest_and_lowest(ruleset):
    r = score(ruleset, reviews=(60, 70, 75, 80, 85, 90, 99))
    assert r.panel.dropped_highest == (D(99),) and r.panel.dropped_lowest == (D(60),)
    assert r.panel.score == D("80.00")
    r = score(ruleset, reviews=(90, 90, 70, 70, 80))  # ties: only one of each is dropped
    assert r.panel.used == (D(70), D(80), D(90)) and r.panel.score == D("80.00")
    r = score(ruleset, reviews=(61, 58, 66, 70))
    assert r.panel.score == D("63.75") and not r.panel.dropped_highest


def test_invalid_reviews_are_refused(ruleset):
    for bad in ((80, 80, 80.3), (80, 80, 101), (80, -1, 80), ("x", 80, 80), (float("nan"),)):
        with pytest.raises(InputError) as exc:
            score(ruleset, reviews=bad)
        assert exc.value.problems[0].key.startswith("reviews[")


def test_result_is_immutable(ruleset):
    r = score(ruleset)
    with pytest.raises(AttributeError):
        r.composite = D(1)
    with pytest.raises(TypeError):
        r.indicators["A1"] = None
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.indicators["A1"].points = D(1)
    with pytest.raises(TypeError):
        r.application.values["rd_staff"] = 1


def test_trace_steps_are_structured(ruleset):
    r = score(ruleset)
    codes = [s.code for s in r.trace]
    assert codes[0] == "ruleset" and codes[-1] == "recommendation_band"
    step = next(s for s in r.trace if s.code == "points_between" and s.subject == "A2")
    assert step.params["basic"] == 8 and step.params["points"] == D("4.32")
    assert step.params["points"] is r.indicators["A2"].points  # the very number computed
    assert render_step(step).startswith("A2: b = 8 < ")
    assert render_step(step.to_dict()) == render_step(step)  # the stored form renders alike
    assert "Composite = 0.6 × 86.31 + 0.4 × 81.83 = 84.52" in trace_text(r)
    assert "Recommendation: recommend (composite 84.52 ≥ 80)" in trace_text(r)


def test_trace_is_recorded_by_the_evaluation_itself(ruleset):
    plain = ruleset.evaluate(example("ic-manufacturer"), [82, 78.5, 85, 90, 74], trace=False)
    traced = score(ruleset)
    assert plain.to_dict() == traced.to_dict()
    assert plain.trace == traced.trace  # recorded on demand by the same code path
    steps = {(s.code, s.subject): s.params for s in traced.trace}
    for ind in traced.indicators.values():
        code = "points_band" if ind.branch == "band" else f"points_{ind.branch}"
        assert steps[(code, ind.id)]["points"] == ind.points
        assert steps[(code, ind.id)]["value"] == ind.value
    for gid, subtotal in traced.groups.items():
        assert steps[("group", gid)]["total"] == subtotal
    assert steps[("quantitative", "")]["total"] == traced.quantitative
    assert steps[("composite", "")]["composite"] == traced.composite


def test_ranking(ruleset):
    early, late = dt.datetime(2025, 3, 1), dt.datetime(2025, 3, 2)
    a = score(ruleset)  # composite 84.52
    b = score(ruleset, reviews=(50, 50, 50))  # shortlist
    c = score(ruleset, {"sector": "E"})  # 84.22
    pending = score(ruleset, reviews=())
    same = score(ruleset)
    ranked = ruleset.rank([(pending, early), (b, early), (c, early), (same, late), (a, early)])
    assert [(n, r) for n, r, _ in ranked] == [(1, a), (2, same), (3, c), (4, b), (5, pending)]
    # equal composite and quantitative: the larger A1 value first
    x = score(ruleset, {"rd_expenditure": 7355})  # A2 still 4.32
    assert x.composite == a.composite and x.value("A1") > a.value("A1")
    assert ruleset.rank([(a, early), (x, late)])[0][1] is x


def test_derived_precision_is_kept_until_points(ruleset):
    r = score(ruleset)
    # B5 = 96 / 312 = 0.3076…; rounding the value to 0.31 first would give 1.97, not 1.96
    assert r.indicators["B5"].points == D("1.96")


def test_parsed_application_is_reused_or_revalidated(ruleset, rules_text, ic):
    from evalcenter.scoring import Source, ruleset_from_bytes

    app = ruleset.parse_application(ic, Source.APPLICANT)
    assert ruleset.evaluate(app).application is app
    other = ruleset_from_bytes(
        rules_text.replace("  version: 1\n", "  version: 9\n", 1)
        .replace("max_length: 5000, optional", "max_length: 4000, optional")
        .encode(),
        "other.yaml",
        check_cases=False,
    )
    result = other.evaluate(app)  # different input declarations: validated again
    assert result.application is not app and result.quantitative == D("86.31")
