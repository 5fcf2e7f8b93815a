"""Broken rule files are refused with every problem as ``file:line: rule-id: message``."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

from evalcenter.explain import describe_ruleset, render_trace
from evalcenter.rules_cli import rules_group
from evalcenter.scoring import RulesetError, load_ruleset, ruleset_from_bytes

MINIMAL = """\
ruleset:
  id: mini
  version: 2
  effective_date: 2026-01-01
  title: {zh: 小规则, en: Mini}
  description: A small ruleset with a band table.
inputs:
  kind: {type: enum, values: [a, b], label: {zh: 类型, en: kind}}
  revenue: {type: money, above: 0, label: {zh: 收入, en: revenue}}
  spend: {type: money, min: 0, label: {zh: 支出, en: spend}}
  staff: {type: count, label: {zh: 人数, en: staff}}
gates:
  - id: G1
    require: staff >= 1
    reason: {zh: 没有人员, en: no staff}
derived:
  - id: intensity
    label: {zh: 强度, en: intensity}
    value: {numerator: spend, denominator: revenue, times: 100, if_denominator_not_positive: 0}
quantitative:
  total: 10
  clamp: [0, 10]
  groups:
    - id: A
      label: {zh: 甲, en: A}
      weight: 10
      indicators:
        - id: A1
          label: {zh: 强度, en: intensity}
          weight: 6
          value: intensity
          bands:
            by: kind
            a:
              - {below: 1, points: 0}
              - {from: 1, below: 5, points: 3}
              - {from: 5, points: 6}
            default:
              - {below: 2, points: 1}
              - {from: 2, points: 6}
        - id: A2
          label: {zh: 人数, en: staff}
          weight: 4
          value: clamp(staff, 0, 100)
          levels: {basic: 10, full: 50}
bonus:
  items: []
penalties:
  items: []
expert_review:
  total: 10
  step: 0.5
  criteria:
    - {id: X1, max: 10, label: {zh: 评审, en: review}}
  panel:
    - {min_reviews: 1}
composite: {quantitative: 0.5, panel: 0.5}
recommendation:
  outcomes: {pass: {zh: 通过, en: pass}, fail: {zh: 不通过, en: fail}, wait: {zh: 等, en: wait}}
  when_ineligible: fail
  when_no_panel: wait
  bands:
    - {min: 5, outcome: pass}
    - {outcome: fail}
ranking:
  - {by: composite, order: descending}
tests:
  - name: band
    input: {kind: a, revenue: 100, spend: 5, staff: 10}
    reviews: [8]
    expect: {indicators: {A1: 6, A2: "2.40"}, quantitative: "8.40", composite: "8.20"}
"""


def refused(text: str, name: str = "broken.yaml") -> list[str]:
    with pytest.raises(RulesetError) as exc:
        ruleset_from_bytes(text.encode(), name)
    return [str(p) for p in exc.value.problems]


def line_of(text: str, snippet: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if snippet in line)


def mutate(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_minimal_ruleset_with_band_table_scores():
    rs = ruleset_from_bytes(MINIMAL.encode(), "mini.yaml")
    r = rs.evaluate({"kind": "b", "revenue": 100, "spend": "1.99", "staff": 0}, [7])
    assert r.indicators["A1"].points == Decimal("1.00") and r.indicators["A1"].branch == "band"
    assert r.derived["intensity"] == Decimal("1.99")
    assert r.recommendation == "fail" and [g.id for g in r.failed_gates] == ["G1"]
    r = rs.evaluate({"kind": "a", "revenue": 100, "spend": 1, "staff": 50}, [9])
    assert r.indicators["A1"].points == Decimal("3.00")  # 1 is in [1, 5)
    assert r.quantitative == Decimal("7.00") and r.recommendation == "pass"
    assert "A1: 1 is in band [1, 5) (for kind a) → 3.00" in render_trace(r.trace)
    assert describe_ruleset(rs)["quantitative"]["groups"][0]["indicators"][0]["bands"]["a"][1] == {
        "from": "1",
        "below": "5",
        "points": "3",
    }


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ("[{below: 1, points: 0}, {from: 2, points: 6}]", "gap: values from 1 to below 2"),
        ("[{below: 2, points: 0}, {from: 1, points: 6}]", "overlap: band from 1 starts below"),
        ("[{from: 0, below: 2, points: 0}, {from: 2, points: 6}]", "gap: values below 0"),
        ("[{below: 2, points: 0}, {from: 2, below: 9, points: 6}]", "gap: values from 9 up"),
        ("[{below: 2, points: 0}, {from: 2, points: 7}]", "band points 7 exceed the weight 6"),
        ("[{below: 2, points: 0}, {points: 6}]", "overlap: this band has no lower bound"),
    ],
)
def test_band_tables_are_checked(bands, message):
    text = mutate(
        MINIMAL,
        """            default:
              - {below: 2, points: 1}
              - {from: 2, points: 6}""",
        f"            default: {bands}",
    )
    problems = refused(text)
    line = line_of(text, "default:")
    assert any(p.startswith(f"broken.yaml:{line}: A1[default]: {message}") for p in problems), (
        problems
    )


def test_reference_ruleset_is_valid_and_its_cases_pass(ruleset):
    assert len(ruleset.tests) >= 20
    assert ruleset.run_cases() == []
    assert [g.id for g in ruleset.groups] == ["A", "B", "C", "D"]
    assert len(ruleset.indicators) == 22
    d = describe_ruleset(ruleset)
    assert d["quantitative"]["groups"][0]["indicators"][0]["levels"]["I"] == {
        "basic": "6",
        "full": "15",
    }


def test_unknown_field_with_did_you_mean(rules_text):
    text = mutate(
        rules_text,
        "          weight: 5\n          value: senior_experts_phd",
        "          wieght: 5\n          value: senior_experts_phd",
    )
    problems = refused(text)
    line = line_of(text, "wieght: 5")
    assert f"broken.yaml:{line}: B2: unknown field 'wieght' (did you mean 'weight'?)" in problems


def test_weights_must_add_up(rules_text):
    text = mutate(
        rules_text,
        "          weight: 6\n          value: {numerator: rd_expenditure, denominator: rd_staff",
        "          weight: 7\n          value: {numerator: rd_expenditure, denominator: rd_staff",
    )
    problems = refused(text)
    line = line_of(text, "      weight: 22")
    assert (
        f"broken.yaml:{line}: A: indicator weights add up to 23, the group weight is 22" in problems
    )
    text = mutate(rules_text, "      weight: 22", "      weight: 21")
    problems = refused(text)
    assert any("group weights add up to 99, the declared total is 100" in p for p in problems)


def test_basic_must_be_below_full(rules_text):
    text = mutate(
        rules_text,
        "levels: {basic: 2, full: 15}\n    - id: C",
        "levels: {basic: 20, full: 3}\n    - id: C",
    )
    problems = refused(text)
    line = line_of(text, "levels: {basic: 20, full: 3}")
    assert (
        f"broken.yaml:{line}: B7: basic level b = 20 must be below full-marks level f = 3 (b ≥ f)"
    ) in problems


def test_unknown_function_and_unknown_field(rules_text):
    text = mutate(rules_text, "value: min(intl_talent_rd, 1)", "value: mn(intl_talent_rdd, 1)")
    problems = refused(text)
    line = line_of(text, "value: mn(")
    assert (
        f"broken.yaml:{line}: B4: value: unknown function 'mn' (did you mean 'min'?) "
        "(allowed: min, max, clamp)"
    ) in problems
    text = mutate(rules_text, "value: valid_invention_patents", "value: valid_invention_patent")
    problems = refused(text)
    assert any(
        "C2: value: unknown field 'valid_invention_patent' (did you mean "
        "'valid_invention_patents'?)" in p
        for p in problems
    )


def test_type_errors(rules_text):
    text = mutate(rules_text, "require: valid_ip >= 10", "require: valid_ip + 10")
    text = mutate(
        text, "require: not integrity_violation_3y", "require: integrity_violation_3y > 1"
    )
    text = mutate(text, "value: rd_equipment_value", "value: sector")
    text = mutate(text, "last_evaluation_grade != 'fail'", "last_evaluation_grade != 'failed'")
    text = mutate(text, "      weight: 28", "      weight: twenty-eight")
    problems = "\n".join(refused(text))
    assert "G6: require: the expression gives a number, a boolean is needed here" in problems
    assert "G7: require: '>' needs a number, got a boolean" in problems
    assert "A3: value: the expression gives a text, a number is needed here" in problems
    assert "G8: require: 'failed' is not one of the allowed values" in problems
    assert "(did you mean 'fail'?)" in problems
    assert "B: 'weight' must be a number, got 'twenty-eight'" in problems


def test_sector_levels_must_cover_every_sector(rules_text):
    text = mutate(rules_text, "            other: {basic: 500, full: 2000}\n", "")
    text = mutate(
        text, "            M: {basic: 30, full: 60}", "            N: {basic: 30, full: 60}"
    )
    problems = "\n".join(refused(text))
    assert "A3: levels for sector other are missing (add them or a 'default')" in problems
    assert "B1: 'N' is not a value of sector" in problems


def test_unsafe_expressions_are_refused(rules_text):
    for expr, message in [
        ("valid_ip.__class__", "attribute access"),
        ("__import__('os')", "unknown function '__import__'"),
        ("open('x')", "unknown function 'open'"),
        ("(lambda: 1)()", "lambda"),
        ("valid_ip if chain_leader else 1", "'a if c else b'"),
        ("[x for x in valid_ip]", "comprehensions"),
        ("valid_ip ** 2", "only + - * / are allowed"),
        ("valid_ip / rd_projects", "division is only allowed by a non-zero number"),
        ("valid_ip / 0", "division is only allowed by a non-zero number"),
        ("min(valid_ip, key=1)", "'min' takes no named arguments"),
        ("1 + " * 150 + "valid_ip", "more than 200 parts"),
        ("valid_ip + " * 100 + "1", "longer than 1000 characters"),
        ("valid_ip +", "syntax error"),
    ]:
        text = mutate(rules_text, "value: valid_ip\n", f'value: "{expr}"\n')
        problems = "\n".join(refused(text))
        assert "C1: value: " in problems and message in problems, (expr, problems)


def test_every_problem_is_listed_at_once_with_lines(rules_text):
    text = mutate(
        rules_text,
        "levels: {basic: 2, full: 15}\n    - id: C",
        "levels: {basic: 20, full: 3}\n    - id: C",
    )
    text = mutate(text, "value: min(intl_talent_rd, 1)", "value: mn(intl_talent_rd, 1)")
    text = mutate(text, "require: valid_ip >= 10", "require: valid_ipp >= 10")
    text = mutate(text, "  quantitative: 0.6", "  quantitative: 0.7")
    text = mutate(text, "    - {min: 70, outcome: shortlist}", "    - {min: 90, outcome: shortlst}")
    text = mutate(text, "  - {by: A1.value, order: descending}", "  - {by: A1.valu, order: desc}")
    text = mutate(
        text,
        "    - {min_reviews: 3, drop_highest: 0, drop_lowest: 0}",
        "    - {min_reviews: 3, drop_highest: 2, drop_lowest: 1}",
    )
    text = mutate(text, "{id: X1, max: 15,", "{id: X1, max: 15.2,")
    problems = refused(text)
    expected = [
        (line_of(text, "levels: {basic: 20, full: 3}"), "B7", "basic level b = 20"),
        (line_of(text, "value: mn("), "B4", "unknown function 'mn'"),
        (line_of(text, "require: valid_ipp"), "G6", "unknown field 'valid_ipp'"),
        (line_of(text, "quantitative: 0.7"), "composite", "composite weights add up to 1.1"),
        (line_of(text, "outcome: shortlst"), "recommendation", "unknown outcome 'shortlst'"),
        (line_of(text, "outcome: shortlst"), "recommendation", "overlap: band min 90"),
        (
            line_of(text, "A1.valu"),
            "ranking",
            "unknown ranking key 'A1.valu' (did you mean 'A1.value'?)",
        ),
        (line_of(text, "drop_highest: 2"), "expert_review", "dropping 3 of 3 reviews"),
        (line_of(text, "max: 15.2"), "X1", "max 15.2 is not a multiple of 0.5"),
    ]
    for line, rid, message in expected:
        prefix = f"broken.yaml:{line}: {rid}: "
        assert any(p.startswith(prefix) and message in p for p in problems), (prefix, problems)
    assert any("criteria maxima add up to 100.2" in p for p in problems)
    assert [int(p.split(":")[1]) for p in problems] == sorted(
        int(p.split(":")[1]) for p in problems
    )


def test_yaml_level_problems():
    assert refused("ruleset: [unclosed\n")[0].startswith("broken.yaml:2: yaml: not valid YAML")
    problems = refused(MINIMAL.replace("  staff: {type: count", "  spend: {type: count"))
    assert any(p.startswith("broken.yaml:11: yaml: duplicate key 'spend'") for p in problems)
    aliased = MINIMAL.replace("title: {zh: 小规则, en: Mini}", "title: &t {zh: 小规则, en: Mini}")
    aliased = aliased.replace("description: A small ruleset with a band table.", "description: *t")
    assert "aliases (*name) are not allowed" in refused(aliased)[0]
    problems = refused(MINIMAL.replace("id: A2", "id: A1"))
    assert any("A1: duplicate id 'A1' (already used on line" in p for p in problems)
    assert "not a mapping" in refused("- 1\n")[0] or "must be a mapping" in refused("- 1\n")[0]


def test_other_header_and_section_problems():
    text = MINIMAL.replace("version: 2", "version: 2.5").replace("2026-01-01", "next year")
    text = text.replace(
        "composite: {quantitative: 0.5, panel: 0.5}", "composite: {quantitative: 1, panel: 0.5}"
    ).replace("clamp: [0, 10]", "clamp: [10, 0]")
    text = text.replace("rounding: x", "")
    problems = "\n".join(refused(text))
    assert "ruleset: 'version' must be a whole number" in problems
    assert "ruleset: 'effective_date' must be a date written as YYYY-MM-DD" in problems
    assert "composite: composite weights add up to 1.5, not 1" in problems
    assert "quantitative: 'clamp': low 10 must be below high 0" in problems


def test_failing_embedded_case_blocks_loading_but_check_can_show_it(tmp_path):
    text = MINIMAL.replace('quantitative: "8.40"', 'quantitative: "8.41"')
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesetError) as exc:
        load_ruleset(path)
    line = line_of(text, 'quantitative: "8.41"')
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:{line}: test 'band': quantitative: expected 8.41, got 8.40"
    ]
    assert load_ruleset(path, check_cases=False).id == "mini"
    out = CliRunner().invoke(rules_group, ["check", str(path)])
    assert out.exit_code == 1
    assert f"{path}:{line}: test 'band': quantitative: expected 8.41, got 8.40" in out.stderr


def test_rules_check_cli_lists_problems_and_passes_reference(tmp_path, rules_text):
    from .conftest import RULES

    broken = tmp_path / "broken.yaml"
    broken.write_text(
        mutate(rules_text, "value: valid_ip\n", "value: valid_ipp\n"), encoding="utf-8"
    )
    out = CliRunner().invoke(rules_group, ["check", str(RULES), str(broken)])
    assert out.exit_code == 1
    assert "cases passed" in out.stdout
    assert f"{broken}:" in out.stderr and "unknown field 'valid_ipp'" in out.stderr
    out = CliRunner().invoke(rules_group, ["check", str(RULES)])
    assert out.exit_code == 0, out.output


def test_impossible_date_is_a_listed_problem(rules_text):
    text = mutate(rules_text, "effective_date: 2025-01-01", "effective_date: 2025-13-01")
    problems = refused(text)
    assert any("'2025-13-01' is not a valid date" in p for p in problems), problems


def test_list_where_a_name_is_expected_is_a_listed_problem(rules_text):
    text = mutate(rules_text, "when_ineligible: ineligible", "when_ineligible: [ineligible]")
    problems = refused(text)
    assert any("unknown outcome" in p for p in problems), problems
