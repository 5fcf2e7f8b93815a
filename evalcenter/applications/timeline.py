"""The application's status path, its progress in plain words (办理进度) and the reason it was
last returned, for the status page and the overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.core import audit
from evalcenter.core.models import AuditEvent
from evalcenter.core.roles import Role
from evalcenter.extensions import db

S = ApplicationStatus
PATH = (S.DRAFT, S.SUBMITTED, S.ACCEPTED, S.UNDER_REVIEW, S.DECIDED, S.PUBLISHED, S.CERTIFIED)
_POSITION = {status: i for i, status in enumerate(PATH)}
_POSITION[S.RETURNED] = _POSITION[S.ACCEPTED]

# The audit actions that move an application along, and the progress step each records.
PROGRESS_ACTIONS = {
    "application.submit": "submitted",
    "application.return": "returned",
    "application.accept": "accepted",
    "application.withdraw": "withdrawn",
}
PROGRESS_LABELS = {
    "submitted": _l("Submitted"),
    "resubmitted": _l("Resubmitted after correction"),
    "returned": _l("Returned for correction"),
    "accepted": _l("Accepted at the formal check"),
    "withdrawn": _l("Withdrawn"),
}
ACTOR_LABELS = {
    Role.APPLICANT: _l("The applicant"),
    Role.ADMIN: _l("The programme office"),
    Role.REVIEWER: _l("The programme office"),
}


@dataclass(frozen=True)
class Step:
    status: str
    state: str  # done, current, todo


@dataclass(frozen=True)
class Timeline:
    steps: tuple[Step, ...]
    events: tuple[AuditEvent, ...]
    withdrawn: bool


@dataclass(frozen=True)
class Progress:
    """One step the application took: what (a PROGRESS_LABELS key), when, who (a role), and
    the reason when it was returned."""

    kind: str
    at: datetime
    role: str | None
    reason: str = ""


def timeline(app: Application) -> Timeline:
    here = _POSITION.get(app.status, 0)
    steps = []
    for i, status in enumerate(PATH):
        if app.status == S.RETURNED and status == S.ACCEPTED:
            steps.append(Step(S.RETURNED, "current"))
            continue
        state = "done" if i < here else "current" if i == here else "todo"
        if app.status == S.WITHDRAWN:
            state = "todo"
        steps.append(Step(status, state))
    events = tuple(
        e
        for e in audit.events_involving("application", app.id, limit=200)
        if e.action.startswith(("application.", "attachment."))
    )
    return Timeline(tuple(steps), events, app.status == S.WITHDRAWN)


def progress(app: Application) -> list[Progress]:
    """The application's submissions, returns, acceptance and withdrawal, oldest first."""
    rows = db.session.execute(
        select(AuditEvent.action, AuditEvent.created_at, AuditEvent.after, User.role)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(
            AuditEvent.object_type == Application.audit_type,
            AuditEvent.object_id == str(app.id),
            AuditEvent.action.in_(list(PROGRESS_ACTIONS)),
        )
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ).all()
    out: list[Progress] = []
    submitted = False
    for action, at, after, role in rows:
        kind = PROGRESS_ACTIONS[action]
        if kind == "submitted":
            kind, submitted = ("resubmitted" if submitted else "submitted"), True
        reason = str((after or {}).get("reason") or "").strip()
        out.append(Progress(kind, at, role, reason))
    return out


def return_notice(app: Application) -> Progress | None:
    """Why a returned application was returned (the latest return), or None."""
    if app.status != S.RETURNED:
        return None
    returns = [p for p in progress(app) if p.kind == "returned"]
    return returns[-1] if returns else None
