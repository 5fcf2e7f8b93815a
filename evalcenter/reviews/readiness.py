"""Whether a round's review is complete: the decisions start once every application under
review has enough submitted reviews for a panel score. Registered as the round's
``start_deciding`` precondition."""

from __future__ import annotations

from sqlalchemy import func, select

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.core.errors import ServiceError
from evalcenter.extensions import db
from evalcenter.reviews.models import Assignment, AssignmentStatus, Review, ReviewStatus
from evalcenter.rounds import preconditions
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import ruleset_for_round

IN_REVIEW = (ApplicationStatus.ACCEPTED, ApplicationStatus.UNDER_REVIEW)


def panel_minimum(rnd: EvaluationRound) -> int:
    """The fewest submitted reviews that give a panel score under the round's ruleset."""
    return min(rule.min_reviews for rule in ruleset_for_round(rnd).model.expert.panel)


def short_of_reviews(rnd: EvaluationRound, minimum: int) -> int:
    """How many applications under review have fewer than ``minimum`` submitted reviews of
    non-recused reviewers (one statement)."""
    submitted = (
        select(Review.application_id, func.count(Review.id).label("n"))
        .join(Assignment, Assignment.id == Review.assignment_id)
        .where(Review.status == ReviewStatus.SUBMITTED)
        .where(Assignment.status != AssignmentStatus.RECUSED)
        .group_by(Review.application_id)
        .subquery()
    )
    query = (
        select(func.count(Application.id))
        .outerjoin(submitted, submitted.c.application_id == Application.id)
        .where(Application.round_id == rnd.id, Application.status.in_(IN_REVIEW))
        .where(func.coalesce(submitted.c.n, 0) < minimum)
    )
    return db.session.scalar(query) or 0


def review_complete(rnd: EvaluationRound) -> None:
    """Every application under review has a panel score: enough submitted reviews."""
    minimum = panel_minimum(rnd)
    short = short_of_reviews(rnd, minimum)
    if short:
        raise ServiceError("reviews_missing", count=short, minimum=minimum)


preconditions.CHECKS.setdefault("start_deciding", []).append(review_complete)
