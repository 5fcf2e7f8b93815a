"""What changed in a resubmitted application since the version that was returned, and why
it was returned: for the administrators' page of the application."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from evalcenter.applications import attachments as files
from evalcenter.applications.models import Application, ApplicationSnapshot
from evalcenter.applications.summary import display_value
from evalcenter.core.i18n import pick
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from evalcenter.rounds.rulesets import ruleset_for_round


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str  # "" when it was not answered
    new: str


@dataclass(frozen=True)
class FileChange:
    kind: str  # the kind of evidence, in words
    name: str
    added: bool  # False: removed


@dataclass(frozen=True)
class Return:
    """Why a version was returned, when and by whom (named, not by e-mail)."""

    reason: str
    at: datetime
    by: str


@dataclass(frozen=True)
class Resubmission:
    returned: ApplicationSnapshot
    current: ApplicationSnapshot
    why: Return | None
    fields: tuple[FieldChange, ...]
    files: tuple[FileChange, ...]


def _return_before(app: Application, until: datetime) -> Return | None:
    event = db.session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.object_type == "application",
            AuditEvent.object_id == str(app.id),
            AuditEvent.action == "application.return",
            AuditEvent.created_at <= until,
        )
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
    if event is None:
        return None
    by = event.actor.name if event.actor is not None else _("The programme office")
    return Return(reason=(event.after or {}).get("reason", ""), at=event.created_at, by=by)


def _fields(app: Application, old: dict, new: dict) -> tuple[FieldChange, ...]:
    specs = ruleset_for_round(app.round).inputs
    known = {spec.key for spec in specs}
    changes = [
        FieldChange(
            pick(spec.label),
            display_value(spec, old.get(spec.key)),
            display_value(spec, new.get(spec.key)),
        )
        for spec in specs
        if old.get(spec.key) != new.get(spec.key)
    ]
    others = sorted(
        k for k in old.keys() | new.keys() if k not in known and old.get(k) != new.get(k)
    )
    changes += [
        FieldChange(_("Other answer"), str(old.get(k, "")), str(new.get(k, ""))) for k in others
    ]
    return tuple(changes)


def _files(old: ApplicationSnapshot, new: ApplicationSnapshot) -> tuple[FileChange, ...]:
    before, after = set(old.attachments), set(new.attachments)
    changed = [(a, True) for a in new.attachments if a not in before]
    changed += [(a, False) for a in old.attachments if a not in after]
    return tuple(
        FileChange(str(files.KINDS.get(a.kind, _("Other evidence"))), a.original_name, added)
        for a, added in changed
    )


def since_returned(app: Application) -> Resubmission | None:
    """The latest submitted version compared with the one before it (which was returned);
    None until the application has been submitted twice."""
    if len(app.snapshots) < 2:
        return None
    old, new = app.snapshots[-2], app.snapshots[-1]
    return Resubmission(
        returned=old,
        current=new,
        why=_return_before(app, new.created_at),
        fields=_fields(app, old.data, new.data),
        files=_files(old, new),
    )
