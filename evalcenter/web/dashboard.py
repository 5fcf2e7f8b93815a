"""What each role sees on the home page (the read side of the dashboards)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from evalcenter.accounts.models import Organisation, OrganisationStatus, User
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound, RoundStatus


def _count(stmt) -> int:
    return db.session.scalar(stmt) or 0


def _rounds(*statuses: str) -> list[EvaluationRound]:
    stmt = select(EvaluationRound).where(EvaluationRound.status.in_(statuses))
    return list(db.session.scalars(stmt.order_by(EvaluationRound.closes_at)))


@dataclass(frozen=True)
class Task:
    """One line of the administrators' to-do queue: how many, and the list that shows them."""

    kind: str  # organisations, formal_check, resubmission
    count: int
    href: str
    round: EvaluationRound | None = None


def _application_tasks(rounds: list[EvaluationRound]) -> list[Task]:
    """Per round: applications awaiting the formal check, and returned ones awaiting
    resubmission (one grouped statement)."""
    waiting = {
        ApplicationStatus.SUBMITTED: "formal_check",
        ApplicationStatus.RETURNED: "resubmission",
    }
    counts = db.session.execute(
        select(Application.round_id, Application.status, func.count(Application.id))
        .where(Application.status.in_(list(waiting)))
        .group_by(Application.round_id, Application.status)
    ).all()
    by_round = {(round_id, status): n for round_id, status, n in counts}
    return [
        Task(
            kind,
            by_round[(rnd.id, status)],
            url_for("admin_applications.round_applications", round_id=rnd.id, status=status),
            rnd,
        )
        for rnd in rounds
        for status, kind in waiting.items()
        if by_round.get((rnd.id, status))
    ]


def admin_summary(user: User) -> dict[str, Any]:
    rounds = _rounds(*[s.value for s in RoundStatus])
    pending = _count(
        select(func.count(Organisation.id)).where(Organisation.status == OrganisationStatus.PENDING)
    )
    href = url_for("admin_organisations.list_organisations", status=OrganisationStatus.PENDING)
    return {
        "tasks": [Task("organisations", pending, href), *_application_tasks(rounds)],
        "users": _count(select(func.count(User.id)).where(User.active.is_(True))),
        "organisations": _count(select(func.count(Organisation.id))),
        "applications": _count(select(func.count(Application.id))),
        "rounds": rounds,
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
