"""Response headers that every page carries, the response class, and the proxy set-up for
client addresses."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

from evalcenter.core.error_pages import render_error

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SafeResponse(Response):
    """Text that cannot be encoded as UTF-8 (a lone surrogate in data stored before such
    input was refused) is sent as U+FFFD instead of failing the whole page."""

    def set_data(self, value: bytes | str) -> None:
        if isinstance(value, str):
            try:
                value = value.encode()
            except UnicodeEncodeError:
                value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
                value = value.encode()
        super().set_data(value)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _has_nul(values) -> bool:
    return any("\x00" in key or any("\x00" in v for v in vs) for key, vs in values.lists())


def refuse_nul_characters():
    """No text a user can send may hold a NUL character: no field accepts it and PostgreSQL
    cannot store it, so the request is refused before any view reads it."""
    if _has_nul(request.args) or (request.method == "POST" and _has_nul(request.form)):
        from flask_babel import gettext

        return render_error(
            400, gettext("The request contains a NUL character, which no field accepts.")
        )
    return None


def init_security(app: Flask) -> None:
    app.response_class = SafeResponse
    app.before_request(refuse_nul_characters)
    app.after_request(add_security_headers)
    proxies = app.config.get("TRUSTED_PROXIES", 0)
    if proxies:
        # Behind N reverse proxies, take the client address (audit log, rate limits) and the
        # scheme from their X-Forwarded-* headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
