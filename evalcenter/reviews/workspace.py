"""The reviewer's declaration before opening an application (回避声明): no conflict of
interest, or a recusal with a reason that frees the slot and tells the administrators."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.roles import Role
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.notifications.services import notify
from evalcenter.reviews.conflicts import conflicts
from evalcenter.reviews.lifecycle import ASSIGNMENT
from evalcenter.reviews.models import Assignment

REASON_MAX = 1000


def declare(actor: User, assignment: Assignment, committed: bool) -> Assignment:
    """Declare no conflict of interest: the reviewer ticked the commitment. Refused when the
    platform already knows a conflict (employer, declared relation): then the reviewer
    recuses."""
    if not committed:
        raise ServiceError("declaration_required", "commitment")
    new_status = ASSIGNMENT.target("declare", assignment.status)
    if conflicts(actor.id, assignment.application.organisation):
        raise ServiceError("declaration_known_conflict")
    assignment.status, assignment.declared_at = new_status, utcnow()
    db.session.flush()
    audit.record("assignment.declare", assignment, actor=actor, after={"status": new_status})
    return assignment


def recuse(actor: User, assignment: Assignment, reason: str) -> Assignment:
    """Recuse with a reason: the slot is freed for a replacement and the administrators are
    told. A submitted review cannot be recused."""
    reason = (reason or "").strip()
    new_status = ASSIGNMENT.target("recuse", assignment.status)
    if not reason:
        raise ServiceError("recusal_reason_required", "reason")
    before = {"status": assignment.status}
    assignment.status, assignment.recused_at = new_status, utcnow()
    assignment.recusal_reason = reason[:REASON_MAX]
    db.session.flush()
    after = {"status": new_status, "reason": assignment.recusal_reason}
    audit.record("assignment.recuse", assignment, actor=actor, before=before, after=after)
    app = assignment.application
    admins = db.session.scalars(select(User).where(User.role == Role.ADMIN, User.active.is_(True)))
    notify(
        list(admins),
        "review_recused",
        link=url_for("admin_applications.show_application", app_id=app.id),
        reviewer=actor.name,
        organisation=app.organisation.name,
        reference=app.reference or "",
        round=app.round.name,
    )
    return assignment
