"""The application lifecycle: start, save a section, import, submit, withdraw, formal check.

Every state change goes through the transition table (lifecycle.py) and writes an audit event.
Services flush and never commit; a raised ServiceError means nothing was changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from evalcenter.accounts.models import Organisation, User
from evalcenter.applications import attachments as files
from evalcenter.applications.drafts import check_draft
from evalcenter.applications.lifecycle import APPLICATION
from evalcenter.applications.models import (
    Application,
    ApplicationSnapshot,
    ApplicationStatus,
    Attachment,
)
from evalcenter.applications.references import next_reference
from evalcenter.applications.scoring_service import score_latest_snapshot
from evalcenter.applications.sections import SECTION_BY_ID
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.notifications.services import notify
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import ruleset_for_round
from evalcenter.scoring import InputError, Source, load_json

ORGANISATION_KEYS = {
    "company_name": "name",
    "uscc": "uscc",
    "district": "district",
    "industry_field": "industry_field",
    "sector": "sector",
}
MAX_IMPORT_BYTES = 2 * 1024 * 1024


def application_for(user: User, rnd: EvaluationRound) -> Application | None:
    return db.session.scalar(
        select(Application).where(
            Application.round_id == rnd.id, Application.organisation_id == user.organisation_id
        )
    )


def start(user: User, rnd: EvaluationRound) -> Application:
    """The organisation's application for the round, created as a draft if there is none."""
    existing = application_for(user, rnd)
    if existing is not None:
        return existing
    if not rnd.is_open():
        raise ServiceError("round_closed")
    org: Organisation = user.organisation
    data = {key: getattr(org, attr) for key, attr in ORGANISATION_KEYS.items()}
    app = Application(
        round_id=rnd.id, organisation_id=org.id, data=data, status=ApplicationStatus.DRAFT
    )
    audit.created(
        "application.create", app, actor=user, after={"round_id": rnd.id, "status": app.status}
    )
    return app


def _check_editable(app: Application, expected_version: int | None) -> None:
    if not APPLICATION.allows("edit", app.status):
        raise ServiceError("not_editable")
    if not app.round.is_open():
        raise ServiceError("round_closed")
    if expected_version is not None and expected_version != app.version:
        raise ServiceError("version_conflict")


def _invalid(problems) -> ServiceError:
    return ServiceError("invalid_data", problems=problems)


def _store(actor: User, app: Application, new_data: dict[str, Any], action: str, **extra) -> None:
    before, after = audit.changes(app.data, new_data)
    for key in app.data.keys() - new_data.keys():
        before[key], after[key] = app.data[key], None
    app.data = new_data
    app.updated_at = utcnow()
    db.session.flush()
    audit.record(action, app, actor=actor, before=before, after={**after, **extra})


def _checked(app: Application, data: Mapping[str, Any], source: Source) -> dict[str, Any]:
    checked = check_draft(ruleset_for_round(app.round), data, source)
    if checked.data is None:
        raise _invalid(checked.problems)
    if "uscc" in checked.data and checked.data["uscc"] != app.organisation.uscc:
        raise _invalid([ServiceError("uscc_mismatch", "uscc", uscc=app.organisation.uscc)])
    return checked.data


def save_section(
    actor: User,
    app: Application,
    section_id: str,
    answers: Mapping[str, Any],
    expected_version: int | None,
) -> Application:
    """Replace one section's answers (None = unanswered); validated before anything is kept."""
    _check_editable(app, expected_version)
    merged = dict(app.data)
    for key in SECTION_BY_ID[section_id].keys:
        value = answers.get(key)
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    data = _checked(app, merged, Source.APPLICANT)
    _store(actor, app, data, "application.save", section=section_id)
    return app


def import_json(
    actor: User, app: Application, raw: bytes, expected_version: int | None
) -> Application:
    """Fill the draft from an interchange-format file: all of it, or nothing."""
    _check_editable(app, expected_version)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ServiceError("json_too_large")
    try:
        document = load_json(raw)
    except InputError as err:
        raise _invalid(err.problems) from None
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise ServiceError("bad_json", detail=str(err)[:200]) from None
    if not isinstance(document, dict):
        raise ServiceError("not_an_object")
    data = _checked(app, {**app.data, **document}, Source.IMPORT)
    _store(actor, app, data, "application.import", keys=len(document))
    return app


def missing_attachment_kinds(app: Application) -> list[str]:
    present = {a.kind for a in app.current_attachments}
    return [kind for kind in files.REQUIRED_KINDS if kind not in present]


def submission_problems(app: Application) -> list[Any]:
    """Everything that blocks submission: rule-engine problems, then missing evidence."""
    problems: list[Any] = list(
        ruleset_for_round(app.round).check_submittable(app.data, Source.APPLICANT)
    )
    for kind in missing_attachment_kinds(app):
        problems.append(
            ServiceError("attachment_missing", f"attachment:{kind}", kind=files.KINDS[kind])
        )
    return problems


def submit(actor: User, app: Application, expected_version: int | None) -> ApplicationSnapshot:
    """Freeze the data and link the current evidence files as a new snapshot; submitted.
    The first submission gives the application its reference number."""
    _check_editable(app, expected_version)
    status = APPLICATION.target("submit", app.status)
    if not app.organisation.is_approved:
        raise ServiceError("organisation_not_approved")
    problems = submission_problems(app)
    if problems:
        raise ServiceError("incomplete", problems=problems)
    if app.reference is None:
        app.reference = next_reference(app.round.year)
    number = len(app.snapshots) + 1
    snapshot = ApplicationSnapshot(
        application=app,
        number=number,
        data=dict(app.data),
        created_by_id=actor.id,
        attachments=app.current_attachments,
    )
    db.session.add(snapshot)
    before = app.status
    app.status = status
    app.submitted_at = utcnow()
    db.session.flush()
    audit.record(
        "application.submit",
        app,
        actor=actor,
        before={"status": before},
        after={"status": app.status, "snapshot": number, "reference": app.reference},
    )
    return snapshot


def _move(
    actor: User, app: Application, action: str, audit_action: str, **after: Any
) -> Application:
    before = app.status
    app.status = APPLICATION.target(action, app.status)
    db.session.flush()
    audit.record(
        audit_action,
        app,
        actor=actor,
        before={"status": before},
        after={"status": app.status, **after},
    )
    return app


def withdraw(actor: User, app: Application) -> Application:
    if app.status != ApplicationStatus.WITHDRAWN and not APPLICATION.allows("withdraw", app.status):
        raise ServiceError("not_withdrawable")
    return _move(actor, app, "withdraw", "application.withdraw")


def formal_check(
    actor: User, app: Application, accept: bool, reason: str, discrepancies: int = 0
) -> Application:
    """Administrators accept a submitted application (scoring it with the verified
    discrepancies) or return it for correction with a reason."""
    reason = reason.strip()
    if accept:
        _move(actor, app, "accept", "application.accept", verified_discrepancies=discrepancies)
        score_latest_snapshot(actor, app, discrepancies)
        return app
    APPLICATION.target("return", app.status)
    if not reason:
        raise ServiceError("reason_required", "reason")
    _move(actor, app, "return", "application.return", reason=reason)
    notify(
        app.organisation.members,
        "application_returned",
        link=f"/applications/{app.id}",
        reference=app.reference or "",
        round=app.round.name,
        reason=reason,
    )
    return app


def add_attachment(
    actor: User, app: Application, kind: str, stream, filename: str | None, limits: files.Limits
) -> Attachment:
    _check_editable(app, None)
    if kind not in files.KINDS:
        raise ServiceError("bad_kind", "kind")
    used = sum(a.size for a in app.current_attachments)
    stored = files.store(stream, limits, used)
    attachment = Attachment(
        application=app,
        kind=kind,
        original_name=files.clean_filename(filename),
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by_id=actor.id,
    )
    db.session.add(attachment)
    try:
        db.session.flush()
    except Exception:
        files.discard(stored.stored_name, limits.upload_dir)
        raise
    audit.record(
        "attachment.upload",
        app,
        actor=actor,
        after={
            "attachment": attachment.id,
            "kind": kind,
            "name": attachment.original_name,
            "sha256": stored.sha256,
            "size": stored.size,
        },
    )
    return attachment


def remove_attachment(
    actor: User, app: Application, attachment: Attachment, upload_dir: str
) -> Application:
    """Remove an evidence file from the working application. A file that a submitted
    snapshot froze keeps its row and stored file, marked removed; any other is deleted."""
    _check_editable(app, None)
    if attachment.removed_at is not None:
        raise ServiceError("already_in_state", thing=files.THING, status=files.REMOVED)
    audit.record(
        "attachment.delete",
        app,
        actor=actor,
        before={
            "attachment": attachment.id,
            "kind": attachment.kind,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
        },
    )
    frozen = db.session.scalar(
        select(ApplicationSnapshot.id)
        .where(ApplicationSnapshot.attachments.contains(attachment))
        .limit(1)
    )
    if frozen is not None:
        attachment.removed_at = utcnow()
        db.session.flush()
        return app
    db.session.delete(attachment)
    db.session.flush()
    files.discard(attachment.stored_name, upload_dir)
    return app
