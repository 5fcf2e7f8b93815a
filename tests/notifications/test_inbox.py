"""In-site messages: the user's own list, newest first and paged, in the reader's language;
an unread count in the navigation; reading a message or marking all read; 404 for others'."""

from __future__ import annotations

import re

from sqlalchemy import select

from evalcenter.extensions import db
from evalcenter.notifications.models import Notification
from evalcenter.notifications.services import notify
from tests.applications.helpers import form_fields
from tests.conftest import client_for
from tests.rounds.test_round_admin import english


def _unread(html: str) -> int:
    match = re.search(r'data-testid="unread-count">(\d+)<', html)
    return int(match.group(1)) if match else 0


def _messages(user, n: int) -> list[Notification]:
    for i in range(n):
        notify(user, "review_overdue", link="/reviews", round=f"第{i}轮", deadline="2025-06-30")
    db.session.commit()
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_the_list_is_newest_first_in_the_readers_language_and_paged(app, people):
    _messages(people.reviewer, 23)
    reviewer = english(client_for(app, people.reviewer))
    html = reviewer.get("/notifications").get_data(as_text=True)
    assert _unread(html) == 23
    assert html.count('data-testid="notification"') == 20
    assert html.index("第22轮") < html.index("第21轮")  # newest first
    assert "Your reviews are overdue" in html
    second = reviewer.get("/notifications?page=2").get_data(as_text=True)
    assert second.count('data-testid="notification"') == 3 and "第0轮" in second
    assert reviewer.get("/notifications?page=x").status_code == 404


def test_opening_a_message_marks_it_read_and_links_on_the_site(app, people):
    first, *_ = _messages(people.reviewer, 2)
    reviewer = english(client_for(app, people.reviewer))
    html = reviewer.get(f"/notifications/{first.id}").get_data(as_text=True)
    assert "第0轮" in html and 'href="/reviews"' in html
    assert _unread(html) == 1
    db.session.refresh(first)
    assert first.read_at is not None


def test_mark_all_read_posts_the_pages_form(app, people):
    _messages(people.reviewer, 3)
    reviewer = client_for(app, people.reviewer)
    html = reviewer.get("/notifications").get_data(as_text=True)
    fields = {k: v[0] for k, v in form_fields(html, "/notifications/read").items()}
    assert reviewer.post("/notifications/read", data={}).status_code == 400  # no CSRF token
    response = reviewer.post("/notifications/read", data=fields, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert _unread(html) == 0 and 'data-read="false"' not in html
    assert 'data-testid="mark-all-read"' not in html


def test_another_users_message_is_404_and_visitors_log_in(app, people):
    [message] = _messages(people.reviewer, 1)
    applicant = client_for(app, people.applicant)
    assert applicant.get(f"/notifications/{message.id}").status_code == 404
    assert "第0轮" not in applicant.get("/notifications").get_data(as_text=True)
    assert client_for(app, None).get(f"/notifications/{message.id}").status_code == 302
    db.session.refresh(message)
    assert message.read_at is None


def test_user_text_is_escaped_and_foreign_links_are_not_shown(app, people):
    notify(
        people.applicant,
        "application_returned",
        link="https://evil.example/x",
        reason="<script>alert(1)</script>",
        round="2025",
        reference="R-1",
    )
    notify(people.applicant, "some_future_kind", link="//evil.example")
    db.session.commit()
    applicant = english(client_for(app, people.applicant))
    html = applicant.get("/notifications").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "News from EvalCenter" in html  # an unknown kind gets the generic text
    for message in db.session.scalars(select(Notification)):
        page = applicant.get(f"/notifications/{message.id}").get_data(as_text=True)
        assert "evil.example" not in page


def test_the_unread_count_costs_one_query_and_none_for_visitors(app, people):
    from sqlalchemy import event

    _messages(people.applicant, 2)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        client_for(app, None).get("/login")
        assert not [s for s in statements if "notifications" in s]
        applicant = client_for(app, people.applicant)
        statements.clear()
        applicant.get("/account")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len([s for s in statements if "FROM notifications" in s]) == 1
