"""What the applicant's pages show: built here so that the views stay thin."""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, g, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.applications import attachments as files
from evalcenter.applications import policies, services, summary
from evalcenter.applications.drafts import completeness, to_form_text
from evalcenter.applications.forms import COMMITMENT, section_form_class
from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.applications.sections import SECTIONS, Section
from evalcenter.applications.self_assessment import assess
from evalcenter.applications.timeline import (
    ACTOR_LABELS,
    PROGRESS_LABELS,
    progress,
    return_notice,
    timeline,
)
from evalcenter.core import messages
from evalcenter.core.i18n import pick
from evalcenter.documents.certificates import current as current_certificate
from evalcenter.rounds.rulesets import ruleset_for_round


def draft(app: Application) -> dict[str, Any]:
    """The context every page of the draft shares: sections, progress, self-assessment."""
    ruleset = ruleset_for_round(app.round)
    return {
        "app": app,
        "ruleset": ruleset,
        "sections": SECTIONS,
        "status": completeness(app.data),
        "assessment": assess(ruleset, app.data),
        "missing_kinds": services.missing_attachment_kinds(app),
        "editable": policies.can_edit(current_user, app),
        "conflict": getattr(g.get("service_error"), "code", None) == "version_conflict",
        "returned": return_notice(app),
        "locked": locked_reason(app),
    }


def section_form(app: Application, section: Section):
    """The section's form: filled from the application on GET, from the request on POST."""
    ruleset = ruleset_for_round(app.round)
    specs = {s.key: s for s in ruleset.inputs}
    form = section_form_class(ruleset, section.id)()
    if request.method == "GET":
        for key in section.keys:
            if key in specs and key in form:
                form[key].data = to_form_text(specs[key].kind, app.data.get(key))
        form.version.data = app.version
    return form, specs


def after_save(
    app: Application, section_id: str, to_next: bool, return_to: str | None
) -> tuple[str, str]:
    """Where saving leads, and the message to show there: back to the check page when the
    section was opened from it (`return_to=check`, the only target accepted), else "Save" to
    this section again and "Save and continue" to the next one. Only a section page shows the
    self-assessment, so only there does the message mention it."""
    ids = [s.id for s in SECTIONS]
    index = ids.index(section_id) + (1 if to_next else 0)
    if return_to == summary.RETURN_TO_CHECK:
        target = url_for("applications.check_answers", app_id=app.id, _anchor=f"check-{section_id}")
        return target, _("Saved.")
    if index < len(ids):
        target = url_for("applications.section", app_id=app.id, section_id=ids[index])
        return target, _("Saved. The self-assessment below has been updated.")
    return url_for("attachments.manage", app_id=app.id), _("Saved.")


def export_body(app: Application) -> str:
    return json.dumps(app.data, ensure_ascii=False, indent=1)


def problems_of_last_error(app: Application) -> list[tuple[str, str, str]]:
    """The per-field problems of the service error this request showed, as (key, name,
    text): the name is the question's label, or the key as the file spelled it when no
    question has it."""
    error = g.get("service_error")
    if error is None:
        return []
    specs = {s.key: s for s in ruleset_for_round(app.round).inputs}
    out = []
    for problem in error.problems:
        key = messages.field_of(problem)
        name = pick(specs[key].label) if key in specs else key
        out.append((key, name, messages.text(problem)))
    return out


def check(app: Application) -> dict[str, Any]:
    """Check your answers: every answer, the evidence by kind, and what blocks submission,
    each with a link to where it is changed or fixed."""
    ruleset = ruleset_for_round(app.round)
    specs = {s.key: s for s in ruleset.inputs}
    editable = policies.can_submit(current_user, app)
    problems = services.submission_problems(app) if editable else []
    return {
        "app": app,
        "answers": summary.answer_rows(app, specs, app.data, editable),
        "evidence": summary.evidence_rows(app, app.current_attachments, editable),
        "problems": summary.blockers(app, problems, specs),
        "commitment": COMMITMENT,
    }


def attachments(app: Application) -> dict[str, Any]:
    config = current_app.config
    return {
        "app": app,
        "attachments": app.current_attachments,
        "kinds": files.KINDS,
        "required": files.REQUIRED_KINDS,
        "missing_kinds": services.missing_attachment_kinds(app),
        "editable": policies.can_edit(current_user, app),
        "per_file_mb": config["ATTACHMENT_MAX_BYTES"] // files.MB,
        "per_app_mb": config["APPLICATION_ATTACHMENTS_MAX_BYTES"] // files.MB,
        "locked": locked_reason(app),
    }


def locked_reason(app: Application) -> str | None:
    """Why the applicant cannot change the application now (a code the pages explain), or
    None when they can."""
    if policies.can_edit(current_user, app):
        return None
    if app.status == ApplicationStatus.WITHDRAWN:
        return "withdrawn"
    if app.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED):
        return "round_closed"
    return "submitted"


def status(app: Application) -> dict[str, Any]:
    return {
        "app": app,
        "timeline": timeline(app),
        "progress": progress(app),
        "progress_labels": PROGRESS_LABELS,
        "actor_labels": ACTOR_LABELS,
        "returned": return_notice(app),
        "can_withdraw": policies.can_withdraw(current_user, app),
        "certificate": current_certificate(app),
    }


def confirmation(app: Application) -> dict[str, Any] | None:
    """The submission's confirmation and receipt: reference, time, what was submitted;
    None before the first submission."""
    snapshot = app.latest_snapshot
    if app.reference is None or snapshot is None:
        return None
    evidence = summary.evidence_rows(app, snapshot.attachments, editable=False)
    return {"app": app, "snapshot": snapshot, "evidence": evidence}
