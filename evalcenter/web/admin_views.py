"""Administrators' pages that span rounds and applications: the rounds overview with each
round's applications, and what-if (a candidate ruleset tried on a round's applications)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.rounds.lifecycle import ACTION_LABELS, ACTION_PAGES
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.policies import can_manage
from evalcenter.web import queries
from evalcenter.web.what_if import candidates, what_if

bp = Blueprint("web_admin", __name__, url_prefix="/admin")


@bp.get("/rounds")
@roles_required(Role.ADMIN)
def rounds():
    listed, counts = queries.rounds_overview()
    return render_template(
        "admin/rounds.html",
        rounds=listed,
        counts=counts,
        action_labels=ACTION_LABELS,
        action_pages=ACTION_PAGES,
    )


@bp.get("/rulesets/what-if/<int:round_id>")
@roles_required(Role.ADMIN)
def what_if_page(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, can_manage)
    options = candidates()
    chosen = request.args.get("candidate", "")
    if chosen and chosen not in options:
        abort(404)
    figures, error = what_if(rnd, chosen) if chosen else (None, None)
    return render_template(
        "admin/what_if.html",
        rnd=rnd,
        candidates=options,
        chosen=chosen,
        figures=figures,
        error=error,
    )
