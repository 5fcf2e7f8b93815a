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


def test_odd_numbers_in_the_round_form_are_field_errors(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, "/admin/rounds/new")
    for year in ("٢٠٢٦", "²⁰²⁶", "9" * 400, "2026.0", "1e3"):
        response = admin.post("/admin/rounds/new", data=_form(token, year=year))
        assert response.status_code == 200
        assert 'id="year"' in response.get_data(as_text=True)
    assert db.session.scalar(select(EvaluationRound)) is None


def test_round_actions_follow_the_transition_table(app, people, open_round):
    """Only the actions the table allows from the current status are offered and carried out;
    anything else is refused with a message and changes nothing."""
    admin = client_for(app, people.admin)
    html = admin.get("/admin/rounds").get_data(as_text=True)
    assert 'name="action" value="close"' in html
    assert 'name="action" value="start_review"' not in html
    token = csrf_token(admin, "/admin/rounds")
    for action in ("start_review", "open", "", "x" * 500):
        response = admin.post(
            f"/admin/rounds/{open_round.id}/status",
            data={"csrf_token": token, "action": action},
            follow_redirects=True,
        )
        assert response.status_code == 200
        assert "alert-danger" in response.get_data(as_text=True)
        assert db.session.get(EvaluationRound, open_round.id).status == "open"


def test_huge_round_ids_are_404(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, "/admin/rounds")
    for big in (2**31, 2**63, 2**64):
        assert admin.get(f"/admin/rounds/{big}/applications").status_code == 404
        assert admin.get(f"/admin/rulesets/what-if/{big}").status_code == 404
        response = admin.post(f"/admin/rounds/{big}/status", data={"csrf_token": token})
        assert response.status_code == 404
