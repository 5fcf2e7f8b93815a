"""The reviewer's workspace: their assignments, the declaration (or recusal) before opening
an application, the frozen application with its evidence and score, and who may see what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from evalcenter.applications import services
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from evalcenter.notifications.models import Notification
from evalcenter.reviews.models import AssignmentStatus
from tests.applications.helpers import add_pdf
from tests.conftest import client_for, csrf_token
from tests.factories import RoundFactory
from tests.reviews.workspace_helpers import FILE_NAME, post_page_form, reviewing, status_of


def _declare(client, assignment):
    url = f"/reviews/{assignment.id}/declare"
    return post_page_form(client, url, commitment="y")


def test_assignments_list_hides_the_organisation_until_declared(app, people):
    world = reviewing(people)
    client = client_for(app, people.reviewer)
    html = client.get("/reviews").get_data(as_text=True)
    assert world.app.reference in html
    assert people.organisation.name not in html
    assert 'data-state="to_declare"' in html
    assert f'href="/reviews/{world.mine.id}/declare"' in html
    assert f"/reviews/{world.other.id}" not in html  # another reviewer's assignment
    assert "Overdue" not in html and "逾期" not in html

    assert _declare(client, world.mine).status_code == 302
    html = client.get("/reviews").get_data(as_text=True)
    assert people.organisation.name in html
    assert 'data-state="to_score"' in html


def test_overdue_marking_after_the_deadline(app, people):
    world = reviewing(people)
    world.app.round.review_deadline = datetime.now(UTC) - timedelta(hours=1)
    db.session.commit()
    html = client_for(app, people.reviewer).get("/reviews").get_data(as_text=True)
    assert 'data-state="overdue"' in html


def test_the_dashboard_and_navigation_link_to_the_assignments(app, people):
    reviewing(people)
    html = client_for(app, people.reviewer).get("/").get_data(as_text=True)
    assert 'href="/reviews"' in html


def test_declaration_page_names_the_organisation_and_requires_the_commitment(app, people):
    world = reviewing(people)
    client = client_for(app, people.reviewer)
    url = f"/reviews/{world.mine.id}/declare"
    html = client.get(url).get_data(as_text=True)
    assert people.organisation.name in html and people.organisation.uscc in html
    assert "conflict of interest" in html or "利益冲突" in html

    refused = post_page_form(client, url, commitment=None)  # the checkbox left unticked
    assert refused.status_code == 422
    db.session.refresh(world.mine)
    assert world.mine.status == AssignmentStatus.ASSIGNED

    response = _declare(client, world.mine)
    assert response.headers["Location"] == f"/reviews/{world.mine.id}"
    db.session.refresh(world.mine)
    assert world.mine.status == AssignmentStatus.DECLARED and world.mine.declared_at
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assignment.declare"))
    assert event.object_id == str(world.mine.id) and event.actor_id == people.reviewer.id


def test_a_known_conflict_cannot_be_declared_away(app, people):
    from evalcenter.reviews.models import ReviewerProfile

    world = reviewing(people)
    db.session.add(
        ReviewerProfile(user_id=people.reviewer.id, employer_uscc=people.organisation.uscc)
    )
    db.session.commit()
    client = client_for(app, people.reviewer)
    assert _declare(client, world.mine).status_code == 422
    db.session.refresh(world.mine)
    assert world.mine.status == AssignmentStatus.ASSIGNED


def test_recusal_frees_the_slot_and_tells_the_administrators(app, people):
    world = reviewing(people)
    client = client_for(app, people.reviewer)
    url = f"/reviews/{world.mine.id}/recuse"
    page = client.get(url)
    assert page.status_code == 200 and people.organisation.name in page.get_data(as_text=True)
    assert post_page_form(client, url).status_code == 422  # no reason
    response = post_page_form(client, url, reason="2023年前曾在该公司任职。")
    assert response.status_code == 302
    db.session.refresh(world.mine)
    assert world.mine.status == AssignmentStatus.RECUSED
    assert world.mine.recusal_reason == "2023年前曾在该公司任职。"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assignment.recuse"))
    assert event.after["reason"] == "2023年前曾在该公司任职。"
    note = db.session.scalar(select(Notification).where(Notification.kind == "review_recused"))
    assert note.user_id == people.admin.id
    assert note.params["reference"] == world.app.reference
    # the recused assignment is gone from the list and every page of it is 404
    assert world.app.reference not in client.get("/reviews").get_data(as_text=True)
    for path in ("", "/declare", "/recuse", "/review", "/review/submit"):
        assert client.get(f"/reviews/{world.mine.id}{path}").status_code == 404


def test_a_declared_reviewer_can_still_recuse_but_not_after_submitting(app, people):
    world = reviewing(people)
    other = client_for(app, world.other_reviewer)
    response = post_page_form(other, f"/reviews/{world.other.id}/recuse", reason="刚发现持股。")
    assert response.status_code == 302
    db.session.refresh(world.other)
    assert world.other.status == AssignmentStatus.RECUSED


def test_pages_before_declaring_and_of_others_are_not_found(app, people):
    world = reviewing(people)
    client = client_for(app, people.reviewer)
    for path in ("", "/review", "/review/submit"):  # before declaring
        assert client.get(f"/reviews/{world.mine.id}{path}").status_code == 404
    for path in ("", "/declare", "/recuse", "/review", "/review/submit"):  # another's
        assert client.get(f"/reviews/{world.other.id}{path}").status_code == 404
    token = {"csrf_token": csrf_token(client, "/account"), "commitment": "y", "reason": "x"}
    for path in ("/declare", "/recuse", "/review", "/review/submit"):
        assert client.post(f"/reviews/{world.other.id}{path}", data=token).status_code == 404
    db.session.refresh(world.other)
    assert world.other.status == AssignmentStatus.DECLARED
    assert client.get("/reviews/999999").status_code == 404


def test_frozen_application_read_only_with_score_trace_and_evidence(app, people):
    world = reviewing(people)
    client = client_for(app, people.reviewer)
    _declare(client, world.mine)
    html = client.get(f"/reviews/{world.mine.id}").get_data(as_text=True)
    assert people.organisation.name in html and world.app.reference in html
    score = world.app.scores[-1]
    assert f'data-quantitative="{score.quantitative}"' in html
    assert 'data-testid="trace"' in html
    assert "万元" in html or "10k yuan" in html  # answers with their units
    assert FILE_NAME in html
    assert 'name="' not in html.split('id="main"')[1]  # nothing to fill in: read-only


def test_a_declared_reviewer_downloads_the_frozen_evidence_only(app, people):
    world = reviewing(people)
    frozen = world.app.latest_snapshot.attachments[0]
    client = client_for(app, people.reviewer)
    url = f"/applications/{world.app.id}/attachments/{frozen.id}"
    assert status_of(client, url) == 404  # before declaring
    _declare(client, world.mine)
    response = client.get(url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    response.close()
    # a file of an application the reviewer is not assigned to
    draft = services.start(people.other_applicant, RoundFactory())
    unassigned = add_pdf(people.other_applicant, draft)
    db.session.commit()
    assert status_of(client, f"/applications/{draft.id}/attachments/{unassigned.id}") == 404
    # the organisation still downloads its own files
    assert status_of(client_for(app, people.applicant), url) == 200


def test_after_recusal_the_evidence_is_closed_again(app, people):
    world = reviewing(people)
    frozen = world.app.latest_snapshot.attachments[0]
    client = client_for(app, people.reviewer)
    _declare(client, world.mine)
    post_page_form(client, f"/reviews/{world.mine.id}/recuse", reason="有亲属在该公司。")
    assert status_of(client, f"/applications/{world.app.id}/attachments/{frozen.id}") == 404


def test_companies_and_administrators_have_no_workspace(app, people):
    world = reviewing(people)
    for user in (people.applicant, people.admin):
        client = client_for(app, user)
        assert client.get("/reviews").status_code == 404
        assert client.get(f"/reviews/{world.other.id}").status_code == 404
