"""The read side of applications for pages: bounded queries loading only what is shown."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from evalcenter.accounts.models import Organisation
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.applications.scoring_service import latest_score, score_is_current
from evalcenter.applications.sections import SECTIONS
from evalcenter.applications.timeline import timeline
from evalcenter.extensions import db
from evalcenter.rounds.rulesets import ruleset_for_round


def status_filter(raw: str) -> str:
    """A status to filter by, or "" for all (unknown values are ignored)."""
    return raw if raw in {s.value for s in ApplicationStatus} else ""


def round_applications(round_id: int, status: str = "") -> Select:
    """The round's applications for the list: id, organisation, status, submission time;
    in submission order, drafts last. The order is served by the indexes on (round_id,
    submitted_at, id) and (round_id, status, submitted_at, id), so a page reads only its rows;
    the organisations are joined to the page's rows only (see `paginate`'s `ids`)."""
    stmt = select(Application.id).where(Application.round_id == round_id)
    if status:
        stmt = stmt.where(Application.status == status)
    return stmt.order_by(Application.submitted_at.asc().nulls_last(), Application.id)


def application_rows(ids: list[int]) -> list[Any]:
    """The shown columns of these applications, in the order of `ids`."""
    rows = db.session.execute(
        select(
            Application.id,
            Application.status,
            Application.submitted_at,
            Organisation.name.label("organisation_name"),
            Organisation.uscc,
        )
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(Application.id.in_(ids))
    ).all()
    by_id = {row.id: row for row in rows}
    return [by_id[i] for i in ids]


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
