"""What the applicant's pages show: built here so that the views stay thin."""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, g, request, url_for
from flask_login import current_user

from evalcenter.applications import attachments as files
from evalcenter.applications import policies, services
from evalcenter.applications.drafts import completeness, to_form_text
from evalcenter.applications.forms import section_form_class
from evalcenter.applications.models import Application
from evalcenter.applications.sections import SECTIONS, Section
from evalcenter.applications.self_assessment import assess
from evalcenter.applications.timeline import timeline
from evalcenter.core import messages
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


def after_save(app: Application, section_id: str, to_next: bool) -> str:
    """Where "Save" (this section again) or "Save and continue" (the next one) leads."""
    ids = [s.id for s in SECTIONS]
    index = ids.index(section_id) + (1 if to_next else 0)
    if index < len(ids):
        return url_for("applications.section", app_id=app.id, section_id=ids[index])
    return url_for("attachments.manage", app_id=app.id)


def export_body(app: Application) -> str:
    return json.dumps(app.data, ensure_ascii=False, indent=1)


def problems_of_last_error() -> list[tuple[str, str]]:
    """The per-field problems of the service error this request showed, as (key, text)."""
    error = g.get("service_error")
    if error is None:
        return []
    return [(messages.field_of(p), messages.text(p)) for p in error.problems]


def check(app: Application) -> dict[str, Any]:
    """Check your answers: every answer, the evidence by kind, and what blocks submission."""
    ruleset = ruleset_for_round(app.round)
    editable = policies.can_submit(current_user, app)
    problems = services.submission_problems(app) if editable else []
    return {
        "app": app,
        "ruleset": ruleset,
        "sections": SECTIONS,
        "specs": {s.key: s for s in ruleset.inputs},
        "attachments": app.current_attachments,
        "kinds": files.KINDS,
        "problems": [(messages.field_of(p), messages.text(p)) for p in problems],
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
    }


def status(app: Application) -> dict[str, Any]:
    return {
        "app": app,
        "timeline": timeline(app),
        "can_withdraw": policies.can_withdraw(current_user, app),
    }
