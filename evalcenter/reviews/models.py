"""Reviewers' profiles and declared relations, their assignments to applications, the
administrators' pins and bans for the solver, and the reviews themselves."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evalcenter.core.types import UTCDateTime, utcnow
from evalcenter.extensions import db


class RelationKind(StrEnum):
    """Why a reviewer must not review an organisation (回避)."""

    FORMER_EMPLOYER = "former_employer"  # in the last 3 years
    SHAREHOLDING = "shareholding"
    ADVISORY = "advisory"
    FAMILY = "family"


class AssignmentStatus(StrEnum):
    ASSIGNED = "assigned"  # not yet declared
    DECLARED = "declared"  # no conflict declared: the reviewer may open the application
    RECUSED = "recused"  # the reviewer declared a conflict; the slot is free
    SUBMITTED = "submitted"  # the review is submitted


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class ConstraintKind(StrEnum):
    PIN = "pin"  # the solver must assign this pair
    FORBID = "forbid"  # the solver must not


class ReviewerProfile(db.Model):
    """A reviewer's expertise (the ruleset's industry fields) and employer."""

    __tablename__ = "reviewer_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)  # industry field codes
    employer_name: Mapped[str] = mapped_column(String(200), default="")
    employer_uscc: Mapped[str | None] = mapped_column(String(18))
    max_load: Mapped[int | None]  # per-reviewer cap on assignments in one round
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    user = relationship("User")

    __mapper_args__ = {"version_id_col": version}
    audit_type = "reviewer_profile"

    @property
    def audit_label(self) -> str:
        return self.user.email if self.user else str(self.user_id)


class ReviewerRelation(db.Model):
    """A declared relation of a reviewer to an organisation, named by its USCC (it may not be
    registered on the platform yet)."""

    __tablename__ = "reviewer_relations"
    __table_args__ = (UniqueConstraint("reviewer_id", "organisation_uscc", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_uscc: Mapped[str] = mapped_column(String(18), index=True)
    organisation_name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    reviewer = relationship("User", foreign_keys=[reviewer_id])

    audit_type = "reviewer_relation"

    @property
    def audit_label(self) -> str:
        return self.organisation_name


class Assignment(db.Model):
    """One reviewer on one application: declared, recused or submitted."""

    __tablename__ = "review_assignments"
    __table_args__ = (
        UniqueConstraint("application_id", "reviewer_id"),
        Index("ix_review_assignments_reviewer_status", "reviewer_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("evaluation_rounds.id", ondelete="CASCADE"), index=True
    )
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(16), default=AssignmentStatus.ASSIGNED)
    source: Mapped[str] = mapped_column(String(16), default="solver")  # solver, manual, replacement
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recusal_reason: Mapped[str | None] = mapped_column(Text)

    application = relationship("Application")
    reviewer = relationship("User", foreign_keys=[reviewer_id])
    review: Mapped[Review | None] = relationship(back_populates="assignment", uselist=False)

    audit_type = "assignment"

    @property
    def audit_label(self) -> str:
        return f"{self.application_id}/{self.reviewer_id}"


class AssignmentConstraint(db.Model):
    """An administrator's pin or ban of one application-reviewer pair for the solver."""

    __tablename__ = "assignment_constraints"
    __table_args__ = (UniqueConstraint("round_id", "application_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_rounds.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(8))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Review(db.Model):
    """A reviewer's scores per expert criterion (Decimal strings keyed by criterion id), a
    comment per criterion and an overall opinion; one per assignment."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("application_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("review_assignments.id", ondelete="CASCADE"), unique=True
    )
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    opinion: Mapped[str] = mapped_column(Text, default="")
    total: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    status: Mapped[str] = mapped_column(String(16), default=ReviewStatus.DRAFT)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    assignment: Mapped[Assignment] = relationship(back_populates="review")

    __mapper_args__ = {"version_id_col": version}
    audit_type = "review"

    @property
    def audit_label(self) -> str:
        return f"{self.application_id}/{self.reviewer_id}"
