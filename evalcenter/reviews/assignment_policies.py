"""Who may assign reviewers: administrators, while the round is under review."""

from __future__ import annotations

from typing import Any

from evalcenter.core.roles import Role
from evalcenter.reviews.models import Assignment, AssignmentStatus
from evalcenter.rounds.models import EvaluationRound, RoundStatus


def can_assign(user: Any, rnd: EvaluationRound) -> bool:
    """Preview, pin, forbid and save the round's assignment."""
    return user.is_authenticated and user.role == Role.ADMIN and rnd.status == RoundStatus.REVIEWING


def can_replace(user: Any, assignment: Assignment) -> bool:
    """Fill the slot a recused reviewer freed."""
    return assignment.status == AssignmentStatus.RECUSED and can_assign(
        user, assignment.application.round
    )


POLICIES = {"can_assign_reviewers": can_assign}
