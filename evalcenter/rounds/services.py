"""Creating and editing evaluation rounds and moving them through their lifecycle. Services
flush; every change is audited with its old and new values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from evalcenter.accounts.models import User
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.rounds import preconditions
from evalcenter.rounds.lifecycle import EDITABLE, ROUND, editable_settings
from evalcenter.rounds.models import EvaluationRound, RoundStatus
from evalcenter.rounds.rulesets import load_published, published

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class NewRound:
    name: str
    year: int
    description: str
    ruleset: str  # "<id>@<version>"
    opens_at: datetime  # naive, Beijing time
    closes_at: datetime
    status: str
    settings: dict[str, Any] = field(default_factory=dict)  # the review settings, by name


def ruleset_choices() -> list[tuple[str, str]]:
    return [
        (f"{i.id}@{i.version}", f"{i.title_zh or i.id} · v{i.version}")
        for i in published()
        if i.valid
    ]


def create_round(actor: User, spec: NewRound) -> EvaluationRound:
    match = next(
        (i for i in published() if i.valid and f"{i.id}@{i.version}" == spec.ruleset),
        None,
    )
    if match is None:
        raise ServiceError("unknown_ruleset", "ruleset")
    load_published(match.id, match.version, match.sha256)  # verified before pinning
    rnd = EvaluationRound(
        name=spec.name.strip(),
        year=spec.year,
        description=(spec.description or "").strip(),
        ruleset_id=match.id,
        ruleset_version=match.version,
        ruleset_sha256=match.sha256,
        status=spec.status,
        opens_at=spec.opens_at.replace(tzinfo=SHANGHAI),
        closes_at=spec.closes_at.replace(tzinfo=SHANGHAI),
        **DEFAULTS,
    )
    _apply_settings(rnd, spec.settings)
    audit.created(
        "round.create",
        rnd,
        actor=actor,
        after={
            "status": rnd.status,
            "ruleset": spec.ruleset,
            "sha256": match.sha256,
            "opens_at": rnd.opens_at.isoformat(),
            "closes_at": rnd.closes_at.isoformat(),
            **_shown_settings(rnd),
        },
    )
    return rnd


# setting -> the smallest and largest value it takes (None: no bound)
RANGES: dict[str, tuple[Any, Any]] = {
    "reviewers_per_application": (1, 20),
    "quota": (1, None),
    "publicity_days": (1, 30),
    "disagreement_threshold": (Decimal(0), Decimal(100)),
}
REQUIRED = ("reviewers_per_application", "publicity_days", "disagreement_threshold")
DEFAULTS = {
    "reviewers_per_application": 5,
    "publicity_days": 5,
    "disagreement_threshold": Decimal(20),
}


def _apply_settings(rnd: EvaluationRound, settings: dict[str, Any]) -> None:
    """Check the review settings against their ranges, the round's state and its closing
    time, then set them."""
    allowed = editable_settings(rnd.status)
    for name, value in settings.items():
        if name not in allowed:
            raise ServiceError("setting_locked", name, status=ROUND.labels[rnd.status])
        if value is None and name in REQUIRED:
            raise ServiceError("setting_required", name)
        low, high = RANGES.get(name, (None, None))
        if value is not None and (
            (low is not None and value < low) or (high is not None and value > high)
        ):
            raise ServiceError("setting_out_of_range", name, low=low, high=high or "")
    deadline = settings.get("review_deadline", rnd.review_deadline)
    if deadline is not None and deadline.tzinfo is None:
        deadline = _beijing(deadline)
    if deadline is not None and deadline <= rnd.closes_at:
        raise ServiceError("review_deadline_too_early", "review_deadline")
    for name, value in settings.items():
        setattr(rnd, name, deadline if name == "review_deadline" else value)


def _shown_settings(rnd: EvaluationRound) -> dict[str, Any]:
    """The review settings as the audit log keeps them (JSON: numbers as text)."""
    deadline = rnd.review_deadline
    return {
        "reviewers_per_application": rnd.reviewers_per_application,
        "review_deadline": deadline.astimezone(SHANGHAI).isoformat() if deadline else None,
        "quota": rnd.quota,
        "publicity_days": rnd.publicity_days,
        "disagreement_threshold": str(
            Decimal(rnd.disagreement_threshold).quantize(Decimal("0.01"))
        ),
    }


@dataclass(frozen=True)
class RoundChanges:
    name: str
    description: str
    opens_at: datetime  # naive, Beijing time
    closes_at: datetime


def _beijing(value: datetime) -> datetime:
    return value.replace(tzinfo=SHANGHAI)


def _shown(rnd: EvaluationRound) -> dict[str, str]:
    """The editable values as the audit log keeps them (times in Beijing time)."""
    return {
        "name": rnd.name,
        "description": rnd.description,
        "opens_at": rnd.opens_at.astimezone(SHANGHAI).isoformat(),
        "closes_at": rnd.closes_at.astimezone(SHANGHAI).isoformat(),
    }


def update_round(
    actor: User,
    rnd: EvaluationRound,
    changes: RoundChanges | None,
    settings: dict[str, Any],
    expected_version: int,
) -> EvaluationRound:
    """Change the name, description and dates of a round that has not closed yet (the
    deadline may be extended; ``changes`` None: they stay) and the review settings that may
    still change. Refused when someone saved the round since the form opened."""
    if expected_version != rnd.version:
        raise ServiceError("round_version_conflict")
    if changes is not None and rnd.status not in EDITABLE:
        raise ServiceError("round_not_editable", status=ROUND.labels[rnd.status])
    before = {**_shown(rnd), **_shown_settings(rnd)}
    if changes is not None:
        closes_at = _beijing(changes.closes_at)
        if rnd.status != RoundStatus.DRAFT and closes_at <= utcnow():
            raise ServiceError("deadline_in_past", "closes_at")
        rnd.name = changes.name.strip()
        rnd.description = (changes.description or "").strip()
        rnd.opens_at, rnd.closes_at = _beijing(changes.opens_at), closes_at
    _apply_settings(rnd, settings)
    old, new = audit.changes(before, {**_shown(rnd), **_shown_settings(rnd)})
    if new:
        db.session.flush()
        audit.record("round.update", rnd, actor=actor, before=old, after=new)
    return rnd


def change_status(
    actor: User, rnd: EvaluationRound, action: str, expected_version: int
) -> EvaluationRound:
    """Move the round by one action of its transition table, once the action's
    preconditions (``rounds.preconditions``) hold. Refused when someone changed the round
    since the confirmation page was opened."""
    if action not in ROUND.transitions or action == "reopen":
        raise ServiceError("transition_refused", thing=ROUND.thing, status=ROUND.labels[rnd.status])
    target = ROUND.target(action, rnd.status)
    if expected_version != rnd.version:
        raise ServiceError("round_changed")
    preconditions.check(rnd, action)
    before = rnd.status
    rnd.status = target
    if target == RoundStatus.FINISHED:
        rnd.finished_at = utcnow()
    db.session.flush()
    audit.record(
        "round.status", rnd, actor=actor, before={"status": before}, after={"status": rnd.status}
    )
    return rnd


def reopen(actor: User, rnd: EvaluationRound, reason: str, closes_at: datetime) -> EvaluationRound:
    """Open a round closed by mistake again, with a reason and a new deadline in the future."""
    new_status = ROUND.target("reopen", rnd.status)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("reopen_reason_required", "reason")
    deadline = _beijing(closes_at)
    if deadline <= utcnow():
        raise ServiceError("deadline_in_past", "closes_at")
    before = {"status": rnd.status, "closes_at": _shown(rnd)["closes_at"]}
    rnd.status, rnd.closes_at = new_status, deadline
    db.session.flush()
    after = {"status": rnd.status, "closes_at": _shown(rnd)["closes_at"], "reason": reason}
    audit.record("round.reopen", rnd, actor=actor, before=before, after=after)
    return rnd
