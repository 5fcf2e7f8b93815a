"""Fixtures for the scoring engine tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evalcenter.scoring import Ruleset, load_json, load_ruleset

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "scoring_rules" / "bj-excellent-etc-2025.yaml"
# Copies of the specification's sample applications and the demo data, kept in the repository
# so that the suite runs from a clean clone.
EXAMPLES = ROOT / "tests" / "data" / "spec-examples"
DEMO = ROOT / "evalcenter" / "demo" / "applications.json"
EXAMPLE_NAMES = ("ic-manufacturer", "software-ict", "ineligible-small")


# The Chinese of every engine msgid (the same pairs go into the web application's catalogue).
ZH = dict(
    line.split("\t", 1)
    for line in (Path(__file__).parent / "engine_zh.tsv").read_text(encoding="utf-8").splitlines()
)


def zh(msgid: str) -> str:
    """Translate like the catalogue does; a msgid without a translation fails the test."""
    return ZH[msgid]


def example(name: str) -> dict:
    return load_json((EXAMPLES / f"{name}.json").read_bytes())


def expected(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def ruleset() -> Ruleset:
    return load_ruleset(RULES)


@pytest.fixture(scope="session")
def rules_text() -> str:
    return RULES.read_text(encoding="utf-8")


@pytest.fixture()
def ic() -> dict:
    """The ic-manufacturer example (a fresh copy per test)."""
    return example("ic-manufacturer")


@pytest.fixture(scope="session")
def demo_apps() -> list[dict]:
    return load_json(DEMO.read_bytes())
