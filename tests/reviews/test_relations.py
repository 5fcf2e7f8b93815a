"""Reviewers declare their own relations to organisations (回避) and remove them after a
confirmation; they never see or change another reviewer's, even by a direct request."""

from __future__ import annotations

from sqlalchemy import select

from evalcenter.core.models import AuditEvent
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.reviews.models import ReviewerRelation
from tests.applications.helpers import form_fields
from tests.conftest import client_for
from tests.factories import UserFactory, uscc
from tests.rounds.test_round_admin import confirm, english
from tests.rounds.test_round_edit import marked_invalid

NEW = "/reviewer/relations/new"


def _fields(client) -> dict:
    html = client.get(NEW).get_data(as_text=True)
    return {k: v[0] for k, v in form_fields(html, NEW).items() if k != "kind"}


def _relation(reviewer, **changes) -> ReviewerRelation:
    values = {
        "organisation_name": "北京某某科技有限公司",
        "organisation_uscc": uscc(901),
        "kind": "advisory",
        "reason": "技术顾问",
        **changes,
    }
    relation = ReviewerRelation(reviewer_id=reviewer.id, **values)
    db.session.add(relation)
    db.session.commit()
    return relation


def test_a_reviewer_declares_a_relation_linked_from_the_dashboard(app, people):
    expert = english(client_for(app, people.reviewer))
    assert 'href="/reviewer/relations"' in expert.get("/").get_data(as_text=True)
    fields = _fields(expert)
    typed = {
        **fields,
        "organisation_name": "北京前东家科技有限公司",
        "organisation_uscc": uscc(77).lower(),
        "kind": "former_employer",
        "reason": "2023年离职",
    }
    assert expert.post(NEW, data=typed).status_code == 302
    relation = db.session.scalar(select(ReviewerRelation))
    assert relation.reviewer_id == people.reviewer.id and relation.organisation_uscc == uscc(77)
    assert relation.created_by_id == people.reviewer.id
    page = expert.get("/reviewer/relations").get_data(as_text=True)
    assert "北京前东家科技有限公司" in page and "Former employer (in the last 3 years)" in page
    assert "former_employer" not in page.replace('value="former_employer"', "")
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "reviewer_relation.create")
    )
    assert event.actor_id == people.reviewer.id and event.after["reason"] == "2023年离职"


def test_bad_input_keeps_what_was_typed(app, people):
    expert = english(client_for(app, people.reviewer))
    typed = {
        **_fields(expert),
        "organisation_name": "<b>某公司</b>",
        "organisation_uscc": "91110108MA0000000X",
        "reason": "",
    }
    response = expert.post(NEW, data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert marked_invalid(html, "organisation_uscc")
    assert 'value="91110108MA0000000X"' in html and "&lt;b&gt;某公司&lt;/b&gt;" in html
    typed["organisation_uscc"] = uscc(5)
    html = expert.post(NEW, data=typed).get_data(as_text=True)  # no kind, no reason
    assert "Choose one of the listed kinds of relation." in html
    typed["kind"] = "family"
    html = expert.post(NEW, data=typed).get_data(as_text=True)
    assert marked_invalid(html, "reason")
    assert db.session.scalar(select(ReviewerRelation)) is None


def test_another_reviewers_relation_is_404_and_removal_is_confirmed(app, people):
    other = UserFactory(role=Role.REVIEWER, email="other-expert@example.cn")
    theirs, mine = _relation(other), _relation(people.reviewer, kind="family")
    expert = english(client_for(app, people.reviewer))
    page = expert.get("/reviewer/relations").get_data(as_text=True)
    assert f'data-relation="{mine.id}"' in page and f'data-relation="{theirs.id}"' not in page
    url = f"/reviewer/relations/{theirs.id}/remove"
    assert expert.get(url).status_code == 404
    token = form_fields(expert.get(NEW).get_data(as_text=True), NEW)["csrf_token"][0]
    assert expert.post(url, data={"csrf_token": token}).status_code == 404
    assert db.session.get(ReviewerRelation, theirs.id) is not None

    mine_id = mine.id
    response = confirm(expert, f"/reviewer/relations/{mine_id}/remove")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ReviewerRelation, mine_id) is None
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "reviewer_relation.delete")
    )
    assert event.actor_id == people.reviewer.id and event.before["kind"] == "family"


def test_a_direct_post_cannot_add_a_relation_for_someone_else(app, people):
    other = UserFactory(role=Role.REVIEWER, email="other-expert@example.cn")
    db.session.commit()
    expert = client_for(app, people.reviewer)
    typed = {
        **_fields(expert),
        "organisation_name": "北京某公司",
        "organisation_uscc": uscc(8),
        "kind": "advisory",
        "reason": "顾问",
        "reviewer_id": str(other.id),
    }
    assert expert.post(NEW, data=typed).status_code == 302
    assert expert.post(f"/admin/reviewers/{other.id}/relations/new", data=typed).status_code == 403
    owners = db.session.scalars(select(ReviewerRelation.reviewer_id)).all()
    assert owners == [people.reviewer.id]
    applicant = client_for(app, people.applicant)
    assert applicant.get("/reviewer/relations").status_code == 403
