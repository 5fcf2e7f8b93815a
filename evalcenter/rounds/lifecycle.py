"""The evaluation round's lifecycle as a transition table."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from evalcenter.core.labels import ROUND_STATUS_LABELS
from evalcenter.core.lifecycle import Lifecycle
from evalcenter.rounds.models import RoundStatus as S

ROUND = Lifecycle(
    _l("evaluation round"),
    {
        "open": {S.DRAFT: S.OPEN},
        "close": {S.OPEN: S.CLOSED},
        "reopen": {S.CLOSED: S.OPEN},  # closed by mistake: with a reason and a new deadline
        "start_review": {S.CLOSED: S.REVIEWING},
        "start_deciding": {S.REVIEWING: S.DECIDING},
        "start_publicity": {S.DECIDING: S.PUBLICITY},
        "finish": {S.PUBLICITY: S.FINISHED},
    },
    ROUND_STATUS_LABELS,
)
# The actions taken on the rounds' own confirmation page. The others have a page of their own,
# named here by endpoint (rounds imports no feature above it): reopening asks a reason and a
# deadline; starting the publicity and finishing announce and publish the decisions.
STATUS_ACTIONS = ("open", "close", "start_review", "start_deciding")
ACTION_PAGES = {
    "reopen": "rounds.reopen",
    "start_publicity": "admin_decisions.start_publicity",
    "finish": "admin_decisions.finish",
}
IRREVERSIBLE = ("start_review", "start_deciding", "start_publicity", "finish")
EDITABLE = (S.DRAFT, S.OPEN)  # name, description and dates change until the round closes
# Review settings change until the round reaches deciding; the panel size until the review
# starts (assignments are made for it), the others while reviewing too.
SETTINGS_EDITABLE = {
    "reviewers_per_application": (S.DRAFT, S.OPEN, S.CLOSED),
    "review_deadline": (S.DRAFT, S.OPEN, S.CLOSED, S.REVIEWING),
    "quota": (S.DRAFT, S.OPEN, S.CLOSED, S.REVIEWING),
    "publicity_days": (S.DRAFT, S.OPEN, S.CLOSED, S.REVIEWING),
    "disagreement_threshold": (S.DRAFT, S.OPEN, S.CLOSED, S.REVIEWING),
}
ACTION_LABELS = {
    "open": _l("Open for applications"),
    "close": _l("Close applications"),
    "reopen": _l("Reopen for applications"),
    "start_review": _l("Start the review"),
    "start_deciding": _l("Start the decisions"),
    "start_publicity": _l("Start the publicity"),
    "finish": _l("Finish the round"),
}


def editable_settings(status: str) -> tuple[str, ...]:
    """The review settings that may change while the round is in ``status``."""
    return tuple(name for name, states in SETTINGS_EDITABLE.items() if status in states)
