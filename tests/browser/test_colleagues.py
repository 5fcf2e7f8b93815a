"""Colleagues in a real browser: the organisation's first user invites a colleague, the
invitation link is read from the application log (there is no mail server yet), the
colleague accepts it in another browser profile with a password of their own, and both
work on the same application.

Selectors are ids, names and data-* attributes, never wording."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.colleague_helpers import GOOD_PASSWORD, invitation_links
from tests.browser.conftest import new_context
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

COLLEAGUE = "li.colleague@benshen.example.cn"


def _submit(page: Page) -> None:
    """Press the submit button of the page's own form (not the navbar's logout button)."""
    page.locator("#main form[method=post] [type=submit]").first.click()


def _log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    _submit(page)
    page.wait_for_url(re.compile(r"/$"))


def _new_profile(browser, live_server: str, browser_problems) -> Page:
    """Another browser profile (its own cookies), watched for problems like `page`."""
    page = new_context(browser, live_server, browser_problems).new_page()
    browser_problems.watch(page)
    return page


def test_invited_colleague_joins_and_works_on_the_same_application(
    page, browser, live_server, browser_problems, people, draft, caplog, screenshot
):
    _log_in(page, people.applicant.email)
    page.locator("nav a[href='/colleagues']").click()
    page.wait_for_url(re.compile(r"/colleagues$"))
    page.locator("[data-testid=invite-link]").click()
    page.wait_for_url(re.compile(r"/colleagues/invite$"))
    page.locator("#name").fill("李同事")
    page.locator("#email").fill(COLLEAGUE)
    _submit(page)
    page.wait_for_url(re.compile(r"/colleagues$"))
    row = page.locator(f"tr[data-colleague='{COLLEAGUE}']")
    expect(row.locator("[data-state]")).to_have_attribute("data-state", "pending")
    screenshot("colleagues-invited")
    (link,) = invitation_links(caplog)

    colleague = _new_profile(browser, live_server, browser_problems)
    try:
        colleague.goto(link)
        colleague.wait_for_load_state()
        expect(colleague.locator("#name")).to_have_value("李同事")
        colleague.locator("#password").fill(GOOD_PASSWORD)
        colleague.locator("#confirm").fill(GOOD_PASSWORD)
        _submit(colleague)
        colleague.wait_for_url(re.compile(r"/$"))
        colleague.locator(f"tr[data-application='{draft.id}'] a").click()
        colleague.wait_for_url(re.compile(rf"/applications/{draft.id}$"))
        colleague.goto(f"/applications/{draft.id}/sections/finance")
        colleague.locator("#main_revenue").fill("4321")
        colleague.locator("#main [name=save]").click()
        expect(colleague.locator("#main_revenue")).to_have_value("4321.00")  # saved, reloaded
        colleague.wait_for_load_state()
    finally:
        colleague.context.close()

    page.reload()
    expect(row.locator("[data-state]")).to_have_attribute("data-state", "active")
    page.goto(f"/applications/{draft.id}/sections/finance")
    expect(page.locator("#main_revenue")).to_have_value("4321.00")
    screenshot("colleagues-shared-application")
