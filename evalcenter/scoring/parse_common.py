"""Parser state, problem collection and the field helpers every rule-file section uses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .errors import ExpressionError, RuleProblem
from .expressions import Expression, Symbol, Type, compile_expression, did_you_mean
from .model import InputSpec, Label, Ratio, ValueRule
from .yaml_source import BadNumber, LineDict, LineList

ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
_MISSING = object()


class ParserBase:
    """State shared by all sections: problems found so far, ids, lists, inputs and symbols."""

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

    # -- values (shared by derived values and indicators) ----------------------
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
