"""Reviewers' declared relations to organisations (回避): added and removed by the reviewer
or by an administrator, each audited with the acting user."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.core import audit
from evalcenter.core.confirmation import page_texts
from evalcenter.core.errors import ServiceError
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.reviews.models import RelationKind, ReviewerRelation
from evalcenter.reviews.profiles import normalised_uscc
from evalcenter.scoring import uscc


@dataclass(frozen=True)
class RelationSpec:
    organisation_name: str
    organisation_uscc: str
    kind: str
    reason: str


def _shown(relation: ReviewerRelation) -> dict:
    return {
        "reviewer_id": relation.reviewer_id,
        "organisation_name": relation.organisation_name,
        "organisation_uscc": relation.organisation_uscc,
        "kind": relation.kind,
        "reason": relation.reason,
    }


def add_relation(actor: User, reviewer: User, spec: RelationSpec) -> ReviewerRelation:
    """Declare a relation of ``reviewer`` to an organisation (name, USCC, kind, reason)."""
    if reviewer.role != Role.REVIEWER:
        raise ServiceError("not_a_reviewer")
    name = (spec.organisation_name or "").strip()
    code = normalised_uscc(spec.organisation_uscc)
    reason = (spec.reason or "").strip()
    if not name:
        raise ServiceError("relation_name_required", "organisation_name")
    if uscc.problem(code) is not None:
        raise ServiceError("bad_uscc_field", "organisation_uscc")
    if spec.kind not in set(RelationKind):
        raise ServiceError("bad_relation_kind", "kind")
    if not reason:
        raise ServiceError("relation_reason_required", "reason")
    exists = select(ReviewerRelation.id).where(
        ReviewerRelation.reviewer_id == reviewer.id,
        ReviewerRelation.organisation_uscc == code,
        ReviewerRelation.kind == spec.kind,
    )
    if db.session.scalar(exists) is not None:
        raise ServiceError("relation_exists", "organisation_uscc")
    relation = ReviewerRelation(
        reviewer_id=reviewer.id,
        organisation_name=name,
        organisation_uscc=code,
        kind=spec.kind,
        reason=reason,
        created_by_id=actor.id,
    )
    audit.created("reviewer_relation.create", relation, actor=actor, after=_shown(relation))
    return relation


def remove_relation(actor: User, relation: ReviewerRelation) -> None:
    """Withdraw a declared relation; the audit log keeps what it said."""
    before = _shown(relation)
    audit.record("reviewer_relation.delete", relation, actor=actor, before=before)
    db.session.delete(relation)
    db.session.flush()


def removal_page(relation: ReviewerRelation) -> dict:
    """What the confirmation page of removing a relation says."""
    return page_texts(
        _("Remove the declared relation to %(name)s?", name=relation.organisation_name),
        _("Remove the relation"),
        "danger",
        [
            _("The reviewer may then be assigned to this organisation's applications."),
            _("The audit log keeps the relation and who removed it."),
        ],
    )
