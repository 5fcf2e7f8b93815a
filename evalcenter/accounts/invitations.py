"""Colleagues invited into an organisation: inviting, revoking and accepting.

The link carries a random token; only its sha256 is stored, so the table alone never lets
anyone in. An invitation is open until it expires, is revoked or is accepted (once)."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select, update

from evalcenter.accounts import mail
from evalcenter.accounts import services as accounts
from evalcenter.accounts.models import Invitation, User
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.roles import Role
from evalcenter.core.types import utcnow
from evalcenter.extensions import db

VALID_DAYS = 7
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def state(invitation: Invitation) -> str:
    """pending, expired, revoked or accepted."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    return "pending" if invitation.expires_at > utcnow() else "expired"


def find(token: str) -> Invitation | None:
    """The invitation a link's token names, whatever its state; None for any other text."""
    if not TOKEN_RE.fullmatch(token):
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_sha256 == _digest(token)))


def _has_open_invitation(organisation_id: int, email: str) -> bool:
    return (
        db.session.scalar(
            select(Invitation.id).where(
                Invitation.organisation_id == organisation_id,
                Invitation.email == email,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
        )
        is not None
    )


def invite(actor: User, email: str, name: str, link: Callable[[str], str]) -> Invitation:
    """Invite a colleague into the actor's (approved) organisation and send them the link
    that `link(token)` makes."""
    organisation = actor.organisation
    if organisation is None or not organisation.is_approved:
        raise ServiceError("invite_not_approved")
    email = accounts.normalise_email(email)
    if accounts.find_user_by_email(email) is not None:
        raise ServiceError("invite_email_taken", "email")
    if _has_open_invitation(organisation.id, email):
        raise ServiceError("invite_pending", "email")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation_id=organisation.id,
        email=email,
        name=name.strip(),
        token_sha256=_digest(token),
        invited_by_id=actor.id,
        expires_at=utcnow() + timedelta(days=VALID_DAYS),
    )
    audit.created(
        "invitation.create",
        invitation,
        actor=actor,
        after={
            "email": email,
            "name": invitation.name,
            "expires_at": invitation.expires_at.isoformat(),
        },
    )
    mail.send_invitation(invitation, link(token))
    return invitation


def revoke(actor: User, invitation: Invitation) -> Invitation:
    """Withdraw an invitation: its link stops working."""
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ServiceError("invitation_closed")
    invitation.revoked_at = utcnow()
    audit.record("invitation.revoke", invitation, actor=actor, after={"email": invitation.email})
    return invitation


def accept(invitation: Invitation, name: str, password: str) -> User:
    """Create the colleague's applicant account with a password of their own and open its
    session. An invitation is used once: of two acceptances at the same moment, one wins."""
    if state(invitation) != "pending":
        raise ServiceError("invitation_closed")
    if accounts.find_user_by_email(invitation.email) is not None:
        raise ServiceError("invitation_email_taken")
    user = accounts.create_user(
        None,
        accounts.NewUser(
            name=name,
            email=invitation.email,
            role=Role.APPLICANT,
            password=password,
            organisation_id=invitation.organisation_id,
        ),
        actor_label=invitation.email,
    )
    used = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(accepted_at=utcnow()),
        execution_options={"synchronize_session": False},
    ).rowcount
    if not used:
        raise ServiceError("invitation_closed")
    db.session.refresh(invitation)
    audit.record("invitation.accept", invitation, actor=user, after={"user_id": user.id})
    return accounts.start_session(user)
