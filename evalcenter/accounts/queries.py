"""The read side of the account pages: only the columns a page shows, sorted on indexes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask import g
from sqlalchemy import Select, or_, select

from evalcenter.accounts.models import Invitation, Organisation, OrganisationStatus, User
from evalcenter.core.paging import Page, paginate
from evalcenter.core.roles import Role
from evalcenter.core.types import utcnow
from evalcenter.extensions import db

PER_PAGE = 50
MAX_COLLEAGUES = 200  # per list; an organisation has a handful of applicant contacts


def users_page(args: Mapping[str, str]) -> tuple[Page, dict[str, str]]:
    """Users by email (unique index), with their organisation's name: two statements.
    Filtered by the `role` and `q` (search) arguments, which are returned for the form."""
    role, q = args.get("role", ""), args.get("q", "").strip()
    stmt: Select = (
        select(
            User.id,
            User.name,
            User.email,
            User.role,
            User.active,
            User.last_login_at,
            Organisation.name.label("organisation_name"),
        )
        .outerjoin(Organisation, User.organisation_id == Organisation.id)
        .order_by(User.email)
    )
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.role == role)
    if q:
        stmt = stmt.where(or_(User.email.contains(q.lower()), User.name.contains(q)))
    return paginate(stmt, PER_PAGE, scalars=False), {"role": role, "q": q}


def organisations_page(args: Mapping[str, str]) -> tuple[Page, dict[str, str]]:
    """Newest registrations first (index on created_at, id): two statements. Filtered by
    the `status` and `q` (search) arguments, which are returned for the form."""
    status, q = args.get("status", ""), args.get("q", "").strip()
    stmt: Select = select(
        Organisation.id,
        Organisation.name,
        Organisation.uscc,
        Organisation.district,
        Organisation.industry_field,
        Organisation.status,
        Organisation.created_at,
    ).order_by(Organisation.created_at.desc(), Organisation.id.desc())
    if status in {s.value for s in OrganisationStatus}:
        stmt = stmt.where(Organisation.status == status)
    if q:
        stmt = stmt.where(or_(Organisation.name.contains(q), Organisation.uscc.contains(q.upper())))
    return paginate(stmt, PER_PAGE, scalars=False), {"status": status, "q": q}


def organisation_choices() -> list[tuple[int, str]]:
    """Every organisation for the new-user form, by name: one statement."""
    rows = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.uscc).order_by(
            Organisation.name, Organisation.id
        )
    )
    return [(0, "—")] + [(row.id, f"{row.name} ({row.uscc})") for row in rows]


def organisation_owner_id(organisation_id: int) -> int | None:
    """The id of the organisation's first user (see `policies.is_organisation_owner`): one
    statement, remembered for the rest of the request."""
    known = g.setdefault("organisation_owner_ids", {})
    if organisation_id not in known:
        known[organisation_id] = db.session.scalar(
            select(User.id)
            .where(User.organisation_id == organisation_id, User.role == Role.APPLICANT)
            .order_by(User.created_at, User.id)
            .limit(1)
        )
    return known[organisation_id]


@dataclass(frozen=True)
class Colleague:
    """One row of the colleagues page: an account, or an invitation not yet accepted."""

    name: str
    email: str
    status: str  # active, deactivated, pending (invited) or expired
    since: datetime  # account created, or invitation sent
    user_id: int | None = None
    invitation_id: int | None = None
    expires_at: datetime | None = None


def colleagues(organisation_id: int) -> list[Colleague]:
    """The organisation's applicant accounts (oldest first), then its open or expired
    invitations (newest first; only the latest one per address): two bounded statements."""
    users = db.session.execute(
        select(User.id, User.name, User.email, User.active, User.created_at)
        .where(User.organisation_id == organisation_id, User.role == Role.APPLICANT)
        .order_by(User.created_at, User.id)
        .limit(MAX_COLLEAGUES)
    )
    rows = [
        Colleague(u.name, u.email, "active" if u.active else "deactivated", u.created_at, u.id)
        for u in users
    ]
    invitations = db.session.scalars(
        select(Invitation)
        .where(
            Invitation.organisation_id == organisation_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        .limit(MAX_COLLEAGUES)
    )
    now, seen = utcnow(), {row.email for row in rows}
    for inv in invitations:
        if inv.email in seen:
            continue
        seen.add(inv.email)
        status = "pending" if inv.expires_at > now else "expired"
        rows.append(
            Colleague(inv.name, inv.email, status, inv.created_at, None, inv.id, inv.expires_at)
        )
    return rows
