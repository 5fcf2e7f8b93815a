"""The read side of decisions, publicity and objections, in a fixed number of statements."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from evalcenter.accounts.models import Organisation
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.decisions.models import Decision, Objection, Outcome
from evalcenter.decisions.policies import ANNOUNCED
from evalcenter.decisions.services import DECIDABLE, panel_minimum, submitted_reviews
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound, RoundStatus

SHOWN = (*DECIDABLE, ApplicationStatus.DECIDED, ApplicationStatus.PUBLISHED)


@dataclass(frozen=True)
class DecisionRow:
    app_id: int
    organisation: str
    reference: str | None
    reviews: int
    ready: bool  # has a panel score
    outcome: str | None
    rationale: str


@dataclass(frozen=True)
class DecisionPage:
    rows: list[DecisionRow]
    minimum: int
    counts: Counter  # outcome (or "undecided") -> number


def decision_page(rnd: EvaluationRound) -> DecisionPage:
    """Every application in review (or decided) with its reviews and decision (3 queries)."""
    query = (
        select(Application.id, Organisation.name, Application.reference, Decision)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .outerjoin(Decision, Decision.application_id == Application.id)
        .where(Application.round_id == rnd.id, Application.status.in_(SHOWN))
        .order_by(Organisation.name, Application.id)
    )
    found = db.session.execute(query).all()
    reviews = submitted_reviews([r[0] for r in found])
    minimum = panel_minimum(rnd)
    rows = [
        DecisionRow(
            app_id=app_id,
            organisation=name,
            reference=reference,
            reviews=reviews.get(app_id, 0),
            ready=reviews.get(app_id, 0) >= minimum,
            outcome=decision.outcome if decision else None,
            rationale=decision.rationale if decision else "",
        )
        for app_id, name, reference, decision in found
    ]
    counts = Counter(row.outcome or "undecided" for row in rows)
    return DecisionPage(rows, minimum, counts)


@dataclass(frozen=True)
class Listed:
    app_id: int
    name: str
    industry_field: str
    district: str


def publicity_rounds() -> list[EvaluationRound]:
    query = (
        select(EvaluationRound)
        .where(EvaluationRound.status == RoundStatus.PUBLICITY)
        .order_by(EvaluationRound.publicity_starts_on.desc(), EvaluationRound.id.desc())
    )
    return list(db.session.scalars(query))


def recognised(rnd: EvaluationRound) -> list[Listed]:
    """The organisations recognised in a round under publicity: name, field and district."""
    query = (
        select(
            Application.id, Organisation.name, Organisation.industry_field, Organisation.district
        )
        .join(Organisation, Organisation.id == Application.organisation_id)
        .join(Decision, Decision.application_id == Application.id)
        .where(
            Application.round_id == rnd.id,
            Application.status == ApplicationStatus.DECIDED,
            Decision.outcome == Outcome.RECOGNISED,
        )
        .order_by(Organisation.name, Application.id)
    )
    return [Listed(*row) for row in db.session.execute(query).all()]


def round_objections(rnd: EvaluationRound) -> list[tuple[Objection, str]]:
    """The round's objections, open first, newest first, with the organisation's name."""
    query = (
        select(Objection, Organisation.name)
        .join(Application, Application.id == Objection.application_id)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(Objection.round_id == rnd.id)
        .order_by(Objection.status, Objection.created_at.desc(), Objection.id.desc())
    )
    return [(o, name) for o, name in db.session.execute(query).all()]


def announced_decision(app: Application) -> Decision | None:
    """The application's decision once it has been announced (from the publicity start)."""
    if app.status not in ANNOUNCED:
        return None
    return db.session.scalar(select(Decision).where(Decision.application_id == app.id))
