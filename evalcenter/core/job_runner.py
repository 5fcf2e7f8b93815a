"""Running a background job: the registry of job kinds, what a job function gets (`JobRun`)
and the run itself (`execute`), the same in every runner (RQ worker, local process, inline).

A job runs outside any request, so it is its own transaction boundary: the job function
commits its work, per item through `run.item(...)` or per chunk through `run.checkpoint()`,
which also commits the progress for the job page and proves the job alive (heartbeat). A job
that has not checkpointed for two minutes counts as stopped, so a function checkpoints at
least every minute. Items may be done again by a retry: a job function skips what is already
done (issuing a certificate twice must not issue two).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import update

from evalcenter.config import DEFAULT_LOCALE
from evalcenter.core import messages
from evalcenter.core.errors import ServiceError
from evalcenter.core.job_models import Job, JobStatus
from evalcenter.core.types import utcnow
from evalcenter.extensions import db

log = logging.getLogger(__name__)

ITEM_UNEXPECTED = "job_item_unexpected"  # message codes in core/messages.py
JOB_UNEXPECTED = "job_unexpected"
JOB_UNKNOWN_KIND = "job_unknown_kind"


@dataclass(frozen=True)
class JobKind:
    name: str
    func: Callable[[JobRun], None]
    label: Any  # a lazy string: the job page's title


KINDS: dict[str, JobKind] = {}


def register(kind: str, func: Callable[[JobRun], None], label: Any = None) -> None:
    """Make `kind` runnable by `func(run)`; `label` (a lazy string) titles its page. A kind is
    registered once: a second, different function for it is a mistake."""
    known = KINDS.get(kind)
    if known is not None and _name(known.func) != _name(func):
        raise ValueError(f"job kind {kind!r} is already registered to {_name(known.func)}")
    KINDS[kind] = JobKind(kind, func, label if label is not None else kind)


def _name(func: Callable) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def _plain(value: Any) -> Any:
    return value if isinstance(value, int | float | str | bool) or value is None else str(value)


def _failure(key: Any, label: str, error: str | ServiceError) -> dict[str, Any]:
    """A failed item as stored: its key (for a retry), its label and what went wrong, as a
    message code the page renders in the reader's language, and as text (Chinese)."""
    if isinstance(error, ServiceError):
        code, params = error.code, {k: _plain(v) for k, v in error.params.items()}
        with force_locale(DEFAULT_LOCALE):
            text = messages.text(error)
    else:
        code, params, text = None, {}, str(error)
    return {"key": key, "label": str(label), "message": text, "code": code, "params": params}


class JobRun:
    """What a job function gets: the job's parameters, and the calls that report progress."""

    def __init__(self, job: Job) -> None:
        self.job_id = job.id
        self.kind = job.kind
        self.params: dict[str, Any] = dict(job.params or {})

    @property
    def job(self) -> Job:
        """The job's row in this session (read again after a rollback)."""
        return db.session.get(Job, self.job_id)

    @property
    def only(self) -> set[Any] | None:
        """The keys of the items to do (a retry of failed items), or None: all of them."""
        only = self.params.get("only")
        return None if only is None else set(only)

    def set_total(self, total: int) -> None:
        self.job.total = total

    def item_done(self) -> None:
        self.job.done += 1

    def item_failed(self, key: Any, label: str, error: str | ServiceError) -> None:
        """Count the item as done and list it among the failures (its key is what a retry
        does again)."""
        job = self.job
        job.done += 1
        job.failures = [*(job.failures or []), _failure(key, label, error)]

    @contextmanager
    def item(self, key: Any, label: str) -> Iterator[None]:
        """Do one item and commit it: an exception in the block rolls the item back and
        lists it among the failures (a ServiceError with its message, anything else logged
        and shown as an unexpected error); the job goes on with the next item."""
        try:
            yield
        except ServiceError as err:
            db.session.rollback()
            self.item_failed(key, label, err)
        except Exception:
            db.session.rollback()
            log.exception("job %s (%s): item %r failed", self.job_id, self.kind, key)
            self.item_failed(key, label, ServiceError(ITEM_UNEXPECTED))
        else:
            self.item_done()
        self.checkpoint()

    def result_path(self, name: str) -> Path:
        """Where to write the result file `name` (a plain file name); the job page offers it
        for download once `set_result_file(name)` is committed."""
        if not name or Path(name).name != name or name in (".", ".."):
            raise ValueError(f"a result file is named by a plain file name, not {name!r}")
        folder = Path(current_app.config["JOBS_DIR"]) / str(self.job_id)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    def set_result_file(self, name: str) -> None:
        self.result_path(name)  # checks the name
        self.job.result_file = name

    def checkpoint(self) -> None:
        """Commit the work and the progress so far, and show the job is alive."""
        self.job.heartbeat_at = utcnow()
        db.session.commit()


def _claim(job_id: int) -> bool:
    """Mark a queued job running; False when it is gone or another runner has it."""
    now = utcnow()
    claimed = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now)
    ).rowcount
    db.session.commit()
    return claimed == 1


def _finish(job_id: int, status: JobStatus, error: str | None = None) -> None:
    job = db.session.get(Job, job_id)
    job.status, job.error = status, error
    job.finished_at = job.heartbeat_at = utcnow()
    db.session.commit()


def _error_code(err: Exception) -> str:
    """What the page says about an error that stopped a job: a message code (a ServiceError
    with parameters is kept as its text, in Chinese)."""
    if not isinstance(err, ServiceError):
        return JOB_UNEXPECTED
    if not err.params:
        return err.code
    with force_locale(DEFAULT_LOCALE):
        return messages.text(err)[:500]


def execute(job_id: int) -> None:
    """Run the job `job_id` in the current app context, if it is still queued."""
    if not _claim(job_id):
        log.info("job %s is not queued any more (gone, or run elsewhere): skipped", job_id)
        return
    job = db.session.get(Job, job_id)
    kind = KINDS.get(job.kind)
    if kind is None:
        log.error("job %s: no job kind %r is registered in this process", job_id, job.kind)
        _finish(job_id, JobStatus.FAILED, JOB_UNKNOWN_KIND)
        return
    try:
        kind.func(JobRun(job))
    except Exception as err:
        db.session.rollback()
        log.exception("job %s (%s) stopped by an error", job_id, job.kind)
        _finish(job_id, JobStatus.FAILED, _error_code(err))
        return
    _finish(job_id, JobStatus.DONE)
