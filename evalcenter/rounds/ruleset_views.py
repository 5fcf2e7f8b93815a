"""Administrators read the published rulesets and which rounds are pinned to each."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext
from sqlalchemy import select

from evalcenter.core.i18n import is_chinese
from evalcenter.core.permissions import roles_required
from evalcenter.core.roles import Role
from evalcenter.core.vocabulary import unit_text
from evalcenter.explain import ruleset_in_words
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import published
from evalcenter.scoring import load_ruleset

bp = Blueprint("rulesets", __name__, url_prefix="/admin/rulesets")


def _rounds_by_ruleset() -> dict[tuple[str, int, str], list[EvaluationRound]]:
    out: dict[tuple[str, int, str], list[EvaluationRound]] = {}
    for rnd in db.session.scalars(select(EvaluationRound).order_by(EvaluationRound.year.desc())):
        out.setdefault((rnd.ruleset_id, rnd.ruleset_version, rnd.ruleset_sha256), []).append(rnd)
    return out


@bp.get("")
@roles_required(Role.ADMIN)
def list_all():
    return render_template("admin/rulesets.html", infos=published(), rounds=_rounds_by_ruleset())


def _info(ruleset_id: str, version: int):
    for info in published():
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
        rs=ruleset_in_words(ruleset, gettext, is_chinese(), unit_text),
        rounds=rounds,
        source=info.path.read_text(encoding="utf-8"),
    )
