"""What the reviewer's pages show: built here so that the views stay thin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from evalcenter.applications import attachments as files
from evalcenter.applications import summary
from evalcenter.applications.models import Application
from evalcenter.core.i18n import pick
from evalcenter.core.types import utcnow
from evalcenter.reviews import queries
from evalcenter.reviews.models import Assignment, AssignmentStatus, Review, ReviewStatus
from evalcenter.reviews.review_service import expert_model, total
from evalcenter.rounds.rulesets import ruleset_for_round


@dataclass(frozen=True)
class AssignmentRow:
    """One line of "My assignments". The organisation's name is shown only once the
    reviewer has declared (the declaration page itself names it)."""

    id: int
    state: str  # to_declare, to_score, draft, submitted
    round_name: str
    deadline: datetime | None
    reference: str | None
    organisation_name: str | None
    industry_field: str
    overdue: bool


def workspace_state(assignment_status: str, review_status: str | None) -> str:
    if assignment_status == AssignmentStatus.ASSIGNED:
        return "to_declare"
    if assignment_status == AssignmentStatus.SUBMITTED:
        return "submitted"
    return "draft" if review_status == ReviewStatus.DRAFT else "to_score"


def assignment_rows(reviewer_id: int, now: datetime | None = None) -> list[AssignmentRow]:
    now = now or utcnow()
    rows = []
    for r in queries.my_assignments(reviewer_id):
        state = workspace_state(r.status, r.review_status)
        declared = state != "to_declare"
        late = r.review_deadline is not None and r.review_deadline < now
        rows.append(
            AssignmentRow(
                id=r.id,
                state=state,
                round_name=r.round_name,
                deadline=r.review_deadline,
                reference=r.reference,
                organisation_name=r.organisation_name if declared else None,
                industry_field=r.industry_field,
                overdue=late and state != "submitted",
            )
        )
    return rows


def application_page(assignment: Assignment) -> dict[str, Any]:
    """The frozen snapshot, read-only: the answers with units and labels, its evidence, and
    the rule engine's stored result (with its trace) for that snapshot."""
    app: Application = assignment.application
    snapshot = app.latest_snapshot
    ruleset = ruleset_for_round(app.round)
    specs = {s.key: s for s in ruleset.inputs}
    data = snapshot.data if snapshot else {}
    number = snapshot.number if snapshot else None
    scores = [s for s in app.scores if s.snapshot_number == number]
    return {
        "assignment": assignment,
        "app": app,
        "snapshot": snapshot,
        "answers": summary.answer_rows(app, specs, data, editable=False),
        "attachments": snapshot.attachments if snapshot else [],
        "kinds": files.KINDS,
        "score": scores[-1] if scores else None,
        "state": workspace_state(assignment.status, getattr(assignment.review, "status", None)),
    }


def review_rows(review: Review, expert: Any) -> list[tuple[str, str, None, None]]:
    """The saved review as summary-list rows: each score with its comment, the opinion and
    the total."""
    rows = []
    for c in expert.criteria:
        score = review.scores.get(c.id)
        shown = _("%(score)s of %(max)s", score=score, max=c.maximum) if score else ""
        comment = review.comments.get(c.id, "")
        rows.append((f"{c.id} {pick(c.label)}", f"{shown} · {comment}" if comment else shown))
    rows.append((_("Overall opinion"), review.opinion))
    rows.append((_("Total"), _("%(score)s of %(max)s", score=total(review), max=expert.total)))
    return [(key, value, None, None) for key, value in rows]


def review_page(assignment: Assignment) -> dict[str, Any]:
    """The review form's surroundings: the criteria, the saved review and its total."""
    review = assignment.review
    expert = expert_model(assignment)
    return {
        "assignment": assignment,
        "app": assignment.application,
        "review": review,
        "expert": expert,
        "saved_total": total(review) if review is not None else None,
        "review_rows": review_rows(review, expert) if review is not None else [],
        "state": workspace_state(assignment.status, getattr(review, "status", None)),
    }
