"""The parsed, validated form of a rule file (immutable dataclasses)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .expressions import Expression

EMPTY: Mapping[str, Any] = MappingProxyType({})
DEFAULT_CASE = "default"


@dataclass(frozen=True)
class Label:
    """A bilingual name or message."""

    en: str
    zh: str

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class InputSpec:
    """One key of the application data: kind, unit, range and who may set it."""

    key: str
    kind: str  # money, count, number, bool, enum, string, uscc, text
    label: Label
    unit: str | None = None
    minimum: Decimal | None = None  # inclusive
    above: Decimal | None = None  # exclusive lower bound
    maximum: Decimal | None = None  # inclusive
    max_field: str | None = None  # must not exceed this other field (subset <= whole)
    places: int = 0
    values: tuple[str, ...] = ()
    value_labels: Mapping[str, Label] = field(default_factory=lambda: EMPTY)
    min_length: int | None = None
    max_length: int | None = None
    optional: bool = False
    default: Any = None
    set_by_admin: bool = False
    required_to_submit: bool = False
    line: int = 0

    @property
    def is_number(self) -> bool:
        return self.kind in ("money", "count", "number")


@dataclass(frozen=True)
class Ratio:
    """``numerator / denominator × times``; ``if_not_positive`` when denominator <= 0."""

    numerator: Expression
    denominator: Expression
    times: Decimal
    if_not_positive: Decimal


@dataclass(frozen=True)
class ValueRule:
    """How a derived value or an indicator value is computed: an expression or a ratio."""

    expression: Expression | None = None
    ratio: Ratio | None = None

    @property
    def fields(self) -> frozenset[str]:
        if self.ratio is not None:
            return self.ratio.numerator.fields | self.ratio.denominator.fields
        assert self.expression is not None
        return self.expression.fields

    def describe(self) -> str:
        if self.ratio is None:
            assert self.expression is not None
            return self.expression.source
        r = self.ratio
        num, den = r.numerator.source, r.denominator.source
        num = f"({num})" if " " in num else num
        den = f"({den})" if " " in den else den
        text = f"{num} / {den}"
        if r.times != 1:
            text += f" × {r.times}"
        return text


@dataclass(frozen=True)
class Gate:
    id: str
    label: Label
    require: Expression
    reason: Label
    line: int = 0


@dataclass(frozen=True)
class Derived:
    id: str
    label: Label
    unit: str | None
    value: ValueRule
    line: int = 0


@dataclass(frozen=True)
class Levels:
    """Basic and full-marks levels of the scoring curve (0 < basic < full)."""

    basic: Decimal
    full: Decimal


@dataclass(frozen=True)
class Band:
    """Points for values in ``[lower, upper)``; ``None`` means unbounded."""

    lower: Decimal | None
    upper: Decimal | None
    points: Decimal


@dataclass(frozen=True)
class Indicator:
    """A quantitative indicator; scored on the curve (``levels``) or by ``bands``."""

    id: str
    group: str
    label: Label
    unit: str | None
    weight: Decimal
    value: ValueRule
    by: str | None = None  # enum input selecting the case, e.g. "sector"
    levels: Mapping[str, Levels] | None = None
    bands: Mapping[str, tuple[Band, ...]] | None = None
    line: int = 0

    @property
    def method(self) -> str:
        return "curve" if self.levels is not None else "bands"


@dataclass(frozen=True)
class Group:
    id: str
    label: Label
    weight: Decimal
    indicators: tuple[Indicator, ...]
    line: int = 0


@dataclass(frozen=True)
class Adjustment:
    """A bonus or penalty item: ``points`` (when ``when`` holds), capped per item."""

    id: str
    label: Label
    when: Expression | None
    points: Expression
    cap: Decimal | None
    line: int = 0


@dataclass(frozen=True)
class AdjustmentSection:
    items: tuple[Adjustment, ...] = ()
    cap: Decimal | None = None


@dataclass(frozen=True)
class Criterion:
    id: str
    label: Label
    maximum: Decimal


@dataclass(frozen=True)
class PanelRule:
    """With at least ``min_reviews`` reviews, drop the extremes and take the mean."""

    min_reviews: int
    drop_highest: int
    drop_lowest: int


@dataclass(frozen=True)
class ExpertReview:
    total: Decimal
    step: Decimal
    criteria: tuple[Criterion, ...]
    panel_rules: tuple[PanelRule, ...]  # sorted by min_reviews, largest first


@dataclass(frozen=True)
class RecommendationBand:
    minimum: Decimal | None
    outcome: str


@dataclass(frozen=True)
class Recommendation:
    outcomes: Mapping[str, Label]
    when_ineligible: str
    when_no_panel: str
    bands: tuple[RecommendationBand, ...]


@dataclass(frozen=True)
class RankKey:
    by: str  # composite, quantitative, panel, base, bonus, penalty, <ID>.value, ...
    descending: bool


@dataclass(frozen=True)
class EmbeddedCase:
    """An embedded test: application data (and reviews) with the expected outcome."""

    name: str
    line: int
    data: Mapping[str, Any]
    reviews: tuple[Decimal, ...] | None
    expect: Mapping[str, Any]
    expect_problems: tuple[str, ...] | None
    source: str = "scoring"


@dataclass(frozen=True)
class RulesetModel:
    """Everything a rule file declares."""

    id: str
    version: int
    effective_date: dt.date
    title: Label
    description: str
    lists: Mapping[str, frozenset]
    inputs: tuple[InputSpec, ...]
    gates: tuple[Gate, ...]
    derived: tuple[Derived, ...]
    total: Decimal
    clamp: tuple[Decimal, Decimal]
    at_basic: Decimal
    groups: tuple[Group, ...]
    bonus: AdjustmentSection
    penalties: AdjustmentSection
    expert: ExpertReview
    composite_weights: tuple[Decimal, Decimal]  # (quantitative, panel)
    recommendation: Recommendation
    ranking: tuple[RankKey, ...]
    tests: tuple[EmbeddedCase, ...] = field(default=())

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for g in self.groups for i in g.indicators)
