"""Administrators see a round's applications and do the formal check."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.applications import queries, services
from evalcenter.applications.forms import FormalCheckForm
from evalcenter.applications.models import Application
from evalcenter.core.paging import paginate
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.policies import can_manage

bp = Blueprint("admin_applications", __name__, url_prefix="/admin")


@bp.get("/rounds/<int:round_id>/applications")
@roles_required(Role.ADMIN)
def round_applications(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, can_manage)
    status = queries.status_filter(request.args.get("status", ""))
    page = paginate(queries.round_applications(rnd.id, status), rows=queries.application_rows)
    return render_template("admin/round_applications.html", rnd=rnd, page=page, status=status)


@bp.get("/applications/<int:app_id>")
@roles_required(Role.ADMIN)
def show_application(app_id: int):
    app = get_or_404(Application, app_id)
    return render_template(
        "admin/application_show.html", form=FormalCheckForm(), **queries.admin_view(app)
    )


@bp.post("/applications/<int:app_id>/formal-check")
@roles_required(Role.ADMIN)
def formal_check(app_id: int):
    app = get_or_404(Application, app_id)
    form = FormalCheckForm()
    if not form.validate_on_submit():
        flash(_("Enter the number of verified discrepancies as a whole number from 0."), "danger")
        return redirect(url_for("admin_applications.show_application", app_id=app.id))
    accept = form.decision.data == "accept"
    reason, found = form.reason.data or "", form.discrepancies.data or 0
    if attempt(lambda: services.formal_check(current_user, app, accept, reason, found)):
        flash(
            _("The application has been accepted.")
            if accept
            else _("The application has been returned for correction."),
            "success",
        )
    return redirect(url_for("admin_applications.show_application", app_id=app.id))
