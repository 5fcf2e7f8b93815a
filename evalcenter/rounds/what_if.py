"""What-if: score a round's applications under its pinned ruleset and a candidate one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import ruleset_for_round
from evalcenter.scoring import CorpusEntry, Ruleset, RulesetDiff, diff_rulesets


def round_corpus(rnd: EvaluationRound) -> list[CorpusEntry]:
    """Each live application of the round: its latest submitted data, else its draft."""
    apps = db.session.scalars(
        select(Application)
        .where(Application.round_id == rnd.id, Application.status != ApplicationStatus.WITHDRAWN)
        .options(selectinload(Application.snapshots), selectinload(Application.organisation))
        .order_by(Application.id)
    )
    corpus = []
    for app in apps:
        data = dict(app.snapshots[-1].data if app.snapshots else app.data)
        corpus.append(
            CorpusEntry(
                name=app.organisation.name,
                data=data,
                reviews=None,
                submitted_at=app.submitted_at.isoformat() if app.submitted_at else None,
            )
        )
    return corpus


def what_if(rnd: EvaluationRound, candidate: Ruleset) -> RulesetDiff:
    return diff_rulesets(ruleset_for_round(rnd), candidate, round_corpus(rnd))
