"""The one transaction boundary: a request commits when it succeeds and rolls back otherwise.

Services flush and never commit. Views call a service through `attempt`, which turns a
`ServiceError` into a message on the form (rolling back whatever the service had flushed) and
retries once when another request changed the same row at the same moment, so that the
service can then refuse with the state it finds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, current_app, g
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from evalcenter.core.error_pages import render_error
from evalcenter.core.errors import ServiceError
from evalcenter.core.forms import show_error
from evalcenter.extensions import db

log = logging.getLogger(__name__)
T = TypeVar("T")
CONFLICTS = (StaleDataError, IntegrityError)


def attempt(call: Callable[[], T], form: Any = None) -> T | None:
    """Run `call` (one service call); on a ServiceError roll back, show it and return None."""
    error = ServiceError("conflict")
    for _ in range(2):
        try:
            return call()
        except ServiceError as err:
            error = err
            break
        except CONFLICTS:
            db.session.rollback()
    db.session.rollback()
    g.service_error = error
    show_error(error, form)
    return None


def _finish(response: Response) -> Response:
    if response.status_code >= 400:
        db.session.rollback()
        return response
    try:
        db.session.commit()
    except (*CONFLICTS, OperationalError):
        db.session.rollback()
        log.warning("commit refused at the end of the request", exc_info=True)
        body, code = render_error(409)
        return current_app.response_class(body, status=code)
    return response


def init_transactions(app: Flask) -> None:
    app.after_request(_finish)

    @app.teardown_request
    def _rollback_on_error(exc: BaseException | None) -> None:
        if exc is not None:
            db.session.rollback()
