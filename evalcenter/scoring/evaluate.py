"""The evaluator: a ruleset compiled into one straight-line Decimal function (steps optional)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any, NamedTuple

from .expressions import Expression, python
from .inputs import HugeNumber, NonFiniteNumber, Problem
from .messages import CENT, CONTEXT, FRAGMENTS, HALF_UP, ZERO, InputError, Msg, cents
from .model import DEFAULT_CASE, ExpertReview, Indicator, PanelRule, Ratio, RulesetModel, formula

ROW = 8  # per indicator: value, zero denominator, case, step code, basic, full, band, points

_RATIO = """\
    q = {den}
    if q > 0:
        {v} = {num} / q{times}
        {z} = False
    else:
        {v}, {z} = {policy}, True
"""
_CURVE = """\
    if {v} >= f:
        {p}, {k} = {w2}, "points_full"
    elif {v} > b:
        {p} = ({w} * (S + R * ({v} - b) / fb)).quantize(CENT, HALF_UP)
        {k} = "points_between"
    elif {v} > 0:
        {p}, {k} = (S * {w} * {v} / b).quantize(CENT, HALF_UP), "points_up_to_basic"
    else:
        {p}, {k} = ZERO, "points_not_positive"
"""
_ITEM = """\
    a = {a} = {when}
    raw = {raw} = {points} if a else ZERO
    {p} = ZERO if raw <= 0 else {capped}raw.quantize(CENT, HALF_UP)
    if T is not None:
        T += ("item" if a else "item_not_applicable", {id}, {label}, raw, {over}, {p})
"""
_STEP = "    if T is not None:\n        T += ({})"


class Plan:
    """A model compiled for :func:`run` (built once per ruleset)."""

    def __init__(self, model: RulesetModel, sha256: str) -> None:
        h, q = model.header, model.quantitative
        self.head = ("ruleset", h.id, h.id, h.version, h.effective_date.isoformat(), sha256)
        derived = {d.id: d for d in model.derived}
        self.indicators = tuple(
            (g.id, i, formula(i.value), _input_fields(i.value, derived))
            for g in q.groups
            for i in g.indicators
        )
        self.derived = tuple(d.id for d in model.derived)
        self.index = {i.id: n for n, (_, i, _, _) in enumerate(self.indicators)}
        self.panel_rules = model.expert.panel_rules
        self.minimum = min(r.min_reviews for r in self.panel_rules)
        self.weights = (model.composite.quantitative, model.composite.panel)
        self.recommendation = model.recommendation
        self.no_panel = PanelResult(None, (), (), (), (), None)
        self.scope = {"__builtins__": {}, "_min": min, "_max": max, "_clamp": _clamp}
        self.scope.update(bisect=bisect_right, dict=dict, tuple=tuple, zip=zip, ZERO=ZERO)
        self.scope.update(CENT=CENT, HALF_UP=HALF_UP, S=q.curve.at_basic, R=1 - q.curve.at_basic)
        exec(self.source(model), self.scope)  # noqa: S102 -- generated from the checked model
        self.score = self.scope["score"]

    def const(self, value: Any) -> str:
        """The name of a pooled constant holding ``value``."""
        name = f"K{len(self.scope)}"
        self.scope[name] = value
        return name

    def expr(self, rule: Expression) -> str:
        return python(rule.tree, self.const)

    def value(self, rule: Ratio | Expression, v: str, z: str) -> str:
        if isinstance(rule, Expression):
            return f"    {v} = {self.expr(rule)}\n    {z} = False\n"
        times = "" if rule.times == 1 else f" * {self.const(rule.times)}"
        num, den = self.expr(rule.numerator), self.expr(rule.denominator)
        policy = self.const(rule.if_not_positive)
        return _RATIO.format(v=v, z=z, num=num, den=den, times=times, policy=policy)

    def source(self, model: RulesetModel) -> str:
        """The ``score(d, T)`` source; steps go flat into ``T`` (sums' parts as ``None``)."""
        c, enums = self.const, {s.key: s.values for s in model.inputs if s.kind == "enum"}
        lines = ["def score(d, T):", "    d = dict(d)" if model.derived else ""]
        add = lines.append
        for n, rule in enumerate(model.derived):
            v, z, did = f"x{n}", f"y{n}", c(rule.id)
            add(self.value(rule.value, v, z) + f"    d[{did}] = {v}")
            den = c(rule.value.denominator.source) if isinstance(rule.value, Ratio) else None
            zero, text = f'"derived_zero_denominator", {did}, {v}, {den}, q', c(formula(rule.value))
            add(_STEP.format(f'({zero}) if {z} else ("derived", {did}, {text}, {v})'))
        gates = [f"g{n}" for n in range(len(model.gates))]
        for g, gate in zip(gates, model.gates, strict=True):
            passed, failed = ("gate_passed", gate.id, gate.label), ("gate_failed", gate.id)
            add(f"    {g} = {self.expr(gate.require)}")
            add(_STEP.format(f"{c(passed)} if {g} else {c((*failed, gate.reason))}"))
        ids = c(tuple(gate.id for gate in model.gates))
        add(f"    gates = {_tuple(gates)}")
        add(f"    failed = () if T is None else tuple(i for i, ok in zip({ids}, gates) if not ok)")
        eligible = f'("eligible", "", {len(gates)})'
        add(_STEP.format(f'("ineligible", "", failed) if failed else {eligible}'))
        rows, points = [], []
        for _, ind, text, fields in self.indicators:
            n = len(points)
            v, z, p, k, b, f, band = (f"{x}{n}" for x in "vzpkbfn")
            add(self.value(ind.value, v, z) + f"    c{n} = {f'd[{ind.by!r}]' if ind.by else None}")
            den = c(ind.value.denominator.source) if isinstance(ind.value, Ratio) else None
            i, label, unit, fields = c(ind.id), c(ind.label), c(ind.unit), c(fields)
            zero = f'"value_zero_denominator", {i}, {label}, {v}, {den}, q, {fields}'
            value = f'"value", {i}, {label}, {c(text)}, {v}, {unit}, {fields}'
            add(_STEP.format(f"({zero}) if {z} else ({value})"))
            case = f"{c({x: (ind.by, x) for x in enums[ind.by]})}[c{n}]" if ind.by else None
            if ind.levels is not None:
                add(f"    b, f, fb = {c(_table(ind, enums))}[c{n}]")
                add(_CURVE.format(v=v, p=p, k=k, w=c(ind.weight), w2=c(cents(ind.weight))))
                add(f"    {b}, {f}, {band} = b, f, None")
                add(_STEP.format(f"{k}, {i}, {v}, b, f, {case}, {c(ind.weight)}, S, R, {p}"))
            else:
                add(f"    uppers, points, bands = {c(_table(ind, enums))}[c{n}]")
                add(f"    i = bisect(uppers, {v})\n    {p}, {band} = points[i], bands[i]")
                add(f'    {k}, {b}, {f} = "points_band", None, None')
                add(_STEP.format(f"{k}, {i}, {v}, {band}, {case}, {p}"))
            points.append(p)
            rows += [v, z, f"c{n}", k, b, f, band, p]
        subtotals, group_steps = [], []
        for n, group in enumerate(model.quantitative.groups):
            parts = points[: len(group.indicators)]
            del points[: len(group.indicators)]
            subtotals.append(f"s{n}")
            add(f"    s{n} = {' + '.join(parts)}")
            group_steps.append(f'"group", {c(group.id)}, {c(group.label)}, None, s{n}')
        add(f"    base = {' + '.join(subtotals)}")
        add(_STEP.format(f'{", ".join(group_steps)}, "base", "", None, base'))
        items = []
        for kind, section in (("bonus", model.bonus), ("penalty", model.penalties)):
            names, flat = [], []
            for n, item in enumerate(section.items):
                p, cap = f"{kind}{n}", c(item.cap)
                names.append(p)
                flat += [f"raw_{p}", p, f"a_{p}"]
                capped = "" if item.cap is None else f"{c(cents(item.cap))} if raw >= {cap} else "
                over = "None" if item.cap is None else f"{cap} if raw > {cap} else None"
                when = "True" if item.when is None else self.expr(item.when)
                values = dict(p=p, raw=f"raw_{p}", a=f"a_{p}", capped=capped, over=over, when=when)
                values.update(points=self.expr(item.points), id=c(item.id), label=c(item.label))
                add(_ITEM.format(**values))
            add(f"    {kind} = summed = {' + '.join(names) or 'ZERO'}")
            cap, over = c(section.cap), "None"
            if section.cap is not None:
                over = f"{cap} if summed > {cap} else None"
                add(f"    if summed > {cap}:\n        {kind} = {c(cents(section.cap))}")
            add(_STEP.format(f'"{kind}", "", None, summed, {over}, {kind}'))
            items.append(_tuple(flat))
        low, high = (c(cents(x)) for x in model.quantitative.clamp)
        add("    q = base + bonus - penalty")
        add(f"    q = {low} if q < {low} else {high} if q > {high} else q")
        add(_STEP.format(f'"quantitative", "", base, bonus, penalty, {low}, {high}, q'))
        derived = "".join(f"x{n}, y{n}, " for n in range(len(model.derived)))
        rows, subtotals = _tuple(rows), _tuple(subtotals)
        items = f"({items[0]}, {items[1]})"
        add(f"    return gates, ({derived}), {rows}, {subtotals}, base, {items}, bonus, penalty, q")
        return "\n".join(lines)


def _clamp(x: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return low if x < low else high if x > high else x


def _table(ind: Indicator, enums: dict) -> dict:
    """The level or band table of ``ind`` for every case (``None`` when it has no ``by``)."""
    entries = ind.bands if ind.levels is None else ind.levels
    default = entries.get(DEFAULT_CASE)
    cases = {x: entries.get(x, default) for x in enums[ind.by]} if ind.by else {None: default}
    if ind.levels is not None:
        return {x: (lv.basic, lv.full, lv.full - lv.basic) for x, lv in cases.items()}
    return {
        x: (tuple(b.upper for b in bs[:-1]), tuple(cents(b.points) for b in bs), bs)
        for x, bs in cases.items()
    }


def _tuple(names: list[str]) -> str:
    return f"({', '.join(names)},)" if names else "()"


def _input_fields(rule: Ratio | Expression, derived: dict) -> tuple[str, ...]:
    """The inputs an indicator reads, through derived values, sorted."""
    out: list[str] = []
    todo, seen = sorted(rule.fields), set()
    while todo:
        name = todo.pop(0)
        if name not in seen:
            seen.add(name)
            if name in derived:
                todo = sorted(derived[name].value.fields) + todo
            else:
                out.append(name)
    return tuple(out)


class Record(NamedTuple):
    """What :func:`run` computed, by name; :class:`~.result.Result` reads it."""

    gates: tuple[bool, ...]
    derived: tuple  # value, zero denominator per derived value, flat
    rows: tuple  # ROW values per indicator, flat
    groups: tuple[Decimal, ...]
    base: Decimal
    items: tuple[tuple, tuple]  # bonus, penalty: raw, points, applies per item, flat
    bonus: Decimal
    penalty: Decimal
    quantitative: Decimal
    panel: PanelResult
    composite: Decimal | None
    recommendation: str
    steps: tuple | None  # code, subject and values of each step, flat (see messages.ARITY)


def run(plan: Plan, values: dict, totals: tuple[Decimal, ...], trace: bool) -> Record:
    """Evaluate one application (validated values) with the reviewers' totals."""
    steps = list(plan.head) if trace else None
    try:
        with localcontext(CONTEXT):
            scored = plan.score(values, steps)
            panel = aggregate(totals, plan.panel_rules) if totals else plan.no_panel
            (wq, wp), q, score = plan.weights, scored[-1], panel.score
            composite = None if score is None else cents(wq * q + wp * score)
    except ArithmeticError as exc:
        params = {"subject": plan.head[1], "error": type(exc).__name__}
        raise InputError([Problem("", "arithmetic", params)]) from None
    rec, minimum = plan.recommendation, None
    if not all(scored[0]):
        outcome, code = rec.when_ineligible, "recommendation_ineligible"
    elif composite is None:
        outcome, code = rec.when_no_panel, "recommendation_pending"
    else:
        band = next(b for b in rec.bands if b.minimum is None or composite >= b.minimum)
        outcome, minimum = band.outcome, band.minimum
        code = "recommendation_lowest" if minimum is None else "recommendation_band"
    if steps is not None:
        if composite is not None:
            dropped = panel.dropped_highest, panel.dropped_lowest
            dropped = dropped if any(dropped) else None  # type: ignore[assignment]
            steps += ("panel", "", len(totals), totals, dropped, panel.used, score)
            steps += ("composite", "", wq, q, wp, score, composite)
        else:
            steps += ("panel_none", "", len(totals), plan.minimum, "composite_none", "")
        steps += (code, "", rec.outcomes[outcome], composite, minimum)
    return Record(*scored, panel, composite, outcome, steps and tuple(steps))


# -- expert review -----------------------------------------------------------------------
class PanelResult(NamedTuple):
    """The panel score (``None`` with too few reviews) and how it was reached."""

    score: Decimal | None
    reviews: tuple[Decimal, ...]
    used: tuple[Decimal, ...]
    dropped_highest: tuple[Decimal, ...]
    dropped_lowest: tuple[Decimal, ...]
    rule: PanelRule | None


def _to_decimal(value: Any) -> Decimal | None:
    if isinstance(value, float):
        value = repr(value)
    elif isinstance(value, str) and not isinstance(value, NonFiniteNumber | HugeNumber):
        value = value.strip() if len(value) < 40 else "too long"
    elif isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_reviews(values: Iterable[Any], expert: ExpertReview) -> tuple[Decimal, ...]:
    """Check reviewers' totals (0..total, multiples of the step); raise :class:`InputError`."""
    totals, out = [], []
    for n, value in enumerate(values):
        number = _to_decimal(value)
        if number is None:
            code = "not_a_number"
        elif not 0 <= number <= expert.total:
            code = "out_of_range"
        elif not CONTEXT.remainder(number, expert.step).is_zero():
            code = "not_a_multiple"
        else:
            totals.append(number)
            continue
        name = Msg(FRAGMENTS["reviewer"], number=n + 1)
        params = {"name": name, "maximum": expert.total, "step": expert.step}
        out.append(Problem(f"reviews[{n}]", "review_" + code, params))
    if out:
        raise InputError(out)
    return tuple(totals)


def aggregate(reviews: tuple[Decimal, ...], rules: tuple[PanelRule, ...]) -> PanelResult:
    """Apply the first rule (largest ``min_reviews`` first) that the review count meets."""
    n = len(reviews)
    for rule in rules:
        if n >= rule.min_reviews:
            ordered, low, high = tuple(sorted(reviews)), rule.drop_lowest, n - rule.drop_highest
            used = ordered[low:high]
            score = cents(CONTEXT.divide(sum(used, Decimal(0)), Decimal(len(used))))
            return PanelResult(score, reviews, used, ordered[high:], ordered[:low], rule)
    return PanelResult(None, reviews, (), (), (), None)
