"""Administrators' ruleset pages, the what-if comparison and the pinned-file check."""

from __future__ import annotations

import shutil

from evalcenter.extensions import db
from evalcenter.scoring import default_rules_dir
from tests.applications.helpers import example_data
from tests.conftest import client_for

REFERENCE = default_rules_dir() / "bj-excellent-etc-2025.yaml"


def test_ruleset_list_shows_rounds_using_it(app, people, open_round):
    html = client_for(app, people.admin).get("/admin/rulesets").get_data(as_text=True)
    assert 'data-ruleset="bj-excellent-etc-2025@1"' in html
    assert open_round.name in html


def test_ruleset_is_rendered_readably(app, people, open_round):
    client = client_for(app, people.admin)
    html = client.get("/admin/rulesets/bj-excellent-etc-2025/1").get_data(as_text=True)
    for gate in ("G1", "G4", "G8"):
        assert f'data-gate="{gate}"' in html
    for indicator in ("A1", "B3", "C6", "D6"):
        assert f'data-indicator="{indicator}"' in html
    assert "制造业: 3 / 8" in html  # sector levels of A1, by the sector's name
    assert client.get("/admin/rulesets/bj-excellent-etc-2025/99").status_code == 404


def _candidate(tmp_path):
    """Version 2 of the reference ruleset (C4 needs 3 national platforms for full marks)."""
    rules = tmp_path / "rules"
    rules.mkdir()
    shutil.copy(REFERENCE, rules / REFERENCE.name)
    text = REFERENCE.read_text(encoding="utf-8").replace("  version: 1\n", "  version: 2\n", 1)
    text = text.replace(
        "value: national_platforms\n          levels: {basic: 1, full: 2}",
        "value: national_platforms\n          levels: {basic: 1, full: 3}",
    )
    (rules / "bj-excellent-etc-2025-v2.yaml").write_text(text, encoding="utf-8")
    return rules


def test_what_if_compares_round_applications(app, people, draft, tmp_path, monkeypatch):
    from evalcenter.applications import services

    data = example_data()
    data["uscc"] = people.organisation.uscc
    data["national_platforms"] = 2  # full marks under v1, 2.40 of 3 under v2
    import json

    services.import_json(people.applicant, draft, json.dumps(data).encode(), None)
    db.session.commit()
    monkeypatch.setitem(app.config, "RULES_DIR", str(_candidate(tmp_path)))
    client = client_for(app, people.admin)
    html = client.get(
        f"/admin/rulesets/what-if/{draft.round_id}?candidate=bj-excellent-etc-2025@2"
    ).get_data(as_text=True)
    assert 'data-testid="what-if-summary"' in html
    assert "89.31 → 88.71" in html and "-0.60" in html
    assert "C4 3.00→2.40" in html
    assert 'data-changed="yes"' in html
    assert client.get(f"/admin/rulesets/what-if/{draft.round_id}?candidate=x@9").status_code == 404


def test_edited_published_file_is_refused(app, people, draft, tmp_path, monkeypatch):
    rules = tmp_path / "tampered"
    rules.mkdir()
    text = REFERENCE.read_text(encoding="utf-8") + "\n# edited after publication\n"
    (rules / REFERENCE.name).write_text(text, encoding="utf-8")
    monkeypatch.setitem(app.config, "RULES_DIR", str(rules))
    client = client_for(app, people.applicant)
    response = client.get(f"/applications/{draft.id}")
    assert response.status_code == 503
    client.get("/lang/en")
    html = client.get(f"/applications/{draft.id}/self-assessment").get_data(as_text=True)
    assert "refuses to score" in html
