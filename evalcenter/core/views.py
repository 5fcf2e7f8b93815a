"""Home page, language switch and health check."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from evalcenter.core import dashboard
from evalcenter.core.redirects import safe_next
from evalcenter.extensions import db, limiter

bp = Blueprint("core", __name__)


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    if current_user.role == "admin":
        return render_template("core/dashboard_admin.html", summary=dashboard.admin_summary())
    if current_user.role == "reviewer":
        summary = dashboard.reviewer_summary(current_user)
        return render_template("core/dashboard_reviewer.html", summary=summary)
    summary = dashboard.applicant_summary(current_user)
    return render_template("core/dashboard_applicant.html", summary=summary)


@bp.get("/lang/<code>")
def set_language(code: str):
    """Switch the interface language for this browser session."""
    if code in current_app.config["LOCALES"]:
        session["locale"] = code
    return redirect(safe_next(request.args.get("next"), url_for("core.index")))


@bp.get("/healthz")
@limiter.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
