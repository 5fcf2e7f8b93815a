"""Forgot password and in-site messages in a real browser, with a real local SMTP server:
the login page links to the form, the e-mailed link sets a new password, the old one stops
working, and the unread count in the navigation leads to the messages.

Selectors are ids, names and data-* attributes, never wording."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from evalcenter.extensions import db
from evalcenter.notifications.services import notify
from tests.smtp_server import body, smtp_server

pytestmark = pytest.mark.browser

NEW_PASSWORD = "meadow kettle violin harbour"


def _submit(page: Page) -> None:
    page.locator("#main form[method=post] [type=submit]").first.click()


def test_a_forgotten_password_is_reset_through_the_emailed_link(
    page: Page, app, live_server, people, monkeypatch, screenshot, browser_problems
):
    notify(people.applicant, "application_returned", link="/", reason="请补充盖章页", round="2025")
    db.session.commit()
    with smtp_server(app, monkeypatch) as inbox:
        page.goto("/login")
        page.locator("[data-testid=forgot-password]").click()
        page.wait_for_url(re.compile(r"/password/forgot$"))
        page.locator("input[name=email]").fill(people.applicant.email)
        screenshot("forgot-password")
        _submit(page)
        page.wait_for_url(re.compile(r"/login$"))
        expect(page.locator("[role=alert]")).to_be_visible()
        [message] = inbox.to(people.applicant.email)
    link = re.search(r"http://\S+/password/reset/\S+", body(message)).group(0)
    assert link.startswith(live_server)

    page.goto(link)
    page.locator("input[name=password]").fill(NEW_PASSWORD)
    page.locator("input[name=confirm]").fill(NEW_PASSWORD)
    screenshot("reset-password")
    _submit(page)
    page.wait_for_url(re.compile(r"/login$"))

    browser_problems.allow_status(410)
    page.goto(link)  # used once: it no longer works
    expect(page.locator("[data-testid=reset-state]")).to_have_attribute("data-state", "used")

    page.goto("/login")
    page.locator("input[name=email]").fill(people.applicant.email)
    page.locator("input[name=password]").fill(NEW_PASSWORD)
    _submit(page)
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("[data-testid=unread-count]")).to_have_text("1")
    page.locator("[data-testid=nav-messages]").click()
    page.wait_for_url(re.compile(r"/notifications$"))
    expect(page.locator("[data-testid=notification]")).to_have_count(1)
    page.locator("[data-testid=notification] a").click()
    expect(page.locator("[data-testid=notification-body]")).to_contain_text("请补充盖章页")
    expect(page.locator("[data-testid=unread-count]")).to_have_count(0)
    screenshot("notification")
