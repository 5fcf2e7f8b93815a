"""The read side of applications for pages: bounded queries loading only what is shown."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from evalcenter.accounts.models import Organisation
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.applications.scoring_service import latest_score, score_is_current
from evalcenter.applications.sections import SECTIONS
from evalcenter.applications.timeline import timeline
from evalcenter.rounds.rulesets import ruleset_for_round


def status_filter(raw: str) -> str:
    """A status to filter by, or "" for all (unknown values are ignored)."""
    return raw if raw in {s.value for s in ApplicationStatus} else ""


def round_applications(round_id: int, status: str = "") -> Select:
    """The round's applications for the list: id, organisation, status, submission time;
    in submission order (drafts last), on the (round_id, submitted_at, id) index."""
    stmt = (
        select(
            Application.id,
            Application.status,
            Application.submitted_at,
            Organisation.name.label("organisation_name"),
            Organisation.uscc,
        )
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(Application.round_id == round_id)
        .order_by(Application.submitted_at.is_(None), Application.submitted_at, Application.id)
    )
    return stmt.where(Application.status == status) if status else stmt


def admin_view(app: Application) -> dict[str, Any]:
    """The administrators' page of one application: the latest submitted version, its
    evidence, its history and the stored score."""
    ruleset = ruleset_for_round(app.round)
    snapshot = app.latest_snapshot
    return {
        "app": app,
        "snapshot": snapshot,
        "sections": SECTIONS,
        "specs": {s.key: s for s in ruleset.inputs},
        "attachments": snapshot.attachments if snapshot else app.current_attachments,
        "timeline": timeline(app),
        "data": snapshot.data if snapshot else app.data,
        "score": latest_score(app),
        "score_current": score_is_current(app),
    }
