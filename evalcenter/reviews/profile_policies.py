"""Who may see and change reviewer profiles and declared relations: administrators any
reviewer's, a reviewer only their own relations (anything else answers 404)."""

from __future__ import annotations

from typing import Any

from evalcenter.accounts.models import User
from evalcenter.core.roles import Role
from evalcenter.reviews.models import ReviewerRelation


def _admin(user: Any) -> bool:
    return user.is_authenticated and user.role == Role.ADMIN


def can_manage_profile(user: Any, reviewer: User) -> bool:
    """See and edit a reviewer's profile and relations: administrators, for reviewers."""
    return _admin(user) and reviewer.role == Role.REVIEWER


def can_remove_relation(user: Any, relation: ReviewerRelation) -> bool:
    """The reviewer who declared it, or an administrator."""
    own = user.is_authenticated and user.role == Role.REVIEWER and relation.reviewer_id == user.id
    return own or _admin(user)
