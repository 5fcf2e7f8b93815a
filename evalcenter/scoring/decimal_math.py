"""Decimal arithmetic shared by the engine.

Every calculation runs in :data:`CONTEXT`, which is Python's default decimal
context made explicit (28 significant digits, errors trapped), so a caller who
changed the thread's context cannot change a score. Numbers are rounded to
cents half-up only where the indicator system says a number is *produced*
(indicator points, subtotals, bonus, penalty, totals); derived values such as
ratios keep their full precision.
"""

from __future__ import annotations

from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

CONTEXT = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emin=-999999,
    Emax=999999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
ONE = Decimal(1)
HALF_UP = ROUND_HALF_UP


def cents(value: Decimal) -> Decimal:
    """Round to two decimal places, half-up (0.125 -> 0.13, -0.125 -> -0.13)."""
    return value.quantize(CENT, ROUND_HALF_UP, CONTEXT)


def fmt2(value: Decimal | None) -> str | None:
    """Format a number as a string with exactly two decimals (``None`` stays ``None``)."""
    if value is None:
        return None
    return str(cents(value))


def plain(value: Decimal) -> str:
    """Format a number without exponent and without superfluous trailing zeros."""
    text = str(value)
    if "E" not in text:
        return text.rstrip("0").rstrip(".") if "." in text else text
    if value == value.to_integral_value():
        return str(value.quantize(ONE, context=CONTEXT))
    text = str(value.normalize(CONTEXT))
    return text if "E" not in text else format(value, "f").rstrip("0").rstrip(".")


_FOUR = Decimal("0.0001")


def show(value: Decimal | None) -> str:
    """A value for reading: exact up to four decimals, else rounded with '≈'."""
    if value is None:
        return "none"
    text = str(value)
    point = text.find(".")
    if point < 0 or len(text) - point <= 5 if "E" not in text else value.as_tuple()[2] >= -4:
        return plain(value)
    return "≈" + plain(value.quantize(_FOUR, HALF_UP, CONTEXT))


def two(value: Decimal) -> str:
    """Format a number with exactly two decimals."""
    text = str(value)
    return text if text[-3:-2] == "." and "E" not in text else f"{value:.2f}"


def is_multiple(value: Decimal, step: Decimal) -> bool:
    """Whether ``value`` is an exact multiple of ``step`` (both finite, step > 0)."""
    return CONTEXT.remainder(value, step).is_zero()
