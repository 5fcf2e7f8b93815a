"""Administrators decide one application or several at once; a panel score is required."""

from __future__ import annotations

from sqlalchemy import select

from evalcenter.core.models import AuditEvent
from evalcenter.decisions.models import Decision
from evalcenter.extensions import db
from tests.applications.helpers import form_fields
from tests.decisions.helpers import deciding_round, english


def _form(client, url: str) -> dict:
    html = client.get(url).get_data(as_text=True)
    return {k: v[0] for k, v in form_fields(html, url).items() if k != "outcome"}


def test_decide_one_application_and_change_it(app, people):
    rnd, (first, _second) = deciding_round(2)
    client = english(app, people.admin)
    url = f"/admin/rounds/{rnd.id}/decisions/{first.id}"
    fields = _form(client, url)
    response = client.post(url, data={**fields, "outcome": "recognised"})
    assert response.status_code == 302
    decision = db.session.scalar(select(Decision))
    assert decision.outcome == "recognised" and decision.version == 1
    # change it: audited with old and new
    fields = _form(client, url)
    changed = client.post(url, data={**fields, "outcome": "not_recognised", "rationale": "理由"})
    assert changed.status_code == 302
    db.session.refresh(decision)
    assert (decision.outcome, decision.rationale, decision.version) == ("not_recognised", "理由", 2)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "decision.update"))
    assert event.before["outcome"] == "recognised" and event.after["outcome"] == "not_recognised"
    page = client.get(f"/admin/rounds/{rnd.id}/decisions").get_data(as_text=True)
    assert "Not recognised: 1" in page and "理由" in page


def test_not_recognised_needs_a_rationale(app, people):
    rnd, (first, _) = deciding_round(2)
    client = english(app, people.admin)
    url = f"/admin/rounds/{rnd.id}/decisions/{first.id}"
    response = client.post(url, data={**_form(client, url), "outcome": "not_recognised"})
    assert response.status_code == 200
    assert "Give the rationale" in response.get_data(as_text=True)
    assert db.session.scalar(select(Decision)) is None


def test_no_panel_score_is_refused(app, people):
    rnd, (_, short) = deciding_round(1, unreviewed=1)
    client = english(app, people.admin)
    url = f"/admin/rounds/{rnd.id}/decisions/{short.id}"
    response = client.post(url, data={**_form(client, url), "outcome": "recognised"})
    assert "has no panel score yet: 2 submitted review(s), at least 3" in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(Decision)) is None


def test_a_stale_form_does_not_overwrite_a_newer_decision(app, people):
    rnd, (first, _) = deciding_round(2)
    client = english(app, people.admin)
    url = f"/admin/rounds/{rnd.id}/decisions/{first.id}"
    client.post(url, data={**_form(client, url), "outcome": "recognised"})
    tab_one, tab_two = _form(client, url), _form(client, url)
    client.post(url, data={**tab_one, "outcome": "not_recognised", "rationale": "A"})
    response = client.post(url, data={**tab_two, "outcome": "recognised"})
    assert "Someone changed this decision" in response.get_data(as_text=True)
    assert db.session.scalar(select(Decision)).outcome == "not_recognised"


def test_bulk_decision_with_confirmation(app, people):
    rnd, apps = deciding_round(2, unreviewed=1)
    client = english(app, people.admin)
    listing = client.get(f"/admin/rounds/{rnd.id}/decisions").get_data(as_text=True)
    assert f'value="{apps[2].id}"' not in listing  # no panel score: not selectable
    query = f"outcome=recognised&app={apps[0].id}&app={apps[1].id}"
    url = f"/admin/rounds/{rnd.id}/decisions/bulk?{query}"
    page = client.get(url).get_data(as_text=True)
    assert "2 application(s) will be recognised." in page
    assert db.session.scalar(select(Decision)) is None  # nothing before the confirmation
    token = {k: v[0] for k, v in form_fields(page, url.replace("&", "&amp;")).items()}
    assert client.post(url, data=token).status_code == 302
    assert {d.outcome for d in db.session.scalars(select(Decision))} == {"recognised"}
    assert db.session.query(Decision).count() == 2


def test_bulk_refused_when_one_has_no_panel_score(app, people):
    rnd, apps = deciding_round(1, unreviewed=1)
    client = english(app, people.admin)
    query = f"outcome=recognised&app={apps[0].id}&app={apps[1].id}"
    url = f"/admin/rounds/{rnd.id}/decisions/bulk?{query}"
    page = client.get(url).get_data(as_text=True)
    token = {k: v[0] for k, v in form_fields(page, url.replace("&", "&amp;")).items()}
    response = client.post(url, data=token)
    assert response.status_code == 422
    assert "has no panel score yet" in response.get_data(as_text=True)
    assert db.session.query(Decision).count() == 0


def test_decisions_only_while_deciding(app, people):
    rnd, (first, _) = deciding_round(2)
    rnd.status = "reviewing"
    db.session.commit()
    client = english(app, people.admin)
    assert client.get(f"/admin/rounds/{rnd.id}/decisions/{first.id}").status_code == 404
    assert (
        english(app, people.applicant).get(f"/admin/rounds/{rnd.id}/decisions").status_code == 403
    )
