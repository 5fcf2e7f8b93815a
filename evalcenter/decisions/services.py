"""Recognition decisions: recognise or not, with a rationale (required for "not recognised"),
one application at a time or several at once. A decision needs a panel score; re-deciding
updates the one decision of the application. Decisions stay internal until the publicity
starts (:mod:`.publicity`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from evalcenter.accounts.models import User
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.labels import ROUND_STATUS_LABELS
from evalcenter.core.types import utcnow
from evalcenter.decisions.models import Decision, Outcome
from evalcenter.extensions import db
from evalcenter.reviews.models import Assignment, AssignmentStatus, Review, ReviewStatus
from evalcenter.rounds.models import EvaluationRound, RoundStatus
from evalcenter.rounds.rulesets import ruleset_for_round

DECIDABLE = (ApplicationStatus.ACCEPTED, ApplicationStatus.UNDER_REVIEW)
MAX_RATIONALE = 2000


def panel_minimum(rnd: EvaluationRound) -> int:
    """The fewest submitted reviews that give a panel score under the round's ruleset."""
    return ruleset_for_round(rnd).model.expert.panel_rules[-1].min_reviews


def submitted_reviews(application_ids: Sequence[int]) -> dict[int, int]:
    """Application id -> number of submitted reviews of non-recused reviewers (one query)."""
    if not application_ids:
        return {}
    rows = db.session.execute(
        select(Review.application_id, func.count(Review.id))
        .join(Assignment, Assignment.id == Review.assignment_id)
        .where(
            Review.application_id.in_(list(application_ids)),
            Review.status == ReviewStatus.SUBMITTED,
            Assignment.status != AssignmentStatus.RECUSED,
        )
        .group_by(Review.application_id)
    )
    return dict(rows.all())


def decision_for(app: Application) -> Decision | None:
    return db.session.scalar(select(Decision).where(Decision.application_id == app.id))


def _check(app: Application, outcome: str, rationale: str, reviews: int, minimum: int) -> None:
    name = app.organisation.name
    if app.round.status != RoundStatus.DECIDING:
        status = ROUND_STATUS_LABELS.get(app.round.status, app.round.status)
        raise ServiceError("round_not_deciding", status=status)
    if app.status not in DECIDABLE:
        raise ServiceError("application_not_decidable", name=name)
    if outcome not in set(Outcome):
        raise ServiceError("outcome_required", "outcome")
    if outcome == Outcome.NOT_RECOGNISED and not rationale:
        raise ServiceError("rationale_required", "rationale")
    if len(rationale) > MAX_RATIONALE:
        raise ServiceError("rationale_too_long", "rationale", n=MAX_RATIONALE)
    if reviews < minimum:
        raise ServiceError("no_panel_score", name=name, n=reviews, minimum=minimum)


def _apply(
    actor: User, app: Application, outcome: str, rationale: str, expected_version: int | None
) -> Decision:
    decision = decision_for(app)
    if decision is None:
        decision = Decision(
            round_id=app.round_id,
            application_id=app.id,
            outcome=outcome,
            rationale=rationale,
            decided_by_id=actor.id,
        )
        audit.created(
            "decision.create",
            decision,
            actor=actor,
            object_label=app.organisation.name,
            after={"outcome": outcome, "rationale": rationale},
        )
        return decision
    if expected_version is not None and expected_version != decision.version:
        raise ServiceError("decision_version_conflict")
    before = {"outcome": decision.outcome, "rationale": decision.rationale}
    after = {"outcome": outcome, "rationale": rationale}
    old, new = audit.changes(before, after)
    if new:
        decision.outcome, decision.rationale = outcome, rationale
        decision.decided_by_id, decision.decided_at = actor.id, utcnow()
        db.session.flush()
        audit.record(
            "decision.update",
            decision,
            actor=actor,
            object_label=app.organisation.name,
            before=old,
            after=new,
        )
    return decision


def decide(
    actor: User,
    app: Application,
    outcome: str,
    rationale: str,
    expected_version: int | None = None,
) -> Decision:
    """Recognise ``app`` or not. ``expected_version`` is the decision's version the form was
    opened on (None for a first decision): a decision changed since is refused."""
    rationale = (rationale or "").strip()
    reviews = submitted_reviews([app.id]).get(app.id, 0)
    _check(app, outcome, rationale, reviews, panel_minimum(app.round))
    return _apply(actor, app, outcome, rationale, expected_version)


def selected(rnd: EvaluationRound, application_ids: Sequence[int]) -> list[Application]:
    """The round's applications among ``application_ids``, in a stable order (one query)."""
    if not application_ids:
        return []
    query = (
        select(Application)
        .where(Application.round_id == rnd.id, Application.id.in_(list(application_ids)))
        .order_by(Application.id)
    )
    return list(db.session.scalars(query))


def decide_many(
    actor: User, rnd: EvaluationRound, application_ids: Sequence[int], outcome: str, rationale: str
) -> list[Decision]:
    """The same decision for each selected application: all of them, or none when one of
    them cannot be decided (the message names it)."""
    apps = selected(rnd, application_ids)
    if not apps:
        raise ServiceError("nothing_selected")
    rationale = (rationale or "").strip()
    counts, minimum = submitted_reviews([a.id for a in apps]), panel_minimum(rnd)
    for app in apps:
        _check(app, outcome, rationale, counts.get(app.id, 0), minimum)
    return [_apply(actor, app, outcome, rationale, None) for app in apps]
