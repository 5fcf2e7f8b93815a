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


def form_fields(html: str, action: str) -> dict[str, list[str]]:
    """The named inputs of the form posting to `action`, as the page renders them."""
    import re

    form = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
    assert form, f"no form posting to {action}"
    fields: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", form.group(1)):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="file"' not in tag:
            fields.setdefault(name.group(1), []).append(value.group(1) if value else "")
    return fields


def post_import(client, application, document=None, *, raw: bytes | None = None):
    """Import a JSON file through the overview page's import form, as rendered."""
    import json

    action = f"/applications/{application.id}/import"
    html = client.get(f"/applications/{application.id}").get_data(as_text=True)
    data: dict = {k: v[0] for k, v in form_fields(html, action).items()}
    body = raw if raw is not None else json.dumps(document, ensure_ascii=False).encode()
    data["file"] = (io.BytesIO(body), "application.json")
    return client.post(action, data=data, content_type="multipart/form-data")
