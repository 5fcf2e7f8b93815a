"""A candidate ruleset: the YAML text of a rule file being written, kept until published."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evalcenter.core.types import UTCDateTime, utcnow
from evalcenter.extensions import db


class RulesetDraft(db.Model):
    """Edited by administrators (optimistic locking on ``version``); once published it is
    read-only and names the file, version and sha256 it became."""

    __tablename__ = "ruleset_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    base_ruleset_id: Mapped[str | None] = mapped_column(String(100))
    base_version: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_ruleset_id: Mapped[str | None] = mapped_column(String(100))
    published_version: Mapped[int | None]
    published_sha256: Mapped[str | None] = mapped_column(String(64))

    created_by = relationship("User")

    __mapper_args__ = {"version_id_col": version}
    audit_type = "ruleset_draft"

    @property
    def audit_label(self) -> str:
        return self.title
