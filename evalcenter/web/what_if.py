"""What-if: score a round's applications under its pinned ruleset and a candidate one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import published, ruleset_for_round
from evalcenter.scoring import (
    CorpusEntry,
    RulesetDiff,
    RulesetError,
    RulesetInfo,
    diff_rulesets,
    load_ruleset,
)


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
        data = dict(app.latest_snapshot.data if app.latest_snapshot else app.data)
        corpus.append(
            CorpusEntry(
                name=app.organisation.name,
                data=data,
                reviews=None,
                submitted_at=app.submitted_at.isoformat() if app.submitted_at else None,
            )
        )
    return corpus


def candidates() -> list[RulesetInfo]:
    """The valid published rulesets a round's applications can be tried under."""
    return [info for info in published() if info.valid]


def what_if(rnd: EvaluationRound, candidate: RulesetInfo) -> tuple[RulesetDiff | None, str | None]:
    """The comparison, or why the candidate could not be loaded."""
    try:
        ruleset = load_ruleset(candidate.path)
    except RulesetError as err:
        return None, "; ".join(str(p) for p in err.problems)
    return diff_rulesets(ruleset_for_round(rnd), ruleset, round_corpus(rnd)), None
