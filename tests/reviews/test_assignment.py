"""The conflict rule, the assignment services and the administrators' assignment pages."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.core.models import AuditEvent
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.notifications.models import Notification
from evalcenter.reviews.assignment import replacement_suggestion
from evalcenter.reviews.conflicts import conflicted_pairs, conflicts
from evalcenter.reviews.models import (
    Assignment,
    AssignmentConstraint,
    AssignmentStatus,
    ReviewerProfile,
    ReviewerRelation,
)
from evalcenter.rounds.models import RoundStatus
from tests.applications.helpers import form_fields
from tests.conftest import client_for
from tests.factories import OrganisationFactory, RoundFactory, UserFactory
from tests.rounds.test_round_admin import english


def _application(rnd, organisation, status=ApplicationStatus.ACCEPTED) -> Application:
    data = {"industry_field": organisation.industry_field}
    application = Application(
        round_id=rnd.id, organisation_id=organisation.id, status=status, data=data
    )
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


# -- the assignment services and pages ------------------------------------------------------

FIELDS = ("next_gen_it", "pharma_health", "integrated_circuits")


def _reviewing_round(n_apps=6, n_reviewers=5, k=3):
    """A round under review with accepted applications in three fields and reviewers who
    know one field each; reviewer 0 works for the first application's organisation."""
    rnd = RoundFactory(status=RoundStatus.REVIEWING, reviewers_per_application=k)
    apps = []
    for i in range(n_apps):
        org = OrganisationFactory(industry_field=FIELDS[i % 3])
        apps.append(_application(rnd, org))
    reviewers = [
        _reviewer(
            fields=[FIELDS[j % 3]],
            employer_uscc=apps[0].organisation.uscc if j == 0 else None,
            name=f"专家{j}",
        )
        for j in range(n_reviewers)
    ]
    db.session.commit()
    return rnd, apps, reviewers


def _assignments(rnd):
    return db.session.scalars(
        select(Assignment).where(Assignment.round_id == rnd.id).order_by(Assignment.id)
    ).all()


def _save(client, rnd):
    url = f"/admin/rounds/{rnd.id}/assignment/save"
    fields = form_fields(client.get(url).get_data(as_text=True), url)
    return client.post(url, data={k: v[0] for k, v in fields.items()})


def _constraint(client, rnd, application_id, reviewer_id, kind):
    url = f"/admin/rounds/{rnd.id}/assignment"
    fields = form_fields(client.get(url).get_data(as_text=True), url)
    data = {"csrf_token": fields["csrf_token"][0], "kind": kind}
    return client.post(url, data={**data, "application": application_id, "reviewer": reviewer_id})


def test_preview_shows_loads_pairs_and_match_rate_without_writing(app, people):
    rnd, apps, reviewers = _reviewing_round()
    client = english(client_for(app, people.admin))
    response = client.get(f"/admin/rounds/{rnd.id}/assignment")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="load-chart"' in html and 'data-testid="loads"' in html
    assert apps[1].organisation.name in html and "专家3" in html
    assert "Proposed: 18 new assignments" in html
    assert _assignments(rnd) == []
    assert "/assignment/save" in html


def test_saving_creates_k_conflict_free_assignments_and_notifies(app, people):
    rnd, apps, reviewers = _reviewing_round()
    client = english(client_for(app, people.admin))
    response = _save(client, rnd)
    assert response.status_code == 302
    saved = _assignments(rnd)
    assert len(saved) == 18
    per_app = Counter(a.application_id for a in saved)
    assert set(per_app.values()) == {3}
    assert (apps[0].id, reviewers[0].id) not in {(a.application_id, a.reviewer_id) for a in saved}
    loads = Counter(a.reviewer_id for a in saved)
    assert max(loads.values()) - min(loads.values()) <= 1
    kinds = db.session.scalars(
        select(Notification.user_id).where(Notification.kind == "reviewer_assigned")
    )
    assert set(kinds) == {r.id for r in reviewers}
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assignment.save"))
    # solved again: the saved pairs are kept, nothing new is proposed
    html = client.get(f"/admin/rounds/{rnd.id}/assignment").get_data(as_text=True)
    assert "Every application has its reviewers" in html


def test_a_stale_preview_is_not_saved(app, people):
    rnd, apps, reviewers = _reviewing_round()
    client = english(client_for(app, people.admin))
    url = f"/admin/rounds/{rnd.id}/assignment/save"
    fields = form_fields(client.get(url).get_data(as_text=True), url)
    _reviewer(fields=[FIELDS[0]], name="新专家")
    db.session.commit()
    response = client.post(url, data={k: v[0] for k, v in fields.items()})
    assert response.status_code == 422
    assert "changed after you opened it" in response.get_data(as_text=True)
    assert _assignments(rnd) == []


def test_pins_and_bans_steer_the_solver_and_can_be_removed(app, people):
    rnd, apps, reviewers = _reviewing_round()
    client = english(client_for(app, people.admin))
    assert _constraint(client, rnd, apps[1].id, reviewers[4].id, "forbid").status_code == 302
    assert _constraint(client, rnd, apps[2].id, reviewers[1].id, "pin").status_code == 302
    constraints = db.session.scalars(select(AssignmentConstraint)).all()
    assert {(c.application_id, c.reviewer_id, c.kind) for c in constraints} == {
        (apps[1].id, reviewers[4].id, "forbid"),
        (apps[2].id, reviewers[1].id, "pin"),
    }
    _save(client, rnd)
    pairs = {(a.application_id, a.reviewer_id) for a in _assignments(rnd)}
    assert (apps[2].id, reviewers[1].id) in pairs
    assert (apps[1].id, reviewers[4].id) not in pairs

    url = f"/admin/rounds/{rnd.id}/assignment"
    html = client.get(url).get_data(as_text=True)
    removed = constraints[0].id
    remove = f"{url}/constraints/{removed}/remove"
    token = form_fields(html, remove)["csrf_token"][0]
    assert client.post(remove, data={"csrf_token": token}).status_code == 302
    assert db.session.get(AssignmentConstraint, removed) is None


def test_a_conflicted_pin_is_refused_even_posted_directly(app, people):
    rnd, apps, reviewers = _reviewing_round()
    client = english(client_for(app, people.admin))
    response = _constraint(client, rnd, apps[0].id, reviewers[0].id, "pin")
    assert response.status_code == 422
    assert "conflict of interest" in response.get_data(as_text=True)
    assert db.session.scalars(select(AssignmentConstraint)).all() == []


def test_an_infeasible_round_is_explained(app, people):
    rnd, apps, reviewers = _reviewing_round(n_apps=3, n_reviewers=3, k=3)
    client = english(client_for(app, people.admin))
    html = client.get(f"/admin/rounds/{rnd.id}/assignment").get_data(as_text=True)
    assert 'data-testid="infeasible"' in html
    assert f"{apps[0].organisation.name} has only 2 reviewers without a conflict" in html
    assert "/assignment/save" not in html
    url = f"/admin/rounds/{rnd.id}/assignment/save"
    token = form_fields(client.get(url).get_data(as_text=True), url)["csrf_token"][0]
    assert client.post(url, data={"csrf_token": token, "digest": "x"}).status_code == 422
    assert _assignments(rnd) == []


def test_without_reviewer_profiles_no_empty_pin_form_is_shown(app, people):
    rnd, _apps, _reviewers = _reviewing_round(n_apps=2, n_reviewers=0)
    client = english(client_for(app, people.admin))
    html = client.get(f"/admin/rounds/{rnd.id}/assignment").get_data(as_text=True)
    assert 'data-testid="constraint-form"' not in html and 'name="reviewer"' not in html
    assert "need an accepted application and a reviewer with a profile" in html
    _reviewer(name="专家")
    db.session.commit()
    html = client.get(f"/admin/rounds/{rnd.id}/assignment").get_data(as_text=True)
    assert 'data-testid="constraint-form"' in html


def test_a_recused_slot_is_refilled_without_touching_the_others(app, people):
    rnd, apps, reviewers = _reviewing_round(n_apps=6, n_reviewers=6, k=3)
    client = english(client_for(app, people.admin))
    _save(client, rnd)
    before = {(a.id, a.application_id, a.reviewer_id, a.status) for a in _assignments(rnd)}
    recused = next(a for a in _assignments(rnd) if a.application_id == apps[1].id)
    recused.status = AssignmentStatus.RECUSED
    db.session.commit()

    suggestion = replacement_suggestion(recused)
    on_app = {a.reviewer_id for a in _assignments(rnd) if a.application_id == apps[1].id}
    assert suggestion is not None and suggestion.id not in on_app

    url = f"/admin/rounds/{rnd.id}/assignment/replace/{recused.id}"
    html = client.get(url).get_data(as_text=True)
    assert suggestion.label in html
    fields = form_fields(html, url)
    assert client.post(url, data={k: v[0] for k, v in fields.items()}).status_code == 302
    after = _assignments(rnd)
    new = [a for a in after if a.id not in {b[0] for b in before}]
    assert [(a.application_id, a.reviewer_id, a.source) for a in new] == [
        (apps[1].id, suggestion.id, "replacement")
    ]
    unchanged = {
        (a.id, a.application_id, a.reviewer_id, a.status) for a in after if a.id != recused.id
    }
    assert unchanged - {(new[0].id, apps[1].id, suggestion.id, "assigned")} == {
        b for b in before if b[0] != recused.id
    }
    # the slot is full again: no second replacement
    assert client.get(url).status_code == 302


def test_a_replacement_with_a_conflict_is_refused(app, people):
    rnd, apps, reviewers = _reviewing_round(n_apps=3, n_reviewers=6, k=3)
    client = english(client_for(app, people.admin))
    _save(client, rnd)
    recused = next(a for a in _assignments(rnd) if a.application_id == apps[0].id)
    recused.status = AssignmentStatus.RECUSED
    db.session.commit()
    url = f"/admin/rounds/{rnd.id}/assignment/replace/{recused.id}"
    fields = form_fields(client.get(url).get_data(as_text=True), url)
    data = {"csrf_token": fields["csrf_token"][0], "reviewer": reviewers[0].id}  # the employee
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert len(_assignments(rnd)) == 9


def test_assignment_pages_answer_404_outside_review_and_to_others(app, people):
    rnd, apps, reviewers = _reviewing_round()
    admin = client_for(app, people.admin)
    _save(admin, rnd)
    declared = _assignments(rnd)[0]
    other = RoundFactory(status=RoundStatus.REVIEWING)
    open_round = RoundFactory()
    db.session.commit()
    assert admin.get(f"/admin/rounds/{open_round.id}/assignment").status_code == 404
    assert admin.get(f"/admin/rounds/{rnd.id}/assignment/replace/{declared.id}").status_code == 404
    recused = declared
    recused.status = AssignmentStatus.RECUSED
    db.session.commit()
    assert admin.get(f"/admin/rounds/{other.id}/assignment/replace/{recused.id}").status_code == 404
    assert admin.get(f"/admin/rounds/{rnd.id}/assignment/replace/99999").status_code == 404
    for user in (people.reviewer, people.applicant):
        assert client_for(app, user).get(f"/admin/rounds/{rnd.id}/assignment").status_code == 404
    rounds_page = admin.get("/admin/rounds").get_data(as_text=True)
    assert f"/admin/rounds/{rnd.id}/assignment" in rounds_page
    assert f"/admin/rounds/{open_round.id}/assignment" not in rounds_page
