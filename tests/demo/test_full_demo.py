"""`evalcenter seed-demo --full`: a complete round built through the services, once."""

from __future__ import annotations

from sqlalchemy import func, select

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.cli import seed_demo_command
from evalcenter.decisions.models import Decision, Objection, ObjectionStatus, Outcome
from evalcenter.documents.models import Certificate
from evalcenter.extensions import db
from evalcenter.reviews.models import (
    Assignment,
    AssignmentStatus,
    Review,
    ReviewerProfile,
    ReviewerRelation,
    ReviewStatus,
)
from evalcenter.reviews.panel import application_panel
from evalcenter.rounds.models import EvaluationRound, RoundStatus


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _reviewed(app_ids):
    return list(
        db.session.scalars(
            select(Application).where(Application.id.in_(app_ids)).order_by(Application.id)
        )
    )


def test_full_demo_builds_a_complete_round_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(seed_demo_command, ["--full"])
    assert first.exit_code == 0, first.output
    assert "expert12@demo.evalcenter.cn" in first.output and "Demo-Expert-12-2025" in first.output

    rnd = db.session.scalar(select(EvaluationRound).where(EvaluationRound.year == 2025))
    assert rnd.status == RoundStatus.PUBLICITY and rnd.quota == 8
    decided = _reviewed(
        db.session.scalars(select(Decision.application_id).where(Decision.round_id == rnd.id)).all()
    )
    assert len(decided) >= 12
    assert len({a.data["industry_field"] for a in decided}) >= 5
    assert all(a.status == ApplicationStatus.DECIDED for a in decided)
    assert db.session.scalar(select(func.count(ReviewerProfile.id))) == 12
    assert db.session.scalar(select(func.count(ReviewerRelation.id))) == 1

    for application in decided:
        submitted = db.session.scalars(
            select(Review)
            .join(Assignment, Assignment.id == Review.assignment_id)
            .where(Review.application_id == application.id)
            .where(Review.status == ReviewStatus.SUBMITTED)
            .where(Assignment.status != AssignmentStatus.RECUSED)
        ).all()
        assert len(submitted) == 5, application.organisation.name

    recused = db.session.scalars(
        select(Assignment).where(Assignment.status == AssignmentStatus.RECUSED)
    ).all()
    assert len(recused) == 1 and recused[0].recusal_reason
    replacement = db.session.scalars(
        select(Assignment).where(Assignment.source == "replacement")
    ).all()
    assert [a.application_id for a in replacement] == [recused[0].application_id]
    assert replacement[0].status == AssignmentStatus.SUBMITTED

    flagged = [a for a in decided if application_panel(a).disagreement]
    assert len(flagged) == 1

    outcomes = db.session.scalars(select(Decision.outcome).where(Decision.round_id == rnd.id)).all()
    assert outcomes.count(Outcome.RECOGNISED) == 8
    rationales = db.session.scalars(
        select(Decision.rationale).where(Decision.outcome == Outcome.NOT_RECOGNISED)
    ).all()
    assert rationales and all(rationales)

    objection = db.session.scalar(select(Objection))
    assert objection.status == ObjectionStatus.RESOLVED and objection.outcome

    _pages_show_the_round(app, rnd, objection.application, replacement[0])
    _finished_round_has_certificates(app)

    counts = _row_counts()
    second = runner.invoke(seed_demo_command, ["--full"])
    assert second.exit_code == 0, second.output
    assert "nothing changed" in second.output
    assert _row_counts() == counts


def _pages_show_the_round(app, rnd, application, assignment):
    """The demo's logins open the pages the round now fills; they show the recognised
    ``application`` (the one objected to)."""
    from tests.conftest import login

    admin = app.test_client()
    assert login(admin, "admin@demo.evalcenter.cn", "Demo-Office-2025").status_code == 302
    for path in (
        f"/admin/rounds/{rnd.id}/ranking",
        f"/admin/rounds/{rnd.id}/calibration",
        f"/admin/rounds/{rnd.id}/decisions",
        f"/admin/rounds/{rnd.id}/objections",
        f"/admin/applications/{application.id}",
    ):
        response = admin.get(path)
        assert response.status_code == 200, path
        assert application.organisation.name in response.get_data(as_text=True), path
    reviewer = app.test_client()
    email = assignment.reviewer.email
    password = f"Demo-Expert-{email.removeprefix('expert').split('@')[0]}-2025"
    assert login(reviewer, email, password).status_code == 302
    assert reviewer.get(f"/reviews/{assignment.id}/review").status_code == 200
    public = app.test_client().get(f"/publicity/{rnd.id}")
    assert public.status_code == 200
    assert application.organisation.name in public.get_data(as_text=True)


def _finished_round_has_certificates(app):
    """The 2024 round is finished; its certificates are issued, one corrected (superseded by
    a second edition) and one revoked, each with its verification page."""
    earlier = db.session.scalar(select(EvaluationRound).where(EvaluationRound.year == 2024))
    assert earlier.status == RoundStatus.FINISHED
    certs = db.session.scalars(select(Certificate).order_by(Certificate.number)).all()
    assert [c.number for c in certs] == list(range(1, len(certs) + 1))
    states = [c.status for c in certs]
    assert states.count("superseded") == 1 and states.count("revoked") == 1
    assert states.count("valid") == len(certs) - 2 >= 3
    public = app.test_client()
    for cert in certs:
        page = public.get(f"/verify/{cert.token}")
        assert page.status_code == 200 and cert.serial in page.get_data(as_text=True)


def test_full_demo_is_refused_in_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "EVALCENTER_ENV", "production")
    result = app.test_cli_runner().invoke(seed_demo_command, ["--full"])
    assert result.exit_code != 0
    assert "production" in result.output
    assert _row_counts()["users"] == 0
