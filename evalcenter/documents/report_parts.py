"""From an evaluation :class:`~evalcenter.scoring.Result` to the rows of an evaluation report.

Pure (no database, no Flask): the report builder for issued reports and the sample report both
call :func:`report_parts` and add what the result does not hold (company, round, panel, rank).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from evalcenter.documents.data import (
    Bi,
    CriterionRow,
    GateRow,
    GroupRow,
    Improvement,
    IndicatorRow,
    ItemRow,
)
from evalcenter.scoring import Label, Result, Ruleset

# What an indicator's value reached, by the engine's scoring branch.
LEVELS = {
    "full": Bi("达到满分值", "at the full-points level"),
    "between": Bi("基本值至满分值", "between the levels"),
    "up_to_basic": Bi("不高于基本值", "at or below basic"),
    "not_positive": Bi("零或负值", "zero or less"),
    "band": Bi("按区间计分", "scored by band"),
}
ZERO_DENOMINATOR = Bi("分母为零", "zero denominator")
YES_NO = {True: Bi("是", "yes"), False: Bi("否", "no")}


@dataclass(frozen=True)
class ReportParts:
    eligible: bool
    gates: tuple[GateRow, ...]
    groups: tuple[GroupRow, ...]
    bonus_items: tuple[ItemRow, ...]
    penalty_items: tuple[ItemRow, ...]
    improvements: tuple[Improvement, ...]
    recommendation: Bi


def bi(label: Label) -> Bi:
    """The engine's ``Label(en, zh)`` as the documents' ``Bi(zh, en)``."""
    return Bi(label.zh, label.en)


def shown(value: Any, unit: str | None = None, labels: Mapping[str, Label] | None = None) -> str:
    """An input value as a reader sees it: numbers plain with their unit, yes/no, choices."""
    if isinstance(value, bool):
        return " ".join(YES_NO[value])
    if isinstance(value, Decimal | int):
        text = format(Decimal(value).normalize(), "f") if value else "0"
        return f"{text} {unit}" if unit else text
    if labels and value in labels:
        return f"{labels[value].zh} {labels[value].en}"
    return str(value)


def _indicator_row(specs: Mapping[str, Any], ind: Any) -> IndicatorRow:
    inputs = []
    for key, value in ind.inputs.items():
        spec = specs.get(key)
        label = bi(spec.label) if spec is not None else Bi(key, key)
        unit = spec.unit if spec is not None else None
        inputs.append((label, shown(value, unit, spec.value_labels if spec else None)))
    level = ZERO_DENOMINATOR if ind.zero_denominator else LEVELS.get(ind.branch, Bi("", ""))
    return IndicatorRow(
        id=ind.id,
        label=bi(ind.label),
        unit=ind.unit,
        inputs=tuple(inputs),
        value=ind.value,
        basic=ind.basic,
        full=ind.full,
        level=level,
        points=ind.points,
        weight=ind.weight,
    )


def _items(items: Mapping[str, Any]) -> tuple[ItemRow, ...]:
    return tuple(ItemRow(bi(i.label), i.raw, i.points, i.cap) for i in items.values())


def improvements(result: Result) -> tuple[Improvement, ...]:
    """Indicators below full points, largest possible gain first (as the self-assessment)."""
    rows = [
        Improvement(bi(i.label), i.unit, i.value, i.full, i.weight - i.points)
        for i in result.indicators.values()
        if i.points < i.weight
    ]
    rows.sort(key=lambda row: row.gain, reverse=True)
    return tuple(rows)


def report_parts(result: Result, ruleset: Ruleset) -> ReportParts:
    """The gates, groups with their indicators, bonus and penalty items, improvements and
    recommendation of ``result``, which ``ruleset`` produced (it holds the labels)."""
    specs = {spec.key: spec for spec in ruleset.inputs}
    gates = tuple(
        GateRow(
            bi(g.label) if g.label else Bi(g.condition, g.condition),
            g.passed,
            bi(g.reason),
        )
        for g in result.gates
    )
    groups = tuple(
        GroupRow(
            id=g.id,
            label=bi(g.label),
            points=result.groups[g.id],
            maximum=g.weight,
            indicators=tuple(_indicator_row(specs, result.indicators[i.id]) for i in g.indicators),
        )
        for g in ruleset.groups
    )
    outcome = ruleset.model.recommendation.outcomes[result.recommendation]
    return ReportParts(
        eligible=result.eligible,
        gates=gates,
        groups=groups,
        bonus_items=_items(result.bonus_items),
        penalty_items=_items(result.penalty_items),
        improvements=improvements(result),
        recommendation=bi(outcome),
    )


def evaluation_fields(result: Result, ruleset: Ruleset) -> dict[str, Any]:
    """The fields of a :class:`~evalcenter.documents.data.ReportData` that the evaluation
    itself gives (the caller adds the company, round, panel, rank and issuer)."""
    parts = report_parts(result, ruleset)
    return {
        "ruleset_id": ruleset.id,
        "ruleset_version": ruleset.version,
        "ruleset_sha256": ruleset.sha256,
        "eligible": parts.eligible,
        "gates": parts.gates,
        "groups": parts.groups,
        "base": result.base,
        "bonus_items": parts.bonus_items,
        "penalty_items": parts.penalty_items,
        "bonus": result.bonus,
        "penalty": result.penalty,
        "quantitative": result.quantitative,
        "composite": result.composite,
        "recommendation": parts.recommendation,
        "improvements": parts.improvements,
    }


def criterion_rows(ruleset: Ruleset, means: Mapping[str, Decimal]) -> tuple[CriterionRow, ...]:
    """The expert criteria with the panel's mean for each (criteria without one are left out)."""
    return tuple(
        CriterionRow(c.id, bi(c.label), means[c.id], c.maximum)
        for c in ruleset.model.expert.criteria
        if c.id in means
    )
