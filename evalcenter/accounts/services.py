"""Account operations: logging in and out, passwords, user administration.

Every change writes an audit event; services flush and raise ServiceError, the request's
transaction boundary commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from evalcenter.accounts import passwords
from evalcenter.accounts.models import Organisation, User, UserSession, new_session_token
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.roles import Role
from evalcenter.core.types import utcnow
from evalcenter.extensions import db


@cache
def _dummy_hash() -> str:
    """A hash checked when the email is unknown, so both paths cost one scrypt check."""
    return generate_password_hash(secrets.token_hex(8), method="scrypt")  # default cost


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials; the attempt is audited either way."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        ok = False
    else:
        ok = user.check_password(password) and user.active
    label = normalise_email(email)[:255]
    if not ok:
        reason = (
            "unknown_email"
            if user is None
            else ("inactive" if not user.active else "wrong_password")
        )
        audit.record(
            "login.failure",
            "user",
            getattr(user, "id", None),
            actor=None,
            actor_label=label,
            object_label=label,
            after={"reason": reason},
        )
        return None
    user.last_login_at = utcnow()
    audit.record("login.success", "user", user.id, actor=user, object_label=user.email)
    return user


def start_session(user: User) -> User:
    """Open a server-side session for `user`; its token goes into the cookie (`get_id`)."""
    row = UserSession(user_id=user.id, token=secrets.token_urlsafe(32))
    db.session.add(row)
    db.session.flush()
    user.login_token = row.token
    return user


def log_in(email: str, password: str) -> User | None:
    """Check the credentials and open a session; None (audited) when they are refused."""
    user = _authenticate(email, password)
    return start_session(user) if user is not None else None


def _end_sessions(user: User, token: str | None = None) -> None:
    """End one of the user's sessions (`token`), or all of them."""
    stmt = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if token is not None:
        stmt = stmt.where(UserSession.token == token)
    db.session.execute(
        stmt.values(ended_at=utcnow()), execution_options={"synchronize_session": False}
    )


def log_out(user: User) -> None:
    """End the session this request is logged in with: a copy of its cookie stops working."""
    _end_sessions(user, user.login_token)
    audit.record("logout", "user", user.id, actor=user, object_label=user.email)


def _organisation(organisation_id: int | None) -> Organisation | None:
    return db.session.get(Organisation, organisation_id) if organisation_id is not None else None


def change_password(user: User, current: str, new: str) -> User:
    """Set a new password, ending every session of the user; this one continues in a fresh
    session (log the returned user in again)."""
    if not user.check_password(current):
        raise ServiceError("wrong_current_password", "current_password")
    passwords.check(
        new,
        field="new_password",
        email=user.email,
        organisation_name=user.organisation.name if user.organisation else "",
        current=current,
    )
    user.set_password(new)
    _end_sessions(user)
    audit.record("user.password_change", "user", user.id, actor=user, object_label=user.email)
    return start_session(user)


def set_locale(user: User, locale: str) -> None:
    if user.locale == locale:
        return
    before = {"locale": user.locale}
    user.locale = locale
    audit.record(
        "user.locale_change",
        "user",
        user.id,
        actor=user,
        object_label=user.email,
        before=before,
        after={"locale": locale},
    )


@dataclass(frozen=True)
class NewUser:
    name: str
    email: str
    role: str
    password: str
    organisation_id: int | None = None


def _user_state(user: User) -> dict:
    return {
        "name": user.name,
        "email": user.email,
        "role": user.role,
        "organisation_id": user.organisation_id,
        "active": user.active,
    }


def create_user(actor: User | None, spec: NewUser, *, actor_label: str = "cli") -> User:
    """Create a user (`actor` None: the command line, sign-up or an invitation, named by
    `actor_label`)."""
    email = normalise_email(spec.email)
    if spec.role not in {r.value for r in Role}:
        raise ServiceError("bad_role", "role")
    if db.session.scalar(select(func.count(User.id)).where(User.email == email)):
        raise ServiceError("email_taken", "email")
    organisation = _organisation(spec.organisation_id) if spec.role == Role.APPLICANT else None
    if spec.role == Role.APPLICANT and organisation is None:
        raise ServiceError("organisation_required", "organisation_id")
    passwords.check(
        spec.password, email=email, organisation_name=organisation.name if organisation else ""
    )
    user = User(
        name=spec.name.strip(),
        email=email,
        role=spec.role,
        organisation_id=organisation.id if organisation else None,
        active=True,
    )
    user.set_password(spec.password)
    audit.created(
        "user.create",
        user,
        actor=actor,
        actor_label=None if actor else actor_label,
        after=_user_state(user),
    )
    return user


def set_active(actor: User, user: User, active: bool) -> User:
    """Deactivate (ending all the user's sessions) or reactivate an account."""
    if user.id == actor.id and not active:
        raise ServiceError("self_deactivate")
    if user.active == active:
        return user
    user.active = active
    user.session_token = new_session_token()
    if not active:
        _end_sessions(user)
    audit.record(
        "user.reactivate" if active else "user.deactivate",
        "user",
        user.id,
        actor=actor,
        object_label=user.email,
        before={"active": not active},
        after={"active": active},
    )
    return user
