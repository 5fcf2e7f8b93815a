"""The published ruleset's page in the reader's language: conditions, formulas and ranking
in words, with the inputs' labels and units; no expression syntax or data keys."""

from __future__ import annotations

import re

import pytest

from evalcenter.explain import Phrasing, catalogue, identity
from evalcenter.scoring import load_ruleset
from tests.conftest import client_for
from tests.rulesets.helpers import REFERENCE

PAGE = "/admin/rulesets/bj-excellent-etc-2025/1"
RAW = (
    "main_revenue",
    "rd_expenditure",
    "is_specialized_sme",
    "when:",
    "cap:",
    ">=",
    "national_platforms",
)


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_gates_in_english_words(app, people):
    client = client_for(app, people.admin)
    client.get("/lang/en")
    main = _main(client.get(PAGE).get_data(as_text=True))
    assert (
        "R&amp;D expenditure ≥ 1000 (10,000 CNY), or specialised and sophisticated SME: yes, "
        "main business revenue &lt; 20000 (10,000 CNY) and R&amp;D expenditure ≥ 500 (10,000 CNY)"
    ) in main
    assert "enterprise technology centre level is one of national, municipal" in main
    assert "R&amp;D expenditure ÷ main business revenue × 100" in main  # A1's value
    assert "composite score, highest first" in main
    for raw in RAW:
        assert raw not in main, raw


def test_gates_in_chinese_words(app, people):
    main = _main(client_for(app, people.admin).get(PAGE).get_data(as_text=True))
    assert "研发经费支出 ≥ 1000 万元" in main and "主营业务收入 &lt; 20000 万元" in main
    assert "研发经费支出 ÷ 主营业务收入 × 100" in main
    assert "制造业: 3 / 8" in main  # A1's levels by the sector's name
    assert "Eligibility gates G1–G8" not in main  # the file's English description
    for raw in RAW:
        assert raw not in main, raw


@pytest.mark.parametrize("chinese", [False, True])
def test_the_phrasing_falls_back_to_labels(chinese):
    ruleset = load_ruleset(REFERENCE)
    say = Phrasing(ruleset.model, catalogue("zh_CN") if chinese else identity, chinese)
    gate = next(g for g in ruleset.model.gates if g.id == "G5")
    text = say(gate.require)
    assert not re.search(r"[a-z]+_[a-z]+", text), text  # no data key
    assert ("研发人员数" if chinese else "R&D staff") in text
    b4 = next(i for i in ruleset.model.indicators if i.id == "B4")
    assert ("min(" not in say(b4.value)) and ("研发领域国际化人才" if chinese else "R&D") in say(
        b4.value
    )
