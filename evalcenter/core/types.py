"""Column types shared by every feature."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator


def whole_number(raw: str, max_digits: int = 9) -> int | None:
    """`raw` as a whole number if it is written in ASCII digits (an optional leading minus)
    with at most `max_digits` digits; None for anything else (other scripts' digits,
    superscripts, signs elsewhere, hundreds of digits)."""
    digits = raw[1:] if raw[:1] == "-" else raw
    if digits.isascii() and digits.isdigit() and len(digits) <= max_digits:
        return int(raw)
    return None


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite has no time zones; PostgreSQL uses `timestamp with time zone`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
