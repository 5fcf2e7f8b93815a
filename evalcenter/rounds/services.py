"""Creating evaluation rounds and moving them through their lifecycle. Services flush."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from evalcenter.accounts.models import User
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.extensions import db
from evalcenter.rounds.lifecycle import ROUND
from evalcenter.rounds.models import EvaluationRound
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
        (
            i
            for i in published()
            if i.valid and f"{i.id}@{i.version}" == spec.ruleset
        ),
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
    db.session.add(rnd)
    db.session.flush()
    audit.record(
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


def change_status(actor: User, rnd: EvaluationRound, action: str) -> EvaluationRound:
    """Move the round by one action of its transition table (open, close, start_review)."""
    before = rnd.status
    rnd.status = ROUND.target(action, rnd.status)
    db.session.flush()
    audit.record(
        "round.status", rnd, actor=actor, before={"status": before}, after={"status": rnd.status}
    )
    return rnd
