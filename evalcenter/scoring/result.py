"""The evaluation result: immutable, JSON-serialisable, with a step-by-step trace.

The generated function records every number once; the richer views
(``indicators``, ``gates``, ``trace`` ...) are built from that record on first
access and cached. Numbers are ``Decimal``; :meth:`Result.to_dict` gives
strings with two decimals.

When fewer reviews than the smallest panel rule needs have been submitted,
``panel`` and ``composite`` are ``None`` and ``recommendation`` is the
ruleset's "no panel" outcome (``pending``) -- unless the application is
ineligible, which is known without the panel and always wins.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import compiler as L
from .decimal_math import fmt2, plain
from .inputs import Application
from .model import DEFAULT_CASE, Band, Label
from .panel import PanelResult
from .trace import TraceStep, show, step

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
        return {
            "id": self.id,
            "version": self.version,
            "sha256": self.sha256,
            "effective_date": self.effective_date,
        }


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
    """A bonus or penalty item: raw points, points after its cap, and whether it was capped."""

    id: str
    label: Label
    raw: Decimal
    points: Decimal
    cap: Decimal | None

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.raw > self.cap


def _show_input(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain(value) if value.as_tuple().exponent == 0 else str(value)
    return value


class Result:
    """Everything one evaluation produced (immutable)."""

    __slots__ = ("_rs", "application", "_raw", "panel", "composite", "recommendation", "_cache")

    def __init__(
        self,
        rs: Ruleset,
        application: Application,
        raw: tuple,
        panel: PanelResult,
        composite: Decimal | None,
        recommendation: str,
    ) -> None:
        setter = object.__setattr__
        setter(self, "_rs", rs)
        setter(self, "application", application)
        setter(self, "_raw", raw)
        setter(self, "panel", panel)
        setter(self, "composite", composite)
        setter(self, "recommendation", recommendation)
        setter(self, "_cache", {})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Result is immutable")

    def __repr__(self) -> str:
        return (
            f"Result({self._rs.id} v{self._rs.version}: quantitative={self.quantitative}, "
            f"composite={self.composite}, {self.recommendation})"
        )

    # -- scalar results ---------------------------------------------------------
    @property
    def ruleset(self) -> RulesetRef:
        return self._rs.ref

    @property
    def eligible(self) -> bool:
        return all(self._raw[L.GATES])

    @property
    def base(self) -> Decimal:
        return self._raw[L.BASE]

    @property
    def bonus(self) -> Decimal:
        return self._raw[L.BONUS]

    @property
    def penalty(self) -> Decimal:
        return self._raw[L.PENALTY]

    @property
    def quantitative(self) -> Decimal:
        return self._raw[L.QUANTITATIVE]

    @property
    def panel_score(self) -> Decimal | None:
        return self.panel.score

    def points(self, indicator_id: str) -> Decimal:
        return self._raw[L.POINTS][self._rs.plan.indicator_index[indicator_id]]

    def value(self, indicator_id: str) -> Decimal:
        return self._raw[L.VALUES][self._rs.plan.indicator_index[indicator_id]]

    # -- views -------------------------------------------------------------------
    def _cached(self, name: str, build: Any) -> Any:
        if name not in self._cache:
            self._cache[name] = build()
        return self._cache[name]

    @property
    def gates(self) -> tuple[GateResult, ...]:
        return self._cached(
            "gates",
            lambda: tuple(
                GateResult(g.id, g.label, passed, g.reason, g.require.source)
                for g, passed in zip(self._rs.model.gates, self._raw[L.GATES], strict=True)
            ),
        )

    @property
    def failed_gates(self) -> tuple[GateResult, ...]:
        return tuple(g for g in self.gates if not g.passed)

    @property
    def groups(self) -> Mapping[str, Decimal]:
        return self._cached(
            "groups",
            lambda: MappingProxyType(
                dict(
                    zip((g.id for g in self._rs.model.groups), self._raw[L.SUBTOTALS], strict=True)
                )
            ),
        )

    @property
    def derived(self) -> Mapping[str, Decimal]:
        return self._cached(
            "derived",
            lambda: MappingProxyType(
                dict(zip((d.id for d in self._rs.model.derived), self._raw[L.DVALUES], strict=True))
            ),
        )

    @property
    def bonus_items(self) -> Mapping[str, ItemResult]:
        return self._cached(
            "bonus_items",
            lambda: self._items(self._rs.model.bonus.items, L.BONUS_RAW, L.BONUS_ITEMS),
        )

    @property
    def penalty_items(self) -> Mapping[str, ItemResult]:
        return self._cached(
            "penalty_items",
            lambda: self._items(self._rs.model.penalties.items, L.PENALTY_RAW, L.PENALTY_ITEMS),
        )

    def _items(self, items: tuple, raw_at: int, points_at: int) -> Mapping[str, ItemResult]:
        return MappingProxyType(
            {
                item.id: ItemResult(item.id, item.label, raw, points, item.cap)
                for item, raw, points in zip(
                    items, self._raw[raw_at], self._raw[points_at], strict=True
                )
            }
        )

    @property
    def indicators(self) -> Mapping[str, IndicatorResult]:
        return self._cached("indicators", self._build_indicators)

    def _build_indicators(self) -> Mapping[str, IndicatorResult]:
        out = {}
        data = self.application.values
        raw = self._raw
        for ind in self._rs.model.indicators:
            n = self._rs.plan.indicator_index[ind.id]
            value, points = raw[L.VALUES][n], raw[L.POINTS][n]
            case = data[ind.by] if ind.by else None
            key = case if ind.by and case in (ind.levels or ind.bands or {}) else DEFAULT_CASE
            basic = full = band = None
            if ind.levels is not None:
                levels = ind.levels[key]
                basic, full = levels.basic, levels.full
                branch = (
                    "full"
                    if value >= full
                    else "between"
                    if value > basic
                    else "up_to_basic"
                    if value > 0
                    else "not_positive"
                )
            else:
                assert ind.bands is not None
                branch = "band"
                band = next(b for b in ind.bands[key] if b.upper is None or value < b.upper)
            out[ind.id] = IndicatorResult(
                id=ind.id,
                group=ind.group,
                label=ind.label,
                unit=ind.unit,
                weight=ind.weight,
                formula=ind.value.describe(),
                inputs=MappingProxyType({k: data[k] for k in self._rs.indicator_fields[ind.id]}),
                value=value,
                zero_denominator=raw[L.ZEROS][n],
                method=ind.method,
                case=case,
                basic=basic,
                full=full,
                band=band,
                branch=branch,
                points=points,
            )
        return MappingProxyType(out)

    # -- trace ---------------------------------------------------------------------
    @property
    def trace(self) -> tuple[TraceStep, ...]:
        return self._cached("trace", self._build_trace)

    def trace_text(self) -> str:
        return "\n".join(s.text for s in self.trace)

    def _build_trace(self) -> tuple[TraceStep, ...]:
        rs, model = self._rs, self._rs.model
        ref = rs.ref
        steps = [
            step(
                "ruleset",
                ref.id,
                id=ref.id,
                version=ref.version,
                effective_date=ref.effective_date,
                sha256=ref.sha256[:12],
            )
        ]
        for gate in self.gates:
            if gate.passed:
                steps.append(
                    step("gate_passed", gate.id, label=gate.label.en, label_zh=gate.label.zh)
                )
            else:
                steps.append(
                    step("gate_failed", gate.id, reason=gate.reason.en, reason_zh=gate.reason.zh)
                )
        if self.eligible:
            steps.append(step("eligible", count=len(self.gates)))
        else:
            steps.append(step("ineligible", failed=", ".join(g.id for g in self.failed_gates)))
        data = self.application.values
        for d, value, zero in zip(
            model.derived, self._raw[L.DVALUES], self._raw[L.DZERO], strict=True
        ):
            if zero:
                assert d.value.ratio is not None
                den = d.value.ratio.denominator
                steps.append(
                    step(
                        "derived_zero_denominator",
                        d.id,
                        value=show(value),
                        denominator=den.source,
                        den_value=show(den.evaluate({**data, **self.derived})),
                    )
                )
            else:
                steps.append(step("derived", d.id, formula=d.value.describe(), value=show(value)))
        parts_of: dict[str, list[str]] = {}
        for ind in model.indicators:
            r = self.indicators[ind.id]
            parts_of.setdefault(ind.group, []).append(fmt2(r.points) or "")
            inputs = ", ".join(f"{k} = {_show_input(v)}" for k, v in r.inputs.items())
            inputs = f" ({inputs})" if inputs else ""
            if r.zero_denominator:
                assert ind.value.ratio is not None
                den = ind.value.ratio.denominator
                steps.append(
                    step(
                        "value_zero_denominator",
                        ind.id,
                        label=ind.label.en,
                        label_zh=ind.label.zh,
                        value=show(r.value),
                        denominator=den.source,
                        den_value=show(den.evaluate({**data, **self.derived})),
                        inputs=inputs,
                    )
                )
            else:
                unit = f" {ind.unit}" if ind.unit else ""
                steps.append(
                    step(
                        "value",
                        ind.id,
                        label=ind.label.en,
                        label_zh=ind.label.zh,
                        formula=r.formula,
                        value=show(r.value),
                        unit=unit,
                        inputs=inputs,
                    )
                )
            case = f" (for {ind.by} {r.case})" if ind.by else ""
            case_zh = f"（{ind.by} 为 {r.case}）" if ind.by else ""
            common = {
                "value": show(r.value),
                "points": fmt2(r.points),
                "case": case,
                "case_zh": case_zh,
            }
            if r.branch == "band":
                assert r.band is not None
                low = "−∞" if r.band.lower is None else plain(r.band.lower)
                high = "∞" if r.band.upper is None else plain(r.band.upper)
                steps.append(step("points_band", ind.id, band=f"[{low}, {high})", **common))
            else:
                steps.append(
                    step(
                        f"points_{r.branch}",
                        ind.id,
                        basic=show(r.basic),
                        full=show(r.full),
                        weight=plain(r.weight),
                        at_basic=plain(model.at_basic),
                        rest=plain(1 - model.at_basic),
                        **common,
                    )
                )
        for group in model.groups:
            steps.append(
                step(
                    "group",
                    group.id,
                    label=group.label.en,
                    label_zh=group.label.zh,
                    parts=" + ".join(parts_of[group.id]),
                    total=fmt2(self.groups[group.id]),
                )
            )
        steps.append(
            step(
                "base",
                parts=" + ".join(fmt2(v) or "" for v in self.groups.values()),
                total=fmt2(self.base),
            )
        )
        for kind, items, section, total in (
            ("bonus", self.bonus_items, model.bonus, self.bonus),
            ("penalty", self.penalty_items, model.penalties, self.penalty),
        ):
            for item, spec in zip(items.values(), section.items, strict=True):
                if (
                    spec.when is not None
                    and item.raw == 0
                    and not spec.when.evaluate({**data, **self.derived})
                ):
                    steps.append(
                        step(
                            "item_not_applicable",
                            item.id,
                            label=item.label.en,
                            label_zh=item.label.zh,
                            points=fmt2(item.points),
                        )
                    )
                    continue
                capped = f" (capped at {plain(item.cap)})" if item.capped and item.cap else ""
                capped_zh = f"（上限 {plain(item.cap)}）" if capped else ""
                steps.append(
                    step(
                        "item",
                        item.id,
                        label=item.label.en,
                        label_zh=item.label.zh,
                        raw=show(item.raw),
                        capped=capped,
                        capped_zh=capped_zh,
                        points=fmt2(item.points),
                    )
                )
            total_sum = sum((i.points for i in items.values()), Decimal("0.00"))
            capped = (
                f" (capped at {plain(section.cap)})"
                if section.cap is not None and total_sum > section.cap
                else ""
            )
            steps.append(
                step(
                    kind,
                    parts=" + ".join(fmt2(i.points) or "" for i in items.values()) or "0.00",
                    sum=fmt2(total_sum),
                    capped=capped,
                    capped_zh=f"（上限 {plain(section.cap)}）" if capped else "",
                    total=fmt2(total),
                )
            )
        low, high = model.clamp
        steps.append(
            step(
                "quantitative",
                base=fmt2(self.base),
                bonus=fmt2(self.bonus),
                penalty=fmt2(self.penalty),
                low=plain(low),
                high=plain(high),
                total=fmt2(self.quantitative),
            )
        )
        panel = self.panel
        if panel.score is None:
            minimum = min(r.min_reviews for r in model.expert.panel_rules)
            steps.append(step("panel_none", count=len(panel.reviews), minimum=minimum))
            steps.append(step("composite_none"))
        else:
            dropped = dropped_zh = ""
            if panel.dropped_highest or panel.dropped_lowest:
                highest = ", ".join(fmt2(x) or "" for x in panel.dropped_highest)
                lowest = ", ".join(fmt2(x) or "" for x in panel.dropped_lowest)
                dropped = f"dropped highest {highest} and lowest {lowest}; "
                dropped_zh = f"去掉最高分 {highest} 和最低分 {lowest}；"
            steps.append(
                step(
                    "panel",
                    count=len(panel.reviews),
                    reviews="(" + ", ".join(plain(r) for r in panel.reviews) + ")",
                    dropped=dropped,
                    dropped_zh=dropped_zh,
                    used=", ".join(fmt2(x) or "" for x in panel.used),
                    score=fmt2(panel.score),
                )
            )
            wq, wp = model.composite_weights
            steps.append(
                step(
                    "composite",
                    w_quantitative=plain(wq),
                    w_panel=plain(wp),
                    quantitative=fmt2(self.quantitative),
                    panel=fmt2(panel.score),
                    composite=fmt2(self.composite),
                )
            )
        outcome_label = model.recommendation.outcomes[self.recommendation]
        why, why_zh = self._why()
        steps.append(
            step(
                "recommendation",
                outcome=self.recommendation,
                outcome_zh=outcome_label.zh,
                why=why,
                why_zh=why_zh,
            )
        )
        return tuple(steps)

    def _why(self) -> tuple[str, str]:
        rec = self._rs.model.recommendation
        if not self.eligible:
            return "not eligible", "不符合资格条件"
        if self.composite is None:
            return "no panel score yet", "尚无专家组得分"
        composite = fmt2(self.composite)
        for band in rec.bands:
            if band.outcome == self.recommendation and band.minimum is not None:
                limit = plain(band.minimum)
                return f"composite {composite} ≥ {limit}", f"综合得分 {composite} ≥ {limit}"
        return (
            f"composite {composite} below every threshold",
            f"综合得分 {composite} 低于各档分数线",
        )

    # -- serialisation ---------------------------------------------------------------
    def to_dict(self, trace: bool = True) -> dict[str, Any]:
        """JSON-ready dict; numbers as strings with two decimals."""
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
            ],
            "indicators": {k: fmt2(r.points) for k, r in self.indicators.items()},
            "indicator_details": {k: _indicator_dict(r) for k, r in self.indicators.items()},
            "groups": {k: fmt2(v) for k, v in self.groups.items()},
            "base": fmt2(self.base),
            "bonus": fmt2(self.bonus),
            "bonus_items": {k: _item_dict(v) for k, v in self.bonus_items.items()},
            "penalty": fmt2(self.penalty),
            "penalty_items": {k: _item_dict(v) for k, v in self.penalty_items.items()},
            "quantitative": fmt2(self.quantitative),
            "panel": fmt2(self.panel.score),
            "panel_details": self.panel.to_dict(),
            "composite": fmt2(self.composite),
            "recommendation": self.recommendation,
            "recommendation_label": {"en": outcome.en, "zh": outcome.zh},
        }
        if self._rs.model.derived:
            out["derived"] = {k: show(v) for k, v in self.derived.items()}
        if trace:
            out["trace"] = [s.to_dict() for s in self.trace]
        return out

    def to_json(self, indent: int | None = 1, trace: bool = True) -> str:
        return json.dumps(self.to_dict(trace=trace), ensure_ascii=False, indent=indent)


def _indicator_dict(r: IndicatorResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "group": r.group,
        "label_en": r.label.en,
        "label_zh": r.label.zh,
        "unit": r.unit,
        "weight": fmt2(r.weight),
        "formula": r.formula,
        "inputs": {k: _show_input(v) for k, v in r.inputs.items()},
        "value": fmt2(r.value),
        "value_exact": str(r.value),
        "zero_denominator": r.zero_denominator,
        "method": r.method,
        "case": r.case,
        "branch": r.branch,
        "points": fmt2(r.points),
    }
    if r.method == "curve":
        out["basic"], out["full"] = plain(r.basic), plain(r.full)  # type: ignore[arg-type]
    else:
        assert r.band is not None
        out["band"] = {
            "from": None if r.band.lower is None else plain(r.band.lower),
            "below": None if r.band.upper is None else plain(r.band.upper),
            "points": fmt2(r.band.points),
        }
    return out


def _item_dict(item: ItemResult) -> dict[str, Any]:
    return {"raw": fmt2(item.raw), "points": fmt2(item.points), "capped": item.capped}
