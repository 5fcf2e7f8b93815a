"""Who may do what with candidate rulesets: administrators write, try and publish them."""

from __future__ import annotations

from typing import Any

from evalcenter.core.roles import Role
from evalcenter.rulesets.models import RulesetDraft


def can_view(user: Any, draft: RulesetDraft) -> bool:
    """See a candidate, try it on a round's applications."""
    return user.is_authenticated and user.role == Role.ADMIN


def can_edit(user: Any, draft: RulesetDraft) -> bool:
    """Change or publish a candidate: only until it is published."""
    return can_view(user, draft) and draft.published_at is None


POLICIES = {"can_edit_ruleset_draft": can_edit}
