"""Error pages in the user's language; a user-caused error is never a 500."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (
        _l("Access denied"),
        _l(
            "Your account is not allowed to open this page. Log in with another account "
            "or ask an administrator."
        ),
    ),
    404: (_l("Page not found"), _l("The page or record does not exist, or you cannot see it.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    413: (
        _l("File too large"),
        _l(
            "The upload is larger than the platform accepts. Reduce the file size and try again; "
            "nothing was saved from this request."
        ),
    ),
    409: (
        _l("Changed at the same moment"),
        _l(
            "Someone else changed the same record at the same moment, so nothing was saved "
            "from your request. Go back, reload the page and try again."
        ),
    ),
    429: (
        _l("Too many attempts"),
        _l("Too many requests in a short time. Wait a minute and try again."),
    ),
    503: (
        _l("Scoring is unavailable"),
        _l(
            "The ruleset this round is pinned to is missing or has been changed since it was "
            "published, so the platform refuses to score with it. Tell the administrators."
        ),
    ),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. It has been logged; please try again later."),
    ),
}


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    return render_template(
        "errors/error.html", code=code, title=title, message=message, detail=detail
    ), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(err: CSRFError):
        from flask_babel import gettext

        return render_error(
            400,
            gettext(
                "The form has expired or was sent from another site. "
                "Reload the page and submit it again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        code = err.code or 500
        if code not in MESSAGES:
            return err
        return render_error(code)

    @app.errorhandler(Exception)
    def unexpected_error(err: Exception):
        log.exception("unhandled error")
        return render_error(500)
