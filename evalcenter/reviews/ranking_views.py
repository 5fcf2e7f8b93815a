"""Administrators' results of a round: the ranking (filterable, with the quota line and the
pending applications apart), its downloads and the reviewer calibration."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.reviews import calibration, exports, panel
from evalcenter.reviews.policies import can_see_results
from evalcenter.reviews.ranking import Filters, round_ranking
from evalcenter.rounds.models import EvaluationRound

bp = Blueprint("admin_ranking", __name__, url_prefix="/admin/rounds")


@bp.app_template_global()
def application_panel(app):
    """The panel section of the administrators' application page (None: not scored)."""
    return panel.application_panel(app)


@bp.get("/<int:round_id>/ranking")
@roles_required(Role.ADMIN, hidden=True)
def ranking(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, can_see_results)
    full = round_ranking(rnd)
    filters = Filters.parse(request.args, full.choices)
    shown = full.filtered(filters)
    quota_ids = full.within_quota if rnd.status == "deciding" else []
    return render_template(
        "reviews/ranking.html", rnd=rnd, ranking=shown, filters=filters, quota_ids=quota_ids
    )


DOWNLOADS = {  # endpoint: what, in which format
    "admin_ranking.ranking_csv": ("ranking", exports.csv_download),
    "admin_ranking.panel_csv": ("panel", exports.csv_download),
    "admin_ranking.ranking_xlsx": ("ranking", exports.xlsx_download),
}


@bp.get("/<int:round_id>/ranking.csv", endpoint="ranking_csv")
@bp.get("/<int:round_id>/panel.csv", endpoint="panel_csv")
@bp.get("/<int:round_id>/ranking.xlsx", endpoint="ranking_xlsx")
@roles_required(Role.ADMIN, hidden=True)
def download(round_id: int) -> Response:
    """The ranking or the panel results as a file (reviewers by code only)."""
    rnd = get_or_404(EvaluationRound, round_id, can_see_results)
    name, build = DOWNLOADS[request.endpoint]
    body, mimetype, filename = build(round_ranking(rnd), name)
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = exports.attachment_header(filename)
    return response


@bp.get("/<int:round_id>/calibration")
@roles_required(Role.ADMIN, hidden=True)
def calibration_page(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, can_see_results)
    report = calibration.round_calibration(rnd)
    return render_template("reviews/calibration.html", rnd=rnd, report=report)
