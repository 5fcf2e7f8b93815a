"""Applicants fill in, check and submit their organisation's application."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.applications import pages, policies, services
from evalcenter.applications.drafts import from_form_text
from evalcenter.applications.forms import ImportForm, SubmitApplicationForm
from evalcenter.applications.models import Application
from evalcenter.applications.sections import SECTION_BY_ID
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.rounds.models import EvaluationRound

bp = Blueprint("applications", __name__, url_prefix="/applications")


def _own(app_id: int) -> Application:
    return get_or_404(Application, app_id, policies.is_own)


@bp.post("/start/<int:round_id>")
@roles_required(Role.APPLICANT)
def start(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    app = attempt(lambda: services.start(current_user, rnd))
    if app is None:
        return redirect(url_for("web.index"))
    return redirect(url_for("applications.overview", app_id=app.id))


@bp.get("/<int:app_id>")
@roles_required(Role.APPLICANT)
def overview(app_id: int):
    app = _own(app_id)
    import_form = ImportForm(version=app.version)
    return render_template(
        "applications/overview.html", import_form=import_form, **pages.draft(app)
    )


@bp.route("/<int:app_id>/sections/<section_id>", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def section(app_id: int, section_id: str):
    app = _own(app_id)
    section = SECTION_BY_ID.get(section_id) or abort(404)
    form, specs = pages.section_form(app, section)
    if form.validate_on_submit():
        answers = {
            k: from_form_text(specs[k].kind, form[k].data) for k in section.keys if k in specs
        }
        version = form.version.data
        if attempt(
            lambda: services.save_section(current_user, app, section_id, answers, version), form
        ):
            return_to = request.args.get("return_to")
            target, message = pages.after_save(app, section_id, form.save_next.data, return_to)
            flash(message, "success")
            return redirect(target)
    return render_template(
        "applications/section.html", section=section, form=form, **pages.draft(app)
    )


@bp.get("/<int:app_id>/self-assessment")
@roles_required(Role.APPLICANT)
def self_assessment(app_id: int):
    return render_template("applications/self_assessment.html", **pages.draft(_own(app_id)))


@bp.get("/<int:app_id>/export.json")
@roles_required(Role.APPLICANT, Role.ADMIN)
def export_json(app_id: int):
    app = get_or_404(Application, app_id, policies.can_view)
    response = Response(pages.export_body(app), mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="application-{app.id}-v{app.version}.json"'
    )
    return response


@bp.post("/<int:app_id>/import")
@roles_required(Role.APPLICANT)
def import_json(app_id: int):
    app = _own(app_id)
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Choose a JSON file to import."), "danger")
        return redirect(url_for("applications.overview", app_id=app.id))
    raw = form.file.data.read(services.MAX_IMPORT_BYTES + 1)
    if attempt(lambda: services.import_json(current_user, app, raw, form.version.data)):
        flash(_("The file has been imported into the draft."), "success")
    elif problems := pages.problems_of_last_error(app):
        return render_template("applications/import_problems.html", app=app, problems=problems), 422
    return redirect(url_for("applications.overview", app_id=app.id))


@bp.get("/<int:app_id>/check")
@roles_required(Role.APPLICANT)
def check_answers(app_id: int):
    app = _own(app_id)
    form = SubmitApplicationForm(version=app.version)
    return render_template("applications/check.html", form=form, **pages.check(app))


@bp.post("/<int:app_id>/submit")
@roles_required(Role.APPLICANT)
def submit(app_id: int):
    app = _own(app_id)
    form = SubmitApplicationForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm the commitment."), "danger")
    elif attempt(lambda: services.submit(current_user, app, form.version.data)):
        return redirect(url_for("applications.submitted", app_id=app.id))
    return redirect(url_for("applications.check_answers", app_id=app.id))


@bp.get("/<int:app_id>/submitted", endpoint="submitted")
@bp.get("/<int:app_id>/receipt", endpoint="receipt")
@roles_required(Role.APPLICANT)
def confirmation(app_id: int):
    """The confirmation of the submission with its reference number, or its printable
    receipt (受理回执)."""
    app = _own(app_id)
    context = pages.confirmation(app)
    if context is None:
        return redirect(url_for("applications.overview", app_id=app.id))
    page = "receipt" if request.endpoint == "applications.receipt" else "submitted"
    return render_template(f"applications/{page}.html", **context)


@bp.get("/<int:app_id>/status")
@roles_required(Role.APPLICANT)
def status(app_id: int):
    return render_template(
        "applications/status.html", form=ConfirmForm(), **pages.status(_own(app_id))
    )


@bp.post("/<int:app_id>/withdraw")
@roles_required(Role.APPLICANT)
def withdraw(app_id: int):
    app = _own(app_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if attempt(lambda: services.withdraw(current_user, app)):
        flash(_("The application has been withdrawn."), "info")
    return redirect(url_for("applications.status", app_id=app.id))
