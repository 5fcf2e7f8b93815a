"""The loader never crashes: hostile rule files give ``file:line: rule-id: message`` and exit 1."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from evalcenter.rules_cli import rules_group

from .test_scoring_rule_validation import MINIMAL

DEEP = 20_000
HOSTILE = {
    "lists_250": b"ruleset: " + b"[" * 250 + b"]" * 250,
    "lists_20000": b"ruleset: " + b"[" * DEEP + b"]" * DEEP,
    "maps_deep": b"ruleset: " + b"{a: " * 5000 + b"1" + b"}" * 5000,
    "block_deep": "".join(f"{'  ' * n}a{n}:\n" for n in range(300)).encode(),
    "non_utf8": b"ruleset: \xff\xfe\x00",
    "binary": bytes(range(256)) * 4,
    "empty": b"",
    "only_comment": b"# nothing\n",
    "nul": b"ruleset: a\x00b\n",
    "tabs": b"ruleset:\n\tid: x\n",
    "laughs": b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a]\nc: [*b,*b,*b,*b]\n',
    "anchor_merge": b"x: &x {id: a}\nruleset: {<<: *x}\n",
    "python_tag": b"ruleset: !!python/object/apply:os.system ['true']\n",
    "binary_tag": b"ruleset: !!binary aGVsbG8=\n",
    "huge_int": b"ruleset: {version: " + b"9" * 10_000 + b"}\n",
    "huge_float": b"ruleset: {version: 1.0e+999999999}\n",
    "inf": b"ruleset: {version: .inf}\n",
    "bad_date": b"ruleset: {effective_date: 2025-02-30}\n",
    "scalar": b"42\n",
    "list_top": b"- 1\n- 2\n",
    "complex_key": b"? [a, b]\n: 1\n",
    "dup_keys": b"ruleset: 1\nruleset: 2\n",
}
EXPRESSIONS = {
    "overflow_literal": "1e999999999",
    "huge_power": "10**10**10",
    "huge_int_literal": "9" * 900,
    "nested_parens": "(" * 400 + "valid_ip" + ")" * 400,
    "nested_unary": "-" * 900 + "valid_ip",
    "nested_not": "not " * 200 + "true",
    "many_terms": " + ".join(["valid_ip"] * 300),
    "dunder": "valid_ip.__class__.__mro__",
    "lambda": "(lambda: 1)()",
    "float_exponent": "1.5e308 * 1e308",
}


def check(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(data)
    out = CliRunner().invoke(rules_group, ["check", str(path)])
    assert out.exit_code == 1, (name, out.output)
    assert out.exception is None or isinstance(out.exception, SystemExit), repr(out.exception)
    assert "Traceback" not in out.output
    assert re.search(rf"^{re.escape(str(path))}:\d+: \S.*: .+", out.stderr, re.M), out.stderr
    return out.stderr


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_yaml_is_refused_with_lines(tmp_path, name):
    check(tmp_path, name, HOSTILE[name])


@pytest.mark.parametrize("name", EXPRESSIONS)
def test_hostile_expressions_are_refused(tmp_path, rules_text, name):
    text = rules_text.replace("value: valid_ip\n", f'value: "{EXPRESSIONS[name]}"\n')
    stderr = check(tmp_path, name, text.encode())
    assert ": C1: value: " in stderr


def test_wrong_types_everywhere(tmp_path):
    """Every scalar of a valid rule file replaced by a list, a mapping or nonsense text."""
    lines = MINIMAL.splitlines()
    for n, line in enumerate(lines):
        if ": " not in line or line.strip().startswith("-"):
            continue
        head = line.split(": ", 1)[0]
        for junk in ("[1, [2]]", "{x: {y: 1}}", "'?'", "-1e400", "null", "true"):
            text = "\n".join([*lines[:n], f"{head}: {junk}", *lines[n + 1 :]])
            path = tmp_path / "w.yaml"
            path.write_text(text, encoding="utf-8")
            out = CliRunner().invoke(rules_group, ["check", str(path)])
            assert "Traceback" not in out.output and out.exit_code in (0, 1), (text, out.output)
            assert out.exception is None or isinstance(out.exception, SystemExit), (
                head,
                junk,
                repr(out.exception),
            )


def test_evaluation_is_bounded_and_arithmetic_errors_are_problems(tmp_path):
    """Derived values compounding to an overflow give a listed problem, not a crash."""
    chain = "  - {id: b0, label: b, value: '1000000000000000 * 1000000000000000'}\n"
    for n in range(1, 6):
        chain += f"  - {{id: b{n}, label: b, value: '{' * '.join([f'b{n - 1}'] * 10)}'}}\n"
    text = MINIMAL.replace("derived:\n", "derived:\n" + chain).replace(
        "value: clamp(staff, 0, 100)", "value: clamp(staff, 0, 100) + b5 - b5"
    )
    stderr = check(tmp_path, "overflow", text.encode())
    assert "input refused: arithmetic(subject=" in stderr and "error=Overflow" in stderr
