"""A programme officer writes a ruleset version in the browser: uploads a candidate with one
error, sees the problem with its line, fixes it in the textarea, tries it on the demo round's
applications and publishes it as version 2."""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import Page, expect

from evalcenter.demo.seed import ROUND_NAME, seed_demo
from evalcenter.extensions import db
from tests.conftest import PASSWORD
from tests.rulesets.helpers import published_dir, version_2, with_error

pytestmark = pytest.mark.browser


def test_upload_fix_try_and_publish_a_candidate(
    page: Page, app, people, tmp_path, monkeypatch, browser_problems, screenshot
):
    rules = published_dir(tmp_path)
    monkeypatch.setitem(app.config, "RULES_DIR", str(rules))
    seed_demo()
    db.session.commit()
    browser_problems.allow_status(422)

    page.goto("/login")
    page.locator("a[hreflang=en]").click()
    page.locator("input[name=email]").fill(people.admin.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("#main form[method=post] [type=submit]").click()
    page.goto("/admin/rulesets")
    page.locator("#main a[href='/admin/rulesets/drafts/new']").first.click()

    broken, line = with_error(version_2())
    form = page.locator("[data-testid=upload-form]")
    form.locator("input[name='upload-title']").fill("Stricter national platforms")
    form.locator("input[type=file]").set_input_files(
        {"name": "candidate.yaml", "mimeType": "text/yaml", "buffer": broken.encode()}
    )
    form.locator("[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/rulesets/drafts/\d+$"))
    draft_url = page.url

    problem = page.locator(f"[data-testid=problems] a[data-line='{line}']")
    expect(problem).to_have_text(re.compile(rf"^{line}: G6: require: unknown field 'valid_ipp'"))
    expect(page.locator("[data-listing]")).to_be_hidden()  # the editor numbers the lines
    expect(page.locator(".ec-gutter")).to_contain_text(f"{line}")
    screenshot("rule-authoring-problem")
    problem.click()
    area = page.locator("textarea[name=content]")
    expect(area).to_be_focused()
    selected = area.evaluate("a => a.value.slice(a.selectionStart, a.selectionEnd)")
    assert selected == "    require: valid_ipp >= 10"

    area.fill(version_2())
    page.locator("[data-testid=draft-form] [type=submit]").click()
    expect(page.locator("[data-testid=check-result]")).to_have_attribute("data-valid", "yes")

    what_if = page.locator("[data-testid=what-if-form]")
    what_if.locator("select[name=round]").select_option(label=ROUND_NAME)
    what_if.locator("[type=submit]").click()
    expect(page.locator("[data-testid=what-if-summary]")).to_contain_text("Applications scored")
    expect(page.locator("[data-testid=difference-chart] rect").first).to_be_visible()
    expect(page.locator("[data-testid=difference-table] tbody tr").first).to_be_visible()
    screenshot("rule-authoring-what-if")

    page.goto(draft_url)
    page.locator("[data-testid=publish]").click()
    expect(page.locator("[data-testid=confirm-title]")).to_contain_text("version 2")
    page.locator("[data-testid=confirm-form] [type=submit]").click()
    expect(page).to_have_url(draft_url)
    written = rules / "bj-excellent-etc-2025-v2.yaml"
    assert written.is_file()
    digest = hashlib.sha256(written.read_bytes()).hexdigest()
    expect(page.locator("[data-testid=reference]")).to_have_text(digest)
    expect(page.locator("textarea")).to_have_count(0)
    screenshot("rule-authoring-published")
    page.locator("#main a[href='/admin/rulesets/bj-excellent-etc-2025/2']").click()
    expect(page.locator("[data-gate=G4]")).to_contain_text("R&D expenditure ≥ 1000")
