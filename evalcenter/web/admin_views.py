"""Administrators' pages that span rounds and applications: the rounds overview with each
round's applications, and what-if (a candidate ruleset tried on a round's applications)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import func, select

from evalcenter.applications.models import Application
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.rounds.lifecycle import ACTION_LABELS, actions_for
from evalcenter.rounds.models import EvaluationRound
from evalcenter.web.what_if import candidates, what_if

bp = Blueprint("web_admin", __name__, url_prefix="/admin")


@bp.get("/rounds")
@roles_required(Role.ADMIN)
def rounds():
    listed = db.session.scalars(
        select(EvaluationRound).order_by(EvaluationRound.year.desc(), EvaluationRound.id.desc())
    )
    counts = select(Application.round_id, func.count(Application.id)).group_by(Application.round_id)
    return render_template(
        "admin/rounds.html",
        rounds=list(listed),
        counts=dict(db.session.execute(counts).all()),
        actions_for=actions_for,
        action_labels=ACTION_LABELS,
        form=ConfirmForm(),
    )


@bp.get("/rulesets/what-if/<int:round_id>")
@roles_required(Role.ADMIN)
def what_if_page(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id)
    options = candidates()
    chosen = request.args.get("candidate", "")
    match = next((c for c in options if f"{c.id}@{c.version}" == chosen), None)
    if chosen and match is None:
        abort(404)
    diff, error = what_if(rnd, match) if match else (None, None)
    return render_template(
        "admin/what_if.html", rnd=rnd, candidates=options, chosen=chosen, diff=diff, error=error
    )
