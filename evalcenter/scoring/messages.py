"""Every user-facing text of the engine: gettext msgids keyed by code, and their rendering.

Problems and trace steps carry a ``code`` and parameters only; rendering takes a translate
callable (``flask_babel.gettext``, or :func:`catalogue`) and picks the ``zh`` or ``en`` side
of the rule file's bilingual labels.
"""

from __future__ import annotations

import decimal
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

Translate = Callable[[str], str]

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


identity: Translate = str  # the translate callable for English: msgids are English


@functools.lru_cache(maxsize=4)
def catalogue(language: str = "zh_CN") -> Translate:
    """The Babel catalogue of ``language`` (no Flask); English or a missing catalogue: identity."""
    if language.startswith("en"):
        return identity
    from babel import Locale
    from babel.support import Translations

    directory = Path(__file__).resolve().parent.parent / "translations"
    return Translations.load(str(directory), [Locale.parse(language)]).gettext


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


# -- rendering: per code, the texts of its rule-file parameters are filled in once ---------
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


def _inputs(names: Any, data: Any = None) -> str:
    """The inputs read: names looked up in ``data``, or (name, value) pairs, or a dict."""
    if data is None:
        names = data = dict(names)
    shown = ", ".join(
        [k + " = " + (str(v).lower() if type(v := data[k]) is bool else str(v)) for k in names]
    )
    return f" ({shown})" if shown else ""


def _band(band: Any) -> str:
    low, high = band if isinstance(band, tuple) else (band.lower, band.upper)
    return f"[{'−∞' if low is None else plain(low)}, {'∞' if high is None else plain(high)})"


FORMAT: dict[str, Callable[[Any], str]] = {
    **dict.fromkeys(("points", "total", "sum", "base", "bonus", "penalty", "score"), FMT2),
    **dict.fromkeys(("quantitative", "panel", "composite"), FMT2),
    **dict.fromkeys(("weight", "at_basic", "rest", "low", "high", "minimum"), PLAIN),
    **dict.fromkeys(("w_quantitative", "w_panel"), PLAIN),
    **dict.fromkeys(("value", "den_value", "raw", "basic", "full"), show),
    "parts": lambda values: " + ".join(map(FMT2, values)) or "0.00",
    "used": lambda values: ", ".join(map(FMT2, values)),
    "failed": ", ".join,
    "reviews": lambda values: f"({', '.join(map(PLAIN, values))})",
    "sha256": itemgetter(slice(12)),
    "unit": lambda unit: f" {unit}" if unit else "",
    "band": _band,
    "inputs": _inputs,
}
# what the evaluation computed; the other parameters come from the rule file (few distinct
# values), so their text is filled into a template once and kept
COMPUTED = frozenset(
    [n for n, fn in FORMAT.items() if fn is FMT2 or n in ("parts", "used", "reviews", "inputs")]
    + ["value", "den_value", "raw", "dropped"]
)
_NUMBERS = {n for n, fn in FORMAT.items() if fn in (FMT2, PLAIN, show)}
_NAMED = re.compile(r"%\((\w+)\)s")
_VARIANTS = {"case", "failed", "count", "capped", "outcome", "minimum", "band"}  # per subject


def _formats(translate: Translate, chinese: bool) -> dict[str, Callable[[Any], str]]:
    """Every parameter's formatter in one language (fragments translated)."""

    def fragment(name: str, fill: Callable[[Any], dict]) -> Callable[[Any], str]:
        return lambda value: "" if value is None else translate(FRAGMENTS[name]) % fill(value)

    def both(values: Any) -> dict[str, str]:
        return {"highest": ", ".join(map(two, values[0])), "lowest": ", ".join(map(two, values[1]))}

    label = itemgetter(1 if chinese else 0)
    return {
        **FORMAT,
        **dict.fromkeys(("label", "reason", "outcome"), label),
        "case": fragment("case", lambda v: {"by": v[0], "case": v[1]}),
        "capped": fragment("capped", lambda v: {"cap": plain(v)}),
        "dropped": fragment("dropped", both),
        "hint": fragment("hint", lambda v: {"word": v}),
    }


_SOURCE = """\
def render(r, o, data, sums):
    key = {key}
    lit = cache.get(key)
    if lit is None or {changed}:
        lit = build(r[o : o + {size}], key)
{slots}
    return f"{join}"
"""


def _compile(code: str, translate: Translate, fmt: dict) -> Callable[..., str]:
    """The renderer of one code's step at ``r[o:]``: the rule file's parameters are filled
    into the template once per subject (again if they change) and the computed ones each time."""
    pieces = _NAMED.split(translate(STEPS[code]))  # text, name, text, ..., name, text
    pieces[::2] = [text.replace("%%", "%") for text in pieces[::2]]
    index = {name: n for n, name in enumerate(("code", "subject", *PARAMS[code]))}
    static = sorted({n for n in pieces[1::2] if n not in COMPUTED} - {"subject"}, key=index.get)
    computed = list(dict.fromkeys(n for n in pieces[1::2] if n in COMPUTED))
    cache: dict[Any, tuple] = {}  # subject (and variant) -> static values, texts between slots
    key = ", ".join(f"r[o + {index[n]}]" for n in static if n in _VARIANTS)

    def build(record: tuple, key: Any) -> tuple:
        if len(cache) > 4096:
            cache.clear()
        text = {n: fmt.get(n, str)(record[index[n]]) for n in (*static, "subject")}
        out, joined = [], pieces[0]
        for name, after in zip(pieces[1::2], pieces[2::2], strict=True):
            if name in text:
                joined += text[name] + after
            else:
                out.append(joined)
                joined = after
        lit = cache[key] = (*(record[index[n]] for n in static), *out, joined)
        return lit

    slots = []
    for n, name in enumerate(computed):
        at = f"r[o + {index[name]}]"
        if name == "parts":  # a sum's parts are read from the result (None in its steps)
            at = f"next(sums) if {at} is None else {at}"
        elif name == "inputs":
            at += ", data"
        slots.append(f"    a{n} = F{n}({at})")
    first = len(static)
    join = [f"lit[{first}]"]
    for name in (n for n in pieces[1::2] if n in computed):
        join += [f"a{computed.index(name)}", f"lit[{first + len(join) // 2 + 1}]"]
    changed = [f"lit[{k}] != r[o + {index[n]}]" for k, n in enumerate(static)]
    source = _SOURCE.format(
        key=f"(r[o + 1], {key})" if key else "r[o + 1]",
        changed=" or ".join(changed) or "False",
        size=len(index),
        slots="\n".join(slots),
        join="".join(f"{{{x}}}" for x in join),
    )
    scope = {f"F{n}": fmt.get(name, str) for n, name in enumerate(computed)}
    scope.update(cache=cache, build=build, next=next)
    exec(source, scope)  # noqa: S102 -- indices and names only; texts stay in ``cache``
    return scope["render"]


_TABLES: dict[tuple, dict[str, tuple[Callable[..., str], int]]] = {}


def render_flat(
    steps: Any, translate: Translate, chinese: bool, data: Any = None, sums: Any = None
) -> list[str]:
    """Each step of ``steps`` laid out flat (code, subject, values, code, ...); ``data`` maps the
    inputs read and ``sums`` gives the parts of each sum, in order, where the steps hold None."""
    table, out, at, end = _table(translate, chinese), [], 0, len(steps)
    while at < end:
        render, size = table[steps[at]]
        out.append(render(steps, at, data, sums))
        at += size
    return out


def _table(translate: Translate, chinese: bool) -> dict[str, tuple[Callable[..., str], int]]:
    key = (translate, chinese, translate(STEPS["ruleset"]))  # the language, as it is now
    table = _TABLES.get(key)
    if table is None:
        if len(_TABLES) > 16:
            _TABLES.clear()
        fmt = _formats(translate, chinese)
        table = {code: (_compile(code, translate, fmt), ARITY[code]) for code in STEPS}
        table = _TABLES[key] = table
    return table


def render_problem(problem: Any, translate: Translate = identity, chinese: bool = False) -> str:
    """A :class:`~.inputs.Problem` (or its ``to_dict()``) as one sentence."""
    if isinstance(problem, Mapping):
        code, params = problem["code"], problem["params"]
    else:
        code, params = problem.code, problem.params
    text = {k: _text(v, translate, chinese) for k, v in params.items()}
    if "hint" in params:
        text["hint"] = _formats(translate, chinese)["hint"](params["hint"])
    template = translate(PROBLEMS[code])
    return template % text if text else template


def _value(name: str, value: Any) -> Any:
    """A stored parameter as evaluated: numbers as Decimal, labels as :class:`Label`."""
    if isinstance(value, dict) and "en" in value:
        return Label(value["en"], value["zh"])
    if name == "band":
        return (value["from"], value["below"])
    if name in _NUMBERS and isinstance(value, str):
        return Decimal(value)
    if name in ("parts", "used", "reviews", "dropped") and value is not None:
        return tuple(_value("value" if name != "dropped" else "parts", v) for v in value)
    return tuple(value) if isinstance(value, list) else value


def render_trace(
    steps: Iterable[Any], translate: Translate = identity, chinese: bool = False
) -> list[str]:
    """Every step of a trace (:class:`TraceStep`, its tuple or its stored ``to_dict()``)."""
    table = _table(translate, chinese)
    records = (
        (s["code"], s["subject"], *(_value(n, s["params"].get(n)) for n in PARAMS[s["code"]]))
        if isinstance(s, dict)
        else (s[0], s[1], *s[2])
        for s in steps
    )
    return [table[r[0]][0](r, 0, None, None) for r in records]


def render_step(step: Any, translate: Translate = identity, chinese: bool = False) -> str:
    """A :class:`TraceStep` (or its stored ``to_dict()``) as one line."""
    return render_trace([step], translate, chinese)[0]
