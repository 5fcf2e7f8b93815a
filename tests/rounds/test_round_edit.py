"""Rounds are edited until they close (optimistic locking keeps two editors from overwriting
each other) and a round closed by mistake is reopened with a reason and a new deadline."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from tests.applications.helpers import form_fields
from tests.conftest import client_for
from tests.factories import RoundFactory
from tests.rounds.test_round_admin import confirm, english

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _beijing(delta: timedelta) -> str:
    return (datetime.now(SHANGHAI) + delta).strftime("%Y-%m-%dT%H:%M")


def _edit_fields(client, rnd) -> tuple[str, dict]:
    url = f"/admin/rounds/{rnd.id}/edit"
    html = client.get(url).get_data(as_text=True)
    fields = {k: v[0] for k, v in form_fields(html, url).items()}
    description = re.search(r'<textarea[^>]*name="description"[^>]*>(.*?)</textarea>', html, re.S)
    fields["description"] = description.group(1).strip()
    return url, fields


def marked_invalid(html: str, name: str) -> bool:
    """The input or textarea named `name` carries aria-invalid and points at its message."""
    tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html)
    return bool(tag) and 'aria-invalid="true"' in tag.group(0) and "-error" in tag.group(0)


def _event(action: str) -> AuditEvent:
    return db.session.scalar(select(AuditEvent).where(AuditEvent.action == action))


def test_the_edit_form_shows_the_round_in_beijing_time(app, people, open_round):
    admin = client_for(app, people.admin)
    url, fields = _edit_fields(admin, open_round)
    expected = open_round.closes_at.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")
    assert fields["closes_at"] == expected and fields["name"] == open_round.name
    assert fields["version"] == str(open_round.version)
    assert len(re.findall(r'name="version"', admin.get(url).get_data(as_text=True))) == 1


def test_extending_the_deadline_is_saved_and_audited_with_old_and_new(app, people, open_round):
    admin = client_for(app, people.admin)
    url, fields = _edit_fields(admin, open_round)
    old_closing = fields["closes_at"]
    new_closing = _beijing(timedelta(days=60))
    response = admin.post(url, data={**fields, "closes_at": new_closing, "name": "延期后的轮次"})
    assert response.status_code == 302
    rnd = db.session.get(EvaluationRound, open_round.id)
    assert rnd.name == "延期后的轮次" and rnd.version == 2
    assert rnd.closes_at.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M") == new_closing
    event = _event("round.update")
    assert event.actor_id == people.admin.id
    assert event.before["closes_at"].startswith(old_closing)
    assert event.after["closes_at"].startswith(new_closing) and event.after["closes_at"].endswith(
        "+08:00"
    )
    assert event.before["name"] == "2025年度评价" and event.after["name"] == "延期后的轮次"
    assert "description" not in event.after  # only what changed


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(app, people, open_round):
    admin = english(client_for(app, people.admin))
    url, fields = _edit_fields(admin, open_round)
    # Another administrator saves the round after this form was opened.
    db.session.execute(
        update(EvaluationRound)
        .where(EvaluationRound.id == open_round.id)
        .values(name="别人改的名称", version=EvaluationRound.version + 1)
    )
    db.session.commit()
    typed = {**fields, "name": "我改的名称", "description": "我写的说明"}
    response = admin.post(url, data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else changed this round" in html
    assert 'value="我改的名称"' in html and "我写的说明" in html  # nothing typed is lost
    assert 'data-testid="round-current"' in html and "别人改的名称" in html
    assert db.session.get(EvaluationRound, open_round.id).name == "别人改的名称"
    assert _event("round.update") is None
    # Having compared, the administrator saves again: now it replaces the current details.
    again = {k: v[0] for k, v in form_fields(html, url).items()}
    assert again["version"] == "2"
    assert admin.post(url, data={**typed, "version": again["version"]}).status_code == 302
    assert db.session.get(EvaluationRound, open_round.id).name == "我改的名称"


def test_a_deadline_in_the_past_is_a_field_error_on_an_open_round(app, people, open_round):
    admin = client_for(app, people.admin)
    url, fields = _edit_fields(admin, open_round)
    response = admin.post(url, data={**fields, "closes_at": _beijing(-timedelta(hours=1))})
    assert response.status_code == 200
    assert marked_invalid(response.get_data(as_text=True), "closes_at")
    assert db.session.get(EvaluationRound, open_round.id).version == 1


def test_a_closed_round_keeps_its_details_but_not_its_review_settings(app, people):
    rnd = RoundFactory(status="closed")
    deciding = RoundFactory(status="deciding")
    db.session.commit()
    admin = client_for(app, people.admin)
    html = admin.get("/admin/rounds").get_data(as_text=True)
    assert f'href="/admin/rounds/{rnd.id}/reopen"' in html
    assert f'href="/admin/rounds/{rnd.id}/edit"' in html  # the review settings
    page = admin.get(f"/admin/rounds/{rnd.id}/edit").get_data(as_text=True)
    assert 'name="publicity_days"' in page and 'name="name"' not in page
    assert 'name="closes_at"' not in page
    assert f'href="/admin/rounds/{deciding.id}/edit"' not in html
    assert admin.get(f"/admin/rounds/{deciding.id}/edit").status_code == 302


def test_reopening_needs_a_reason_and_a_future_deadline_and_is_audited(app, people):
    rnd = RoundFactory(status="closed", closed=True)
    db.session.commit()
    admin = english(client_for(app, people.admin))
    url = f"/admin/rounds/{rnd.id}/reopen"
    text = admin.get(url).get_data(as_text=True)
    assert "must be in the future" in text and 'name="closes_at"' in text

    response = confirm(admin, url, reason="", closes_at=_beijing(timedelta(days=7)))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert marked_invalid(html, "reason")
    response = confirm(admin, url, reason="误操作提前关闭", closes_at=_beijing(-timedelta(days=1)))
    assert response.status_code == 422 and "must be in the future" in response.get_data(
        as_text=True
    )
    assert db.session.get(EvaluationRound, rnd.id).status == "closed"

    new_deadline = _beijing(timedelta(days=7))
    response = confirm(admin, url, reason="误操作提前关闭", closes_at=new_deadline)
    assert response.status_code == 302
    reopened = db.session.get(EvaluationRound, rnd.id)
    assert reopened.status == "open" and reopened.is_open()
    event = _event("round.reopen")
    assert event.after["reason"] == "误操作提前关闭" and event.after["status"] == "open"
    assert event.before["status"] == "closed" and event.after["closes_at"].startswith(new_deadline)
    assert datetime.fromisoformat(event.before["closes_at"]) < datetime.now(UTC)


def test_only_closed_rounds_are_reopened(app, people, open_round):
    admin = client_for(app, people.admin)
    url = f"/admin/rounds/{open_round.id}/reopen"
    response = confirm(admin, url, reason="x", closes_at=_beijing(timedelta(days=7)))
    assert response.status_code == 422 and "ec-error-summary" in response.get_data(as_text=True)
    assert _event("round.reopen") is None
