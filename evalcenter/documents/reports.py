"""Issued evaluation reports: rendered, signed and stored once per state of what they report.

A report is issued when first asked for and again whenever its content changed (new reviews,
a new score, a new ranking position): ``basis`` is the sha256 of the data it was rendered from,
without the date. Every issued report stays stored, so each file ever handed out verifies.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from sqlalchemy import select

from evalcenter.applications.models import Application
from evalcenter.core import audit
from evalcenter.documents import builders, pdfs, storage
from evalcenter.documents.data import ReportData
from evalcenter.documents.models import EvaluationReport
from evalcenter.extensions import db


def basis(data: ReportData) -> str:
    undated = dataclasses.replace(data, generated_on=data.generated_on.min)
    return hashlib.sha256(repr(undated).encode()).hexdigest()


def latest(app: Application) -> EvaluationReport | None:
    return db.session.scalar(
        select(EvaluationReport)
        .where(EvaluationReport.application_id == app.id)
        .order_by(EvaluationReport.id.desc())
        .limit(1)
    )


def issue(actor: Any, app: Application, ranking: Any = None) -> EvaluationReport:
    """The report of what the application's evaluation is now: the stored one if nothing
    changed since it was issued, else a new one."""
    data = builders.report_data(app, ranking)
    return issue_rendered(actor, app, data, None)


def issue_rendered(
    actor: Any, app: Application, data: ReportData, pdf: bytes | None
) -> EvaluationReport:
    """Issue the report of ``data`` (``pdf``: already rendered and signed, e.g. by a batch)."""
    key = basis(data)
    existing = latest(app)
    if existing is not None and existing.basis == key:
        return existing
    report = EvaluationReport(
        application_id=app.id,
        application=app,
        basis=key,
        ruleset_sha256=data.ruleset_sha256,
        issued_by_id=getattr(actor, "id", None),
    )
    report.file_name, report.sha256 = storage.save(pdf if pdf is not None else pdfs.report(data))
    audit.created("report.issue", report, actor=actor, after={"sha256": report.sha256})
    return report
