"""An administrator in a real browser: language switch, login, creating and deactivating a
reviewer, the audit log, closing a round through its confirmation page, and logging out and
in again.

Selectors are ids, names, hrefs and attributes, never Chinese wording (the catalogue may
change); visible English text is matched only after switching with the language link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

NEW_USER = "/admin/users/new"


def _submit(page: Page) -> None:
    """Press the submit button of the page's own form (not the navbar's logout button)."""
    page.locator("#main form[method=post] [type=submit]").click()


def _log_in(page: Page, email: str) -> None:
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    _submit(page)
    expect(page.locator("form[action='/logout']")).to_be_visible()


def test_admin_creates_and_deactivates_a_reviewer_and_sees_it_in_the_audit_log(
    page: Page, people, screenshot
):
    page.goto("/login")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")

    page.locator("a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Log in")

    _log_in(page, people.admin.email)
    expect(page).to_have_url(re.compile(r"/$"))

    page.locator("nav a[href='/admin/users']").click()
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.locator("#main")).to_contain_text(people.reviewer.email)
    page.locator(f"#main a[href='{NEW_USER}']").click()
    expect(page).to_have_url(re.compile(f"{NEW_USER}$"))

    # A bad email: the form comes back with an error summary and what was typed.
    page.locator("input[name=name]").fill("周专家")
    page.locator("input[name=email]").fill("not-an-email")
    page.locator("select[name=role]").select_option("reviewer")
    page.locator("input[name=password]").fill("Reviewer-Pass-9")
    _submit(page)
    summary = page.locator(".ec-error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a[href='#email']")).to_have_count(1)
    expect(page.locator("input[name=name]")).to_have_value("周专家")
    expect(page.locator("input[name=email]")).to_have_value("not-an-email")

    # Fixed: the reviewer is created and their page opens.
    page.locator("input[name=email]").fill("Zhou.Expert@Example.cn")
    page.locator("select[name=role]").select_option("reviewer")
    page.locator("input[name=password]").fill("Reviewer-Pass-9")
    _submit(page)
    expect(page).to_have_url(re.compile(r"/admin/users/\d+$"))
    user_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator("#main")).to_contain_text("zhou.expert@example.cn")

    # Deactivating asks first, on a page of its own that states the consequences.
    page.locator(f"#main a[href='/admin/users/{user_id}/deactivate']").click()
    expect(page).to_have_url(re.compile(rf"/admin/users/{user_id}/deactivate$"))
    expect(page.locator("[data-testid=consequences] li")).to_have_count(3)
    page.locator("[data-testid=confirm-form] [type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/admin/users/{user_id}$"))
    expect(page.locator(f"form[action='/admin/users/{user_id}/reactivate']")).to_be_visible()

    db.session.expire_all()
    reviewer = db.session.scalar(select(User).where(User.email == "zhou.expert@example.cn"))
    assert reviewer.id == user_id and reviewer.role == "reviewer" and not reviewer.active

    page.locator("nav a[href='/admin/audit']").click()
    expect(page).to_have_url(re.compile(r"/admin/audit$"))
    for action in ("login.success", "user.create", "user.deactivate"):
        expect(page.locator(f"table.ec-audit tr[data-action='{action}']").first).to_be_visible()
    # In words, with the raw record (here the new user's e-mail) only on demand.
    created = page.locator("table.ec-audit tr[data-action='user.create']").first
    expect(created.locator("details pre")).not_to_be_visible()
    created.locator("details summary").click()
    expect(created.locator("details pre")).to_contain_text("zhou.expert@example.cn")
    screenshot("admin-audit-log")


def test_logged_in_pages_work_after_logging_out_and_in_again(page: Page, people):
    page.goto("/login")
    _log_in(page, people.admin.email)
    page.goto("/admin/users")
    expect(page.locator(f"#main a[href='{NEW_USER}']")).to_be_visible()

    page.locator("form[action='/logout'] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("form[action='/logout']")).to_have_count(0)

    # Logged out: the page asks for a login and comes back to it afterwards.
    page.goto("/admin/users")
    expect(page).to_have_url(re.compile(r"/login\?next="))
    _log_in(page, people.admin.email)
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.locator(f"#main a[href='{NEW_USER}']")).to_be_visible()

    page.goto(NEW_USER)
    expect(page.locator("#main input[name=email]")).to_be_visible()
    page.goto("/admin/audit")
    expect(page.locator("table.ec-audit tr[data-action='logout']")).to_have_count(1)
    expect(page.locator("table.ec-audit tr[data-action='login.success']")).to_have_count(2)


def test_closing_a_round_goes_through_a_page_that_states_the_consequences(
    page: Page, people, open_round, screenshot
):
    page.goto("/login")
    page.locator("a[hreflang=en]").click()
    _log_in(page, people.admin.email)
    page.goto("/admin/rounds")
    row = page.locator(f"tr[data-round='{open_round.id}']")
    row.locator("a[data-action=close]").click()

    url = f"/admin/rounds/{open_round.id}/status/close"
    expect(page).to_have_url(re.compile(f"{url}$"))
    expect(page.locator("[data-testid=confirm-title]")).to_contain_text("before its deadline")
    consequences = page.locator("[data-testid=consequences]")
    expect(consequences).to_contain_text("can no longer start, edit or submit applications")
    expect(consequences).to_contain_text("can be reopened")
    screenshot("admin-round-close-confirmation")
    db.session.expire_all()
    assert db.session.get(EvaluationRound, open_round.id).status == "open"  # not yet

    page.locator("[data-testid=confirm-form] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/rounds$"))
    row = page.locator(f"tr[data-round='{open_round.id}']")
    expect(row.locator("[data-status]")).to_have_attribute("data-status", "closed")
    expect(row.locator("a[data-action=reopen]")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(EvaluationRound, open_round.id).status == "closed"
