"""The distribution of score differences as histogram bars, laid out for a server-side SVG
(the page also lists the same figures as a table)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

NICE_WIDTHS = tuple(
    Decimal(w) for w in ("0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20")
)
MAX_BINS_PER_SIDE = 6
WIDTH, HEIGHT, LEFT, TOP, BOTTOM = 640, 240, 40, 20, 70  # the SVG's user units; axis at 170
BAR_AREA = HEIGHT - TOP - BOTTOM


def signed(value: Decimal) -> str:
    """A difference as the page shows it: two decimals, a true minus sign, + when positive."""
    text = f"{abs(value):.2f}"
    return f"−{text}" if value < 0 else (f"+{text}" if value > 0 else "0")


@dataclass(frozen=True)
class Bar:
    """Applications whose difference lies in [low, high) below zero, (low, high] above it,
    or is exactly zero (low = high = 0)."""

    low: Decimal
    high: Decimal
    count: int
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0

    @property
    def label(self) -> str:
        if self.low == self.high:
            return "0"
        if self.high <= 0:
            return f"[{signed(self.low)}, {signed(self.high)})"
        return f"({signed(self.low)}, {signed(self.high)}]"

    @property
    def label_lines(self) -> tuple[str, ...]:
        """The label on two lines, to fit under a narrow bar."""
        first, comma, second = self.label.partition(", ")
        return (first + comma.strip(), second) if comma else (self.label,)

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


def _width(largest: Decimal) -> Decimal:
    for width in NICE_WIDTHS:
        if largest / width <= MAX_BINS_PER_SIDE:
            return width
    return (largest / MAX_BINS_PER_SIDE).to_integral_value(ROUND_CEILING)


def _bins(differences: Sequence[Decimal]) -> list[Bar]:
    below = [d for d in differences if d < 0]
    above = [d for d in differences if d > 0]
    largest = max((abs(d) for d in differences), default=Decimal(0))
    width = _width(largest) if largest else Decimal(1)
    bars = []
    if below:
        steps = int((-min(below) / width).to_integral_value(ROUND_CEILING))
        for k in range(steps, 0, -1):
            low, high = -k * width, -(k - 1) * width
            bars.append(Bar(low, high, sum(low <= d < high for d in below)))
    bars.append(Bar(Decimal(0), Decimal(0), len(differences) - len(below) - len(above)))
    if above:
        steps = int((max(above) / width).to_integral_value(ROUND_CEILING))
        for k in range(1, steps + 1):
            low, high = (k - 1) * width, k * width
            bars.append(Bar(low, high, sum(low < d <= high for d in above)))
    return bars


def histogram(differences: Sequence[Decimal]) -> list[Bar]:
    """The bars, each placed in the chart (x, y, width, height in SVG units)."""
    bars = _bins(differences)
    slot = (WIDTH - LEFT) / len(bars)
    tallest = max(b.count for b in bars) or 1
    placed = []
    for n, bar in enumerate(bars):
        height = BAR_AREA * bar.count / tallest
        placed.append(
            Bar(
                bar.low,
                bar.high,
                bar.count,
                x=LEFT + n * slot + slot * 0.1,
                y=TOP + BAR_AREA - height,
                width=slot * 0.8,
                height=height,
            )
        )
    return placed
