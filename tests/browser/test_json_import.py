"""A company clerk fills the draft from a JSON file on the overview page, in a real browser:
the import form must work as rendered (one version field), and a bad file is explained."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from evalcenter.applications.models import Application
from evalcenter.extensions import db
from tests.applications.helpers import example_data
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("#main form[method=post] [type=submit]").click()
    expect(page.locator("form[action='/logout']")).to_be_visible()


def _import(page: Page, app_id: int, path) -> None:
    page.goto(f"/applications/{app_id}")
    page.locator("[data-testid=advanced] summary").click()  # the import is an advanced tool
    form = page.locator(f'form[action="/applications/{app_id}/import"]')
    form.locator('input[type="file"]').set_input_files(str(path))
    form.locator('[type="submit"]').click()
    page.wait_for_load_state()


def test_import_json_from_the_overview_page(
    page: Page, people, draft, tmp_path, screenshot, browser_problems
):
    browser_problems.allow_status(422)  # the refused file's page
    data = example_data()
    data["uscc"] = people.organisation.uscc
    good = tmp_path / "application.json"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _log_in(page, people.applicant.email)
    _import(page, draft.id, good)
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator('[data-quantitative="86.31"]').first).to_be_visible()
    screenshot("json-import-done")
    db.session.expire_all()
    assert db.session.get(Application, draft.id).data["employees"] == data["employees"]

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"employees": "many", "rd_staff": -3}), encoding="utf-8")
    _import(page, draft.id, bad)
    expect(page.locator('[data-problem="employees"]')).to_be_visible()
    expect(page.locator('[data-problem="rd_staff"]')).to_be_visible()
    screenshot("json-import-problems")
    db.session.expire_all()
    assert db.session.get(Application, draft.id).data["employees"] == data["employees"]
