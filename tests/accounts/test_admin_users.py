"""Administrators create, deactivate and reactivate users; every change is audited."""

from __future__ import annotations

import re

from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from tests.conftest import client_for, csrf_token, login


def _new_user_form(token: str, **overrides) -> dict:
    data = {
        "csrf_token": token,
        "name": "周专家",
        "email": "Zhou.Expert@Example.cn",
        "role": "reviewer",
        "organisation_id": "0",
        "password": "Reviewer-Pass-9",
    }
    data.update(overrides)
    return data


def test_admin_creates_and_deactivates_reviewer_and_sees_it_in_audit_log(app, people):
    admin = app.test_client()
    assert login(admin, people.admin.email).status_code == 302
    token = csrf_token(admin, "/admin/users/new")
    response = admin.post("/admin/users/new", data=_new_user_form(token))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "zhou.expert@example.cn"))
    assert user is not None and user.role == "reviewer" and user.active
    token = csrf_token(admin, f"/admin/users/{user.id}")
    assert (
        admin.post(f"/admin/users/{user.id}/deactivate", data={"csrf_token": token}).status_code
        == 302
    )
    assert not user.active

    html = admin.get("/admin/audit").get_data(as_text=True)
    for action in ("login.success", "user.create", "user.deactivate"):
        assert f'data-action="{action}"' in html
    assert "zhou.expert@example.cn" in html
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.object_id == str(user.id)))
    by_action = {e.action: e for e in events}
    assert by_action["user.create"].actor_id == people.admin.id
    assert by_action["user.deactivate"].before == {"active": True}
    assert by_action["user.deactivate"].after == {"active": False}
    assert by_action["user.deactivate"].ip == "127.0.0.1"


def test_duplicate_email_keeps_what_was_typed(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, "/admin/users/new")
    response = admin.post(
        "/admin/users/new", data=_new_user_form(token, email=people.reviewer.email, name="重名测试")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "重名测试" in html
    assert "ec-error-summary" in html
    assert db.session.scalar(select(User).where(User.name == "重名测试")) is None


def test_applicant_needs_an_organisation(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, "/admin/users/new")
    response = admin.post("/admin/users/new", data=_new_user_form(token, role="applicant"))
    assert response.status_code == 200
    assert db.session.scalar(select(User).where(User.email == "zhou.expert@example.cn")) is None
    response = admin.post(
        "/admin/users/new",
        data=_new_user_form(token, role="applicant", organisation_id=str(people.organisation.id)),
    )
    assert response.status_code == 302
    created = db.session.scalar(select(User).where(User.email == "zhou.expert@example.cn"))
    assert created.organisation_id == people.organisation.id


def test_bad_role_and_invalid_email_are_refused(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, "/admin/users/new")
    for override in ({"role": "superuser"}, {"email": "not-an-email"}, {"organisation_id": "x"}):
        response = admin.post("/admin/users/new", data=_new_user_form(token, **override))
        assert response.status_code == 200
    assert db.session.scalar(select(User).where(User.name == "周专家")) is None


def test_admin_cannot_deactivate_self(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, f"/admin/users/{people.admin.id}")
    response = admin.post(f"/admin/users/{people.admin.id}/deactivate", data={"csrf_token": token})
    assert response.status_code == 422  # said on the confirmation page
    assert "ec-error-summary" in response.get_data(as_text=True)
    assert people.admin.active
    assert admin.get("/admin/users").status_code == 200


def test_reactivated_user_can_log_in_again(app, people):
    admin = client_for(app, people.admin)
    token = csrf_token(admin, f"/admin/users/{people.reviewer.id}")
    admin.post(f"/admin/users/{people.reviewer.id}/deactivate", data={"csrf_token": token})
    assert login(app.test_client(), people.reviewer.email).status_code == 200
    admin.post(f"/admin/users/{people.reviewer.id}/reactivate", data={"csrf_token": token})
    assert login(app.test_client(), people.reviewer.email).status_code == 302


def test_user_list_filters(app, people):
    admin = client_for(app, people.admin)
    html = admin.get("/admin/users?role=applicant").get_data(as_text=True)
    assert people.applicant.email in html and people.reviewer.email not in html
    html = admin.get("/admin/users?q=expert").get_data(as_text=True)
    assert people.reviewer.email in html and people.applicant.email not in html


def test_deactivating_asks_first_and_states_the_consequences(app, people):
    admin = client_for(app, people.admin)
    admin.get("/lang/en")
    url = f"/admin/users/{people.reviewer.id}/deactivate"
    html = admin.get(f"/admin/users/{people.reviewer.id}").get_data(as_text=True)
    assert f'href="{url}"' in html and f'action="{url}"' not in html  # no one-click button
    page = admin.get(url).get_data(as_text=True)
    assert "logged out at once" in page and 'data-testid="confirm-form"' in page
    assert people.reviewer.active
    assert admin.post(url, data={}).status_code == 400  # without the page's token
    assert people.reviewer.active
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert admin.post(url, data={"csrf_token": token}).status_code == 302
    db.session.refresh(people.reviewer)
    assert not people.reviewer.active
