"""Helpers for the verification tests: a page's structure, its file form posted as rendered."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from tests.applications.helpers import form_fields


class _Structure(HTMLParser):
    """Headings, sections, forms, inputs and test ids of a page, in order, without text."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("h1", "h2", "h3", "section", "form", "input", "button"):
            self.items.append((tag, a.get("id"), a.get("name"), a.get("type"), a.get("enctype")))
        if "data-testid" in a:
            self.items.append(("testid", a["data-testid"]))


def structure(html: str) -> list[tuple]:
    parser = _Structure()
    parser.feed(html)
    return parser.items


def main_part(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def check_file(client, token: str, body: bytes, name: str = "certificate.pdf", **kwargs):
    """Post ``body`` through the verification page's file form, with its fields as rendered
    (``kwargs`` go to both requests, e.g. ``environ_base``)."""
    url = f"/verify/{token}"
    html = client.get(url, **kwargs).get_data(as_text=True)
    data: dict = {k: v[0] for k, v in form_fields(html, url).items()}
    data["file"] = (io.BytesIO(body), name)
    data["submit"] = "1"
    return client.post(url, data=data, content_type="multipart/form-data", **kwargs)
