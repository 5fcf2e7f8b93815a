"""The round runs draft → open → closed → reviewing → deciding → publicity → finished: each
step on a confirmation page, audited, checked against the transition table and against its
preconditions (the decisions start once every application has its panel of reviews)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from tests.applications.helpers import form_fields
from tests.conftest import client_for
from tests.factories import RoundFactory
from tests.review_factories import ReviewFactory, review_panel, scored_application
from tests.rounds.test_round_admin import confirm, english


def _status(rnd) -> str:
    db.session.expire_all()
    return db.session.get(EvaluationRound, rnd.id).status


PAGES = {  # the actions with a page of their own (they do more than change the status)
    "start_publicity": "/admin/rounds/{id}/publicity/start",
    "finish": "/admin/rounds/{id}/finish",
}


def _url(rnd, action: str) -> str:
    return PAGES.get(action, "/admin/rounds/{id}/status/" + action).format(id=rnd.id)


def test_the_round_runs_from_review_to_finished_each_step_audited(app, people):
    rnd = RoundFactory(status="reviewing", closed=True)
    db.session.commit()
    admin = english(client_for(app, people.admin))
    page = admin.get(_url(rnd, "start_deciding")).get_data(as_text=True)
    assert "End the review and start the decisions?" in page
    assert "Reviewers can no longer save or submit scores" in page
    assert "This cannot be undone." in page
    for action, status in (
        ("start_deciding", "deciding"),
        ("start_publicity", "publicity"),
        ("finish", "finished"),
    ):
        if action == "finish":  # the publicity period has run its course
            past = {"publicity_starts_on": date.today() - timedelta(days=20)}
            past["publicity_ends_on"] = date.today() - timedelta(days=10)
            db.session.execute(
                update(EvaluationRound).where(EvaluationRound.id == rnd.id).values(**past)
            )
            db.session.commit()
        listed = admin.get("/admin/rounds").get_data(as_text=True)
        assert f'href="{_url(rnd, action)}"' in listed
        assert confirm(admin, _url(rnd, action)).status_code == 302
        assert _status(rnd) == status
    assert db.session.get(EvaluationRound, rnd.id).finished_at is not None
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "round.status").order_by(AuditEvent.id)
    ).all()
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("reviewing", "deciding"),
        ("deciding", "publicity"),
        ("publicity", "finished"),
    ]
    assert {e.actor_id for e in events} == {people.admin.id}


def test_the_generic_status_page_cannot_skip_what_publicity_and_finishing_do(app, people):
    """Starting the publicity announces the decisions and finishing publishes the recognised
    applications: only their own pages do it, never the rounds' generic status page."""
    rnd = RoundFactory(status="deciding", closed=True)
    db.session.commit()
    admin = client_for(app, people.admin)
    for action in ("start_publicity", "finish"):
        assert admin.get(f"/admin/rounds/{rnd.id}/status/{action}").status_code == 404
    assert _status(rnd) == "deciding"


@pytest.mark.parametrize(
    ("status", "action", "label"),
    [
        ("reviewing", "finish", "Under review"),
        ("closed", "start_deciding", "Closed"),
        ("deciding", "start_review", "Deciding"),
        ("open", "start_publicity", "Open for applications"),
        ("finished", "start_deciding", "Finished"),
    ],
)
def test_transitions_out_of_order_are_refused_with_a_message(app, people, status, action, label):
    rnd = RoundFactory(status=status, closed=status != "open")
    db.session.commit()
    admin = english(client_for(app, people.admin))
    assert f'href="{_url(rnd, action)}"' not in admin.get("/admin/rounds").get_data(as_text=True)
    response = confirm(admin, _url(rnd, action))
    assert response.status_code == 422
    assert f"This cannot be done while the evaluation round is “{label}”" in response.get_data(
        as_text=True
    )
    assert _status(rnd) == status
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "round.status")) is None


def test_the_decisions_wait_for_every_panel(app, people):
    rnd = RoundFactory(status="reviewing", closed=True)
    complete, short = scored_application(rnd), scored_application(rnd)
    review_panel(complete, [80, 82, 84])
    review_panel(short, [70, 75])
    ReviewFactory(application=short, status="draft", submitted_at=None)  # not submitted
    db.session.commit()
    admin = english(client_for(app, people.admin))
    response = confirm(admin, _url(rnd, "start_deciding"))
    assert response.status_code == 422
    assert "1 applications under review have fewer than 3 submitted reviews" in (
        response.get_data(as_text=True)
    )
    assert _status(rnd) == "reviewing"
    review_panel(short, [78])
    db.session.commit()
    assert confirm(admin, _url(rnd, "start_deciding")).status_code == 302
    assert _status(rnd) == "deciding"


def test_a_status_change_on_a_round_changed_since_the_page_opened_is_refused(app, people):
    rnd = RoundFactory(status="reviewing", closed=True)
    db.session.commit()
    admin = english(client_for(app, people.admin))
    url = _url(rnd, "start_deciding")
    page = admin.get(url).get_data(as_text=True)
    fields = {k: v[0] for k, v in form_fields(page, url).items()}
    db.session.execute(
        update(EvaluationRound)
        .where(EvaluationRound.id == rnd.id)
        .values(publicity_days=10, version=EvaluationRound.version + 1)
    )
    db.session.commit()
    response = admin.post(url, data=fields)
    assert response.status_code == 422
    assert "Someone else changed this round" in response.get_data(as_text=True)
    assert _status(rnd) == "reviewing"
    assert confirm(admin, url).status_code == 302  # the page, opened again, is current
