"""A reviewer in a real browser: from the navigation to the assignment, the declaration of no
conflict, the frozen application, the review form with its live total, a draft, and the
submission through its confirmation page.

Selectors are ids, names, hrefs and attributes, never Chinese wording."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from evalcenter.extensions import db
from evalcenter.reviews.models import Review, ReviewStatus
from tests.conftest import PASSWORD
from tests.reviews.workspace_helpers import FILE_NAME, reviewing

pytestmark = pytest.mark.browser

SCORES = {"X1": "12.5", "X2": "16", "X3": "17.5", "X4": "11", "X5": "10", "X6": "12"}


def _submit(page: Page, name: str | None = None) -> None:
    """Press a submit button of the page's own form (not the navbar's logout button)."""
    selector = f"[name={name}]" if name else "[type=submit]"
    page.locator(f"#main form[method=post] {selector}").first.click()


def test_reviewer_declares_reads_scores_saves_and_submits(page: Page, people, screenshot):
    world = reviewing(people)
    mine = world.mine.id
    page.goto("/login")
    page.locator("input[name=email]").fill(people.reviewer.email)
    page.locator("input[name=password]").fill(PASSWORD)
    _submit(page)
    expect(page.locator("form[action='/logout']")).to_be_visible()

    page.locator("nav a[href='/reviews']").click()
    row = page.locator(f"tr[data-assignment='{mine}']")
    expect(row.locator("[data-state=to_declare]")).to_be_visible()
    expect(row).not_to_contain_text(people.organisation.name)
    row.locator(f"a[href='/reviews/{mine}/declare']").click()

    expect(page.locator("[data-testid=declared-organisation]")).to_contain_text(
        people.organisation.uscc
    )
    page.locator("input[name=commitment]").check()
    _submit(page)
    expect(page).to_have_url(re.compile(rf"/reviews/{mine}$"))
    expect(page.locator("[data-testid=stored-score]")).to_be_visible()
    expect(page.locator("[data-testid=evidence]")).to_contain_text(FILE_NAME)
    screenshot("reviewer-application")

    page.locator(f"#main a[href='/reviews/{mine}/review']").first.click()
    total = page.locator("#review-total")
    page.locator("#score_X1").fill(SCORES["X1"])
    page.locator("#score_X2").fill(SCORES["X2"])
    expect(total).to_have_text("28.5")
    page.locator("#comment_X1").fill("研发组织体系健全")
    _submit(page, "save")
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#score_X1")).to_have_value("12.5")
    review = db.session.scalar(select(Review).where(Review.assignment_id == mine))
    assert review.status == ReviewStatus.DRAFT and review.scores == {"X1": "12.5", "X2": "16"}

    for cid, value in SCORES.items():
        page.locator(f"#score_{cid}").fill(value)
    expect(total).to_have_text("79")
    page.locator("#opinion").fill("技术中心整体实力较强，建议认定。")
    screenshot("reviewer-review-form")
    _submit(page, "submit")
    expect(page).to_have_url(re.compile(rf"/reviews/{mine}/review/submit$"))
    expect(page.locator("[data-testid=consequences]")).to_contain_text("79")
    _submit(page)
    expect(page).to_have_url(re.compile(r"/reviews$"))
    expect(page.locator(f"tr[data-assignment='{mine}'] [data-state=submitted]")).to_be_visible()
    db.session.expire_all()
    review = db.session.scalar(select(Review).where(Review.assignment_id == mine))
    assert review.status == ReviewStatus.SUBMITTED and str(review.total) == "79.00"
