"""Loading the logged-in user from the session cookie."""

from __future__ import annotations

from evalcenter.accounts.models import User
from evalcenter.extensions import db


def load_user_from_session(session_id: str) -> User | None:
    """Return the user for `"<id>:<token>"`, or None if deactivated or the token is stale."""
    user_id, _, token = session_id.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user
