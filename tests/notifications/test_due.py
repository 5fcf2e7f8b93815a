"""`evalcenter notify due`: reviewers with reviews not submitted are reminded when the
deadline is three days away and once it has passed, each assignment once per kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.notifications.models import Notification
from evalcenter.reviews.models import AssignmentStatus
from evalcenter.rounds.models import RoundStatus
from tests.factories import RoundFactory, UserFactory
from tests.review_factories import AssignmentFactory, scored_application


def _round(deadline: timedelta, status=RoundStatus.REVIEWING):
    return RoundFactory(closed=True, status=status, review_deadline=datetime.now(UTC) + deadline)


def _run(app) -> str:
    result = app.test_cli_runner().invoke(args=["notify", "due"])
    assert result.exit_code == 0, result.output
    return result.output


def _sent() -> list[tuple[str, str, list[int]]]:
    rows = db.session.scalars(select(Notification).order_by(Notification.id))
    return [(n.kind, n.params["round"], n.params["assignments"]) for n in rows]


def test_due_and_overdue_reminders_are_sent_once(app, smtp):
    soon, late, later = (
        _round(timedelta(days=2)),
        _round(-timedelta(hours=1)),
        _round(timedelta(days=10)),
    )
    soon.name, late.name, later.name = "快到期", "已逾期", "还早"
    reviewer = UserFactory(role=Role.REVIEWER, email="expert@example.cn", locale="en")
    declared = AssignmentFactory(application=scored_application(soon), reviewer=reviewer)
    assigned = AssignmentFactory(
        application=scored_application(soon), reviewer=reviewer, status=AssignmentStatus.ASSIGNED
    )
    for status in (AssignmentStatus.SUBMITTED, AssignmentStatus.RECUSED):
        AssignmentFactory(application=scored_application(soon), reviewer=reviewer, status=status)
    overdue = AssignmentFactory(application=scored_application(late), reviewer=reviewer)
    AssignmentFactory(application=scored_application(later), reviewer=reviewer)
    db.session.commit()

    output = _run(app)
    assert "review_due to expert@example.cn (快到期): 2 review(s)" in output
    assert "review_overdue to expert@example.cn (已逾期): 1 review(s)" in output
    assert "2 reminder(s) sent" in output
    assert _sent() == [
        ("review_due", "快到期", [declared.id, assigned.id]),
        ("review_overdue", "已逾期", [overdue.id]),
    ]
    subjects = sorted(m["Subject"] for m in smtp.to("expert@example.cn"))
    assert subjects == ["Reviews due in 2 days", "Your reviews are overdue"]

    assert "0 reminder(s) sent" in _run(app)  # once per assignment and kind
    assert len(_sent()) == 2 and len(smtp.received()) == 2


def test_the_deadline_passing_sends_overdue_and_a_new_assignment_is_reminded(app):
    rnd = _round(timedelta(days=1))
    reviewer = UserFactory(role=Role.REVIEWER)
    first = AssignmentFactory(application=scored_application(rnd), reviewer=reviewer)
    db.session.commit()
    _run(app)
    second = AssignmentFactory(application=scored_application(rnd), reviewer=reviewer)
    db.session.commit()
    _run(app)
    rnd.review_deadline = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    _run(app)
    assert [(kind, ids) for kind, _, ids in _sent()] == [
        ("review_due", [first.id]),
        ("review_due", [second.id]),
        ("review_overdue", [first.id, second.id]),
    ]


def test_rounds_not_in_review_and_inactive_reviewers_are_left_alone(app):
    deciding = _round(-timedelta(days=1), status=RoundStatus.DECIDING)
    reviewing = _round(-timedelta(days=1))
    AssignmentFactory(application=scored_application(deciding))
    AssignmentFactory(
        application=scored_application(reviewing),
        reviewer=UserFactory(role=Role.REVIEWER, active=False),
    )
    db.session.commit()
    assert "0 reminder(s) sent" in _run(app)
    assert _sent() == []
