"""Administrators create rounds pinned to a ruleset version and move them through their
lifecycle, each status change after a confirmation page that states its consequences."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from evalcenter.scoring import default_rules_dir, sha256_file
from tests.applications.helpers import form_fields
from tests.conftest import client_for, csrf_token
from tests.factories import RoundFactory


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
        "reviewers_per_application": "5",
        "review_deadline": "2026-05-31T17:00",
        "quota": "",
        "publicity_days": "5",
        "disagreement_threshold": "20",
    }
    data.update(overrides)
    return data


def confirm(client, url: str, **fields):
    """Open the confirmation page at `url` and post its own form (with `fields` typed)."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = {k: v[0] for k, v in form_fields(page.get_data(as_text=True), url).items()}
    return client.post(url, data={**data, **fields})


def english(client):
    client.get("/lang/en")
    return client


def _status(rnd) -> str:
    return db.session.get(EvaluationRound, rnd.id).status


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


def test_the_name_field_is_the_round_name_not_a_persons_name(app, people):
    admin = client_for(app, people.admin)
    html = admin.get("/admin/rounds/new").get_data(as_text=True)
    label = re.search(r'<label[^>]*for="name"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "姓名" not in label  # the msgid "Name" is translated as a person's name
    html = english(admin).get("/admin/rounds/new").get_data(as_text=True)
    label = re.search(r'<label[^>]*for="name"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "Round name" in label


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


def test_odd_numbers_in_the_round_form_are_field_errors(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, "/admin/rounds/new")
    for year in ("٢٠٢٦", "²⁰²⁶", "9" * 400, "2026.0", "1e3"):
        response = admin.post("/admin/rounds/new", data=_form(token, year=year))
        assert response.status_code == 200
        assert 'id="year"' in response.get_data(as_text=True)
    assert db.session.scalar(select(EvaluationRound)) is None


def test_closing_early_asks_first_and_states_the_consequences(app, people, open_round):
    admin = english(client_for(app, people.admin))
    html = admin.get("/admin/rounds").get_data(as_text=True)
    url = f"/admin/rounds/{open_round.id}/status/close"
    assert f'href="{url}"' in html  # a link to the confirmation page, not a one-click form
    page = admin.get(url)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-testid="consequences"' in text
    assert "closes early" in text and "can be reopened" in text
    assert _status(open_round) == "open"  # opening the page changed nothing
    response = confirm(admin, url)
    assert response.status_code == 302 and _status(open_round) == "closed"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "round.status"))
    assert event.before == {"status": "open"} and event.after == {"status": "closed"}


def test_a_post_without_the_confirmation_pages_token_is_refused(app, people, open_round):
    admin = client_for(app, people.admin)
    url = f"/admin/rounds/{open_round.id}/status/close"
    admin.get(url)
    assert admin.post(url, data={}).status_code == 400
    assert admin.post(url, data={"csrf_token": "forged"}).status_code == 400
    assert _status(open_round) == "open"


def test_every_status_change_has_a_confirmation_page(app, people, open_round):
    admin = client_for(app, people.admin)
    draft_round = RoundFactory(status="draft", name="草稿轮次")
    db.session.commit()
    assert confirm(admin, f"/admin/rounds/{draft_round.id}/status/open").status_code == 302
    assert _status(draft_round) == "open"
    assert confirm(admin, f"/admin/rounds/{open_round.id}/status/close").status_code == 302
    url = f"/admin/rounds/{open_round.id}/status/start_review"
    assert 'data-testid="warning-text"' in admin.get(url).get_data(as_text=True)  # irreversible
    assert confirm(admin, url).status_code == 302
    assert _status(open_round) == "reviewing"


def test_actions_the_table_refuses_are_explained_on_the_page(app, people, open_round):
    admin = client_for(app, people.admin)
    html = admin.get("/admin/rounds").get_data(as_text=True)
    assert 'data-action="close"' in html and 'data-action="start_review"' not in html
    for action in ("start_review", "open"):
        response = confirm(admin, f"/admin/rounds/{open_round.id}/status/{action}")
        assert response.status_code == 422
        assert "ec-error-summary" in response.get_data(as_text=True)
        assert _status(open_round) == "open"
    token = csrf_token(admin, "/admin/rounds/new")
    for action in ("reopen", "publish", "", "x" * 500):
        response = admin.post(
            f"/admin/rounds/{open_round.id}/status/{action}", data={"csrf_token": token}
        )
        assert response.status_code in (404, 405)
    assert _status(open_round) == "open"


def test_huge_round_ids_are_404(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, "/admin/rounds/new")
    for big in (2**31, 2**63, 2**64):
        assert admin.get(f"/admin/rounds/{big}/applications").status_code == 404
        assert admin.get(f"/admin/rulesets/what-if/{big}").status_code == 404
        for path in ("status/close", "reopen", "edit"):
            assert admin.get(f"/admin/rounds/{big}/{path}").status_code == 404
            response = admin.post(f"/admin/rounds/{big}/{path}", data={"csrf_token": token})
            assert response.status_code == 404


@pytest.mark.parametrize("role", ["applicant", "reviewer"])
def test_only_administrators_change_rounds(app, people, open_round, role):
    client = client_for(app, getattr(people, role))
    for path in ("status/close", "reopen", "edit"):
        assert client.get(f"/admin/rounds/{open_round.id}/{path}").status_code == 403
