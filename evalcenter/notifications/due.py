"""Reminders of the review deadline, for `evalcenter notify due` (run by cron).

For each round in review with a deadline, a reviewer with reviews not submitted (neither
recused) gets `review_due` when the deadline is at most three days away and `review_overdue`
once it has passed: one message per reviewer, round and kind, covering their open assignments.
Each assignment is reminded at most once per kind; the messages already sent (their
`assignments` parameter) say which."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.extensions import db
from evalcenter.notifications.models import Notification
from evalcenter.notifications.services import notify
from evalcenter.reviews.models import Assignment, AssignmentStatus
from evalcenter.rounds.models import EvaluationRound, RoundStatus

DUE_WITHIN = timedelta(days=3)
KINDS = ("review_due", "review_overdue")
OPEN = (AssignmentStatus.ASSIGNED, AssignmentStatus.DECLARED)
LOCAL = ZoneInfo("Asia/Shanghai")
ASSIGNMENTS_PAGE = "/reviews"  # the reviewer's assignments (reviews.my_assignments)


@dataclass(frozen=True)
class Sent:
    reviewer: User
    round: EvaluationRound
    kind: str
    assignment_ids: list[int]


def _open_assignments(now: datetime) -> list[tuple[Assignment, EvaluationRound, User]]:
    """Open assignments of rounds in review whose deadline is within three days or past."""
    stmt = (
        select(Assignment, EvaluationRound, User)
        .join(EvaluationRound, Assignment.round_id == EvaluationRound.id)
        .join(User, Assignment.reviewer_id == User.id)
        .where(
            EvaluationRound.status == RoundStatus.REVIEWING,
            EvaluationRound.review_deadline.is_not(None),
            EvaluationRound.review_deadline <= now + DUE_WITHIN,
            Assignment.status.in_(OPEN),
            User.active.is_(True),
        )
        .order_by(EvaluationRound.id, User.id, Assignment.id)
    )
    return list(db.session.execute(stmt).tuples())


def _already_sent(reviewer_ids: set[int]) -> set[tuple[str, int]]:
    """(kind, assignment id) pairs the reviewers have been reminded of."""
    if not reviewer_ids:
        return set()
    rows = db.session.execute(
        select(Notification.kind, Notification.params).where(
            Notification.user_id.in_(reviewer_ids), Notification.kind.in_(KINDS)
        )
    )
    return {(kind, int(i)) for kind, params in rows for i in (params or {}).get("assignments", [])}


def send_due(now: datetime) -> list[Sent]:
    """Send the reminders due at ``now`` (flushes; the caller commits) and say what was sent."""
    rows = _open_assignments(now)
    sent_before = _already_sent({user.id for _, _, user in rows})
    groups: dict[tuple[int, int, str], list[tuple[Assignment, EvaluationRound, User]]] = {}
    for assignment, rnd, user in rows:
        kind = "review_overdue" if rnd.review_deadline <= now else "review_due"
        if (kind, assignment.id) not in sent_before:
            groups.setdefault((rnd.id, user.id, kind), []).append((assignment, rnd, user))
    result = []
    for (_, _, kind), members in groups.items():
        rnd, user = members[0][1], members[0][2]
        ids = [assignment.id for assignment, _, _ in members]
        days = max(1, math.ceil((rnd.review_deadline - now) / timedelta(days=1)))
        deadline = rnd.review_deadline.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")
        params = {"round": rnd.name, "deadline": deadline, "count": len(ids), "assignments": ids}
        if kind == "review_due":
            params["days"] = days
        notify(user, kind, link=ASSIGNMENTS_PAGE, **params)
        result.append(Sent(user, rnd, kind, ids))
    db.session.flush()
    return result
