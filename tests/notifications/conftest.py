"""Notification tests get a real local SMTP server (aiosmtpd) as `smtp`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.smtp_server import Inbox, smtp_server


@pytest.fixture()
def smtp(app, monkeypatch) -> Iterator[Inbox]:
    with smtp_server(app, monkeypatch) as inbox:
        yield inbox
