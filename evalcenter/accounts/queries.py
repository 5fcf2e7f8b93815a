"""The read side of the account pages: only the columns a page shows, sorted on indexes."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Select, or_, select

from evalcenter.accounts.models import Organisation, OrganisationStatus, User
from evalcenter.core.paging import Page, paginate
from evalcenter.core.roles import Role
from evalcenter.extensions import db

PER_PAGE = 50


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
