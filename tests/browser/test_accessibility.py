"""Every main page of every role, in Chinese and English, at 1366 × 768 and 390 × 844:
axe-core finds no serious or critical violation, the Nu Html Checker finds no error in the
HTML the server sent, and a screenshot of each is kept in test-artifacts/screenshots/; the
pages of companies, reviewers and visitors fit a phone's width.

The checkers come from the npm registry (tools/package.json, installed by `make
test-setup`); the app never loads them. axe runs in the page as an init script (the page's
CSP does not apply to it); its results are printed readably when a page fails."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from evalcenter.applications import services
from evalcenter.extensions import db
from tests.browser.conftest import ROOT, new_context, save_screenshot
from tests.conftest import PASSWORD
from tests.factories import RoundFactory
from tests.main_pages import ROLES, build_world, expected_status, pages, user_of

pytestmark = pytest.mark.browser

TOOLS = ROOT / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("zh_CN", "en")
VIEWPORTS = {"desktop": (1366, 768), "phone": (390, 844)}
FAILING_IMPACTS = ("serious", "critical")
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# Bootstrap's collapsible menu, opened or closed (not in its transition).
OPEN = re.compile(r"^(?!.*\bcollapsing\b).*\bshow\b")
CLOSED = re.compile(r"^(?!.*\b(?:collapsing|show)\b)")
# axe rates an empty header cell "minor"; the platform has none at all.
EMPTY_HEADERS = """() => [...document.querySelectorAll("th")]
  .filter(th => !th.textContent.trim() && !th.getAttribute("aria-label")).length"""
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
}"""


def _tool(path: Path) -> Path:
    if path.exists():
        return path
    reason = f"{path} is missing: run `make test-setup` (npm ci in tools/)"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        reason = "java is missing: apt-get install default-jre-headless"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return java


def _log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#main input[name=email]").fill(email)
    page.locator("#main input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("#main form [type=submit]").click()
    page.wait_for_load_state()


def _readable(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"      {node['target']}: {summary[:300]}")
        if len(v["nodes"]) > 5:
            lines.append(f"      … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def _vnu_errors(folder: Path) -> list[str]:
    """One Nu Html Checker run over every saved page; its errors as 'file:line: message'."""
    run = subprocess.run(
        [_java(), "-jar", str(_tool(VNU)), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    return [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
    ]


@pytest.mark.parametrize("role", ROLES)
def test_main_pages_are_accessible_and_valid(
    role, browser, live_server, browser_problems, people, tmp_path
):
    axe_source = _tool(AXE).read_text(encoding="utf-8")
    world = build_world(people)
    user = user_of(world, role)
    browser_problems.allow_status(404)  # the error pages of the sweep
    problems: list[str] = []
    for language in LANGUAGES:
        context = new_context(browser, live_server, browser_problems)
        context.add_init_script(axe_source)
        page = context.new_page()
        browser_problems.watch(page)
        try:
            if user is not None:
                _log_in(page, user.email)
            page.goto(f"/lang/{language}")
            for viewport, (width, height) in VIEWPORTS.items():
                page.set_viewport_size({"width": width, "height": height})
                for name, url in pages(world)[role]:
                    shot = f"{name}-{language}-{viewport}"
                    response = page.goto(url)
                    page.wait_for_load_state()
                    assert response is not None, (shot, url)
                    assert response.status == expected_status(name), (shot, url)
                    if viewport == "desktop":
                        (tmp_path / f"{name}-{language}.html").write_bytes(response.body())
                    save_screenshot(page, shot)
                    if viewport == "phone" and role != "admin":
                        overflow = page.evaluate(OVERFLOW)
                        if overflow > 0:
                            problems.append(f"{shot} ({url}) is {overflow} px wider than a phone")
                    violations = [
                        v for v in page.evaluate(AXE_RUN) if v["impact"] in FAILING_IMPACTS
                    ]
                    if violations:
                        problems.append(f"axe: {shot} ({url}):\n{_readable(violations)}")
                    if empty := page.evaluate(EMPTY_HEADERS):
                        problems.append(f"{shot} ({url}): {empty} empty table header cell(s)")
        finally:
            context.close()
    problems += [f"vnu: {error}" for error in _vnu_errors(tmp_path)]
    assert not problems, "\n".join(problems)


NAV_LINES = """() => [...document.querySelectorAll(".ec-navbar .navbar-brand, .ec-navbar .nav-link")
  ]
  .filter(e => e.offsetParent !== null)
  .map(e => {
    const r = e.getBoundingClientRect();
    const line = parseFloat(getComputedStyle(e).lineHeight);
    return {text: e.textContent.trim(), lines: Math.round((r.height - 16) / line) || 1};
  })"""


@pytest.mark.parametrize("role", ["anonymous", "applicant", "admin"])
def test_the_navigation_never_wraps_a_label_and_collapses_on_small_screens(
    role, page: Page, people
):
    user = {"anonymous": None, "applicant": people.applicant, "admin": people.admin}[role]
    if user is not None:
        _log_in(page, user.email)
    item = page.locator("#nav a[href='/account']" if user else "#nav a[href='/login']")
    for language in LANGUAGES:
        page.goto(f"/lang/{language}")
        for width in (1366, 1200, 1199, 992, 390):
            page.set_viewport_size({"width": width, "height": 768})
            toggler = page.locator(".ec-navbar .navbar-toggler")
            collapsed = width < 1200
            if collapsed:
                expect(toggler).to_be_visible()
                expect(item).to_be_hidden()
                toggler.click()
                expect(page.locator("#nav")).to_have_class(OPEN)
                expect(toggler).to_have_attribute("aria-expanded", "true")
                expect(item).to_be_visible()
            else:
                expect(toggler).to_be_hidden()
            wrapped = [item for item in page.evaluate(NAV_LINES) if item["lines"] > 1]
            assert not wrapped, (language, width, wrapped)
            overflow = page.evaluate(OVERFLOW)
            assert overflow <= 0, (language, width, overflow)
            if collapsed:
                toggler.click()
                expect(page.locator("#nav")).to_have_class(CLOSED)
                expect(item).to_be_hidden()


def test_without_javascript_the_menu_is_there_on_a_phone(
    browser, live_server, browser_problems, people
):
    context = new_context(
        browser,
        live_server,
        browser_problems,
        java_script_enabled=False,
        viewport={"width": 390, "height": 844},
    )
    page = context.new_page()
    browser_problems.watch(page)
    try:
        page.goto("/login")
        expect(page.locator(".ec-navbar .navbar-toggler")).to_be_hidden()
        expect(page.locator("#nav a[href='/signup']")).to_be_visible()
        _log_in(page, people.admin.email)
        expect(page.locator("#nav a[href='/admin/users']")).to_be_visible()
    finally:
        context.close()


def test_a_failed_submit_focuses_the_error_summary_and_marks_the_fields(page: Page, people):
    _log_in(page, people.admin.email)
    page.goto("/admin/users/new")
    page.locator("#name").fill("周专家")
    page.locator("#email").fill("not-an-email")
    with page.expect_navigation():
        page.locator("#main form button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator(".ec-error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#email']")).to_be_visible()
    email = page.locator("#email")
    expect(email).to_have_attribute("aria-invalid", "true")
    described = email.get_attribute("aria-describedby").split()
    assert "email-error" in described
    expect(page.locator("#email-error")).to_be_visible()
    expect(page.locator("#name")).not_to_have_attribute("aria-invalid", "true")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
             .filter(e => e.labels.length === 0 && !e.getAttribute("aria-label"))
             .map(e => e.name)"""
    )
    assert unlabelled == []


def test_long_text_counts_characters_and_leaving_unsaved_changes_asks_first(page: Page, people):
    rnd = RoundFactory()
    app = services.start(people.applicant, rnd)
    db.session.commit()
    _log_in(page, people.applicant.email)
    page.goto("/lang/en")
    page.goto(f"/applications/{app.id}/sections/narrative")
    field = page.locator("#centre_overview")
    count = page.locator("#centre_overview-count")
    assert "centre_overview-count" in field.get_attribute("aria-describedby").split()
    expect(count).to_have_attribute("aria-live", "polite")
    expect(count).to_have_text("You have 5,000 characters remaining")
    field.fill("技术中心下设六个研究所。")
    expect(count).to_have_text("You have 4,988 characters remaining")

    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.locator(f"#main a[href$='/applications/{app.id}']").last.click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/sections/narrative$"))
    with page.expect_navigation():
        page.locator("#main button[name=save]").click()
    page.wait_for_load_state()
    assert dialogs == ["beforeunload"], "sending the form does not ask"
    page.locator(f"#main a[href$='/applications/{app.id}']").last.click()
    page.wait_for_url(re.compile(rf"/applications/{app.id}$"))
    assert dialogs == ["beforeunload"], "nothing unsaved: leaving does not ask"
