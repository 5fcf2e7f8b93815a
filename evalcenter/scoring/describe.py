"""A readable, JSON-ready description of a ruleset (what the web pages render)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .messages import plain
from .model import DEFAULT_CASE, AdjustmentSection, InputSpec, Label, Ratio, formula

if TYPE_CHECKING:
    from .ruleset import Ruleset


def _label(label: Label) -> dict[str, str]:
    return {"en": label.en, "zh": label.zh}


def _num(value: Any) -> str | None:
    return None if value is None else plain(value)


def _input(spec: InputSpec) -> dict[str, Any]:
    rules = []
    if spec.minimum is not None:
        rules.append(f"≥ {plain(spec.minimum)}")
    if spec.above is not None:
        rules.append(f"> {plain(spec.above)}")
    if spec.maximum is not None:
        rules.append(f"≤ {plain(spec.maximum)}")
    if spec.max_field:
        rules.append(f"≤ {spec.max_field}")
    if spec.min_length is not None or spec.max_length is not None:
        rules.append(f"{spec.min_length or 0}–{spec.max_length or '∞'} characters")
    return {
        "key": spec.key,
        "type": spec.kind,
        "label": _label(spec.label),
        "unit": spec.unit,
        "rules": rules,
        "places": spec.places if spec.is_number else None,
        "values": list(spec.values) or None,
        "value_labels": {k: _label(v) for k, v in spec.value_labels.items()} or None,
        "optional": spec.optional,
        "default": _num(spec.default) if spec.is_number else spec.default,
        "set_by_administrator": spec.set_by_admin,
        "required_to_submit": spec.required_to_submit,
    }


def _section(section: AdjustmentSection) -> dict[str, Any]:
    return {
        "cap": _num(section.cap),
        "items": [
            {
                "id": i.id,
                "label": _label(i.label),
                "when": i.when.source if i.when else None,
                "points": i.points.source,
                "cap": _num(i.cap),
            }
            for i in section.items
        ],
    }


def describe(ruleset: Ruleset) -> dict[str, Any]:
    """Everything a reader needs, in plain data (numbers as plain strings)."""
    m, h, q = ruleset.model, ruleset.model.header, ruleset.model.quantitative
    groups = []
    for g in q.groups:
        indicators = []
        for i in g.indicators:
            entry: dict[str, Any] = {
                "id": i.id,
                "label": _label(i.label),
                "unit": i.unit,
                "weight": plain(i.weight),
                "value": formula(i.value),
                "method": i.method,
                "by": i.by,
                "zero_denominator": (
                    plain(i.value.if_not_positive) if isinstance(i.value, Ratio) else None
                ),
            }
            if i.levels is not None:
                entry["levels"] = {
                    ("all" if k == DEFAULT_CASE and not i.by else k): {
                        "basic": plain(v.basic),
                        "full": plain(v.full),
                    }
                    for k, v in i.levels.items()
                }
            else:
                assert i.bands is not None
                entry["bands"] = {
                    k: [
                        {"from": _num(b.lower), "below": _num(b.upper), "points": plain(b.points)}
                        for b in bands
                    ]
                    for k, bands in i.bands.items()
                }
            indicators.append(entry)
        groups.append(
            {
                "id": g.id,
                "label": _label(g.label),
                "weight": plain(g.weight),
                "indicators": indicators,
            }
        )
    return {
        "id": h.id,
        "version": h.version,
        "effective_date": h.effective_date.isoformat(),
        "title": _label(h.title),
        "description": h.description,
        "sha256": ruleset.sha256,
        "lists": {k: sorted(map(str, v)) for k, v in m.lists.items()},
        "inputs": [_input(s) for s in m.inputs],
        "gates": [
            {
                "id": g.id,
                "label": _label(g.label),
                "require": g.require.source,
                "reason": _label(g.reason),
            }
            for g in m.gates
        ],
        "derived": [
            {"id": d.id, "label": _label(d.label), "unit": d.unit, "value": formula(d.value)}
            for d in m.derived
        ],
        "quantitative": {
            "total": plain(q.total),
            "clamp": [plain(x) for x in q.clamp],
            "curve_at_basic": plain(q.curve.at_basic),
            "groups": groups,
        },
        "bonus": _section(m.bonus),
        "penalties": _section(m.penalties),
        "expert_review": {
            "total": plain(m.expert.total),
            "step": plain(m.expert.step),
            "criteria": [
                {"id": c.id, "label": _label(c.label), "max": plain(c.maximum)}
                for c in m.expert.criteria
            ],
            "panel": [
                {
                    "min_reviews": r.min_reviews,
                    "drop_highest": r.drop_highest,
                    "drop_lowest": r.drop_lowest,
                }
                for r in m.expert.panel_rules
            ],
        },
        "composite": {
            "quantitative": plain(m.composite.quantitative),
            "panel": plain(m.composite.panel),
        },
        "recommendation": {
            "outcomes": {k: _label(v) for k, v in m.recommendation.outcomes.items()},
            "when_ineligible": m.recommendation.when_ineligible,
            "when_no_panel": m.recommendation.when_no_panel,
            "bands": [
                {"min": _num(b.minimum), "outcome": b.outcome} for b in m.recommendation.bands
            ],
        },
        "ranking": [
            {"by": k.by, "order": "descending" if k.descending else "ascending"} for k in m.ranking
        ],
        "tests": [c.name for c in m.tests],
    }
