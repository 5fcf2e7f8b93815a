"""Administrators read the published rulesets and try a new one on a round (what-if)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select

from evalcenter.core.permissions import roles_required
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import rules_dir
from evalcenter.rounds.what_if import what_if
from evalcenter.scoring import RulesetError, list_rulesets, load_ruleset

bp = Blueprint("rulesets", __name__, url_prefix="/admin/rulesets")


def _rounds_by_ruleset() -> dict[tuple[str, int, str], list[EvaluationRound]]:
    out: dict[tuple[str, int, str], list[EvaluationRound]] = {}
    for rnd in db.session.scalars(select(EvaluationRound).order_by(EvaluationRound.year.desc())):
        out.setdefault((rnd.ruleset_id, rnd.ruleset_version, rnd.ruleset_sha256), []).append(rnd)
    return out


@bp.get("")
@roles_required(Role.ADMIN)
def list_all():
    return render_template(
        "admin/rulesets.html", infos=list_rulesets(rules_dir()), rounds=_rounds_by_ruleset()
    )


def _info(ruleset_id: str, version: int):
    for info in list_rulesets(rules_dir()):
        if info.valid and info.id == ruleset_id and info.version == version:
            return info
    abort(404)


@bp.get("/<ruleset_id>/<int:version>")
@roles_required(Role.ADMIN)
def show(ruleset_id: str, version: int):
    info = _info(ruleset_id, version)
    ruleset = load_ruleset(info.path)
    rounds = _rounds_by_ruleset().get((ruleset.id, ruleset.version, ruleset.sha256), [])
    return render_template(
        "admin/ruleset_show.html",
        rs=ruleset.describe(),
        rounds=rounds,
        source=info.path.read_text(encoding="utf-8"),
    )


@bp.get("/what-if/<int:round_id>")
@roles_required(Role.ADMIN)
def what_if_page(round_id: int):
    rnd = db.session.get(EvaluationRound, round_id) or abort(404)
    candidates = [i for i in list_rulesets(rules_dir()) if i.valid]
    chosen = request.args.get("candidate", "")
    diff = error = None
    if chosen:
        match = next((i for i in candidates if f"{i.id}@{i.version}" == chosen), None)
        if match is None:
            abort(404)
        try:
            diff = what_if(rnd, load_ruleset(match.path))
        except RulesetError as err:
            error = "; ".join(str(p) for p in err.problems)
    return render_template(
        "admin/what_if.html", rnd=rnd, candidates=candidates, chosen=chosen, diff=diff, error=error
    )
