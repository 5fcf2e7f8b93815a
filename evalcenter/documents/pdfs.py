"""PDFs made inside the app: the fonts prepared and the signing key loaded once per process;
certificates and reports are signed, the application form is printed to be signed by hand."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app, render_template

from evalcenter.core.errors import ServiceError
from evalcenter.documents import fonts, render, signing
from evalcenter.documents.data import ApplicationFormData, CertificateData, ReportData

log = logging.getLogger(__name__)
_cache: dict[Any, Any] = {}


def prepared_fonts() -> fonts.Fonts:
    cache_dir = current_app.config["FONT_CACHE_DIR"]
    if ("fonts", cache_dir) not in _cache:
        _cache["fonts", cache_dir] = fonts.prepare(cache_dir)
    return _cache["fonts", cache_dir]


def signing_key() -> signing.SigningKey:
    config = current_app.config
    key = ("key", config.get("SIGNING_KEY"), config.get("SIGNING_CERT"), config["SIGNING_DIR"])
    if key not in _cache:
        _cache[key] = signing.load_key(config)
    return _cache[key]


def _made(render_pdf: Any, data: Any) -> bytes:
    """Render ``data``; a failure other than a reported one (a missing glyph) is logged and
    reported as one, so the caller rolls back and issues nothing."""
    try:
        return render_pdf(data, prepared_fonts())
    except ServiceError:
        raise
    except Exception as err:  # WeasyPrint, fonts: never a half-issued document
        log.exception("rendering a document failed")
        raise ServiceError("document_render_failed") from err


def certificate(data: CertificateData) -> bytes:
    return signing.sign(_made(render.render_certificate, data), signing_key())


def report(data: ReportData) -> bytes:
    return signing.sign(_made(render.render_report, data), signing_key())


def application_form(data: ApplicationFormData) -> bytes:
    return _made(render.render_application_form, data)


def failed(back: str | None = None) -> tuple[str, int]:
    """The page after a document could not be made (the error is already flashed)."""
    return render_template("documents/web/failed.html", back=back), 422
