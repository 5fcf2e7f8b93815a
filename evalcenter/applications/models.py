"""Applications, their submitted snapshots and evidence attachments."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evalcenter.core.types import UTCDateTime, utcnow
from evalcenter.extensions import db


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    UNDER_REVIEW = "under_review"
    DECIDED = "decided"
    PUBLISHED = "published"
    CERTIFIED = "certified"
    WITHDRAWN = "withdrawn"


class Application(db.Model):
    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("round_id", "organisation_id"),
        Index("ix_applications_round_submitted", "round_id", "submitted_at", "id"),
        Index("ix_applications_round_status", "round_id", "status", "submitted_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_rounds.id", ondelete="RESTRICT"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=ApplicationStatus.DRAFT)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 受理编号: given at the first submission, never changed (e.g. BJETC-2025-000123)
    reference: Mapped[str | None] = mapped_column(String(24), unique=True)

    __mapper_args__ = {"version_id_col": version}
    audit_type = "application"

    round = relationship("EvaluationRound")
    organisation = relationship("Organisation")
    snapshots: Mapped[list[ApplicationSnapshot]] = relationship(
        back_populates="application", order_by="ApplicationSnapshot.number"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="application", order_by="Attachment.id"
    )
    scores = relationship(
        "ApplicationScore", back_populates="application", order_by="ApplicationScore.id"
    )

    @property
    def audit_label(self) -> str:
        return self.organisation.name

    @property
    def current_attachments(self) -> list[Attachment]:
        """The evidence files of the working application (not removed)."""
        return [a for a in self.attachments if a.removed_at is None]

    @property
    def latest_snapshot(self) -> ApplicationSnapshot | None:
        return self.snapshots[-1] if self.snapshots else None


snapshot_attachments = Table(
    "snapshot_attachments",
    db.metadata,
    Column(
        "snapshot_id",
        ForeignKey("application_snapshots.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("attachment_id", ForeignKey("attachments.id", ondelete="RESTRICT"), primary_key=True),
)


class ApplicationSnapshot(db.Model):
    """The data frozen at one submission, linked to the evidence files it froze."""

    __tablename__ = "application_snapshots"
    __table_args__ = (UniqueConstraint("application_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="snapshots")
    created_by = relationship("User")
    attachments: Mapped[list[Attachment]] = relationship(
        secondary=snapshot_attachments, order_by="Attachment.id"
    )


class Attachment(db.Model):
    """An evidence file. Removing it from a draft sets `removed_at`; the row and the file stay
    while a submitted snapshot links to them."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship(back_populates="attachments")
