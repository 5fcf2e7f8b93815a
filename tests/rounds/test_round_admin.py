"""Administrators create rounds pinned to a ruleset version and open/close them."""

from __future__ import annotations

from sqlalchemy import select

from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from evalcenter.scoring import default_rules_dir, sha256_file
from tests.conftest import client_for, csrf_token


def _form(token: str, **overrides) -> dict:
    data = {
        "csrf_token": token,
        "name": "2026年度评价",
        "year": "2026",
        "description": "<b>说明</b>",
        "ruleset": "bj-excellent-etc-2025@1",
        "opens_at": "2026-03-01T09:00",
        "closes_at": "2026-04-30T17:00",
        "status": "draft",
    }
    data.update(overrides)
    return data


def test_create_round_pins_ruleset_sha_in_beijing_time(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, "/admin/rounds/new")
    assert admin.post("/admin/rounds/new", data=_form(token)).status_code == 302
    rnd = db.session.scalar(select(EvaluationRound))
    assert rnd.ruleset_version == 1
    assert rnd.ruleset_sha256 == sha256_file(default_rules_dir() / "bj-excellent-etc-2025.yaml")
    assert rnd.closes_at.isoformat() == "2026-04-30T09:00:00+00:00"  # 17:00 in Beijing
    html = admin.get("/admin/rounds").get_data(as_text=True)
    assert "2026年度评价" in html and "2026-04-30 17:00" in html


def test_bad_round_input_is_refused_and_kept(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, "/admin/rounds/new")
    for override in (
        {"closes_at": "2026-02-01T09:00"},
        {"ruleset": "nope@1"},
        {"year": "abc"},
        {"opens_at": "tomorrow"},
    ):
        response = admin.post("/admin/rounds/new", data=_form(token, **override))
        assert response.status_code == 200
        assert "2026年度评价" in response.get_data(as_text=True)
    assert db.session.scalar(select(EvaluationRound)) is None


def test_status_transitions(app, people, open_round):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, "/admin/rounds")
    admin.post(
        f"/admin/rounds/{open_round.id}/status", data={"csrf_token": token, "action": "publish"}
    )
    assert open_round.status == "open"
    admin.post(
        f"/admin/rounds/{open_round.id}/status", data={"csrf_token": token, "action": "close"}
    )
    assert db.session.get(EvaluationRound, open_round.id).status == "closed"
    assert not open_round.is_open()
