"""Background jobs run inline (the suite's runner): progress, failed items and their retry, a
job stopped by an error or by a lost worker, the job page by role, its progress JSON and its
result file. tests/core/test_jobs_runners.py runs the same job kind in a local process and
in an RQ worker."""

from __future__ import annotations

import json
import logging
import os
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from evalcenter.config import ConfigError, build_config
from evalcenter.core import jobs
from evalcenter.core.errors import ServiceError
from evalcenter.core.job_cli import worker_command
from evalcenter.core.job_models import Job
from evalcenter.core.models import AuditEvent
from evalcenter.core.types import utcnow
from evalcenter.extensions import db
from tests.conftest import client_for
from tests.core.job_kinds import KIND, count_items

RETRY_FORM = re.compile(r'<form method="post" action="([^"]+)"[^>]*data-testid="job-retry"')
TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _items_recorded() -> list[int]:
    """The items whose work was committed (each writes one audit event)."""
    rows = db.session.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "tests.item"))
    return sorted(int(key) for key in rows)


def _run(actor, **params) -> Job:
    job = jobs.enqueue(actor, KIND, **params)
    db.session.commit()  # the inline runner runs it here
    db.session.expire_all()
    return job


def _count(html: str) -> tuple[int, int]:
    done = re.search(r"data-job-done>(\d+)<", html).group(1)
    total = re.search(r"data-job-total>(\d+)<", html).group(1)
    return int(done), int(total)


def _status(client, path: str) -> int:
    response = client.get(path)
    response.close()  # a file download stays open until closed
    return response.status_code


def _retry_through_page(client, job: Job) -> int:
    """Press the page's retry button; the id of the new job it leads to."""
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    action = RETRY_FORM.search(html).group(1)
    token = TOKEN.search(html[html.index('data-testid="job-retry"') :]).group(1)
    response = client.post(action, data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_a_job_counts_its_items_and_lists_the_failed_ones(app, people):
    job = _run(people.admin, n=6, fail=[2], crash=[5])
    assert (job.status, job.done, job.total, job.error) == ("done", 6, 6, None)
    assert [(f["key"], f["label"], f["code"]) for f in job.failures] == [
        (2, "Item 2", "calendar_day_taken"),
        (5, "Item 5", "job_item_unexpected"),
    ]
    assert job.started_at <= job.finished_at and job.heartbeat_at is not None
    # a failed item's work is rolled back, the others' committed
    assert _items_recorded() == [1, 3, 4, 6]
    enqueued = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "job.enqueue"))
    assert enqueued.object_id == str(job.id) and enqueued.actor_id == people.admin.id
    assert enqueued.after == {"params": {"n": 6, "fail": [2], "crash": [5]}}


def test_retry_runs_only_the_failed_items_through_the_page(app, people):
    job = _run(people.admin, n=6, fail=[2], crash=[5])
    client = client_for(app, people.admin)
    client.get("/lang/en")
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Counting test items" in html and _count(html) == (6, 6)
    assert "2026-10-02 is already configured" in html  # the message in the reader's language
    assert "An unexpected error stopped this item" in html and "crashes" not in html
    assert "Retry the failed items" in html

    new_id = _retry_through_page(client, job)
    new = db.session.get(Job, new_id)
    assert new.params == {"n": 6, "fail": [2], "crash": [5], "only": [2, 5]}
    assert (new.status, new.done, new.total, new.failures) == ("done", 2, 2, [])
    assert new.created_by_id == people.admin.id
    assert _items_recorded() == [1, 2, 3, 4, 5, 6]
    html = client.get(f"/jobs/{new_id}").get_data(as_text=True)
    assert _count(html) == (2, 2) and 'data-testid="job-retry"' not in html
    retried = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "job.retry"))
    assert retried.object_id == str(new_id) and retried.after == {"retry_of": job.id, "items": 2}
    with pytest.raises(ServiceError) as refused:
        jobs.retry(people.admin, new)
    assert refused.value.code == "job_not_retryable"


def test_an_error_stops_the_job_and_a_retry_runs_it_whole(app, people):
    job = _run(people.admin, n=5, explode_after=3)
    assert (job.status, job.done, job.total, job.error) == ("failed", 3, 5, "job_unexpected")
    assert job.finished_at is not None and _items_recorded() == [1, 2, 3]
    client = client_for(app, people.admin)
    client.get("/lang/en")
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "The job stopped because of an unexpected error" in html and "explodes" not in html
    assert "Run the job again" in html and 'data-state="failed"' in html
    new = db.session.get(Job, _retry_through_page(client, job))
    assert new.params == {"n": 5, "explode_after": 3}  # the whole job, no "only"


def test_a_running_job_without_a_heartbeat_counts_as_stopped(app, people):
    now = utcnow()
    job = Job(kind=KIND, params={"n": 3}, status="running", total=3, done=1, failures=[])
    job.created_by_id, job.started_at = people.applicant.id, now - timedelta(minutes=5)
    job.heartbeat_at = now - timedelta(seconds=90)
    db.session.add(job)
    db.session.commit()
    assert jobs.state(job) == "running" and jobs.retry_params(job) is None
    client = client_for(app, people.applicant)
    assert client.get(f"/jobs/{job.id}/progress").json["status"] == "running"
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'data-testid="job-retry"' not in html and 'data-testid="job-refresh"' in html

    job.heartbeat_at = now - timedelta(minutes=2, seconds=1)
    db.session.commit()
    assert client.get(f"/jobs/{job.id}/progress").json["status"] == "stopped"
    client.get("/lang/en")
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'data-state="stopped"' in html and "Run the job again" in html
    assert 'data-testid="job-refresh"' not in html
    new = db.session.get(Job, _retry_through_page(client, job))
    assert new.params == {"n": 3} and (new.status, new.done) == ("done", 3)
    assert new.created_by_id == people.applicant.id


def test_progress_json(app, people):
    job = _run(people.applicant, n=4, fail=[1])
    response = client_for(app, people.applicant).get(f"/jobs/{job.id}/progress")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert response.json == {"status": "done", "done": 4, "total": 4, "failures": 1}


def test_a_job_is_seen_by_its_creator_and_administrators_only(app, people):
    job = _run(people.applicant, n=2)
    paths = [f"/jobs/{job.id}", f"/jobs/{job.id}/progress", f"/jobs/{job.id}/result"]
    for user, status in (
        (people.applicant, 200),
        (people.admin, 200),
        (people.other_applicant, 404),
        (people.reviewer, 404),
    ):
        client = client_for(app, user)
        assert [_status(client, path) for path in paths] == [status] * 3, user.email
    anonymous = app.test_client()
    for path in paths:
        response = anonymous.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    # nor may another company run it again
    failed = _run(people.applicant, n=2, explode_after=0)
    client = client_for(app, people.other_applicant)
    token = TOKEN.search(client.get("/account").get_data(as_text=True)).group(1)
    assert client.post(f"/jobs/{failed.id}/retry", data={"csrf_token": token}).status_code == 404
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "job.retry")) is None


def test_the_result_file_is_an_attachment(app, people):
    job = _run(people.admin, n=3, fail=[2])
    client = client_for(app, people.admin)
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert f'href="/jobs/{job.id}/result"' in html
    response = client.get(f"/jobs/{job.id}/result")
    body = response.get_data()
    response.close()
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=result.json"
    assert json.loads(body) == {"pid": os.getpid(), "done": [1, 3]}
    stored = os.path.join(app.config["JOBS_DIR"], str(job.id), "result.json")
    assert os.path.isfile(stored)
    no_file = _run(people.admin, n=1, explode_after=0)
    assert _status(client, f"/jobs/{no_file.id}/result") == 404
    assert 'data-testid="job-result"' not in client.get(f"/jobs/{no_file.id}").get_data(
        as_text=True
    )


def test_a_rolled_back_enqueue_dispatches_nothing(app, people, caplog):
    caplog.set_level(logging.INFO, logger="evalcenter.core.job_runner")
    jobs.enqueue(people.admin, KIND, n=2)
    db.session.rollback()
    kept = _run(people.admin, n=1)
    assert db.session.scalars(select(Job.id)).all() == [kept.id] and kept.status == "done"
    # had the rolled-back job been dispatched, its runner would have found nothing to run
    assert "not queued any more" not in caplog.text


def test_job_kinds_are_registered_once(app, people):
    with pytest.raises(ValueError, match="no job kind"):
        jobs.enqueue(people.admin, "tests.unknown")

    def count_items_too(run):  # another function for a registered kind
        return None

    with pytest.raises(ValueError, match="already registered"):
        jobs.register(KIND, count_items_too)
    jobs.register(KIND, count_items, label="Counting test items")  # the same: accepted


def test_a_job_of_a_kind_no_longer_registered_fails_with_a_message(app, people):
    job = Job(kind="tests.gone", params={}, status="queued", total=0, done=0, failures=[])
    job.created_by_id = people.admin.id
    db.session.add(job)
    db.session.commit()
    from evalcenter.core.job_runner import execute

    execute(job.id)
    db.session.expire_all()
    assert (job.status, job.error) == ("failed", "job_unknown_kind")
    client = client_for(app, people.admin)
    client.get("/lang/en")
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "tests.gone" in html and "The platform no longer knows this kind of job" in html


def test_worker_needs_a_redis_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "")
    result = app.test_cli_runner().invoke(worker_command, ["--burst"])
    assert result.exit_code == 2 and "EVALCENTER_REDIS_URL is not set" in result.output


def test_jobs_runner_configuration(tmp_path, monkeypatch):
    monkeypatch.delenv("EVALCENTER_REDIS_URL", raising=False)
    monkeypatch.delenv("EVALCENTER_JOBS_RUNNER", raising=False)
    assert build_config(str(tmp_path), {"ENV": "testing"})["JOBS_RUNNER"] == "process"
    config = build_config(str(tmp_path), {"ENV": "testing"})
    assert config["JOBS_DIR"] == str(tmp_path / "jobs") and config["JOB_MODULES"] == []
    monkeypatch.setenv("EVALCENTER_REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("EVALCENTER_JOB_MODULES", "tests.core.job_kinds, other.module")
    config = build_config(str(tmp_path), {"ENV": "testing"})
    assert config["JOBS_RUNNER"] == "rq"
    assert config["JOB_MODULES"] == ["tests.core.job_kinds", "other.module"]
    monkeypatch.setenv("EVALCENTER_JOBS_RUNNER", "threads")
    with pytest.raises(ConfigError, match="rq, process, inline"):
        build_config(str(tmp_path), {"ENV": "testing"})
    monkeypatch.setenv("EVALCENTER_JOBS_RUNNER", "rq")
    monkeypatch.delenv("EVALCENTER_REDIS_URL")
    with pytest.raises(ConfigError, match="EVALCENTER_REDIS_URL is not set"):
        build_config(str(tmp_path), {"ENV": "testing"})


def test_a_job_module_that_cannot_be_imported_stops_the_start(tmp_path):
    from evalcenter import create_app

    config = {"ENV": "testing", "JOB_MODULES": ["tests.core.no_such_jobs"]}
    config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'unused.db'}"
    config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    with pytest.raises(ConfigError, match="EVALCENTER_JOB_MODULES names 'tests.core.no_such_jobs'"):
        create_app(config)
