"""Shared fixtures: an app on a migrated database (SQLite, or PostgreSQL when
EVALCENTER_TEST_DATABASE_URL is set), clients that log in through the real forms,
and a guard that fails any test during which a request produced a 500."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask, got_request_exception, request_finished
from flask.testing import FlaskClient

from evalcenter import create_app
from evalcenter.accounts.models import Organisation, User
from evalcenter.core.roles import Role
from evalcenter.extensions import db, limiter
from tests.factories import PASSWORD, OrganisationFactory, RoundFactory, UserFactory

CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("EVALCENTER_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


class IsolatedClient(FlaskClient):
    """Runs every request in its own app context, like a real server: no `g` or database
    session is shared with the test or with other requests. The test's own session is
    expired afterwards so it sees what the request committed."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def _app(tmp_path_factory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    app = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
            "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
            "LOCAL_RULES_DIR": str(tmp_path_factory.mktemp("rules")),  # never instance/rules
            "RATELIMIT_STORAGE_URI": "memory://",
            "JOBS_DIR": str(tmp_path_factory.mktemp("jobs")),
            "JOBS_RUNNER": "inline",  # at the commit (tests/core/test_jobs_runners.py: the others)
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture()
def app(_app: Flask) -> Iterator[Flask]:
    """The app with an empty database and fresh rate limits; every table is emptied after."""
    with _app.app_context():
        yield _app
        db.session.rollback()
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
    limiter.reset()


@pytest.fixture(autouse=True)
def _no_server_errors(request) -> Iterator[None]:
    """Fail the test if any request inside it ended in a 500 or an unhandled exception."""
    if "_app" not in request.fixturenames and "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("_app")
    failures: list[str] = []

    def on_exception(sender, exception, **extra):
        failures.append(f"exception: {exception!r}")

    def on_finished(sender, response, **extra):
        if response.status_code >= 500 and response.status_code != 503:
            failures.append(f"status {response.status_code}")

    got_request_exception.connect(on_exception, app)
    request_finished.connect(on_finished, app)
    try:
        yield
    finally:
        got_request_exception.disconnect(on_exception, app)
        request_finished.disconnect(on_finished, app)
    assert not failures, failures


def csrf_token(client: FlaskClient, url: str) -> str:
    """Open `url` and return the CSRF token of its first form."""
    response = client.get(url)
    html = response.get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no csrf_token on {url}: {response.status_code} {html[:300]}"
    return match.group(1) or match.group(2)


def login(client: FlaskClient, email: str, password: str = PASSWORD, next_url: str | None = None):
    token = csrf_token(client, "/login")
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password, "csrf_token": token})


@dataclass
class People:
    admin: User
    reviewer: User
    applicant: User
    other_applicant: User
    organisation: Organisation
    other_organisation: Organisation


@pytest.fixture()
def people(app: Flask) -> People:
    org = OrganisationFactory(name="北京犇燊科技有限公司", uscc="91110108MA01XC7K2M")
    other = OrganisationFactory(name="北京玥喆信息技术有限公司", uscc="91110105MA00QW3E1M")
    result = People(
        admin=UserFactory(role=Role.ADMIN, email="admin@example.cn"),
        reviewer=UserFactory(role=Role.REVIEWER, email="expert@example.cn"),
        applicant=UserFactory(email="clerk@example.cn", organisation=org),
        other_applicant=UserFactory(email="clerk2@example.cn", organisation=other),
        organisation=org,
        other_organisation=other,
    )
    db.session.commit()
    return result


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def client_for(app: Flask, user: User | None) -> FlaskClient:
    """A new client, logged in as `user` (anonymous when None)."""
    c = app.test_client()
    if user is not None:
        response = login(c, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return c


@pytest.fixture()
def open_round(app):
    rnd = RoundFactory()
    db.session.commit()
    return rnd


@pytest.fixture()
def draft(app, people, open_round):
    """The applicant organisation's draft application in the open round."""
    from evalcenter.applications import services

    application = services.start(people.applicant, open_round)
    db.session.commit()
    return application
