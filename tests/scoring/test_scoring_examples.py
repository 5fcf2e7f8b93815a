"""The spec's examples, reproduced exactly through the library, the CLI and ``python -m``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from evalcenter.explain import render_trace, result_dict, result_json
from evalcenter.rules_cli import score_command

from .conftest import EXAMPLE_NAMES, EXAMPLES, ROOT, RULES, example, expected, zh

KEYS = (
    "eligible",
    "failed_gates",
    "indicators",
    "groups",
    "base",
    "bonus",
    "penalty",
    "quantitative",
    "panel",
    "composite",
    "recommendation",
)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_library_reproduces_example(ruleset, name):
    want = expected(name)
    result = ruleset.evaluate(example(name), want["review_totals"])
    got = result.to_dict()
    assert {k: got[k] for k in KEYS} == {k: want[k] for k in KEYS}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_cli_reproduces_example(name):
    want = expected(name)
    reviews = ",".join(str(r) for r in want["review_totals"])
    runner = CliRunner()
    out = runner.invoke(
        score_command, [str(EXAMPLES / f"{name}.json"), "--rules", str(RULES), "--reviews", reviews]
    )
    assert out.exit_code == 0, out.output
    got = json.loads(out.stdout)
    assert {k: got[k] for k in KEYS} == {k: want[k] for k in KEYS}
    assert got["ruleset"]["id"] == "bj-excellent-etc-2025"
    assert len(got["ruleset"]["sha256"]) == 64
    assert got["trace"] and all(isinstance(step, str) for step in got["trace"])


def test_module_entry_point_uses_default_rules():
    want = expected("ic-manufacturer")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "evalcenter.rules_cli",
            "score",
            str(EXAMPLES / "ic-manufacturer.json"),
            "--reviews",
            "82,78.5,85,90,74",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert {k: got[k] for k in KEYS} == {k: want[k] for k in KEYS}


def test_result_shape_and_numbers_as_two_decimal_strings(ruleset):
    result = ruleset.evaluate(example("ic-manufacturer"), [82, 78.5, 85, 90, 74])
    d = result_dict(result)
    for key in ("base", "bonus", "penalty", "quantitative", "panel", "composite"):
        assert isinstance(d[key], str) and len(d[key].split(".")[1]) == 2
    assert d["indicators"]["A1"] == "10.00" and d["groups"]["A"] == "19.81"
    trace = "\n".join(d["trace"])  # the details are read in the trace
    assert "(main_revenue = 86500.00, rd_expenditure = 7350.00)" in trace
    assert "A1: ≈8.4971 ≥ full-marks level f = 8 (for sector C) → full weight 10.00" in trace
    assert "dropped highest 90.00 and lowest 74.00; mean of 78.50, 82.00, 85.00" in trace
    assert 'E2 cross-industry "AI+" integration projects: 2 → 2.00' in trace
    assert json.loads(result_json(result, indent=None)) == d


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_trace_reads_in_chinese_too(ruleset, name):
    result = ruleset.evaluate(example(name), expected(name)["review_totals"])
    lines = render_trace(result.trace, zh, chinese=True)
    assert all(line and "%(" not in line for line in lines)
    assert any(line.startswith("定量得分") for line in lines)
    assert lines[0].startswith("评分规则")
    gate = next(g for g in result.gates)
    assert any(gate.label.zh in line for line in lines)
    stored = [step.to_dict() for step in result.trace]
    assert render_trace(stored, zh, True) == lines  # stored steps render the same
    got = result_dict(result, zh=zh)
    assert got["trace_zh"] == lines and got["trace"] == render_trace(result.trace)


def test_cli_speaks_chinese():
    out = CliRunner().invoke(
        score_command,
        [str(EXAMPLES / "ic-manufacturer.json"), "--rules", str(RULES), "--lang", "zh"],
    )
    assert out.exit_code == 0, out.output
    trace = json.loads(out.stdout)["trace"]
    assert any("研发经费支出占主营业务收入比重" in step for step in trace)
