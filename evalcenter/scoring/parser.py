"""Rule file -> :class:`RulesetModel`, collecting every problem as ``file:line: id: message``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .errors import ExpressionError, RuleProblem, RulesetError
from .expressions import Expression, Symbol, Type, compile_expression, did_you_mean
from .model import (
    DEFAULT_CASE,
    Adjustment,
    AdjustmentSection,
    Band,
    Criterion,
    Derived,
    EmbeddedCase,
    ExpertReview,
    Gate,
    Group,
    Indicator,
    InputSpec,
    Label,
    Levels,
    PanelRule,
    RankKey,
    Ratio,
    Recommendation,
    RecommendationBand,
    RulesetModel,
    ValueRule,
)
from .yaml_source import BadNumber, LineDict, LineList, YamlSourceError, load_yaml

ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
INPUT_KINDS = ("money", "count", "number", "bool", "enum", "string", "uscc", "text")
KIND_TYPES = {
    "money": Type.NUMBER,
    "count": Type.NUMBER,
    "number": Type.NUMBER,
    "bool": Type.BOOL,
    "enum": Type.TEXT,
    "string": Type.TEXT,
    "uscc": Type.TEXT,
    "text": Type.TEXT,
}
COUNT_MAX = Decimal(10_000_000)
TOP_LEVEL = (
    "ruleset", "arithmetic", "lists", "inputs", "gates", "derived", "quantitative", "bonus",
    "penalties", "expert_review", "composite", "recommendation", "ranking", "tests",
)  # fmt: skip
REQUIRED_TOP = (
    "ruleset", "inputs", "gates", "quantitative", "bonus", "penalties", "expert_review",
    "composite", "recommendation", "ranking",
)  # fmt: skip
RANK_FIXED = ("composite", "quantitative", "panel", "base", "bonus", "penalty", "submitted_at")
EXPECT_KEYS = (
    "eligible", "failed_gates", "indicators", "values", "groups", "base", "bonus",
    "bonus_items", "penalty", "penalty_items", "quantitative", "panel", "composite",
    "recommendation",
)  # fmt: skip
SOURCES = ("applicant", "import", "admin", "scoring")
_MISSING = object()


def parse_ruleset_text(text: str, filename: str) -> RulesetModel:
    """Parse and validate rule-file text; raise :class:`RulesetError` listing every problem."""
    parser = _Parser(filename)
    try:
        document, duplicates = load_yaml(text)
    except YamlSourceError as exc:
        raise RulesetError([RuleProblem(filename, exc.line, "yaml", exc.message)]) from None
    for line, message in duplicates:
        parser.add(line, "yaml", message)
    model = parser.parse(document)
    if parser.problems or model is None:
        raise RulesetError(sorted(parser.problems, key=lambda p: p.line))
    return model


class _Parser:
    def __init__(self, filename: str) -> None:
        self.file = filename
        self.problems: list[RuleProblem] = []
        self.ids: dict[str, int] = {}
        self.lists: dict[str, frozenset] = {}
        self.inputs: dict[str, InputSpec] = {}
        self.symbols: dict[str, Symbol] = {}
        self.declared: dict[str, list[str]] = {}

    # -- helpers ---------------------------------------------------------------
    def add(self, line: int, rule_id: str, message: str) -> None:
        self.problems.append(RuleProblem(self.file, line, rule_id, message))

    def mapping(
        self,
        value: Any,
        line: int,
        rid: str,
        what: str,
        allowed: Iterable[str],
        required: Iterable[str] = (),
    ) -> LineDict | None:
        if not isinstance(value, LineDict):
            self.add(line, rid, f"{what} must be a mapping of 'field: value' lines")
            return None
        allowed = tuple(allowed)
        for key in value:
            if key not in allowed:
                self.add(
                    value.line_of(key), rid, f"unknown field '{key}'{did_you_mean(key, allowed)}"
                )
        for key in required:
            if key not in value:
                self.add(value.line, rid, f"missing field '{key}' in {what}")
        return value

    def sequence(self, value: Any, line: int, rid: str, what: str) -> LineList | None:
        if not isinstance(value, LineList):
            self.add(line, rid, f"{what} must be a list ('- ...' lines)")
            return None
        return value

    def number(
        self,
        m: LineDict,
        key: str,
        rid: str,
        *,
        default: Any = _MISSING,
        positive: bool = False,
        non_negative: bool = False,
        integer: bool = False,
    ) -> Decimal | None:
        if key not in m:
            return None if default is _MISSING else default
        value, line = m[key], m.line_of(key)
        return self.as_number(
            value, line, rid, key, positive=positive, non_negative=non_negative, integer=integer
        )

    def as_number(
        self,
        value: Any,
        line: int,
        rid: str,
        what: str,
        *,
        positive: bool = False,
        non_negative: bool = False,
        integer: bool = False,
    ) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            shown = f"'{value}'" if isinstance(value, str | BadNumber) else type(value).__name__
            self.add(line, rid, f"'{what}' must be a number, got {shown}")
            return None
        number = Decimal(value)
        if integer and number != number.to_integral_value():
            self.add(line, rid, f"'{what}' must be a whole number, got {number}")
            return None
        if positive and number <= 0:
            self.add(line, rid, f"'{what}' must be greater than 0, got {number}")
            return None
        if non_negative and number < 0:
            self.add(line, rid, f"'{what}' must not be negative, got {number}")
            return None
        return number

    def text(self, m: LineDict, key: str, rid: str, default: Any = _MISSING) -> str | None:
        if key not in m:
            return None if default is _MISSING else default
        value = m[key]
        if not isinstance(value, str) or not value.strip():
            self.add(m.line_of(key), rid, f"'{key}' must be non-empty text")
            return None
        return value.strip()

    def label(self, m: LineDict, key: str, rid: str, required: bool = True) -> Label:
        fallback = Label(rid, rid)
        if key not in m:
            if required:
                self.add(m.line, rid, f"missing field '{key}'")
            return fallback
        value = m[key]
        if isinstance(value, str) and value.strip():
            return Label(value.strip(), value.strip())
        lm = self.mapping(value, m.line_of(key), rid, f"'{key}'", ("zh", "en"), ("zh", "en"))
        if lm is None:
            return fallback
        en, zh = self.text(lm, "en", rid), self.text(lm, "zh", rid)
        return Label(en or rid, zh or en or rid)

    def flag(self, m: LineDict, key: str, rid: str) -> bool:
        value = m.get(key, False)
        if not isinstance(value, bool):
            self.add(m.line_of(key), rid, f"'{key}' must be true or false")
            return False
        return value

    @staticmethod
    def peek_id(item: Any, fallback: str) -> str:
        """The item's id when it looks like one (to label its problems), else ``fallback``."""
        value = item.get("id") if isinstance(item, LineDict) else None
        return value if isinstance(value, str) and ID_RE.match(value) else fallback

    def identifier(self, m: LineDict, rid_fallback: str, what: str) -> str | None:
        value = m.get("id")
        if value is None:
            return None
        if not isinstance(value, str) or not ID_RE.match(value):
            self.add(
                m.line_of("id"),
                rid_fallback,
                f"{what} id '{value}' must be a letter followed by letters, digits or '_'",
            )
            return None
        if value in self.ids:
            self.add(
                m.line_of("id"),
                value,
                f"duplicate id '{value}' (already used on line {self.ids[value]})",
            )
            return None
        self.ids[value] = m.line_of("id")
        return value

    def expression(
        self,
        m: LineDict,
        key: str,
        rid: str,
        expect: Type,
        symbols: dict[str, Symbol] | None = None,
    ) -> Expression | None:
        if key not in m:
            return None
        try:
            return compile_expression(m[key], symbols or self.symbols, self.lists, expect)
        except ExpressionError as exc:
            for message in exc.messages:
                self.add(m.line_of(key), rid, f"{key}: {message}")
            return None

    # -- document --------------------------------------------------------------
    def parse(self, doc: Any) -> RulesetModel | None:
        doc = self.mapping(doc, 1, "ruleset", "the rule file", TOP_LEVEL, REQUIRED_TOP)
        if doc is None:
            return None
        header = self.header(doc.get("ruleset"), doc.line_of("ruleset"))
        self.arithmetic(doc)
        self.parse_lists(doc)
        inputs = self.parse_inputs(doc.get("inputs"), doc.line_of("inputs"))
        derived = self.parse_derived(doc)
        gates = self.parse_gates(doc.get("gates"), doc.line_of("gates"))
        quant = self.parse_quantitative(doc.get("quantitative"), doc.line_of("quantitative"))
        bonus = self.parse_adjustments(doc.get("bonus"), doc.line_of("bonus"), "bonus")
        penalties = self.parse_adjustments(
            doc.get("penalties"), doc.line_of("penalties"), "penalties"
        )
        expert = self.parse_expert(doc.get("expert_review"), doc.line_of("expert_review"))
        composite = self.parse_composite(doc.get("composite"), doc.line_of("composite"))
        recommendation = self.parse_recommendation(
            doc.get("recommendation"), doc.line_of("recommendation")
        )
        groups = quant[3] if quant else ()
        ranking = self.parse_ranking(doc.get("ranking"), doc.line_of("ranking"), groups, derived)
        tests = self.parse_tests(doc, groups, bonus, penalties)
        if self.problems or None in (header, quant, expert, composite, recommendation):
            return None
        assert header and quant and expert and composite and recommendation
        return RulesetModel(
            id=header[0],
            version=header[1],
            effective_date=header[2],
            title=header[3],
            description=header[4],
            lists=MappingProxyType(dict(self.lists)),
            inputs=inputs,
            gates=gates,
            derived=derived,
            total=quant[0],
            clamp=quant[1],
            at_basic=quant[2],
            groups=groups,
            bonus=bonus,
            penalties=penalties,
            expert=expert,
            composite_weights=composite,
            recommendation=recommendation,
            ranking=ranking,
            tests=tests,
        )

    def header(self, value: Any, line: int) -> tuple | None:
        allowed = ("id", "version", "effective_date", "title", "description")
        m = self.mapping(value, line, "ruleset", "'ruleset'", allowed, allowed)
        if m is None:
            return None
        rid = m.get("id")
        if not isinstance(rid, str) or not SLUG_RE.match(rid):
            self.add(
                m.line_of("id"),
                "ruleset",
                "ruleset id must be lowercase letters, digits, '.', '-' or '_'",
            )
            rid = None
        version = self.number(m, "version", "ruleset", positive=True, integer=True)
        date = m.get("effective_date")
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            self.add(
                m.line_of("effective_date"),
                "ruleset",
                "effective_date must be a date written as YYYY-MM-DD",
            )
            date = None
        title = self.label(m, "title", "ruleset")
        description = self.text(m, "description", "ruleset") or ""
        if rid is None or version is None or date is None:
            return None
        return rid, int(version), date, title, description

    def arithmetic(self, doc: LineDict) -> None:
        if "arithmetic" not in doc:
            return
        m = self.mapping(
            doc["arithmetic"],
            doc.line_of("arithmetic"),
            "arithmetic",
            "'arithmetic'",
            ("decimals", "rounding"),
        )
        if m is None:
            return
        if m.get("decimals", 2) != 2:
            self.add(m.line_of("decimals"), "arithmetic", "only 'decimals: 2' is supported")
        if m.get("rounding", "half_up") != "half_up":
            self.add(
                m.line_of("rounding"),
                "arithmetic",
                f"only 'rounding: half_up' is supported{did_you_mean(m['rounding'], ['half_up'])}",
            )

    def parse_lists(self, doc: LineDict) -> None:
        if "lists" not in doc:
            return
        m = self.mapping(
            doc["lists"],
            doc.line_of("lists"),
            "lists",
            "'lists'",
            doc["lists"] if isinstance(doc["lists"], dict) else (),
        )
        if m is None:
            return
        for name, items in m.items():
            line = m.line_of(name)
            if not isinstance(name, str) or not KEY_RE.match(name):
                self.add(
                    line, "lists", f"list name '{name}' must be lowercase letters, digits, '_'"
                )
                continue
            seq = self.sequence(items, line, name, f"list '{name}'")
            if seq is None:
                continue
            values: list[Any] = []
            for index, item in enumerate(seq):
                if isinstance(item, str | int) and not isinstance(item, bool | BadNumber):
                    values.append(item if isinstance(item, str) else Decimal(item))
                elif isinstance(item, Decimal):
                    values.append(item)
                else:
                    self.add(seq.line_of(index), name, "list items must be text or numbers")
            if len({type(v) for v in values}) > 1:
                self.add(line, name, "a list must hold only text or only numbers")
            if len(set(values)) != len(values):
                self.add(line, name, "the list repeats a value")
            self.lists[name] = frozenset(values)

    # -- inputs ----------------------------------------------------------------
    def parse_inputs(self, value: Any, line: int) -> tuple[InputSpec, ...]:
        if not isinstance(value, LineDict):
            self.add(line, "inputs", "'inputs' must be a mapping of key: declaration")
            return ()
        specs = []
        for key, decl in value.items():
            spec = self.input_spec(key, decl, value.line_of(key))
            if spec is not None:
                specs.append(spec)
                self.inputs[key] = spec
        for spec in specs:
            if spec.max_field is not None:
                other = self.inputs.get(spec.max_field)
                if other is None or not other.is_number:
                    hint = did_you_mean(spec.max_field, [s.key for s in specs if s.is_number])
                    self.add(
                        spec.line,
                        f"inputs.{spec.key}",
                        f"max: unknown number field '{spec.max_field}'{hint}",
                    )
            if not (spec.optional and spec.default is None):
                values = frozenset(spec.values) if spec.kind == "enum" else None
                self.symbols[spec.key] = Symbol(KIND_TYPES[spec.kind], values)
        return tuple(specs)

    def input_spec(self, key: Any, decl: Any, line: int) -> InputSpec | None:
        rid = f"inputs.{key}"
        if not isinstance(key, str) or not KEY_RE.match(key):
            self.add(line, "inputs", f"input key '{key}' must be lowercase letters, digits, '_'")
            return None
        common = (
            "type",
            "label",
            "unit",
            "optional",
            "default",
            "set_by",
            "required_to_submit",
            "description",
        )
        extra = {
            "money": ("min", "max", "above"),
            "count": ("min", "max", "above"),
            "number": ("min", "max", "above", "places"),
            "bool": (),
            "enum": ("values",),
            "string": ("min_length", "max_length"),
            "uscc": (),
            "text": ("max_length",),
        }
        kind = decl.get("type") if isinstance(decl, LineDict) else None
        allowed = common + extra.get(
            kind, ("min", "max", "above", "places", "values", "min_length", "max_length")
        )
        m = self.mapping(decl, line, rid, f"input '{key}'", allowed, ("type", "label"))
        if m is None:
            return None
        if kind not in INPUT_KINDS:
            self.add(
                m.line_of("type"),
                rid,
                f"unknown type '{kind}'{did_you_mean(kind, INPUT_KINDS)}"
                f" (types: {', '.join(INPUT_KINDS)})",
            )
            return None
        spec: dict[str, Any] = {"key": key, "kind": kind, "line": line}
        spec["label"] = self.label(m, "label", rid)
        spec["unit"] = self.text(m, "unit", rid)
        spec["optional"] = self.flag(m, "optional", rid)
        spec["required_to_submit"] = self.flag(m, "required_to_submit", rid)
        if "set_by" in m:
            if m["set_by"] != "administrator":
                self.add(
                    m.line_of("set_by"),
                    rid,
                    "set_by must be 'administrator'"
                    f"{did_you_mean(str(m['set_by']), ['administrator'])}",
                )
            spec["set_by_admin"] = True
        if kind in ("money", "count", "number"):
            integer = kind == "count"
            spec["minimum"] = self.number(m, "min", rid, integer=integer)
            spec["above"] = self.number(m, "above", rid)
            if isinstance(m.get("max"), str) and not isinstance(m.get("max"), BadNumber):
                spec["max_field"] = m["max"]
            else:
                spec["maximum"] = self.number(m, "max", rid, integer=integer)
            if kind == "count":
                if spec["minimum"] is None or spec["minimum"] < 0:
                    spec["minimum"] = Decimal(0) if spec["minimum"] is None else spec["minimum"]
                if spec.get("maximum") is None or spec["maximum"] > COUNT_MAX:
                    spec["maximum"] = COUNT_MAX
            places = self.number(
                m,
                "places",
                rid,
                default=Decimal(2 if kind == "money" else 0),
                non_negative=True,
                integer=True,
            )
            spec["places"] = int(places) if places is not None else 2
            if kind == "money" and spec["places"] != 2:
                self.add(m.line_of("places"), rid, "money always has two decimal places")
        if kind == "enum":
            spec["values"], spec["value_labels"] = self.enum_values(m, rid)
        if kind in ("string", "text"):
            for name in ("min_length", "max_length"):
                number = self.number(m, name, rid, non_negative=True, integer=True)
                spec[name] = int(number) if number is not None else None
        if "default" in m:
            spec["default"] = self.input_default(m, kind, rid)
        if spec["optional"] and kind not in ("text", "string") and spec.get("default") is None:
            self.add(line, rid, "an optional number, flag or choice needs a 'default'")
        return InputSpec(**spec)

    def enum_values(self, m: LineDict, rid: str) -> tuple[tuple[str, ...], Any]:
        raw = m.get("values")
        labels: dict[str, Label] = {}
        if isinstance(raw, LineList):
            values = []
            for index, item in enumerate(raw):
                if not isinstance(item, str):
                    self.add(raw.line_of(index), rid, "enum values must be text")
                    continue
                values.append(item)
        elif isinstance(raw, LineDict):
            values = []
            for item, label in raw.items():
                if not isinstance(item, str):
                    self.add(raw.line_of(item), rid, f"enum value '{item}' must be text (quote it)")
                    continue
                values.append(item)
                if isinstance(label, str):
                    labels[item] = Label(label, label)
                else:
                    holder = LineDict({"label": label})
                    holder.line, holder.key_lines = raw.line_of(item), {"label": raw.line_of(item)}
                    labels[item] = self.label(holder, "label", rid)
        else:
            self.add(m.line_of("values"), rid, "an enum needs 'values': a list or value: label")
            return (), MappingProxyType({})
        if not values or len(set(values)) != len(values):
            self.add(m.line_of("values"), rid, "enum values must be present and distinct")
        return tuple(values), MappingProxyType(labels)

    def input_default(self, m: LineDict, kind: str, rid: str) -> Any:
        value, line = m["default"], m.line_of("default")
        if kind in ("money", "count", "number"):
            return self.as_number(value, line, rid, "default", integer=kind == "count")
        if kind == "bool":
            if not isinstance(value, bool):
                self.add(line, rid, "default must be true or false")
            return value
        if not isinstance(value, str):
            self.add(line, rid, "default must be text")
        return value

    # -- values, derived, gates -------------------------------------------------
    def value_rule(self, m: LineDict, key: str, rid: str) -> ValueRule | None:
        value = m.get(key)
        if not isinstance(value, LineDict):
            expr = self.expression(m, key, rid, Type.NUMBER)
            return ValueRule(expression=expr) if expr else None
        names = ("numerator", "denominator", "times", "if_denominator_not_positive")
        rm = self.mapping(
            value,
            m.line_of(key),
            rid,
            f"ratio '{key}'",
            names,
            ("numerator", "denominator", "if_denominator_not_positive"),
        )
        if rm is None:
            return None
        num = self.expression(rm, "numerator", rid, Type.NUMBER)
        den = self.expression(rm, "denominator", rid, Type.NUMBER)
        times = self.number(rm, "times", rid, default=Decimal(1))
        policy = self.number(rm, "if_denominator_not_positive", rid)
        if num is None or den is None or times is None or policy is None:
            return None
        return ValueRule(ratio=Ratio(num, den, times, policy))

    def parse_derived(self, doc: LineDict) -> tuple[Derived, ...]:
        if "derived" not in doc:
            return ()
        seq = self.sequence(doc["derived"], doc.line_of("derived"), "derived", "'derived'")
        if seq is None:
            return ()
        result = []
        for index, item in enumerate(seq):
            m = self.mapping(
                item,
                seq.line_of(index),
                self.peek_id(item, f"derived[{index + 1}]"),
                "a derived value",
                ("id", "label", "unit", "value", "description"),
                ("id", "label", "value"),
            )
            if m is None:
                continue
            did = m.get("id")
            if isinstance(did, str) and KEY_RE.match(did) and did in self.symbols:
                self.add(m.line_of("id"), did, f"derived value '{did}' has the name of an input")
                continue
            did = self.identifier(m, f"derived[{index + 1}]", "derived value")
            if did is None:
                continue
            rule = self.value_rule(m, "value", did)
            if rule is not None:
                result.append(
                    Derived(
                        did, self.label(m, "label", did), self.text(m, "unit", did), rule, m.line
                    )
                )
            self.symbols[did] = Symbol(Type.NUMBER)
        return tuple(result)

    def parse_gates(self, value: Any, line: int) -> tuple[Gate, ...]:
        seq = self.sequence(value, line, "gates", "'gates'")
        if seq is None:
            return ()
        gates = []
        for index, item in enumerate(seq):
            m = self.mapping(
                item,
                seq.line_of(index),
                self.peek_id(item, f"gates[{index + 1}]"),
                "a gate",
                ("id", "label", "require", "reason", "description"),
                ("id", "require", "reason"),
            )
            if m is None:
                continue
            gid = self.identifier(m, f"gates[{index + 1}]", "gate")
            if gid is None:
                continue
            require = self.expression(m, "require", gid, Type.BOOL)
            reason = self.label(m, "reason", gid)
            label = self.label(m, "label", gid, required=False) if "label" in m else reason
            if require is not None:
                gates.append(Gate(gid, label, require, reason, m.line))
        return tuple(gates)

    # -- quantitative ----------------------------------------------------------
    def parse_quantitative(self, value: Any, line: int) -> tuple | None:
        m = self.mapping(
            value,
            line,
            "quantitative",
            "'quantitative'",
            ("total", "clamp", "curve", "groups"),
            ("total", "clamp", "groups"),
        )
        if m is None:
            return None
        total = self.number(m, "total", "quantitative", positive=True)
        clamp = self.pair(m, "clamp", "quantitative")
        at_basic = Decimal("0.6")
        if "curve" in m:
            cm = self.mapping(
                m["curve"],
                m.line_of("curve"),
                "quantitative",
                "'curve'",
                ("at_basic",),
                ("at_basic",),
            )
            if cm is not None and "at_basic" in cm:
                share = self.number(cm, "at_basic", "quantitative", positive=True)
                if share is not None and share >= 1:
                    self.add(cm.line_of("at_basic"), "quantitative", "at_basic must be below 1")
                elif share is not None:
                    at_basic = share
        groups = []
        seq = self.sequence(m.get("groups"), m.line_of("groups"), "quantitative", "'groups'")
        for index, item in enumerate(seq or ()):
            group = self.group(item, seq.line_of(index), index)  # type: ignore[union-attr]
            if group is not None:
                groups.append(group)
        if total is not None and groups and all(g.weight is not None for g in groups):
            weights = sum(g.weight for g in groups)
            if weights != total:
                self.add(
                    m.line_of("groups"),
                    "quantitative",
                    f"group weights add up to {weights}, the declared total is {total}",
                )
        if total is None or clamp is None:
            return None
        return total, clamp, at_basic, tuple(groups)

    def pair(self, m: LineDict, key: str, rid: str) -> tuple[Decimal, Decimal] | None:
        seq = self.sequence(m.get(key), m.line_of(key), rid, f"'{key}'")
        if seq is None:
            return None
        if len(seq) != 2:
            self.add(m.line_of(key), rid, f"'{key}' needs two numbers: [low, high]")
            return None
        low = self.as_number(seq[0], seq.line_of(0), rid, f"{key} low")
        high = self.as_number(seq[1], seq.line_of(1), rid, f"{key} high")
        if low is None or high is None:
            return None
        if low >= high:
            self.add(m.line_of(key), rid, f"'{key}': low {low} must be below high {high}")
            return None
        return low, high

    def group(self, item: Any, line: int, index: int) -> Group | None:
        m = self.mapping(
            item,
            line,
            self.peek_id(item, f"groups[{index + 1}]"),
            "a group",
            ("id", "label", "weight", "indicators", "description"),
            ("id", "label", "weight", "indicators"),
        )
        if m is None:
            return None
        gid = self.identifier(m, f"groups[{index + 1}]", "group")
        if gid is None:
            return None
        self.declared.setdefault("groups", []).append(gid)
        weight = self.number(m, "weight", gid, positive=True)
        indicators = []
        seq = self.sequence(m.get("indicators"), m.line_of("indicators"), gid, "'indicators'")
        for i, entry in enumerate(seq or ()):
            indicator = self.indicator(entry, seq.line_of(i), gid)  # type: ignore[union-attr]
            if indicator is not None:
                indicators.append(indicator)
        if seq is not None and not seq:
            self.add(m.line_of("indicators"), gid, "a group needs at least one indicator")
        if weight is not None and indicators and len(indicators) == len(seq or ()):
            total = sum(i.weight for i in indicators)
            if total != weight:
                self.add(
                    m.line_of("weight"),
                    gid,
                    f"indicator weights add up to {total}, the group weight is {weight}",
                )
        if weight is None:
            return None
        return Group(gid, self.label(m, "label", gid), weight, tuple(indicators), m.line)

    def indicator(self, item: Any, line: int, group: str) -> Indicator | None:
        m = self.mapping(
            item,
            line,
            self.peek_id(item, group),
            "an indicator",
            ("id", "label", "unit", "weight", "value", "levels", "bands", "description"),
            ("id", "label", "weight", "value"),
        )
        if m is None:
            return None
        iid = self.identifier(m, group, "indicator")
        if iid is None:
            return None
        self.declared.setdefault("indicators", []).append(iid)
        weight = self.number(m, "weight", iid, positive=True)
        rule = self.value_rule(m, "value", iid)
        if ("levels" in m) == ("bands" in m):
            self.add(
                m.line,
                iid,
                "an indicator needs either 'levels' (scoring curve) or "
                "'bands' (band table), not both",
            )
            return None
        by, levels, bands = None, None, None
        if "levels" in m:
            by, levels = self.by_cases(m, "levels", iid, self.levels)
        else:
            by, bands = self.by_cases(
                m, "bands", iid, lambda v, ln, r: self.bands(v, ln, r, weight)
            )
        if weight is None or rule is None or (levels is None and bands is None):
            return None
        return Indicator(
            iid,
            group,
            self.label(m, "label", iid),
            self.text(m, "unit", iid),
            weight,
            rule,
            by,
            levels,
            bands,
            m.line,
        )

    def by_cases(self, m: LineDict, key: str, rid: str, parse) -> tuple[str | None, Any]:
        value, line = m[key], m.line_of(key)
        if not (isinstance(value, LineDict) and "by" in value):
            one = parse(value, line, rid)
            return None, (MappingProxyType({DEFAULT_CASE: one}) if one is not None else None)
        by = value["by"]
        spec = self.inputs.get(by) if isinstance(by, str) else None
        if spec is None or spec.kind != "enum":
            enums = [k for k, s in self.inputs.items() if s.kind == "enum"]
            self.add(
                value.line_of("by"),
                rid,
                f"by: '{by}' is not a choice (enum) input{did_you_mean(str(by), enums)}",
            )
            return None, None
        cases: dict[str, Any] = {}
        ok = True
        for case, sub in value.items():
            if case == "by":
                continue
            if case not in spec.values and case != DEFAULT_CASE:
                self.add(
                    value.line_of(case),
                    rid,
                    f"'{case}' is not a value of {by}"
                    f"{did_you_mean(str(case), list(spec.values) + [DEFAULT_CASE])}",
                )
                ok = False
                continue
            parsed = parse(sub, value.line_of(case), f"{rid}[{case}]")
            ok = ok and parsed is not None
            cases[case] = parsed
        missing = [v for v in spec.values if v not in cases]
        if missing and DEFAULT_CASE not in cases:
            self.add(
                line,
                rid,
                f"{key} for {by} {', '.join(missing)} are missing (add them or a '{DEFAULT_CASE}')",
            )
            ok = False
        return by, (MappingProxyType(cases) if ok else None)

    def levels(self, value: Any, line: int, rid: str) -> Levels | None:
        m = self.mapping(value, line, rid, "levels", ("basic", "full"), ("basic", "full"))
        if m is None:
            return None
        basic = self.number(m, "basic", rid)
        full = self.number(m, "full", rid)
        if basic is None or full is None:
            return None
        if basic <= 0:
            self.add(m.line_of("basic"), rid, f"basic level b = {basic} must be greater than 0")
            return None
        if basic >= full:
            self.add(
                m.line,
                rid,
                f"basic level b = {basic} must be below full-marks level f = {full} (b ≥ f)",
            )
            return None
        return Levels(basic, full)

    def bands(
        self, value: Any, line: int, rid: str, weight: Decimal | None
    ) -> tuple[Band, ...] | None:
        seq = self.sequence(value, line, rid, "bands")
        if seq is None:
            return None
        if not seq:
            self.add(line, rid, "a band table needs at least one band")
            return None
        bands: list[Band] = []
        ok = True
        for index, item in enumerate(seq):
            bl = seq.line_of(index)
            m = self.mapping(item, bl, rid, "a band", ("from", "below", "points"), ("points",))
            if m is None:
                ok = False
                continue
            lower = self.number(m, "from", rid)
            upper = self.number(m, "below", rid)
            points = self.number(m, "points", rid, non_negative=True)
            if (
                points is None
                or ("from" in m and lower is None)
                or ("below" in m and upper is None)
            ):
                ok = False
                continue
            if weight is not None and points > weight:
                self.add(bl, rid, f"band points {points} exceed the weight {weight}")
                ok = False
            if lower is not None and upper is not None and lower >= upper:
                self.add(bl, rid, f"band 'from {lower}' must be below 'below {upper}'")
                ok = False
            if index == 0 and lower is not None:
                self.add(
                    bl,
                    rid,
                    f"gap: values below {lower} match no band (leave out 'from' in the first band)",
                )
                ok = False
            if index == len(seq) - 1 and upper is not None:
                self.add(
                    bl,
                    rid,
                    f"gap: values from {upper} up match no band (leave out "
                    "'below' in the last band)",
                )
                ok = False
            if bands:
                prev = bands[-1]
                if prev.upper is None:
                    self.add(bl, rid, "overlap: the previous band has no upper bound")
                    ok = False
                elif lower is None:
                    self.add(
                        bl,
                        rid,
                        f"overlap: this band has no lower bound but the previous "
                        f"one ends below {prev.upper}",
                    )
                    ok = False
                elif lower < prev.upper:
                    self.add(
                        bl,
                        rid,
                        f"overlap: band from {lower} starts below the previous "
                        f"band's end {prev.upper}",
                    )
                    ok = False
                elif lower > prev.upper:
                    self.add(
                        bl, rid, f"gap: values from {prev.upper} to below {lower} match no band"
                    )
                    ok = False
            bands.append(Band(lower, upper, points))
        return tuple(bands) if ok else None

    # -- bonus, penalties, expert review, composite, recommendation, ranking -------
    def parse_adjustments(self, value: Any, line: int, rid: str) -> AdjustmentSection:
        m = self.mapping(value, line, rid, f"'{rid}'", ("cap", "items"), ("items",))
        if m is None:
            return AdjustmentSection()
        cap = self.number(m, "cap", rid, positive=True)
        seq = self.sequence(m.get("items"), m.line_of("items"), rid, "'items'")
        items = []
        for index, item in enumerate(seq or ()):
            im = self.mapping(
                item,
                seq.line_of(index),  # type: ignore[union-attr]
                self.peek_id(item, f"{rid}[{index + 1}]"),
                "an item",
                ("id", "label", "when", "points", "cap", "description"),
                ("id", "label", "points"),
            )
            if im is None:
                continue
            iid = self.identifier(im, f"{rid}[{index + 1}]", "item")
            if iid is None:
                continue
            when = self.expression(im, "when", iid, Type.BOOL)
            points = self.expression(im, "points", iid, Type.NUMBER)
            item_cap = self.number(im, "cap", iid, positive=True)
            if item_cap is not None and cap is not None and item_cap > cap:
                self.add(im.line_of("cap"), iid, f"item cap {item_cap} exceeds the total cap {cap}")
            if points is not None and ("when" not in im or when is not None):
                items.append(
                    Adjustment(iid, self.label(im, "label", iid), when, points, item_cap, im.line)
                )
        return AdjustmentSection(tuple(items), cap)

    def parse_expert(self, value: Any, line: int) -> ExpertReview | None:
        rid = "expert_review"
        m = self.mapping(
            value,
            line,
            rid,
            f"'{rid}'",
            ("total", "step", "criteria", "panel"),
            ("total", "step", "criteria", "panel"),
        )
        if m is None:
            return None
        total = self.number(m, "total", rid, positive=True)
        step = self.number(m, "step", rid, positive=True)
        criteria = []
        seq = self.sequence(m.get("criteria"), m.line_of("criteria"), rid, "'criteria'")
        for index, item in enumerate(seq or ()):
            cm = self.mapping(
                item,
                seq.line_of(index),
                self.peek_id(item, rid),  # type: ignore
                "a criterion",
                ("id", "label", "max", "description"),
                ("id", "label", "max"),
            )
            if cm is None:
                continue
            cid = self.identifier(cm, rid, "criterion")
            maximum = self.number(cm, "max", cid or rid, positive=True)
            if cid is None or maximum is None:
                continue
            if step is not None and maximum % step != 0:
                self.add(cm.line_of("max"), cid, f"max {maximum} is not a multiple of {step}")
            criteria.append(Criterion(cid, self.label(cm, "label", cid), maximum))
        if total is not None and criteria and sum(c.maximum for c in criteria) != total:
            self.add(
                m.line_of("criteria"),
                rid,
                f"criteria maxima add up to "
                f"{sum(c.maximum for c in criteria)}, the declared total is {total}",
            )
        rules = []
        seq = self.sequence(m.get("panel"), m.line_of("panel"), rid, "'panel'")
        for index, item in enumerate(seq or ()):
            pm = self.mapping(
                item,
                seq.line_of(index),
                rid,
                "a panel rule",  # type: ignore
                ("min_reviews", "drop_highest", "drop_lowest"),
                ("min_reviews",),
            )
            if pm is None:
                continue
            n = self.number(pm, "min_reviews", rid, positive=True, integer=True)
            hi = self.number(
                pm, "drop_highest", rid, default=Decimal(0), non_negative=True, integer=True
            )
            lo = self.number(
                pm, "drop_lowest", rid, default=Decimal(0), non_negative=True, integer=True
            )
            if n is None or hi is None or lo is None:
                continue
            if hi + lo >= n:
                self.add(pm.line, rid, f"dropping {hi + lo} of {n} reviews leaves none")
                continue
            if any(r.min_reviews == n for r in rules):
                self.add(pm.line, rid, f"two panel rules for min_reviews {n}")
                continue
            rules.append(PanelRule(int(n), int(hi), int(lo)))
        if seq is not None and not seq:
            self.add(m.line_of("panel"), rid, "at least one panel rule is needed")
        if total is None or step is None:
            return None
        rules.sort(key=lambda r: -r.min_reviews)
        return ExpertReview(total, step, tuple(criteria), tuple(rules))

    def parse_composite(self, value: Any, line: int) -> tuple[Decimal, Decimal] | None:
        m = self.mapping(
            value,
            line,
            "composite",
            "'composite'",
            ("quantitative", "panel"),
            ("quantitative", "panel"),
        )
        if m is None:
            return None
        q = self.number(m, "quantitative", "composite", non_negative=True)
        p = self.number(m, "panel", "composite", non_negative=True)
        if q is None or p is None:
            return None
        if q + p != 1:
            self.add(m.line, "composite", f"composite weights add up to {q + p}, not 1")
            return None
        return q, p

    def parse_recommendation(self, value: Any, line: int) -> Recommendation | None:
        rid = "recommendation"
        m = self.mapping(
            value,
            line,
            rid,
            f"'{rid}'",
            ("outcomes", "when_ineligible", "when_no_panel", "bands"),
            ("outcomes", "when_ineligible", "when_no_panel", "bands"),
        )
        if m is None:
            return None
        outcomes: dict[str, Label] = {}
        om = m.get("outcomes")
        if isinstance(om, LineDict):
            for key in om:
                if not isinstance(key, str) or not KEY_RE.match(key):
                    self.add(
                        om.line_of(key),
                        rid,
                        f"outcome '{key}' must be lowercase letters, digits, '_'",
                    )
                    continue
                outcomes[key] = self.label(om, key, rid)
        else:
            self.add(m.line_of("outcomes"), rid, "'outcomes' must map outcome: label")

        def outcome(v: Any, ln: int) -> str | None:
            if v not in outcomes:
                self.add(ln, rid, f"unknown outcome '{v}'{did_you_mean(str(v), outcomes)}")
                return None
            return v

        ineligible = outcome(m.get("when_ineligible"), m.line_of("when_ineligible"))
        pending = outcome(m.get("when_no_panel"), m.line_of("when_no_panel"))
        bands: list[RecommendationBand] = []
        seq = self.sequence(m.get("bands"), m.line_of("bands"), rid, "'bands'")
        for index, item in enumerate(seq or ()):
            bl = seq.line_of(index)  # type: ignore[union-attr]
            bm = self.mapping(item, bl, rid, "a band", ("min", "outcome"), ("outcome",))
            if bm is None:
                continue
            minimum = self.number(bm, "min", rid)
            name = outcome(bm.get("outcome"), bm.line_of("outcome"))
            last = index == len(seq) - 1  # type: ignore[arg-type]
            if last and "min" in bm:
                self.add(bl, rid, "the last band must have no 'min' (it takes everything below)")
            if not last and "min" not in bm:
                self.add(bl, rid, "only the last band may leave out 'min'")
            if (
                bands
                and minimum is not None
                and bands[-1].minimum is not None
                and minimum >= bands[-1].minimum
            ):
                self.add(
                    bl,
                    rid,
                    f"overlap: band min {minimum} must be below the previous "
                    f"band's min {bands[-1].minimum}",
                )
            if name is not None:
                bands.append(RecommendationBand(minimum, name))
        if None in (ineligible, pending) or not bands:
            return None
        return Recommendation(
            MappingProxyType(outcomes),
            ineligible,
            pending,  # type: ignore
            tuple(bands),
        )

    def parse_ranking(
        self, value: Any, line: int, groups: tuple[Group, ...], derived: tuple[Derived, ...]
    ) -> tuple[RankKey, ...]:
        seq = self.sequence(value, line, "ranking", "'ranking'")
        vocabulary = list(RANK_FIXED) + [g.id for g in groups] + [d.id for d in derived]
        for g in groups:
            for i in g.indicators:
                vocabulary += [f"{i.id}.value", f"{i.id}.points"]
        keys = []
        for index, item in enumerate(seq or ()):
            m = self.mapping(
                item,
                seq.line_of(index),
                "ranking",
                "a ranking key",  # type: ignore
                ("by", "order"),
                ("by", "order"),
            )
            if m is None:
                continue
            by, order = m.get("by"), m.get("order")
            if by not in vocabulary:
                self.add(
                    m.line_of("by"),
                    "ranking",
                    f"unknown ranking key '{by}'{did_you_mean(str(by), vocabulary)}",
                )
                continue
            if order not in ("descending", "ascending"):
                self.add(
                    m.line_of("order"),
                    "ranking",
                    "order must be 'descending' or "
                    f"'ascending'{did_you_mean(str(order), ['descending', 'ascending'])}",
                )
                continue
            keys.append(RankKey(by, order == "descending"))
        return tuple(keys)

    # -- embedded test cases ------------------------------------------------------
    def parse_tests(
        self,
        doc: LineDict,
        groups: tuple[Group, ...],
        bonus: AdjustmentSection,
        penalties: AdjustmentSection,
    ) -> tuple[EmbeddedCase, ...]:
        if "tests" not in doc:
            return ()
        seq = self.sequence(doc["tests"], doc.line_of("tests"), "tests", "'tests'")
        cases: dict[str, EmbeddedCase] = {}
        ids = {
            "indicators": self.declared.get("indicators", []),
            "values": self.declared.get("indicators", []),
            "groups": self.declared.get("groups", []),
            "bonus_items": [i.id for i in bonus.items],
            "penalty_items": [i.id for i in penalties.items],
        }
        for index, item in enumerate(seq or ()):
            line = seq.line_of(index)  # type: ignore[union-attr]
            m = self.mapping(
                item,
                line,
                f"tests[{index + 1}]",
                "a test case",
                (
                    "name",
                    "description",
                    "extends",
                    "input",
                    "without",
                    "reviews",
                    "source",
                    "expect",
                    "expect_problems",
                ),
                ("name",),
            )
            if m is None:
                continue
            name = m.get("name")
            rid = f"test '{name}'"
            if not isinstance(name, str) or not name or name in cases:
                self.add(m.line_of("name"), "tests", f"test name '{name}' missing or repeated")
                continue
            data: dict[str, Any] = {}
            reviews = None
            source = "scoring"
            if "extends" in m:
                base = cases.get(m["extends"])
                if base is None:
                    self.add(
                        m.line_of("extends"),
                        rid,
                        f"extends: no earlier test "
                        f"'{m['extends']}'{did_you_mean(str(m['extends']), cases)}",
                    )
                    continue
                data, reviews, source = dict(base.data), base.reviews, base.source
            if "input" in m:
                if not isinstance(m["input"], LineDict):
                    self.add(m.line_of("input"), rid, "'input' must be a mapping")
                    continue
                data.update(m["input"])
            for key in m.get("without") or ():
                data.pop(key, None)
            if "reviews" in m:
                reviews = self.test_reviews(m, rid)
            if "source" in m:
                source = m["source"]
                if source not in SOURCES:
                    self.add(
                        m.line_of("source"),
                        rid,
                        f"source must be one of "
                        f"{', '.join(SOURCES)}{did_you_mean(str(source), SOURCES)}",
                    )
            expect = m.get("expect", LineDict())
            problems = m.get("expect_problems")
            if ("expect" in m) == ("expect_problems" in m):
                self.add(line, rid, "a test needs 'expect' or 'expect_problems' (one of them)")
                continue
            if "expect" in m:
                em = self.mapping(expect, m.line_of("expect"), rid, "'expect'", EXPECT_KEYS)
                if em is None:
                    continue
                for key, known in ids.items():
                    sub = em.get(key)
                    if sub is None:
                        continue
                    if not isinstance(sub, LineDict):
                        self.add(em.line_of(key), rid, f"expect.{key} must map id: value")
                        continue
                    for k in sub:
                        if k not in known:
                            self.add(
                                sub.line_of(k),
                                rid,
                                f"expect.{key}: unknown id '{k}'{did_you_mean(str(k), known)}",
                            )
            elif not isinstance(problems, LineList) or not all(
                isinstance(p, str) for p in problems
            ):
                self.add(
                    m.line_of("expect_problems"),
                    rid,
                    "expect_problems must list the keys expected to be refused",
                )
                continue
            cases[name] = EmbeddedCase(
                name=name,
                line=line,
                data=MappingProxyType(data),
                reviews=reviews,
                expect=expect,
                source=source,
                expect_problems=tuple(problems) if problems is not None else None,
            )
        return tuple(cases.values())

    def test_reviews(self, m: LineDict, rid: str) -> tuple[Decimal, ...] | None:
        value = m["reviews"]
        if value is None:
            return None
        seq = self.sequence(value, m.line_of("reviews"), rid, "'reviews'")
        if seq is None:
            return None
        out = []
        for index, item in enumerate(seq):
            number = self.as_number(item, seq.line_of(index), rid, "reviews")
            if number is not None:
                out.append(number)
        return tuple(out)
