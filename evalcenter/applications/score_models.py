"""Stored rule-engine results: each keeps the ruleset version and sha256 it was computed with."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evalcenter.core.types import UTCDateTime, utcnow
from evalcenter.extensions import db


class ApplicationScore(db.Model):
    __tablename__ = "application_scores"
    __table_args__ = (UniqueConstraint("application_id", "snapshot_number", "ruleset_sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    snapshot_number: Mapped[int]
    ruleset_id: Mapped[str] = mapped_column(String(100))
    ruleset_version: Mapped[int]
    ruleset_sha256: Mapped[str] = mapped_column(String(64))
    verified_discrepancies: Mapped[int] = mapped_column(default=0)
    eligible: Mapped[bool]
    quantitative: Mapped[Decimal] = mapped_column(Numeric(6, 2, asdecimal=True))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application = relationship("Application", back_populates="scores")
