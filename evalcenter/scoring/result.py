"""The evaluation result: immutable, readable by name, JSON-serialisable, with its trace.

Everything is read from the evaluator's :class:`~.evaluate.Record`; the views
(``indicators``, ``gates`` ...) only attach the rule file's labels to those
numbers. When fewer reviews than the smallest panel rule needs were given,
``panel.score`` and ``composite`` are ``None`` and the recommendation is the
"no panel" outcome -- unless the application is ineligible, which always wins.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .decimal_math import fmt2, plain, show
from .evaluate import ROW, Record, run
from .inputs import Application
from .messages import STEPS, Label, TraceStep, catalogue, render_trace
from .model import Band
from .panel import PanelResult

if TYPE_CHECKING:
    from .ruleset import Ruleset


@dataclass(frozen=True)
class RulesetRef:
    """Which rule file produced a result."""

    id: str
    version: int
    sha256: str
    effective_date: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class GateResult:
    id: str
    label: Label
    passed: bool
    reason: Label
    condition: str


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator: inputs read, computed value, levels or band used, and points."""

    id: str
    group: str
    label: Label
    unit: str | None
    weight: Decimal
    formula: str
    inputs: Mapping[str, Any]
    value: Decimal
    zero_denominator: bool
    method: str  # "curve" or "bands"
    case: str | None  # the value of the "by" input (e.g. the sector), if levels depend on it
    basic: Decimal | None
    full: Decimal | None
    band: Band | None
    branch: str  # full, between, up_to_basic, not_positive, band
    points: Decimal


@dataclass(frozen=True)
class ItemResult:
    """A bonus or penalty item: raw points, points after its cap, and whether it applied."""

    id: str
    label: Label
    raw: Decimal
    points: Decimal
    cap: Decimal | None
    applies: bool = True

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.raw > self.cap


class Result:
    """Everything one evaluation produced (immutable)."""

    __slots__ = ("_rs", "application", "reviews", "_r", "_cache")

    def __init__(self, rs: Ruleset, app: Application, reviews: tuple, record: Record) -> None:
        for name, value in zip(self.__slots__, (rs, app, reviews, record, {})):  # noqa: B905
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Result is immutable")

    def __repr__(self) -> str:
        return (f"Result({self._rs.id} v{self._rs.version}: quantitative={self.quantitative}, "
                f"composite={self.composite}, {self.recommendation})")  # fmt: skip

    ruleset = property(lambda self: self._rs.ref)
    eligible = property(lambda self: all(self._r.gates))
    base = property(lambda self: self._r.base)
    bonus = property(lambda self: self._r.bonus)
    penalty = property(lambda self: self._r.penalty)
    quantitative = property(lambda self: self._r.quantitative)
    panel: PanelResult = property(lambda self: self._r.panel)  # type: ignore[assignment]
    panel_score = property(lambda self: self._r.panel.score)
    composite = property(lambda self: self._r.composite)
    recommendation = property(lambda self: self._r.recommendation)

    def value(self, indicator_id: str) -> Decimal:
        return self._r.rows[self._rs.plan.index[indicator_id] * ROW]

    def points(self, indicator_id: str) -> Decimal:
        return self._r.rows[self._rs.plan.index[indicator_id] * ROW + ROW - 1]

    def _view(self, name: str, build: Any) -> Any:
        if name not in self._cache:
            self._cache[name] = build()
        return self._cache[name]

    @property
    def gates(self) -> tuple[GateResult, ...]:
        return self._view("gates", lambda: tuple(
            GateResult(g.id, g.label, ok, g.reason, g.require.source)
            for g, ok in zip(self._rs.model.gates, self._r.gates, strict=True)))  # fmt: skip

    @property
    def failed_gates(self) -> tuple[GateResult, ...]:
        return tuple(g for g in self.gates if not g.passed)

    @property
    def groups(self) -> Mapping[str, Decimal]:
        ids = (g[0] for g in self._rs.plan.groups)
        return self._view("groups", lambda: MappingProxyType(dict(zip(ids, self._r.groups))))  # noqa: B905

    @property
    def derived(self) -> Mapping[str, Decimal]:
        return MappingProxyType({k: v for k, (v, _) in self._r.derived.items()})

    @property
    def bonus_items(self) -> Mapping[str, ItemResult]:
        return self._view("bonus_items", lambda: self._items(0))

    @property
    def penalty_items(self) -> Mapping[str, ItemResult]:
        return self._view("penalty_items", lambda: self._items(1))

    def _items(self, which: int) -> Mapping[str, ItemResult]:
        plans = self._rs.plan.sections[which][0]
        flat = self._r.items[which]
        return MappingProxyType({p.id: ItemResult(p.id, p.label, *flat[3 * n:3 * n + 2], p.cap, flat[3 * n + 2])
                                 for n, p in enumerate(plans)})  # fmt: skip

    @property
    def indicators(self) -> Mapping[str, IndicatorResult]:
        return self._view("indicators", self._indicators)

    def _indicators(self) -> Mapping[str, IndicatorResult]:
        out, data = {}, self.application.values
        plans = [(gid, ind) for gid, _, inds in self._rs.plan.groups for ind in inds]
        rows = self._r.rows
        for n, (gid, p) in enumerate(plans):
            v, zero, case, branch, basic, full, band, points = rows[n * ROW : n * ROW + ROW]
            inputs = MappingProxyType({k: data[k] for k in p.inputs})
            out[p.id] = IndicatorResult(p.id, gid, p.label, p.unit, p.weight, p.formula, inputs, v,
                                        zero, "curve" if p.levels else "bands", case, basic, full,
                                        band, branch, points)  # fmt: skip
        return MappingProxyType(out)

    @property
    def trace(self) -> tuple[TraceStep, ...]:
        """Every step, in the order computed (recorded now if the evaluation skipped it)."""
        return self._view("trace", self._trace)

    def _trace(self) -> tuple[TraceStep, ...]:
        flat = self._r.steps
        if flat is None:
            flat = run(self._rs.plan, self.application._data, self.reviews, True).steps
        out, at, new = [], 0, tuple.__new__
        while at < len(flat):  # type: ignore[arg-type]
            code = flat[at]  # type: ignore[index]
            end = at + 2 + len(STEPS[code][1])
            out.append(new(TraceStep, (code, flat[at + 1], tuple(flat[at + 2 : end]))))  # type: ignore[index]
            at = end
        return tuple(out)

    def trace_text(self, translate: Any = None, chinese: bool = False) -> str:
        return "\n".join(render_trace(self.trace, translate or (lambda s: s), chinese))

    # -- serialisation ----------------------------------------------------------------
    def to_dict(self, trace: bool = True) -> dict[str, Any]:
        """JSON-ready; numbers as strings with two decimals; the trace rendered in both languages."""
        outcome = self._rs.model.recommendation.outcomes[self.recommendation]
        out: dict[str, Any] = {
            "ruleset": self.ruleset.to_dict(),
            "eligible": self.eligible,
            "failed_gates": [g.id for g in self.failed_gates],
            "gate_results": [
                {
                    "id": g.id,
                    "passed": g.passed,
                    "label_en": g.label.en,
                    "label_zh": g.label.zh,
                    "reason_en": g.reason.en,
                    "reason_zh": g.reason.zh,
                    "condition": g.condition,
                }
                for g in self.gates
            ],  # fmt: skip
            "indicators": {k: fmt2(r.points) for k, r in self.indicators.items()},
            "indicator_details": {k: _indicator(r) for k, r in self.indicators.items()},
            "groups": {k: fmt2(v) for k, v in self.groups.items()},
            "base": fmt2(self.base),
            "bonus": fmt2(self.bonus),
            "bonus_items": {k: _item(v) for k, v in self.bonus_items.items()},
            "penalty": fmt2(self.penalty),
            "penalty_items": {k: _item(v) for k, v in self.penalty_items.items()},
            "quantitative": fmt2(self.quantitative),
            "panel": fmt2(self.panel.score),
            "panel_details": self.panel.to_dict(),
            "composite": fmt2(self.composite),
            "recommendation": self.recommendation,
            "recommendation_label": {"en": outcome.en, "zh": outcome.zh},
        }
        if self._r.derived:
            out["derived"] = {k: show(v) for k, v in self.derived.items()}
        if trace:
            steps = self.trace
            english = render_trace(steps)
            chinese = render_trace(steps, catalogue("zh_CN"), True)
            out["trace"] = [dict(s.to_dict(), text=en, text_zh=zh)
                            for s, en, zh in zip(steps, english, chinese)]  # noqa: B905  # fmt: skip
        return out

    def to_json(self, indent: int | None = 1, trace: bool = True) -> str:
        return json.dumps(self.to_dict(trace=trace), ensure_ascii=False, indent=indent)


def _indicator(r: IndicatorResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "group": r.group, "label_en": r.label.en, "label_zh": r.label.zh, "unit": r.unit,
        "weight": fmt2(r.weight), "formula": r.formula,
        "inputs": {k: _input(v) for k, v in r.inputs.items()}, "value": fmt2(r.value),
        "value_exact": str(r.value), "zero_denominator": r.zero_denominator, "method": r.method,
        "case": r.case, "branch": r.branch, "points": fmt2(r.points),
    }  # fmt: skip
    if r.band is None:
        out["basic"], out["full"] = plain(r.basic), plain(r.full)  # type: ignore[arg-type]
    else:
        low, high = r.band.lower, r.band.upper
        out["band"] = {"from": None if low is None else plain(low),
                       "below": None if high is None else plain(high), "points": fmt2(r.band.points)}  # fmt: skip
    return out


def _input(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain(value) if value.as_tuple().exponent == 0 else str(value)
    return value


def _item(item: ItemResult) -> dict[str, Any]:
    return {"raw": fmt2(item.raw), "points": fmt2(item.points), "capped": item.capped}
