"""The read side of the pages that span features."""

from __future__ import annotations

from sqlalchemy import func, select

from evalcenter.applications.models import Application
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound


def rounds_overview() -> tuple[list[EvaluationRound], dict[int, int]]:
    """Every round, newest first, and how many applications each has: two statements."""
    rounds = db.session.scalars(
        select(EvaluationRound).order_by(EvaluationRound.year.desc(), EvaluationRound.id.desc())
    )
    counts = select(Application.round_id, func.count(Application.id)).group_by(Application.round_id)
    return list(rounds), dict(db.session.execute(counts).all())
