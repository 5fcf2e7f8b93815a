"""The public publicity page (公示), without login: for each round under publicity the
recognised organisations (name, industry field, district), the period, and the objection
form. Nothing else: no scores, no reviewers."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from evalcenter.core.permissions import get_or_404
from evalcenter.core.transaction import attempt
from evalcenter.decisions import objections, policies, queries
from evalcenter.decisions.forms import ObjectionForm
from evalcenter.extensions import limiter
from evalcenter.rounds.models import EvaluationRound

bp = Blueprint("publicity", __name__, url_prefix="/publicity")


def _objection_limit() -> str:
    return current_app.config.get("OBJECTION_RATE_LIMIT", "5 per hour")


@bp.get("")
def index():
    rounds = [(rnd, queries.recognised(rnd)) for rnd in queries.publicity_rounds()]
    return render_template("publicity/index.html", rounds=rounds)


@bp.route("/<int:round_id>", methods=["GET", "POST"])
@limiter.limit(_objection_limit, methods=["POST"])
def show(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, policies.can_view_publicity)
    listed = queries.recognised(rnd)
    form = ObjectionForm()
    form.application_id.choices = [(0, _("Choose an organisation"))] + [
        (row.app_id, row.name) for row in listed
    ]
    if form.validate_on_submit():
        spec = form.spec()
        if attempt(lambda: objections.file(rnd, spec), form):
            flash(
                _("Your objection has been received. The programme office will contact you."),
                "success",
            )
            return redirect(url_for("publicity.show", round_id=rnd.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("publicity/show.html", rnd=rnd, listed=listed, form=form), status
