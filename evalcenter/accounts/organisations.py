"""Organisation sign-up and approval. Callers commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from evalcenter.accounts import services as accounts
from evalcenter.accounts.models import Organisation, OrganisationStatus, User
from evalcenter.core import audit
from evalcenter.core.roles import Role
from evalcenter.core.types import utcnow
from evalcenter.extensions import db


class SignupError(ValueError):
    """`field` names the form field the problem belongs to."""

    def __init__(self, field: str, code: str):
        super().__init__(code)
        self.field = field
        self.code = code


@dataclass(frozen=True)
class Signup:
    company_name: str
    uscc: str
    district: str
    industry_field: str
    sector: str
    contact_name: str
    email: str
    password: str


def find_by_uscc(code: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.uscc == code.upper()))


def register(spec: Signup) -> User:
    """Create a pending organisation and its first applicant contact."""
    if find_by_uscc(spec.uscc) is not None:
        raise SignupError("uscc", "uscc_taken")
    if accounts.find_user_by_email(spec.email) is not None:
        raise SignupError("email", "email_taken")
    org = Organisation(
        name=spec.company_name.strip(),
        uscc=spec.uscc.upper(),
        district=spec.district,
        industry_field=spec.industry_field,
        sector=spec.sector,
        status=OrganisationStatus.PENDING,
    )
    db.session.add(org)
    db.session.flush()
    audit.record(
        "organisation.create",
        "organisation",
        org.id,
        actor_label=spec.email.lower(),
        object_label=org.name,
        after={"uscc": org.uscc, "district": org.district, "status": org.status},
    )
    return accounts.create_user(
        None,
        accounts.NewUser(
            name=spec.contact_name,
            email=spec.email,
            role=Role.APPLICANT,
            password=spec.password,
            organisation_id=org.id,
        ),
    )


def decide(actor: User, org: Organisation, approve: bool, reason: str = "") -> None:
    """Approve or reject a pending (or previously rejected) organisation."""
    new_status = OrganisationStatus.APPROVED if approve else OrganisationStatus.REJECTED
    if org.status == new_status:
        return
    before = {"status": org.status}
    org.status = new_status
    org.approved_at = utcnow() if approve else None
    org.decision_reason = reason.strip() or None
    audit.record(
        "organisation.approve" if approve else "organisation.reject",
        "organisation",
        org.id,
        actor=actor,
        object_label=org.name,
        before=before,
        after={"status": new_status, "reason": org.decision_reason},
    )
