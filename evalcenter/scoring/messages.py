"""Every user-facing text of the engine: gettext msgids keyed by code, and their rendering.

Problems and trace steps carry a ``code`` and parameters only. The English
templates below are msgids (marked with :func:`N_` for ``pybabel extract``);
rendering takes a translate callable (``flask_babel.gettext`` in the web
application, :func:`catalogue` in the command line) and a ``chinese`` flag
that picks the ``zh`` or ``en`` side of bilingual labels from the rule file.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from .decimal_math import plain, show

Translate = Callable[[str], str]


def N_(msgid: str) -> str:  # noqa: N802 -- the conventional no-op gettext marker
    """Mark ``msgid`` for extraction; it is translated when rendered."""
    return msgid


class Label(NamedTuple):
    """A bilingual name or message from the rule file (or built from one)."""

    en: str
    zh: str

    def __str__(self) -> str:
        return self.en


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
    "review_missing": N_("%(name)s is missing."),
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

STEPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ruleset": (
        N_("Ruleset %(id)s version %(version)s, effective %(effective_date)s (sha256 %(sha256)s)"),
        ("id", "version", "effective_date", "sha256"),
    ),
    "derived": (N_("%(subject)s = %(formula)s = %(value)s"), ("formula", "value")),
    "derived_zero_denominator": (
        N_(
            "%(subject)s = %(value)s: the denominator %(denominator)s is %(den_value)s "
            "(≤ 0, denominator is zero)"
        ),
        ("value", "denominator", "den_value"),
    ),
    "gate_passed": (N_("%(subject)s passed: %(label)s"), ("label",)),
    "gate_failed": (N_("%(subject)s failed: %(reason)s"), ("reason",)),
    "eligible": (N_("Eligible: all %(count)s gates passed"), ("count",)),
    "ineligible": (
        N_("Not eligible: failed %(failed)s (still scored for information)"),
        ("failed",),
    ),
    "value": (
        N_("%(subject)s %(label)s: value = %(formula)s = %(value)s%(unit)s%(inputs)s"),
        ("label", "formula", "value", "unit", "fields", "inputs"),
    ),
    "value_zero_denominator": (
        N_(
            "%(subject)s %(label)s: value = %(value)s because the denominator %(denominator)s is "
            "%(den_value)s (≤ 0, denominator is zero)%(inputs)s"
        ),
        ("label", "value", "denominator", "den_value", "fields", "inputs"),
    ),
    "points_full": (
        N_(
            "%(subject)s: %(value)s ≥ full-marks level f = %(full)s%(case)s → full weight %(points)s"
        ),
        ("value", "basic", "full", "case", "weight", "at_basic", "rest", "points"),
    ),
    "points_between": (
        N_(
            "%(subject)s: b = %(basic)s < %(value)s < f = %(full)s%(case)s → %(weight)s × "
            "(%(at_basic)s + %(rest)s × (%(value)s − %(basic)s) / (%(full)s − %(basic)s)) = "
            "%(points)s"
        ),
        ("value", "basic", "full", "case", "weight", "at_basic", "rest", "points"),
    ),
    "points_up_to_basic": (
        N_(
            "%(subject)s: 0 < %(value)s ≤ b = %(basic)s%(case)s → %(at_basic)s × %(weight)s × "
            "%(value)s / %(basic)s = %(points)s"
        ),
        ("value", "basic", "full", "case", "weight", "at_basic", "rest", "points"),
    ),
    "points_not_positive": (
        N_("%(subject)s: value %(value)s ≤ 0 → %(points)s"),
        ("value", "basic", "full", "case", "weight", "at_basic", "rest", "points"),
    ),
    "points_band": (
        N_("%(subject)s: %(value)s is in band %(band)s%(case)s → %(points)s"),
        ("value", "band", "case", "points"),
    ),
    "group": (
        N_("Group %(subject)s %(label)s: %(parts)s = %(total)s"),
        ("label", "parts", "total"),
    ),
    "base": (N_("Base = %(parts)s = %(total)s"), ("parts", "total")),
    "item": (
        N_("%(subject)s %(label)s: %(raw)s%(capped)s → %(points)s"),
        ("label", "raw", "capped", "points"),
    ),
    "item_not_applicable": (
        N_("%(subject)s %(label)s: does not apply → %(points)s"),
        ("label", "raw", "capped", "points"),
    ),
    "bonus": (
        N_("Bonus = %(parts)s = %(sum)s%(capped)s → %(total)s"),
        ("parts", "sum", "capped", "total"),
    ),
    "penalty": (
        N_("Penalty = %(parts)s = %(sum)s%(capped)s → %(total)s"),
        ("parts", "sum", "capped", "total"),
    ),
    "quantitative": (
        N_(
            "Quantitative = clamp(%(base)s + %(bonus)s − %(penalty)s, %(low)s, %(high)s) = "
            "%(total)s"
        ),
        ("base", "bonus", "penalty", "low", "high", "total"),
    ),
    "panel": (
        N_("Panel score: %(count)s reviews %(reviews)s; %(dropped)smean of %(used)s = %(score)s"),
        ("count", "reviews", "dropped", "used", "score"),
    ),
    "panel_none": (
        N_("Panel score: %(count)s reviews, fewer than %(minimum)s → no panel score yet"),
        ("count", "minimum"),
    ),
    "composite": (
        N_(
            "Composite = %(w_quantitative)s × %(quantitative)s + %(w_panel)s × %(panel)s = "
            "%(composite)s"
        ),
        ("w_quantitative", "quantitative", "w_panel", "panel", "composite"),
    ),
    "composite_none": (N_("Composite: none until the panel score exists"), ()),
    "recommendation_ineligible": (
        N_("Recommendation: %(outcome)s (not eligible)"),
        ("outcome", "composite", "minimum"),
    ),
    "recommendation_pending": (
        N_("Recommendation: %(outcome)s (no panel score yet)"),
        ("outcome", "composite", "minimum"),
    ),
    "recommendation_band": (
        N_("Recommendation: %(outcome)s (composite %(composite)s ≥ %(minimum)s)"),
        ("outcome", "composite", "minimum"),
    ),
    "recommendation_lowest": (
        N_("Recommendation: %(outcome)s (composite %(composite)s below every threshold)"),
        ("outcome", "composite", "minimum"),
    ),
}


class TraceStep(NamedTuple):
    """One evaluation step: ``code``, ``subject`` (rule id) and the values it computed.

    ``values`` line up with the parameter names of the code (see :attr:`params`).
    """

    code: str
    subject: str
    values: tuple

    @property
    def params(self) -> dict[str, Any]:
        """Parameter name -> value (an indicator's ``inputs`` as a name -> value dict)."""
        params = dict(zip(STEPS[self.code][1], self.values, strict=True))
        if "fields" in params:
            params["inputs"] = dict(zip(params.pop("fields"), params["inputs"], strict=True))
        return params

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: numbers as strings, labels as ``{"en", "zh"}``; renders with English."""
        params = {k: json_ready(v) for k, v in self.params.items()}
        return {"code": self.code, "subject": self.subject, "params": params}


def json_ready(value: Any) -> Any:
    """A parameter as JSON: labels as ``{"en", "zh"}``, numbers as strings."""
    if isinstance(value, Label):
        return {"en": value.en, "zh": value.zh}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [json_ready(v) for v in value]
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if hasattr(value, "points") and hasattr(value, "lower"):  # a band
        return {"from": json_ready(value.lower), "below": json_ready(value.upper), "points": str(value.points)}  # fmt: skip
    if isinstance(value, Msg):
        return {"msgid": str(value), "params": {k: json_ready(v) for k, v in value.params.items()}}
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


# -- formatting parameters --------------------------------------------------------------
def _cached(function: Callable[[Any], str]) -> Callable[[Any], str]:
    """Memoise a formatter of numbers (equal numbers format alike)."""
    memo: dict[Any, str] = {}

    def format_(value: Any) -> str:
        try:
            return memo[value]
        except KeyError:
            if len(memo) > 50_000:
                memo.clear()
            text = memo[value] = function(value)
            return text
        except TypeError:
            return function(value)

    return format_


def _two(value: Any) -> str:
    if value is None:
        return "none"
    number = value if isinstance(value, Decimal) else Decimal(value)
    return f"{number:.2f}"


FMT2, SHOW, PLAIN = _cached(_two), _cached(lambda v: show(Decimal(v))), _cached(lambda v: plain(Decimal(v)))  # fmt: skip
_FMT2_NAMES = {"points", "total", "sum", "base", "bonus", "penalty", "quantitative", "panel"}
_FMT2_NAMES |= {"composite", "score"}
_PLAIN_NAMES = {"weight", "at_basic", "rest", "low", "high", "w_quantitative", "w_panel"}
_PLAIN_NAMES |= {"minimum", "cap", "limit", "maximum", "step"}
_NUMBERS = _FMT2_NAMES | _PLAIN_NAMES | {"value", "basic", "full", "den_value"}


def _band(band: Any) -> str:
    low, high = (
        (band["from"], band["below"]) if isinstance(band, dict) else (band.lower, band.upper)
    )
    return f"[{'−∞' if low is None else PLAIN(low)}, {'∞' if high is None else PLAIN(high)})"


def _inputs(pairs: Any) -> str:
    text = ", ".join(f"{k} = {_input(v)}" for k, v in (pairs.items() if isinstance(pairs, dict) else pairs))  # fmt: skip
    return f" ({text})" if text else ""


def _input(value: Any) -> str:
    if isinstance(value, str) and value[:1].isdigit() and value.replace(".", "", 1).isdigit():
        value = Decimal(value)  # stored as text
    if isinstance(value, Decimal):
        return PLAIN(value) if value.as_tuple().exponent == 0 else str(value)
    return "true" if value is True else "false" if value is False else str(value)


def _fragment(name: str) -> Callable[..., str]:
    def render(value: Any, translate: Translate, chinese: bool) -> str:
        if value is None:
            return ""
        if name == "case":
            params = {"by": value[0], "case": value[1]}
        elif name == "dropped":
            params = {"highest": ", ".join(map(FMT2, value[0])), "lowest": ", ".join(map(FMT2, value[1]))}  # fmt: skip
        elif name == "hint":
            params = {"word": value}
        else:
            params = {"cap": PLAIN(value)}
        return translate(FRAGMENTS[name]) % params

    return render


_SPECIAL: dict[str, Callable[[Any, Translate, bool], str]] = {
    "parts": lambda v, t, c: " + ".join(map(FMT2, v)) or "0.00",
    "used": lambda v, t, c: ", ".join(map(FMT2, v)),
    "reviews": lambda v, t, c: "(" + ", ".join(map(PLAIN, v)) + ")",
    "failed": lambda v, t, c: ", ".join(v),
    "sha256": lambda v, t, c: v[:12],
    "band": lambda v, t, c: _band(v),
    "inputs": lambda v, t, c: _inputs(v) if isinstance(v, dict) else "",
    "fields": lambda v, t, c: "",
    "unit": lambda v, t, c: f" {v}" if v else "",
    "raw": lambda v, t, c: SHOW(v),
    **{name: _fragment(name) for name in ("case", "capped", "dropped", "hint")},
}


def format_param(name: str, value: Any, translate: Translate, chinese: bool) -> str:
    """One parameter as text: labels in the chosen language, numbers as the engine shows them."""
    special = _SPECIAL.get(name)
    if special is not None:
        return special(value, translate, chinese)
    if isinstance(value, Label):
        return value.zh if chinese else value.en
    if isinstance(value, Msg):
        params = {k: format_param(k, v, translate, chinese) for k, v in value.params.items()}
        return translate(str(value)) % params if params else translate(str(value))
    if isinstance(value, dict) and set(value) == {"en", "zh"}:
        return value["zh"] if chinese else value["en"]
    if isinstance(value, dict) and "msgid" in value:
        return format_param(name, Msg(value["msgid"], **value["params"]), translate, chinese)
    if value is None or isinstance(value, bool | int):
        return "none" if value is None else str(value)
    if isinstance(value, Decimal):
        if name in _FMT2_NAMES:
            return FMT2(value)
        return PLAIN(value) if name in _PLAIN_NAMES else SHOW(value)
    return str(value)


# -- rendering --------------------------------------------------------------------------
def render_problem(problem: Any, translate: Translate = identity, chinese: bool = False) -> str:
    """A :class:`~.inputs.Problem` (or its ``to_dict()``) as one sentence."""
    code, params = _parts(problem, "params")
    text = {k: format_param(k, v, translate, chinese) for k, v in params.items()}
    return translate(PROBLEMS[code]) % text if text else translate(PROBLEMS[code])


def render_step(step: Any, translate: Translate = identity, chinese: bool = False) -> str:
    """A :class:`TraceStep` (or its stored ``to_dict()``) as one line."""
    if isinstance(step, TraceStep):
        template, names = STEPS[step.code]
        text = {n: format_param(n, v, translate, chinese) for n, v in zip(names, step.values)}  # noqa: B905
        text["subject"] = step.subject
        if "fields" in text:
            text["inputs"] = _inputs(zip(step.values[-2], step.values[-1]))  # noqa: B905
    else:
        template, text = STEPS[step["code"]][0], {}
        for k, v in step["params"].items():
            if k in _NUMBERS and isinstance(v, str) and v != "none":
                v = Decimal(v)  # stored as text
            text[k] = format_param(k, v, translate, chinese)
        text["subject"] = step["subject"]
    return translate(template) % text


def render_trace(steps: Iterable[Any], translate: Translate = identity, chinese: bool = False) -> list[str]:  # fmt: skip
    """Every step of a trace, each template translated once."""
    memo: dict[str, str] = {}

    def cached(msgid: str) -> str:
        if msgid not in memo:
            memo[msgid] = translate(msgid)
        return memo[msgid]

    return [render_step(step, cached, chinese) for step in steps]


def _parts(item: Any, params: str) -> tuple[str, Mapping[str, Any]]:
    if isinstance(item, Mapping):
        return item["code"], item[params]
    return item.code, getattr(item, params)
