"""Administrators see a round's applications and do the formal check: accepting and
returning each have a confirmation page stating the consequences."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.applications import attachments as files
from evalcenter.applications import formal_check, queries, resubmission, services
from evalcenter.applications.admin_forms import AcceptForm, ReturnForm
from evalcenter.applications.models import Application
from evalcenter.applications.sections import SECTIONS
from evalcenter.core.confirmation import confirm_page
from evalcenter.core.paging import paginate
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.policies import can_manage

bp = Blueprint("admin_applications", __name__, url_prefix="/admin")
SECTION_TITLES = {section.id: section.title for section in SECTIONS}


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
        "admin/application_show.html",
        changes=resubmission.since_returned(app),
        kinds=files.KINDS,
        section_titles=SECTION_TITLES,
        **queries.admin_view(app),
    )


def _formal_check(app: Application, accept: bool, form):
    """Carry out the check on a valid POST; otherwise (again) the confirmation page."""
    if form.validate_on_submit():
        reason = "" if accept else form.reason.data or ""
        found = (form.discrepancies.data or 0) if accept else 0
        if attempt(lambda: services.formal_check(current_user, app, accept, reason, found), form):
            flash(
                _("The application has been accepted.")
                if accept
                else _("The application has been returned for correction."),
                "success",
            )
            return redirect(url_for("admin_applications.show_application", app_id=app.id))
    cancel = url_for("admin_applications.show_application", app_id=app.id)
    page = formal_check.confirmation(app, accept)
    return confirm_page(thing=app.organisation.name, cancel=cancel, form=form, **page)


@bp.route("/applications/<int:app_id>/accept", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def accept(app_id: int):
    return _formal_check(get_or_404(Application, app_id), True, AcceptForm())


@bp.route("/applications/<int:app_id>/return", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def return_for_correction(app_id: int):
    return _formal_check(get_or_404(Application, app_id), False, ReturnForm())
