"""Working days on the Chinese official calendar (法定节假日 and 调休 working days, from the
``chinese_calendar`` package) with the days administrators configure (``CalendarDay``), which
override the package. Years the package does not cover fall back to weekends plus the
configured days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from sqlalchemy import select

from evalcenter.decisions.models import CalendarDay
from evalcenter.extensions import db

MAX_SPAN = 400  # days searched for working days: a year and more, never an endless loop


@dataclass(frozen=True)
class Period:
    """The first and last day of a publicity period of ``days`` working days; ``fallback``
    says that a year outside the package's data was counted as weekends + configured days."""

    starts_on: date
    ends_on: date
    days: int
    fallback: bool


def covered(year: int) -> bool:
    """Whether the official calendar package has this year's holidays."""
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def configured(first: date, last: date) -> dict[date, bool]:
    """The configured days between ``first`` and ``last``: day -> working or not (one query)."""
    rows = db.session.execute(
        select(CalendarDay.day, CalendarDay.working).where(
            CalendarDay.day >= first, CalendarDay.day <= last
        )
    )
    return {day: working for day, working in rows}


class WorkingDays:
    """Answers "is this a working day?" for a span of days, reading the configured ones once."""

    def __init__(self, first: date, last: date) -> None:
        self.overrides = configured(first, last)
        self.fallback = False

    def __call__(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            self.fallback = True
            return day.weekday() < 5


def is_working_day(day: date) -> bool:
    return WorkingDays(day, day)(day)


def next_working_day(after: date) -> date:
    """The first working day after ``after``."""
    working = WorkingDays(after, after + timedelta(days=MAX_SPAN))
    day = after + timedelta(days=1)
    while not working(day):
        day += timedelta(days=1)
    return day


def publicity_period(starts_on: date, days: int) -> Period:
    """``days`` working days from ``starts_on`` (itself counted when it is a working day)."""
    working = WorkingDays(starts_on, starts_on + timedelta(days=MAX_SPAN))
    day, counted, last = starts_on, 0, starts_on
    while counted < days:
        if working(day):
            counted, last = counted + 1, day
        day += timedelta(days=1)
    return Period(starts_on, last, days, working.fallback)
