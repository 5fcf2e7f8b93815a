"""Administrators list, create, open and close evaluation rounds."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from evalcenter.applications.models import Application
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import roles_required
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.rounds import services
from evalcenter.rounds.forms import RoundForm
from evalcenter.rounds.models import EvaluationRound

bp = Blueprint("rounds", __name__, url_prefix="/admin/rounds")


@bp.get("")
@roles_required(Role.ADMIN)
def list_rounds():
    rounds = list(
        db.session.scalars(
            select(EvaluationRound).order_by(EvaluationRound.year.desc(), EvaluationRound.id.desc())
        )
    )
    counts = dict(
        db.session.execute(
            select(Application.round_id, func.count(Application.id)).group_by(Application.round_id)
        ).all()
    )
    return render_template(
        "admin/rounds.html",
        rounds=rounds,
        counts=counts,
        next_status=services.NEXT_STATUS,
        form=ConfirmForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create():
    form = RoundForm()
    form.ruleset.choices = services.ruleset_choices()
    if form.validate_on_submit():
        spec = services.NewRound(
            name=form.name.data,
            year=form.year.data,
            description=form.description.data or "",
            ruleset=form.ruleset.data,
            opens_at=form.opens_at.data,
            closes_at=form.closes_at.data,
            status=form.status.data,
        )
        try:
            rnd = services.create_round(current_user, spec)
        except services.RoundError:
            db.session.rollback()
            form.ruleset.errors = [_("Choose one of the listed rulesets.")]
        else:
            db.session.commit()
            flash(_("The round %(name)s has been created.", name=rnd.name), "success")
            return redirect(url_for("rounds.list_rounds"))
    return render_template("admin/round_new.html", form=form)


@bp.post("/<int:round_id>/status")
@roles_required(Role.ADMIN)
def set_status(round_id: int):
    rnd = db.session.get(EvaluationRound, round_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.change_status(current_user, rnd, request.form.get("status", ""))
    except services.RoundError:
        flash(_("That status change is not possible for this round."), "danger")
    else:
        db.session.commit()
        flash(_("The round's status has been changed."), "success")
    return redirect(url_for("rounds.list_rounds"))
