"""The evaluator: computes every value once and records the step that explains it right there.

:class:`Plan` lays a validated model out for fast evaluation (expressions are
compiled closures, level and band tables keyed by every case); :func:`run`
walks it. Each gate, derived value, indicator value, curve or band points,
subtotal, bonus and penalty item, cap, clamp, panel score, composite and
recommendation is computed in one place, and -- when a trace is wanted -- the
step recording it (code, subject, the numbers just computed) is appended in
that same place. Arithmetic is Decimal in :data:`~.decimal_math.CONTEXT`;
produced numbers are rounded to cents half-up.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal, localcontext
from operator import itemgetter
from typing import Any, NamedTuple

from .decimal_math import CENT, CONTEXT, HALF_UP, ZERO, cents
from .errors import InputError
from .expressions import Expression
from .inputs import Problem
from .model import DEFAULT_CASE, Band, Indicator, Ratio, RulesetModel, formula
from .panel import PanelResult, aggregate


class ValuePlan(NamedTuple):
    """An expression (``fn``) or a ratio (``num / den × times``, ``policy`` if den ≤ 0)."""

    fn: Any
    num: Any
    den: Any
    times: Decimal | None
    policy: Decimal | None
    den_source: str


class IndicatorPlan(NamedTuple):
    id: str
    label: Any
    unit: str | None
    value: ValuePlan
    formula: str
    by: str | None
    levels: dict | None  # case -> (basic, full, full - basic)
    bands: dict | None  # case -> (uppers, points, bands)
    weight: Decimal
    full_points: Decimal
    inputs: tuple[str, ...]
    read: Any  # values of ``inputs`` as a tuple


class ItemPlan(NamedTuple):
    id: str
    label: Any
    when: Any
    points: Any
    cap: Decimal | None
    cap_points: Decimal | None


def _value(rule: Ratio | Expression) -> ValuePlan:
    if isinstance(rule, Expression):
        return ValuePlan(rule.fn, None, None, None, None, "")
    times = None if rule.times == 1 else rule.times
    return ValuePlan(
        None,
        rule.numerator.fn,
        rule.denominator.fn,
        times,
        rule.if_not_positive,
        rule.denominator.source,
    )


def _reader(names: tuple[str, ...]) -> Any:
    if len(names) == 1:
        return lambda d, key=names[0]: (d[key],)
    return itemgetter(*names) if names else (lambda d: ())


class Plan:
    """A model laid out for :func:`run` (built once per ruleset)."""

    def __init__(self, model: RulesetModel, sha256: str) -> None:
        q = model.quantitative
        self.head = (
            model.header.id,
            model.header.version,
            model.header.effective_date.isoformat(),
            sha256,
        )
        self.derived = tuple((d.id, _value(d.value), formula(d.value)) for d in model.derived)
        self.gates = tuple((g.id, g.require.fn, g.label, g.reason) for g in model.gates)
        enums = {s.key: s.values for s in model.inputs if s.kind == "enum"}
        derived = {d.id: d for d in model.derived}
        self.groups = tuple(
            (g.id, g.label, tuple(self.indicator(i, enums, derived) for i in g.indicators))
            for g in q.groups
        )
        self.index = {i.id: n for n, i in enumerate(model.indicators)}
        self.at_basic, self.rest = q.curve.at_basic, 1 - q.curve.at_basic
        self.clamp = (cents(q.clamp[0]), cents(q.clamp[1]))
        self.sections = tuple(
            (
                tuple(
                    ItemPlan(
                        i.id,
                        i.label,
                        i.when.fn if i.when else None,
                        i.points.fn,
                        i.cap,
                        None if i.cap is None else cents(i.cap),
                    )
                    for i in section.items
                ),
                section.cap,
                None if section.cap is None else cents(section.cap),
            )
            for section in (model.bonus, model.penalties)
        )
        self.panel_rules = model.expert.panel_rules
        self.weights = (model.composite.quantitative, model.composite.panel)
        self.recommendation = model.recommendation
        self.no_panel = PanelResult(None, (), (), (), (), None)

    @staticmethod
    def indicator(ind: Indicator, enums: dict, derived: dict) -> IndicatorPlan:
        cases = enums[ind.by] if ind.by else (DEFAULT_CASE,)

        def table(entries: dict, layout: Any) -> dict:
            return {c: layout(entries.get(c, entries.get(DEFAULT_CASE))) for c in cases}

        levels = bands = None
        if ind.levels is not None:
            levels = table(ind.levels, lambda lv: (lv.basic, lv.full, lv.full - lv.basic))
        else:
            bands = table(
                ind.bands,
                lambda bs: (
                    tuple(b.upper for b in bs[:-1]),
                    tuple(cents(b.points) for b in bs),
                    bs,
                ),
            )
        names = _input_fields(ind.value, derived)
        return IndicatorPlan(
            ind.id,
            ind.label,
            ind.unit,
            _value(ind.value),
            formula(ind.value),
            ind.by,
            levels,
            bands,
            ind.weight,
            cents(ind.weight),
            names,
            _reader(names),
        )


def _input_fields(rule: Ratio | Expression, derived: dict) -> tuple[str, ...]:
    """The inputs an indicator reads, through derived values, sorted."""
    out: list[str] = []
    todo, seen = sorted(rule.fields), set()
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen.add(name)
        if name in derived:
            todo = sorted(derived[name].value.fields) + todo
        else:
            out.append(name)
    return tuple(out)


class Record(NamedTuple):
    """What :func:`run` computed, by name; :class:`~.result.Result` reads it."""

    gates: tuple[bool, ...]
    derived: dict[str, tuple[Decimal, bool]]
    rows: list  # per indicator, ROW values: value, zero, case, branch, basic, full, band, points
    groups: tuple[Decimal, ...]
    base: Decimal
    items: tuple[list, list]  # bonus, penalty: raw, points, applies per item, flat
    bonus: Decimal
    penalty: Decimal
    quantitative: Decimal
    panel: PanelResult
    composite: Decimal | None
    recommendation: str
    steps: list | None  # code, subject and the code's values, flat (see messages.STEPS)


ROW = 8


def run(plan: Plan, values: dict, totals: tuple[Decimal, ...], trace: bool) -> Record:
    """Evaluate one application (validated values) with the reviewers' totals."""
    try:
        with localcontext(CONTEXT):
            return _run(plan, values, totals, [] if trace else None)
    except ArithmeticError as exc:
        params = {"subject": plan.head[0], "error": type(exc).__name__}
        raise InputError([Problem("", "arithmetic", params)]) from None


def _run(plan: Plan, d: dict, totals: tuple, steps: list | None) -> Record:  # noqa: C901
    add = steps.extend if steps is not None else None
    if add:
        add(("ruleset", plan.head[0], *plan.head))
    derived = {}
    if plan.derived:
        d = dict(d)
        for did, rule, text in plan.derived:
            zero = q = None
            if rule.fn is not None:
                v = rule.fn(d)
            else:
                q = rule.den(d)
                zero = q <= ZERO
                v = (
                    rule.policy
                    if zero
                    else rule.num(d) / q
                    if rule.times is None
                    else rule.num(d) / q * rule.times
                )
            d[did] = v
            derived[did] = (v, bool(zero))
            if add:
                add(
                    ("derived_zero_denominator", did, v, rule.den_source, q)
                    if zero
                    else ("derived", did, text, v)
                )
    gates = [require(d) for _, require, _, _ in plan.gates]
    eligible = all(gates)
    if add:
        for (gid, _, label, reason), ok in zip(plan.gates, gates):  # noqa: B905
            add(("gate_passed", gid, label) if ok else ("gate_failed", gid, reason))
        failed = tuple(g[0] for g, ok in zip(plan.gates, gates) if not ok)  # noqa: B905
        add(("eligible", "", len(gates)) if eligible else ("ineligible", "", failed))
    s, t = plan.at_basic, plan.rest
    rows: list = []
    row, subtotals, group_steps = rows.extend, [], []
    for gid, glabel, indicators in plan.groups:
        parts = []
        for ind in indicators:
            rule, zero, q = ind.value, False, None
            if rule.fn is not None:
                v = rule.fn(d)
            else:
                q = rule.den(d)
                if q > ZERO:
                    v = rule.num(d) / q if rule.times is None else rule.num(d) / q * rule.times
                else:
                    v, zero = rule.policy, True
            case = d[ind.by] if ind.by else None
            if add:
                add(
                    (
                        "value_zero_denominator",
                        ind.id,
                        ind.label,
                        v,
                        rule.den_source,
                        q,
                        ind.inputs,
                        ind.read(d),
                    )
                    if zero
                    else (
                        "value",
                        ind.id,
                        ind.label,
                        ind.formula,
                        v,
                        ind.unit,
                        ind.inputs,
                        ind.read(d),
                    )
                )
            if ind.levels is not None:
                b, f, fb = ind.levels[case or DEFAULT_CASE]
                w, band = ind.weight, None
                if v >= f:
                    p, code = ind.full_points, "points_full"
                elif v > b:
                    p, code = (w * (s + t * (v - b) / fb)).quantize(CENT, HALF_UP), "points_between"
                elif v > ZERO:
                    p, code = (s * w * v / b).quantize(CENT, HALF_UP), "points_up_to_basic"
                else:
                    p, code = ZERO, "points_not_positive"
                if add:
                    add((code, ind.id, v, b, f, ind.by and (ind.by, case), w, s, t, p))
            else:
                uppers, points, bands = ind.bands[case or DEFAULT_CASE]
                n = bisect_right(uppers, v)
                p, band, code, b, f = points[n], bands[n], "points_band", None, None
                if add:
                    add((code, ind.id, v, band, ind.by and (ind.by, case), p))
            row((v, zero, case, code[7:], b, f, band, p))
            parts.append(p)
        subtotal = sum(parts[1:], parts[0])
        subtotals.append(subtotal)
        if add:
            group_steps += ("group", gid, glabel, tuple(parts), subtotal)
    base = sum(subtotals[1:], subtotals[0])
    if add:
        add(group_steps)
        add(("base", "", tuple(subtotals), base))
    items, adjustments = [], []
    for kind, (section, cap, cap_points) in zip(("bonus", "penalty"), plan.sections):  # noqa: B905
        got: list = []
        pts = []
        for item in section:
            applies = item.when is None or item.when(d)
            raw = item.points(d) if applies else ZERO
            if raw <= ZERO:
                p = ZERO
            elif item.cap is not None and raw >= item.cap:
                p = item.cap_points
            else:
                p = raw.quantize(CENT, HALF_UP)
            got += (raw, p, applies)
            pts.append(p)
            if add:
                capped = item.cap if item.cap is not None and raw > item.cap else None
                add(
                    (
                        "item" if applies else "item_not_applicable",
                        item.id,
                        item.label,
                        raw,
                        capped,
                        p,
                    )
                )
        total = sum(pts[1:], pts[0]) if pts else ZERO
        summed = total
        if cap_points is not None and total > cap_points:
            total = cap_points
        if add:
            add(
                (
                    kind,
                    "",
                    tuple(pts),
                    summed,
                    cap if cap is not None and summed > cap else None,
                    total,
                )
            )
        items.append(got)
        adjustments.append(total)
    bonus, penalty = adjustments
    low, high = plan.clamp
    q = base + bonus - penalty
    q = low if q < low else high if q > high else q
    if add:
        add(("quantitative", "", base, bonus, penalty, low, high, q))
    panel = aggregate(totals, plan.panel_rules) if totals else plan.no_panel
    composite = None
    if panel.score is not None:
        wq, wp = plan.weights
        composite = cents(wq * q + wp * panel.score)
        if add:
            dropped = (
                (panel.dropped_highest, panel.dropped_lowest)
                if panel.dropped_highest or panel.dropped_lowest
                else None
            )
            add(("panel", "", len(totals), totals, dropped, panel.used, panel.score))
            add(("composite", "", wq, q, wp, panel.score, composite))
    elif add:
        add(("panel_none", "", len(totals), min(r.min_reviews for r in plan.panel_rules)))
        add(("composite_none", ""))
    rec, minimum = plan.recommendation, None
    if not eligible:
        outcome, code = rec.when_ineligible, "recommendation_ineligible"
    elif composite is None:
        outcome, code = rec.when_no_panel, "recommendation_pending"
    else:
        band = next(b for b in rec.bands if b.minimum is None or composite >= b.minimum)
        outcome, minimum = band.outcome, band.minimum
        code = "recommendation_lowest" if minimum is None else "recommendation_band"
    if add:
        add((code, "", rec.outcomes[outcome], composite, minimum))
    return Record(
        tuple(gates),
        derived,
        rows,
        tuple(subtotals),
        base,
        tuple(items),
        bonus,
        penalty,
        q,
        panel,
        composite,
        outcome,
        None if steps is None else tuple(steps),
    )


__all__ = ["Band", "Plan", "Record", "run"]
