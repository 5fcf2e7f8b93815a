"""Account operations: authentication, passwords, user administration.

Every change writes an audit event; callers commit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from evalcenter.accounts.models import Organisation, User, new_session_token
from evalcenter.core import audit
from evalcenter.core.roles import Role
from evalcenter.core.types import utcnow
from evalcenter.extensions import db


@cache
def _dummy_hash() -> str:
    """A hash checked when the email is unknown, so both paths cost one scrypt check."""
    return generate_password_hash(secrets.token_hex(8), method="scrypt")  # default cost


class AccountError(ValueError):
    """A request that cannot be carried out; the message is for the user."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials and audit the attempt either way."""
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


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise AccountError("current_password")
    user.set_password(new)
    audit.record("user.password_change", "user", user.id, actor=user, object_label=user.email)


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


def create_user(actor: User | None, spec: NewUser) -> User:
    """Create a user; raises AccountError("email_taken" | "organisation_required" | ...)."""
    email = normalise_email(spec.email)
    if spec.role not in {r.value for r in Role}:
        raise AccountError("bad_role")
    if db.session.scalar(select(func.count(User.id)).where(User.email == email)):
        raise AccountError("email_taken")
    organisation_id = spec.organisation_id if spec.role == Role.APPLICANT else None
    if spec.role == Role.APPLICANT and (
        organisation_id is None or db.session.get(Organisation, organisation_id) is None
    ):
        raise AccountError("organisation_required")
    user = User(
        name=spec.name.strip(),
        email=email,
        role=spec.role,
        organisation_id=organisation_id,
        active=True,
    )
    user.set_password(spec.password)
    db.session.add(user)
    db.session.flush()
    audit.record(
        "user.create",
        "user",
        user.id,
        actor=actor,
        actor_label=None if actor else "cli",
        object_label=email,
        after=_user_state(user),
    )
    return user


def set_active(actor: User, user: User, active: bool) -> None:
    """Deactivate (ending all the user's sessions) or reactivate an account."""
    if user.id == actor.id and not active:
        raise AccountError("self_deactivate")
    if user.active == active:
        return
    before = _user_state(user)
    user.active = active
    user.session_token = new_session_token()
    audit.record(
        "user.reactivate" if active else "user.deactivate",
        "user",
        user.id,
        actor=actor,
        object_label=user.email,
        before={"active": before["active"]},
        after={"active": active},
    )
