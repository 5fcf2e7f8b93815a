"""The application lifecycle: start, save a section, import, submit, withdraw, formal check.

Every state change writes an audit event. Callers commit; a raised error means nothing
was changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from evalcenter.accounts.models import Organisation, User
from evalcenter.applications import attachments as files
from evalcenter.applications.drafts import check_draft
from evalcenter.applications.models import (
    Application,
    ApplicationSnapshot,
    ApplicationStatus,
    Attachment,
)
from evalcenter.applications.sections import SECTION_BY_ID
from evalcenter.core import audit
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import ruleset_for_round
from evalcenter.scoring import Problem, Source, load_json

EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED)
WITHDRAWABLE = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.RETURNED,
    ApplicationStatus.ACCEPTED,
)
ORGANISATION_KEYS = {
    "company_name": "name",
    "uscc": "uscc",
    "district": "district",
    "industry_field": "industry_field",
    "sector": "sector",
}


class ApplicationError(Exception):
    """A request that cannot be carried out now; `code` selects the message."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


class VersionConflict(ApplicationError):
    """Someone saved the application since the form was opened."""

    def __init__(self, current: Application):
        super().__init__("version_conflict")
        self.current = current


class InvalidData(ApplicationError):
    """The data breaks the rules; `problems` lists every one."""

    def __init__(self, problems: tuple[Problem, ...] | list[Problem]):
        super().__init__("invalid_data")
        self.problems = tuple(problems)


def log_event(
    action: str,
    actor: User,
    app: Application,
    *,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Audit an event of this application, labelled with its organisation."""
    audit.record(
        action,
        "application",
        app.id,
        actor=actor,
        object_label=app.organisation.name,
        before=before,
        after=after,
    )


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
        raise ApplicationError("round_closed")
    org: Organisation = user.organisation
    data = {key: getattr(org, attr) for key, attr in ORGANISATION_KEYS.items()}
    app = Application(
        round_id=rnd.id, organisation_id=org.id, data=data, status=ApplicationStatus.DRAFT
    )
    db.session.add(app)
    db.session.flush()
    log_event(
        "application.create",
        user,
        app,
        after={"round_id": rnd.id, "status": app.status},
    )
    return app


def is_editable(app: Application) -> bool:
    """Whether the applicant may still change the application now."""
    return app.status in EDITABLE and app.round.is_open()


def _check_editable(app: Application, expected_version: int | None) -> None:
    if app.status not in EDITABLE:
        raise ApplicationError("not_editable")
    if not app.round.is_open():
        raise ApplicationError("round_closed")
    if expected_version is not None and expected_version != app.version:
        raise VersionConflict(app)


def _store(
    actor: User,
    app: Application,
    new_data: dict[str, Any],
    action: str,
    extra: Mapping[str, Any] | None = None,
) -> None:
    before, after = audit.changes(app.data, new_data)
    removed = [k for k in app.data if k not in new_data]
    for key in removed:
        before[key], after[key] = app.data[key], None
    app.data = new_data
    app.updated_at = utcnow()
    db.session.flush()
    log_event(action, actor, app, before=before, after={**after, **(extra or {})})


def save_section(
    actor: User,
    app: Application,
    section_id: str,
    answers: Mapping[str, Any],
    expected_version: int | None,
) -> None:
    """Replace one section's answers (None = unanswered); validated before anything is kept."""
    _check_editable(app, expected_version)
    section = SECTION_BY_ID[section_id]
    merged = dict(app.data)
    for key in section.keys:
        value = answers.get(key)
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    checked = check_draft(ruleset_for_round(app.round), merged, Source.APPLICANT)
    if checked.data is None:
        raise InvalidData(checked.problems)
    _check_uscc(app, checked.data)
    _store(actor, app, checked.data, "application.save", {"section": section_id})


def _check_uscc(app: Application, data: Mapping[str, Any]) -> None:
    if "uscc" in data and data["uscc"] != app.organisation.uscc:
        raise InvalidData(
            [
                Problem(
                    "uscc",
                    "uscc_mismatch",
                    f"The USCC must be the registered organisation's: {app.organisation.uscc}.",
                    f"统一社会信用代码必须与注册单位一致：{app.organisation.uscc}。",
                )
            ]
        )


def import_json(actor: User, app: Application, raw: bytes, expected_version: int | None) -> None:
    """Fill the draft from an interchange-format file: all of it, or nothing."""
    _check_editable(app, expected_version)
    try:
        document = load_json(raw)
    except (ValueError, UnicodeDecodeError) as err:
        raise ApplicationError("bad_json", detail=str(err)[:200]) from None
    if not isinstance(document, dict):
        raise InvalidData(
            [
                Problem(
                    "",
                    "not_an_object",
                    "The file must hold one JSON object.",
                    "文件内容必须是一个JSON对象。",
                )
            ]
        )
    checked = check_draft(ruleset_for_round(app.round), {**app.data, **document}, Source.IMPORT)
    if checked.data is None:
        raise InvalidData(checked.problems)
    _check_uscc(app, checked.data)
    _store(actor, app, checked.data, "application.import", {"keys": len(document)})


def missing_attachment_kinds(app: Application) -> list[str]:
    present = {a.kind for a in app.attachments}
    return [kind for kind in files.REQUIRED_KINDS if kind not in present]


def submission_problems(app: Application) -> list[Problem]:
    """Everything that blocks submission, each with its key."""
    problems = list(ruleset_for_round(app.round).check_submittable(app.data, Source.APPLICANT))
    for kind in missing_attachment_kinds(app):
        label = files.KINDS[kind]
        problems.append(
            Problem(
                f"attachment:{kind}",
                "attachment_missing",
                f"Upload the {label}.",
                f"请上传{label}。",
            )
        )
    return problems


def submit(actor: User, app: Application, expected_version: int | None) -> ApplicationSnapshot:
    """Freeze the data and attachment list as a new snapshot and mark the application submitted."""
    _check_editable(app, expected_version)
    if not app.organisation.is_approved:
        raise ApplicationError("organisation_not_approved")
    problems = submission_problems(app)
    if problems:
        raise InvalidData(problems)
    number = len(app.snapshots) + 1
    snapshot = ApplicationSnapshot(
        application=app,
        number=number,
        data=dict(app.data),
        created_by_id=actor.id,
        attachments=[
            {
                "id": a.id,
                "kind": a.kind,
                "name": a.original_name,
                "size": a.size,
                "sha256": a.sha256,
            }
            for a in app.attachments
        ],
    )
    db.session.add(snapshot)
    before = app.status
    app.status = ApplicationStatus.SUBMITTED
    app.submitted_at = utcnow()
    db.session.flush()
    log_event(
        "application.submit",
        actor,
        app,
        before={"status": before},
        after={"status": app.status, "snapshot": number},
    )
    return snapshot


def withdraw(actor: User, app: Application, expected_version: int | None) -> None:
    if app.status not in WITHDRAWABLE:
        raise ApplicationError("not_withdrawable")
    if expected_version is not None and expected_version != app.version:
        raise VersionConflict(app)
    before = app.status
    app.status = ApplicationStatus.WITHDRAWN
    db.session.flush()
    log_event(
        "application.withdraw",
        actor,
        app,
        before={"status": before},
        after={"status": app.status},
    )


def formal_check(
    actor: User, app: Application, accept: bool, reason: str, discrepancies: int = 0
) -> None:
    """Administrators accept a submitted application (scoring it with the verified
    discrepancies) or return it for correction with a reason."""
    from evalcenter.applications.scoring_service import score_latest_snapshot

    if app.status != ApplicationStatus.SUBMITTED:
        raise ApplicationError("not_submitted")
    if not accept and not reason.strip():
        raise ApplicationError("reason_required")
    if discrepancies < 0:
        raise ApplicationError("bad_discrepancies")
    before = app.status
    app.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.RETURNED
    db.session.flush()
    log_event(
        "application.accept" if accept else "application.return",
        actor,
        app,
        before={"status": before},
        after={
            "status": app.status,
            "reason": reason.strip() or None,
            "verified_discrepancies": discrepancies if accept else None,
        },
    )
    if accept:
        score_latest_snapshot(actor, app, discrepancies)


@dataclass(frozen=True)
class UploadLimits:
    upload_dir: str
    per_file: int
    per_application: int


def add_attachment(
    actor: User, app: Application, kind: str, stream, filename: str | None, limits: UploadLimits
) -> Attachment:
    _check_editable(app, None)
    if kind not in files.KINDS:
        raise files.AttachmentError("bad_kind")
    used = sum(a.size for a in app.attachments)
    remaining = limits.per_application - used
    stored = files.store(stream, limits.upload_dir, min(limits.per_file, max(remaining, 0)))
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
    log_event(
        "attachment.upload",
        actor,
        app,
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
) -> None:
    _check_editable(app, None)
    in_snapshot = any(
        attachment.id == item.get("id") for s in app.snapshots for item in s.attachments
    )
    log_event(
        "attachment.delete",
        actor,
        app,
        before={
            "attachment": attachment.id,
            "kind": attachment.kind,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
        },
    )
    if in_snapshot:
        # Earlier submissions keep their evidence: detach the row from the working set only.
        attachment.kind = f"superseded:{attachment.kind}"[:32]
        return
    db.session.delete(attachment)
    db.session.flush()
    files.discard(attachment.stored_name, upload_dir)
