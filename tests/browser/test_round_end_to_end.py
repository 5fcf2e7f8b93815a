"""A round from open to finished in a real browser, each step by the role that takes it:
three companies submit; the administrator closes the round, accepts the three at the formal
check, starts the review and saves the solver's assignment of five reviewers each; one
reviewer recuses and is replaced; every reviewer declares and scores through the review
form; the ranking shows the spec's panel score (five reviews: the highest and the lowest
totals dropped, the mean of the other three to 2 places, half-up); the administrator
decides, starts the publicity; a visitor objects on the public page; the objection is
resolved, the round finishes and each company reads its outcome on its status page.

Only the set-up (companies with filled-in drafts, reviewers with profiles) is made in the
database; the passage of time (the publicity opening and ending) is too, between steps.
Selectors are ids, names, hrefs and data-* attributes, never wording."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from evalcenter.applications import services
from evalcenter.applications.attachments import REQUIRED_KINDS
from evalcenter.core.roles import Role
from evalcenter.decisions import publicity
from evalcenter.decisions.models import Objection
from evalcenter.extensions import db
from evalcenter.reviews.models import Assignment, AssignmentStatus, ReviewerProfile
from evalcenter.rounds.models import EvaluationRound, RoundStatus
from tests.applications.helpers import add_pdf, example_data
from tests.browser.conftest import new_context, save_screenshot
from tests.conftest import PASSWORD
from tests.factories import RoundFactory, UserFactory
from tests.review_factories import criterion_scores

pytestmark = pytest.mark.browser

REVIEWERS = 7
# The five review totals each application receives, in the order the reviews are written.
TOTALS = (
    ("61", "70.5", "80", "85.5", "97"),
    ("90", "50", "66", "77.5", "81"),
    ("72", "88", "64.5", "70", "71"),
)
OUTCOMES = ("recognised", "recognised", "not_recognised")
RATIONALE = "综合得分未达认定线。"
OBJECTION = "研发人员数量与社保缴纳记录不符。"
RESOLUTION = "经核查，社保记录与申报一致，异议不成立。"


def _panel(totals) -> str:
    """The spec's panel score of five totals: the middle three's mean, 2 places, half-up."""
    middle = sorted(Decimal(t) for t in totals)[1:-1]
    return str((sum(middle) / 3).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def _submit(page: Page, name: str | None = None) -> None:
    """Press a submit button of the page's own form (not the navbar's logout button)."""
    selector = f"[name={name}]" if name else "[type=submit]"
    page.locator(f"#main form[method=post] {selector}").first.click()


def _confirm(page: Page, url: str) -> None:
    """Open a confirmation page and confirm."""
    page.goto(url)
    page.locator("[data-testid=confirm-form] [type=submit]").click()
    page.wait_for_load_state()


@contextmanager
def _browser_as(browser, live_server, browser_problems, email: str | None) -> Iterator[Page]:
    """A page in a fresh browser profile, logged in as `email` (a visitor when None)."""
    context = new_context(browser, live_server, browser_problems)
    page = context.new_page()
    browser_problems.watch(page)
    try:
        if email is not None:
            page.goto("/login")
            page.locator("input[name=email]").fill(email)
            page.locator("input[name=password]").fill(PASSWORD)
            _submit(page)
            expect(page.locator("form[action='/logout']")).to_be_attached()
            page.wait_for_load_state()
        yield page
    finally:
        context.close()


def _draft(rnd, n: int):
    """A company's clerk and their application with every answer and the evidence, unsent."""
    clerk = UserFactory(email=f"clerk-e2e-{n}@example.cn")
    app = services.start(clerk, rnd)
    data = {
        **example_data(),
        "uscc": clerk.organisation.uscc,
        "company_name": clerk.organisation.name,
    }
    services.import_json(clerk, app, json.dumps(data, ensure_ascii=False).encode(), app.version)
    for kind in REQUIRED_KINDS:
        add_pdf(clerk, app, kind, f"{kind}.pdf")
    return clerk, app


def _set_up():
    rnd = RoundFactory()
    drafts = [_draft(rnd, n) for n in range(3)]
    field = example_data()["industry_field"]
    reviewers = []
    for n in range(REVIEWERS):
        user = UserFactory(role=Role.REVIEWER, email=f"expert-e2e-{n}@example.cn")
        db.session.add(ReviewerProfile(user_id=user.id, fields=[field] if n % 2 else []))
        reviewers.append(user)
    db.session.commit()
    return rnd, drafts, reviewers


def _assignments(rnd_id: int, status: str | None = None) -> list[Assignment]:
    db.session.expire_all()
    query = select(Assignment).where(Assignment.round_id == rnd_id).order_by(Assignment.id)
    if status:
        query = query.where(Assignment.status == status)
    return list(db.session.scalars(query))


def _round(rnd_id: int) -> EvaluationRound:
    db.session.expire_all()
    return db.session.get(EvaluationRound, rnd_id)


def _status_action(admin: Page, rnd_id: int, action: str) -> None:
    admin.goto("/admin/rounds")
    admin.locator(f"tr[data-round='{rnd_id}'] a[data-action={action}]").click()
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rnd_id}/status/{action}$"))
    admin.locator("[data-testid=confirm-form] [type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/rounds$"))


def _review(page: Page, assignment_id: int, total: str) -> None:
    """Declare no conflict, then score the review form and submit it after its confirmation."""
    page.goto("/reviews")
    row = page.locator(f"tr[data-assignment='{assignment_id}']")
    row.locator(f"a[href='/reviews/{assignment_id}/declare']").click()
    page.locator("input[name=commitment]").check()
    _submit(page)
    page.wait_for_url(re.compile(rf"/reviews/{assignment_id}$"))
    page.locator(f"#main a[href='/reviews/{assignment_id}/review']").first.click()
    for cid, value in criterion_scores(total).items():
        page.locator(f"#score_{cid}").fill(value)
    expect(page.locator("#review-total")).to_have_text(format(Decimal(total).normalize(), "f"))
    page.locator("#opinion").fill("技术中心整体实力较强。")
    _submit(page, "submit")
    page.wait_for_url(re.compile(rf"/reviews/{assignment_id}/review/submit$"))
    _submit(page)
    page.wait_for_url(re.compile(r"/reviews$"))
    expect(
        page.locator(f"tr[data-assignment='{assignment_id}'] [data-state=submitted]")
    ).to_be_visible()


def test_a_round_from_open_to_finished(
    page: Page, app, browser, live_server, browser_problems, people, screenshot, monkeypatch
):
    # Fifteen logins from one address within a minute, as from an office behind one gateway.
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "100 per minute")
    rnd, drafts, reviewers = _set_up()
    rid = rnd.id
    apps = [draft.id for _clerk, draft in drafts]
    session = lambda email: _browser_as(browser, live_server, browser_problems, email)  # noqa: E731

    # Three companies check their answers and submit.
    for clerk, draft in drafts:
        with session(clerk.email) as company:
            company.goto(f"/applications/{draft.id}/check")
            expect(company.locator("[data-testid=submission-problems]")).to_have_count(0)
            company.locator("#confirm").check()
            company.locator("#main [name=submit]").click()
            company.wait_for_url(re.compile(rf"/applications/{draft.id}/submitted$"))

    # The administrator closes the round, accepts the three and starts the review.
    admin = page
    admin.goto("/login")
    admin.locator("input[name=email]").fill(people.admin.email)
    admin.locator("input[name=password]").fill(PASSWORD)
    _submit(admin)
    expect(admin.locator("form[action='/logout']")).to_be_attached()
    _status_action(admin, rid, "close")
    for app_id in apps:
        admin.goto(f"/admin/applications/{app_id}")
        admin.locator(f"#main a[href='/admin/applications/{app_id}/accept']").click()
        admin.wait_for_url(re.compile(rf"/admin/applications/{app_id}/accept$"))
        admin.locator("[data-testid=confirm-form] [type=submit]").click()
        admin.wait_for_url(re.compile(rf"/admin/applications/{app_id}$"))
    admin.goto(f"/admin/rounds/{rid}/applications?status=accepted")
    expect(admin.locator("tr[data-application]")).to_have_count(3)
    _status_action(admin, rid, "start_review")
    assert _round(rid).status == RoundStatus.REVIEWING

    # The solver proposes five reviewers each; saved after its confirmation page.
    admin.locator(f"tr[data-round='{rid}'] a[data-action=assign]").click()
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rid}/assignment$"))
    expect(admin.locator("[data-testid=proposal-summary]")).to_be_visible()
    screenshot("e2e-assignment-preview")
    admin.locator(f"#main a[href='/admin/rounds/{rid}/assignment/save']").click()
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rid}/assignment/save$"))
    admin.locator("[data-testid=confirm-form] [type=submit]").click()
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rid}/assignment$"))
    assigned = _assignments(rid)
    assert len(assigned) == 15
    for app_id in apps:
        panel = {a.reviewer_id for a in assigned if a.application_id == app_id}
        assert len(panel) == 5

    # One reviewer recuses from their first application; the administrator replaces them.
    recused = assigned[0]
    recusing = next(r for r in reviewers if r.id == recused.reviewer_id)
    with session(recusing.email) as reviewer:
        reviewer.goto(f"/reviews/{recused.id}/declare")
        reviewer.locator(f"#main a[href='/reviews/{recused.id}/recuse']").click()
        reviewer.wait_for_url(re.compile(rf"/reviews/{recused.id}/recuse$"))
        reviewer.locator("#reason").fill("三年内曾在该企业任职。")
        reviewer.locator("[data-testid=confirm-form] [type=submit]").click()
        reviewer.wait_for_url(re.compile(r"/reviews$"))
    admin.goto(f"/admin/rounds/{rid}/assignment")
    replace = f"/admin/rounds/{rid}/assignment/replace/{recused.id}"
    admin.locator(f"[data-testid=recusals] a[href='{replace}']").click()
    admin.wait_for_url(re.compile(f"{replace}$"))
    expect(admin.locator("[data-testid=suggestion]")).to_be_visible()
    admin.locator("[data-testid=confirm-form] [type=submit]").click()
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rid}/assignment$"))
    active = _assignments(rid, AssignmentStatus.ASSIGNED)
    assert len(active) == 15 and recused.id not in {a.id for a in active}
    replacement = next(a for a in active if a.id > assigned[-1].id)
    assert replacement.application_id == recused.application_id
    assert replacement.reviewer_id != recusing.id

    # Every reviewer declares and scores their applications.
    totals = {app_id: list(t) for app_id, t in zip(apps, TOTALS, strict=True)}
    for user in reviewers:
        mine = [a for a in active if a.reviewer_id == user.id]
        if not mine:
            continue
        with session(user.email) as reviewer:
            for a in mine:
                _review(reviewer, a.id, totals[a.application_id].pop(0))
    assert all(not left for left in totals.values())

    # The ranking: the panel score drops the highest and the lowest of the five totals.
    _status_action(admin, rid, "start_deciding")
    admin.goto(f"/admin/rounds/{rid}/ranking")
    for app_id, five in zip(apps, TOTALS, strict=True):
        row = admin.locator(f"[data-testid=ranking] tr[data-application='{app_id}']")
        expect(row.locator("[data-panel]")).to_have_attribute("data-panel", _panel(five))
        expect(row.locator("[data-reviews]")).to_have_attribute("data-reviews", "5")
    screenshot("e2e-ranking")
    admin.goto(f"/admin/rounds/{rid}/calibration")
    admin.wait_for_load_state()

    # Decisions: two recognised at once, one not recognised with its rationale.
    admin.goto(f"/admin/rounds/{rid}/decisions")
    for app_id, outcome in zip(apps, OUTCOMES, strict=True):
        if outcome == "recognised":
            admin.locator(f"#app-{app_id}").check()
    admin.locator("[data-testid=bulk-form] button[value=recognised]").click()
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rid}/decisions/bulk\?"))
    admin.locator("[data-testid=confirm-form] [type=submit]").click()
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rid}/decisions$"))
    admin.locator(f"a[href='/admin/rounds/{rid}/decisions/{apps[2]}']").click()
    admin.locator("input[name=outcome][value=not_recognised]").check()
    admin.locator("#rationale").fill(RATIONALE)
    _submit(admin)
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rid}/decisions$"))
    for app_id, outcome in zip(apps, OUTCOMES, strict=True):
        row = admin.locator(f"[data-testid=decisions] tr[data-application='{app_id}']")
        expect(row.locator(f"[data-state={outcome}]")).to_be_visible()
    screenshot("e2e-decisions")

    # The publicity starts on the next working day, after its confirmation page.
    _confirm(admin, f"/admin/rounds/{rid}/publicity/start")
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rid}/decisions$"))
    assert _round(rid).status == RoundStatus.PUBLICITY
    # Time passes: the publicity period has begun (the database stands for the calendar).
    rnd = _round(rid)
    rnd.publicity_starts_on = publicity.today() - timedelta(days=1)
    db.session.commit()

    # A visitor without an account objects on the public page.
    with session(None) as visitor:
        visitor.goto("/publicity")
        visitor.locator(f"a[href='/publicity/{rid}']").click()
        visitor.wait_for_url(re.compile(rf"/publicity/{rid}$"))
        listing = visitor.locator("[data-testid=recognised]")
        for _clerk, draft in drafts[:2]:
            expect(listing).to_contain_text(draft.organisation.name)
        expect(listing).not_to_contain_text(drafts[2][1].organisation.name)
        visitor.select_option("#application_id", str(apps[0]))
        visitor.fill("#name", "王五")
        visitor.fill("#contact", "13800138000")
        visitor.fill("#text", OBJECTION)
        visitor.locator(f"form[action='/publicity/{rid}'] [type=submit]").click()
        visitor.wait_for_url(re.compile(rf"/publicity/{rid}$"))
        expect(visitor.locator(".alert-success").first).to_be_visible()
    objection = db.session.scalar(select(Objection).where(Objection.round_id == rid))

    # The administrator resolves it.
    admin.goto(f"/admin/rounds/{rid}/objections")
    section = admin.locator(f"[data-objection='{objection.id}']")
    expect(section).to_contain_text(OBJECTION)
    section.locator(f"a[href='/admin/objections/{objection.id}/resolve']").click()
    admin.fill("#outcome", RESOLUTION)
    admin.locator("[data-testid=confirm-form] [type=submit]").click()
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rid}/objections$"))
    expect(section.locator("[data-state=resolved]")).to_be_visible()

    # Time passes: the publicity period is over (moved into the past in the database).
    rnd = _round(rid)
    rnd.publicity_starts_on = publicity.today() - timedelta(days=10)
    rnd.publicity_ends_on = publicity.today() - timedelta(days=1)
    db.session.commit()
    _confirm(admin, f"/admin/rounds/{rid}/finish")
    admin.wait_for_url(re.compile(rf"/admin/rounds/{rid}/decisions$"))
    expect(admin.locator(".alert-success").first).to_be_visible()
    rnd = _round(rid)
    assert rnd.status == RoundStatus.FINISHED and rnd.finished_at is not None

    # Each company reads its outcome on its status page.
    for (clerk, draft), outcome in zip(drafts, OUTCOMES, strict=True):
        with session(clerk.email) as company:
            company.goto(f"/applications/{draft.id}/status")
            notice = company.locator("[data-testid=outcome]")
            expect(notice).to_be_visible()
            if outcome == "not_recognised":
                expect(notice).to_contain_text(RATIONALE)
                save_screenshot(company, "e2e-company-outcome-not-recognised")
            else:
                expect(notice).not_to_contain_text(RATIONALE)
