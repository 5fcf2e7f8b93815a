"""Background jobs: features register their job kinds, services enqueue jobs, and the job page
follows them (issuing a round's certificates is one).

    jobs.register("documents.issue", issue_documents, label=_l("Issuing certificates"))
    job = jobs.enqueue(actor, "documents.issue", round_id=7)   # a service: flushes only

The job runs once the transaction commits (see `job_dispatch` for the runners); the function
gets a `JobRun` (see `job_runner`: a job commits its own work and progress). Parameters are
stored as JSON, so they are plain values (ids, not objects).
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime, timedelta
from typing import Any

from flask import Flask

from evalcenter.config import ConfigError
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.job_dispatch import dispatch_after_commit
from evalcenter.core.job_models import Job, JobStatus
from evalcenter.core.job_runner import KINDS, JobRun, execute, register
from evalcenter.core.types import utcnow
from evalcenter.extensions import db

__all__ = ["JobRun", "enqueue", "init_jobs", "perform", "register", "retry", "state"]

log = logging.getLogger(__name__)

STOPPED = "stopped"  # a running job without a heartbeat for STALE_AFTER (not stored)
STALE_AFTER = timedelta(minutes=2)
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


def init_jobs(app: Flask) -> None:
    """Import the modules named in JOB_MODULES: each registers its job kinds."""
    for name in app.config.get("JOB_MODULES") or ():
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as err:
            raise ConfigError(
                f"EVALCENTER_JOB_MODULES names {name!r}, which cannot be imported ({err})"
            ) from err


def kind_label(kind: str) -> Any:
    """The title of a job kind's page (the kind itself when it is not registered here)."""
    known = KINDS.get(kind)
    return known.label if known else kind


def state(job: Job, now: datetime | None = None) -> str:
    """The job's status, or "stopped" for a running job that has not shown a sign of life
    for two minutes (its process died or was killed)."""
    if job.status == JobStatus.RUNNING:
        seen = job.heartbeat_at or job.started_at or job.created_at
        if seen < (now or utcnow()) - STALE_AFTER:
            return STOPPED
    return job.status


def enqueue(actor: Any, kind: str, **params: Any) -> Job:
    """Add a job of a registered `kind`; it runs after the transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"no job kind {kind!r} is registered")
    job = Job(kind=kind, params=params, status=JobStatus.QUEUED, total=0, done=0, failures=[])
    job.created_by_id = getattr(actor, "id", None)
    audit.created("job.enqueue", job, actor=actor, after={"params": params})
    dispatch_after_commit(job.id)
    return job


def retry_params(job: Job) -> dict[str, Any] | None:
    """What a retry of `job` runs: its failed items, or the whole job when an error or a lost
    process stopped it; None when there is nothing to retry."""
    current = state(job)
    if current in (JobStatus.FAILED, STOPPED):
        return dict(job.params or {})
    if current == JobStatus.DONE and job.failures:
        return {**(job.params or {}), "only": [f["key"] for f in job.failures]}
    return None


def retry(actor: Any, job: Job) -> Job:
    """A new job of the same kind and parameters, for the failed items or the whole job."""
    params = retry_params(job)
    if params is None:
        raise ServiceError("job_not_retryable")
    if job.kind not in KINDS:
        raise ServiceError("job_unknown_kind")
    new = Job(kind=job.kind, params=params, status=JobStatus.QUEUED, total=0, done=0, failures=[])
    new.created_by_id = getattr(actor, "id", None)
    only = params.get("only")
    details = {"retry_of": job.id, "items": len(only) if only is not None else "all"}
    audit.created("job.retry", new, actor=actor, after=details)
    dispatch_after_commit(new.id)
    return new


_worker_app: Flask | None = None


def use_app(app: Flask) -> None:
    """Let `perform` use this app (the worker's own, built from the environment)."""
    global _worker_app
    _worker_app = app


def perform(job_id: int) -> None:
    """The RQ job function: run job `job_id` with the app built from the environment (once
    per worker; a forked work horse drops the connections it inherited)."""
    global _worker_app
    if _worker_app is None:
        from evalcenter import create_app

        _worker_app = create_app()
    with _worker_app.app_context():
        db.engine.dispose(close=False)
        execute(job_id)
