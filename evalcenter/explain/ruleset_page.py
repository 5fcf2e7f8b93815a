"""A readable, JSON-ready description of a ruleset, and the same in words in one language
(what the web pages render)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from evalcenter.scoring.messages import N_, plain
from evalcenter.scoring.model import DEFAULT_CASE, AdjustmentSection, InputSpec, Ratio, formula

from .conditions import Phrasing
from .texts import Translate

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


RANKING = {
    "composite": N_("composite score"),
    "quantitative": N_("quantitative score"),
    "panel": N_("panel score"),
    "base": N_("base score"),
    "bonus": N_("bonus"),
    "penalty": N_("penalty"),
    "submitted_at": N_("submission time"),
    "value": N_("%(label)s (value)"),
    "points": N_("%(label)s (points)"),
    "descending": N_("%(key)s, highest first"),
    "ascending": N_("%(key)s, lowest first"),
    "earliest": N_("%(key)s, earliest first"),
}
OTHER_CASES = N_("other cases")
SUMMARY = N_(
    "%(gates)s eligibility gates; %(indicators)s quantitative indicators in %(groups)s groups "
    "(%(total)s points); %(bonus)s bonus and %(penalties)s penalty items; %(criteria)s expert "
    "review criteria; composite = %(q)s × quantitative + %(p)s × panel."
)


def ruleset_in_words(
    ruleset: Ruleset,
    translate: Translate,
    chinese: bool,
    unit_text: Callable[[str | None, bool], str] | None = None,
) -> dict[str, Any]:
    """:func:`describe_ruleset` plus its conditions, formulas, cases and ranking in words,
    in one language (``words`` on gates, indicators and items; ``summary``; ``ranking_words``)."""
    out = describe_ruleset(ruleset)
    model, say = ruleset.model, Phrasing(ruleset.model, translate, chinese, unit_text)
    for gate, spec in zip(out["gates"], model.gates, strict=True):
        gate["words"] = say(spec.require)
    indicators = [i for g in model.quantitative.groups for i in g.indicators]
    described = [i for g in out["quantitative"]["groups"] for i in g["indicators"]]
    for item, spec in zip(described, indicators, strict=True):
        item["words"] = say(spec.value)
        item["unit_words"] = say.unit_text(spec.unit, chinese) if spec.unit else ""
        item["by_words"] = say.name(spec.by) if spec.by else ""
        cases = item.get("levels") or item.get("bands") or {}
        item["cases"] = {case: _case(say, spec.by, case, translate) for case in cases}
    for name in ("bonus", "penalties"):
        section = getattr(model, name)
        for item, spec in zip(out[name]["items"], section.items, strict=True):
            item["when_words"] = say(spec.when)
            item["points_words"] = say(spec.points)
    out["ranking_words"] = [_ranking(say, key, translate) for key in model.ranking]
    q = out["quantitative"]
    out["summary"] = translate(SUMMARY) % {
        "gates": len(out["gates"]),
        "indicators": sum(len(g["indicators"]) for g in q["groups"]),
        "groups": len(q["groups"]),
        "total": q["total"],
        "bonus": len(out["bonus"]["items"]),
        "penalties": len(out["penalties"]["items"]),
        "criteria": len(out["expert_review"]["criteria"]),
        "q": out["composite"]["quantitative"],
        "p": out["composite"]["panel"],
    }
    return out


def _case(say: Phrasing, by: str | None, case: str, translate: Translate) -> str:
    """A levels/bands case in words: the value's label, or 'other cases'."""
    if case == DEFAULT_CASE:
        return translate(OTHER_CASES) if by else ""
    return say.value_label(by, case) if by else ""


def _ranking(say: Phrasing, key: Any, translate: Translate) -> str:
    by, model = key.by, say.model
    if by in RANKING:
        name = translate(RANKING[by])
    elif by.endswith((".value", ".points")):
        ident, _, part = by.partition(".")
        name = translate(RANKING[part]) % {"label": say.indicator(ident)}
    else:
        group = next((g for g in model.quantitative.groups if g.id == by), None)
        name = say.pick(group.label) if group else say.name(by)
    order = "earliest" if by == "submitted_at" and not key.descending else key.order
    return translate(RANKING[order]) % {"key": name}
