"""Creating and editing evaluation rounds and moving them through their lifecycle. Services
flush; every change is audited with its old and new values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from evalcenter.accounts.models import User
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.rounds.lifecycle import EDITABLE, ROUND, STATUS_ACTIONS
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

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        return tuple(cls.__dataclass_fields__)


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
    )
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
        },
    )
    return rnd


@dataclass(frozen=True)
class RoundChanges:
    name: str
    description: str
    opens_at: datetime  # naive, Beijing time
    closes_at: datetime

    @classmethod
    def fields(cls) -> tuple[str, ...]:
        return tuple(cls.__dataclass_fields__)


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
    actor: User, rnd: EvaluationRound, changes: RoundChanges, expected_version: int
) -> EvaluationRound:
    """Change the name, description and dates of a round that has not closed yet (the
    deadline may be extended). Refused when someone saved the round since the form opened."""
    if expected_version != rnd.version:
        raise ServiceError("round_version_conflict")
    if rnd.status not in EDITABLE:
        raise ServiceError("round_not_editable", status=ROUND.labels[rnd.status])
    closes_at = _beijing(changes.closes_at)
    if rnd.status != RoundStatus.DRAFT and closes_at <= utcnow():
        raise ServiceError("deadline_in_past", "closes_at")
    before = _shown(rnd)
    rnd.name = changes.name.strip()
    rnd.description = (changes.description or "").strip()
    rnd.opens_at, rnd.closes_at = _beijing(changes.opens_at), closes_at
    old, new = audit.changes(before, _shown(rnd))
    if new:
        db.session.flush()
        audit.record("round.update", rnd, actor=actor, before=old, after=new)
    return rnd


def change_status(actor: User, rnd: EvaluationRound, action: str) -> EvaluationRound:
    """Move the round by one action of its transition table (open, close, start_review)."""
    if action not in STATUS_ACTIONS:
        raise ServiceError("transition_refused", thing=ROUND.thing, status=ROUND.labels[rnd.status])
    before = rnd.status
    rnd.status = ROUND.target(action, rnd.status)
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
