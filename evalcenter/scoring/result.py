"""The evaluation result: immutable, readable by name, JSON-serialisable, with its trace.

Everything is read from the evaluator's :class:`~.evaluate.Record`; the views
(``indicators``, ``gates`` ...) are built on first use and attach the rule file's
labels to those numbers. With fewer reviews than the smallest panel rule needs,
``panel.score`` and ``composite`` are ``None``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import messages
from .evaluate import ROW, PanelResult, Record, run
from .inputs import Application
from .messages import ARITY, FMT2, PLAIN, SHOW, Label, TraceStep, fmt2, json_ready
from .model import Band

if TYPE_CHECKING:
    from .ruleset import Ruleset

_READS = frozenset({"value", "value_zero_denominator"})


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

    def __init__(self, rs: Ruleset, app: Application, reviews: tuple, record: Record) -> None:
        self.__dict__.update(_rs=rs, application=app, reviews=reviews, _r=record)

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
    composite = property(lambda self: self._r.composite)
    recommendation = property(lambda self: self._r.recommendation)

    def value(self, indicator_id: str) -> Decimal:
        return self._r.rows[self._rs.plan.index[indicator_id] * ROW]

    def points(self, indicator_id: str) -> Decimal:
        return self._r.rows[self._rs.plan.index[indicator_id] * ROW + ROW - 1]

    @cached_property
    def gates(self) -> tuple[GateResult, ...]:
        return tuple(
            GateResult(g.id, g.label, ok, g.reason, g.require.source)
            for g, ok in zip(self._rs.model.gates, self._r.gates, strict=True)
        )

    @property
    def failed_gates(self) -> tuple[GateResult, ...]:
        return tuple(g for g in self.gates if not g.passed)

    @cached_property
    def groups(self) -> Mapping[str, Decimal]:
        ids = (g.id for g in self._rs.model.quantitative.groups)
        return MappingProxyType(dict(zip(ids, self._r.groups, strict=True)))

    @property
    def derived(self) -> Mapping[str, Decimal]:
        return MappingProxyType(dict(zip(self._rs.plan.derived, self._r.derived[::2])))  # noqa: B905

    @cached_property
    def bonus_items(self) -> Mapping[str, ItemResult]:
        return self._items(0)

    @cached_property
    def penalty_items(self) -> Mapping[str, ItemResult]:
        return self._items(1)

    def _items(self, which: int) -> Mapping[str, ItemResult]:
        items = (self._rs.model.bonus, self._rs.model.penalties)[which].items
        flat = self._r.items[which]
        return MappingProxyType(
            {
                i.id: ItemResult(i.id, i.label, *flat[3 * n : 3 * n + 2], i.cap, flat[3 * n + 2])
                for n, i in enumerate(items)
            }
        )

    @cached_property
    def indicators(self) -> Mapping[str, IndicatorResult]:
        out, data, rows = {}, self.application.values, self._r.rows
        for n, (gid, i, text, fields) in enumerate(self._rs.plan.indicators):
            v, zero, case, code, basic, full, band, points = rows[n * ROW : n * ROW + ROW]
            inputs = MappingProxyType({k: data[k] for k in fields})
            out[i.id] = IndicatorResult(
                i.id, gid, i.label, i.unit, i.weight, text, inputs, v, zero, case,
                basic, full, band, code[7:], points,
            )  # fmt: skip
        return MappingProxyType(out)

    def _records(self) -> list[tuple]:
        """Each step as a tuple: code, subject, values (inputs as (name, value) pairs)."""
        r, data = self._r, self.application._data
        if r.steps is None:
            r = run(self._rs.plan, data, self.reviews, True)
        points = r.rows[ROW - 1 :: ROW]
        sizes = [len(g.indicators) for g in self._rs.model.quantitative.groups]
        starts = [sum(sizes[:n]) for n in range(len(sizes))]
        groups = iter([points[a : a + size] for a, size in zip(starts, sizes)])  # noqa: B905
        parts = {"base": r.groups, "bonus": r.items[0][1::3], "penalty": r.items[1][1::3]}
        flat, out, at = r.steps, [], 0
        while at < len(flat):  # type: ignore[arg-type]
            end = at + ARITY[flat[at]]  # type: ignore[index]
            record = flat[at:end]  # type: ignore[index]
            code = record[0]
            if code in _READS:  # the last value names the inputs read
                record = (*record[:-1], tuple([(k, data[k]) for k in record[-1]]))
            elif code == "group":  # the parts summed are the indicators' points
                record = (*record[:3], next(groups), *record[4:])
            elif code in parts:
                record = (*record[:2], tuple(parts[code]), *record[3:])
            out.append(record)
            at = end
        return out

    @cached_property
    def trace(self) -> tuple[TraceStep, ...]:
        """Every step, in the order computed (recorded now if the evaluation skipped it)."""
        return tuple([TraceStep(r[0], r[1], r[2:]) for r in self._records()])

    def trace_text(self, translate: Any = None, chinese: bool = False) -> str:
        return "\n".join(messages.render_trace(self.trace, translate or (lambda s: s), chinese))

    # -- serialisation ----------------------------------------------------------------
    def to_dict(self, trace: bool = True, zh: Any = None) -> dict[str, Any]:
        """JSON-ready: numbers as strings with two decimals, the trace rendered in English
        (``text``) and, given a translate callable ``zh`` (e.g. ``catalogue()``), in Chinese."""
        r, model, plan = self._r, self._rs.model, self._rs.plan
        out: dict[str, Any] = {
            "ruleset": self.ruleset.to_dict(),
            "eligible": all(r.gates),
            "failed_gates": [g.id for g, ok in zip(model.gates, r.gates, strict=True) if not ok],
            "gate_results": [
                {"id": g.id, "passed": ok} for g, ok in zip(model.gates, r.gates, strict=True)
            ],
            "indicators": {},
            "indicator_details": {},
            "groups": {
                g.id: FMT2(v) for g, v in zip(model.quantitative.groups, r.groups, strict=True)
            },
            "base": FMT2(r.base),
            "bonus": FMT2(r.bonus),
            "bonus_items": _items(model.bonus.items, r.items[0]),
            "penalty": FMT2(r.penalty),
            "penalty_items": _items(model.penalties.items, r.items[1]),
            "quantitative": FMT2(r.quantitative),
            "panel": fmt2(r.panel.score),
            "panel_details": r.panel.to_dict(),
            "composite": fmt2(r.composite),
            "recommendation": r.recommendation,
            "recommendation_label": model.recommendation.outcomes[r.recommendation]._asdict(),
        }
        data, rows = self.application._data, r.rows
        for n, (gid, i, _, fields) in enumerate(plan.indicators):
            v, zero, case, code, basic, full, band, points = rows[n * ROW : n * ROW + ROW]
            out["indicators"][i.id] = shown = FMT2(points)
            detail = out["indicator_details"][i.id] = {
                "group": gid,
                "inputs": {k: _input(data[k]) for k in fields},
                "value": FMT2(v),
                "value_exact": str(v),
                "zero_denominator": zero,
                "case": case,
                "branch": code[7:],
                "points": shown,
            }
            if band is None:
                detail["basic"], detail["full"] = PLAIN(basic), PLAIN(full)
            else:
                detail["band"] = json_ready(band)
        if r.derived:
            out["derived"] = {k: SHOW(v) for k, v in zip(plan.derived, r.derived[::2])}  # noqa: B905
        if trace:
            records, render = self._records(), messages.render_records
            texts = render(records, messages.identity, False)
            out["trace"] = [
                {"code": r[0], "subject": r[1], "text": t}
                for r, t in zip(records, texts)  # noqa: B905
            ]
            for step, text in zip(out["trace"], render(records, zh, True) if zh else ()):  # noqa: B905
                step["text_zh"] = text
        return out

    def to_json(self, indent: int | None = 1, trace: bool = True, zh: Any = None) -> str:
        """JSON text; compact (no spaces) when ``indent`` is ``None``."""
        separators = (",", ":") if indent is None else None
        return json.dumps(
            self.to_dict(trace, zh), ensure_ascii=False, indent=indent, separators=separators
        )


def _input(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def _items(items: tuple, flat: tuple) -> dict[str, Any]:
    return {
        i.id: {
            "raw": FMT2(flat[3 * n]),
            "points": FMT2(flat[3 * n + 1]),
            "capped": i.cap is not None and flat[3 * n] > i.cap,
        }
        for n, i in enumerate(items)
    }
