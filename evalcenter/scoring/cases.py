"""Running a ruleset's embedded test cases (inputs -> expected outputs)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from .decimal_math import CONTEXT, HALF_UP, fmt2
from .errors import InputError, RuleProblem

if TYPE_CHECKING:
    from .result import Result
    from .ruleset import Ruleset

_SCALARS = ("base", "bonus", "penalty", "quantitative", "composite")


def _number(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _same(expected: Any, actual: Decimal | None) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    number = _number(expected)
    return number is not None and number == actual


def _close(expected: Any, actual: Decimal) -> bool:
    number = _number(expected)
    if number is None:
        return False
    places = max(-number.as_tuple().exponent, 0)  # type: ignore[operator]
    step = Decimal(1).scaleb(-places)
    return actual.quantize(step, HALF_UP, CONTEXT) == number


def _check(result: Result, key: str, expected: Any) -> list[str]:
    if key == "eligible":
        return (
            []
            if expected == result.eligible
            else [f"eligible: expected {expected}, got {result.eligible}"]
        )
    if key == "failed_gates":
        got = [g.id for g in result.failed_gates]
        want = list(expected or [])
        return [] if sorted(got) == sorted(want) else [f"failed_gates: expected {want}, got {got}"]
    if key == "recommendation":
        return (
            []
            if expected == result.recommendation
            else [f"recommendation: expected {expected}, got {result.recommendation}"]
        )
    if key == "panel":
        got = result.panel.score
        return [] if _same(expected, got) else [f"panel: expected {expected}, got {fmt2(got)}"]
    if key in _SCALARS:
        got = getattr(result, key)
        return [] if _same(expected, got) else [f"{key}: expected {expected}, got {fmt2(got)}"]
    actuals: dict[str, Any] = {
        "indicators": {k: r.points for k, r in result.indicators.items()},
        "groups": dict(result.groups),
        "bonus_items": {k: r.points for k, r in result.bonus_items.items()},
        "penalty_items": {k: r.points for k, r in result.penalty_items.items()},
    }
    out = []
    for item, want in (expected or {}).items():
        if key == "values":
            got = result.value(item)
            if not _close(want, got):
                out.append(f"values.{item}: expected {want}, got {got}")
        elif not _same(want, actuals[key][item]):
            out.append(f"{key}.{item}: expected {want}, got {fmt2(actuals[key][item])}")
    return out


def run_cases(ruleset: Ruleset) -> list[RuleProblem]:
    """Run every embedded case; one :class:`RuleProblem` per failed expectation."""
    failures: list[RuleProblem] = []
    for case in ruleset.model.tests:
        rid = f"test '{case.name}'"

        def fail(line: int, message: str, rid: str = rid) -> None:
            failures.append(RuleProblem(ruleset.path, line, rid, message))

        if case.expect_problems is not None:
            got = sorted({p.key for p in ruleset.check_application(case.data, case.source)})
            want = sorted(set(case.expect_problems))
            if got != want:
                fail(case.line, f"expected problems with {want}, got {got}")
            continue
        try:
            result = ruleset.evaluate(dict(case.data), case.reviews, source=case.source)
        except InputError as exc:
            for problem in exc.problems:
                fail(case.line, f"input refused: {problem}")
            continue
        expect = case.expect
        for key, expected in expect.items():
            line = expect.line_of(key) if hasattr(expect, "line_of") else case.line
            for message in _check(result, key, expected):
                fail(line, message)
    return failures
