"""Every user-facing text of the engine: gettext msgids keyed by code, and their rendering.

Problems and trace steps carry a ``code`` and parameters only. The English
templates below are msgids (marked with :func:`N_` for ``pybabel extract``);
rendering takes a translate callable (``flask_babel.gettext`` in the web
application, :func:`catalogue` in the command line) and a ``chinese`` flag
that picks the ``zh`` or ``en`` side of bilingual labels from the rule file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

Translate = Callable[[str], str]

# -- numbers: every calculation runs in CONTEXT (Python's default, made explicit) ---------
CONTEXT = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emin=-999999,
    Emax=999999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
ONE = Decimal(1)
HALF_UP = ROUND_HALF_UP


def cents(value: Decimal) -> Decimal:
    """Round to two decimal places, half-up (0.125 -> 0.13, -0.125 -> -0.13)."""
    return value.quantize(CENT, ROUND_HALF_UP, CONTEXT)


def plain(value: Decimal) -> str:
    """Format a number without exponent and without superfluous trailing zeros."""
    text = str(value)
    if "E" not in text:
        return text.rstrip("0").rstrip(".") if "." in text else text
    if value == value.to_integral_value():
        return str(value.quantize(ONE, context=CONTEXT))
    text = str(value.normalize(CONTEXT))
    return text if "E" not in text else format(value, "f").rstrip("0").rstrip(".")


_FOUR = Decimal("0.0001")


def show(value: Decimal | None) -> str:
    """A value for reading: exact up to four decimals, else rounded with '≈'."""
    if value is None:
        return "none"
    text = str(value)
    point = text.find(".")
    if point < 0 or len(text) - point <= 5 if "E" not in text else value.as_tuple()[2] >= -4:
        return plain(value)
    return "≈" + plain(value.quantize(_FOUR, HALF_UP, CONTEXT))


def two(value: Decimal) -> str:
    """Format a number with exactly two decimals."""
    text = str(value)
    return text if text[-3:-2] == "." and "E" not in text else f"{value:.2f}"


def fmt2(value: Decimal | None) -> str | None:
    """Two decimals (``None`` stays ``None``)."""
    return None if value is None else two(value)


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


def identity(msgid: str) -> str:
    """The translate callable for English: msgids are English."""
    return msgid


@functools.lru_cache(maxsize=4)
def catalogue(language: str = "zh_CN") -> Translate:
    """The Babel catalogue of ``language`` (no Flask); English or a missing catalogue: identity."""
    if language.startswith("en"):
        return identity
    from babel import Locale
    from babel.support import Translations

    directory = Path(__file__).resolve().parent.parent / "translations"
    translations = Translations.load(str(directory), [Locale.parse(language)])
    return translations.gettext


PROBLEMS: dict[str, str] = {
    "not_an_object": N_("The application data must be a JSON object."),
    "missing": N_("%(name)s is missing."),
    "unknown_key": N_("'%(key)s' is not a field of the application; remove it%(hint)s."),
    "set_by_admin": N_(
        "%(name)s is set by administrators at the formal check and cannot be supplied with an "
        "application; remove it."
    ),
    "not_a_number": N_("%(name)s must be a number, not %(got)s."),
    "not_finite": N_("%(name)s must be a real number (NaN and infinity are not allowed)."),
    "not_an_integer": N_(
        "%(name)s must be a whole number written without a decimal point, e.g. 7."
    ),
    "too_many_decimals": N_(
        "%(name)s may have at most %(places)s decimal place(s); got %(value)s."
    ),
    "too_large": N_("%(name)s is too large: at most %(limit)s in magnitude."),
    "below_minimum": N_("%(name)s must be at least %(limit)s; got %(value)s."),
    "not_above": N_("%(name)s must be greater than %(limit)s; got %(value)s."),
    "above_maximum": N_("%(name)s must be at most %(limit)s; got %(value)s."),
    "exceeds_whole": N_("%(name)s (%(value)s) cannot be larger than %(other)s (%(other_value)s)."),
    "not_a_boolean": N_("%(name)s must be true or false, not %(got)s."),
    "not_text": N_("%(name)s must be text, not %(got)s."),
    "not_a_choice": N_("%(name)s must be one of %(choices)s; got %(value)s%(hint)s."),
    "too_short": N_("%(name)s must have at least %(limit)s characters."),
    "too_long": N_("%(name)s must have at most %(limit)s characters (it has %(count)s)."),
    "control_characters": N_("%(name)s contains invisible control characters; retype it."),
    "bad_characters": N_(
        "%(name)s contains a character that cannot be stored (a lone surrogate); retype it."
    ),
    "bad_uscc": N_(
        "%(name)s is not valid: a unified social credit code has 18 characters, digits and "
        "capital letters except I, O, Z, S and V, the last one being the check character; "
        "compare it with the business licence."
    ),
    "empty": N_("%(name)s must be filled in before submitting."),
    "review_not_a_number": N_("%(name)s must be a number."),
    "review_out_of_range": N_("%(name)s must be between 0 and %(maximum)s."),
    "review_not_a_multiple": N_("%(name)s must be a multiple of %(step)s."),
    "review_missing": N_("%(name)s is not filled in."),
    "review_unknown_key": N_("%(name)s is not a criterion of this ruleset."),
    "arithmetic": N_("The rule file's arithmetic failed at %(subject)s (%(error)s)."),
    "json_syntax": N_("Not valid JSON: %(error)s (line %(line)s, column %(column)s)."),
    "json_encoding": N_("The file is not UTF-8 text."),
    "json_surrogate": N_("The text at %(where)s holds a lone surrogate, which is not a character."),
    "json_too_deep": N_("The data is nested more than %(limit)s levels deep at %(where)s."),
    "json_number": N_("The number at %(where)s is too long or too large: %(number)s"),
    "json_duplicate_key": N_(
        "The key '%(key)s' appears more than once in the object at %(where)s."
    ),
}

FRAGMENTS = {
    "hint": N_(" (did you mean '%(word)s'?)"),
    "case": N_(" (for %(by)s %(case)s)"),
    "capped": N_(" (capped at %(cap)s)"),
    "dropped": N_("dropped highest %(highest)s and lowest %(lowest)s; "),
    "reviewer": N_("Reviewer total no. %(number)s"),
    "criterion": N_("The score for %(criterion)s"),
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

STEPS: dict[str, str] = {
    "ruleset": N_(
        "Ruleset %(id)s version %(version)s, effective %(effective_date)s (sha256 %(sha256)s)"
    ),
    "derived": N_("%(subject)s = %(formula)s = %(value)s"),
    "derived_zero_denominator": N_(
        "%(subject)s = %(value)s: the denominator %(denominator)s is %(den_value)s "
        "(≤ 0, denominator is zero)"
    ),
    "gate_passed": N_("%(subject)s passed: %(label)s"),
    "gate_failed": N_("%(subject)s failed: %(reason)s"),
    "eligible": N_("Eligible: all %(count)s gates passed"),
    "ineligible": N_("Not eligible: failed %(failed)s (still scored for information)"),
    "value": N_("%(subject)s %(label)s: value = %(formula)s = %(value)s%(unit)s%(inputs)s"),
    "value_zero_denominator": N_(
        "%(subject)s %(label)s: value = %(value)s because the denominator %(denominator)s is "
        "%(den_value)s (≤ 0, denominator is zero)%(inputs)s"
    ),
    "points_full": N_(
        "%(subject)s: %(value)s ≥ full-marks level f = %(full)s%(case)s → full weight %(points)s"
    ),
    "points_between": N_(
        "%(subject)s: b = %(basic)s < %(value)s < f = %(full)s%(case)s → %(weight)s × "
        "(%(at_basic)s + %(rest)s × (%(value)s − %(basic)s) / (%(full)s − %(basic)s)) = %(points)s"
    ),
    "points_up_to_basic": N_(
        "%(subject)s: 0 < %(value)s ≤ b = %(basic)s%(case)s → %(at_basic)s × %(weight)s × "
        "%(value)s / %(basic)s = %(points)s"
    ),
    "points_not_positive": N_("%(subject)s: value %(value)s ≤ 0 → %(points)s"),
    "points_band": N_("%(subject)s: %(value)s is in band %(band)s%(case)s → %(points)s"),
    "group": N_("Group %(subject)s %(label)s: %(parts)s = %(total)s"),
    "base": N_("Base = %(parts)s = %(total)s"),
    "item": N_("%(subject)s %(label)s: %(raw)s%(capped)s → %(points)s"),
    "item_not_applicable": N_("%(subject)s %(label)s: does not apply → %(points)s"),
    "bonus": N_("Bonus = %(parts)s = %(sum)s%(capped)s → %(total)s"),
    "penalty": N_("Penalty = %(parts)s = %(sum)s%(capped)s → %(total)s"),
    "quantitative": N_(
        "Quantitative = clamp(%(base)s + %(bonus)s − %(penalty)s, %(low)s, %(high)s) = %(total)s"
    ),
    "panel": N_(
        "Panel score: %(count)s reviews %(reviews)s; %(dropped)smean of %(used)s = %(score)s"
    ),
    "panel_none": N_("Panel score: %(count)s reviews, fewer than %(minimum)s → no panel score yet"),
    "composite": N_(
        "Composite = %(w_quantitative)s × %(quantitative)s + %(w_panel)s × %(panel)s = "
        "%(composite)s"
    ),
    "composite_none": N_("Composite: none until the panel score exists"),
    "recommendation_ineligible": N_("Recommendation: %(outcome)s (not eligible)"),
    "recommendation_pending": N_("Recommendation: %(outcome)s (no panel score yet)"),
    "recommendation_band": N_(
        "Recommendation: %(outcome)s (composite %(composite)s ≥ %(minimum)s)"
    ),
    "recommendation_lowest": N_(
        "Recommendation: %(outcome)s (composite %(composite)s below every threshold)"
    ),
}
_CURVE = "value basic full case weight at_basic rest points"
_OUTCOME = "outcome composite minimum"
_BRANCHES = ("full", "between", "up_to_basic", "not_positive")
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
        **{f"points_{branch}": _CURVE for branch in _BRANCHES},
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
        "recommendation_ineligible": _OUTCOME,
        "recommendation_pending": _OUTCOME,
        "recommendation_band": _OUTCOME,
        "recommendation_lowest": _OUTCOME,
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


# -- formatting parameters --------------------------------------------------------------
FMT2, SHOW, PLAIN = two, show, plain
# levels, weights and such have few distinct values: memoised
_PLAIN_C, _SHOW_C = functools.lru_cache(4096)(plain), functools.lru_cache(4096)(show)


def _text(value: Any, translate: Translate, chinese: bool) -> str:
    """Labels in the chosen language, msgids translated, anything else as it is."""
    if isinstance(value, Label):
        return value.zh if chinese else value.en
    if isinstance(value, Msg):
        params = {k: _text(v, translate, chinese) for k, v in value.params.items()}
        return translate(value) % params if params else translate(value)
    if isinstance(value, dict):
        if "msgid" in value:
            return _text(Msg(value["msgid"], **value["params"]), translate, chinese)
        return value["zh"] if chinese else value["en"]
    if isinstance(value, Decimal):
        return plain(value)
    return "none" if value is None else str(value)


def _fragment(name: str, *keys: str) -> Callable[..., str]:
    def render(value: Any, translate: Translate, chinese: bool) -> str:
        if value is None:
            return ""
        if name == "dropped":
            value = [", ".join(map(FMT2, v)) for v in value]
        else:
            value = [PLAIN(value)] if name == "capped" else value if keys[1:] else [value]
        return translate(FRAGMENTS[name]) % dict(zip(keys, value, strict=True))

    return render


def _band(band: Any) -> str:
    band = band if isinstance(band, dict) else {"from": band.lower, "below": band.upper}
    low, high = band["from"], band["below"]
    return f"[{'−∞' if low is None else PLAIN(low)}, {'∞' if high is None else PLAIN(high)})"


def _inputs(pairs: Any) -> str:
    pairs = pairs.items() if isinstance(pairs, dict) else pairs
    shown = ", ".join(f"{k} = {_BOOL.get(v, v) if type(v) is bool else v}" for k, v in pairs)
    return f" ({shown})" if shown else ""


_BOOL = {True: "true", False: "false"}


def _join(separator: str, fn: Callable[[Any], str], empty: str = "") -> Callable[[Any], str]:
    def render(values: Any) -> str:
        return separator.join(map(fn, values)) or empty

    return render


def _unit(unit: str | None) -> str:
    return f" {unit}" if unit else ""


def _reviews(values: Any) -> str:
    return f"({', '.join(map(PLAIN, values))})"


_FRAGMENTS = {
    "case": _fragment("case", "by", "case"),
    "capped": _fragment("capped", "cap"),
    "dropped": _fragment("dropped", "highest", "lowest"),
    "hint": _fragment("hint", "word"),
}
FORMAT: dict[str, Callable[[Any], str]] = {
    **dict.fromkeys(("points", "total", "sum", "base", "bonus", "penalty"), FMT2),
    **dict.fromkeys(("quantitative", "panel", "composite", "score"), FMT2),
    **dict.fromkeys(("weight", "at_basic", "rest", "low", "high", "minimum"), _PLAIN_C),
    **dict.fromkeys(("w_quantitative", "w_panel"), _PLAIN_C),
    **dict.fromkeys(("basic", "full"), _SHOW_C),
    **dict.fromkeys(("value", "den_value", "raw"), SHOW),
    **dict.fromkeys(("subject", "formula", "denominator", "id", "version"), str),
    **dict.fromkeys(("count", "effective_date"), str),
    "parts": _join(" + ", FMT2, "0.00"),
    "used": _join(", ", FMT2),
    "failed": _join(", ", str),
    "reviews": _reviews,
    "sha256": itemgetter(slice(12)),
    "unit": _unit,
    "band": _band,
    "inputs": _inputs,
}
_NUMBERS = {n for n, fn in FORMAT.items() if fn in (FMT2, SHOW, _PLAIN_C, _SHOW_C)}
_NAMED = re.compile(r"%\((\w+)\)s")


# -- rendering --------------------------------------------------------------------------
def render_problem(problem: Any, translate: Translate = identity, chinese: bool = False) -> str:
    """A :class:`~.inputs.Problem` (or its ``to_dict()``) as one sentence."""
    if isinstance(problem, Mapping):
        code, params = problem["code"], problem["params"]
    else:
        code, params = problem.code, problem.params
    text = {k: _text(v, translate, chinese) for k, v in params.items()}
    if "hint" in params:
        text["hint"] = _FRAGMENTS["hint"](params["hint"], translate, chinese)
    template = translate(PROBLEMS[code])
    return template % text if text else template


def _positional(code: str, translate: Translate, chinese: bool) -> tuple[str, tuple]:
    """The translated template of ``code`` with ``%s`` slots, and (index, formatter) per slot
    (the record is code, subject, values...)."""
    template = translate(STEPS[code])
    index = {name: n for n, name in enumerate(("code", "subject", *PARAMS[code]))}
    slots = []
    for name in _NAMED.findall(template):
        fn = FORMAT.get(name)
        if name in ("label", "reason", "outcome"):
            fn = itemgetter(1 if chinese else 0)  # a Label
        elif fn is None:
            fn = _FRAGMENTS.get(name, _text)
            fn = functools.partial(fn, translate=translate, chinese=chinese)
        slots.append((index[name], fn))
    return _NAMED.sub("%s", template), tuple(slots)


_TABLES: dict[tuple, dict[str, tuple[str, tuple]]] = {}


def render_records(records: Iterable[Any], translate: Translate, chinese: bool) -> list[str]:
    """Each step given as a record (code, subject, values...)."""
    key = (translate, chinese, translate(STEPS["ruleset"]))  # the language, as it is now
    table = _TABLES.get(key)
    if table is None:
        if len(_TABLES) > 16:
            _TABLES.clear()
        table = _TABLES[key] = {c: _positional(c, translate, chinese) for c in STEPS}
    out = []
    for record in records:
        template, slots = table[record[0]]
        out.append(template % tuple([fn(record[i]) for i, fn in slots]))
    return out


def render_trace(
    steps: Iterable[Any], translate: Translate = identity, chinese: bool = False
) -> list[str]:
    """Every step of a trace (:class:`TraceStep`, its tuple or its stored ``to_dict()``)."""
    records = (_stored(s) if isinstance(s, dict) else (s[0], s[1], *s[2]) for s in steps)
    return render_records(records, translate, chinese)


def _stored(step: Mapping[str, Any]) -> tuple:
    code, params = step["code"], step["params"]
    return (code, step["subject"], *(_value(n, params.get(n)) for n in PARAMS[code]))


def _value(name: str, value: Any) -> Any:
    """A stored parameter as evaluated: numbers as Decimal, labels as :class:`Label`."""
    if isinstance(value, dict) and "en" in value:
        return Label(value["en"], value["zh"])
    if name in _NUMBERS and isinstance(value, str):
        return Decimal(value)
    if name in ("parts", "used", "reviews", "dropped") and value is not None:
        return [_value("value" if name != "dropped" else "parts", v) for v in value]
    return value


def render_step(step: Any, translate: Translate = identity, chinese: bool = False) -> str:
    """A :class:`TraceStep` (or its stored ``to_dict()``) as one line."""
    return render_trace([step], translate, chinese)[0]
