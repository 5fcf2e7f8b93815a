"""Administrators create evaluation rounds and move them through their lifecycle."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.rounds import policies, services
from evalcenter.rounds.forms import RoundForm
from evalcenter.rounds.models import EvaluationRound

bp = Blueprint("rounds", __name__, url_prefix="/admin/rounds")


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def create():
    form = RoundForm()
    form.ruleset.choices = services.ruleset_choices()
    if form.validate_on_submit():
        spec = services.NewRound(**{name: form[name].data for name in services.NewRound.fields()})
        rnd = attempt(lambda: services.create_round(current_user, spec), form)
        if rnd:
            flash(_("The round %(name)s has been created.", name=rnd.name), "success")
            return redirect(url_for("web_admin.rounds"))
    return render_template("admin/round_new.html", form=form)


@bp.post("/<int:round_id>/status")
@roles_required(Role.ADMIN)
def set_status(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, policies.can_manage)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if attempt(lambda: services.change_status(current_user, rnd, request.form.get("action", ""))):
        flash(_("The round's status has been changed."), "success")
    return redirect(url_for("web_admin.rounds"))
