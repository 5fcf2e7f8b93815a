"""Applicants fill in, check and submit their organisation's application."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from evalcenter.applications import services
from evalcenter.applications.access import application_or_404
from evalcenter.applications.drafts import completeness, from_form_text, to_form_text
from evalcenter.applications.forms import ImportForm, SubmitApplicationForm, section_form_class
from evalcenter.applications.messages import error_message, problem_text
from evalcenter.applications.sections import SECTION_BY_ID, SECTIONS
from evalcenter.applications.self_assessment import assess
from evalcenter.applications.timeline import timeline
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import roles_required
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import ruleset_for_round

bp = Blueprint("applications", __name__, url_prefix="/applications")


def _version() -> int | None:
    raw = request.form.get("version", "")
    return int(raw) if raw.isdigit() else -1


@bp.post("/start/<int:round_id>")
@roles_required(Role.APPLICANT)
def start(round_id: int):
    rnd = db.session.get(EvaluationRound, round_id)
    if rnd is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        app = services.start(current_user, rnd)
    except services.ApplicationError as err:
        flash(error_message(err), "danger")
        return redirect(url_for("web.index"))
    db.session.commit()
    return redirect(url_for("applications.overview", app_id=app.id))


@bp.get("/<int:app_id>")
@roles_required(Role.APPLICANT)
def overview(app_id: int):
    app = application_or_404(app_id)
    ruleset = ruleset_for_round(app.round)
    return render_template(
        "applications/overview.html",
        app=app,
        sections=SECTIONS,
        status=completeness(app.data),
        assessment=assess(ruleset, app.data),
        missing_kinds=services.missing_attachment_kinds(app),
        import_form=ImportForm(),
        editable=services.is_editable(app),
    )


def _fill(form, section, app, specs) -> None:
    for key in section.keys:
        if key in specs and key in form:
            form[key].data = to_form_text(specs[key].kind, app.data.get(key))
    form.version.data = str(app.version)


@bp.route("/<int:app_id>/sections/<section_id>", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def section(app_id: int, section_id: str):
    app = application_or_404(app_id)
    section = SECTION_BY_ID.get(section_id) or abort(404)
    ruleset = ruleset_for_round(app.round)
    form = section_form_class(ruleset, section_id)()
    specs = {s.key: s for s in ruleset.inputs}
    conflict = False
    if request.method == "GET":
        _fill(form, section, app, specs)
    elif form.validate_on_submit():
        answers = {
            key: from_form_text(specs[key].kind, form[key].data)
            for key in section.keys
            if key in specs
        }
        try:
            services.save_section(current_user, app, section_id, answers, _version())
            db.session.commit()
        except services.InvalidData as err:
            db.session.rollback()
            _attach_problems(form, err.problems)
            flash(error_message(err), "danger")
        except (services.VersionConflict, StaleDataError):
            db.session.rollback()
            conflict = True
            flash(error_message(services.ApplicationError("version_conflict")), "danger")
        except services.ApplicationError as err:
            db.session.rollback()
            flash(error_message(err), "danger")
        else:
            flash(_("Saved. The self-assessment below has been updated."), "success")
            if form.save_next.data:
                return redirect(_next_section_url(app, section_id))
            return redirect(url_for("applications.section", app_id=app.id, section_id=section_id))
    return render_template(
        "applications/section.html",
        app=app,
        section=section,
        form=form,
        sections=SECTIONS,
        status=completeness(app.data),
        conflict=conflict,
        assessment=assess(ruleset, app.data),
        editable=services.is_editable(app),
    )


def _attach_problems(form, problems) -> None:
    for problem in problems:
        if problem.key in form:
            form[problem.key].errors = [
                *form[problem.key].errors,
                problem_text(problem, with_key=False),
            ]
        else:
            form.form_errors.append(problem_text(problem))


def _next_section_url(app, section_id: str) -> str:
    ids = [s.id for s in SECTIONS]
    index = ids.index(section_id)
    if index + 1 < len(ids):
        return url_for("applications.section", app_id=app.id, section_id=ids[index + 1])
    return url_for("attachments.manage", app_id=app.id)


@bp.get("/<int:app_id>/self-assessment")
@roles_required(Role.APPLICANT)
def self_assessment(app_id: int):
    app = application_or_404(app_id)
    ruleset = ruleset_for_round(app.round)
    return render_template(
        "applications/self_assessment.html",
        app=app,
        ruleset=ruleset,
        assessment=assess(ruleset, app.data),
    )


@bp.get("/<int:app_id>/export.json")
@roles_required(Role.APPLICANT, Role.ADMIN)
def export_json(app_id: int):
    app = application_or_404(app_id)
    body = json.dumps(app.data, ensure_ascii=False, indent=1, sort_keys=False)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="application-{app.id}-v{app.version}.json"'
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.post("/<int:app_id>/import")
@roles_required(Role.APPLICANT)
def import_json(app_id: int):
    app = application_or_404(app_id)
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Choose a JSON file to import."), "danger")
        return redirect(url_for("applications.overview", app_id=app.id))
    raw = form.file.data.read(2 * 1024 * 1024 + 1)
    if len(raw) > 2 * 1024 * 1024:
        flash(_("The JSON file is larger than 2 MB; it cannot be an application."), "danger")
        return redirect(url_for("applications.overview", app_id=app.id))
    try:
        services.import_json(current_user, app, raw, _version())
        db.session.commit()
    except services.InvalidData as err:
        db.session.rollback()
        return render_template(
            "applications/import_problems.html",
            app=app,
            problems=[(p.key, problem_text(p)) for p in err.problems],
        ), 422
    except (services.ApplicationError, StaleDataError) as err:
        db.session.rollback()
        flash(error_message(err), "danger")
    else:
        flash(_("The file has been imported into the draft."), "success")
    return redirect(url_for("applications.overview", app_id=app.id))


@bp.get("/<int:app_id>/check")
@roles_required(Role.APPLICANT)
def check_answers(app_id: int):
    app = application_or_404(app_id)
    ruleset = ruleset_for_round(app.round)
    form = SubmitApplicationForm(version=str(app.version))
    problems = services.submission_problems(app) if app.status in services.EDITABLE else []
    return render_template(
        "applications/check.html",
        app=app,
        ruleset=ruleset,
        form=form,
        sections=SECTIONS,
        problems=[(p.key, problem_text(p)) for p in problems],
        specs={s.key: s for s in ruleset.inputs},
    )


@bp.post("/<int:app_id>/submit")
@roles_required(Role.APPLICANT)
def submit(app_id: int):
    app = application_or_404(app_id)
    form = SubmitApplicationForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm the commitment."), "danger")
        return redirect(url_for("applications.check_answers", app_id=app.id))
    try:
        services.submit(current_user, app, _version())
        db.session.commit()
    except services.InvalidData:
        db.session.rollback()
        flash(_("The application is not complete yet; see the list below."), "danger")
        return redirect(url_for("applications.check_answers", app_id=app.id))
    except (services.ApplicationError, StaleDataError) as err:
        db.session.rollback()
        flash(error_message(err), "danger")
        return redirect(url_for("applications.check_answers", app_id=app.id))
    flash(_("The application has been submitted."), "success")
    return redirect(url_for("applications.status", app_id=app.id))


@bp.get("/<int:app_id>/status")
@roles_required(Role.APPLICANT)
def status(app_id: int):
    app = application_or_404(app_id)
    return render_template(
        "applications/status.html",
        app=app,
        timeline=timeline(app),
        form=ConfirmForm(),
        can_withdraw=app.status in services.WITHDRAWABLE,
    )


@bp.post("/<int:app_id>/withdraw")
@roles_required(Role.APPLICANT)
def withdraw(app_id: int):
    app = application_or_404(app_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw(current_user, app, None)
        db.session.commit()
        flash(_("The application has been withdrawn."), "info")
    except services.ApplicationError as err:
        db.session.rollback()
        flash(error_message(err), "danger")
    return redirect(url_for("applications.status", app_id=app.id))
