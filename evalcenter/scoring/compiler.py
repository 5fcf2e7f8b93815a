"""Compile a validated ruleset into one straight-line Python function.

The function takes the normalised input values (a dict) and returns a flat
tuple of every number the evaluation produces (see :class:`Plan` for the
layout). It is generated once per rule file from the checked expression trees
(never from rule-file text), compiled with ``compile()`` and executed in a
namespace without builtins. Formulas keep the indicator system's order of
operations so results equal a direct Decimal implementation digit for digit.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .decimal_math import CENT, HALF_UP, ZERO, cents
from .expressions import HELPERS, Expression
from .model import DEFAULT_CASE, AdjustmentSection, Indicator, RulesetModel, ValueRule

# Positions in the tuple returned by the generated function.
GATES, DVALUES, DZERO, VALUES, ZEROS, POINTS, SUBTOTALS, BASE = range(8)
BONUS_RAW, BONUS_ITEMS, BONUS, PENALTY_RAW, PENALTY_ITEMS, PENALTY, QUANTITATIVE = range(8, 15)


@dataclass(frozen=True)
class Plan:
    """A compiled ruleset: the generated function, its source and the output layout."""

    function: Callable[[dict[str, Any]], tuple]
    source: str
    indicator_index: dict[str, int]
    group_index: dict[str, int]
    derived_index: dict[str, int]


class _Generator:
    def __init__(self, model: RulesetModel) -> None:
        self.model = model
        self.namespace: dict[str, Any] = {
            "__builtins__": {},
            "ZERO": ZERO,
            "CENT": CENT,
            "HALF_UP": HALF_UP,
            "_bisect": bisect_right,
            **HELPERS,
        }
        self.pool: dict[tuple, str] = {}
        self.lines: list[str] = []
        self.names: dict[str, str] = {}

    def const(self, value: Any) -> str:
        if isinstance(value, frozenset):
            key: tuple = (
                "set",
                tuple(sorted(map(str, value))),
                tuple(sorted(map(type, value), key=str)),
            )
        elif isinstance(value, Decimal):
            key = ("dec", str(value))
        else:
            key = (type(value).__name__, repr(value))
        name = self.pool.get(key)
        if name is None:
            name = f"K{len(self.pool)}"
            self.pool[key] = name
            self.namespace[name] = value
        return name

    def name(self, field: str) -> str:
        return self.names[field]

    def expr(self, expression: Expression) -> str:
        return expression.to_python(self.name, self.const)

    def emit(self, line: str, indent: int = 1) -> None:
        self.lines.append("    " * indent + line)

    def value(self, rule: ValueRule, var: str, zero_var: str) -> None:
        if rule.ratio is None:
            assert rule.expression is not None
            self.emit(f"{var} = {self.expr(rule.expression)}")
            self.emit(f"{zero_var} = False")
            return
        r = rule.ratio
        times = "" if r.times == 1 else f" * {self.const(r.times)}"
        self.emit(f"_q = {self.expr(r.denominator)}")
        self.emit("if _q > ZERO:")
        self.emit(f"{var} = {self.expr(r.numerator)} / _q{times}", 2)
        self.emit(f"{zero_var} = False", 2)
        self.emit("else:")
        self.emit(f"{var} = {self.const(r.if_not_positive)}", 2)
        self.emit(f"{zero_var} = True", 2)

    def by_table(self, ind: Indicator, table: dict[str, Any]) -> dict[str, Any]:
        spec = next(s for s in self.model.inputs if s.key == ind.by)
        return {case: table.get(case, table.get(DEFAULT_CASE)) for case in spec.values}

    def points(self, ind: Indicator, v: str, p: str) -> None:
        w = self.const(ind.weight)
        wq = self.const(cents(ind.weight))
        if ind.levels is not None:
            if ind.by is None:
                levels = ind.levels[DEFAULT_CASE]
                b, f = self.const(levels.basic), self.const(levels.full)
                fb = self.const(levels.full - levels.basic)
            else:
                table = {
                    k: (lv.basic, lv.full, lv.full - lv.basic)
                    for k, lv in self.by_table(ind, dict(ind.levels)).items()
                }
                self.emit(f"_b, _f, _fb = {self.const(_Frozen(table))}[{self.name(ind.by)}]")
                b, f, fb = "_b", "_f", "_fb"
            s = self.const(self.model.at_basic)
            t = self.const(1 - self.model.at_basic)
            self.emit(f"if {v} >= {f}:")
            self.emit(f"{p} = {wq}", 2)
            self.emit(f"elif {v} > {b}:")
            self.emit(f"{p} = ({w} * ({s} + {t} * ({v} - {b}) / {fb})).quantize(CENT, HALF_UP)", 2)
            self.emit(f"elif {v} > ZERO:")
            self.emit(f"{p} = ({s} * {w} * {v} / {b}).quantize(CENT, HALF_UP)", 2)
            self.emit("else:")
            self.emit(f"{p} = ZERO", 2)
            return
        assert ind.bands is not None

        def layout(bands: tuple) -> tuple[tuple, tuple]:
            return (tuple(b.upper for b in bands[:-1]), tuple(cents(b.points) for b in bands))

        if ind.by is None:
            uppers, pts = layout(ind.bands[DEFAULT_CASE])
            self.emit(f"{p} = {self.const(pts)}[_bisect({self.const(uppers)}, {v})]")
        else:
            table = {k: layout(bands) for k, bands in self.by_table(ind, dict(ind.bands)).items()}
            self.emit(f"_u, _p = {self.const(_Frozen(table))}[{self.name(ind.by)}]")
            self.emit(f"{p} = _p[_bisect(_u, {v})]")

    def adjustments(self, section: AdjustmentSection, prefix: str) -> tuple[str, str, str]:
        raws, items = [], []
        for index, item in enumerate(section.items):
            raw, val = f"{prefix}r{index}", f"{prefix}e{index}"
            points = self.expr(item.points)
            if item.when is not None:
                self.emit(f"{raw} = {points} if {self.expr(item.when)} else ZERO")
            else:
                self.emit(f"{raw} = {points}")
            if item.cap is not None:
                cap, capq = self.const(item.cap), self.const(cents(item.cap))
                self.emit(
                    f"{val} = ZERO if {raw} <= ZERO else {capq} if {raw} >= {cap} else "
                    f"{raw}.quantize(CENT, HALF_UP)"
                )
            else:
                self.emit(f"{val} = ZERO if {raw} <= ZERO else {raw}.quantize(CENT, HALF_UP)")
            raws.append(raw)
            items.append(val)
        total = f"{prefix}total"
        self.emit(f"{total} = {' + '.join(items) or 'ZERO'}")
        if section.cap is not None:
            cap = self.const(cents(section.cap))
            self.emit(f"{total} = {cap} if {total} > {cap} else {total}")
        return _tuple(raws), _tuple(items), total

    def build(self) -> Plan:
        m = self.model
        used: set[str] = set()
        expressions: list[Expression] = [g.require for g in m.gates]
        rules = [d.value for d in m.derived] + [i.value for i in m.indicators]
        for rule in rules:
            if rule.ratio:
                expressions += [rule.ratio.numerator, rule.ratio.denominator]
            elif rule.expression:
                expressions.append(rule.expression)
        for section in (m.bonus, m.penalties):
            for item in section.items:
                expressions += [item.points] + ([item.when] if item.when else [])
        for expression in expressions:
            used |= expression.fields
        used |= {i.by for i in m.indicators if i.by}
        self.emit("def evaluate(d):", 0)
        for index, spec in enumerate(m.inputs):
            if spec.key in used:
                self.names[spec.key] = f"i{index}"
                self.emit(f"i{index} = d[{spec.key!r}]")
        for index, derived in enumerate(m.derived):
            self.value(derived.value, f"dv{index}", f"dz{index}")
            self.names[derived.id] = f"dv{index}"
        gates = []
        for index, gate in enumerate(m.gates):
            self.emit(f"g{index} = {self.expr(gate.require)}")
            gates.append(f"g{index}")
        values, zeros, points, subtotals = [], [], [], []
        indicator_index: dict[str, int] = {}
        for gi, group in enumerate(m.groups):
            group_points = []
            for ind in group.indicators:
                n = len(values)
                indicator_index[ind.id] = n
                v, z, p = f"v{n}", f"z{n}", f"p{n}"
                self.value(ind.value, v, z)
                self.points(ind, v, p)
                values.append(v)
                zeros.append(z)
                points.append(p)
                group_points.append(p)
            self.emit(f"s{gi} = {' + '.join(group_points)}")
            subtotals.append(f"s{gi}")
        self.emit(f"base = {' + '.join(subtotals)}")
        braw, bitems, btotal = self.adjustments(m.bonus, "b")
        praw, pitems, ptotal = self.adjustments(m.penalties, "n")
        low, high = (self.const(cents(x)) for x in m.clamp)
        self.emit(f"q = base + {btotal} - {ptotal}")
        self.emit(f"q = {low} if q < {low} else {high} if q > {high} else q")
        outputs = [
            _tuple(gates), _tuple(f"dv{i}" for i in range(len(m.derived))),
            _tuple(f"dz{i}" for i in range(len(m.derived))), _tuple(values), _tuple(zeros),
            _tuple(points), _tuple(subtotals), "base", braw, bitems, btotal, praw, pitems,
            ptotal, "q",
        ]  # fmt: skip
        self.emit(f"return ({', '.join(outputs)})")
        source = "\n".join(self.lines) + "\n"
        code = compile(source, f"<ruleset {m.id} v{m.version}>", "exec")
        exec(code, self.namespace)  # noqa: S102 -- generated from checked trees only
        return Plan(
            function=self.namespace["evaluate"],
            source=source,
            indicator_index=indicator_index,
            group_index={g.id: i for i, g in enumerate(m.groups)},
            derived_index={d.id: i for i, d in enumerate(m.derived)},
        )


class _Frozen(dict):
    """A dict used as a pooled constant (keyed by identity)."""

    __hash__ = object.__hash__  # type: ignore[assignment]


def _tuple(names: Any) -> str:
    names = list(names)
    if not names:
        return "()"
    return "(" + ", ".join(names) + ",)"


def compile_model(model: RulesetModel) -> Plan:
    """Generate and compile the evaluation function of ``model``."""
    return _Generator(model).build()
