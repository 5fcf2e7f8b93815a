"""The home page: what each role has to do next."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from evalcenter.core.roles import Role
from evalcenter.web import dashboard

bp = Blueprint("web", __name__)

TEMPLATES = {
    Role.ADMIN: ("core/dashboard_admin.html", dashboard.admin_summary),
    Role.REVIEWER: ("core/dashboard_reviewer.html", dashboard.reviewer_summary),
    Role.APPLICANT: ("core/dashboard_applicant.html", dashboard.applicant_summary),
}


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return render_template("core/welcome.html")
    template, summary = TEMPLATES[Role(current_user.role)]
    return render_template(template, summary=summary(current_user))
