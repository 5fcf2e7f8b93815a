"""The evaluation round's lifecycle as a transition table."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from evalcenter.core.labels import ROUND_STATUS_LABELS
from evalcenter.core.lifecycle import Lifecycle
from evalcenter.rounds.models import RoundStatus as S

ROUND = Lifecycle(
    _l("evaluation round"),
    {
        "open": {S.DRAFT: S.OPEN, S.CLOSED: S.OPEN},
        "close": {S.OPEN: S.CLOSED},
        "start_review": {S.CLOSED: S.REVIEWING},
    },
    ROUND_STATUS_LABELS,
)
ACTION_LABELS = {
    "open": _l("Open for applications"),
    "close": _l("Close applications"),
    "start_review": _l("Start the review"),
}
