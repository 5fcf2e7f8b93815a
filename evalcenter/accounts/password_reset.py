"""Forgotten passwords: a reset link by e-mail, single-use and valid for one hour.

Asking for a link answers the same, and does about the same work, whether or not the address
belongs to an active account. Only the token's sha256 is stored; the link goes by e-mail only
(never into the in-site messages). Setting the new password ends every session of the user."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select, update

from evalcenter.accounts import passwords
from evalcenter.accounts import services as accounts
from evalcenter.accounts.models import PasswordReset, User
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.notifications import mail

VALID_FOR = timedelta(hours=1)
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_reset(email: str, link: Callable[[str], str]) -> None:
    """E-mail a reset link (``link(token)``, a path on this site) to the active account with
    this address, if there is one; audited either way."""
    label = accounts.normalise_email(email)[:255]
    user = accounts.find_user_by_email(email)
    token = secrets.token_urlsafe(32)
    sent = user is not None and user.active
    audit.record(
        "password_reset.request",
        "user",
        user.id if sent else None,
        actor=None,
        actor_label=label,
        object_label=label,
        after={"sent": sent},
    )
    if not sent:
        return
    now = utcnow()
    db.session.add(
        PasswordReset(
            user_id=user.id, token_sha256=_digest(token), created_at=now, expires_at=now + VALID_FOR
        )
    )
    minutes = int(VALID_FOR.total_seconds() // 60)
    mail.queue(user, "password_reset", {"minutes": minutes}, link(token))


def find(token: str) -> PasswordReset | None:
    """The reset a link's token names, whatever its state; None for any other text."""
    if not TOKEN_RE.fullmatch(token):
        return None
    return db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_sha256 == _digest(token))
    )


def state(reset: PasswordReset) -> str:
    """valid, used or expired."""
    if reset.used_at is not None or not reset.user.active:
        return "used"
    return "valid" if reset.expires_at > utcnow() else "expired"


def complete(reset: PasswordReset, password: str) -> User:
    """Set the new password (under the password policy), use up this and every other open
    link of the user, and end all of the user's sessions. Of two uses at once, one wins."""
    if state(reset) != "valid":
        raise ServiceError("password_reset_closed")
    user = reset.user
    organisation = user.organisation.name if user.organisation else ""
    passwords.check(password, email=user.email, organisation_name=organisation)
    now = utcnow()
    used = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now),
        execution_options={"synchronize_session": False},
    ).rowcount
    if not used:
        raise ServiceError("password_reset_closed")
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now),
        execution_options={"synchronize_session": False},
    )
    user.set_password(password)  # a new user token: every session cookie stops working
    accounts._end_sessions(user)  # the same as a password change
    audit.record("user.password_reset", "user", user.id, actor=user, object_label=user.email)
    return user
