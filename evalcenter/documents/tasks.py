"""The batch issuance of a round's certificates and reports (a background job).

Certificates go in chunks: the round is locked, the chunk's serial numbers are taken, every
PDF of the chunk is rendered and signed in parallel by the worker pool (one process per core),
stored, and the chunk is committed at once. If any PDF of a chunk fails (or a worker dies),
the chunk is rolled back, so no number is used up, and its applications are issued one by one,
each failure listed with its reason. A job killed mid-batch loses only its uncommitted chunk;
a retry issues what is missing, with the next numbers, so no gap is left. Reports follow, and
then a ZIP of every current certificate and latest report of the round.
"""

from __future__ import annotations

import zipfile
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from evalcenter.accounts.models import User
from evalcenter.applications.models import Application
from evalcenter.core import jobs
from evalcenter.core.errors import ServiceError
from evalcenter.core.job_runner import JobRun
from evalcenter.documents import builders, certificates, reports, storage
from evalcenter.documents.models import Certificate
from evalcenter.documents.pool import (
    RENDER_FAILED,
    RenderJob,
    RenderPool,
    WorkerSetup,
    default_workers,
)
from evalcenter.documents.queries import BATCH_KIND, CERTIFIABLE
from evalcenter.extensions import db
from evalcenter.reviews.ranking import round_ranking
from evalcenter.rounds.models import EvaluationRound

CHUNK_PER_WORKER = 4


def _workers() -> int:
    return default_workers()


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _to_certify(rnd: EvaluationRound, only: set[Any] | None) -> list[Application]:
    apps = db.session.scalars(
        select(Application)
        .where(Application.round_id == rnd.id, Application.status.in_(CERTIFIABLE))
        .order_by(Application.submitted_at, Application.id)
    ).all()
    pending = [a for a in apps if certificates.current(a) is None]
    return [a for a in pending if only is None or f"certificate:{a.id}" in only]


def _to_report(rnd: EvaluationRound, only: set[Any] | None) -> list[Application]:
    apps = db.session.scalars(
        select(Application).where(Application.round_id == rnd.id).order_by(Application.id)
    ).all()
    scored = [a for a in apps if a.scores]
    return [a for a in scored if only is None or f"report:{a.id}" in only]


def _render(pool: RenderPool, kind: str, items: list[Any]) -> list[bytes | str]:
    """Each document rendered and signed by the pool: its PDF, or the code of why not."""
    jobs = [RenderJob(n, kind, data) for n, data in enumerate(items)]
    outcomes = {o.key: o for o in pool.render_many(jobs)}
    return [outcomes[n].pdf or outcomes[n].code or RENDER_FAILED for n in range(len(items))]


def _certificate_chunk(
    run: JobRun, pool: RenderPool, actor: User, rnd: EvaluationRound, chunk: list[int]
) -> bool:
    """Issue a chunk in one transaction with PDFs rendered in parallel; False (rolled back)
    when any of them failed."""
    apps = [db.session.get(Application, app_id) for app_id in chunk]
    certificates.lock_round(rnd)
    numbers = certificates.next_numbers(rnd, len(apps))
    records = [
        certificates.first_edition(actor, app, number)
        for app, number in zip(apps, numbers, strict=True)
    ]
    data = [builders.certificate_data(c, certificates.verify_url(c.token)) for c in records]
    made = _render(pool, "certificate", data)
    if any(isinstance(pdf, str) for pdf in made):
        db.session.rollback()
        return False
    for cert, pdf in zip(records, made, strict=True):
        certificates.attach_pdf(cert, pdf)
        certificates.record_issue(cert, actor)
        run.item_done()
    run.checkpoint()
    return True


def issue_committed(actor: User | None, app_id: int, attempts: int = 5) -> Certificate:
    """Issue one application's certificate in a transaction of its own (outside a request),
    again after a conflict with a concurrent issuance: the existing certificate then."""
    for _ in range(attempts):
        try:
            cert = certificates.issue(actor, db.session.get(Application, app_id))
            db.session.commit()
            return cert
        except (IntegrityError, OperationalError, StaleDataError):
            db.session.rollback()
    raise ServiceError("conflict")


def _issue_certificates(run: JobRun, pool: RenderPool, actor: User, rnd: EvaluationRound) -> None:
    todo = [a.id for a in _to_certify(rnd, run.only)]
    size = CHUNK_PER_WORKER * _workers()
    for chunk in _chunks(todo, size):
        try:
            if _certificate_chunk(run, pool, actor, rnd, chunk):
                continue
        except ServiceError:
            db.session.rollback()
        for app_id in chunk:  # one by one: each failure listed, no number used up by it
            name = db.session.get(Application, app_id).organisation.name
            with run.item(f"certificate:{app_id}", name):
                issue_committed(actor, app_id)


def _issue_reports(run: JobRun, pool: RenderPool, actor: User, rnd: EvaluationRound) -> None:
    todo = [a.id for a in _to_report(rnd, run.only)]
    ranking = round_ranking(rnd)
    for chunk in _chunks(todo, CHUNK_PER_WORKER * _workers()):
        apps = [db.session.get(Application, app_id) for app_id in chunk]
        built: list[tuple[Application, Any]] = []
        for app in apps:
            try:
                built.append((app, builders.report_data(app, ranking)))
            except ServiceError as err:
                run.item_failed(f"report:{app.id}", app.organisation.name, err)
        made = _render(pool, "report", [data for _, data in built])
        for (app, data), pdf in zip(built, made, strict=True):
            with run.item(f"report:{app.id}", app.organisation.name):
                if isinstance(pdf, str):
                    raise ServiceError(pdf)
                reports.issue_rendered(actor, app, data, pdf)


def _zip(run: JobRun, rnd: EvaluationRound) -> None:
    """Every current certificate and latest report of the round, in one ZIP."""
    name = f"round-{rnd.id}-documents.zip"
    certs = db.session.scalars(
        select(Certificate).where(Certificate.round_id == rnd.id, Certificate.status == "valid")
    ).all()
    with zipfile.ZipFile(run.result_path(name), "w", zipfile.ZIP_STORED) as archive:
        for cert in certs:
            archive.write(storage.path(cert.file_name), f"certificates/{cert.serial}.pdf")
        for app in _to_report(rnd, None):
            report = reports.latest(app)
            if report is not None:
                label = app.reference or str(app.id)
                archive.write(storage.path(report.file_name), f"reports/{label}.pdf")
    run.set_result_file(name)


def issue_round(run: JobRun) -> None:
    """Issue the round's missing certificates, its reports, and the ZIP of them all."""
    rnd = db.session.get(EvaluationRound, run.params["round_id"])
    actor = db.session.get(User, run.job.created_by_id) if run.job.created_by_id else None
    run.set_total(len(_to_certify(rnd, run.only)) + len(_to_report(rnd, run.only)))
    run.checkpoint()
    with RenderPool(WorkerSetup.from_config(current_app.config)) as pool:
        _issue_certificates(run, pool, actor, rnd)
        _issue_reports(run, pool, actor, rnd)
    _zip(run, rnd)
    run.checkpoint()


jobs.register(BATCH_KIND, issue_round, label=_l("Issuing certificates and reports"))
