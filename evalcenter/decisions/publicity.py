"""The publicity (公示) of a round's decisions: starting it (deciding → publicity) announces
every decision to its company, and finishing the round (publicity → finished) publishes the
recognised applications, ready for their certificates. What each step requires is checked
in the round's preconditions (:mod:`evalcenter.rounds.preconditions`)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from evalcenter.accounts.models import User
from evalcenter.applications.lifecycle import APPLICATION
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.roles import Role
from evalcenter.decisions import calendar
from evalcenter.decisions.models import Decision, Objection, ObjectionStatus, Outcome
from evalcenter.decisions.services import DECIDABLE
from evalcenter.extensions import db
from evalcenter.notifications.services import notify
from evalcenter.rounds import preconditions
from evalcenter.rounds.lifecycle import ROUND
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.services import change_status

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> date:
    """Today in Beijing."""
    return datetime.now(SHANGHAI).date()


def default_start() -> date:
    """The publicity starts on the next working day unless the administrator says otherwise."""
    return calendar.next_working_day(today())


def undecided(rnd: EvaluationRound) -> int:
    """Applications still in review without a decision (one query)."""
    query = (
        select(func.count(Application.id))
        .outerjoin(Decision, Decision.application_id == Application.id)
        .where(Application.round_id == rnd.id, Application.status.in_(DECIDABLE))
        .where(Decision.id.is_(None))
    )
    return db.session.scalar(query) or 0


def open_objections(rnd: EvaluationRound) -> int:
    query = select(func.count(Objection.id)).where(
        Objection.round_id == rnd.id, Objection.status == ObjectionStatus.OPEN
    )
    return db.session.scalar(query) or 0


def all_decided(rnd: EvaluationRound) -> None:
    """Before the publicity: every application in review has its decision."""
    missing = undecided(rnd)
    if missing:
        raise ServiceError("applications_undecided", count=missing)


def period_chosen(rnd: EvaluationRound) -> None:
    """The publicity starts from its own page, where its first day is chosen."""
    if rnd.publicity_starts_on is None or rnd.publicity_ends_on is None:
        raise ServiceError("publicity_period_missing")


def publicity_over(rnd: EvaluationRound) -> None:
    """Before finishing: every objection resolved, and the publicity period has ended."""
    still_open = open_objections(rnd)
    if still_open:
        raise ServiceError("objections_open", count=still_open)
    if rnd.publicity_ends_on is None or today() <= rnd.publicity_ends_on:
        ends = rnd.publicity_ends_on.isoformat() if rnd.publicity_ends_on else ""
        raise ServiceError("publicity_not_ended", ends_on=ends)


preconditions.CHECKS.setdefault("start_publicity", []).extend([all_decided, period_chosen])
preconditions.CHECKS.setdefault("finish", []).append(publicity_over)


def _decided(rnd: EvaluationRound, statuses) -> list[tuple[Application, Decision]]:
    query = (
        select(Application, Decision)
        .join(Decision, Decision.application_id == Application.id)
        .where(Application.round_id == rnd.id, Application.status.in_(list(statuses)))
        .order_by(Application.id)
    )
    return [(a, d) for a, d in db.session.execute(query).all()]


def applicants(app: Application) -> list[User]:
    """The organisation's active applicant contacts."""
    return [u for u in app.organisation.members if u.role == Role.APPLICANT and u.active]


def start(actor: User, rnd: EvaluationRound, starts_on: date) -> EvaluationRound:
    """Deciding → publicity from ``starts_on`` (a working day, not in the past) for the
    round's working days; every decision is announced to its company."""
    ROUND.target("start_publicity", rnd.status)
    if starts_on is None:
        raise ServiceError("publicity_start_required", "starts_on")
    if starts_on < today():
        raise ServiceError("publicity_start_past", "starts_on")
    if not calendar.is_working_day(starts_on):
        raise ServiceError("publicity_start_not_working", "starts_on")
    period = calendar.publicity_period(starts_on, rnd.publicity_days)
    rnd.publicity_starts_on, rnd.publicity_ends_on = period.starts_on, period.ends_on
    dates = {"starts_on": period.starts_on.isoformat(), "ends_on": period.ends_on.isoformat()}
    change_status(actor, rnd, "start_publicity", rnd.version)
    audit.record("round.publicity", rnd, actor=actor, after=dates)
    for app, decision in _decided(rnd, DECIDABLE):
        before = app.status
        app.status = APPLICATION.target("announce", app.status)
        audit.record(
            "application.announce",
            app,
            actor=actor,
            before={"status": before},
            after={"status": app.status, "outcome": decision.outcome},
        )
        people, link = applicants(app), f"/applications/{app.id}/status"
        notify(people, "decision_made", link=link, round=rnd.name, outcome=decision.outcome)
        notify(people, "publicity_started", link=f"/publicity/{rnd.id}", round=rnd.name, **dates)
    db.session.flush()
    return rnd


def finish(actor: User, rnd: EvaluationRound) -> EvaluationRound:
    """Publicity → finished: refused while an objection is open or the period runs; the
    recognised applications are published (ready for their certificates)."""
    change_status(actor, rnd, "finish", rnd.version)
    for app, decision in _decided(rnd, (ApplicationStatus.DECIDED,)):
        if decision.outcome != Outcome.RECOGNISED:
            continue
        app.status = APPLICATION.target("publish", app.status)
        audit.record(
            "application.publish",
            app,
            actor=actor,
            before={"status": ApplicationStatus.DECIDED},
            after={"status": app.status},
        )
    db.session.flush()
    return rnd
