"""E-mail that follows a committed change: messages are queued on the session and, after its
commit, sent one at a time by a background thread (a rolled-back change sends nothing, and no
request waits for the mail server). Each is written in its recipient's language from
`templates/notifications/email.txt`. Without an SMTP server, development and testing write the
message to the log. A failure is logged, never raised."""

from __future__ import annotations

import logging
import queue as queues
import smtplib
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from flask import Flask, current_app, has_request_context, request
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session

from evalcenter.config import DEFAULT_LOCALE
from evalcenter.extensions import db
from evalcenter.notifications import texts

log = logging.getLogger(__name__)
OUTBOX = "evalcenter.outbox"


@dataclass(frozen=True)
class Outgoing:
    email: str
    name: str
    locale: str | None
    kind: str
    params: dict[str, Any]
    link: str | None  # absolute URL


def _absolute(link: str | None) -> str | None:
    """A path on this site as a URL for an e-mail: on the configured base URL, else on the
    request's host; outside a request without a base URL, the path itself."""
    if not link or not link.startswith("/"):
        return link or None
    base = current_app.config.get("MAIL_BASE_URL") or ""
    if not base and has_request_context():
        base = request.host_url.rstrip("/")
    return base + link


def queue(user: Any, kind: str, params: dict[str, Any], link: str | None) -> None:
    """Send ``kind`` to ``user`` once the current transaction commits."""
    message = Outgoing(user.email, user.name, user.locale, kind, dict(params), _absolute(link))
    db.session.info.setdefault(OUTBOX, []).append(message)


def compose(message: Outgoing) -> EmailMessage:
    """The plain-text UTF-8 e-mail, in the recipient's language (Chinese by default)."""
    config = current_app.config
    locale = message.locale if message.locale in config["LOCALES"] else DEFAULT_LOCALE
    with force_locale(locale):
        subject, body = texts.render(message.kind, message.params)
        text = current_app.jinja_env.get_template("notifications/email.txt").render(
            greeting=texts.greeting(message.name),
            body=body,
            link=message.link,
            link_label=str(texts.LINK_LABEL),
            footer=str(texts.FOOTER),
            platform=str(texts.PLATFORM),
        )
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = config["MAIL_FROM"]
    mail["To"] = message.email
    mail.set_content(text, charset="utf-8")
    mail["Content-Language"] = "zh-CN" if locale == DEFAULT_LOCALE else "en"
    return mail


def deliver(message: Outgoing) -> None:
    """Send one message through the SMTP server, or log it; never raises."""
    config = current_app.config
    try:
        mail = compose(message)
        if not config["MAIL_SMTP_HOST"]:
            if config["EVALCENTER_ENV"] in ("development", "testing"):
                log.warning(
                    "e-mail (no SMTP server) to %s\nSubject: %s\n\n%s",
                    message.email,
                    mail["Subject"],
                    mail.get_content(),
                )
            else:
                log.error("No SMTP server is configured: a %s e-mail was not sent", message.kind)
            return
        with smtplib.SMTP(
            config["MAIL_SMTP_HOST"], config["MAIL_SMTP_PORT"], timeout=config["MAIL_SMTP_TIMEOUT"]
        ) as smtp:
            if config["MAIL_SMTP_STARTTLS"]:
                smtp.starttls(context=ssl.create_default_context())
            if config["MAIL_SMTP_USER"]:
                smtp.login(config["MAIL_SMTP_USER"], config["MAIL_SMTP_PASSWORD"])
            smtp.send_message(mail)
    except Exception:
        log.exception("a %s e-mail to %s could not be sent", message.kind, message.email)


_jobs: queues.Queue[tuple[Flask, Outgoing]] = queues.Queue()
_worker_lock = threading.Lock()
_worker: threading.Thread | None = None


def _work() -> None:
    while True:
        app, message = _jobs.get()
        try:
            with app.app_context():
                deliver(message)
        finally:
            _jobs.task_done()


def _start_worker() -> None:
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, name="evalcenter-mail", daemon=True)
            _worker.start()


def wait() -> None:
    """Block until every queued e-mail has been handled (commands call it before exiting)."""
    _jobs.join()


@event.listens_for(Session, "after_commit")
def _send_outbox(session: Session) -> None:
    messages = session.info.pop(OUTBOX, [])
    if not messages:
        return
    app = current_app._get_current_object()
    _start_worker()
    for message in messages:
        _jobs.put((app, message))


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session: Session) -> None:
    session.info.pop(OUTBOX, None)
