"""The URL fetcher: only the document assets, the font cache and data: URLs are ever loaded."""

from __future__ import annotations

import dataclasses
import http.server
import logging
import threading

import pytest
from weasyprint.urls import fetch

from evalcenter.documents import render, samples
from evalcenter.documents.fetcher import ASSETS_DIR, DocumentFetcher, FetchRefused
from tests.documents import pdf_tools

PASSWD = "file:///etc/passwd"


@pytest.fixture()
def web_server():
    """A real HTTP server on localhost that counts the requests it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(302)  # a redirect to a local file, if anyone followed it
            self.send_header("Location", PASSWD)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_assets_fonts_and_data_urls_load(document_fonts):
    fetcher = DocumentFetcher(document_fonts.directory)
    with fetch(fetcher, (ASSETS_DIR / "corner.svg").as_uri()) as response:
        assert response.read().startswith(b"<svg")
        assert response.content_type == "image/svg+xml"
    font = document_fonts.files["sans", 400]
    with fetch(fetcher, font.as_uri()) as response:
        assert response.read(4) == b"OTTO"
    with fetch(fetcher, "data:text/plain;base64,5YyX5Lqs") as response:
        assert response.read().decode() == "北京"


def test_everything_else_is_refused(document_fonts, tmp_path, web_server):
    url, hits = web_server
    (tmp_path / "escape.svg").symlink_to("/etc/passwd")
    fetcher = DocumentFetcher(document_fonts.directory, tmp_path)
    assets = ASSETS_DIR.as_uri()
    for refused in (
        PASSWD,
        "file://localhost/etc/passwd",
        "file://example.cn/etc/passwd",
        f"{assets}/../../../../etc/passwd",
        f"{assets}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        (tmp_path / "escape.svg").as_uri(),  # a symlink out of an allowed folder
        f"{assets}/no-such.css",
        f"{assets}",  # a folder
        f"{url}/style.css",
        "https://example.cn/logo.png",
        "ftp://example.cn/logo.png",
        "corner.svg",  # relative: WeasyPrint resolves before fetching
    ):
        with pytest.raises(FetchRefused):
            fetcher.fetch(refused)
    assert hits == []


def test_markup_in_data_is_printed_as_text_and_loads_nothing(document_fonts, web_server, caplog):
    url, hits = web_server
    company = f'<img src="{PASSWD}"><link rel="stylesheet" href="{url}/x.css">'
    centre = f'<style>@import url("{url}/i.css"); body {{ background: url("{PASSWD}") }}</style>'
    data = dataclasses.replace(
        samples.sample_certificate(), company_name=company, centre_name=centre
    )
    with caplog.at_level(logging.INFO, logger="weasyprint"):
        pdf = render.render_certificate(data, document_fonts)

    flat = pdf_tools.flat(pdf)
    assert "".join(company.split()) in flat and "".join(centre.split()) in flat
    assert hits == []
    assert b"root:x:0:0" not in pdf
    assert all(not page.images for page in pdf_tools.reader(pdf).pages)
    assert not [r for r in caplog.records if "etc/passwd" in r.getMessage()]  # never fetched


def test_urls_in_document_markup_are_refused_while_rendering(document_fonts, web_server, caplog):
    """Even markup that reached the HTML unescaped loads nothing outside the assets."""
    url, hits = web_server
    html = (
        f'<html><head><link rel="stylesheet" href="{url}/x.css">'
        f"<style>@import url('{url}/i.css'); p {{ background: url('{PASSWD}') }}</style></head>"
        f'<body><p>北京</p><img src="{PASSWD}"><img src="{url}/a.png">'
        f'<img src="corner.svg"><iframe src="{PASSWD}"></iframe></body></html>'
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = render.render_html(html, document_fonts, "report")
    assert hits == []
    assert b"root:x:0:0" not in pdf
    refused = " ".join(r.getMessage() for r in caplog.records)
    assert "etc/passwd" in refused and "127.0.0.1" in refused
    assert "corner.svg" not in refused  # the package's own asset still loads
