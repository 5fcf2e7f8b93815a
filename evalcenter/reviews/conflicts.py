"""The conflict-of-interest rule (回避): a reviewer must not review an organisation that employs
them, that they belong to on the platform, or that they declared a relation to.

A reason is a short code: "employer", "member", or a `RelationKind` value ("former_employer",
"shareholding", "advisory", "family"); `core/labels.py` names it for pages.
"""

from __future__ import annotations

from sqlalchemy import select

from evalcenter.accounts.models import Organisation, User
from evalcenter.applications.models import Application
from evalcenter.extensions import db
from evalcenter.reviews.models import ReviewerProfile, ReviewerRelation
from evalcenter.rounds.models import EvaluationRound

EMPLOYER = "employer"
MEMBER = "member"


def conflicts(reviewer_id: int, organisation: Organisation) -> list[str]:
    """Why `reviewer_id` must not review `organisation`: sorted reason codes, empty if none."""
    reasons: set[str] = set()
    employer_uscc = db.session.scalar(
        select(ReviewerProfile.employer_uscc).where(ReviewerProfile.user_id == reviewer_id)
    )
    if employer_uscc and employer_uscc == organisation.uscc:
        reasons.add(EMPLOYER)
    reasons.update(
        db.session.scalars(
            select(ReviewerRelation.kind).where(
                ReviewerRelation.reviewer_id == reviewer_id,
                ReviewerRelation.organisation_uscc == organisation.uscc,
            )
        )
    )
    member_of = db.session.scalar(select(User.organisation_id).where(User.id == reviewer_id))
    if member_of is not None and member_of == organisation.id:
        reasons.add(MEMBER)
    return sorted(reasons)


def conflicted_pairs(rnd: EvaluationRound) -> set[tuple[int, int]]:
    """Every (application id, reviewer id) pair of the round's applications that conflicts,
    whatever the reviewer's role, in three queries."""
    apps = (
        select(Application.id.label("app_id"), Organisation.id.label("org_id"), Organisation.uscc)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(Application.round_id == rnd.id)
        .subquery()
    )
    employer = select(apps.c.app_id, ReviewerProfile.user_id).join(
        ReviewerProfile, ReviewerProfile.employer_uscc == apps.c.uscc
    )
    related = select(apps.c.app_id, ReviewerRelation.reviewer_id).join(
        ReviewerRelation, ReviewerRelation.organisation_uscc == apps.c.uscc
    )
    member = select(apps.c.app_id, User.id).join(User, User.organisation_id == apps.c.org_id)
    pairs: set[tuple[int, int]] = set()
    for query in (employer, related, member):
        pairs.update((app_id, user_id) for app_id, user_id in db.session.execute(query))
    return pairs
