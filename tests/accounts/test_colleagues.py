"""Colleagues in one organisation: the first user invites them (the link goes to the log
until there is a mail server), they set their own password, and the first user can
deactivate and reactivate them. Real HTTP throughout."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from evalcenter.accounts.models import Invitation, OrganisationStatus, User
from evalcenter.core.models import AuditEvent
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from tests.accounts.colleague_helpers import GOOD_PASSWORD, accept, invite
from tests.conftest import client_for, csrf_token, login
from tests.factories import OrganisationFactory, UserFactory

COLLEAGUE = "li.colleague@benshen.example.cn"


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _invitation(email: str = COLLEAGUE) -> Invitation:
    return db.session.scalar(select(Invitation).where(Invitation.email == email))


def _user(email: str = COLLEAGUE) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture()
def owner(app, people):
    return client_for(app, people.applicant)


@pytest.fixture()
def colleague(app, people):
    """A second applicant of the organisation (created after its first user)."""
    user = UserFactory(email="zhao.second@benshen.example.cn", organisation=people.organisation)
    db.session.commit()
    return user


def test_invite_logs_a_single_use_link_and_stores_only_its_hash(app, people, owner, caplog):
    response, path = invite(owner, caplog, "  Li.Colleague@Benshen.example.cn ", "李同事")
    assert response.status_code == 302 and response.headers["Location"] == "/colleagues"
    assert path is not None
    token = path.rsplit("/", 1)[1]
    invitation = _invitation()
    assert invitation.organisation_id == people.organisation.id
    assert invitation.invited_by_id == people.applicant.id
    assert invitation.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(
        db.session.execute(select(Invitation.__table__)).all()
    )  # only the hash is kept
    assert timedelta(days=6, hours=23) < invitation.expires_at - utcnow() <= timedelta(days=7)
    (event,) = _events("invitation.create")
    assert event.actor_id == people.applicant.id and event.object_id == str(invitation.id)
    html = owner.get("/colleagues").get_data(as_text=True)
    assert COLLEAGUE in html and 'data-state="pending"' in html


def test_accept_refuses_weak_passwords_then_creates_the_account(app, people, owner, caplog):
    _, path = invite(owner, caplog, COLLEAGUE)
    newcomer = app.test_client()
    page = newcomer.get(path)
    assert page.status_code == 200 and people.organisation.name in page.get_data(as_text=True)
    for weak in ("short-1", "password123", "li.colleague-2025!", "北京犇燊科技有限公司2025"):
        response = accept(newcomer, path, weak)
        assert response.status_code == 200, weak
        assert "ec-error-summary" in response.get_data(as_text=True), weak
        assert _user() is None
    assert accept(newcomer, path, GOOD_PASSWORD, repeat="something else").status_code == 200
    response = accept(newcomer, path, GOOD_PASSWORD, name="李新同事")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    user = _user()
    assert user.organisation_id == people.organisation.id and user.role == "applicant"
    assert user.name == "李新同事" and user.active and user.check_password(GOOD_PASSWORD)
    assert _invitation().accepted_at is not None
    assert newcomer.get("/account").status_code == 200  # logged in
    (accepted,) = _events("invitation.accept")
    assert accepted.actor_id == user.id
    created = next(e for e in _events("user.create") if e.object_id == str(user.id))
    assert created.actor_label == COLLEAGUE
    assert login(app.test_client(), COLLEAGUE, GOOD_PASSWORD).status_code == 302


def test_a_link_works_once(app, people, owner, caplog):
    _, path = invite(owner, caplog, COLLEAGUE)
    first, second = app.test_client(), app.test_client()
    html = second.get(path).get_data(as_text=True)  # opened before the first accepts
    assert accept(first, path).status_code == 302
    reused = second.get(path)
    assert reused.status_code == 410
    assert 'data-state="accepted"' in reused.get_data(as_text=True)
    from tests.applications.helpers import form_fields

    data = {k: v[0] for k, v in form_fields(html, path).items()}
    data.update(password="Another good phrase 7", confirm="Another good phrase 7")
    assert second.post(path, data=data).status_code == 410
    assert db.session.scalar(select(User).where(User.name == "another")) is None
    assert len(_events("invitation.accept")) == 1


def test_expired_and_unknown_links_explain_themselves(app, people, owner, caplog):
    _, path = invite(owner, caplog, COLLEAGUE)
    _invitation().expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = app.test_client().get(path)
    assert response.status_code == 410
    assert 'data-state="expired"' in response.get_data(as_text=True)
    late = app.test_client()
    data = {"csrf_token": csrf_token(late, "/login"), "name": "李同事"}
    data.update(password=GOOD_PASSWORD, confirm=GOOD_PASSWORD)
    assert late.post(path, data=data).status_code == 410
    assert _user() is None
    html = owner.get("/colleagues").get_data(as_text=True)
    assert 'data-state="expired"' in html
    for bad in ("/invitations/" + "A" * 43, "/invitations/short", "/invitations/" + "é" * 43):
        response = app.test_client().get(bad)
        assert response.status_code == 404, bad
        assert 'data-state="unknown"' in response.get_data(as_text=True)


def test_revoked_link_stops_working(app, people, owner, caplog):
    _, path = invite(owner, caplog, COLLEAGUE)
    invitation = _invitation()
    url = f"/colleagues/invitations/{invitation.id}/revoke"
    page = owner.get(url)
    assert page.status_code == 200 and 'data-testid="consequences"' in page.get_data(as_text=True)
    response = owner.post(url, data={"csrf_token": csrf_token(owner, url)})
    assert response.status_code == 302
    assert _invitation().revoked_at is not None
    gone = app.test_client().get(path)
    assert gone.status_code == 410 and 'data-state="revoked"' in gone.get_data(as_text=True)
    (event,) = _events("invitation.revoke")
    assert event.actor_id == people.applicant.id
    assert f'data-colleague="{COLLEAGUE}"' not in owner.get("/colleagues").get_data(as_text=True)
    assert owner.get(url).status_code == 404  # nothing left to revoke
    response, again = invite(owner, caplog, COLLEAGUE)  # the address can be invited again
    assert response.status_code == 302 and again not in (None, path)


def test_existing_accounts_and_open_invitations_are_refused(app, people, owner, caplog):
    for email in (people.reviewer.email, people.other_applicant.email.upper()):
        response, path = invite(owner, caplog, email)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and path is None
        assert "ec-error-summary" in html and email in html
    assert invite(owner, caplog, COLLEAGUE)[0].status_code == 302
    response, path = invite(owner, caplog, COLLEAGUE)
    assert response.status_code == 200 and path is None
    assert len(list(db.session.scalars(select(Invitation)))) == 1


def test_logged_in_visitor_cannot_accept(app, people, owner, caplog):
    _, path = invite(owner, caplog, COLLEAGUE)
    other = client_for(app, people.other_applicant)
    page = other.get(path)
    assert page.status_code == 200 and 'data-testid="logged-in"' in page.get_data(as_text=True)
    token = csrf_token(other, "/account")
    data = {"csrf_token": token, "name": "x", "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD}
    assert other.post(path, data=data).status_code == 200
    assert _user() is None and _invitation().accepted_at is None


def test_only_the_first_user_of_an_approved_organisation_invites(app, people, colleague, caplog):
    second = client_for(app, colleague)
    assert second.get("/colleagues").status_code == 200
    assert second.get("/colleagues/invite").status_code == 403
    token = csrf_token(second, "/account")
    data = {"csrf_token": token, "email": COLLEAGUE, "name": "x"}
    assert second.post("/colleagues/invite", data=data).status_code == 403
    assert 'data-testid="invite-link"' not in second.get("/colleagues").get_data(as_text=True)
    for role in ("reviewer", "admin"):
        assert client_for(app, getattr(people, role)).get("/colleagues/invite").status_code == 403

    pending = OrganisationFactory(status=OrganisationStatus.PENDING)
    first = UserFactory(email="first@pending.example.cn", organisation=pending)
    db.session.commit()
    client = client_for(app, first)
    assert client.get("/colleagues/invite").status_code == 403
    assert 'data-testid="invite-not-approved"' in client.get("/colleagues").get_data(as_text=True)
    assert db.session.scalar(select(Invitation)) is None


def test_first_user_deactivates_a_colleague_after_confirming(app, people, owner, colleague):
    second = client_for(app, colleague)
    copied = app.test_client()
    copied.set_cookie("session", second.get_cookie("session").value)
    assert copied.get("/account").status_code == 200
    url = f"/colleagues/{colleague.id}/deactivate"
    page = owner.get(url).get_data(as_text=True)
    assert 'data-testid="confirm-form"' in page and 'data-testid="consequences"' in page
    assert colleague.email in page
    assert db.session.get(User, colleague.id).active  # showing the page changes nothing
    response = owner.post(url, data={"csrf_token": csrf_token(owner, url)})
    assert response.status_code == 302
    assert not db.session.get(User, colleague.id).active
    for client in (second, copied):
        response = client.get("/account")
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert login(app.test_client(), colleague.email).status_code == 200
    assert 'data-state="deactivated"' in owner.get("/colleagues").get_data(as_text=True)
    (event,) = _events("user.deactivate")
    assert event.actor_id == people.applicant.id and event.object_id == str(colleague.id)

    token = csrf_token(owner, "/colleagues")
    response = owner.post(f"/colleagues/{colleague.id}/reactivate", data={"csrf_token": token})
    assert response.status_code == 302 and db.session.get(User, colleague.id).active
    assert login(app.test_client(), colleague.email).status_code == 302
    (event,) = _events("user.reactivate")
    assert event.actor_id == people.applicant.id


def test_nobody_else_deactivates(app, people, owner, colleague):
    url = f"/colleagues/{colleague.id}/deactivate"
    second = client_for(app, colleague)
    token = csrf_token(second, "/account")
    assert second.get(f"/colleagues/{people.applicant.id}/deactivate").status_code == 404
    response = second.post(
        f"/colleagues/{people.applicant.id}/deactivate", data={"csrf_token": token}
    )
    assert response.status_code == 404
    outsider = client_for(app, people.other_applicant)  # first user of another organisation
    token = csrf_token(outsider, "/account")
    assert outsider.post(url, data={"csrf_token": token}).status_code == 404
    assert outsider.get(url).status_code == 404
    self_url = f"/colleagues/{people.applicant.id}/deactivate"
    assert owner.get(self_url).status_code == 404
    token = csrf_token(owner, "/account")
    assert owner.post(self_url, data={"csrf_token": token}).status_code == 404
    assert client_for(app, people.reviewer).get(url).status_code == 403
    assert (
        db.session.get(User, colleague.id).active
        and db.session.get(User, people.applicant.id).active
    )
    assert not _events("user.deactivate")


def test_colleagues_page_lists_every_status_and_is_linked(app, people, owner, colleague, caplog):
    invite(owner, caplog, COLLEAGUE)
    invite(owner, caplog, "old.invite@benshen.example.cn", "过期同事")
    _invitation("old.invite@benshen.example.cn").expires_at = utcnow() - timedelta(days=1)
    quiet = UserFactory(email="quiet@benshen.example.cn", organisation=people.organisation)
    quiet.active = False
    db.session.commit()
    html = owner.get("/colleagues").get_data(as_text=True)
    for state in ("active", "deactivated", "pending", "expired"):
        assert f'data-state="{state}"' in html, state
    assert people.other_applicant.email not in html  # another organisation's
    assert html.count('data-testid="deactivate"') == 1  # the colleague, not the owner
    assert html.count('data-testid="reactivate"') == 1
    assert html.count('data-testid="revoke"') == 2
    assert 'href="/colleagues"' in owner.get("/account").get_data(as_text=True)
    assert 'href="/colleagues"' in owner.get("/").get_data(as_text=True)  # main navigation
    second = client_for(app, colleague).get("/colleagues").get_data(as_text=True)
    assert COLLEAGUE in second and 'data-testid="deactivate"' not in second
    assert 'data-testid="revoke"' not in second
    reviewer = client_for(app, people.reviewer)
    assert 'href="/colleagues"' not in reviewer.get("/").get_data(as_text=True)
    assert reviewer.get("/colleagues").status_code == 403


def test_login_page_invites_companies_to_register(app, client):
    html = client.get("/login").get_data(as_text=True)
    assert 'data-testid="register-hint"' in html
    hint = html.split('data-testid="register-hint"', 1)[1].split("</p>", 1)[0]
    assert 'href="/signup"' in hint
    assert "Accounts are created by the platform administrators" not in html
    client.get("/lang/en")
    html = client.get("/login").get_data(as_text=True)
    assert "register their organisation" in html
