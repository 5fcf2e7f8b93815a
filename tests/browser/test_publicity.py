"""The publicity in a real browser: a visitor without an account reads the public page and
files an objection with a real name and contact; the administrator finds it in the round's
objections and resolves it with a written outcome.

Selectors are ids, names and data-* attributes, never wording."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from evalcenter.decisions.models import Objection
from evalcenter.extensions import db
from tests.browser.conftest import new_context
from tests.conftest import PASSWORD
from tests.decisions.helpers import open_period, under_publicity

pytestmark = pytest.mark.browser


def test_objection_filed_on_the_public_page_and_resolved(
    page: Page, people, browser, live_server, browser_problems, screenshot
):
    rnd, (recognised, rejected) = under_publicity(people.admin)
    open_period(rnd)

    page.goto("/publicity")
    listing = page.locator("[data-testid=recognised]")
    expect(listing).to_contain_text(recognised.organisation.name)
    expect(listing).not_to_contain_text(rejected.organisation.name)
    page.locator(f"a[href='/publicity/{rnd.id}']").click()
    page.wait_for_url(re.compile(rf"/publicity/{rnd.id}$"))

    # An anonymous objection is refused beside the name field, and what was typed is kept.
    page.select_option("#application_id", str(recognised.id))
    page.fill("#name", "匿名")
    page.fill("#contact", "13800138000")
    page.fill("#text", "研发人员数量与社保记录不符")
    page.locator(f"form[action='/publicity/{rnd.id}'] [type=submit]").click()
    expect(page.locator("#name-error")).to_be_visible()
    expect(page.locator("#text")).to_have_value("研发人员数量与社保记录不符")
    browser_problems.items.clear()  # the refused form answers 422 on purpose
    page.fill("#name", "王五")
    page.locator(f"form[action='/publicity/{rnd.id}'] [type=submit]").click()
    page.wait_for_url(re.compile(rf"/publicity/{rnd.id}$"))
    expect(page.locator(".alert-success, [role=alert]").first).to_be_visible()
    screenshot("publicity-objection-filed")
    objection = db.session.query(Objection).one()
    assert (objection.name, objection.status) == ("王五", "open")

    admin_context = new_context(browser, live_server, browser_problems)
    admin = admin_context.new_page()
    browser_problems.watch(admin)
    admin.goto("/login")
    admin.locator("input[name=email]").fill(people.admin.email)
    admin.locator("input[name=password]").fill(PASSWORD)
    admin.locator("#main form[method=post] [type=submit]").click()
    expect(admin.locator("form[action='/logout']")).to_be_attached()
    admin.goto(f"/admin/rounds/{rnd.id}/objections")
    section = admin.locator(f"[data-objection='{objection.id}']")
    expect(section).to_contain_text("研发人员数量与社保记录不符")
    section.locator(f"a[href='/admin/objections/{objection.id}/resolve']").click()
    admin.fill("#outcome", "经核查，社保记录与申报一致，异议不成立。")
    admin.locator("[data-testid=confirm-form] [type=submit]").click()
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rnd.id}/objections$"))
    expect(section.locator("[data-testid=objection-outcome]")).to_have_text(
        "经核查，社保记录与申报一致，异议不成立。"
    )
    expect(section.locator("[data-state=resolved]")).to_be_visible()
    admin.close()
    admin_context.close()
    db.session.expire_all()
    assert db.session.get(Objection, objection.id).status == "resolved"
