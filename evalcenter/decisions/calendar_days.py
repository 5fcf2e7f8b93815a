"""The days administrators add to the official calendar: extra holidays and extra working
days, each with a name; adding and removing are audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.decisions.models import CalendarDay
from evalcenter.extensions import db

MAX_NAME = 100


def listed() -> list[CalendarDay]:
    return list(db.session.scalars(select(CalendarDay).order_by(CalendarDay.day)))


def add(actor: User, day: date, working: bool, name: str) -> CalendarDay:
    name = (name or "").strip()
    if day is None:
        raise ServiceError("calendar_day_required", "day")
    if not name:
        raise ServiceError("calendar_name_required", "name")
    if len(name) > MAX_NAME:
        raise ServiceError("text_too_long", "name", n=MAX_NAME)
    if db.session.scalar(select(CalendarDay.id).where(CalendarDay.day == day)):
        raise ServiceError("calendar_day_taken", "day", day=day.isoformat())
    entry = CalendarDay(day=day, working=working, name=name, created_by_id=actor.id)
    db.session.add(entry)
    db.session.flush()
    audit.record(
        "calendar_day.add",
        "calendar_day",
        entry.id,
        actor=actor,
        object_label=f"{day.isoformat()} {name}",
        after={"day": day.isoformat(), "working": working, "name": name},
    )
    return entry


def remove(actor: User, entry: CalendarDay) -> CalendarDay:
    """Delete a configured day; the removed entry is returned."""
    before = {"day": entry.day.isoformat(), "working": entry.working, "name": entry.name}
    audit.record(
        "calendar_day.remove",
        "calendar_day",
        entry.id,
        actor=actor,
        object_label=f"{before['day']} {entry.name}",
        before=before,
    )
    db.session.delete(entry)
    db.session.flush()
    return entry
