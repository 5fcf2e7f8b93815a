"""Faults during issuance: a render that fails uses up no serial and leaves no certificate; a
document worker killed mid-batch, or the whole job process killed, loses no certificate and
leaves no gap that issuing again does not fill."""

from __future__ import annotations

import os
import signal
import time

from sqlalchemy import func, select

from evalcenter.core import job_dispatch
from evalcenter.core.job_models import Job
from evalcenter.documents import render, tasks
from evalcenter.documents.models import Certificate
from evalcenter.extensions import db
from tests.conftest import client_for, csrf_token
from tests.documents.helpers import finished_round


def _numbers() -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(Certificate.number).order_by(Certificate.number)))


def _start_batch(client, rnd):
    url = f"/admin/rounds/{rnd.id}/certificates/issue"
    return client.post(url, data={"csrf_token": csrf_token(client, url)})


def test_failed_render_uses_no_serial(app, people, monkeypatch):
    _rnd, (first, second) = finished_round(people.admin, ("recognised", "recognised"))
    admin = client_for(app, people.admin)
    admin.get("/lang/en")
    url = f"/admin/applications/{first.id}/certificate/issue"

    def broken(*args, **kwargs):
        raise OSError("the renderer failed")

    with monkeypatch.context() as patched:
        patched.setattr(render, "render_certificate", broken)
        response = admin.post(url, data={"csrf_token": csrf_token(admin, url)})
    assert response.status_code == 422
    assert "nothing was issued" in response.get_data(as_text=True)
    assert _numbers() == []
    db.session.refresh(first)
    assert first.status == "published"
    url = f"/admin/applications/{second.id}/certificate/issue"
    assert admin.post(url, data={"csrf_token": csrf_token(admin, url)}).status_code == 302
    assert _numbers() == [1]


def test_killed_document_worker_loses_nothing(app, people, monkeypatch):
    """One of the pool's workers is killed while the first chunk renders: the chunk is rolled
    back and issued one by one; every certificate is there, numbered without a gap."""
    app.config["JOBS_RUNNER"] = "inline"
    original, killed = tasks._render, []

    def kill_one_worker(pool, kind, items):
        if not killed:
            pool.start()
            killed.append(pool.worker_pids()[0])
            os.kill(killed[0], signal.SIGKILL)
        return original(pool, kind, items)

    monkeypatch.setattr(tasks, "_render", kill_one_worker)
    try:
        rnd, apps = finished_round(people.admin, ("recognised",) * 3)
        assert _start_batch(client_for(app, people.admin), rnd).status_code == 302
    finally:
        app.config["JOBS_RUNNER"] = ""
    job = db.session.scalars(select(Job)).one()
    assert killed and job.status == "done" and job.failures == []
    assert _numbers() == [1, 2, 3]


def test_killed_job_process_is_completed_by_issuing_again(app, people):
    """The job's own process is killed once its first chunk is committed; issuing again fills
    in the rest with the following numbers."""
    rnd, apps = finished_round(people.admin, ("recognised",) * 12)
    admin = client_for(app, people.admin)
    app.config["JOBS_RUNNER"] = "process"
    try:
        assert _start_batch(admin, rnd).status_code == 302
        deadline = time.monotonic() + 120
        while not _numbers() and time.monotonic() < deadline:
            time.sleep(0.05)
        with job_dispatch._local_lock:
            (process,) = list(job_dispatch._local)
        os.kill(process.pid, signal.SIGKILL)
        process.join(30)
        issued = _numbers()
        assert issued == list(range(1, len(issued) + 1)) and issued  # committed, no gap
        app.config["JOBS_RUNNER"] = "inline"
        assert _start_batch(admin, rnd).status_code == 302
    finally:
        app.config["JOBS_RUNNER"] = ""
    assert _numbers() == list(range(1, 13))
    per_app = db.session.execute(
        select(Certificate.application_id, func.count()).group_by(Certificate.application_id)
    ).all()
    assert sorted(a for a, _ in per_app) == sorted(a.id for a in apps)
    assert {n for _, n in per_app} == {1}
