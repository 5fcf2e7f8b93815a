"""A company clerk in a real browser, end to end: signing up the organisation, its approval
by an administrator (in a second browser profile), every section of the application filled
in through the form (with a validation error on the way), the provisional
self-assessment, the required evidence, and the submission with its confirmation and
reference number.

Selectors are ids, names and data-* attributes, never Chinese wording. Every navigation is
followed by `wait_for_url` / `wait_for_load_state`, which wait for the page's load event:
leaving a page whose CSS or JS is still loading makes Chromium drop those requests, and the
development server then leaks the open static file (a ResourceWarning that fails the test)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from evalcenter.accounts.models import Organisation, OrganisationStatus
from evalcenter.applications.models import Application
from evalcenter.applications.sections import SECTIONS
from evalcenter.extensions import db
from tests.applications import samples
from tests.applications.helpers import example_data, form_text
from tests.browser.conftest import new_context
from tests.conftest import PASSWORD
from tests.factories import RoundFactory

pytestmark = pytest.mark.browser

USCC = "91110112MA02LY8P5G"  # valid, and not one of the `people` organisations'
CLERK_EMAIL = "wang.clerk@xinyuan-micro.example.cn"
CLERK_PASSWORD = "Xinyuan-Clerk-2025"
EVIDENCE = {
    "audited_financials": "2024年度审计财务报表.pdf",
    "rd_audit": "研发费用专项审计报告.pdf",
    "ip_list": "知识产权清单.pdf",
    "commitment_letter": "承诺书.pdf",
}
QUANTITATIVE = "86.31"  # the sample data's score under the reference ruleset


def _submit(page: Page) -> None:
    """Press the submit button of the page's own form (not the navbar's logout button)."""
    page.locator("#main form[method=post] [type=submit]").click()


@contextmanager
def _second_page(browser, live_server: str, browser_problems) -> Iterator[Page]:
    """Another browser profile (own cookies), watched for problems like `page`."""
    context = new_context(browser, live_server, browser_problems)
    page = context.new_page()
    browser_problems.watch(page)
    try:
        yield page
    finally:
        context.close()


def _sign_up(page: Page, data: dict) -> None:
    page.goto("/signup")
    page.locator("#company_name").fill(data["company_name"])
    page.locator("#uscc").fill(USCC.lower())  # lower case is accepted and upper-cased
    page.locator("#district").select_option(data["district"])
    page.locator("#industry_field").select_option(data["industry_field"])
    page.locator("#sector").select_option(data["sector"])
    page.locator("#contact_name").fill("王芳")
    page.locator("#email").fill(CLERK_EMAIL)
    page.locator("#password").fill(CLERK_PASSWORD)
    page.locator("#confirm").fill(CLERK_PASSWORD)
    _submit(page)


def _approve_as_admin(admin: Page, email: str, company_name: str) -> None:
    admin.goto("/login")
    admin.locator("input[name=email]").fill(email)
    admin.locator("input[name=password]").fill(PASSWORD)
    _submit(admin)
    admin.wait_for_url(re.compile(r"/$"))
    expect(admin.locator("form[action='/logout']")).to_be_visible()

    admin.locator("nav a[href='/admin/organisations']").click()
    admin.wait_for_url(re.compile(r"/admin/organisations$"))
    row = admin.locator("#main tbody tr", has=admin.locator("code", has_text=USCC))
    expect(row.locator("[data-status]")).to_have_attribute("data-status", "pending")
    row.locator("a").click()
    admin.wait_for_url(re.compile(r"/admin/organisations/\d+$"))
    expect(admin.locator("h1")).to_contain_text(company_name)
    expect(admin.locator("h1 [data-status]")).to_have_attribute("data-status", "pending")
    admin.locator("#main a[href$='/approve']").click()  # approving has a confirmation step
    admin.wait_for_url(re.compile(r"/admin/organisations/\d+/approve$"))
    admin.locator("[data-testid=confirm-form] [type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/organisations/\d+$"))
    expect(admin.locator("h1 [data-status]")).to_have_attribute("data-status", "approved")
    admin.wait_for_load_state()


def _answer(page: Page, key: str, value) -> None:
    """Enter one answer the way a person would: radio, select or typing."""
    if isinstance(value, bool):
        page.locator(f"input[type=radio][name={key}][value={form_text(value)}]").check()
        return
    field = page.locator(f"#{key}")
    if field.evaluate("e => e.tagName") == "SELECT":
        field.select_option(form_text(value))
    else:
        field.fill(form_text(value))


def _fill(page: Page, keys, data: dict) -> None:
    for key in keys:
        _answer(page, key, data[key])


def _section_url(app_id: int, section_id: str) -> re.Pattern:
    return re.compile(rf"/applications/{app_id}/sections/{section_id}$")


def _fill_finance_with_a_mistake_first(
    page: Page, app_id: int, keys, data: dict, screenshot
) -> None:
    """New-product revenue above main revenue: refused, explained, typed values kept, and
    nothing stored; then corrected."""
    wrong = {**data, "new_product_revenue": 90000}
    _fill(page, keys, wrong)
    page.locator("#main [name=save]").click()

    summary = page.locator(".ec-error-summary")
    expect(summary).to_be_visible()
    page.wait_for_load_state()  # the same URL again: wait for the new page to load
    expect(summary.locator("a[href='#new_product_revenue']")).to_have_count(1)
    feedback = page.locator("#q-new_product_revenue .ec-error-message")
    expect(feedback).to_be_visible()
    expect(feedback).to_have_text(re.compile(r"\S"))
    expect(page.locator("#new_product_revenue")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#new_product_revenue")).to_have_value("90000")
    expect(page.locator("#main_revenue")).to_have_value(form_text(data["main_revenue"]))
    expect(page.locator("#total_profit")).to_have_value(form_text(data["total_profit"]))
    expect(page.locator("#q-main_revenue .ec-error-message")).to_have_count(0)
    screenshot("application-form")
    db.session.expire_all()
    assert not set(keys) & set(db.session.get(Application, app_id).data)

    page.locator("#new_product_revenue").fill(form_text(data["new_product_revenue"]))
    page.locator("#main [name=save_next]").click()


def test_company_signs_up_is_approved_fills_in_uploads_and_submits(
    page: Page, browser, live_server, browser_problems, people, screenshot, tmp_path
):
    rnd = RoundFactory()
    db.session.commit()
    data = example_data()
    data["uscc"] = USCC
    every_key = [key for section in SECTIONS for key in section.keys]
    assert set(data) <= set(every_key), "every sample answer has a place in the form"

    # Sign-up: the clerk lands on the dashboard, the organisation awaits approval.
    _sign_up(page, data)
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("form[action='/logout']")).to_be_visible()
    expect(page.locator("#main h1")).to_have_text(data["company_name"])
    expect(page.locator("#main")).to_contain_text(USCC)
    expect(page.locator("#main .alert-warning")).to_be_visible()
    org = db.session.scalar(select(Organisation).where(Organisation.uscc == USCC))
    assert org is not None and org.status == OrganisationStatus.PENDING
    assert [m.email for m in org.members] == [CLERK_EMAIL]

    # An administrator approves it, in another browser profile.
    with _second_page(browser, live_server, browser_problems) as admin:
        _approve_as_admin(admin, people.admin.email, data["company_name"])
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).status == OrganisationStatus.APPROVED

    page.reload()
    expect(page.locator("#main .alert-warning")).to_have_count(0)
    page.locator(f"[data-start-round='{rnd.id}']").click()
    page.wait_for_url(re.compile(r"/applications/\d+$"))
    app_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator("[data-app-status]")).to_have_attribute("data-app-status", "draft")

    # Every section through its form, each "save and continue" leading to the next.
    page.locator(f"a[href='/applications/{app_id}/sections/{SECTIONS[0].id}']").first.click()
    for index, section in enumerate(SECTIONS):
        page.wait_for_url(_section_url(app_id, section.id))
        if section.id == "finance":
            _fill_finance_with_a_mistake_first(page, app_id, section.keys, data, screenshot)
        else:
            _fill(page, section.keys, data)
            page.locator("#main [name=save_next]").click()
        if index + 1 < len(SECTIONS):
            page.wait_for_url(_section_url(app_id, SECTIONS[index + 1].id))
            current = page.locator(f"a[href='/applications/{app_id}/sections/{section.id}']")
            badge = page.locator(".ec-tasks li", has=current).locator("[data-state]")
            expect(badge).to_have_attribute("data-state", "complete")
    page.wait_for_url(re.compile(rf"/applications/{app_id}/attachments$"))

    # The overview: every section complete, the provisional score, no failed gate.
    page.locator(f"#main a[href='/applications/{app_id}']").click()
    page.wait_for_url(re.compile(rf"/applications/{app_id}$"))
    expect(page.locator(".ec-tasks [data-state='complete']")).to_have_count(len(SECTIONS))
    card = page.locator("[data-testid=self-assessment]")
    expect(card.locator("[data-quantitative]")).to_have_attribute("data-quantitative", QUANTITATIVE)
    expect(card.locator("[data-testid=eligible]")).to_be_visible()
    expect(card.locator("[data-testid=failed-gates]")).to_have_count(0)
    card.locator(f"a[href='/applications/{app_id}/self-assessment']").click()
    page.wait_for_url(re.compile(rf"/applications/{app_id}/self-assessment$"))
    expect(page.locator("dd[data-quantitative]")).to_have_attribute(
        "data-quantitative", QUANTITATIVE
    )
    expect(page.locator("[data-gate][data-passed=no]")).to_have_count(0)
    expect(page.locator("[data-gate][data-passed=yes]").first).to_be_visible()
    expect(page.locator("tr[data-indicator]").first).to_be_visible()
    screenshot("self-assessment")

    # Without the evidence the application cannot be submitted.
    page.goto(f"/applications/{app_id}/check")
    problems = page.locator("[data-testid=submission-problems]")
    expect(problems).to_be_visible()
    for kind in EVIDENCE:
        expect(problems.locator(f"[data-problem='attachment:{kind}']")).to_have_count(1)
    expect(problems.locator("[data-problem]")).to_have_count(len(EVIDENCE))
    expect(page.locator("#main [name=submit]")).to_be_disabled()

    # The four required PDFs.
    page.goto(f"/applications/{app_id}/attachments")
    for count, (kind, name) in enumerate(EVIDENCE.items(), start=1):
        path = tmp_path / name
        path.write_bytes(samples.pdf(kind))
        expect(page.locator(f"li[data-kind={kind}]")).to_have_attribute("data-present", "no")
        page.locator("#kind").select_option(kind)
        page.locator("#file").set_input_files(path)
        page.locator("#main [name=submit]").click()
        expect(page.locator(f"li[data-kind={kind}]")).to_have_attribute("data-present", "yes")
        page.wait_for_load_state()  # redirected to the same URL: let the page finish loading
        expect(page.locator("tr[data-attachment]")).to_have_count(count)
        expect(page.locator("tr[data-attachment]", has_text=name)).to_have_count(1)

    # Check and submit: no problems left, the commitment ticked, submitted.
    page.locator(f"#main a[href='/applications/{app_id}/check']").click()
    page.wait_for_url(re.compile(rf"/applications/{app_id}/check$"))
    expect(page.locator("[data-testid=submission-problems]")).to_have_count(0)
    page.locator("#confirm").check()
    page.locator("#main [name=submit]").click()
    page.wait_for_url(re.compile(rf"/applications/{app_id}/submitted$"))
    reference = page.locator("[data-testid=confirmation-panel] [data-testid=reference]")
    expect(reference).to_have_text(re.compile(rf"^BJETC-{rnd.year}-\d{{6}}$"))
    number = reference.inner_text()
    screenshot("submitted-confirmation")

    # The status page: the reference number, the status path and the first version.
    page.locator(f"#main a[href='/applications/{app_id}/status']").click()
    page.wait_for_url(re.compile(rf"/applications/{app_id}/status$"))
    expect(page.locator("[data-app-status]")).to_have_attribute("data-app-status", "submitted")
    expect(page.locator("[data-testid=app-reference]")).to_have_text(number)
    expect(page.locator("[data-step=draft]")).to_have_attribute("data-state", "done")
    expect(page.locator("[data-step=submitted]")).to_have_attribute("data-state", "current")
    expect(page.locator("[data-snapshot]")).to_have_count(1)
    expect(page.locator("[data-progress]")).to_have_attribute("data-progress", "submitted")
    screenshot("submitted-status")

    db.session.expire_all()
    application = db.session.get(Application, app_id)
    assert application.status == "submitted" and application.reference == number
    assert application.data["uscc"] == USCC and application.data["employees"] == 1240
    assert application.data["new_product_revenue"] == "41200.00"
    (snapshot,) = application.snapshots
    assert sorted(a.kind for a in snapshot.attachments) == sorted(EVIDENCE)
    assert sorted(a.original_name for a in snapshot.attachments) == sorted(EVIDENCE.values())
