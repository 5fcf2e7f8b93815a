"""Render (and sign) many documents in parallel: one worker process per core.

Workers are started with ``spawn`` (or ``forkserver``), never ``fork``: the parent may hold
database connections, sockets and locks that a forked child would share. Each worker prepares
the fonts, loads the signing key and renders one specimen certificate once, so the first real
job pays no set-up. Jobs and outcomes are plain, picklable data; the worker sees no database
and no Flask.

A worker that dies (killed, out of memory, a crash in a native library) breaks the pool: every
job not yet finished in that call comes back as an error (``worker_died``), never a hang, and
the next call starts a fresh pool. A job that runs longer than ``job_timeout`` is treated the
same way (its workers are killed). Workers whose parent dies end themselves.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Hashable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from evalcenter.core.errors import ServiceError
from evalcenter.documents import fonts, render, samples, signing

log = logging.getLogger(__name__)

RENDERERS = {
    "certificate": "render_certificate",
    "report": "render_report",
    "application_form": "render_application_form",
}
WORKER_DIED = "worker_died"
PARENT_CHECK_SECONDS = 0.5
RENDER_FAILED = "document_render_failed"


@dataclass(frozen=True)
class RenderJob:
    """One document: ``kind`` is a key of :data:`RENDERERS`, ``data`` its data class."""

    key: Hashable
    kind: str
    data: Any
    sign: bool = True


@dataclass(frozen=True)
class RenderOutcome:
    """The PDF of a job, or why there is none: ``code`` is a ServiceError code (e.g.
    ``document_missing_glyph``), ``document_render_failed`` or ``worker_died``."""

    key: Hashable
    pdf: bytes | None = None
    error: str | None = None
    code: str | None = None
    params: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.pdf is not None


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker needs to start: plain paths only."""

    font_cache_dir: str
    key: signing.KeyFiles | None = None  # None: jobs that ask to be signed fail

    @classmethod
    def from_config(cls, config: Mapping[str, Any], sign: bool = True) -> WorkerSetup:
        """The app's fonts and signing key; loads the key once here, so a bad key or a missing
        one in production (``document_no_signing_key``) is refused before any worker starts."""
        key = None
        if sign:
            signing.load_key(config)  # also archives a configured certificate
            key = signing.key_files(config)
        return cls(font_cache_dir=config["FONT_CACHE_DIR"], key=key)


# -- inside a worker process ---------------------------------------------------------------
_state: dict[str, Any] = {}


def _exit_with_parent(parent: int, every: float = PARENT_CHECK_SECONDS) -> None:
    """End this worker once the process that started it is gone (killed, say): nothing else
    would, as an idle worker waits on its queue forever."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)


def _init_worker(setup: WorkerSetup) -> None:
    """Prepare fonts and key, and render one specimen so WeasyPrint and Pango are warm.
    A failure here is logged; the jobs then report it one by one."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    try:
        _state["fonts"] = fonts.prepare(setup.font_cache_dir)
        _state["key"] = signing.SigningKey.load(setup.key) if setup.key else None
        render.render_certificate(samples.sample_certificate(), _state["fonts"])
        render.settle()
    except Exception:  # noqa: BLE001 - reported per job by _run
        log.exception("document worker %s could not warm up", os.getpid())


def _run(kind: str, data: Any, sign: bool) -> tuple[bytes | None, str | None, str | None, tuple]:
    """Render one document in a worker: (pdf, error, code, params); never raises."""
    try:
        if "fonts" not in _state:
            raise RuntimeError("the worker's fonts could not be prepared (see its log)")
        pdf = getattr(render, RENDERERS[kind])(data, _state["fonts"])
        if sign:
            if _state.get("key") is None:
                raise ServiceError("document_no_signing_key")
            pdf = signing.sign(pdf, _state["key"])
        return pdf, None, None, ()
    except ServiceError as err:
        params = tuple((name, str(value)) for name, value in err.params.items())
        return None, f"{err.code} {dict(params)}", err.code, params
    except Exception as err:  # noqa: BLE001 - one broken document must not stop the batch
        log.exception("rendering a %s failed", kind)
        return None, f"{type(err).__name__}: {err}", RENDER_FAILED, ()


# -- the parent's side ---------------------------------------------------------------------
def default_workers() -> int:
    return os.cpu_count() or 1


class RenderPool:
    """A pool of warm document workers; use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        setup: WorkerSetup,
        workers: int | None = None,
        start_method: str = "spawn",
        job_timeout: float = 120.0,
    ) -> None:
        if start_method == "fork":
            raise ValueError("document workers are never forked from the parent (use spawn)")
        self.setup = setup
        self.workers = workers or default_workers()
        self.context = multiprocessing.get_context(start_method)
        self.job_timeout = job_timeout
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=self.context,
                initializer=_init_worker,
                initargs=(self.setup,),
            )
        return self._executor

    def start(self) -> None:
        """Start every worker now (and wait until they are warm) rather than on first use."""
        pool = self._pool()
        try:
            for future in [pool.submit(os.getpid) for _ in range(self.workers)]:
                future.result()
        except BrokenProcessPool:
            self._discard()  # the next call tries a fresh pool
            raise

    def worker_pids(self) -> list[int]:
        """The worker processes' ids (empty before the first call)."""
        executor = self._executor
        processes = getattr(executor, "_processes", None) or {}
        return list(processes)

    def _discard(self, kill: bool = False) -> None:
        """Drop a broken (or stuck) pool; the next call starts a new one."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if kill:
            for pid in list(getattr(executor, "_processes", None) or {}):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        executor.shutdown(wait=kill, cancel_futures=True)

    def close(self) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def render_many(self, jobs: Iterable[RenderJob]) -> Iterator[RenderOutcome]:
        """Each job's outcome, in the order they finish. At most a few jobs per worker are
        queued at a time, so a long batch holds little memory."""
        jobs = iter(jobs)
        window = self.workers * 4
        pending: dict[Future, Hashable] = {}
        broken = False
        try:
            while True:
                while not broken and len(pending) < window:
                    job = next(jobs, None)
                    if job is None:
                        break
                    if job.kind not in RENDERERS:
                        yield RenderOutcome(job.key, error=f"unknown kind {job.kind!r}")
                        continue
                    try:
                        future = self._pool().submit(_run, job.kind, job.data, job.sign)
                    except BrokenProcessPool:
                        broken = True
                        yield _died(job.key)
                        break
                    pending[future] = job.key
                if not pending:
                    break
                done, _ = wait(pending, timeout=self.job_timeout, return_when=FIRST_COMPLETED)
                if not done:  # stuck: kill the workers, their futures fail below
                    log.error("document workers stuck for %.0f s: killed", self.job_timeout)
                    broken = True
                    self._discard(kill=True)
                    done = set(pending)
                for future in done:
                    key = pending.pop(future)
                    try:
                        pdf, error, code, params = future.result(timeout=0)
                    except Exception as err:  # noqa: BLE001 - BrokenProcessPool, cancelled
                        broken = broken or isinstance(err, BrokenProcessPool)
                        yield _died(key)
                        continue
                    yield RenderOutcome(key, pdf, error, code, params)
            if broken:
                for job in jobs:
                    yield _died(job.key)
        finally:
            for future in pending:
                future.cancel()
            if broken:
                self._discard()


def _died(key: Hashable) -> RenderOutcome:
    return RenderOutcome(
        key, error="the worker process rendering it stopped (killed or crashed)", code=WORKER_DIED
    )


def render_many(
    jobs: Iterable[RenderJob], setup: WorkerSetup, workers: int | None = None
) -> Iterator[RenderOutcome]:
    """One batch through a pool of its own (started and stopped around it)."""
    with RenderPool(setup, workers) as pool:
        yield from pool.render_many(jobs)
