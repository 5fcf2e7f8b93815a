"""The read side of expert review for pages and exports: bounded SQL, no N+1."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from evalcenter.accounts.models import Organisation, User
from evalcenter.applications.models import Application, ApplicationSnapshot, ApplicationStatus
from evalcenter.applications.score_models import ApplicationScore
from evalcenter.extensions import db
from evalcenter.reviews.models import Assignment, AssignmentStatus, Review, ReviewStatus
from evalcenter.rounds.models import EvaluationRound

# -- panel results and ranking -------------------------------------------------------------
# Applications accepted at the formal check, and what follows; a returned or withdrawn one is out.
RANKED_STATUSES = (
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.DECIDED,
    ApplicationStatus.PUBLISHED,
    ApplicationStatus.CERTIFIED,
)


def scored_entries(round_id: int) -> list[Any]:
    """One query: the round's scored applications with their organisation, latest stored score
    and the frozen data that score was computed from (id, reference, organisation_name, uscc,
    submitted_at, data, discrepancies)."""
    latest = (
        select(func.max(ApplicationScore.id))
        .join(Application, Application.id == ApplicationScore.application_id)
        .where(Application.round_id == round_id)
        .group_by(ApplicationScore.application_id)
    )
    return db.session.execute(
        select(
            Application.id,
            Application.reference,
            Application.submitted_at,
            Organisation.name.label("organisation_name"),
            Organisation.uscc,
            ApplicationSnapshot.data,
            ApplicationScore.verified_discrepancies.label("discrepancies"),
        )
        .join(Organisation, Organisation.id == Application.organisation_id)
        .join(ApplicationScore, ApplicationScore.application_id == Application.id)
        .join(
            ApplicationSnapshot,
            (ApplicationSnapshot.application_id == Application.id)
            & (ApplicationSnapshot.number == ApplicationScore.snapshot_number),
        )
        .where(
            Application.round_id == round_id,
            Application.status.in_(RANKED_STATUSES),
            ApplicationScore.id.in_(latest),
        )
        .order_by(Application.id)
    ).all()


def _submitted_reviews():
    return (
        select(Review.application_id, Review.reviewer_id, Review.total, Review.scores)
        .join(Assignment, Assignment.id == Review.assignment_id)
        .where(
            Review.status == ReviewStatus.SUBMITTED,
            Assignment.status != AssignmentStatus.RECUSED,
        )
        .order_by(Review.application_id, Review.reviewer_id)
    )


def round_reviews(round_id: int) -> list[Any]:
    """One query: the submitted reviews of non-recused reviewers in the round."""
    return db.session.execute(_submitted_reviews().where(Assignment.round_id == round_id)).all()


def application_reviews(application_id: int) -> list[Any]:
    """One query: the submitted reviews of non-recused reviewers of one application."""
    stmt = _submitted_reviews().where(Review.application_id == application_id)
    return db.session.execute(stmt).all()


def round_reviewer_ids(round_id: int) -> list[int]:
    """One query: every reviewer ever assigned in the round (recused too), by id: the order
    their codes R01… follow."""
    stmt = select(Assignment.reviewer_id).where(Assignment.round_id == round_id).distinct()
    return sorted(db.session.scalars(stmt))


def reviewer_names(reviewer_ids: list[int]) -> dict[int, str]:
    """One query: reviewers' names, for administrators' pages only (never for exports)."""
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(reviewer_ids)))
    return {row.id: row.name for row in rows}


# -- the reviewer's workspace --------------------------------------------------------------
def my_assignments(reviewer_id: int) -> list[Any]:
    """One query: the reviewer's assignments they have not recused, with the round (name,
    review deadline), the application (reference, organisation, field) and their review's
    status; the round's deadline first, then the reference."""
    return db.session.execute(
        select(
            Assignment.id,
            Assignment.status,
            EvaluationRound.name.label("round_name"),
            EvaluationRound.review_deadline,
            Application.reference,
            Organisation.name.label("organisation_name"),
            Organisation.industry_field,
            Review.status.label("review_status"),
        )
        .join(Application, Application.id == Assignment.application_id)
        .join(EvaluationRound, EvaluationRound.id == Assignment.round_id)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(
            Assignment.reviewer_id == reviewer_id,
            Assignment.status != AssignmentStatus.RECUSED,
        )
        .order_by(
            EvaluationRound.review_deadline.asc().nulls_last(),
            Application.reference,
            Assignment.id,
        )
    ).all()
