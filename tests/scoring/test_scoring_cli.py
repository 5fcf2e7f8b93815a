"""The ``score`` and ``rules`` commands: exit codes, stderr problems, diff."""

from __future__ import annotations

import json

from click.testing import CliRunner

from evalcenter.rules_cli import _diff_text, load_corpus, rules_group, score_command
from evalcenter.scoring import diff_rulesets, ruleset_from_bytes

from .conftest import DEMO, EXAMPLES, RULES


def run(cmd, args):
    return CliRunner().invoke(cmd, [str(a) for a in args])


def test_invalid_application_exits_2_listing_every_problem(tmp_path, ic):
    ic.update({"sector": "Z", "rd_staff": 5000, "chain_leader": "yes", "bogus": 1})
    path = tmp_path / "app.json"
    path.write_text(json.dumps(ic, ensure_ascii=False, default=str), encoding="utf-8")
    for lang, name in (("en", "R&D staff"), ("zh", "研发人员数")):
        out = run(score_command, [path, "--rules", RULES, "--lang", lang])
        assert out.exit_code == 2
        assert out.stdout == ""
        lines = out.stderr.splitlines()
        keys = {line.split(":")[0] for line in lines}
        assert keys == {"sector", "rd_staff", "chain_leader", "bogus"}
        assert any(name in line for line in lines)


def test_nan_and_huge_numbers_in_json_text(tmp_path):
    text = (EXAMPLES / "ic-manufacturer.json").read_text(encoding="utf-8")
    text = text.replace('"main_revenue": 86500', '"main_revenue": NaN').replace(
        '"total_profit": 9120.5', '"total_profit": 1e309'
    )
    path = tmp_path / "app.json"
    path.write_text(text, encoding="utf-8")
    out = run(score_command, [path, "--rules", RULES])
    assert out.exit_code == 2 and out.stdout == ""
    assert "main_revenue:" in out.stderr and "total_profit:" in out.stderr


def test_invalid_reviews_and_bad_json_exit_2(tmp_path):
    app = EXAMPLES / "ic-manufacturer.json"
    for reviews in ("82,78.3,85", "82,101,85", "82,x", "82,,85"):
        out = run(score_command, [app, "--rules", RULES, "--reviews", reviews])
        assert out.exit_code == 2 and out.stdout == "" and "reviews[" in out.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    out = run(score_command, [bad, "--rules", RULES])
    assert out.exit_code == 2 and "not valid JSON" in out.stderr
    for text in ('{"a": "\\ud800"}', "[" * 5000, '{"a": 1e999999999}', '{"a": 1, "a": 2}'):
        bad.write_text(text, encoding="utf-8")
        out = run(score_command, [bad, "--rules", RULES])
        assert out.exit_code == 2 and "not valid JSON" in out.stderr, text
        assert (
            "Traceback" not in out.output
            and out.exception is None
            or isinstance(out.exception, SystemExit)
        )


def test_score_refuses_changed_rule_file(tmp_path):
    out = run(
        score_command, [EXAMPLES / "ic-manufacturer.json", "--rules", RULES, "--sha256", "0" * 64]
    )
    assert out.exit_code == 1 and "does not match the published" in out.stderr


def test_score_without_reviews_and_default_rules(monkeypatch):
    monkeypatch.setenv("EVALCENTER_RULES_DIR", str(RULES.parent))
    out = run(score_command, [EXAMPLES / "software-ict.json", "--no-trace"])
    assert out.exit_code == 0, out.output
    got = json.loads(out.stdout)
    assert (got["panel"], got["composite"], got["recommendation"]) == (None, None, "pending")
    assert got["quantitative"] == "100.00" and "trace" not in got


def test_rules_diff_on_demo_corpus(tmp_path, rules_text):
    v2 = tmp_path / "v2.yaml"
    v2.write_text(
        rules_text.replace("  version: 1\n", "  version: 2\n", 1).replace(
            "value: national_platforms\n          levels: {basic: 1, full: 2}",
            "value: national_platforms\n          levels: {basic: 1, full: 3}",
        ),
        encoding="utf-8",
    )
    out = run(rules_group, ["diff", RULES, v2, "--corpus", DEMO])
    assert out.exit_code == 0, out.output
    assert "24 applications scored, 0 skipped" in out.stdout
    assert "indicators C4 3.00→" in out.stdout
    out = run(rules_group, ["diff", RULES, v2, "--corpus", DEMO, "--json"])
    data = json.loads(out.stdout)
    assert data["summary"]["applications"] == 24 and data["summary"]["quantitative_changed"] > 0
    assert all(c["indicator_changes"].keys() <= {"C4"} for c in data["changes"])


def test_diff_library_reports_changes_and_rank_moves(rules_text):
    old = ruleset_from_bytes(rules_text.encode(), "v1.yaml")
    changed = rules_text.replace("  version: 1\n", "  version: 2\n", 1).replace(
        "  quantitative: 0.6\n  panel: 0.4", "  quantitative: 0.2\n  panel: 0.8"
    )
    new = ruleset_from_bytes(changed.encode(), "v2.yaml", check_cases=False)
    corpus = load_corpus(EXAMPLES)
    assert [e.name for e in corpus] == [
        "北京芯原微电子科技有限公司",
        "北京绿源节能环保设备有限公司",
        "北京云智数科信息技术有限公司",
    ]
    assert corpus[0].reviews == (82, 78.5, 85, 90, 74)  # from the .expected.json
    diff = diff_rulesets(old, new, corpus)
    rows = {r.name: r for r in diff.rows}
    ic = rows["北京芯原微电子科技有限公司"]
    assert str(ic.old.composite) == "84.52" and str(ic.new.composite) == "82.73"
    assert diff.summary()["composite_changed"] == 3
    assert "composite 84.52 → 82.73" in _diff_text(diff)


def test_diff_skips_invalid_applications(tmp_path, ruleset, ic):
    bad = dict(ic, sector="Z")
    (tmp_path / "a.json").write_text(
        json.dumps([ic, bad], ensure_ascii=False, default=str), encoding="utf-8"
    )
    diff = diff_rulesets(ruleset, ruleset, load_corpus(tmp_path))
    assert len(diff.rows) == 1 and not diff.changed
    assert (
        diff.skipped[0][0] == "北京芯原微电子科技有限公司" and diff.skipped[0][1][0].key == "sector"
    )


def test_rules_list_and_show():
    out = run(rules_group, ["list", RULES.parent])
    assert out.exit_code == 0 and "bj-excellent-etc-2025\tv1\t2025-01-01" in out.stdout
    out = run(rules_group, ["show", RULES])
    assert out.exit_code == 0 and json.loads(out.stdout)["id"] == "bj-excellent-etc-2025"
