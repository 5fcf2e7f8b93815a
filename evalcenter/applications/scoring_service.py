"""Scoring a submitted version with the round's pinned ruleset and storing the result."""

from __future__ import annotations

from evalcenter.accounts.models import User
from evalcenter.applications.models import Application
from evalcenter.applications.score_models import ApplicationScore
from evalcenter.core import audit
from evalcenter.extensions import db
from evalcenter.rounds.rulesets import ruleset_for_round
from evalcenter.scoring import Source


def score_latest_snapshot(actor: User, app: Application, discrepancies: int) -> ApplicationScore:
    """Score the latest submitted version with the administrators' verified discrepancies.

    The round's rule file is verified against its pinned sha256 first (a changed file raises
    RulesetIntegrityError); the stored score records the version and sha256 used.
    """
    snapshot = app.latest_snapshot
    ruleset = ruleset_for_round(app.round)
    data = {**snapshot.data, "verified_discrepancies": discrepancies}
    result = ruleset.evaluate(data, source=Source.ADMIN)
    score = ApplicationScore(
        application=app,
        snapshot_number=snapshot.number,
        ruleset_id=ruleset.id,
        ruleset_version=ruleset.version,
        ruleset_sha256=ruleset.sha256,
        verified_discrepancies=discrepancies,
        eligible=result.eligible,
        quantitative=result.quantitative,
        result={**result.to_dict(), "trace": [s.to_dict() for s in result.trace]},
        computed_by_id=actor.id,
    )
    db.session.add(score)
    db.session.flush()
    audit.record(
        "application.score",
        app,
        actor=actor,
        after={
            "snapshot": snapshot.number,
            "quantitative": str(result.quantitative),
            "eligible": result.eligible,
            "ruleset": f"{ruleset.id}@{ruleset.version}",
            "sha256": ruleset.sha256,
        },
    )
    return score


def latest_score(app: Application) -> ApplicationScore | None:
    return app.scores[-1] if app.scores else None


def score_is_current(app: Application) -> bool | None:
    """Whether the latest stored score used the round's pinned ruleset (None: no score)."""
    score = latest_score(app)
    return None if score is None else score.ruleset_sha256 == app.round.ruleset_sha256
