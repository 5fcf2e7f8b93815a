"""Objections to organisations under publicity: filed on the public page with a real name
and a contact, or recorded by an administrator; each resolved with a written outcome before
the round can finish."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.roles import Role
from evalcenter.core.types import utcnow
from evalcenter.decisions.models import Decision, Objection, ObjectionStatus, Outcome
from evalcenter.decisions.publicity import today
from evalcenter.extensions import db
from evalcenter.notifications.services import notify
from evalcenter.rounds.models import EvaluationRound, RoundStatus

MAX_NAME, MAX_CONTACT, MAX_TEXT, MAX_OUTCOME = 100, 200, 5000, 5000
# Words that are no one's real name (anonymous, unknown, a citizen ...), compared lower-cased.
ANONYMOUS = {
    "匿名",
    "无名",
    "无名氏",
    "佚名",
    "某某",
    "群众",
    "市民",
    "网友",
    "知情人",
    "知情者",
    "不愿透露姓名",
    "anonymous",
    "anon",
    "unknown",
    "n/a",
    "na",
    "none",
    "nobody",
    "test",
}
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{6,19}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class NewObjection:
    application_id: int
    name: str
    contact: str
    text: str


def is_anonymous(name: str) -> bool:
    plain = re.sub(r"[\s.·・\-_*]", "", name).lower()
    return len(plain) < 2 or plain in ANONYMOUS or set(plain) <= {"x", "某", "?", "？"}


def objectable(rnd: EvaluationRound) -> list[Application]:
    """The applications listed on the round's public page: those recognised."""
    query = (
        select(Application)
        .join(Decision, Decision.application_id == Application.id)
        .where(Application.round_id == rnd.id, Decision.outcome == Outcome.RECOGNISED)
        .where(Application.status == ApplicationStatus.DECIDED)
    )
    return list(db.session.scalars(query))


def _validated(rnd: EvaluationRound, spec: NewObjection) -> tuple[Application, str, str, str]:
    name, contact, text = (spec.name or "").strip(), (spec.contact or "").strip(), spec.text or ""
    text = text.strip()
    app = next((a for a in objectable(rnd) if a.id == spec.application_id), None)
    if app is None:
        raise ServiceError("objection_organisation", "application_id")
    if not name or is_anonymous(name):
        raise ServiceError("objection_real_name", "name")
    if len(name) > MAX_NAME:
        raise ServiceError("text_too_long", "name", n=MAX_NAME)
    if not (PHONE.match(contact) or EMAIL.match(contact)):
        raise ServiceError("objection_contact", "contact")
    if len(contact) > MAX_CONTACT:
        raise ServiceError("text_too_long", "contact", n=MAX_CONTACT)
    if not text:
        raise ServiceError("objection_text_required", "text")
    if len(text) > MAX_TEXT:
        raise ServiceError("text_too_long", "text", n=MAX_TEXT)
    return app, name, contact, text


def _admins() -> list[User]:
    query = select(User).where(User.role == Role.ADMIN, User.active.is_(True))
    return list(db.session.scalars(query))


def file(rnd: EvaluationRound, spec: NewObjection, recorded_by: User | None = None) -> Objection:
    """An objection from the public page (``recorded_by`` None: only during the publicity
    period) or recorded by an administrator (while the round is under publicity)."""
    if rnd.status != RoundStatus.PUBLICITY:
        raise ServiceError("objection_closed")
    if recorded_by is None and not (
        rnd.publicity_starts_on and rnd.publicity_starts_on <= today() <= rnd.publicity_ends_on
    ):
        raise ServiceError("objection_outside_period")
    app, name, contact, text = _validated(rnd, spec)
    objection = Objection(
        round_id=rnd.id,
        application_id=app.id,
        name=name,
        contact=contact,
        text=text,
        source="admin" if recorded_by else "public",
        recorded_by_id=recorded_by.id if recorded_by else None,
    )
    audit.created(
        "objection.create",
        objection,
        actor=recorded_by,
        after={"organisation": app.organisation.name, "source": objection.source},
    )
    notify(
        _admins(),
        "objection_received",
        link=f"/admin/rounds/{rnd.id}/objections",
        round=rnd.name,
        organisation=app.organisation.name,
    )
    return objection


def resolve(actor: User, objection: Objection, outcome: str, expected_version: int) -> Objection:
    """Close the objection with a written outcome (required)."""
    if expected_version != objection.version:
        raise ServiceError("objection_version_conflict")
    if objection.status != ObjectionStatus.OPEN:
        raise ServiceError("objection_resolved_already")
    outcome = (outcome or "").strip()
    if not outcome:
        raise ServiceError("objection_outcome_required", "outcome")
    if len(outcome) > MAX_OUTCOME:
        raise ServiceError("text_too_long", "outcome", n=MAX_OUTCOME)
    objection.status, objection.outcome = ObjectionStatus.RESOLVED, outcome
    objection.resolved_by_id, objection.resolved_at = actor.id, utcnow()
    db.session.flush()
    audit.record(
        "objection.resolve",
        objection,
        actor=actor,
        before={"status": ObjectionStatus.OPEN},
        after={"status": objection.status, "outcome": outcome},
    )
    return objection
