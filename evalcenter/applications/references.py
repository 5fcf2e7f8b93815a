"""Reference numbers (受理编号): BJETC-<round year>-<6 digits>, numbered per round year in
submission order, given at the first submission and never changed."""

from __future__ import annotations

from sqlalchemy import func, select

from evalcenter.applications.models import Application
from evalcenter.extensions import db

PREFIX = "BJETC"


def next_reference(year: int) -> str:
    """The next free number of `year`. Two submissions racing for the same number are kept
    apart by the unique constraint: the second flush fails and the transaction helper runs
    the submission again, which then reads the number the first one took."""
    stem = f"{PREFIX}-{year}-"
    last = db.session.scalar(
        select(func.max(Application.reference)).where(Application.reference.like(f"{stem}%"))
    )
    number = int(last.removeprefix(stem)) + 1 if last else 1
    return f"{stem}{number:06d}"
