"""Expert review: checking reviewers' scores and aggregating them into a panel score."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from .decimal_math import CONTEXT, cents, fmt2, is_multiple
from .errors import InputError
from .inputs import HugeNumber, NonFiniteNumber, Problem
from .messages import FRAGMENTS, Msg
from .model import ExpertReview, PanelRule


class PanelResult(NamedTuple):
    """The panel score (``None`` with too few reviews) and how it was reached."""

    score: Decimal | None
    reviews: tuple[Decimal, ...]
    used: tuple[Decimal, ...]
    dropped_highest: tuple[Decimal, ...]
    dropped_lowest: tuple[Decimal, ...]
    rule: PanelRule | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": fmt2(self.score),
            "reviews": [fmt2(r) for r in self.reviews],
            "used": [fmt2(r) for r in self.used],
            "dropped_highest": [fmt2(r) for r in self.dropped_highest],
            "dropped_lowest": [fmt2(r) for r in self.dropped_lowest],
            "rule": None
            if self.rule is None
            else {
                "min_reviews": self.rule.min_reviews,
                "drop_highest": self.rule.drop_highest,
                "drop_lowest": self.rule.drop_lowest,
            },
        }


def _score_problem(key: str, code: str, maximum: Decimal, step: Decimal) -> Problem:
    if key.startswith("reviews["):
        name = Msg(FRAGMENTS["reviewer"], number=int(key[8:-1]) + 1)
    else:
        name = Msg(FRAGMENTS["criterion"], criterion=key)
    return Problem(key, "review_" + code, {"name": name, "maximum": maximum, "step": step})


def _to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool | NonFiniteNumber | HugeNumber):
        return None
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str) and len(value) < 40:
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


def _check_score(
    key: str, value: Any, maximum: Decimal, step: Decimal, out: list[Problem]
) -> Decimal | None:
    number = _to_decimal(value)
    if number is None:
        out.append(_score_problem(key, "not_a_number", maximum, step))
    elif not 0 <= number <= maximum:
        out.append(_score_problem(key, "out_of_range", maximum, step))
    elif not is_multiple(number, step):
        out.append(_score_problem(key, "not_a_multiple", maximum, step))
    else:
        return number
    return None


def parse_reviews(values: Iterable[Any], expert: ExpertReview) -> tuple[Decimal, ...]:
    """Check reviewers' totals (0..total, multiples of the step); raise :class:`InputError`."""
    values = tuple(values)
    total, step, fast = expert.total, expert.step, []
    for value in values:  # fast path for numbers that are already exact
        kind = type(value)
        if kind is int or kind is Decimal:
            number = Decimal(value)
            if (
                number.is_finite()
                and 0 <= number <= total
                and CONTEXT.remainder(number, step).is_zero()
            ):
                fast.append(number)
                continue
        break
    else:
        return tuple(fast)
    out: list[Problem] = []
    totals = []
    for index, value in enumerate(values):
        number = _check_score(f"reviews[{index}]", value, expert.total, expert.step, out)
        if number is not None:
            totals.append(number)
    if out:
        raise InputError(out)
    return tuple(totals)


def review_total(scores: Mapping[str, Any], expert: ExpertReview) -> Decimal:
    """Sum one reviewer's criterion scores after checking each; raise :class:`InputError`."""
    out: list[Problem] = []
    total = Decimal(0)
    for criterion in expert.criteria:
        if criterion.id not in scores:
            out.append(_score_problem(criterion.id, "missing", criterion.maximum, expert.step))
            continue
        number = _check_score(
            criterion.id, scores[criterion.id], criterion.maximum, expert.step, out
        )
        if number is not None:
            total += number
    known = {c.id for c in expert.criteria}
    for key in scores:
        if key not in known:
            out.append(_score_problem(str(key), "unknown_key", expert.total, expert.step))
    if out:
        raise InputError(out)
    return total


def aggregate(reviews: tuple[Decimal, ...], rules: tuple[PanelRule, ...]) -> PanelResult:
    """Apply the first rule (largest ``min_reviews`` first) that the review count meets."""
    n = len(reviews)
    for rule in rules:
        if n >= rule.min_reviews:
            ordered = sorted(reviews)
            low = tuple(ordered[: rule.drop_lowest])
            high = tuple(ordered[n - rule.drop_highest :]) if rule.drop_highest else ()
            used = tuple(ordered[rule.drop_lowest : n - rule.drop_highest])
            score = cents(CONTEXT.divide(sum(used, Decimal(0)), Decimal(len(used))))
            return PanelResult(score, reviews, used, high, low, rule)
    return PanelResult(None, reviews, (), (), (), None)
