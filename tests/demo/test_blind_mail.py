"""Blind review reaches the mailbox too: every message the full demo round sends to a
company's users, composed as the e-mail it becomes in both languages, names no reviewer and
quotes no score, comment or opinion of a review."""

from __future__ import annotations

from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.cli import seed_demo_command
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.notifications.mail import Outgoing, compose
from evalcenter.notifications.models import Notification
from evalcenter.reviews.models import Review


def test_no_company_message_names_a_reviewer_or_quotes_a_review(app):
    assert app.test_cli_runner().invoke(seed_demo_command, ["--full"]).exit_code == 0
    reviewers = db.session.scalars(select(User).where(User.role == Role.REVIEWER)).all()
    secrets = {r.name for r in reviewers} | {r.email for r in reviewers}
    for review in db.session.scalars(select(Review)):
        secrets |= {c for c in (review.comments or {}).values() if c} | {review.opinion}
    secrets.discard("")
    rows = db.session.execute(
        select(Notification, User).join(User, User.id == Notification.user_id)
        .where(User.role == Role.APPLICANT)
    ).all()  # fmt: skip
    kinds = {n.kind for n, _ in rows}
    assert {"decision_made", "publicity_started"} <= kinds  # the demo did announce decisions
    for notification, user in rows:
        for locale in ("zh_CN", "en"):
            message = Outgoing(
                user.email, user.name, locale, notification.kind, notification.params, None
            )
            text = compose(message).as_string() + str(compose(message)["Subject"])
            body = compose(message).get_content()
            leaked = [s for s in secrets if s in body or s in text]
            assert not leaked, (notification.kind, locale, leaked)
