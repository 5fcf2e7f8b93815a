"""What each role sees on the home page (the read side of the dashboards)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from evalcenter.accounts.models import Organisation, OrganisationStatus, User
from evalcenter.applications.models import Application
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound, RoundStatus


def _count(stmt) -> int:
    return db.session.scalar(stmt) or 0


def _rounds(*statuses: str) -> list[EvaluationRound]:
    stmt = select(EvaluationRound).where(EvaluationRound.status.in_(statuses))
    return list(db.session.scalars(stmt.order_by(EvaluationRound.closes_at)))


def admin_summary(user: User) -> dict[str, Any]:
    return {
        "users": _count(select(func.count(User.id)).where(User.active.is_(True))),
        "pending_organisations": _count(
            select(func.count(Organisation.id)).where(
                Organisation.status == OrganisationStatus.PENDING
            )
        ),
        "organisations": _count(select(func.count(Organisation.id))),
        "applications": _count(select(func.count(Application.id))),
        "rounds": _rounds(*[s.value for s in RoundStatus]),
    }


def applicant_summary(user: User) -> dict[str, Any]:
    applications = []
    if user.organisation_id is not None:
        applications = list(
            db.session.scalars(
                select(Application)
                .options(selectinload(Application.round))
                .where(Application.organisation_id == user.organisation_id)
                .order_by(Application.created_at.desc())
            )
        )
    return {
        "organisation": user.organisation,
        "open_rounds": _rounds(RoundStatus.OPEN),
        "applications": applications,
    }


def reviewer_summary(user: User) -> dict[str, Any]:
    return {"rounds": _rounds(RoundStatus.REVIEWING, RoundStatus.OPEN, RoundStatus.CLOSED)}
