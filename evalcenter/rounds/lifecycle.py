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
    },
    ROUND_STATUS_LABELS,
)
# The actions taken on a confirmation page alone; "reopen" has its own page (reason, deadline).
STATUS_ACTIONS = ("open", "close", "start_review")
EDITABLE = (S.DRAFT, S.OPEN)  # name, description and dates change until the round closes
ACTION_LABELS = {
    "open": _l("Open for applications"),
    "close": _l("Close applications"),
    "reopen": _l("Reopen for applications"),
    "start_review": _l("Start the review"),
}
