"""The job runners besides inline: a local worker process the app starts (no Redis), and the
RQ queue on the real Redis (database 15, emptied first) worked by `evalcenter worker --burst`
in a subprocess. Both run against the suite's database and import the test job kind through
JOB_MODULES / EVALCENTER_JOB_MODULES."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue

from evalcenter.core import jobs
from evalcenter.core.job_dispatch import QUEUE, wait_for_local_workers
from evalcenter.core.job_models import Job
from evalcenter.extensions import db
from tests.conftest import client_for
from tests.core.job_kinds import KIND

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/15"
JOB_MODULE = "tests.core.job_kinds"


def _result(app, job: Job) -> dict:
    path = Path(app.config["JOBS_DIR"]) / str(job.id) / job.result_file
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_local_process_runner_runs_the_job_in_another_process(app, people, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_RUNNER", "process")
    monkeypatch.setitem(app.config, "JOB_MODULES", [JOB_MODULE])
    client = client_for(app, people.admin)
    job = jobs.enqueue(people.admin, KIND, n=8, fail=[3], delay=0.25)
    db.session.commit()
    seen = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        progress = client.get(f"/jobs/{job.id}/progress").json
        seen.append((progress["status"], progress["done"]))
        if progress["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert wait_for_local_workers(60), "the worker process did not end"
    db.session.expire_all()
    assert (job.status, job.done, job.total) == ("done", 8, 8), seen[-1]
    assert [f["key"] for f in job.failures] == [3]
    # the page followed it while it ran, item by item
    assert any(status == "running" and 0 < done < 8 for status, done in seen), seen
    result = _result(app, job)
    assert result["pid"] != os.getpid() and result["done"] == [1, 2, 4, 5, 6, 7, 8]


@pytest.fixture()
def redis_queue(app, monkeypatch):
    connection = Redis.from_url(REDIS_URL)
    connection.flushdb()
    monkeypatch.setitem(app.config, "JOBS_RUNNER", "rq")
    monkeypatch.setitem(app.config, "REDIS_URL", REDIS_URL)
    yield Queue(QUEUE, connection=connection)
    connection.flushdb()
    connection.close()


def _worker_env(app, tmp_path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "EVALCENTER_ENV": "testing",
        "EVALCENTER_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "EVALCENTER_REDIS_URL": REDIS_URL,
        "EVALCENTER_JOB_MODULES": JOB_MODULE,
        "EVALCENTER_JOBS_DIR": app.config["JOBS_DIR"],
        "EVALCENTER_UPLOAD_DIR": str(tmp_path / "uploads"),
    }


def test_rq_queues_after_the_commit_and_the_worker_runs_the_job(app, people, redis_queue, tmp_path):
    jobs.enqueue(people.admin, KIND, n=2)
    db.session.rollback()
    assert redis_queue.count == 0
    job = jobs.enqueue(people.admin, KIND, n=5, fail=[4])
    assert redis_queue.count == 0  # not before the commit
    db.session.commit()
    assert redis_queue.count == 1  # the rolled-back one was never queued
    queued = redis_queue.jobs[0]
    assert (queued.func_name, queued.args) == ("evalcenter.core.jobs.perform", (job.id,))
    client = client_for(app, people.admin)
    assert client.get(f"/jobs/{job.id}/progress").json["status"] == "queued"

    worker = subprocess.run(
        [sys.executable, "-m", "evalcenter.cli", "worker", "--burst"],
        env=_worker_env(app, tmp_path),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    db.session.expire_all()
    assert (job.status, job.done, job.total) == ("done", 5, 5), worker.stderr[-2000:]
    assert [f["key"] for f in job.failures] == [4]
    result = _result(app, job)
    assert result["pid"] != os.getpid() and result["done"] == [1, 2, 3, 5]
    assert redis_queue.count == 0
    progress = client.get(f"/jobs/{job.id}/progress").json
    assert progress == {"status": "done", "done": 5, "total": 5, "failures": 1}


def test_a_job_the_queue_cannot_take_is_marked_failed(app, people, monkeypatch):
    monkeypatch.setitem(app.config, "JOBS_RUNNER", "rq")
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens
    job = jobs.enqueue(people.admin, KIND, n=1)
    db.session.commit()  # the commit itself succeeds
    db.session.expire_all()
    assert (job.status, job.error) == ("failed", "job_not_dispatched")
    client = client_for(app, people.admin)
    client.get("/lang/en")
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "could not be handed to a worker" in html and "Run the job again" in html
