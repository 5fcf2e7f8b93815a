"""Who may do what with an application: its organisation's contacts and administrators."""

from __future__ import annotations

from typing import Any

from evalcenter.applications.lifecycle import APPLICATION
from evalcenter.applications.models import Application, Attachment
from evalcenter.core.roles import Role


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
    return can_view(user, attachment.application)


POLICIES = {
    "can_edit_application": can_edit,
    "can_submit_application": can_submit,
    "can_withdraw_application": can_withdraw,
    "can_check_application": can_check,
}
