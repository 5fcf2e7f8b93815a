"""Certificates in a real browser: the administrator issues a finished round's certificates
and reports from the round's page, follows the batch on its job page and downloads the ZIP,
then revokes one certificate through its confirmation page; a visitor scans nothing but
opens the verification link and reads that it is revoked, and why.

Selectors are ids, names, hrefs and data-* attributes, never wording."""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from evalcenter.core.job_dispatch import wait_for_local_workers
from evalcenter.documents.models import Certificate
from evalcenter.extensions import db
from tests.browser.conftest import new_context
from tests.browser.test_accessibility import _log_in
from tests.documents.helpers import finished_round

pytestmark = pytest.mark.browser
REASON = "企业发生重大安全事故，撤销认定。"


def test_issue_a_round_then_revoke_and_verify(
    page: Page, app, browser, live_server, browser_problems, people, monkeypatch, screenshot
):
    monkeypatch.setitem(app.config, "JOBS_RUNNER", "process")
    browser_problems.allow_status(422)  # the revocation posted without a reason
    rnd, apps = finished_round(people.admin, ("recognised", "recognised", "not_recognised"))
    _log_in(page, people.admin.email)
    try:
        page.goto(f"/admin/rounds/{rnd.id}/certificates")
        page.locator(f"a[href='/admin/rounds/{rnd.id}/certificates/issue']").click()
        page.locator("#main form [type=submit]").click()
        expect(page.locator("[data-job-state]")).to_have_attribute(
            "data-job-state", "done", timeout=120_000
        )
        assert page.locator("[data-job-done]").text_content() == "5"
        screenshot("certificates-job-done")
        with page.expect_download() as download:
            page.locator("a[data-testid=job-result]").click()
        names = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())).namelist()
        assert len([n for n in names if n.startswith("certificates/")]) == 2
    finally:
        assert wait_for_local_workers(60)
    db.session.expire_all()
    cert = db.session.scalars(select(Certificate).order_by(Certificate.number)).first()
    page.goto(f"/admin/rounds/{rnd.id}/certificates")
    page.locator(f"a[href='/admin/certificates/{cert.id}']").click()
    page.locator(f"a[href='/admin/certificates/{cert.id}/revoke']").click()
    page.locator("#main form [type=submit]").click()  # no reason: refused on the page
    expect(page.locator(".ec-error-summary, [data-testid=error-summary]").first).to_be_visible()
    page.locator("textarea[name=reason]").fill(REASON)
    page.locator("#main form [type=submit]").click()
    expect(page.locator("[data-state=revoked]").first).to_be_visible()
    verify_url = page.locator("[data-testid=verify-link]").get_attribute("href")
    visitor = new_context(browser, live_server, browser_problems).new_page()
    visitor.goto(verify_url)
    expect(visitor.locator("#main")).to_contain_text(cert.serial)
    expect(visitor.locator("#main")).to_contain_text(REASON)
    expect(visitor.locator("[data-state=revoked]").first).to_be_visible()
    screenshot("certificate-revoked-admin")
