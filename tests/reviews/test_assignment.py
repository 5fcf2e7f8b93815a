"""The conflict rule, the assignment services and the administrators' assignment pages."""

from __future__ import annotations

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.reviews.conflicts import conflicted_pairs, conflicts
from evalcenter.reviews.models import ReviewerProfile, ReviewerRelation
from tests.factories import OrganisationFactory, RoundFactory, UserFactory


def _application(rnd, organisation, status=ApplicationStatus.ACCEPTED) -> Application:
    application = Application(round_id=rnd.id, organisation_id=organisation.id, status=status)
    db.session.add(application)
    db.session.flush()
    return application


def _reviewer(fields=(), employer_uscc=None, **kwargs):
    user = UserFactory(role=Role.REVIEWER, **kwargs)
    db.session.add(
        ReviewerProfile(user_id=user.id, fields=list(fields), employer_uscc=employer_uscc)
    )
    db.session.flush()
    return user


def test_conflicts_name_employer_relations_and_membership(app):
    org, other = OrganisationFactory(), OrganisationFactory()
    employee = _reviewer(employer_uscc=org.uscc)
    related = _reviewer()
    db.session.add_all(
        ReviewerRelation(
            reviewer_id=related.id,
            organisation_uscc=org.uscc,
            organisation_name=org.name,
            kind=kind,
            reason="持股",
        )
        for kind in ("shareholding", "family")
    )
    member = UserFactory(role=Role.REVIEWER, organisation=org)
    free = _reviewer(employer_uscc=other.uscc)
    db.session.flush()

    assert conflicts(employee.id, org) == ["employer"]
    assert conflicts(related.id, org) == ["family", "shareholding"]
    assert conflicts(member.id, org) == ["member"]
    assert conflicts(free.id, org) == []
    assert conflicts(employee.id, other) == []


def test_conflicted_pairs_cover_the_round_in_bounded_queries(app):
    from sqlalchemy import event

    rnd, elsewhere = RoundFactory(), RoundFactory()
    org, other = OrganisationFactory(), OrganisationFactory()
    mine, theirs = _application(rnd, org), _application(rnd, other)
    _application(elsewhere, org)
    employee = _reviewer(employer_uscc=org.uscc)
    related = _reviewer()
    db.session.add(
        ReviewerRelation(
            reviewer_id=related.id,
            organisation_uscc=other.uscc,
            organisation_name=other.name,
            kind="advisory",
            reason="顾问",
        )
    )
    member = UserFactory(role=Role.REVIEWER, organisation=other)
    _reviewer()
    db.session.flush()

    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        pairs = conflicted_pairs(rnd)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)

    assert pairs == {(mine.id, employee.id), (theirs.id, related.id), (theirs.id, member.id)}
    assert len(statements) == 3
