"""Language switch and health check."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, session, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from evalcenter.core.redirects import safe_next
from evalcenter.extensions import db, limiter

bp = Blueprint("core", __name__)


@bp.get("/lang/<code>")
def set_language(code: str):
    """Switch the interface language for this browser session."""
    if code in current_app.config["LOCALES"]:
        session["locale"] = code
    return redirect(safe_next(request.args.get("next"), url_for("web.index")))


@bp.get("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
