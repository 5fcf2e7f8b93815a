"""Application data validation: every "Bad input" case, all problems at once, bilingual."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evalcenter.explain import render_problem
from evalcenter.scoring import InputError, Source, load_json
from evalcenter.scoring.inputs import validate_application

from .conftest import example, zh


def problems(ruleset, data, source=Source.SCORING):
    return {p.key: p for p in validate_application(data, ruleset.inputs, source)[1]}


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("main_revenue", -5, "not_above"),
        ("rd_expenditure", -0.01, "below_minimum"),
        ("rd_expenditure", "-3", "below_minimum"),
        ("valid_ip", 7.5, "not_an_integer"),
        ("valid_ip", 7.0, "not_an_integer"),
        ("valid_ip", Decimal("7.0"), "not_an_integer"),
        ("valid_ip", "7", "not_a_number"),
        ("valid_ip", True, "not_a_number"),
        ("valid_ip", None, "not_a_number"),
        ("valid_ip", -1, "below_minimum"),
        ("valid_ip", 10_000_001, "above_maximum"),
        ("main_revenue", float("nan"), "not_finite"),
        ("main_revenue", float("inf"), "not_finite"),
        ("main_revenue", Decimal("NaN"), "not_finite"),
        ("main_revenue", 1e309, "not_finite"),
        ("main_revenue", Decimal("1e309"), "too_large"),
        ("main_revenue", 1_000_000_000.01, "too_large"),
        ("main_revenue", "12,000", "not_a_number"),
        ("main_revenue", "1e5", "not_a_number"),
        ("main_revenue", "abc", "not_a_number"),
        ("main_revenue", [1], "not_a_number"),
        ("main_revenue", 12.345, "too_many_decimals"),
        ("main_revenue", "12.345", "too_many_decimals"),
        ("external_expert_person_months", 26.55, "too_many_decimals"),
        ("chain_leader", "yes", "not_a_boolean"),
        ("chain_leader", "true", "not_a_boolean"),
        ("chain_leader", 1, "not_a_boolean"),
        ("sector", "Z", "not_a_choice"),
        ("sector", "c", "not_a_choice"),
        ("industry_field", "integrated_circuit", "not_a_choice"),
        ("sector", 3, "not_text"),
        ("rd_staff", 1241, "exceeds_whole"),
        ("senior_experts_phd", 1241, "exceeds_whole"),
        ("valid_invention_patents", 49, "exceeds_whole"),
        ("basic_applied_projects", 37, "exceeds_whole"),
        ("new_product_revenue", 86500.01, "exceeds_whole"),
        ("uscc", "91110108MA01XC7K2A", "bad_uscc"),
        ("uscc", "91110108MA01XC7K2", "bad_uscc"),
        ("uscc", "91110108MA01XC7KOM", "bad_uscc"),
        ("uscc", 91110108, "not_text"),
        ("company_name", "北京\ud800公司", "bad_characters"),
        ("centre_overview", "a\ud800", "bad_characters"),
        ("centre_overview", "line\rbreak", "control_characters"),
        ("centre_overview", "bell\x07", "control_characters"),
        ("sector", "\udfff", "bad_characters"),
        ("company_name", " 北 ", "too_short"),
        ("company_name", "x" * 101, "too_long"),
        ("company_name", "北京\x00公司", "control_characters"),
        ("centre_overview", "字" * 5001, "too_long"),
        ("centre_overview", 5, "not_text"),
    ],
)
def test_bad_value_is_refused(ruleset, ic, key, value, code):
    ic[key] = value
    found = problems(ruleset, ic)
    assert list(found) == [key]
    assert found[key].code == code
    english, chinese = render_problem(found[key]), render_problem(found[key], zh, True)
    assert english and chinese and "%(" not in english + chinese and english != chinese
    with pytest.raises(InputError):
        ruleset.evaluate(ic)


def test_unknown_and_missing_keys(ruleset, ic):
    ic["rd_expenditur"] = 1
    del ic["valid_ip"]
    found = problems(ruleset, ic)
    assert found["rd_expenditur"].code == "unknown_key"
    assert "did you mean 'rd_expenditure'" in render_problem(found["rd_expenditur"])
    assert found["valid_ip"].code == "missing"
    assert "有效知识产权" in render_problem(found["valid_ip"], zh, True)


def test_every_problem_is_reported_at_once(ruleset, ic):
    ic.update(
        {
            "sector": "Z",
            "rd_staff": 2000,
            "uscc": "91110108MA01XC7K2A",
            "chain_leader": "yes",
            "valid_ip": 7.0,
            "main_revenue": "NaN",
            "extra": 1,
        }
    )
    del ic["employees"]
    keys = [p.key for p in validate_application(ic, ruleset.inputs)[1]]
    assert sorted(keys) == sorted(
        ["sector", "uscc", "chain_leader", "valid_ip", "main_revenue", "extra", "employees"]
    )
    # rd_staff cannot be compared with a missing whole: no spurious problem


def test_messages_name_the_field_and_tools_the_key(ruleset, ic):
    """People read the field's label; the data key is for tools (the CLI prints it first)."""
    ic["rd_staff"] = 2000
    p = problems(ruleset, ic)["rd_staff"]
    assert render_problem(p) == "R&D staff (2000) cannot be larger than employees (1240)."
    assert render_problem(p, zh, True) == "“研发人员数”（2000）不能大于“职工总数”（1240）。"
    assert str(p).startswith("rd_staff: exceeds_whole(name=R&D staff")  # code and parameters
    assert render_problem(p.to_dict(), zh, True) == render_problem(p, zh, True)  # stored form


def test_one_uscc_check_and_one_message(ruleset, ic):
    from evalcenter.scoring import uscc

    assert uscc.problem("91110108ma01xc7k2m ") is None
    for bad in ("91110108MA01XC7K2A", "9111", "91110108MA01XC7KOM", None, ""):
        problem = uscc.problem(bad)
        assert problem.code == "bad_uscc"
        assert render_problem(problem).startswith("The unified social credit code is not valid")
        assert render_problem(problem, zh, True).startswith("统一社会信用代码无效：")
    ic["uscc"] = "91110108MA01XC7K2A"
    engine = problems(ruleset, ic)["uscc"]
    assert "18 characters" in render_problem(engine) and "business licence" in render_problem(
        engine
    )


def test_non_object_documents(ruleset):
    for doc in (None, [], "x", 3):
        found = validate_application(doc, ruleset.inputs)[1]
        assert [p.code for p in found] == ["not_an_object"]


@pytest.mark.parametrize(
    ("text", "code", "key"),
    [
        (b'{"a": "\\ud800"}', "json_surrogate", "a"),
        (b'{"a": [{"\\udc00x": 1}]}', "json_surrogate", "a[0].\\udc00x"),
        (b"[" * 5000 + b"]" * 5000, "json_too_deep", ""),
        (b'{"a": ' + b"[" * 30 + b"]" * 30 + b"}", "json_too_deep", "a" + "[0]" * 20),
        (b'{"a": 1e999999999}', "json_number", "a"),
        (b'{"a": ' + b"9" * 10_000 + b"}", "json_number", "a"),
        (b'{"a": 0.' + b"1" * 200 + b"}", "json_number", "a"),
        (b'{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}', "json_duplicate_key", ""),
        (b'{"a": 1,}', "json_syntax", ""),
        (b"\xff\xfe{}", "json_encoding", ""),
    ],
)
def test_json_reading_refuses_as_listed_problems(text, code, key):
    with pytest.raises(InputError) as exc:
        load_json(text)
    assert isinstance(exc.value, ValueError)
    found = exc.value.problems
    assert code in {p.code for p in found} and key in {p.key for p in found}, found
    for p in found:
        assert render_problem(p) and render_problem(p, zh, True)
        render_problem(p).encode("utf-8")


def test_json_duplicate_keys_are_named():
    with pytest.raises(InputError) as exc:
        load_json('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}')
    texts = sorted(render_problem(p) for p in exc.value.problems)
    assert texts == [
        "The key 'a' appears more than once in the object at the top level.",
        "The key 'c' appears more than once in the object at b.",
    ]


def test_json_reading_keeps_numbers_exact_and_flags_nan(ruleset, ic):
    text = (
        b'{"main_revenue": NaN, "total_profit": 1e309, "valid_ip": 7.0, '
        b'"rd_projects": 123456789012345678901234567890123, "training_expenditure": 0.1}'
    )
    data = load_json(text)
    assert data["training_expenditure"] == Decimal("0.1")
    ic.update(data)
    found = problems(ruleset, ic)
    assert found["main_revenue"].code == "not_finite"
    assert found["total_profit"].code == "too_large"
    assert found["valid_ip"].code == "not_an_integer"
    assert found["rd_projects"].code == "too_large"
    assert "training_expenditure" not in found


def test_normalisation(ruleset, ic):
    ic.update(
        {
            "uscc": "91110108ma01xc7k2m",
            "main_revenue": "86500.5",
            "total_profit": 0.1,
            "company_name": "  北京犇燊堃喆玥科技有限公司  ",
        }
    )
    app = ruleset.parse_application(ic)
    assert app["uscc"] == "91110108MA01XC7K2M"
    assert app["main_revenue"] == Decimal("86500.50")
    assert app["total_profit"] == Decimal("0.10")
    assert app["company_name"] == "北京犇燊堃喆玥科技有限公司"
    assert app["verified_discrepancies"] == 0  # absent means 0
    assert app.to_json_dict()["valid_ip"] == 48
    assert app.to_json_dict()["main_revenue"] == "86500.50"


def test_district_outside_beijing_is_kept_and_fails_g1(ruleset, ic):
    ic["district"] = "河北省"
    result = ruleset.evaluate(ic)
    assert result.application["district"] == "河北省"
    assert [g.id for g in result.failed_gates] == ["G1"]


@pytest.mark.parametrize("source", [Source.APPLICANT, Source.IMPORT, "applicant"])
def test_verified_discrepancies_refused_from_applicants(ruleset, ic, source):
    ic["verified_discrepancies"] = 0
    assert problems(ruleset, ic, source)["verified_discrepancies"].code == "set_by_admin"


@pytest.mark.parametrize("source", [Source.ADMIN, Source.SCORING])
def test_verified_discrepancies_accepted_from_admin_and_scoring(ruleset, ic, source):
    ic["verified_discrepancies"] = 2
    assert problems(ruleset, ic, source) == {}
    assert ruleset.evaluate(ic, source=source).penalty == Decimal("10.00")


def test_narratives_optional_for_scoring_but_needed_to_submit(ruleset, ic):
    del ic["achievements"]
    ic["talent_strategy"] = "   "
    assert problems(ruleset, ic) == {}
    found = {p.key: p.code for p in ruleset.check_submittable(ic)}
    assert found == {"achievements": "empty", "talent_strategy": "empty"}
    assert ruleset.check_submittable(example("ic-manufacturer")) == []


def test_narrative_text_is_kept_verbatim(ruleset, ic):
    ic["centre_overview"] = "<script>alert(1)</script>\n{{ 7*7 }}\t犇"
    assert ruleset.parse_application(ic)["centre_overview"] == ic["centre_overview"]
