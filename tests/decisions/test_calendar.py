"""Working days on the official calendar, adjusted working days, configured days, fallback."""

from __future__ import annotations

from datetime import date

from evalcenter.decisions import calendar
from evalcenter.decisions.models import CalendarDay
from evalcenter.extensions import db
from tests.applications.helpers import form_fields
from tests.decisions.helpers import english


def test_adjusted_saturday_is_a_working_day_and_golden_week_is_not(app):
    assert calendar.is_working_day(date(2025, 9, 28))  # Sunday worked for National Day (调休)
    assert calendar.is_working_day(date(2026, 2, 14))  # Saturday worked for the Spring Festival
    assert not calendar.is_working_day(date(2025, 10, 3))  # Golden Week
    assert not calendar.is_working_day(date(2025, 10, 4))


def test_publicity_period_skips_golden_week_and_counts_the_adjusted_day(app):
    period = calendar.publicity_period(date(2025, 9, 26), 5)
    # Fri 26, Sun 28 (调休), Mon 29, Tue 30, then 1-8 October off, Thu 9 October
    assert period.ends_on == date(2025, 10, 9)
    assert not period.fallback
    assert calendar.next_working_day(date(2025, 9, 30)) == date(2025, 10, 9)


def test_configured_days_override_the_package(app):
    db.session.add(CalendarDay(day=date(2025, 10, 9), working=False, name="Extra holiday"))
    db.session.add(CalendarDay(day=date(2025, 10, 4), working=True, name="Extra working day"))
    db.session.commit()
    assert not calendar.is_working_day(date(2025, 10, 9))
    assert calendar.is_working_day(date(2025, 10, 4))
    period = calendar.publicity_period(date(2025, 9, 26), 5)
    assert period.ends_on == date(2025, 10, 4)


def test_years_beyond_the_package_fall_back_to_weekends_and_configured_days(app):
    assert not calendar.covered(2030)
    db.session.add(CalendarDay(day=date(2030, 1, 1), working=False, name="元旦"))
    db.session.commit()
    period = calendar.publicity_period(date(2029, 12, 31), 3)  # Mon, (Tue 1 Jan off), Wed, Thu
    assert period.ends_on == date(2030, 1, 3)
    assert period.fallback


def test_admin_adds_and_removes_a_day(app, people):
    client = english(app, people.admin)
    html = client.get("/admin/calendar").get_data(as_text=True)
    data = {k: v[0] for k, v in form_fields(html, "/admin/calendar").items() if k != "working"}
    empty = client.post("/admin/calendar", data={**data, "day": "2030-02-04", "name": ""})
    assert empty.status_code == 200 and "Name the day" in empty.get_data(as_text=True)
    response = client.post("/admin/calendar", data={**data, "day": "2030-02-04", "name": "春节"})
    assert response.status_code == 302
    entry = db.session.query(CalendarDay).one()
    assert entry.name == "春节" and not entry.working
    page = client.get("/admin/calendar").get_data(as_text=True)
    uncovered = not calendar.covered(date.today().year + 1)
    assert ("does not cover" in page) == uncovered
    url = f"/admin/calendar/{entry.id}/remove"
    confirm = client.get(url).get_data(as_text=True)
    token = {k: v[0] for k, v in form_fields(confirm, url).items()}
    assert client.post(url, data=token).status_code == 302
    assert db.session.query(CalendarDay).count() == 0
    assert client.get("/admin/calendar", follow_redirects=True).status_code == 200
