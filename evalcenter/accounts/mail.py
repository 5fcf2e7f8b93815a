"""Sending messages to people by e-mail. There is no mail server yet: this module is the one
place that will talk to it."""

from __future__ import annotations

import logging

from flask import current_app

from evalcenter.accounts.models import Invitation

log = logging.getLogger(__name__)


def send_invitation(invitation: Invitation, link: str) -> None:
    """Deliver an invitation link to the colleague.

    Until a mail server is configured, development and testing write the link to the
    application log; production writes only that it was not sent (the link lets whoever
    holds it join the organisation, so it never goes into a production log)."""
    if current_app.config["EVALCENTER_ENV"] in ("development", "testing"):
        log.warning(
            "Invitation for %s (no mail server; send them this link): %s", invitation.email, link
        )
    else:
        log.error("No mail server is configured: invitation %d was not sent", invitation.id)
