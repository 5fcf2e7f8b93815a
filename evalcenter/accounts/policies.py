"""Who may do what with accounts and organisations: `(actor, object) -> bool`.

Views load objects through `get_or_404(Model, id, policy)`; templates call the same functions.
"""

from __future__ import annotations

from typing import Any

from evalcenter.accounts import queries
from evalcenter.accounts.models import Invitation, Organisation, User
from evalcenter.accounts.organisations import LIFECYCLE
from evalcenter.core.roles import Role


def _is_admin(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False)) and actor.role == Role.ADMIN


def can_manage_user(actor: Any, user: User) -> bool:
    """See an account and its activity."""
    return _is_admin(actor)


def can_set_active(actor: Any, user: User) -> bool:
    """Deactivate or reactivate an account: never one's own."""
    return _is_admin(actor) and user.id != actor.id


def can_decide_organisation(actor: Any, org: Organisation) -> bool:
    """See a registered organisation and approve or reject it."""
    return _is_admin(actor)


def can_approve_organisation(actor: Any, org: Organisation) -> bool:
    return can_decide_organisation(actor, org) and LIFECYCLE.allows("approve", org.status)


def can_reject_organisation(actor: Any, org: Organisation) -> bool:
    return can_decide_organisation(actor, org) and LIFECYCLE.allows("reject", org.status)


def is_organisation_owner(actor: Any) -> bool:
    """The organisation's owner is its first user: of its applicant accounts, the one created
    earliest (the lowest id among equal times) - normally whoever registered the organisation.
    Only the owner invites colleagues and deactivates or reactivates them; the administrators
    manage every account, the owner's included."""
    return (
        bool(getattr(actor, "is_authenticated", False))
        and actor.role == Role.APPLICANT
        and actor.organisation_id is not None
        and queries.organisation_owner_id(actor.organisation_id) == actor.id
    )


def can_invite(actor: Any) -> bool:
    """Invite colleagues: the owner of an approved organisation."""
    return is_organisation_owner(actor) and actor.organisation.is_approved


def can_manage_colleague(actor: Any, user: User) -> bool:
    """Deactivate or reactivate a colleague: the owner, for the organisation's other
    applicant accounts (never their own)."""
    return (
        is_organisation_owner(actor)
        and user.role == Role.APPLICANT
        and user.organisation_id == actor.organisation_id
        and user.id != actor.id
    )


def can_revoke_invitation(actor: Any, invitation: Invitation) -> bool:
    """Revoke an invitation of the owner's organisation that has not been used."""
    return (
        is_organisation_owner(actor)
        and invitation.organisation_id == actor.organisation_id
        and invitation.accepted_at is None
        and invitation.revoked_at is None
    )


POLICIES = {
    "is_organisation_owner": is_organisation_owner,
    "can_invite": can_invite,
    "can_manage_colleague": can_manage_colleague,
    "can_revoke_invitation": can_revoke_invitation,
    "can_set_active": can_set_active,
    "can_approve_organisation": can_approve_organisation,
    "can_reject_organisation": can_reject_organisation,
}
