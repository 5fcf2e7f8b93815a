"""Organisation sign-up and the administrators' decision on it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from evalcenter.accounts import services as accounts
from evalcenter.accounts.models import Organisation, OrganisationStatus, User
from evalcenter.core import audit
from evalcenter.core.confirmation import page_texts
from evalcenter.core.errors import ServiceError
from evalcenter.core.labels import ORGANISATION_STATUS_LABELS
from evalcenter.core.lifecycle import Lifecycle
from evalcenter.core.roles import Role
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.notifications.services import notify

PENDING, APPROVED, REJECTED = (
    OrganisationStatus.PENDING,
    OrganisationStatus.APPROVED,
    OrganisationStatus.REJECTED,
)
LIFECYCLE = Lifecycle(
    _l("organisation"),
    {
        "approve": {PENDING: APPROVED, REJECTED: APPROVED},
        "reject": {PENDING: REJECTED, APPROVED: REJECTED},
    },
    ORGANISATION_STATUS_LABELS,
)


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


def register(spec: Signup) -> User:
    """Create a pending organisation and its first applicant contact."""
    uscc = spec.uscc.upper()
    if db.session.scalar(select(Organisation.id).where(Organisation.uscc == uscc)) is not None:
        raise ServiceError("uscc_taken", "uscc")
    if accounts.find_user_by_email(spec.email) is not None:
        raise ServiceError("email_taken", "email")
    org = Organisation(
        name=spec.company_name.strip(),
        uscc=uscc,
        district=spec.district,
        industry_field=spec.industry_field,
        sector=spec.sector,
        status=PENDING,
    )
    audit.created(
        "organisation.create",
        org,
        actor_label=accounts.normalise_email(spec.email),
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


def sign_up(spec: Signup) -> User:
    """Register the organisation and its contact, and open the contact's session."""
    return accounts.start_session(register(spec))


def decision_page(approve: bool) -> dict:
    """The texts of the confirmation page of a decision: what will happen."""
    if approve:
        consequences = [
            _l("Its applicant contacts can submit applications to open rounds."),
            _l("The decision is recorded in the audit log; it can be reversed by rejecting."),
        ]
        return page_texts(_l("Approve this organisation?"), _l("Approve"), "primary", consequences)
    consequences = [
        _l("Its applicant contacts cannot submit applications; drafts stay as they are."),
        _l("The company sees the reason you give, so say what it must correct."),
        _l("The decision is recorded in the audit log; it can be reversed by approving."),
    ]
    return page_texts(_l("Reject this organisation?"), _l("Reject"), "danger", consequences)


def decide(actor: User, org: Organisation, approve: bool, reason: str = "") -> Organisation:
    """Approve, or reject with a reason, a registered organisation.

    The status changes only from the one this request read, so of two decisions posted at
    the same moment the second is refused with the state the first left."""
    action = "approve" if approve else "reject"
    reason = reason.strip()
    if not approve and not reason:
        raise ServiceError("rejection_reason_required", "reason")
    before = org.status
    after = LIFECYCLE.target(action, before)
    changed = db.session.execute(
        update(Organisation)
        .where(Organisation.id == org.id, Organisation.status == before)
        .values(
            status=after,
            approved_at=utcnow() if approve else None,
            decision_reason=reason or None,
        ),
        execution_options={"synchronize_session": False},
    ).rowcount
    db.session.refresh(org)
    if not changed:
        LIFECYCLE.target(action, org.status)  # refuses with the state found
        raise ServiceError("conflict")
    audit.record(
        f"organisation.{action}",
        "organisation",
        org.id,
        actor=actor,
        object_label=org.name,
        before={"status": before},
        after={"status": after, "reason": org.decision_reason},
    )
    if approve:
        notify(org.members, "organisation_approved", link="/", organisation=org.name)
    else:
        notify(org.members, "organisation_rejected", link="/", organisation=org.name, reason=reason)
    return org
