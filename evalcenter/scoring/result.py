"""The evaluation result: immutable, readable by name, JSON-serialisable, with its trace.

Everything is read from the evaluator's :class:`~.evaluate.Record`; the views (``indicators``,
``gates`` ...) are built on first use. With fewer reviews than the smallest panel rule needs,
``panel.score`` and ``composite`` are ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .evaluate import ROW, PanelResult, Record, run
from .inputs import Application
from .messages import ARITY, FMT2, Label, TraceStep, fmt2
from .model import Band

if TYPE_CHECKING:
    from .ruleset import Ruleset

_PARTS = {"group": 3, "base": 2, "bonus": 2, "penalty": 2}  # where a sum's parts go


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

    bonus_items = cached_property(lambda self: self._items(0))
    penalty_items = cached_property(lambda self: self._items(1))

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

    def flat_trace(self) -> tuple[Any, list, Mapping[str, Any]]:
        """The steps laid out flat (recorded now if the evaluation skipped them), the parts of
        each sum, in order, which the steps leave out (None), and the data the steps read."""
        r = self._r
        if r.steps is None:
            r = run(self._rs.plan, self.application._data, self.reviews, True)
        points, at = r.rows[ROW - 1 :: ROW], 0
        sizes = [len(g.indicators) for g in self._rs.model.quantitative.groups]
        parts = [points[at : (at := at + size)] for size in sizes]
        sums = [*parts, r.groups, r.items[0][1::3], r.items[1][1::3]]
        return r.steps, sums, self.application._data

    def _records(self) -> list[tuple]:
        """Each step as a tuple: code, subject, values (inputs as (name, value) pairs)."""
        flat, sums, data = self.flat_trace()
        sums = iter(sums)
        out, at = [], 0
        while at < len(flat):
            code = flat[at]
            end = at + ARITY[code]
            if code in _PARTS:
                part = at + _PARTS[code]
                out.append((*flat[at:part], next(sums), *flat[part + 1 : end]))
            elif code.startswith("value"):  # the last value names the inputs read
                out.append((*flat[at : end - 1], tuple([(k, data[k]) for k in flat[end - 1]])))
            else:
                out.append(flat[at:end])
            at = end
        return out

    @cached_property
    def trace(self) -> tuple[TraceStep, ...]:
        """Every step, in the order computed (recorded now if the evaluation skipped it)."""
        return tuple([TraceStep(r[0], r[1], r[2:]) for r in self._records()])

    # -- serialisation ----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The numbers as strings with two decimals (:func:`evalcenter.explain.result_dict` adds
        the rendered trace)."""
        r, model = self._r, self._rs.model
        groups = model.quantitative.groups
        return {
            "ruleset": self._rs.ref.to_dict(),
            "eligible": all(r.gates),
            "failed_gates": [g.id for g, ok in zip(model.gates, r.gates) if not ok],  # noqa: B905
            "indicators": dict(zip(self._rs.plan.index, map(FMT2, r.rows[ROW - 1 :: ROW]))),  # noqa: B905
            "groups": {g.id: FMT2(v) for g, v in zip(groups, r.groups)},  # noqa: B905
            "base": FMT2(r.base),
            "bonus": FMT2(r.bonus),
            "penalty": FMT2(r.penalty),
            "quantitative": FMT2(r.quantitative),
            "panel": fmt2(r.panel.score),
            "composite": fmt2(r.composite),
            "recommendation": r.recommendation,
        }
