"""The lifecycles of an assignment and of a review, as transition tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from evalcenter.core.labels import ASSIGNMENT_STATUS_LABELS, REVIEW_STATUS_LABELS
from evalcenter.core.lifecycle import Lifecycle
from evalcenter.reviews.models import AssignmentStatus as A
from evalcenter.reviews.models import ReviewStatus as R

ASSIGNMENT = Lifecycle(
    _l("assignment"),
    {
        "declare": {A.ASSIGNED: A.DECLARED},  # no conflict: the reviewer may open it
        "recuse": {A.ASSIGNED: A.RECUSED, A.DECLARED: A.RECUSED},  # the slot is freed
        "submit": {A.DECLARED: A.SUBMITTED},
        "reopen": {A.SUBMITTED: A.DECLARED},  # an administrator reopens the review
    },
    ASSIGNMENT_STATUS_LABELS,
)

REVIEW = Lifecycle(
    _l("review"),
    {
        "save": {R.DRAFT: R.DRAFT},
        "submit": {R.DRAFT: R.SUBMITTED},
        "reopen": {R.SUBMITTED: R.DRAFT},
    },
    REVIEW_STATUS_LABELS,
)
