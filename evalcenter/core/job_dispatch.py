"""Handing jobs to a runner once the transaction that created them commits (a rolled-back
change dispatches nothing), by the configured JOBS_RUNNER:

* ``rq``: the RQ queue "evalcenter" on REDIS_URL; `evalcenter worker` runs
  `evalcenter.core.jobs.perform(job_id)`, which builds the app from the environment;
* ``process``: a local worker process per job, started by the app ("spawn": a fresh
  interpreter that builds the app from the parent's configuration), not daemonic (a job may
  start a process pool of its own) and joined by a small thread when it ends;
* ``inline``: at once, in the committing process (tests).

A job that cannot be handed over is marked failed, so its page says so and offers a retry.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import event, update
from sqlalchemy.orm import Session

from evalcenter.core.job_models import Job, JobStatus
from evalcenter.core.job_runner import execute
from evalcenter.core.types import utcnow
from evalcenter.extensions import db

log = logging.getLogger(__name__)

PENDING = "evalcenter.jobs"
QUEUE = "evalcenter"
RQ_JOB_TIMEOUT = 6 * 3600  # seconds: a batch of a whole round's documents fits with room
NOT_DISPATCHED = "job_not_dispatched"  # message code in core/messages.py

_spawn = multiprocessing.get_context("spawn")
_local: set[Any] = set()
_local_lock = threading.Lock()


def dispatch_after_commit(job_id: int) -> None:
    """Run `job_id` once the current transaction commits."""
    db.session.info.setdefault(PENDING, []).append(job_id)


def _is_plain(value: Any) -> bool:
    if value is None or isinstance(value, str | int | float | bool | timedelta):
        return True
    if isinstance(value, list | tuple):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


def process_config(app: Flask) -> dict[str, Any]:
    """The app's configuration as `create_app` takes it in another process: every plain
    value (so settings given to `create_app`, not only the environment's, reach the job)."""
    config = {key: value for key, value in app.config.items() if _is_plain(value)}
    config["ENV"] = app.config["EVALCENTER_ENV"]
    return config


def _run_in_process(config: dict[str, Any], job_id: int) -> None:
    """The local worker process: build the app and run the job."""
    from evalcenter import create_app

    logging.basicConfig(level=logging.INFO)
    app = create_app(config)
    with app.app_context():
        try:
            execute(job_id)
        finally:
            db.engine.dispose()


def _reap(process: Any) -> None:
    process.join()
    with _local_lock:
        _local.discard(process)
    if process.exitcode:
        log.error("the worker process %s ended with exit code %s", process.name, process.exitcode)


def _start_process(app: Flask, job_id: int) -> None:
    process = _spawn.Process(
        target=_run_in_process,
        args=(process_config(app), job_id),
        name=f"evalcenter-job-{job_id}",
        daemon=False,
    )
    process.start()
    with _local_lock:
        _local.add(process)
    reaper = threading.Thread(target=_reap, args=(process,), name=f"reap-{process.name}")
    reaper.daemon = True
    reaper.start()


def wait_for_local_workers(timeout: float | None = None) -> bool:
    """Wait until the local worker processes started so far have ended; False on timeout."""
    with _local_lock:
        processes = list(_local)
    for process in processes:
        process.join(timeout)
    return not any(p.is_alive() for p in processes)


def _enqueue_rq(app: Flask, job_id: int) -> None:
    from redis import Redis
    from rq import Queue

    with Redis.from_url(app.config["REDIS_URL"]) as connection:
        Queue(QUEUE, connection=connection).enqueue(
            "evalcenter.core.jobs.perform",
            job_id,
            job_timeout=RQ_JOB_TIMEOUT,
            result_ttl=3600,
            description=f"evalcenter job {job_id}",
        )


def _run_inline(app: Flask, job_id: int) -> None:
    with app.app_context():  # a session of its own: the committing one is finishing
        execute(job_id)


RUNNERS = {"rq": _enqueue_rq, "process": _start_process, "inline": _run_inline}


def _not_dispatched(app: Flask, job_id: int) -> None:
    with app.app_context():
        now = utcnow()
        db.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
            .values(status=JobStatus.FAILED, error=NOT_DISPATCHED, finished_at=now)
        )
        db.session.commit()


def _dispatch(app: Flask, job_id: int) -> None:
    runner = app.config["JOBS_RUNNER"]
    try:
        RUNNERS[runner](app, job_id)
    except Exception:
        log.exception("job %s could not be handed to the %s runner", job_id, runner)
        try:
            _not_dispatched(app, job_id)
        except Exception:
            log.exception("job %s could not be marked as not started", job_id)


@event.listens_for(Session, "after_commit")
def _dispatch_pending(session: Session) -> None:
    job_ids = session.info.pop(PENDING, [])
    if not job_ids:
        return
    app = current_app._get_current_object()
    for job_id in job_ids:
        _dispatch(app, job_id)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(PENDING, None)
