"""A company in a real browser reads the outcome of its application: the application comes
back returned with a reason, the clerk reads why, fixes the figure through the check page's
"Change" link, submits again and gets the confirmation with the same reference number and a
printable receipt; the status page fits a phone.

Selectors are ids, names and data-* attributes, never wording."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from evalcenter.applications import services
from evalcenter.applications.models import Application
from evalcenter.extensions import db
from tests.applications.helpers import add_pdf, example_data
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

REQUIRED = ("audited_financials", "rd_audit", "ip_list", "commitment_letter")
REASON = "研发经费支出与专项审计报告不一致（报告为 7,300.00 万元），请更正。"


def _log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("#main form[method=post] [type=submit]").click()
    expect(page.locator("form[action='/logout']")).to_be_attached()
    page.wait_for_load_state()


def _submitted_and_returned(people, draft) -> str:
    """The application submitted by the company and returned by the programme office."""
    data = {**example_data(), "uscc": people.organisation.uscc}
    services.import_json(people.applicant, draft, json.dumps(data).encode(), None)
    for kind in REQUIRED:
        add_pdf(people.applicant, draft, kind, f"{kind}.pdf")
    services.submit(people.applicant, draft, None)
    services.formal_check(people.admin, draft, False, REASON)
    db.session.commit()
    return draft.reference


def test_returned_fixed_resubmitted_with_the_reason_in_view(page: Page, people, draft, screenshot):
    reference = _submitted_and_returned(people, draft)
    assert re.fullmatch(r"BJETC-\d{4}-000001", reference)
    _log_in(page, people.applicant.email)

    # The dashboard names the application by its reference number.
    expect(page.locator(f"tr[data-application='{draft.id}'] [data-testid=reference]")).to_have_text(
        reference
    )
    page.locator(f"tr[data-application='{draft.id}'] a").click()
    page.wait_for_url(re.compile(rf"/applications/{draft.id}$"))

    # The overview says why it was returned, and what to do next.
    notice = page.locator("[data-testid=return-notice]")
    expect(notice).to_be_visible()
    expect(notice.locator("[data-testid=return-reason]")).to_have_text(REASON)
    expect(notice.locator("ol li")).to_have_count(2)
    screenshot("returned-overview")

    # The check page: every answer can be changed; the change returns here.
    notice.locator(f"a[href='/applications/{draft.id}/check']").click()
    page.wait_for_url(re.compile(rf"/applications/{draft.id}/check$"))
    expect(page.locator("[data-testid=warning-text]")).to_be_visible()
    expect(page.locator("[data-testid=submission-problems]")).to_have_count(0)
    page.locator("a[href$='/sections/finance?return_to=check#rd_expenditure']").click()
    page.wait_for_url(re.compile(r"/sections/finance\?return_to=check#rd_expenditure$"))
    expect(page.locator("[data-testid=locked-banner]")).to_have_count(0)
    page.locator("#rd_expenditure").fill("7300")
    page.locator("#main [name=save]").click()
    page.wait_for_url(re.compile(rf"/applications/{draft.id}/check#check-finance$"))
    finance = page.locator("[data-testid=answers-finance]")
    expect(finance).to_contain_text("7,300.00")
    screenshot("check-your-answers")

    # Submitted again: the confirmation keeps the reference number.
    page.locator("#confirm").check()
    page.locator("#main [name=submit]").click()
    page.wait_for_url(re.compile(rf"/applications/{draft.id}/submitted$"))
    panel = page.locator("[data-testid=confirmation-panel]")
    expect(panel.locator("[data-testid=reference]")).to_have_text(reference)
    screenshot("resubmitted-confirmation")

    # The status page: no reason panel any more, the whole path in words, no raw records.
    page.goto(f"/applications/{draft.id}/status")
    expect(page.locator("[data-testid=return-notice]")).to_have_count(0)
    steps = page.locator("[data-progress]")
    expect(steps).to_have_count(3)
    assert [steps.nth(i).get_attribute("data-progress") for i in range(3)] == [
        "submitted",
        "returned",
        "resubmitted",
    ]
    expect(steps.nth(1)).to_contain_text(REASON)
    expect(page.locator("#main")).not_to_contain_text(people.admin.email)
    expect(page.locator("[data-testid=app-reference]")).to_have_text(reference)

    db.session.expire_all()
    application = db.session.get(Application, draft.id)
    assert application.status == "submitted" and application.reference == reference
    assert [s.data["rd_expenditure"] for s in application.snapshots] == ["7350.00", "7300.00"]


def test_status_on_a_phone_then_confirmation_and_receipt(page: Page, people, draft, screenshot):
    reference = _submitted_and_returned(people, draft)
    _log_in(page, people.applicant.email)

    # The returned application's status page on a 390 px phone: no sideways scrolling, and
    # no longer than its content needs.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/applications/{draft.id}/status")
    page.wait_for_load_state()
    expect(page.locator("[data-testid=return-notice]")).to_be_visible()
    expect(page.locator("[data-progress]")).to_have_count(2)
    width = page.evaluate("document.documentElement.scrollWidth")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert width <= 390, f"the status page scrolls sideways on a phone ({width} px wide)"
    assert height < 3 * 844, f"the status page is {height} px long on a phone"
    screenshot("status-returned-phone")

    # Submitted again: the confirmation with the same reference number.
    services.submit(people.applicant, db.session.get(Application, draft.id), None)
    db.session.commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/applications/{draft.id}/submitted")
    expect(page.locator("[data-testid=confirmation-panel] [data-testid=reference]")).to_have_text(
        reference
    )
    screenshot("submission-confirmation")

    # The printable receipt: the print button appears with JavaScript; links vanish in print.
    page.locator(f"#main a[href='/applications/{draft.id}/receipt']").click()
    page.wait_for_url(re.compile(rf"/applications/{draft.id}/receipt$"))
    expect(page.locator("[data-testid=reference]")).to_have_text(reference)
    expect(page.locator("[data-print]")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".ec-no-print")).to_be_hidden()
    screenshot("submission-receipt-print")
    page.emulate_media(media="screen")
