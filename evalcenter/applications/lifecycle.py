"""The application's lifecycle as a transition table."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from evalcenter.applications.models import ApplicationStatus as S
from evalcenter.core.labels import APPLICATION_STATUS_LABELS
from evalcenter.core.lifecycle import Lifecycle

APPLICATION = Lifecycle(
    _l("application"),
    {
        # `edit` changes data, not the status: allowed where the applicant may still change it.
        "edit": {S.DRAFT: S.DRAFT, S.RETURNED: S.RETURNED},
        "submit": {S.DRAFT: S.SUBMITTED, S.RETURNED: S.SUBMITTED},
        "withdraw": {
            S.DRAFT: S.WITHDRAWN,
            S.SUBMITTED: S.WITHDRAWN,
            S.RETURNED: S.WITHDRAWN,
            S.ACCEPTED: S.WITHDRAWN,
        },
        "accept": {S.SUBMITTED: S.ACCEPTED},
        "return": {S.SUBMITTED: S.RETURNED},
        # The decision is announced when the round's publicity starts (never before: the
        # company must not learn it earlier); recognised ones are published when it finishes.
        "announce": {S.ACCEPTED: S.DECIDED, S.UNDER_REVIEW: S.DECIDED},
        "publish": {S.DECIDED: S.PUBLISHED},
        "certify": {S.PUBLISHED: S.CERTIFIED},  # its certificate is issued
    },
    APPLICATION_STATUS_LABELS,
)
