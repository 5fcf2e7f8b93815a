"""Issued certificates (one per recognised application and edition, serial per round) and
issued evaluation reports; each keeps the sha256 of its signed PDF and what it was made from."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evalcenter.core.types import UTCDateTime, utcnow
from evalcenter.extensions import db


class CertificateStatus(StrEnum):
    VALID = "valid"  # shown as expired after valid_until
    REVOKED = "revoked"
    SUPERSEDED = "superseded"  # replaced by a corrected edition


class Certificate(db.Model):
    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("round_id", "number", name="uq_certificates_round_id"),
        UniqueConstraint("application_id", "edition", name="uq_certificates_application_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("evaluation_rounds.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    number: Mapped[int]  # the sequence number within the round
    edition: Mapped[int] = mapped_column(default=1)  # a correction is the next edition
    serial: Mapped[str] = mapped_column(String(32), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)  # the verification link's
    company_name: Mapped[str] = mapped_column(String(200))
    centre_name: Mapped[str] = mapped_column(String(250))
    uscc: Mapped[str] = mapped_column(String(18))
    industry_field: Mapped[str] = mapped_column(String(32))
    district: Mapped[str] = mapped_column(String(32))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("application_snapshots.id", ondelete="SET NULL")
    )
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"))
    ruleset_sha256: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the signed PDF
    file_name: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default=CertificateStatus.VALID)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)  # of the revocation or the correction
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)

    application = relationship("Application")
    round = relationship("EvaluationRound")
    superseded_by = relationship("Certificate", remote_side=[id])

    __mapper_args__ = {"version_id_col": version}
    audit_type = "certificate"

    @property
    def audit_label(self) -> str:
        return self.serial


class EvaluationReport(db.Model):
    """An issued (signed, stored) evaluation report; a new one is issued when what it reports
    changed (``basis`` differs), the earlier ones stay verifiable."""

    __tablename__ = "evaluation_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    basis: Mapped[str] = mapped_column(String(64))  # sha256 of the data it was rendered from
    ruleset_sha256: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(128))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application = relationship("Application")
    audit_type = "evaluation_report"

    @property
    def audit_label(self) -> str:
        return self.sha256[:12]
