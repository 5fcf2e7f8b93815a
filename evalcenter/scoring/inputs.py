"""Validation of application data against a ruleset's inputs (every problem at once); JSON."""

from __future__ import annotations

import enum
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from . import uscc
from .expressions import did_you_mean
from .messages import CONTEXT, FRAGMENTS, InputError, Label, Msg, json_ready
from .model import InputSpec

MONEY_LIMIT = Decimal(1_000_000_000)
MAX_JSON_DEPTH = 20
MAX_JSON_NUMBER = 100  # characters
_DECIMAL_TEXT = re.compile(r"^-?\d{1,20}(\.\d{1,20})?$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")  # \t, \n, \r\n allowed
_SURROGATE = re.compile("[\ud800-\udfff]")  # lone surrogates: not encodable as UTF-8


class Source(enum.StrEnum):
    """Where application data comes from; decides who may set administrators' fields."""

    APPLICANT = "applicant"  # the applicant's web form
    IMPORT = "import"  # an applicant's JSON import
    ADMIN = "admin"  # administrators' formal check
    SCORING = "scoring"  # the scoring command / engine


@dataclass(frozen=True)
class Problem:
    """One problem with one key of the data: ``code`` and ``params`` (see :mod:`.messages`)."""

    key: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        """The code and parameters (:func:`evalcenter.explain.render_problem` makes a sentence)."""
        params = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.key}: {self.code}({params})" if self.key else f"{self.code}({params})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (labels as ``{"en", "zh"}``); what is stored and rendered."""
        params = {k: json_ready(v) for k, v in self.params.items()}
        return {"key": self.key, "code": self.code, "params": params}


# -- JSON ---------------------------------------------------------------------------------
class NonFiniteNumber(str):
    """``NaN`` / ``Infinity`` met while reading JSON."""


class HugeNumber(str):
    """An integer with too many digits met while reading JSON."""


class _TooLong(str):
    """A number too long or too large to read at all."""


class _Pairs(dict):
    repeated: tuple[str, ...] = ()


def _pairs(items: list[tuple[str, Any]]) -> dict:
    obj = dict(items)
    if len(obj) < len(items):
        obj, seen = _Pairs(obj), set()
        obj.repeated = tuple(k for k, _ in items if k in seen or seen.add(k))  # each repetition
    return obj


def _int(text: str) -> Any:
    if len(text) > MAX_JSON_NUMBER:
        return _TooLong(text)
    return int(text) if len(text) <= 30 else HugeNumber(text)


def _float(text: str) -> Any:
    number = Decimal(text) if len(text) <= MAX_JSON_NUMBER else None
    return _TooLong(text) if number is None or abs(number.adjusted()) > 1000 else number


def _shown(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode()[:60]


def load_json(text: str | bytes) -> Any:
    """Exact JSON; :class:`InputError` lists bad syntax, surrogates, depth, numbers, repeats."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError([Problem("", "json_encoding")]) from None
    hooks = {"parse_float": _float, "parse_int": _int, "parse_constant": NonFiniteNumber}
    try:
        document = json.loads(text, object_pairs_hook=_pairs, **hooks)
    except json.JSONDecodeError as exc:
        params = {"error": exc.msg, "line": exc.lineno, "column": exc.colno}
        raise InputError([Problem("", "json_syntax", params)]) from None
    except RecursionError:
        where = {"limit": MAX_JSON_DEPTH, "where": Msg(FRAGMENTS["top"])}
        raise InputError([Problem("", "json_too_deep", where)]) from None
    problems, stack = [], [(document, "", 0)]
    add = problems.append
    while stack:
        node, path, depth = stack.pop()
        where = _shown(path) or Msg(FRAGMENTS["top"])
        if depth > MAX_JSON_DEPTH:
            add(Problem(path, "json_too_deep", {"limit": MAX_JSON_DEPTH, "where": where}))
        elif isinstance(node, dict):
            for key in getattr(node, "repeated", ()):
                add(Problem(path, "json_duplicate_key", {"key": _shown(key), "where": where}))
            for key, value in node.items():
                inner = f"{path}.{key}" if path else key
                if _SURROGATE.search(key):
                    add(Problem(_shown(inner), "json_surrogate", {"where": _shown(inner)}))
                stack.append((value, inner, depth + 1))
        elif isinstance(node, list):
            stack += [(v, f"{path}[{n}]", depth + 1) for n, v in enumerate(node)]
        elif isinstance(node, _TooLong):
            add(Problem(path, "json_number", {"where": where, "number": node[:20] + "…"}))
        elif isinstance(node, str) and _SURROGATE.search(node):
            add(Problem(path, "json_surrogate", {"where": where}))
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.key))
    return document


# -- application data -----------------------------------------------------------------------
def _name(spec: InputSpec) -> Label:
    """The field as people know it (the data key stays in ``Problem.key``, for tools)."""
    return Label(spec.label.en, f"“{spec.label.zh}”")


def problem(spec: InputSpec, code: str, **params: Any) -> Problem:
    """A problem for ``spec``'s key; ``name`` is the field's label, in both languages."""
    return Problem(spec.key, code, {"name": _name(spec), **params})


def _got(value: Any) -> Msg:
    if isinstance(value, str):
        return Msg(FRAGMENTS["got_text"], text=_shown(value)[:20])
    kinds = {bool: "bool", int | float | Decimal: "number", list: "list", dict: "object"}
    kind = next((k for t, k in kinds.items() if isinstance(value, t)), "other")
    return Msg(FRAGMENTS["got_" + ("null" if value is None else kind)])


def _close(word: str, choices: Any) -> str | None:
    """The choice closest to ``word`` (for "did you mean"), if one is close."""
    hint = did_you_mean(word, choices)
    return hint.split("'")[1] if hint else None


def _show(value: Decimal) -> str:
    return format(value, "f") if abs(value.as_tuple().exponent) < 30 else str(value)  # type: ignore[arg-type]


def _number(spec: InputSpec, raw: Any) -> Decimal | Problem:
    count = spec.kind == "count"
    limit = (spec.maximum or MONEY_LIMIT) if count else MONEY_LIMIT
    raw = Decimal(repr(raw)) if isinstance(raw, float) else raw
    if isinstance(raw, NonFiniteNumber) or (isinstance(raw, Decimal) and not raw.is_finite()):
        return problem(spec, "not_finite")
    if isinstance(raw, HugeNumber | _TooLong):
        return problem(spec, "too_large", limit=_show(limit))
    if count and type(raw) is not int:
        code = "not_an_integer" if isinstance(raw, Decimal) else "not_a_number"
        return problem(spec, code, got=_got(raw))
    wrong = isinstance(raw, bool) or not isinstance(raw, int | Decimal | str)
    if wrong or (isinstance(raw, str) and not _DECIMAL_TEXT.match(raw)):
        return problem(spec, "not_a_number", got=_got(raw))
    value = Decimal(raw)
    if not count:
        if abs(value) > limit:
            return problem(spec, "too_large", limit=_show(limit))
        rounded = value.quantize(Decimal(1).scaleb(-(spec.places or 0)), context=CONTEXT)
        if rounded != value:
            return problem(spec, "too_many_decimals", places=spec.places, value=_show(value))
        value = rounded
    shown = _show(value)
    if spec.minimum is not None and value < spec.minimum:
        return problem(spec, "below_minimum", limit=_show(spec.minimum), value=shown)
    if spec.above is not None and value <= spec.above:
        return problem(spec, "not_above", limit=_show(spec.above), value=shown)
    if spec.maximum is not None and value > spec.maximum:
        return problem(spec, "above_maximum", limit=f"{spec.maximum:,}", value=shown)
    return value


def _text(spec: InputSpec, raw: Any) -> str | Problem:
    if not isinstance(raw, str) or isinstance(raw, NonFiniteNumber | HugeNumber | _TooLong):
        return problem(spec, "not_text", got=_got(raw))
    if _SURROGATE.search(raw):
        return problem(spec, "bad_characters")
    if spec.kind == "enum":
        if raw in spec.values:
            return raw
        choices, hint, value = ", ".join(spec.values), _close(raw, spec.values), repr(raw)[:40]
        return problem(spec, "not_a_choice", choices=choices, value=value, hint=hint)
    if spec.kind == "uscc":
        code = raw.strip().upper()
        return uscc.problem(code, spec.key, _name(spec)) or code
    text = raw.strip() if spec.kind == "string" else raw
    if _CONTROL.search(text) or (spec.kind == "string" and ("\n" in text or "\r" in text)):
        return problem(spec, "control_characters")
    if spec.min_length is not None and len(text) < spec.min_length:
        return problem(spec, "too_short", limit=spec.min_length)
    if spec.max_length is not None and len(text) > spec.max_length:
        return problem(spec, "too_long", limit=spec.max_length, count=len(text))
    return text


def validate_application(
    data: Any, inputs: Sequence[InputSpec], source: Source | str = Source.SCORING
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check ``data``; return (normalised values, []) or (None, every problem)."""
    source = Source(source)
    if not isinstance(data, Mapping):
        return None, [Problem("", "not_an_object")]
    out, values, specs = [], {}, {spec.key: spec for spec in inputs}
    for spec in inputs:
        if spec.key not in data:
            if spec.default is not None:
                values[spec.key] = spec.default
            elif not spec.optional:
                out.append(problem(spec, "missing"))
            continue
        raw = data[spec.key]
        if spec.set_by_admin and source not in (Source.ADMIN, Source.SCORING):
            got = problem(spec, "set_by_admin")
        elif spec.is_number:
            got = _number(spec, raw)
        elif spec.kind == "bool":
            got = raw if isinstance(raw, bool) else problem(spec, "not_a_boolean", got=_got(raw))
        else:
            got = _text(spec, raw)
        if isinstance(got, Problem):
            out.append(got)
        else:
            values[spec.key] = got
    for spec in inputs:
        whole = specs.get(spec.max_field)  # type: ignore[arg-type]
        if whole and spec.key in values and values[spec.key] > values.get(whole.key, math.inf):
            value = _show(values.pop(spec.key))
            of = {"other_value": _show(values[whole.key]), "other": _name(whole)}
            out.append(problem(spec, "exceeds_whole", value=value, **of))
    for key in data:
        if key not in specs:
            shown = _shown(str(key))
            out.append(Problem(shown, "unknown_key", {"key": shown, "hint": _close(shown, specs)}))
    return (None, out) if out else (values, [])


def check_submittable(
    data: Any, inputs: Sequence[InputSpec], source: Source | str = Source.APPLICANT
) -> list[Problem]:
    """Problems blocking a submission: every validation problem plus empty narratives."""
    _, out = validate_application(data, inputs, source)
    flagged = {p.key for p in out}
    for spec in inputs if isinstance(data, Mapping) else ():
        value = data.get(spec.key)
        empty = not isinstance(value, str) or not value.strip()
        if spec.required_to_submit and spec.key not in flagged and empty:
            out.append(problem(spec, "empty"))
    return out


class Application:
    """Validated, normalised application data (immutable); made by ``Ruleset.parse_application``."""

    __slots__ = ("values", "source", "schema", "_data")

    def __init__(self, values: dict[str, Any], source: Source, schema: str) -> None:
        for name, value in zip(self.__slots__, (MappingProxyType(values), source, schema, values)):  # noqa: B905
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Application is immutable")

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __repr__(self) -> str:
        return f"Application({self._data.get('company_name', '?')!r})"

    def to_json_dict(self) -> dict[str, Any]:
        """Interchange form: counts as integers, money/decimals as exact strings."""
        out = dict(self._data)
        for key, value in out.items():
            if isinstance(value, Decimal):
                out[key] = int(value) if value.as_tuple().exponent == 0 else format(value, "f")
        return out
