"""A readable, JSON-ready description of a ruleset (what the web pages render)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evalcenter.scoring.messages import plain
from evalcenter.scoring.model import DEFAULT_CASE, AdjustmentSection, InputSpec, Ratio, formula

if TYPE_CHECKING:
    from evalcenter.scoring.ruleset import Ruleset


def _num(value: Any) -> str | None:
    return None if value is None else plain(value)


def _input(spec: InputSpec) -> dict[str, Any]:
    rules = [
        f"{op} {plain(limit)}"
        for op, limit in (("≥", spec.minimum), (">", spec.above), ("≤", spec.maximum))
        if limit is not None
    ]
    if spec.max_field:
        rules.append(f"≤ {spec.max_field}")
    if spec.min_length is not None or spec.max_length is not None:
        rules.append(f"{spec.min_length or 0}–{spec.max_length or '∞'} characters")
    return {
        "key": spec.key,
        "type": spec.kind,
        "label": spec.label._asdict(),
        "unit": spec.unit,
        "rules": rules,
        "places": spec.places if spec.is_number else None,
        "values": list(spec.values) or None,
        "value_labels": {k: v._asdict() for k, v in spec.value_labels.items()} or None,
        "optional": spec.optional,
        "default": _num(spec.default) if spec.is_number else spec.default,
        "set_by_administrator": spec.set_by_admin,
        "required_to_submit": spec.required_to_submit,
    }


def _section(section: AdjustmentSection) -> dict[str, Any]:
    items = [
        {
            "id": i.id,
            "label": i.label._asdict(),
            "when": i.when.source if i.when else None,
            "points": i.points.source,
            "cap": _num(i.cap),
        }
        for i in section.items
    ]
    return {"cap": _num(section.cap), "items": items}


def _band(b: Any) -> dict[str, Any]:
    return {"from": _num(b.lower), "below": _num(b.upper), "points": plain(b.points)}


def _indicator(i: Any) -> dict[str, Any]:
    out = {
        "id": i.id,
        "label": i.label._asdict(),
        "unit": i.unit,
        "weight": plain(i.weight),
        "value": formula(i.value),
        "method": "curve" if i.levels is not None else "bands",
        "by": i.by,
        "zero_denominator": _num(i.value.if_not_positive) if isinstance(i.value, Ratio) else None,
    }
    if i.levels is not None:
        out["levels"] = {
            ("all" if k == DEFAULT_CASE and not i.by else k): {
                "basic": plain(v.basic),
                "full": plain(v.full),
            }
            for k, v in i.levels.items()
        }
    else:
        out["bands"] = {k: [_band(b) for b in bands] for k, bands in i.bands.items()}
    return out


def describe_ruleset(ruleset: Ruleset) -> dict[str, Any]:
    """Everything a reader needs, in plain data (numbers as plain strings)."""
    m, h, q = ruleset.model, ruleset.model.header, ruleset.model.quantitative
    rec, expert = m.recommendation, m.expert
    return {
        "id": h.id,
        "version": h.version,
        "effective_date": h.effective_date.isoformat(),
        "title": h.title._asdict(),
        "description": h.description,
        "sha256": ruleset.sha256,
        "lists": {k: sorted(map(str, v)) for k, v in m.lists.items()},
        "inputs": [_input(s) for s in m.inputs],
        "gates": [
            {
                "id": g.id,
                "label": g.label._asdict(),
                "require": g.require.source,
                "reason": g.reason._asdict(),
            }
            for g in m.gates
        ],
        "derived": [
            {"id": d.id, "label": d.label._asdict(), "unit": d.unit, "value": formula(d.value)}
            for d in m.derived
        ],
        "quantitative": {
            "total": plain(q.total),
            "clamp": [plain(x) for x in q.clamp],
            "curve_at_basic": plain(q.curve.at_basic),
            "groups": [
                {
                    "id": g.id,
                    "label": g.label._asdict(),
                    "weight": plain(g.weight),
                    "indicators": [_indicator(i) for i in g.indicators],
                }
                for g in q.groups
            ],
        },
        "bonus": _section(m.bonus),
        "penalties": _section(m.penalties),
        "expert_review": {
            "total": plain(expert.total),
            "step": plain(expert.step),
            "criteria": [
                {"id": c.id, "label": c.label._asdict(), "max": plain(c.maximum)}
                for c in expert.criteria
            ],
            "panel": [
                r.model_dump(include={"min_reviews", "drop_highest", "drop_lowest"})
                for r in expert.panel_rules
            ],
        },
        "composite": {
            "quantitative": plain(m.composite.quantitative),
            "panel": plain(m.composite.panel),
        },
        "recommendation": {
            "outcomes": {k: v._asdict() for k, v in rec.outcomes.items()},
            "when_ineligible": rec.when_ineligible,
            "when_no_panel": rec.when_no_panel,
            "bands": [{"min": _num(b.minimum), "outcome": b.outcome} for b in rec.bands],
        },
        "ranking": [{"by": k.by, "order": k.order} for k in m.ranking],
        "tests": [c.name for c in m.tests],
    }
