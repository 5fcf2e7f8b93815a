"""Inviting and accepting through the rendered forms, reading the link from the log."""

from __future__ import annotations

import re

from tests.applications.helpers import form_fields

LINK_RE = re.compile(r"https?://[^/\s]+(/invitations/[A-Za-z0-9_-]{43})")
GOOD_PASSWORD = "Copper kettle morning 42"


def invitation_links(caplog) -> list[str]:
    """The paths of the invitation links written to the log so far, oldest first."""
    return [m.group(1) for r in caplog.records for m in LINK_RE.finditer(r.getMessage())]


def invite(client, caplog, email: str, name: str = "李同事"):
    """Post the invitation form as the colleagues' invite page renders it; returns the
    response and the path of the link that was sent (None when none was)."""
    html = client.get("/colleagues/invite").get_data(as_text=True)
    data = {k: v[0] for k, v in form_fields(html, "/colleagues/invite").items()}
    data.update(email=email, name=name)
    before = len(invitation_links(caplog))
    response = client.post("/colleagues/invite", data=data)
    links = invitation_links(caplog)
    return response, links[-1] if len(links) > before else None


def accept(client, path: str, password: str = GOOD_PASSWORD, repeat: str | None = None, **extra):
    """Post the acceptance form of the invitation page at `path`."""
    html = client.get(path).get_data(as_text=True)
    data = {k: v[0] for k, v in form_fields(html, path).items()}
    data.update(password=password, confirm=password if repeat is None else repeat, **extra)
    return client.post(path, data=data)
