"""The review settings of a round: set when it is created, changed (audited with old and new
values) until the decisions start, the panel size only until the review starts."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from tests.applications.helpers import form_fields
from tests.conftest import client_for, csrf_token
from tests.factories import RoundFactory
from tests.rounds.test_round_admin import _form, english
from tests.rounds.test_round_edit import marked_invalid


def test_a_new_round_takes_its_settings_and_bad_ones_keep_what_was_typed(app, people):
    admin = english(client_for(app, people.admin))
    page = admin.get("/admin/rounds/new").get_data(as_text=True)
    assert 'name="reviewers_per_application"' in page and 'value="5"' in page
    token = csrf_token(admin, "/admin/rounds/new")
    bad = {
        "reviewers_per_application": "21",
        "publicity_days": "0",
        "disagreement_threshold": "NaN",
        "quota": "-3",
    }
    response = admin.post("/admin/rounds/new", data=_form(token, **bad))
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and db.session.scalar(select(EvaluationRound)) is None
    for name in bad:
        assert marked_invalid(html, name), name
    assert 'value="21"' in html and 'value="NaN"' in html and 'value="-3"' in html
    early = _form(token, review_deadline="2026-04-01T09:00")  # before the closing time
    response = admin.post("/admin/rounds/new", data=early)
    assert marked_invalid(response.get_data(as_text=True), "review_deadline")
    good = _form(token, reviewers_per_application="7", quota="30", disagreement_threshold="12.5")
    assert admin.post("/admin/rounds/new", data=good).status_code == 302
    rnd = db.session.scalar(select(EvaluationRound))
    assert (rnd.reviewers_per_application, rnd.quota, rnd.publicity_days) == (7, 30, 5)
    assert rnd.disagreement_threshold == Decimal("12.5")
    assert rnd.review_deadline.isoformat() == "2026-05-31T09:00:00+00:00"  # 17:00 in Beijing
    shown = admin.get(f"/admin/rounds/{rnd.id}/applications").get_data(as_text=True)
    assert 'data-testid="round-settings"' in shown and "12.50" in shown


def test_while_reviewing_the_settings_change_but_not_the_panel_size(app, people):
    rnd = RoundFactory(status="reviewing", closed=True)
    db.session.commit()
    admin = english(client_for(app, people.admin))
    url = f"/admin/rounds/{rnd.id}/edit"
    fields = {k: v[0] for k, v in form_fields(admin.get(url).get_data(as_text=True), url).items()}
    assert "reviewers_per_application" not in fields and "name" not in fields
    assert fields["disagreement_threshold"] == "20.00" and fields["publicity_days"] == "5"
    changed = {**fields, "disagreement_threshold": "15", "quota": "12", "review_deadline": ""}
    response = admin.post(url, data={**changed, "reviewers_per_application": "3"})
    assert response.status_code == 302
    saved = db.session.get(EvaluationRound, rnd.id)
    assert saved.reviewers_per_application == 5  # not on the form: ignored
    assert saved.disagreement_threshold == Decimal(15) and saved.quota == 12
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "round.update"))
    assert event.actor_id == people.admin.id
    assert event.before == {"disagreement_threshold": "20.00", "quota": None}
    assert event.after == {"disagreement_threshold": "15.00", "quota": 12}


def test_the_settings_are_fixed_once_the_decisions_start(app, people):
    rnd = RoundFactory(status="deciding", closed=True)
    db.session.commit()
    admin = client_for(app, people.admin)
    assert admin.get(f"/admin/rounds/{rnd.id}/edit").status_code == 302
    page = admin.get(f"/admin/rounds/{rnd.id}/applications").get_data(as_text=True)
    assert f'href="/admin/rounds/{rnd.id}/edit"' not in page
