"""Keyboard only: a company clerk logs in and completes a whole section of the application,
and an administrator creates a reviewer's account, with Tab, Shift+Tab, arrows, Space, Enter
and typing — never a click, never `fill` on an element that does not have the focus. Every
control reached shows a visible focus indicator."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.applications import services
from evalcenter.applications.models import Application
from evalcenter.applications.sections import SECTIONS
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from tests.applications.helpers import example_data, form_text
from tests.conftest import PASSWORD
from tests.factories import RoundFactory

pytestmark = pytest.mark.browser

MAX_TABS = 120
BASIC = next(s for s in SECTIONS if s.id == "basic").keys
FOCUS_VISIBLE = """el => {
  const s = getComputedStyle(el);
  return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
}"""


def _focused(page: Page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def _tab_to(page: Page, selector: str, *, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab) until the element matching `selector` has the focus; check
    that it shows its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        if _focused(page, selector):
            break
        page.keyboard.press(key)
    else:
        pytest.fail(f"{selector} was not reached with {key}")
    assert page.evaluate(f"({FOCUS_VISIBLE})(document.activeElement)"), (
        f"{selector} has the focus but shows no focus indicator"
    )


def _press_enter_and_wait(page: Page, selector: str, *, backwards: bool = False) -> None:
    _tab_to(page, selector, backwards=backwards)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def _log_in(page: Page, email: str) -> None:
    page.goto("/login")
    _tab_to(page, "#email")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    assert _focused(page, "#password")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("form[action='/logout']")).to_be_visible()


def _choose(page: Page, key: str, value: str) -> None:
    """A select: arrow keys move the choice (the list stays closed)."""
    _tab_to(page, f"#{key}")
    values = page.locator(f"#{key} option").evaluate_all("os => os.map(o => o.value)")
    current = values.index(page.locator(f"#{key}").input_value())
    wanted = values.index(value)
    arrow = "ArrowDown" if wanted > current else "ArrowUp"
    for _ in range(abs(wanted - current)):
        page.keyboard.press(arrow)
    expect(page.locator(f"#{key}")).to_have_value(value)


def _answer_radio(page: Page, key: str, value: str) -> None:
    """A radio group: Tab reaches it, arrows move, Space chooses."""
    _tab_to(page, f"input[name={key}]")
    for _ in range(4):
        if _focused(page, f"input[name={key}][value={value}]"):
            break
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name={key}][value={value}]")).to_be_checked()


def _type_into(page: Page, key: str, text: str) -> None:
    _tab_to(page, f"#{key}")
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_a_clerk_completes_a_section_with_the_keyboard_alone(page: Page, people):
    rnd = RoundFactory()
    app = services.start(people.applicant, rnd)
    db.session.commit()
    data = example_data()
    data["uscc"] = people.organisation.uscc

    _log_in(page, people.applicant.email)
    _press_enter_and_wait(page, f"#main a[href='/applications/{app.id}']")
    _press_enter_and_wait(page, f"#main a[href='/applications/{app.id}/sections/basic']")
    expect(page).to_have_url(re.compile(rf"/applications/{app.id}/sections/basic$"))

    for key in BASIC:
        value = data[key]
        if isinstance(value, bool):
            _answer_radio(page, key, form_text(value))
        elif page.locator(f"#{key}").evaluate("e => e.tagName") == "SELECT":
            _choose(page, key, value)
        else:
            _type_into(page, key, value)
    # Back up one field with Shift+Tab, then on to the main button and press it.
    _tab_to(page, "input[name=major_incident_3y]:checked")
    page.keyboard.press("Shift+Tab")
    assert _focused(page, "input[name=integrity_violation_3y]")
    _press_enter_and_wait(page, "#main button[name=save_next]")

    expect(page).to_have_url(re.compile(rf"/applications/{app.id}/sections/finance$"))
    db.session.expire_all()  # the live server committed in its own session
    saved = db.session.get(Application, app.id).data
    assert {key: saved.get(key) for key in BASIC} == {key: data[key] for key in BASIC}
    page.goto(f"/applications/{app.id}")
    expect(page.locator("[data-section=basic] [data-state]")).to_have_attribute(
        "data-state", "complete"
    )


def test_an_administrator_creates_a_reviewer_with_the_keyboard_alone(page: Page, people):
    _log_in(page, people.admin.email)
    _press_enter_and_wait(page, "nav a[href='/admin/users']")
    _press_enter_and_wait(page, "#main a[href='/admin/users/new']")

    _type_into(page, "name", "周专家")
    _type_into(page, "email", "zhou.expert@example.cn")
    _choose(page, "role", "reviewer")
    _type_into(page, "password", "Reviewer-Pass-9")
    _press_enter_and_wait(page, "#main form button[type=submit]")

    expect(page).to_have_url(re.compile(r"/admin/users/\d+$"))
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.email == "zhou.expert@example.cn"))
    assert user is not None and user.role == Role.REVIEWER and user.name == "周专家"
