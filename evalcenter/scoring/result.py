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

from .decimal_math import show
from .evaluate import ROW, Record, run
from .inputs import Application
from .messages import ARITY, FMT2, PLAIN, Label, TraceStep, json_ready, render_both, render_trace
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
        return (
            f"Result({self._rs.id} v{self._rs.version}: quantitative={self.quantitative}, "
            f"composite={self.composite}, {self.recommendation})"
        )

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
        return self._view(
            "gates",
            lambda: tuple(
                GateResult(g.id, g.label, ok, g.reason, g.require.source)
                for g, ok in zip(self._rs.model.gates, self._r.gates, strict=True)
            ),
        )

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
        return MappingProxyType(
            {
                p.id: ItemResult(p.id, p.label, *flat[3 * n : 3 * n + 2], p.cap, flat[3 * n + 2])
                for n, p in enumerate(plans)
            }
        )

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
            out[p.id] = IndicatorResult(
                p.id,
                gid,
                p.label,
                p.unit,
                p.weight,
                p.formula,
                inputs,
                v,
                zero,
                "curve" if p.levels else "bands",
                case,
                basic,
                full,
                band,
                branch,
                points,
            )
        return MappingProxyType(out)

    @property
    def trace(self) -> tuple[TraceStep, ...]:
        """Every step, in the order computed (recorded now if the evaluation skipped it)."""
        return self._view("trace", self._trace)

    def _trace(self) -> tuple[TraceStep, ...]:
        flat = self._r.steps
        if flat is None:
            flat = run(self._rs.plan, self.application._data, self.reviews, True).steps
        out, at, new, size = [], 0, tuple.__new__, len(flat)  # type: ignore[arg-type]
        while at < size:
            code = flat[at]  # type: ignore[index]
            end = at + ARITY[code]
            out.append(new(TraceStep, (code, flat[at + 1], flat[at + 2 : end])))  # type: ignore[index]
            at = end
        return tuple(out)

    def trace_text(self, translate: Any = None, chinese: bool = False) -> str:
        return "\n".join(render_trace(self.trace, translate or (lambda s: s), chinese))

    # -- serialisation ----------------------------------------------------------------
    def to_dict(self, trace: bool = True, zh: Any = None) -> dict[str, Any]:
        """JSON-ready: numbers as strings with two decimals, the trace rendered in English
        (``text``) and, given a translate callable ``zh`` (e.g. ``catalogue()``), in Chinese."""
        r, rs = self._r, self._rs
        out: dict[str, Any] = {
            "ruleset": self.ruleset.to_dict(),
            "eligible": self.eligible,
            "failed_gates": [g.id for g in self.failed_gates],
            "gate_results": [
                {"id": g[0], "passed": ok} for g, ok in zip(rs.plan.gates, r.gates, strict=True)
            ],
            "indicators": {},
            "indicator_details": {},
            "groups": {g[0]: FMT2(v) for g, v in zip(rs.plan.groups, r.groups, strict=True)},
            "base": FMT2(r.base),
            "bonus": FMT2(r.bonus),
            "bonus_items": _items(rs.plan.sections[0][0], r.items[0]),
            "penalty": FMT2(r.penalty),
            "penalty_items": _items(rs.plan.sections[1][0], r.items[1]),
            "quantitative": FMT2(r.quantitative),
            "panel": _two(r.panel.score),
            "panel_details": r.panel.to_dict(),
            "composite": _two(r.composite),
            "recommendation": r.recommendation,
            "recommendation_label": rs.model.recommendation.outcomes[r.recommendation]._asdict(),
        }
        plans = [(gid, p) for gid, _, group in rs.plan.groups for p in group]
        data = self.application._data
        for n, (gid, p) in enumerate(plans):
            v, zero, case, branch, basic, full, band, points = r.rows[n * ROW : n * ROW + ROW]
            out["indicators"][p.id] = FMT2(points)
            detail = out["indicator_details"][p.id] = {
                "group": gid,
                "inputs": {k: _input(data[k]) for k in p.inputs},
                "value": FMT2(v),
                "value_exact": str(v),
                "zero_denominator": zero,
                "case": case,
                "branch": branch,
                "points": FMT2(points),
            }
            if band is None:
                detail["basic"], detail["full"] = PLAIN(basic), PLAIN(full)
            else:
                detail["band"] = json_ready(band)
        if r.derived:
            out["derived"] = {k: show(v) for k, (v, _) in r.derived.items()}
        if trace:
            steps = self.trace
            texts = render_both(steps, zh) if zh else [(t, None) for t in render_trace(steps)]
            out["trace"] = [
                {"code": s.code, "subject": s.subject, "text": en}
                if zh_text is None
                else {"code": s.code, "subject": s.subject, "text": en, "text_zh": zh_text}
                for s, (en, zh_text) in zip(steps, texts, strict=True)
            ]
        return out

    def to_json(self, indent: int | None = 1, trace: bool = True, zh: Any = None) -> str:
        return json.dumps(self.to_dict(trace, zh), ensure_ascii=False, indent=indent)


def _two(value: Decimal | None) -> str | None:
    return None if value is None else FMT2(value)


def _input(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _items(plans: tuple, flat: list) -> dict[str, Any]:
    return {
        p.id: {
            "raw": FMT2(flat[3 * n]),
            "points": FMT2(flat[3 * n + 1]),
            "capped": p.cap is not None and flat[3 * n] > p.cap,
        }
        for n, p in enumerate(plans)
    }
