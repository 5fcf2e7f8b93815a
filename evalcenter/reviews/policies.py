"""Who may see and do what in expert review. A reviewer sees only their own assignments that
they have not recused, and the application behind one only after declaring no conflict;
everything else answers 404 (``get_or_404``)."""

from __future__ import annotations

from typing import Any

from evalcenter.core.roles import Role
from evalcenter.reviews.models import Assignment, AssignmentStatus, Review, ReviewStatus
from evalcenter.rounds.models import RoundStatus

OPENED = (AssignmentStatus.DECLARED, AssignmentStatus.SUBMITTED)


def _reviewer(user: Any) -> bool:
    return user.is_authenticated and user.role == Role.REVIEWER


def is_own_assignment(user: Any, assignment: Assignment) -> bool:
    """The reviewer's own assignment, not recused."""
    return (
        _reviewer(user)
        and assignment.reviewer_id == user.id
        and assignment.status != AssignmentStatus.RECUSED
    )


def can_open_assignment(user: Any, assignment: Assignment) -> bool:
    """The application, its evidence and the review form: after declaring no conflict."""
    return is_own_assignment(user, assignment) and assignment.status in OPENED


def can_edit_review(user: Any, assignment: Assignment) -> bool:
    """Scores can be typed until the review is submitted (or after an administrator reopens
    it), while the round is under review."""
    review = assignment.review
    return (
        can_open_assignment(user, assignment)
        and assignment.status == AssignmentStatus.DECLARED
        and (review is None or review.status == ReviewStatus.DRAFT)
        and assignment.application.round.status == RoundStatus.REVIEWING
    )


def can_reopen_review(user: Any, review: Review) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.ADMIN
        and review.status == ReviewStatus.SUBMITTED
    )


def can_see_results(user: Any, rnd: Any) -> bool:
    """A round's panel results, ranking, calibration and exports: administrators only."""
    return user.is_authenticated and user.role == Role.ADMIN


POLICIES = {"can_edit_review": can_edit_review, "can_reopen_review": can_reopen_review}
