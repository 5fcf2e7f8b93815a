"""A real SMTP server on a free local port (aiosmtpd), collecting what the app sends; the
`smtp` fixture of tests/notifications, and `smtp_server` for tests elsewhere."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from evalcenter.notifications import mail


class Inbox:
    """The messages the server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd hook
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def received(self) -> list[EmailMessage]:
        """Everything delivered once the app's mail queue is empty."""
        mail.wait()
        return list(self.messages)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.received() if m["To"] == address]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(app, monkeypatch) -> Iterator[Inbox]:
    """The app sends its e-mails to a local server for the duration of the block."""
    mail.wait()  # what was sent before goes where it was meant to
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SMTP_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_SMTP_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_SMTP_STARTTLS", False)
    monkeypatch.setitem(app.config, "MAIL_FROM", "EvalCenter <noreply@evalcenter.test>")
    try:
        yield inbox
    finally:
        mail.wait()
        controller.stop()


def body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()
