"""The job page in a real browser, with the job in a local worker process: its script moves
the count while the job runs (the page is not reloaded for it) and reloads the page once
the job has finished, which then shows the outcome and the retry button.

Selectors are ids, names and data-* attributes, never wording."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from evalcenter.core import jobs
from evalcenter.core.job_dispatch import wait_for_local_workers
from evalcenter.extensions import db
from tests.browser.test_accessibility import _log_in
from tests.core.job_kinds import KIND

pytestmark = pytest.mark.browser


def test_the_page_follows_a_running_job_and_shows_its_outcome(
    page: Page, app, live_server, people, monkeypatch, screenshot
):
    monkeypatch.setitem(app.config, "JOBS_RUNNER", "process")
    monkeypatch.setitem(app.config, "JOB_MODULES", ["tests.core.job_kinds"])
    _log_in(page, people.admin.email)
    job = jobs.enqueue(people.admin, KIND, n=12, fail=[7], delay=0.4)
    db.session.commit()
    try:
        page.goto(f"/jobs/{job.id}")
        page.evaluate("window.notReloaded = true")
        expect(page.locator("[data-job-state]")).to_have_attribute(
            "data-job-state", "running", timeout=30_000
        )  # reloaded by the script if the page opened while the job was waiting
        page.evaluate("window.notReloaded = true")
        page.wait_for_function(
            "() => { const n = +document.querySelector('[data-job-done]').textContent;"
            " return window.notReloaded && n > 0 && n < 12; }",
            timeout=30_000,
        )
        assert page.locator("[data-job-total]").text_content() == "12"
        screenshot("job-running")
        expect(page.locator("[data-job-state]")).to_have_attribute(
            "data-job-state", "done", timeout=30_000
        )
        assert page.evaluate("window.notReloaded === undefined")  # reloaded at the end
        assert page.locator("[data-job-done]").text_content() == "12"
        expect(page.locator("[data-testid=job-failures] tbody tr")).to_have_count(1)
        expect(page.locator("[data-testid=job-retry] button")).to_be_visible()
        expect(page.locator("[data-testid=job-result]")).to_be_visible()
        screenshot("job-done")
    finally:
        assert wait_for_local_workers(60)
