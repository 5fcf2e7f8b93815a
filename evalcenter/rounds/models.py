"""Evaluation rounds: one call for applications with its ruleset and deadlines."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from evalcenter.core.types import UTCDateTime, utcnow
from evalcenter.extensions import db


class RoundStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    REVIEWING = "reviewing"
    DECIDING = "deciding"
    PUBLICITY = "publicity"
    FINISHED = "finished"


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
    # review settings
    reviewers_per_application: Mapped[int] = mapped_column(default=5)
    review_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    quota: Mapped[int | None]  # recognitions available in this round
    publicity_days: Mapped[int] = mapped_column(default=5)  # working days
    disagreement_threshold: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(20))
    # publicity (公示): first and last day, on the official calendar
    publicity_starts_on: Mapped[date | None] = mapped_column(Date)
    publicity_ends_on: Mapped[date | None] = mapped_column(Date)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}
    audit_type = "round"

    @property
    def audit_label(self) -> str:
        return self.name

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.status == RoundStatus.OPEN and self.opens_at <= now < self.closes_at
