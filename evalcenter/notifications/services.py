"""Tell people what happened: an in-site message (站内消息) for each recipient, and the same
news by e-mail once the change that caused it is committed (:mod:`.mail`).

Every event goes through :func:`notify`; ``kind`` names the event (its texts live in
:mod:`.texts`), ``params`` fill them in the reader's language, ``link`` is a path on this site.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import update

from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.notifications import mail
from evalcenter.notifications.models import Notification

# Sent by e-mail only: their links are secrets and never stored as in-site messages.
MAIL_ONLY = frozenset({"password_reset"})


def notify(users: Any, kind: str, *, link: str | None = None, **params: Any) -> None:
    """A message for each active user in ``users`` (one user or several), e-mailed after the
    commit. Parameters must be JSON values (text, numbers); never pass anything secret."""
    recipients = [users] if not isinstance(users, Iterable) else list(users)
    for user in recipients:
        if user is None or not user.active:
            continue
        if kind not in MAIL_ONLY:
            db.session.add(Notification(user_id=user.id, kind=kind, params=params, link=link))
        mail.queue(user, kind, params, link)


def mark_read(notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification


def mark_all_read(user_id: int) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
