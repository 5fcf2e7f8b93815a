"""Who may see which application: its organisation's contacts and administrators."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from evalcenter.applications.models import Application, Attachment
from evalcenter.extensions import db


def can_view(user, app: Application) -> bool:
    if user.role == "admin":
        return True
    return user.role == "applicant" and user.organisation_id == app.organisation_id


def application_or_404(app_id: int, *, own_only: bool = False) -> Application:
    """The application if the current user may see it; 404 otherwise (no existence leak)."""
    app = db.session.get(Application, app_id)
    if app is None or not can_view(current_user, app):
        abort(404)
    if own_only and current_user.organisation_id != app.organisation_id:
        abort(404)
    return app


def attachment_or_404(app: Application, attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.application_id != app.id:
        abort(404)
    return attachment
