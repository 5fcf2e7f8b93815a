"""A reviewer's scores, comments and opinion on one application: saved as a draft, then
submitted; an administrator may reopen a submitted review with a reason.

Scores are checked per criterion of the round's ruleset (a number from 0 to the criterion's
maximum, in steps of the ruleset's step) and their total by the rule engine
(:func:`evalcenter.scoring.evaluate.parse_reviews`). Invalid scores are never stored: the
save is refused as a whole, with a message beside each score in error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from flask import url_for

from evalcenter.accounts.models import User
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.labels import ROUND_STATUS_LABELS
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.notifications.services import notify
from evalcenter.reviews.lifecycle import ASSIGNMENT, REVIEW
from evalcenter.reviews.models import Assignment, Review, ReviewStatus
from evalcenter.rounds.models import RoundStatus
from evalcenter.rounds.rulesets import ruleset_for_round
from evalcenter.scoring import InputError
from evalcenter.scoring.evaluate import parse_reviews
from evalcenter.scoring.messages import CONTEXT, cents

NUMBER_RE = re.compile(r"[0-9]{1,4}(\.[0-9]{1,4})?")
COMMENT_MAX = 2000
OPINION_MAX = 5000


@dataclass(frozen=True)
class Entries:
    """What the reviewer typed: score and comment text per criterion id, and the opinion."""

    scores: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    opinion: str = ""


def score_field(criterion_id: str) -> str:
    return f"score_{criterion_id}"


def comment_field(criterion_id: str) -> str:
    return f"comment_{criterion_id}"


def expert_model(assignment: Assignment) -> Any:
    """The expert criteria of the round's pinned ruleset."""
    return ruleset_for_round(assignment.application.round).model.expert


def _number(text: str) -> str:
    """The canonical text of a score (7.50 → 7.5, 10.0 → 10)."""
    value = Decimal(text).normalize(CONTEXT)
    return format(value, "f")


def _check_score(criterion: Any, step: Decimal, raw: str, required: bool) -> Any:
    """The score's canonical text, None when left empty, or the ServiceError for its field."""
    name = score_field(criterion.id)
    params = {"criterion": criterion.label, "maximum": str(criterion.maximum)}
    if not raw:
        return ServiceError("review_score_missing", name, **params) if required else None
    if not NUMBER_RE.fullmatch(raw):
        return ServiceError("review_score_not_a_number", name, **params)
    value = Decimal(raw)
    if not 0 <= value <= Decimal(str(criterion.maximum)):
        return ServiceError("review_score_out_of_range", name, **params)
    if not CONTEXT.remainder(value, step).is_zero():
        return ServiceError("review_score_not_a_multiple", name, step=str(step), **params)
    return _number(raw)


def checked_scores(expert: Any, scores: dict[str, str], complete: bool) -> dict[str, str]:
    """The valid scores by criterion id (only those given, unless `complete`); a ServiceError
    listing each problem otherwise."""
    step, out, problems = Decimal(str(expert.step)), {}, []
    for criterion in expert.criteria:
        raw = (scores.get(criterion.id) or "").strip()
        result = _check_score(criterion, step, raw, complete)
        if isinstance(result, ServiceError):
            problems.append(result)
        elif result is not None:
            out[criterion.id] = result
    if problems:
        raise ServiceError("review_invalid", problems=problems)
    try:
        parse_reviews([sum((Decimal(v) for v in out.values()), Decimal(0))], expert)
    except InputError as err:
        raise ServiceError("review_total_invalid", maximum=str(expert.total)) from err
    return out


def _texts(expert: Any, entries: Entries, complete: bool) -> tuple[dict[str, str], str]:
    comments = {}
    for criterion in expert.criteria:
        text = (entries.comments.get(criterion.id) or "").strip()
        if len(text) > COMMENT_MAX:
            raise ServiceError("review_text_too_long", comment_field(criterion.id), n=COMMENT_MAX)
        if text:
            comments[criterion.id] = text
    opinion = (entries.opinion or "").strip()
    if len(opinion) > OPINION_MAX:
        raise ServiceError("review_text_too_long", "opinion", n=OPINION_MAX)
    if complete and not opinion:
        raise ServiceError("review_opinion_required", "opinion")
    return comments, opinion


def _editable(assignment: Assignment, expected_version: int) -> Review | None:
    """The draft review (None before the first save), after the checks every change makes:
    the round is under review, the reviewer declared, nobody saved since the form opened."""
    rnd = assignment.application.round
    if rnd.status != RoundStatus.REVIEWING:
        raise ServiceError("review_round_not_reviewing", status=ROUND_STATUS_LABELS[rnd.status])
    review = assignment.review
    if review is not None:
        REVIEW.target("save", review.status)
    ASSIGNMENT.target("submit", assignment.status)  # declared, not submitted or recused
    if (review.version if review is not None else 0) != expected_version:
        raise ServiceError("review_version_conflict")
    return review


def save(
    actor: User,
    assignment: Assignment,
    entries: Entries,
    expected_version: int,
    complete: bool = False,
) -> Review:
    """Save the draft. With `complete` (the reviewer goes on to submit) every criterion and
    the opinion are required."""
    review = _editable(assignment, expected_version)
    expert = expert_model(assignment)
    scores = checked_scores(expert, entries.scores, complete)
    comments, opinion = _texts(expert, entries, complete)
    if review is None:
        review = Review(
            assignment=assignment,
            application_id=assignment.application_id,
            reviewer_id=assignment.reviewer_id,
        )
        db.session.add(review)
    review.scores, review.comments, review.opinion = scores, comments, opinion
    db.session.flush()
    audit.record("review.save", review, actor=actor, after={"scores": scores})
    return review


def total(review: Review) -> Decimal:
    """The sum of the saved scores, to two places."""
    return cents(sum((Decimal(v) for v in review.scores.values()), Decimal(0)))


def submit(actor: User, assignment: Assignment, expected_version: int) -> Review:
    """Submit the saved draft: every criterion scored, the total is their sum; the scores can
    no longer change unless an administrator reopens the review."""
    review = _editable(assignment, expected_version)
    if review is None:
        raise ServiceError("review_not_saved")
    expert = expert_model(assignment)
    checked_scores(expert, review.scores, complete=True)
    _texts(expert, Entries(review.scores, review.comments, review.opinion), complete=True)
    review.status = REVIEW.target("submit", review.status)
    review.total, review.submitted_at = total(review), utcnow()
    assignment.status = ASSIGNMENT.target("submit", assignment.status)
    db.session.flush()
    after = {"status": review.status, "total": str(review.total), "scores": review.scores}
    audit.record("review.submit", review, actor=actor, after=after)
    return review


def reopen(actor: User, review: Review, reason: str) -> Review:
    """An administrator puts a submitted review back to draft, with a reason the reviewer is
    told."""
    reason = (reason or "").strip()
    new_status = REVIEW.target("reopen", review.status)
    if not reason:
        raise ServiceError("review_reopen_reason_required", "reason")
    assignment = review.assignment
    before = {"status": review.status, "total": str(review.total)}
    review.status, review.total, review.submitted_at = new_status, None, None
    assignment.status = ASSIGNMENT.target("reopen", assignment.status)
    db.session.flush()
    after = {"status": ReviewStatus.DRAFT.value, "reason": reason}
    audit.record("review.reopen", review, actor=actor, before=before, after=after)
    app = assignment.application
    notify(
        assignment.reviewer,
        "review_reopened",
        link=url_for("reviews.review", assignment_id=assignment.id),
        reference=app.reference or "",
        round=app.round.name,
        reason=reason,
    )
    return review
