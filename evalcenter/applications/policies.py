"""Who may do what with an application: its organisation's contacts and administrators."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from evalcenter.applications.lifecycle import APPLICATION
from evalcenter.applications.models import Application, Attachment
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.reviews.models import Assignment, AssignmentStatus


def is_own(user: Any, app: Application) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.APPLICANT
        and user.organisation_id == app.organisation_id
    )


def can_view(user: Any, app: Application) -> bool:
    return is_own(user, app) or (user.is_authenticated and user.role == Role.ADMIN)


def can_edit(user: Any, app: Application) -> bool:
    """The organisation's contacts, while the status allows editing and the round is open."""
    return is_own(user, app) and APPLICATION.allows("edit", app.status) and app.round.is_open()


def can_submit(user: Any, app: Application) -> bool:
    return can_edit(user, app)


def can_withdraw(user: Any, app: Application) -> bool:
    return is_own(user, app) and APPLICATION.allows("withdraw", app.status)


def can_check(user: Any, app: Application) -> bool:
    """Administrators do the formal check of a submitted application."""
    return user.role == Role.ADMIN and APPLICATION.allows("accept", app.status)


def can_view_attachment(user: Any, attachment: Attachment) -> bool:
    """The organisation and administrators; a reviewer who declared no conflict on the
    application, for the files frozen in its latest submitted version."""
    return can_view(user, attachment.application) or _reviewer_may_read(user, attachment)


def _reviewer_may_read(user: Any, attachment: Attachment) -> bool:
    if not (user.is_authenticated and user.role == Role.REVIEWER):
        return False
    snapshot = attachment.application.latest_snapshot
    if snapshot is None or attachment not in snapshot.attachments:
        return False
    opened = db.session.scalar(
        select(Assignment.id).where(
            Assignment.application_id == attachment.application_id,
            Assignment.reviewer_id == user.id,
            Assignment.status.in_((AssignmentStatus.DECLARED, AssignmentStatus.SUBMITTED)),
        )
    )
    return opened is not None


POLICIES = {
    "can_edit_application": can_edit,
    "can_submit_application": can_submit,
    "can_withdraw_application": can_withdraw,
    "can_check_application": can_check,
}
