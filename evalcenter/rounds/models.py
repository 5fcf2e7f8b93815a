"""Evaluation rounds: one call for applications with its ruleset and deadlines."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from evalcenter.core.types import UTCDateTime, utcnow
from evalcenter.extensions import db


class RoundStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    REVIEWING = "reviewing"
    DECIDED = "decided"
    PUBLISHED = "published"


class EvaluationRound(db.Model):
    __tablename__ = "evaluation_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int]
    description: Mapped[str] = mapped_column(Text, default="")
    ruleset_id: Mapped[str] = mapped_column(String(100))
    ruleset_version: Mapped[int]
    ruleset_sha256: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default=RoundStatus.DRAFT)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    audit_type = "round"

    @property
    def audit_label(self) -> str:
        return self.name

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.status == RoundStatus.OPEN and self.opens_at <= now < self.closes_at
