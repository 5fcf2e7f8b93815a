"""The rule-file schema: :class:`RulesetModel` validates a whole file; sections refer to
each other through the validation context. ``rule`` errors carry (path, message[, rule id])
problems; ``{key}`` in a message is the field."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .expressions import Expression, Symbol, Type, compile_expression, did_you_mean
from .messages import ExpressionError, Label
from .yaml_source import BadNumber

ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
COUNT_MAX = Decimal(10_000_000)
DEFAULT_CASE = "default"
Kind = Literal["money", "count", "number", "bool", "enum", "string", "uscc", "text"]
KIND_TYPES = {"money": Type.NUMBER, "count": Type.NUMBER, "number": Type.NUMBER, "bool": Type.BOOL}
NUMBER_KINDS = ("money", "count", "number")
RANK_FIXED = ("composite", "quantitative", "panel", "base", "bonus", "penalty", "submitted_at")
ID_LISTS = ("gates", "derived", "bonus.items", "penalties.items", "expert_review.criteria")


def rule(*problems: str | tuple) -> PydanticCustomError:
    """A ``rule`` error: each problem is a message or (relative path, message[, rule id])."""
    items = tuple(p if isinstance(p, tuple) else ((), p) for p in problems)
    return PydanticCustomError("rule", "{text}", {"text": items[0][1], "problems": items})


def _number(value: Any) -> Decimal:
    if isinstance(value, bool | BadNumber) or not isinstance(value, int | Decimal):
        shown = f"'{value}'" if isinstance(value, str) else type(value).__name__
        raise rule(f"'{{key}}' must be a number, got {shown}")
    number = Decimal(value)
    if number and not -15 <= number.adjusted() <= 14:
        raise rule(f"'{{key}}' is out of range: {number} (at most 10^15, at least 10^-15)")
    return number


def _whole(value: Any) -> Decimal:
    number = _number(value)
    if number != number.to_integral_value():
        raise rule(f"'{{key}}' must be a whole number, got {number}")
    return number


def _pattern(regex: re.Pattern, what: str) -> PlainValidator:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not regex.match(value):
            raise rule(f"'{{key}}' '{value}' must be {what}")
        return value

    return PlainValidator(check)


def _label(value: Any) -> Label:
    if isinstance(value, dict) and set(value) == {"zh", "en"}:
        en, zh = value["en"], value["zh"]
    else:
        en = zh = value
    if not all(isinstance(t, str) and not isinstance(t, BadNumber) and t.strip() for t in (en, zh)):
        raise rule("'{key}' must be text or {zh: ..., en: ...}")
    return Label(en.strip(), zh.strip())


def _expression(expect: Type) -> PlainValidator:
    def check(value: Any, info: ValidationInfo) -> Expression:
        context = info.context
        try:
            return compile_expression(value, context["symbols"], context["lists"], expect)
        except ExpressionError as exc:
            raise rule(*(f"{{key}}: {m}" for m in exc.messages)) from None

    return PlainValidator(check)


Num = Annotated[Decimal, PlainValidator(_number)]
PosNum = Annotated[Num, Field(gt=0)]
NonNeg = Annotated[Num, Field(ge=0)]
Int = Annotated[int, PlainValidator(lambda value: int(_whole(value)))]
PosInt = Annotated[Int, Field(gt=0)]
NonNegInt = Annotated[Int, Field(ge=0)]
Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
LabelT = Annotated[Label, PlainValidator(_label)]
Id = Annotated[str, _pattern(ID_RE, "a letter followed by letters, digits or '_'")]
Key = Annotated[str, _pattern(KEY_RE, "lowercase letters, digits or '_'")]
NumExpr = Annotated[Expression, _expression(Type.NUMBER)]
BoolExpr = Annotated[Expression, _expression(Type.BOOL)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    def problems(self, context: Any) -> list:
        """Cross-field problems: messages or (relative path, message[, rule id])."""
        return []

    @model_validator(mode="after")
    def _check(self, info: ValidationInfo) -> Any:
        out = self.problems(info.context)
        if out:
            raise rule(*out)
        return self


class Named(Model):
    """An item with an id, a bilingual label and an optional description."""

    id: Id
    label: LabelT
    description: Text | None = None


class Header(Model):
    id: Annotated[str, _pattern(SLUG_RE, "lowercase letters, digits, '.', '-' or '_'")]
    version: PosInt
    effective_date: dt.date = Field(strict=True)
    title: LabelT
    description: Text


class Arithmetic(Model):
    decimals: Literal[2] = 2
    rounding: Literal["half_up"] = "half_up"


class InputSpec(Model):
    """One key of the application data: kind, unit, range and who may set it."""

    key: str
    kind: Kind = Field(alias="type")
    label: LabelT
    unit: Text | None = None
    minimum: Num | None = Field(None, alias="min")
    above: Num | None = None
    maximum: Num | None = Field(None, alias="max")
    max_field: Key | None = None
    places: NonNegInt | None = None
    values: tuple[Text, ...] = ()
    value_labels: dict[str, LabelT] = {}
    min_length: NonNegInt | None = None
    max_length: NonNegInt | None = None
    optional: bool = Field(False, strict=True)
    default: Any = None
    set_by: Literal["administrator"] | None = None
    required_to_submit: bool = Field(False, strict=True)
    description: Text | None = None

    @property
    def is_number(self) -> bool:
        return self.kind in NUMBER_KINDS

    @property
    def set_by_admin(self) -> bool:
        return self.set_by is not None

    @property
    def symbol(self) -> Symbol:
        values = frozenset(self.values) if self.kind == "enum" else None
        return Symbol(KIND_TYPES.get(self.kind, Type.TEXT), values)

    @model_validator(mode="before")
    @classmethod
    def _shapes(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            if isinstance(data.get("max"), str) and not isinstance(data["max"], BadNumber):
                data["max_field"] = data.pop("max")
            if isinstance(data.get("values"), dict):
                data["value_labels"] = data["values"]
                data["values"] = list(data["values"])
        return data

    @model_validator(mode="after")
    def _kind(self, info: ValidationInfo) -> InputSpec:
        kind, out = self.kind, []
        if not KEY_RE.match(self.key):
            out.append(f"input key '{self.key}' must be lowercase letters, digits or '_'")
        numbers = info.context["numbers"]
        if self.max_field is not None and self.max_field not in numbers:
            hint = did_you_mean(self.max_field, numbers)
            out.append((("max",), f"max: unknown number field '{self.max_field}'{hint}"))
        allowed = {"money": {"minimum", "above", "maximum", "max_field"}, "enum": {"values"}}
        allowed.update(count=allowed["money"], number=allowed["money"] | {"places"})
        allowed.update(string={"min_length", "max_length"}, text={"max_length"})
        shaped = set().union(*allowed.values()) & self.model_fields_set
        for name in shaped - allowed.get(kind, set()):
            shown = {"minimum": "min", "maximum": "max", "max_field": "max"}.get(name, name)
            out.append(((shown,), f"'{shown}' does not apply to a {kind} input"))
        fix: dict[str, Any] = {}
        if kind == "count":
            fix["minimum"] = Decimal(0) if self.minimum is None else self.minimum
            fix["maximum"] = min(self.maximum or COUNT_MAX, COUNT_MAX)
        if self.is_number:
            fix["places"] = 2 if kind == "money" and self.places is None else self.places or 0
            if kind == "money" and fix["places"] != 2:
                out.append((("places",), "money always has two decimal places"))
        if kind == "enum" and (not self.values or len(set(self.values)) != len(self.values)):
            out.append((("values",), "an enum needs 'values', present and distinct"))
        if self.default is not None:
            try:
                fix["default"] = self._default(self.default)
            except PydanticCustomError as exc:
                out.append((("default",), exc.context["text"]))  # type: ignore[index]
        if self.optional and kind not in ("text", "string") and self.default is None:
            out.append("an optional number, flag or choice needs a 'default'")
        if out:
            raise rule(*out)
        self.__dict__.update(fix)
        if not (self.optional and self.default is None):
            info.context["symbols"][self.key] = self.symbol
        info.context["enums"][self.key] = self.values
        return self

    def _default(self, value: Any) -> Any:
        if self.is_number:
            return _whole(value) if self.kind == "count" else _number(value)
        if self.kind == "bool" and not isinstance(value, bool):
            raise rule("'{key}' must be true or false")
        unknown = self.kind == "enum" and value not in self.values
        if self.kind != "bool" and (not isinstance(value, str) or unknown):
            raise rule("'{key}' must be one of the input's values (text)")
        return value


class Ratio(Model):
    """``numerator / denominator × times``; ``if_not_positive`` when denominator <= 0."""

    numerator: NumExpr
    denominator: NumExpr
    times: Num = Decimal(1)
    if_not_positive: Num = Field(alias="if_denominator_not_positive")

    @property
    def fields(self) -> frozenset[str]:
        return self.numerator.fields | self.denominator.fields


Value = Annotated[
    Annotated[Ratio, Tag("ratio")] | Annotated[NumExpr, Tag("expression")],
    Discriminator(lambda value: "ratio" if isinstance(value, dict) else "expression"),
]


def formula(value: Ratio | Expression) -> str:
    """A value rule as text, e.g. ``rd_expenditure / main_revenue × 100``."""
    if isinstance(value, Expression):
        return value.source
    num, den = value.numerator.source, value.denominator.source
    text = f"{f'({num})' if ' ' in num else num} / {f'({den})' if ' ' in den else den}"
    return text if value.times == 1 else f"{text} × {value.times}"


class Derived(Named):
    unit: Text | None = None
    value: Value

    @model_validator(mode="wrap")
    @classmethod
    def _declare(cls, data: Any, handler: Any, info: ValidationInfo) -> Any:
        """Validate, then let later derived values and sections use this one."""
        ident = data.get("id") if isinstance(data, dict) else None
        ident = ident if isinstance(ident, str) and KEY_RE.match(ident) else None
        if ident in info.context["symbols"]:
            raise rule(f"derived value '{ident}' has the name of an input")
        try:
            return handler(data)
        finally:
            if ident is not None:
                info.context["symbols"][ident] = Symbol(Type.NUMBER)


class Gate(Model):
    id: Id
    label: LabelT | None = None
    require: BoolExpr
    reason: LabelT
    description: Text | None = None

    @model_validator(mode="after")
    def _default_label(self) -> Gate:
        if self.label is None:
            self.__dict__["label"] = self.reason
        return self


class Levels(Model):
    """Basic and full-marks levels of the scoring curve (0 < basic < full)."""

    basic: PosNum
    full: Num


class Band(Model):
    """Points for values in ``[lower, upper)``; ``None`` means unbounded."""

    lower: Num | None = Field(None, alias="from")
    upper: Num | None = Field(None, alias="below")
    points: NonNeg


class Indicator(Named):
    """A quantitative indicator, scored on the curve (``levels``) or by ``bands``."""

    unit: Text | None = None
    weight: PosNum
    value: Value
    by: Key | None = None
    levels: dict[str, Levels] | None = None
    bands: dict[str, tuple[Band, ...]] | None = None

    @model_validator(mode="before")
    @classmethod
    def _cases(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            for name in ("levels", "bands"):
                table = data.get(name)
                if isinstance(table, dict) and "by" in table:
                    data["by"] = table["by"]
                    data[name] = {k: v for k, v in table.items() if k != "by"}
                elif name in data:
                    data[name] = {DEFAULT_CASE: table}
        return data

    def problems(self, context: Any) -> list:
        if (self.levels is None) == (self.bands is None):
            return ["an indicator needs either 'levels' (curve) or 'bands' (table), not both"]
        name, table = ("levels", self.levels) if self.levels is not None else ("bands", self.bands)
        out: list[tuple] = []
        if self.by is not None:
            values = context["enums"].get(self.by)
            if not values:
                return [((name, "by"), f"by: '{self.by}' is not a choice (enum) input")]
            for case in set(table) - set(values) - {DEFAULT_CASE}:  # type: ignore[arg-type]
                hint = did_you_mean(case, [*values, DEFAULT_CASE])
                out.append(((name, case), f"'{case}' is not a value of {self.by}{hint}"))
            missing = [v for v in values if v not in table]  # type: ignore[operator]
            if missing and DEFAULT_CASE not in table:  # type: ignore[operator]
                text = f"{name} for {self.by} {', '.join(missing)} are missing"
                out.append(((name,), f"{text} (add them or a '{DEFAULT_CASE}')"))
        for case, entry in table.items():  # type: ignore[union-attr]
            rid = f"{self.id}[{case}]" if self.by else self.id
            out += [((name, case), m, rid) for m in _check_table(entry, self.weight)]
        return out


def _check_table(table: Levels | tuple[Band, ...], weight: Decimal) -> list[str]:
    """Problems of one levels entry (basic < full) or band table (no gaps, no overlaps)."""
    if isinstance(table, Levels):
        basic, full = table.basic, table.full
        if basic >= full:
            return [f"basic level b = {basic} must be below full-marks level f = {full} (b ≥ f)"]
        return []
    out = [] if table else ["a band table needs at least one band"]
    for index, band in enumerate(table):
        low, high = band.lower, band.upper
        if band.points > weight:
            out.append(f"band points {band.points} exceed the weight {weight}")
        if low is not None and high is not None and low >= high:
            out.append(f"band 'from {low}' must be below 'below {high}'")
        if index == 0 and low is not None:
            out.append(f"gap: values below {low} match no band (leave out 'from' in the first)")
        if index == len(table) - 1 and high is not None:
            out.append(f"gap: values from {high} up match no band (leave out 'below' in the last)")
        previous = table[index - 1].upper if index else None
        if index and previous is None:
            out.append("overlap: the previous band has no upper bound")
        elif index and low is None:
            text = "this band has no lower bound but the previous one ends below"
            out.append(f"overlap: {text} {previous}")
        elif index and low < previous:  # type: ignore[operator]
            out.append(f"overlap: band from {low} starts below the previous band's end {previous}")
        elif index and low > previous:  # type: ignore[operator]
            out.append(f"gap: values from {previous} to below {low} match no band")
    return out


class Group(Named):
    weight: PosNum
    indicators: tuple[Indicator, ...] = Field(min_length=1)


class Curve(Model):
    at_basic: Annotated[PosNum, Field(lt=1)]


class Quantitative(Model):
    total: PosNum
    clamp: tuple[Num, Num]
    curve: Curve = Curve(at_basic=Decimal("0.6"))
    groups: tuple[Group, ...] = Field(min_length=1, max_length=50)

    def problems(self, context: Any) -> list:
        low, high = self.clamp
        out = [] if low < high else [(("clamp",), f"'clamp': low {low} must be below high {high}")]
        for n, group in enumerate(self.groups):
            total = sum(i.weight for i in group.indicators)
            if total != group.weight:
                text = f"indicator weights add up to {total}, the group weight is {group.weight}"
                out.append((("groups", n, "weight"), text))
        weights = sum(g.weight for g in self.groups)
        if weights != self.total:
            text = f"group weights add up to {weights}, the declared total is {self.total}"
            out.append((("groups",), text))
        return out


class Adjustment(Named):
    """A bonus or penalty item: ``points`` (when ``when`` holds), capped per item."""

    when: BoolExpr | None = None
    points: NumExpr
    cap: PosNum | None = None


class AdjustmentSection(Model):
    items: tuple[Adjustment, ...] = Field(max_length=100)
    cap: PosNum | None = None

    def problems(self, context: Any) -> list:
        return [
            (("items", n, "cap"), f"item cap {i.cap} exceeds the total cap {self.cap}")
            for n, i in enumerate(self.items)
            if i.cap is not None and self.cap is not None and i.cap > self.cap
        ]


class Criterion(Named):
    maximum: PosNum = Field(alias="max")


class PanelRule(Model):
    """With at least ``min_reviews`` reviews, drop the extremes and take the mean."""

    min_reviews: PosInt
    drop_highest: NonNegInt = 0
    drop_lowest: NonNegInt = 0


class ExpertReview(Model):
    total: PosNum
    step: PosNum
    criteria: tuple[Criterion, ...] = Field(min_length=1, max_length=50)
    panel: tuple[PanelRule, ...] = Field(min_length=1, max_length=20)

    @property
    def panel_rules(self) -> tuple[PanelRule, ...]:
        """Largest ``min_reviews`` first."""
        return tuple(sorted(self.panel, key=lambda r: -r.min_reviews))

    def problems(self, context: Any) -> list:
        out: list[tuple] = [
            (("criteria", n, "max"), f"max {c.maximum} is not a multiple of {self.step}")
            for n, c in enumerate(self.criteria)
            if c.maximum % self.step
        ]
        total = sum(c.maximum for c in self.criteria)
        if total != self.total:
            text = f"criteria maxima add up to {total}, the declared total is {self.total}"
            out.append((("criteria",), text))
        counts = [r.min_reviews for r in self.panel]
        for n, r in enumerate(self.panel):
            dropped = r.drop_highest + r.drop_lowest
            if dropped >= r.min_reviews:
                text = f"dropping {dropped} of {r.min_reviews} reviews leaves none"
                out.append((("panel", n), text))
            if r.min_reviews in counts[:n]:
                out.append((("panel", n), f"two panel rules for min_reviews {r.min_reviews}"))
        return out


class Composite(Model):
    quantitative: NonNeg
    panel: NonNeg

    def problems(self, context: Any) -> list:
        total = self.quantitative + self.panel
        return [] if total == 1 else [f"composite weights add up to {total}, not 1"]


class RecommendationBand(Model):
    minimum: Num | None = Field(None, alias="min")
    outcome: Any


class Recommendation(Model):
    outcomes: dict[Key, LabelT]
    when_ineligible: Any
    when_no_panel: Any
    bands: tuple[RecommendationBand, ...] = Field(min_length=1, max_length=50)

    def problems(self, context: Any) -> list:
        names = [(("bands", n, "outcome"), b.outcome) for n, b in enumerate(self.bands)]
        names += [((k,), getattr(self, k)) for k in ("when_ineligible", "when_no_panel")]
        out: list[tuple] = [
            (path, f"unknown outcome '{v}'{did_you_mean(str(v), self.outcomes)}")
            for path, v in names
            if not isinstance(v, str) or v not in self.outcomes
        ]
        last = len(self.bands) - 1
        for n, band in enumerate(self.bands):
            if (band.minimum is None) != (n == last):
                out.append((("bands", n), "every band but the last needs 'min'; the last has none"))
            previous = self.bands[n - 1].minimum if n else None
            if band.minimum is not None and previous is not None and band.minimum >= previous:
                text = f"band min {band.minimum} must be below the previous band's min {previous}"
                out.append((("bands", n), f"overlap: {text}"))
        return out


class RankKey(Model):
    by: str
    order: Literal["descending", "ascending"]

    @property
    def descending(self) -> bool:
        return self.order == "descending"

    @field_validator("by")
    @classmethod
    def _known(cls, value: str, info: ValidationInfo) -> str:
        if value not in info.context["vocabulary"]:
            hint = did_you_mean(value, info.context["vocabulary"])
            raise rule(f"unknown ranking key '{value}'{hint}")
        return value


_EXPECT_IDS = {
    "values": "indicators",
    "bonus_items": "bonus.items",
    "penalty_items": "penalties.items",
}


class Expect(Model):
    eligible: bool | None = None
    failed_gates: list[str] | None = None
    indicators: dict[str, Any] | None = None
    values: dict[str, Any] | None = None
    groups: dict[str, Any] | None = None
    bonus_items: dict[str, Any] | None = None
    penalty_items: dict[str, Any] | None = None
    base: Any = None
    bonus: Any = None
    penalty: Any = None
    quantitative: Any = None
    panel: Any = None
    composite: Any = None
    recommendation: str | None = None

    def problems(self, context: Any) -> list:
        out = []
        for name in ("indicators", "values", "groups", "bonus_items", "penalty_items"):
            known = context[_EXPECT_IDS.get(name, name)]
            for k in [k for k in getattr(self, name) or () if k not in known]:
                out.append(((name, k), f"expect.{name}: unknown id '{k}'{did_you_mean(k, known)}"))
        return out


class Case(Model):
    name: Text
    description: Text | None = None
    extends: Text | None = None
    input: dict[str, Any] | None = None
    without: list[str] | None = None
    reviews: list[Num] | None = None
    source: Literal["applicant", "import", "admin", "scoring"] | None = None
    expect: Expect | None = None
    expect_problems: list[str] | None = None

    def problems(self, context: Any) -> list:
        if (self.expect is None) == (self.expect_problems is None):
            return ["a test needs 'expect' or 'expect_problems' (one of them)"]
        return []

    @model_validator(mode="wrap")
    @classmethod
    def _resolve(cls, item: Any, handler: Any, info: ValidationInfo) -> EmbeddedCase:
        """The test as an :class:`EmbeddedCase`, with ``extends`` and ``without`` applied."""
        case, cases = handler(item), info.context["cases"]
        base = cases.get(case.extends) if case.extends else None
        if case.name in cases or (case.extends and base is None):
            hint = did_you_mean(str(case.extends), cases)
            why = "is repeated" if case.name in cases else f"extends no earlier test{hint}"
            raise rule(((), f"test name '{case.name}' {why}", f"test '{case.name}'"))
        data = {**(base.data if base else {}), **(item.get("input") or {})}
        for key in case.without or ():
            data.pop(key, None)
        reviews = base.reviews if base else None
        if "reviews" in case.model_fields_set:
            reviews = None if case.reviews is None else tuple(case.reviews)
        problems = None if case.expect_problems is None else tuple(case.expect_problems)
        source = case.source or (base.source if base else "scoring")
        line, data, expect = item.line, MappingProxyType(data), item.get("expect") or {}
        cases[case.name] = EmbeddedCase(case.name, line, data, reviews, expect, problems, source)
        return cases[case.name]


@dataclass(frozen=True)
class EmbeddedCase:
    """An embedded test: application data (and reviews) with the expected outcome."""

    name: str
    line: int
    data: Any
    reviews: tuple[Decimal, ...] | None
    expect: Any  # the rule file's mapping (it knows the line of each key)
    expect_problems: tuple[str, ...] | None
    source: str = "scoring"


def _lists(value: Any, info: ValidationInfo) -> dict[str, frozenset]:
    if not isinstance(value, dict):
        raise rule("'{key}' must map name: [values]")
    out: list[tuple] = []
    for name, items in value.items():
        if not (isinstance(items, list) and isinstance(name, str) and KEY_RE.match(name)):
            out.append(((name,), f"list '{name}' must be a lowercase name and a list", "lists"))
            continue
        good = [Decimal(i) if isinstance(i, int) else i for i in items]
        good = [i for i in good if isinstance(i, str | Decimal) and not isinstance(i, BadNumber)]
        if len(good) != len(items) or len({type(v) for v in good}) > 1:
            out.append(((name,), "a list must hold only text or only numbers", name))
        elif len(set(good)) != len(good):
            out.append(((name,), "the list repeats a value", name))
        info.context["lists"][name] = frozenset(good)
    if out:
        raise rule(*out)
    return dict(info.context["lists"])


def dig(node: Any, path: str) -> list[dict]:
    """The mappings in the list at the dotted ``path`` (missing or malformed parts give none)."""
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return [i for i in node if isinstance(i, dict)] if isinstance(node, list) else []


def _context(doc: dict) -> dict[str, Any]:
    """The items with ids, their ids and the ranking keys, read from the raw file."""
    groups = dig(doc, "quantitative.groups")
    items = {"groups": groups, "indicators": [i for g in groups for i in dig(g, "indicators")]}
    items.update((path, dig(doc, path)) for path in ID_LISTS)
    ids = {k: [i["id"] for i in v if isinstance(i.get("id"), str)] for k, v in items.items()}
    vocabulary = [*RANK_FIXED, *ids["groups"], *ids["derived"]]
    vocabulary += [f"{i}.{part}" for i in ids["indicators"] for part in ("value", "points")]
    declared: dict[str, Any] = {"symbols": {}, "enums": {}, "lists": {}, "cases": {}}
    return {"items": items, "vocabulary": vocabulary, **declared, **ids}


class RulesetModel(Model):
    """Everything a rule file declares, validated (fields in dependency order)."""

    header: Header = Field(alias="ruleset")
    arithmetic: Arithmetic = Arithmetic()
    lists: Annotated[dict[str, frozenset], PlainValidator(_lists)] = {}
    inputs: tuple[InputSpec, ...]
    derived: tuple[Derived, ...] = ()
    gates: tuple[Gate, ...]
    quantitative: Quantitative
    bonus: AdjustmentSection
    penalties: AdjustmentSection
    expert: ExpertReview = Field(alias="expert_review")
    composite: Composite
    recommendation: Recommendation
    ranking: tuple[RankKey, ...]
    tests: tuple[Case, ...] = ()

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for g in self.quantitative.groups for i in g.indicators)

    @model_validator(mode="before")
    @classmethod
    def _refer(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict):
            info.context.update(_context(data))
        return data

    @field_validator("derived", "gates", "ranking", "tests", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return () if value is None else value

    @field_validator("inputs", mode="before")
    @classmethod
    def _keyed(cls, value: Any, info: ValidationInfo) -> Any:
        if not isinstance(value, dict):
            raise rule("'{key}' must map key: declaration")
        numbers = [
            k for k, d in value.items() if isinstance(d, dict) and d.get("type") in NUMBER_KINDS
        ]
        info.context["numbers"] = numbers
        return [{**d, "key": k} if isinstance(d, dict) else d for k, d in value.items()]
