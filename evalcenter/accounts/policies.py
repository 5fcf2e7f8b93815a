"""Who may do what with accounts and organisations: `(actor, object) -> bool`.

Views load objects through `get_or_404(Model, id, policy)`; templates call the same functions.
"""

from __future__ import annotations

from typing import Any

from evalcenter.accounts.models import Organisation, User
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


POLICIES = {
    "can_set_active": can_set_active,
    "can_approve_organisation": can_approve_organisation,
    "can_reject_organisation": can_reject_organisation,
}
