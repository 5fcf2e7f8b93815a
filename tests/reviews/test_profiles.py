"""Administrators list reviewers and edit their profiles (expertise from the ruleset's
industry fields, employer with a valid USCC, load cap; optimistic locking, audited), manage
their relations, and see which applications under review each cannot take."""

from __future__ import annotations

from sqlalchemy import select, update

from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from evalcenter.reviews.models import ReviewerProfile, ReviewerRelation
from tests.applications.helpers import form_fields
from tests.conftest import client_for
from tests.factories import RoundFactory, uscc
from tests.review_factories import scored_application
from tests.rounds.test_round_admin import confirm, english
from tests.rounds.test_round_edit import marked_invalid


def _url(reviewer) -> str:
    return f"/admin/reviewers/{reviewer.id}"


def _fields(client, url) -> dict:
    html = client.get(url).get_data(as_text=True)
    return {k: v[0] for k, v in form_fields(html, url).items() if k != "expertise"}


def test_the_profile_is_edited_audited_and_listed(app, people):
    admin = english(client_for(app, people.admin))
    listing = admin.get("/admin/reviewers").get_data(as_text=True)
    assert f'href="{_url(people.reviewer)}"' in listing
    assert f'href="/admin/reviewers/{people.applicant.id}"' not in listing
    page = admin.get(_url(people.reviewer)).get_data(as_text=True)
    assert 'value="integrated_circuits"' in page and "Integrated circuits" in page
    fields = _fields(admin, _url(people.reviewer))
    assert fields["version"] == "0"
    typed = {
        **fields,
        "expertise": ["integrated_circuits", "next_gen_it"],
        "employer_name": "北京大学",
        "employer_uscc": uscc(3).lower(),
        "max_load": "8",
    }
    assert admin.post(_url(people.reviewer), data=typed).status_code == 302
    profile = db.session.scalar(select(ReviewerProfile))
    assert profile.fields == ["next_gen_it", "integrated_circuits"]  # the ruleset's order
    assert (profile.employer_uscc, profile.max_load) == (uscc(3), 8)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "reviewer_profile.update")
    )
    assert event.actor_id == people.admin.id and event.before["employer_name"] == ""
    assert event.after["employer_name"] == "北京大学"
    listing = admin.get("/admin/reviewers").get_data(as_text=True)
    assert "北京大学" in listing and "Integrated circuits" in listing


def test_bad_input_keeps_what_was_typed_and_stale_saves_are_refused(app, people):
    admin = english(client_for(app, people.admin))
    url = _url(people.reviewer)
    fields = _fields(admin, url)
    typed = {**fields, "employer_name": "某研究院", "employer_uscc": "91110108MA0000000X"}
    response = admin.post(url, data={**typed, "expertise": ["astrology"], "max_load": "0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and marked_invalid(html, "max_load")
    assert 'value="某研究院"' in html and 'value="91110108MA0000000X"' in html
    html = admin.post(url, data=typed).get_data(as_text=True)
    assert marked_invalid(html, "employer_uscc")
    html = admin.post(url, data={**typed, "employer_uscc": uscc(4), "expertise": ["astrology"]})
    assert "Choose expertise fields from the list." in html.get_data(as_text=True)
    assert db.session.scalar(select(ReviewerProfile)) is None

    assert admin.post(url, data={**typed, "employer_uscc": uscc(4)}).status_code == 302
    stale = _fields(admin, url)
    newer = {"employer_name": "别人改的", "version": ReviewerProfile.version + 1}
    db.session.execute(update(ReviewerProfile).values(**newer))
    db.session.commit()
    response = admin.post(url, data={**stale, "employer_name": "我改的"})
    html = response.get_data(as_text=True)
    assert "Someone else changed this profile" in html and 'value="我改的"' in html
    db.session.expire_all()
    assert db.session.scalar(select(ReviewerProfile)).employer_name == "别人改的"


def test_only_reviewers_have_profiles(app, people):
    admin = client_for(app, people.admin)
    assert admin.get(f"/admin/reviewers/{people.applicant.id}").status_code == 404
    assert admin.get("/admin/reviewers/999999").status_code == 404
    assert client_for(app, people.reviewer).get(_url(people.reviewer)).status_code == 403


def test_relations_and_blocked_applications_on_the_profile(app, people):
    rnd = RoundFactory(status="reviewing", closed=True)
    employer_app, related_app, free_app = (scored_application(rnd) for _ in range(3))
    db.session.add(
        ReviewerProfile(
            user_id=people.reviewer.id,
            employer_name="雇主",
            employer_uscc=employer_app.organisation.uscc,
        )
    )
    db.session.commit()
    admin = english(client_for(app, people.admin))
    new = f"{_url(people.reviewer)}/relations/new"
    fields = {k: v[0] for k, v in form_fields(admin.get(new).get_data(as_text=True), new).items()}
    typed = {
        **fields,
        "organisation_name": related_app.organisation.name,
        "organisation_uscc": related_app.organisation.uscc,
        "kind": "shareholding",
        "reason": "持股",
    }
    assert admin.post(new, data=typed).status_code == 302
    relation = db.session.scalar(select(ReviewerRelation))
    assert relation.reviewer_id == people.reviewer.id and relation.created_by_id == people.admin.id
    page = admin.get(_url(people.reviewer)).get_data(as_text=True)
    blocked = page[page.index('data-testid="blocked"') :]
    assert employer_app.organisation.name in blocked and related_app.organisation.name in blocked
    assert free_app.organisation.name not in blocked
    relation_id = relation.id
    assert confirm(admin, f"/admin/reviewers/relations/{relation_id}/remove").status_code == 302
    db.session.expire_all()
    assert db.session.get(ReviewerRelation, relation_id) is None
