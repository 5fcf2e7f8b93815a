"""Login, logout, redirects, rate limits, sessions and passwords, through real HTTP."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from evalcenter.accounts.models import UserSession
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from tests.conftest import PASSWORD, client_for, csrf_token, login


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_login_success_and_failure_are_audited(app, people, client):
    assert login(client, people.reviewer.email, "wrong-password-1").status_code == 200
    response = login(client, people.reviewer.email)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _actions()[-2:] == ["login.failure", "login.success"]
    failure = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "login.failure")
    ).one()
    assert failure.after == {"reason": "wrong_password"}
    assert failure.ip == "127.0.0.1"


def test_wrong_password_message_keeps_email(app, people, client):
    html = login(client, people.reviewer.email, "nope-nope-1").get_data(as_text=True)
    assert people.reviewer.email in html
    assert "nope-nope-1" not in html


def test_email_is_case_insensitive(app, people, client):
    assert login(client, people.reviewer.email.upper()).status_code == 302


def test_login_without_csrf_token_is_rejected(app, people, client):
    response = client.post("/login", data={"email": people.admin.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302  # not logged in
    assert "login.success" not in _actions()


def test_logout_needs_post_with_csrf(app, people):
    client = client_for(app, people.reviewer)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200
    token = csrf_token(client, "/account")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "/\\evil.example.com",
        "\\\\evil.example.com",
        "javascript:alert(1)",
        "http:/evil.example.com",
        "%2F%2Fevil.example.com",
    ],
)
def test_next_redirect_refuses_other_origins(app, people, client, target):
    response = login(client, people.admin.email, next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_redirect_keeps_local_path(app, people, client):
    response = client.get("/admin/audit")
    assert response.status_code == 302
    assert "next=%2Fadmin%2Faudit" in response.headers["Location"]
    response = login(client, people.admin.email, next_url="/admin/audit?page=2")
    assert response.headers["Location"] == "/admin/audit?page=2"


def test_language_switch_redirect_is_same_origin(app, client):
    response = client.get("/lang/en?next=https://evil.example.com/")
    assert response.headers["Location"] == "/"


def test_login_is_rate_limited(app, people, client):
    token = csrf_token(client, "/login")
    statuses = [
        client.post(
            "/login",
            data={"email": f"x{i}@example.cn", "password": "wrong-pass-1", "csrf_token": token},
        ).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    response = client.post(
        "/login", data={"email": people.admin.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 429
    assert "Retry-After" in response.headers


def test_login_is_rate_limited_per_account_across_addresses(app, people):
    client = app.test_client()
    token = csrf_token(client, "/login")
    for i in range(10):
        client.post(
            "/login",
            data={"email": people.admin.email, "password": "bad-pass-1", "csrf_token": token},
            environ_base={"REMOTE_ADDR": f"10.0.0.{i}"},
        )
    response = client.post(
        "/login",
        data={"email": people.admin.email, "password": PASSWORD, "csrf_token": token},
        environ_base={"REMOTE_ADDR": "10.0.1.1"},
    )
    assert response.status_code == 429


def test_deactivated_user_session_ends_on_next_request(app, people):
    reviewer = client_for(app, people.reviewer)
    assert reviewer.get("/account").status_code == 200
    admin = client_for(app, people.admin)
    token = csrf_token(admin, f"/admin/users/{people.reviewer.id}")
    response = admin.post(
        f"/admin/users/{people.reviewer.id}/deactivate", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert reviewer.get("/account").status_code == 302
    assert login(app.test_client(), people.reviewer.email).status_code == 200  # refused


def test_deactivated_user_with_remember_cookie_is_refused(app, people):
    reviewer = client_for(app, people.reviewer)
    people.reviewer.active = False
    db.session.commit()
    assert reviewer.get("/").get_data(as_text=True).count("Log in") + 1  # renders anonymous
    assert reviewer.get("/account").status_code == 302


def test_change_password_asks_current_and_ends_other_sessions(app, people):
    first = client_for(app, people.applicant)
    second = client_for(app, people.applicant)
    token = csrf_token(first, "/account")
    bad = first.post(
        "/account",
        data={
            "csrf_token": token,
            "pw-current_password": "not-my-password-1",
            "pw-new_password": "New-Password-22",
            "pw-confirm": "New-Password-22",
            "pw-submit": "1",
        },
    )
    assert bad.status_code == 200
    assert db.session.get(type(people.applicant), people.applicant.id).check_password(PASSWORD)
    ok = _change_password(first, token)
    assert ok.status_code == 302
    assert first.get("/account").status_code == 200
    assert second.get("/account").status_code == 302
    assert login(app.test_client(), people.applicant.email, "New-Password-22").status_code == 302
    assert "user.password_change" in _actions()


def test_weak_new_password_is_refused_with_message(app, people):
    client = client_for(app, people.applicant)
    token = csrf_token(client, "/account")
    response = client.post(
        "/account",
        data={
            "csrf_token": token,
            "pw-current_password": PASSWORD,
            "pw-new_password": "1234567890",  # among the most common passwords
            "pw-confirm": "1234567890",
            "pw-submit": "1",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ec-error-summary" in html
    assert 'href="#pw-new_password"' in html


def test_password_is_stored_with_scrypt(app, people):
    assert people.admin.password_hash.startswith("scrypt:")


def test_session_cookie_flags(app, people, client):
    response = login(client, people.admin.email)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_preferences_set_language(app, people):
    client = client_for(app, people.reviewer)
    token = csrf_token(client, "/account")
    response = client.post(
        "/account", data={"csrf_token": token, "pref-locale": "en", "pref-submit": "1"}
    )
    assert response.status_code == 302
    assert 'lang="en"' in client.get("/account").get_data(as_text=True)
    assert "user.locale_change" in _actions()


def _copy_of(client):
    """A second browser holding a copy of `client`'s session cookie."""
    copy = client.application.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    return copy


def _open_sessions(user) -> int:
    return len(
        db.session.scalars(
            select(UserSession).where(
                UserSession.user_id == user.id, UserSession.ended_at.is_(None)
            )
        ).all()
    )


def test_logging_out_ends_the_session_on_the_server(app, people):
    first = client_for(app, people.reviewer)
    second = _copy_of(first)
    assert second.get("/account").status_code == 200  # the copy works while logged in
    token = csrf_token(first, "/account")
    assert first.post("/logout", data={"csrf_token": token}).status_code == 302
    response = second.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert _open_sessions(people.reviewer) == 0


def test_each_login_is_its_own_session(app, people):
    first = client_for(app, people.reviewer)
    second = client_for(app, people.reviewer)
    assert _open_sessions(people.reviewer) == 2
    token = csrf_token(first, "/account")
    first.post("/logout", data={"csrf_token": token})
    assert _open_sessions(people.reviewer) == 1
    assert second.get("/account").status_code == 200


def test_remember_cookie_is_never_set_nor_honoured(app, people):
    from flask_login.utils import encode_cookie

    client = app.test_client()
    response = login(client, people.reviewer.email)
    assert not any(h.startswith("remember_token=") for h in response.headers.getlist("Set-Cookie"))
    with client.session_transaction() as sess:
        session_id = sess["_user_id"]
    with app.test_request_context():
        forged = encode_cookie(session_id)  # as Flask-Login would write it, validly signed
    other = app.test_client()
    other.set_cookie("remember_token", forged)
    assert other.get("/account").status_code == 302
    assert other.get_cookie("remember_token") is None  # and the browser is told to drop it


def _change_password(client, token: str, new: str = "New-Password-22"):
    data = {
        "csrf_token": token,
        "pw-current_password": PASSWORD,
        "pw-new_password": new,
        "pw-confirm": new,
        "pw-submit": "1",
    }
    return client.post("/account", data=data)


def test_password_change_ends_copies_of_the_old_cookie(app, people):
    first = client_for(app, people.applicant)
    copy = _copy_of(first)
    token = csrf_token(first, "/account")
    response = _change_password(first, token)
    assert response.status_code == 302
    assert first.get("/account").status_code == 200
    assert copy.get("/account").status_code == 302
    assert _open_sessions(people.applicant) == 1


def test_deactivation_ends_every_session(app, people):
    client_for(app, people.reviewer)
    client_for(app, people.reviewer)
    admin = client_for(app, people.admin)
    token = csrf_token(admin, f"/admin/users/{people.reviewer.id}")
    admin.post(f"/admin/users/{people.reviewer.id}/deactivate", data={"csrf_token": token})
    assert _open_sessions(people.reviewer) == 0
    assert _open_sessions(people.admin) == 1


def test_malformed_session_ids_are_anonymous(app, people):
    client = client_for(app, people.reviewer)
    with client.session_transaction() as sess:
        user_id, user_token, login_token = sess["_user_id"].split(":")
    for bad in (
        f"{user_id}:{user_token}",  # the format before server-side sessions
        f"{user_id}:{user_token}:",
        f"{user_id}:{user_token}:{login_token}x",
        f"{2**64}:{user_token}:{login_token}",
        f"²:{user_token}:{login_token}",
        f"{user_id}:{user_token}:{login_token}:x",
    ):
        with client.session_transaction() as sess:
            sess["_user_id"] = bad
        assert client.get("/account").status_code == 302, bad


REDIS_WORKER = """
import re, sys
from flask_migrate import upgrade
from evalcenter import create_app

tmp, url, prefix, attempts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
app = create_app({"ENV": "testing", "SECRET_KEY": "x", "UPLOAD_DIR": tmp,
                  "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/r.db",
                  "RATELIMIT_STORAGE_URI": url, "RATELIMIT_KEY_PREFIX": prefix})
with app.app_context():
    upgrade()
client = app.test_client()
for _ in range(attempts):
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    print(client.post("/login", data={"email": "nobody@example.cn", "password": "x",
                                      "csrf_token": token}).status_code)
"""


def test_login_rate_limit_is_shared_through_redis(tmp_path):
    """With Redis storage (production), every worker process shares the login limit: ten
    failures in one process make the next attempt in another process a 429."""
    import os
    import subprocess
    import sys
    import uuid

    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not reachable on 127.0.0.1:6379")
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    prefix = f"test-{uuid.uuid4().hex}"

    def worker(attempts: int) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", REDIS_WORKER, str(tmp_path), url, prefix, str(attempts)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stdout.split()

    assert worker(10) == ["200"] * 10
    assert worker(1) == ["429"]
