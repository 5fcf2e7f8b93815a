"""Forgot password, end to end over HTTP with a real SMTP server: the same answer for any
address, a link by e-mail only (its token stored as sha256), single use, one hour, the
password policy, and every session of the account ended."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from evalcenter.accounts.models import PasswordReset, User
from evalcenter.core.models import AuditEvent
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.notifications.models import Notification
from tests.applications.helpers import form_fields
from tests.conftest import client_for, csrf_token, login
from tests.rounds.test_round_admin import english
from tests.smtp_server import body, smtp_server

LINK_RE = re.compile(r"http://localhost(/password/reset/([A-Za-z0-9_-]{43}))")
NEW_PASSWORD = "river lantern copper orchard"


@pytest.fixture()
def smtp(app, monkeypatch):
    with smtp_server(app, monkeypatch) as inbox:
        yield inbox


def _ask(client, email: str):
    """Follow the login page's link and post the form it shows."""
    login_page = client.get("/login").get_data(as_text=True)
    assert 'href="/password/forgot"' in login_page
    page = client.get("/password/forgot").get_data(as_text=True)
    fields = {k: v[0] for k, v in form_fields(page, "/password/forgot").items()}
    return client.post("/password/forgot", data={**fields, "email": email}, follow_redirects=True)


def _answer(response, email: str) -> str:
    html = response.get_data(as_text=True)
    return re.search(r'role="alert">([^<]*)<', html).group(1).replace(email, "…")


def _reset(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    fields = {k: v[0] for k, v in form_fields(page.get_data(as_text=True), path).items()}
    data = {**fields, "password": password, "confirm": password if confirm is None else confirm}
    return client.post(path, data=data)


def _link(smtp, email: str) -> tuple[str, str]:
    [message] = smtp.to(email)
    return LINK_RE.search(body(message)).groups()


def test_the_same_answer_whether_or_not_the_address_exists(app, people, smtp):
    known = _ask(english(client_for(app, None)), people.reviewer.email)
    unknown = _ask(english(client_for(app, None)), "nobody@example.cn")
    assert known.status_code == unknown.status_code == 200
    assert _answer(known, people.reviewer.email) == _answer(unknown, "nobody@example.cn")
    assert "If an account exists" in _answer(known, people.reviewer.email)
    assert [m["To"] for m in smtp.received()] == [people.reviewer.email]
    assert db.session.scalar(select(func.count(PasswordReset.id))) == 1
    actions = db.session.scalars(
        select(AuditEvent.after).where(AuditEvent.action == "password_reset.request")
    ).all()
    assert sorted(a["sent"] for a in actions) == [False, True]


def test_a_deactivated_account_gets_no_link(app, people, smtp):
    people.reviewer.active = False
    db.session.commit()
    _ask(client_for(app, None), people.reviewer.email)
    assert smtp.received() == []


def test_the_link_sets_a_new_password_once_and_ends_every_session(app, people, smtp):
    user = db.session.get(User, people.reviewer.id)
    user.locale = "en"
    db.session.commit()
    elsewhere = client_for(app, people.reviewer)  # logged in on another computer
    assert elsewhere.get("/account").status_code == 200

    _ask(client_for(app, None), user.email)
    [message] = smtp.to(user.email)
    assert message["Subject"] == "Reset your EvalCenter password"
    path, token = _link(smtp, user.email)
    stored = db.session.scalar(select(PasswordReset))
    assert stored.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert stored.expires_at - stored.created_at == timedelta(hours=1)
    assert db.session.scalar(select(func.count(Notification.id))) == 0  # e-mail only

    visitor = english(client_for(app, None))
    refused = _reset(visitor, path, "short")
    assert refused.status_code == 422 and "at least 10 characters" in refused.get_data(as_text=True)
    done = _reset(visitor, path)
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")

    assert elsewhere.get("/account").status_code == 302  # the other session has ended
    assert login(client_for(app, None), user.email).status_code == 200  # old password refused
    assert login(client_for(app, None), user.email, NEW_PASSWORD).status_code == 302
    again = visitor.get(path)
    assert again.status_code == 410 and 'data-state="used"' in again.get_data(as_text=True)
    token = csrf_token(visitor, "/login")
    data = {"csrf_token": token, "password": "another long passphrase", "confirm": "x"}
    assert visitor.post(path, data=data).status_code == 410
    assert db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "user.password_reset")
    )


def test_a_new_password_closes_the_other_open_links(app, people, smtp):
    for _ in range(2):
        _ask(client_for(app, None), people.applicant.email)
    first, second = (LINK_RE.search(body(m)).group(1) for m in smtp.to(people.applicant.email))
    assert _reset(client_for(app, None), second).status_code == 302
    assert client_for(app, None).get(first).status_code == 410


def test_an_expired_or_unknown_link_cannot_be_used(app, people, smtp):
    _ask(client_for(app, None), people.applicant.email)
    path, _ = _link(smtp, people.applicant.email)
    reset = db.session.scalar(select(PasswordReset))
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    visitor = client_for(app, None)
    expired = visitor.get(path)
    assert expired.status_code == 410 and 'data-state="expired"' in expired.get_data(as_text=True)
    assert visitor.get("/password/reset/" + "A" * 43).status_code == 404
    assert visitor.get("/password/reset/short").status_code == 404
    user = db.session.get(User, people.applicant.id)
    assert user.check_password("Test-Password-1")


def test_asking_is_rate_limited_per_address(app, people, smtp):
    client = client_for(app, None)
    for _ in range(3):
        assert _ask(client, people.applicant.email).status_code == 200
    page = client.get("/password/forgot").get_data(as_text=True)
    fields = {k: v[0] for k, v in form_fields(page, "/password/forgot").items()}
    fields["email"] = people.applicant.email
    assert client.post("/password/forgot", data=fields).status_code == 429
    assert len(smtp.received()) == 3
