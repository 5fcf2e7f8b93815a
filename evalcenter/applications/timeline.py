"""The application's status path and its history, for the status page."""

from __future__ import annotations

from dataclasses import dataclass

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.core import audit
from evalcenter.core.models import AuditEvent

S = ApplicationStatus
PATH = (S.DRAFT, S.SUBMITTED, S.ACCEPTED, S.UNDER_REVIEW, S.DECIDED, S.PUBLISHED, S.CERTIFIED)
_POSITION = {status: i for i, status in enumerate(PATH)}
_POSITION[S.RETURNED] = _POSITION[S.ACCEPTED]


@dataclass(frozen=True)
class Step:
    status: str
    state: str  # done, current, todo


@dataclass(frozen=True)
class Timeline:
    steps: tuple[Step, ...]
    events: tuple[AuditEvent, ...]
    withdrawn: bool


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
