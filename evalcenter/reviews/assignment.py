"""Assigning reviewers to a round's applications: the solver's problem built from the database,
its preview (no writes), saving it, the administrators' pins and bans, and filling the slot a
recusal freed. Services flush, never commit; every change is audited."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from evalcenter.accounts.models import Organisation, User
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.core import audit, messages
from evalcenter.core.errors import ServiceError
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.notifications.services import notify
from evalcenter.reviews.conflicts import conflicted_pairs, conflicts
from evalcenter.reviews.models import (
    Assignment,
    AssignmentConstraint,
    AssignmentStatus,
    ConstraintKind,
    ReviewerProfile,
)
from evalcenter.reviews.solver import (
    ApplicationItem,
    Pair,
    Problem,
    ReviewerItem,
    Solution,
    best_replacement,
    solve,
)
from evalcenter.rounds.models import EvaluationRound, RoundStatus

ASSIGNABLE = (ApplicationStatus.ACCEPTED, ApplicationStatus.UNDER_REVIEW)


@dataclass(frozen=True)
class AppInfo:
    id: int
    reference: str | None
    organisation: str
    field: str


@dataclass(frozen=True)
class RoundData:
    """Everything the solver needs about a round, read in seven queries."""

    rnd: EvaluationRound
    applications: dict[int, AppInfo]
    reviewers: dict[int, ReviewerItem]
    assignments: list[Assignment]
    constraints: list[AssignmentConstraint]
    conflicts: set[Pair]

    def problem(self) -> Problem:
        pins = {(c.application_id, c.reviewer_id) for c in self.constraints if c.kind == "pin"}
        banned = {(c.application_id, c.reviewer_id) for c in self.constraints if c.kind != "pin"}
        recused = {
            (a.application_id, a.reviewer_id)
            for a in self.assignments
            if a.status == AssignmentStatus.RECUSED
        }
        return Problem(
            applications=tuple(
                ApplicationItem(a.id, a.field, a.organisation) for a in self.applications.values()
            ),
            reviewers=tuple(self.reviewers.values()),
            per_application=self.rnd.reviewers_per_application,
            fixed=frozenset(self.kept()),
            pins=frozenset(pins),
            conflicts=frozenset(self.conflicts),
            forbidden=frozenset(banned | recused),
        )

    def kept(self) -> list[Pair]:
        return [
            (a.application_id, a.reviewer_id)
            for a in self.assignments
            if a.status != AssignmentStatus.RECUSED
        ]

    def loads(self) -> Counter[int]:
        return Counter(r for _, r in self.kept())


def load(rnd: EvaluationRound) -> RoundData:
    apps = db.session.execute(
        select(Application.id, Application.reference, Application.data, Organisation)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(Application.round_id == rnd.id, Application.status.in_(ASSIGNABLE))
        .order_by(Application.id)
    ).all()
    reviewers = db.session.execute(
        select(User.id, User.name, ReviewerProfile.fields, ReviewerProfile.max_load)
        .join(ReviewerProfile, ReviewerProfile.user_id == User.id)
        .where(User.role == Role.REVIEWER, User.active.is_(True))
        .order_by(User.id)
    ).all()
    return RoundData(
        rnd=rnd,
        applications={
            a.id: AppInfo(
                a.id,
                a.reference,
                a.Organisation.name,
                str((a.data or {}).get("industry_field") or a.Organisation.industry_field),
            )
            for a in apps
        },
        reviewers={
            r.id: ReviewerItem(r.id, frozenset(r.fields or ()), r.name, r.max_load)
            for r in reviewers
        },
        assignments=list(
            db.session.scalars(
                select(Assignment).where(Assignment.round_id == rnd.id).order_by(Assignment.id)
            )
        ),
        constraints=list(
            db.session.scalars(
                select(AssignmentConstraint)
                .where(AssignmentConstraint.round_id == rnd.id)
                .order_by(AssignmentConstraint.id)
            )
        ),
        conflicts=conflicted_pairs(rnd),
    )


def digest(solution: Solution) -> str:
    """Names one proposed assignment, so that saving saves what the preview showed."""
    return hashlib.sha256(repr(solution.new_pairs).encode()).hexdigest()


def explain(solution: Solution) -> list[str]:
    """Each cause of infeasibility in words."""
    return [messages.text(ServiceError(c.code, **c.params)) for c in solution.causes]


def _require_reviewing(rnd: EvaluationRound) -> None:
    if rnd.status != RoundStatus.REVIEWING:
        raise ServiceError("assignment_not_reviewing")


def preview(rnd: EvaluationRound) -> tuple[RoundData, Solution]:
    """The round's data and the solver's proposal; nothing is written."""
    _require_reviewing(rnd)
    data = load(rnd)
    return data, solve(data.problem())


def save(actor: User, rnd: EvaluationRound, expected: str) -> list[Assignment]:
    """Create the proposed assignments (the preview named by `expected`) and tell each
    reviewer how many applications they received."""
    data, solution = preview(rnd)
    if not solution.feasible:
        raise ServiceError("assignment_infeasible")
    if not solution.new_pairs:
        raise ServiceError("assignment_nothing_new")
    if digest(solution) != expected:
        raise ServiceError("assignment_changed")
    pins = {(c.application_id, c.reviewer_id) for c in data.constraints if c.kind == "pin"}
    created = [
        Assignment(
            round_id=rnd.id,
            application_id=a,
            reviewer_id=r,
            source="manual" if (a, r) in pins else "solver",
            created_by_id=actor.id,
        )
        for a, r in solution.new_pairs
    ]
    db.session.add_all(created)
    db.session.flush()
    audit.record(
        "assignment.save",
        rnd,
        actor=actor,
        after={
            "pairs": [list(p) for p in solution.new_pairs],
            "matches": solution.matches,
            "total": solution.total,
        },
    )
    counts = Counter(r for _, r in solution.new_pairs)
    users = db.session.scalars(select(User).where(User.id.in_(counts)).order_by(User.id))
    for user in users:
        notify(user, "reviewer_assigned", count=counts[user.id], round=rnd.name)
    return created


def add_constraint(
    actor: User, rnd: EvaluationRound, application_id: int, reviewer_id: int, kind: str
) -> AssignmentConstraint:
    """Pin (the solver must assign) or forbid (must not) one pair of the round."""
    _require_reviewing(rnd)
    if kind not in set(ConstraintKind):
        raise ServiceError("assignment_bad_kind", "kind")
    application = db.session.get(Application, application_id)
    in_round = application is not None and application.round_id == rnd.id
    if not in_round or application.status not in ASSIGNABLE:
        raise ServiceError("assignment_unknown_application", "application")
    reviewer = db.session.get(User, reviewer_id)
    profile = db.session.scalar(
        select(ReviewerProfile.id).where(ReviewerProfile.user_id == reviewer_id)
    )
    if reviewer is None or reviewer.role != Role.REVIEWER or not reviewer.active or not profile:
        raise ServiceError("assignment_unknown_reviewer", "reviewer")
    if kind == ConstraintKind.PIN and conflicts(reviewer.id, application.organisation):
        raise ServiceError("assignment_pin_conflict", "reviewer")
    pair = (Assignment.application_id == application.id) & (Assignment.reviewer_id == reviewer.id)
    if db.session.scalar(select(Assignment.id).where(pair)):
        raise ServiceError("assignment_pair_exists", "reviewer")
    label = f"{application.organisation.name} / {reviewer.name}"
    existing = db.session.scalar(
        select(AssignmentConstraint).where(
            AssignmentConstraint.round_id == rnd.id,
            AssignmentConstraint.application_id == application.id,
            AssignmentConstraint.reviewer_id == reviewer.id,
        )
    )
    if existing is not None and existing.kind == kind:
        raise ServiceError("assignment_constraint_exists", "reviewer")
    if existing is not None:
        before = existing.kind
        existing.kind = kind
        db.session.flush()
        audit.record(
            f"assignment.{kind}",
            "assignment_constraint",
            existing.id,
            actor=actor,
            object_label=label,
            before={"kind": before},
            after={"kind": kind},
        )
        return existing
    constraint = AssignmentConstraint(
        round_id=rnd.id,
        application_id=application.id,
        reviewer_id=reviewer.id,
        kind=kind,
        created_by_id=actor.id,
    )
    db.session.add(constraint)
    db.session.flush()
    audit.record(
        f"assignment.{kind}",
        "assignment_constraint",
        constraint.id,
        actor=actor,
        object_label=label,
        after={"application": application.id, "reviewer": reviewer.id, "kind": kind},
    )
    return constraint


def remove_constraint(actor: User, rnd: EvaluationRound, constraint_id: int) -> None:
    _require_reviewing(rnd)
    constraint = db.session.get(AssignmentConstraint, constraint_id)
    if constraint is None or constraint.round_id != rnd.id:
        raise ServiceError("assignment_constraint_gone")
    audit.record(
        "assignment.constraint_remove",
        "assignment_constraint",
        constraint.id,
        actor=actor,
        before={
            "application": constraint.application_id,
            "reviewer": constraint.reviewer_id,
            "kind": constraint.kind,
        },
    )
    db.session.delete(constraint)
    db.session.flush()


def _slot_candidates(recused: Assignment) -> tuple[RoundData, ApplicationItem, set[int]]:
    """The round's data, the application of a recused assignment and the reviewers that may
    not fill its slot (conflicted, banned, or already on it in any state)."""
    data = load(recused.application.round)
    info = data.applications.get(recused.application_id)
    if info is None:
        raise ServiceError("assignment_no_free_slot")
    on_it = sum(
        1
        for a in data.assignments
        if a.application_id == info.id and a.status != AssignmentStatus.RECUSED
    )
    if on_it >= data.rnd.reviewers_per_application:
        raise ServiceError("assignment_no_free_slot")
    excluded = {r for a, r in data.conflicts if a == info.id}
    excluded |= {
        c.reviewer_id
        for c in data.constraints
        if c.application_id == info.id and c.kind == ConstraintKind.FORBID
    }
    excluded |= {a.reviewer_id for a in data.assignments if a.application_id == info.id}
    return data, ApplicationItem(info.id, info.field, info.organisation), excluded


def replacement_suggestion(recused: Assignment) -> ReviewerItem | None:
    """The reviewer best placed to fill the freed slot: a field match first, then the lowest
    load; None when nobody may. The other assignments are not touched."""
    _require_reviewing(recused.application.round)
    data, app, excluded = _slot_candidates(recused)
    return best_replacement(app, list(data.reviewers.values()), data.loads(), excluded)


def replace(actor: User, recused: Assignment, reviewer_id: int) -> Assignment:
    """Assign `reviewer_id` to the slot `recused` freed, after checking the same rules as
    the suggestion (conflicts, bans, caps)."""
    rnd = recused.application.round
    _require_reviewing(rnd)
    if recused.status != AssignmentStatus.RECUSED:
        raise ServiceError("assignment_no_free_slot")
    data, app, excluded = _slot_candidates(recused)
    reviewer = data.reviewers.get(reviewer_id)
    over_cap = reviewer is not None and reviewer.cap is not None
    if (
        reviewer is None
        or reviewer_id in excluded
        or (over_cap and data.loads()[reviewer_id] >= reviewer.cap)
    ):
        raise ServiceError("assignment_replacement_not_allowed")
    assignment = Assignment(
        round_id=rnd.id,
        application_id=app.id,
        reviewer_id=reviewer_id,
        source="replacement",
        created_by_id=actor.id,
    )
    audit.created("assignment.replace", assignment, actor=actor, after={"replaces": recused.id})
    notify(db.session.get(User, reviewer_id), "reviewer_assigned", count=1, round=rnd.name)
    return assignment
