"""E-mail that follows a committed change: messages are queued on the session and sent after
its commit (a rolled-back change sends nothing). In development and testing without an SMTP
server the message is written to the log."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from evalcenter.extensions import db

log = logging.getLogger(__name__)
OUTBOX = "evalcenter.outbox"


def queue(user: Any, kind: str, params: dict[str, Any], link: str | None) -> None:
    """Send ``kind`` to ``user`` once the current transaction commits."""
    db.session.info.setdefault(OUTBOX, []).append((user.email, user.locale, kind, params, link))


def deliver(email: str, locale: str | None, kind: str, params: dict[str, Any], link: str | None):
    """Send one message (here: written to the log)."""
    log.warning("e-mail to %s (%s): %s %s %s", email, locale or "zh_CN", kind, params, link or "")


@event.listens_for(Session, "after_commit")
def _send_outbox(session: Session) -> None:
    for message in session.info.pop(OUTBOX, []):
        deliver(*message)


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session: Session) -> None:
    session.info.pop(OUTBOX, None)
