"""Bad input on the account pages never gives a 500: strict page numbers, query arguments
that `url_for` would misread, ids beyond any database integer, simultaneous decisions."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from evalcenter.accounts.models import User
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from tests.conftest import client_for, csrf_token
from tests.factories import OrganisationFactory

LISTS = ("/admin/users", "/admin/organisations")
BAD_PAGES = ("1" + "0" * 19, str(10**18 + 1), "99999999999999999999999", "²", "١", "-1", "0")
HUGE_IDS = (2**31, 2**63, 2**64)


@pytest.fixture()
def admin(app, people):
    return client_for(app, people.admin)


@pytest.fixture()
def many(app, people):
    """More than one page (50) of users and of organisations."""
    for i in range(51):
        db.session.add(
            User(
                email=f"user{i:02d}@example.cn",
                name=f"用户{i:02d}",
                password_hash="x",
                role="reviewer",
            )
        )
        OrganisationFactory(name=f"北京测试{i:02d}科技有限公司")
    db.session.commit()


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", BAD_PAGES)
def test_bad_page_numbers_are_404(admin, url, page):
    assert admin.get(url, query_string={"page": page}).status_code == 404


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("arg", [{"endpoint": "x"}, {"_method": "POST"}, {"_external": "1"}])
def test_url_for_arguments_in_the_query_are_harmless(admin, many, url, arg):
    response = admin.get(url, query_string=arg)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="{url}?page=2' in html  # the pager is there, on this site
    response = admin.get(url, query_string={**arg, "page": "2"})
    assert response.status_code == 200


def test_lists_page_through_everything_in_a_bounded_number_of_statements(app, admin, many, people):
    from sqlalchemy import event

    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        users = [admin.get(f"/admin/users?page={n}").get_data(as_text=True) for n in (1, 2)]
        orgs = [admin.get(f"/admin/organisations?page={n}").get_data(as_text=True) for n in (1, 2)]
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 4 * 4  # per page: the session, the count, the rows (+1 spare)
    assert "user50@example.cn" in users[1] and "user50@example.cn" not in users[0]
    assert people.organisation.name in orgs[1] and people.organisation.name not in orgs[0]
    assert people.organisation.name in users[0]  # the organisation column of clerk@
    assert admin.get("/admin/users?page=3").status_code == 200  # past the end: empty


def _id_routes(user_id: int, org_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/admin/users/{user_id}"),
        ("POST", f"/admin/users/{user_id}/deactivate"),
        ("POST", f"/admin/users/{user_id}/reactivate"),
        ("GET", f"/admin/organisations/{org_id}"),
        ("GET", f"/admin/organisations/{org_id}/approve"),
        ("POST", f"/admin/organisations/{org_id}/approve"),
        ("GET", f"/admin/organisations/{org_id}/reject"),
        ("POST", f"/admin/organisations/{org_id}/reject"),
    ]


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_beyond_database_integers_are_404(admin, people, huge):
    token = csrf_token(admin, f"/admin/users/{people.reviewer.id}")
    for method, url in _id_routes(huge, huge):
        response = admin.open(url, method=method, data={"csrf_token": token, "reject": "1"})
        assert response.status_code == 404, (method, url)
    for method, url in _id_routes(2**31 - 1, 2**31 - 1):  # the largest id: just not found
        response = admin.open(url, method=method, data={"csrf_token": token, "reject": "1"})
        assert response.status_code == 404, (method, url)


def test_decision_posted_twice_at_once(app, people):
    org = OrganisationFactory(
        name="北京同时科技有限公司", uscc="91110108MA01XC7K3K", status="pending"
    )
    db.session.commit()
    url = f"/admin/organisations/{org.id}/reject"
    clients = [client_for(app, people.admin) for _ in range(2)]
    tokens = [csrf_token(c, f"/admin/organisations/{org.id}") for c in clients]
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    pages: list[str] = []

    def decide(client, token):
        with app.app_context():  # the thread's own, as a server worker has
            barrier.wait()
            response = client.post(url, data={"csrf_token": token, "reason": "不清晰"})
            statuses.append(response.status_code)
            pages.append(response.get_data(as_text=True))

    threads = [
        threading.Thread(target=decide, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [302, 422]
    db.session.refresh(org)
    assert org.status == "rejected" and org.decision_reason == "不清晰"
    rejections = db.session.scalar(
        select(func.count(AuditEvent.id)).where(
            AuditEvent.action == "organisation.reject", AuditEvent.object_id == str(org.id)
        )
    )
    assert rejections == 1
    # the second administrator is told, on the confirmation page, that it had already happened
    assert sum("ec-error-summary" in page for page in pages) == 1


def test_decision_twice_in_a_row_says_nothing_changed(app, people):
    org = OrganisationFactory(
        name="北京再次科技有限公司", uscc="91110108MA01XC7K4K", status="pending"
    )
    db.session.commit()
    admin = client_for(app, people.admin)
    admin.get("/lang/en")
    token = csrf_token(admin, f"/admin/organisations/{org.id}")
    url = f"/admin/organisations/{org.id}/approve"
    assert admin.post(url, data={"csrf_token": token}).status_code == 302
    response = admin.post(url, data={"csrf_token": token})
    assert response.status_code == 422
    assert "Nothing was changed" in response.get_data(as_text=True)


def test_rejection_without_reason_is_refused_with_message(app, people):
    org = OrganisationFactory(
        name="北京理由科技有限公司", uscc="91110108MA01XC7K5K", status="pending"
    )
    db.session.commit()
    admin = client_for(app, people.admin)
    admin.get("/lang/en")
    token = csrf_token(admin, f"/admin/organisations/{org.id}")
    url = f"/admin/organisations/{org.id}/reject"
    response = admin.post(url, data={"csrf_token": token, "reason": "   "})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Give the reason for rejecting" in html
    db.session.refresh(org)
    assert org.status == "pending"
