"""What the confirmation pages of the reviewer's workspace say will happen."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from evalcenter.core.confirmation import page_texts
from evalcenter.reviews.models import Assignment, Review
from evalcenter.reviews.review_service import total


def recusal(assignment: Assignment) -> dict:
    lines = [
        _("You will no longer see this application or score it."),
        _("The administrators are told at once and assign another reviewer to the free place."),
        _("Your reason is kept in the audit log."),
    ]
    title = _("Recuse yourself from this application?")
    return page_texts(title, _("Recuse myself"), "danger", lines)


def submission(review: Review, expert: Any) -> dict:
    lines = [
        _(
            "Your total is %(total)s of %(maximum)s points.",
            total=total(review),
            maximum=expert.total,
        ),
        _(
            "Your scores and comments can no longer be changed, unless an administrator "
            "reopens the review."
        ),
        _("The other reviewers never see your name or your scores."),
    ]
    return page_texts(_("Submit your review?"), _("Submit the review"), "primary", lines)


def reopening(review: Review) -> dict:
    lines = [
        _("The review becomes a draft again: it no longer counts towards the panel score."),
        _("The reviewer is told, with your reason, and must submit it again."),
        _("Reopening is recorded in the audit log."),
    ]
    return page_texts(_("Reopen this review?"), _("Reopen the review"), "danger", lines)
