"""Helpers for application tests."""

from __future__ import annotations

import io

from flask import current_app

from evalcenter.applications import attachments, services
from tests.applications import samples


def limits() -> attachments.Limits:
    return attachments.limits(current_app.config)


def add_pdf(user, application, kind: str = "audited_financials", name: str = "财务报表.pdf"):
    return services.add_attachment(
        user, application, kind, io.BytesIO(samples.pdf(name)), name, limits()
    )


def example_data() -> dict:
    """The spec's IC-manufacturer example, from the copy shipped with the demo data."""
    import json
    from pathlib import Path

    here = Path(__file__).resolve().parents[1] / "data" / "spec-examples" / "ic-manufacturer.json"
    return json.loads(here.read_text(encoding="utf-8"))


def form_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def post_section(
    client, application, section_id: str, answers: dict, *, version=None, button: str = "save"
):
    """POST one section form with CSRF token and version read from the page."""
    from tests.conftest import CSRF_RE

    url = f"/applications/{application.id}/sections/{section_id}"
    html = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(html)
    token = match.group(1) or match.group(2)
    if version is None:
        import re

        version = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    data = {"csrf_token": token, "version": str(version), button: "1"}
    data.update({k: form_text(v) for k, v in answers.items()})
    return client.post(url, data=data)
