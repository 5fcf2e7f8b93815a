"""The read side of in-site messages: a user's own, newest first, and their unread count."""

from __future__ import annotations

from flask import g
from flask_login import current_user
from sqlalchemy import func, select

from evalcenter.core.paging import Page, paginate
from evalcenter.extensions import db
from evalcenter.notifications.models import Notification

PER_PAGE = 20


def page_for(user_id: int) -> Page:
    """One page of the user's messages, newest first (on the user/read/id index)."""
    stmt = (
        select(Notification).where(Notification.user_id == user_id).order_by(Notification.id.desc())
    )
    return paginate(stmt, PER_PAGE)


def unread_count(user_id: int) -> int:
    query = select(func.count(Notification.id)).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    return db.session.scalar(query) or 0


def unread_for_current_user() -> int:
    """The logged-in user's unread messages for the navigation: one query per request, none
    for visitors."""
    if not current_user.is_authenticated:
        return 0
    if "_unread_notifications" not in g:
        g._unread_notifications = unread_count(current_user.id)
    return g._unread_notifications
