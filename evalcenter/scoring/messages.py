"""The engine's vocabulary: exact arithmetic, errors, bilingual labels, and the shape of
problems and trace steps (a ``code`` and parameters; :mod:`evalcenter.explain` renders them).
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from typing import Any, NamedTuple

# -- numbers: every calculation runs in CONTEXT (Python's default, made explicit) ---------
_TRAPS = [decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow]
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN, Emin=-999999, Emax=999999, traps=_TRAPS)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HALF_UP = ROUND_HALF_UP
_FOUR = Decimal("0.0001")


def cents(value: Decimal) -> Decimal:
    """Round to two decimal places, half-up (0.125 -> 0.13, -0.125 -> -0.13)."""
    return value.quantize(CENT, ROUND_HALF_UP, CONTEXT)


def plain(value: Decimal) -> str:
    """A number without exponent and without superfluous trailing zeros."""
    text = str(value)
    if "E" not in text:
        return text.rstrip("0").rstrip(".") if "." in text else text
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1), context=CONTEXT))
    text = str(value.normalize(CONTEXT))
    return text if "E" not in text else format(value, "f").rstrip("0").rstrip(".")


def show(value: Decimal | None) -> str:
    """A value for reading: exact up to four decimals, else rounded with '≈'."""
    global _SHOWN
    last = _SHOWN  # a value is shown twice in a row (its step, then its points' step)
    if last[0] is value:
        return last[1]
    text = str(value)
    point = text.find(".")
    if value is None:
        return "none"
    if "E" in text:
        if value.as_tuple()[2] >= -4:
            return plain(value)
        text = "≈" + plain(value.quantize(_FOUR, HALF_UP, CONTEXT))
    elif len(text) - point > 5 and point >= 0:
        text = str(value.quantize(_FOUR, HALF_UP, CONTEXT))
        text = "≈" + (plain(Decimal(text)) if "E" in text else text.rstrip("0").rstrip("."))
    elif point >= 0:
        text = text.rstrip("0").rstrip(".")
    _SHOWN = (value, text)
    return text


_SHOWN: tuple[Any, str] = (None, "none")


def two(value: Decimal) -> str:
    """A number with exactly two decimals."""
    text = str(value)
    return text if text[-3:-2] == "." and "E" not in text else f"{value:.2f}"


def fmt2(value: Decimal | None) -> str | None:
    """Two decimals (``None`` stays ``None``)."""
    return None if value is None else two(value)


class _Memo(dict):
    """``fn`` of a value, remembered (every zero, -0 too, shows as ``fn(0)``)."""

    def __init__(self, fn: Callable[[Any], str]) -> None:
        super().__init__({ZERO: fn(ZERO)})
        self.fn = fn

    def __missing__(self, value: Any) -> str:
        if len(self) > 50_000:
            self.clear()
        self[value] = text = self.fn(value)
        return text


FMT2, PLAIN = _Memo(two).__getitem__, _Memo(plain).__getitem__


def N_(msgid: str) -> str:  # noqa: N802 -- the conventional no-op gettext marker
    """Mark ``msgid`` for extraction; it is translated when rendered."""
    return msgid


class Label(NamedTuple):
    """A bilingual name or message from the rule file (or built from one)."""

    en: str
    zh: str

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rule file, printed as ``file:line: rule-id: message``."""

    file: str
    line: int
    rule_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule_id}: {self.message}"


class RulesetError(Exception):
    """A rule file was refused; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[RuleProblem]):
        self.problems: tuple[RuleProblem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RulesetIntegrityError(RulesetError):
    """A rule file's sha256 no longer matches the published one."""


class ExpressionError(Exception):
    """An expression was refused; ``messages`` lists every problem found in it."""

    def __init__(self, messages: Iterable[str]):
        self.messages: tuple[str, ...] = tuple(messages)
        super().__init__("; ".join(self.messages))


class InputError(ValueError):
    """Application data (or review scores) were refused; ``problems`` lists them all."""

    def __init__(self, problems: Iterable[object]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Msg(str):
    """A msgid used as a parameter: translated (and filled) when rendered."""

    params: Mapping[str, Any] = {}

    def __new__(cls, msgid: str, **params: Any) -> Msg:
        self = super().__new__(cls, msgid)
        self.params = params
        return self


# msgids of the texts the engine puts into parameters (rendered with the problem or step)
FRAGMENTS = {
    "reviewer": N_("Reviewer total no. %(number)s"),
    "usccname": N_("The unified social credit code"),
    "got_text": N_('text "%(text)s"'),
    "got_bool": N_("true/false"),
    "got_list": N_("a list"),
    "got_object": N_("an object"),
    "got_null": N_("empty (null)"),
    "got_number": N_("a number"),
    "got_other": N_("this value"),
    "top": N_("the top level"),
}

_CURVE = "value basic full case weight at_basic rest points"
_OUTCOME = "outcome composite minimum"
PARAMS: dict[str, tuple[str, ...]] = {
    code: tuple(names.split())
    for code, names in {
        "ruleset": "id version effective_date sha256",
        "derived": "formula value",
        "derived_zero_denominator": "value denominator den_value",
        "gate_passed": "label",
        "gate_failed": "reason",
        "eligible": "count",
        "ineligible": "failed",
        "value": "label formula value unit inputs",
        "value_zero_denominator": "label value denominator den_value inputs",
        **{f"points_{b}": _CURVE for b in ("full", "between", "up_to_basic", "not_positive")},
        "points_band": "value band case points",
        "group": "label parts total",
        "base": "parts total",
        **dict.fromkeys(("item", "item_not_applicable"), "label raw capped points"),
        **dict.fromkeys(("bonus", "penalty"), "parts sum capped total"),
        "quantitative": "base bonus penalty low high total",
        "panel": "count reviews dropped used score",
        "panel_none": "count minimum",
        "composite": "w_quantitative quantitative w_panel panel composite",
        "composite_none": "",
        **{f"recommendation_{k}": _OUTCOME for k in ("ineligible", "pending", "band", "lowest")},
    }.items()
}
ARITY = {code: 2 + len(names) for code, names in PARAMS.items()}  # code, subject, values


class TraceStep(NamedTuple):
    """One evaluation step: ``code``, ``subject`` (rule id) and values lining up with ``PARAMS``."""

    code: str
    subject: str
    values: tuple

    @property
    def params(self) -> dict[str, Any]:
        """Parameter name -> value (``inputs`` as a name -> value dict)."""
        params = dict(zip(PARAMS[self.code], self.values, strict=True))
        if "inputs" in params:
            params["inputs"] = dict(params["inputs"])
        return params

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (numbers as strings, labels as ``{"en", "zh"}``); renderable as stored."""
        params = {k: json_ready(v) for k, v in self.params.items()}
        return {"code": self.code, "subject": self.subject, "params": params}


def json_ready(value: Any) -> Any:
    """A parameter as JSON: labels as ``{"en", "zh"}``, numbers as strings."""
    if isinstance(value, Label):
        return {"en": value.en, "zh": value.zh}
    if isinstance(value, Msg):
        return {"msgid": str(value), "params": json_ready(value.params)}
    if isinstance(value, tuple | list):
        return [json_ready(v) for v in value]
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if hasattr(value, "points"):  # a band
        bounds = {"from": value.lower, "below": value.upper, "points": value.points}
        return {k: None if v is None else str(v) for k, v in bounds.items()}
    return value if value is None or isinstance(value, bool | int | str) else str(value)
