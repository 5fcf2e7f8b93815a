"""The provisional self-assessment shown to applicants while they fill in a draft.

A draft may be incomplete: unanswered numbers count as 0 and unanswered yes/no questions
as "no", and the assessment says which answers are missing. It is never stored as a result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from evalcenter.scoring import Application, Result, Ruleset, Source
from evalcenter.scoring.model import Label

ZERO = Decimal(0)


@dataclass(frozen=True)
class GroupBar:
    id: str
    label: Label
    points: Decimal
    maximum: Decimal

    @property
    def percent(self) -> int:
        return int(self.points * 100 / self.maximum) if self.maximum else 0


@dataclass(frozen=True)
class Opportunity:
    """An indicator below full marks: the value it has, the level for full marks, the gain."""

    id: str
    label: Label
    unit: str | None
    value: Decimal
    full: Decimal | None
    gain: Decimal


@dataclass(frozen=True)
class SelfAssessment:
    result: Result
    missing: tuple[str, ...]
    groups: tuple[GroupBar, ...]
    opportunities: tuple[Opportunity, ...]


def _filler(spec) -> Any:
    """A neutral value for an unanswered question: 0, "no", or "other"/"none" for choices."""
    if spec.is_number:
        return ZERO
    if spec.kind == "bool":
        return False
    for neutral in ("other", "none"):
        if neutral in spec.values:
            return neutral
    return ""


def assess(ruleset: Ruleset, draft: Mapping[str, Any]) -> SelfAssessment:
    """Score a draft whose present answers have been validated (see drafts.check_draft)."""
    values: dict[str, Any] = {}
    missing = []
    for spec in ruleset.inputs:
        if spec.key in draft:
            raw = draft[spec.key]
            values[spec.key] = Decimal(str(raw)) if spec.is_number else raw
        elif spec.default is not None:
            values[spec.key] = spec.default
        elif not spec.optional:
            missing.append(spec.key)
            values[spec.key] = _filler(spec)
    result = ruleset.evaluate(Application(values, Source.SCORING, ruleset.schema))
    groups = tuple(GroupBar(g.id, g.label, result.groups[g.id], g.weight) for g in ruleset.groups)
    opportunities = [
        Opportunity(ind.id, ind.label, ind.unit, ind.value, ind.full, ind.weight - ind.points)
        for ind in result.indicators.values()
        if ind.points < ind.weight
    ]
    opportunities.sort(key=lambda o: o.gain, reverse=True)
    return SelfAssessment(result, tuple(missing), groups, tuple(opportunities))
