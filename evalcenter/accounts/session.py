"""Loading the logged-in user from the session cookie: the only way a request is logged in."""

from __future__ import annotations

import hmac

from flask import current_app, request, session
from sqlalchemy import select

from evalcenter.accounts.models import User, UserSession
from evalcenter.core.permissions import MAX_ID
from evalcenter.extensions import db


def load_user_from_session(session_id: str) -> User | None:
    """The user for `"<id>:<user token>:<session token>"`, or None.

    The account must be active, its token current (a password change or deactivation renews
    it) and the server-side session open (logging out ends it)."""
    parts = session_id.split(":")
    if len(parts) != 3 or not all(parts):
        return None
    user_id, user_token, login_token = parts
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) <= 10):
        return None
    if not 0 < int(user_id) <= MAX_ID:
        return None
    user = db.session.scalar(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            User.id == int(user_id),
            UserSession.token == login_token,
            UserSession.ended_at.is_(None),
        )
    )
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(user.session_token.encode(), user_token.encode()):
        return None
    user.login_token = login_token
    return user


def refuse_remember_cookie() -> None:
    """Before every request: remember-me is not used (`login_user(..., remember=False)`), so a
    remember cookie is never honoured; Flask-Login skips it and deletes it from the browser."""
    name = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    if name in request.cookies:
        session["_remember"] = "clear"
