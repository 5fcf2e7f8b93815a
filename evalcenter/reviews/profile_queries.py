"""The read side of reviewer profiles and relations (bounded SQL, no N+1)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from evalcenter.accounts.models import Organisation, User
from evalcenter.applications.models import Application
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.reviews.conflicts import conflicted_pairs
from evalcenter.reviews.models import ReviewerProfile, ReviewerRelation
from evalcenter.reviews.queries import RANKED_STATUSES
from evalcenter.rounds.models import EvaluationRound, RoundStatus


def reviewers() -> list[Any]:
    """Every reviewer with their profile and number of relations: one statement."""
    relations = (
        select(ReviewerRelation.reviewer_id, func.count(ReviewerRelation.id).label("n"))
        .group_by(ReviewerRelation.reviewer_id)
        .subquery()
    )
    return db.session.execute(
        select(
            User.id,
            User.name,
            User.email,
            User.active,
            ReviewerProfile.fields,
            ReviewerProfile.employer_name,
            ReviewerProfile.max_load,
            func.coalesce(relations.c.n, 0).label("relations"),
        )
        .outerjoin(ReviewerProfile, ReviewerProfile.user_id == User.id)
        .outerjoin(relations, relations.c.reviewer_id == User.id)
        .where(User.role == Role.REVIEWER)
        .order_by(User.name, User.id)
    ).all()


def relations_of(reviewer_id: int) -> list[ReviewerRelation]:
    return list(
        db.session.scalars(
            select(ReviewerRelation)
            .where(ReviewerRelation.reviewer_id == reviewer_id)
            .order_by(ReviewerRelation.created_at, ReviewerRelation.id)
        )
    )


def reviewing_round() -> EvaluationRound | None:
    """The latest round under review."""
    return db.session.scalar(
        select(EvaluationRound)
        .where(EvaluationRound.status == RoundStatus.REVIEWING)
        .order_by(EvaluationRound.id.desc())
    )


def blocked_applications(rnd: EvaluationRound, reviewer_id: int) -> list[Any]:
    """The applications under review in ``rnd`` the reviewer must not review (conflict
    rule): id, reference and organisation name."""
    ids = {app_id for app_id, user_id in conflicted_pairs(rnd) if user_id == reviewer_id}
    if not ids:
        return []
    return db.session.execute(
        select(Application.id, Application.reference, Organisation.name.label("organisation"))
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(Application.id.in_(ids), Application.status.in_(RANKED_STATUSES))
        .order_by(Organisation.name, Application.id)
    ).all()
