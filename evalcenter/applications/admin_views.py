"""Administrators see a round's applications and do the formal check."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from evalcenter.applications import services
from evalcenter.applications.access import application_or_404
from evalcenter.applications.forms import FormalCheckForm
from evalcenter.applications.messages import error_message
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.applications.scoring_service import latest_score
from evalcenter.applications.sections import SECTIONS
from evalcenter.applications.timeline import timeline
from evalcenter.core.permissions import roles_required
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import ruleset_for_round

bp = Blueprint("admin_applications", __name__, url_prefix="/admin")


def _score_current(app) -> bool | None:
    score = latest_score(app)
    return None if score is None else score.ruleset_sha256 == app.round.ruleset_sha256


@bp.get("/rounds/<int:round_id>/applications")
@roles_required(Role.ADMIN)
def round_applications(round_id: int):
    rnd = db.session.get(EvaluationRound, round_id) or abort(404)
    status = request.args.get("status", "")
    stmt = (
        select(Application)
        .where(Application.round_id == rnd.id)
        .options(selectinload(Application.organisation))
        .order_by(Application.submitted_at.is_(None), Application.submitted_at, Application.id)
    )
    if status in {s.value for s in ApplicationStatus}:
        stmt = stmt.where(Application.status == status)
    page = db.paginate(stmt, per_page=50, error_out=False)
    return render_template("admin/round_applications.html", rnd=rnd, page=page, status=status)


@bp.get("/applications/<int:app_id>")
@roles_required(Role.ADMIN)
def show_application(app_id: int):
    app = application_or_404(app_id)
    ruleset = ruleset_for_round(app.round)
    snapshot = app.snapshots[-1] if app.snapshots else None
    return render_template(
        "admin/application_show.html",
        app=app,
        snapshot=snapshot,
        sections=SECTIONS,
        specs={s.key: s for s in ruleset.inputs},
        form=FormalCheckForm(),
        timeline=timeline(app),
        data=snapshot.data if snapshot else app.data,
        score=latest_score(app),
        score_current=_score_current(app),
    )


@bp.post("/applications/<int:app_id>/formal-check")
@roles_required(Role.ADMIN)
def formal_check(app_id: int):
    app = application_or_404(app_id)
    form = FormalCheckForm()
    if not form.validate_on_submit():
        flash(_("Enter the number of verified discrepancies as a whole number from 0."), "danger")
        return redirect(url_for("admin_applications.show_application", app_id=app.id))
    accept = request.form.get("decision") == "accept"
    try:
        services.formal_check(
            current_user,
            app,
            accept,
            form.reason.data or "",
            (form.discrepancies.data or 0) if accept else 0,
        )
        db.session.commit()
    except services.ApplicationError as err:
        db.session.rollback()
        flash(error_message(err), "danger")
    else:
        flash(
            _("The application has been accepted.")
            if accept
            else _("The application has been returned for correction."),
            "success",
        )
    return redirect(url_for("admin_applications.show_application", app_id=app.id))
