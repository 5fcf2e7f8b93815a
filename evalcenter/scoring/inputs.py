"""Validation of application data against a ruleset's input declarations, and JSON reading.

Every violation is reported at once as a :class:`Problem` -- the key, a stable
code and parameters, rendered by :func:`~.messages.render_problem` in the
user's language. Nothing is scored from an invalid document. Numbers become
``Decimal`` (money to cents). :func:`load_json` reads JSON exactly and refuses,
as problems, what ``json.loads`` would let through or crash on.
"""

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
from .messages import CONTEXT, FRAGMENTS, InputError, Label, Msg, json_ready, render_problem
from .model import InputSpec

MONEY_LIMIT = Decimal(1_000_000_000)
MAX_JSON_DEPTH = 20
MAX_JSON_NUMBER = 100  # characters
_DECIMAL_TEXT = re.compile(r"^-?\d{1,20}(\.\d{1,20})?$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")  # \t, \n, \r\n allowed


class Source(enum.StrEnum):
    """Where application data comes from; decides who may set administrators' fields."""

    APPLICANT = "applicant"  # the applicant's web form
    IMPORT = "import"  # an applicant's JSON import
    ADMIN = "admin"  # administrators' formal check
    SCORING = "scoring"  # the scoring command / engine


ADMIN_SOURCES = frozenset({Source.ADMIN, Source.SCORING})


@dataclass(frozen=True)
class Problem:
    """One problem with one key of the data: ``code`` and ``params`` (see :mod:`.messages`)."""

    key: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.key}: {render_problem(self)}" if self.key else render_problem(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (labels as ``{"en", "zh"}``); :func:`render_problem` accepts it too."""
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
    if len(obj) == len(items):
        return obj
    out = _Pairs(obj)
    out.repeated = tuple(k for n, (k, _) in enumerate(items) if k in dict(items[:n]))
    return out


def _int(text: str) -> Any:
    if len(text) > MAX_JSON_NUMBER:
        return _TooLong(text)
    return int(text) if len(text) <= 30 else HugeNumber(text)


def _float(text: str) -> Any:
    number = Decimal(text) if len(text) <= MAX_JSON_NUMBER else None
    return _TooLong(text) if number is None or abs(number.adjusted()) > 1000 else number


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode()[:60]


def load_json(text: str | bytes) -> Any:
    """JSON with exact decimals; :class:`InputError` lists bad syntax, encoding, surrogates,
    too deep nesting, absurd numbers and repeated keys."""
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
    while stack:
        node, path, depth = stack.pop()
        where = _shown(path) or Msg(FRAGMENTS["top"])
        if depth > MAX_JSON_DEPTH:
            too_deep = {"limit": MAX_JSON_DEPTH, "where": where}
            problems.append(Problem(path, "json_too_deep", too_deep))
        elif isinstance(node, dict):
            for key in getattr(node, "repeated", ()):
                params = {"key": _shown(key), "where": where}
                problems.append(Problem(path, "json_duplicate_key", params))
            for key, value in node.items():
                inner = f"{path}.{key}" if path else key
                if not _encodable(key):
                    shown = _shown(inner)
                    problems.append(Problem(shown, "json_surrogate", {"where": shown}))
                stack.append((value, inner, depth + 1))
        elif isinstance(node, list):
            stack += [(v, f"{path}[{n}]", depth + 1) for n, v in enumerate(node)]
        elif isinstance(node, _TooLong):
            params = {"where": where, "number": node[:20] + "…"}
            problems.append(Problem(path, "json_number", params))
        elif isinstance(node, str) and not _encodable(node):
            problems.append(Problem(path, "json_surrogate", {"where": where}))
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.key))
    return document


# -- application data -----------------------------------------------------------------------
def _name(spec: InputSpec, key: str) -> Label:
    """The field as people know it (the data key stays in ``Problem.key``, for tools)."""
    return Label(spec.label.en, f"“{spec.label.zh}”")


def problem(spec: InputSpec, key: str, code: str, **params: Any) -> Problem:
    """A problem for ``key``; ``name`` is the field's label, in both languages."""
    return Problem(key, code, {"name": _name(spec, key), **params})


def _got(value: Any) -> Msg:
    if isinstance(value, str):
        return Msg(FRAGMENTS["got_text"], text=_shown(value)[:20])
    kinds = {bool: "bool", list: "list", dict: "object", type(None): "null"}
    kinds.update(dict.fromkeys((int, float, Decimal), "number"))
    return Msg(
        FRAGMENTS["got_" + next((k for t, k in kinds.items() if isinstance(value, t)), "other")]
    )


def _close(word: str, choices: Any) -> str | None:
    """The choice closest to ``word`` (for "did you mean"), if one is close."""
    hint = did_you_mean(word, choices)
    return hint.split("'")[1] if hint else None


def _show(value: Decimal) -> str:
    return format(value, "f") if abs(value.as_tuple().exponent) < 30 else str(value)  # type: ignore[arg-type]


def _number(spec: InputSpec, raw: Any, out: list[Problem]) -> Decimal | None:
    key, count = spec.key, spec.kind == "count"
    if isinstance(raw, NonFiniteNumber) or (isinstance(raw, float | Decimal) and not _finite(raw)):
        out.append(problem(spec, key, "not_finite"))
        return None
    limit = spec.maximum or MONEY_LIMIT if count else MONEY_LIMIT
    if isinstance(raw, HugeNumber | _TooLong):
        out.append(problem(spec, key, "too_large", limit=_show(limit)))
        return None
    if count and type(raw) is not int:
        code = "not_an_integer" if isinstance(raw, float | Decimal) else "not_a_number"
        out.append(problem(spec, key, code, got=_got(raw)))
        return None
    wrong = isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str)
    if wrong or (isinstance(raw, str) and not _DECIMAL_TEXT.match(raw)):
        out.append(problem(spec, key, "not_a_number", got=_got(raw)))
        return None
    value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if count:
        return value
    if abs(value) > limit:
        out.append(problem(spec, key, "too_large", limit=_show(limit)))
        return None
    rounded = value.quantize(Decimal(1).scaleb(-(spec.places or 0)), context=CONTEXT)
    if rounded != value:
        out.append(problem(spec, key, "too_many_decimals", places=spec.places, value=_show(value)))
        return None
    return rounded


def _finite(raw: float | Decimal) -> bool:
    return raw.is_finite() if isinstance(raw, Decimal) else math.isfinite(raw)


def _range(spec: InputSpec, value: Decimal, out: list[Problem]) -> bool:
    shown = _show(value)
    if spec.minimum is not None and value < spec.minimum:
        out.append(problem(spec, spec.key, "below_minimum", limit=_show(spec.minimum), value=shown))
    elif spec.above is not None and value <= spec.above:
        out.append(problem(spec, spec.key, "not_above", limit=_show(spec.above), value=shown))
    elif spec.maximum is not None and value > spec.maximum:
        out.append(problem(spec, spec.key, "above_maximum", limit=f"{spec.maximum:,}", value=shown))
    else:
        return True
    return False


def _text(spec: InputSpec, raw: Any, out: list[Problem]) -> str | None:
    key = spec.key
    if not isinstance(raw, str) or isinstance(raw, NonFiniteNumber | HugeNumber | _TooLong):
        out.append(problem(spec, key, "not_text", got=_got(raw)))
        return None
    if not _encodable(raw):
        out.append(problem(spec, key, "bad_characters"))
        return None
    if spec.kind == "enum":
        if raw in spec.values:
            return raw
        choices, hint = ", ".join(spec.values), _close(raw, spec.values)
        value = repr(raw)[:40]
        out.append(problem(spec, key, "not_a_choice", choices=choices, value=value, hint=hint))
        return None
    if spec.kind == "uscc":
        code = raw.strip().upper()
        bad = uscc.problem(code, key, _name(spec, key))
        if bad is not None:
            out.append(bad)
            return None
        return code
    text = raw.strip() if spec.kind == "string" else raw
    if _CONTROL.search(text) or (spec.kind == "string" and ("\n" in text or "\r" in text)):
        out.append(problem(spec, key, "control_characters"))
    elif spec.min_length is not None and len(text) < spec.min_length:
        out.append(problem(spec, key, "too_short", limit=spec.min_length))
    elif spec.max_length is not None and len(text) > spec.max_length:
        out.append(problem(spec, key, "too_long", limit=spec.max_length, count=len(text)))
    else:
        return text
    return None


def validate_application(
    data: Any, inputs: Sequence[InputSpec], source: Source | str = Source.SCORING
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check ``data``; return (normalised values, []) or (None, every problem)."""
    source = Source(source)
    if not isinstance(data, Mapping):
        return None, [Problem("", "not_an_object")]
    out: list[Problem] = []
    values: dict[str, Any] = {}
    specs = {spec.key: spec for spec in inputs}
    for spec in inputs:
        key = spec.key
        if key not in data:
            if spec.default is not None:
                values[key] = spec.default
            elif not spec.optional:
                out.append(problem(spec, key, "missing"))
            continue
        raw = data[key]
        if spec.set_by_admin and source not in ADMIN_SOURCES:
            out.append(problem(spec, key, "set_by_admin"))
        elif spec.is_number:
            number = _number(spec, raw, out)
            if number is not None and _range(spec, number, out):
                values[key] = number
        elif spec.kind == "bool":
            if isinstance(raw, bool):
                values[key] = raw
            else:
                out.append(problem(spec, key, "not_a_boolean", got=_got(raw)))
        else:
            text = _text(spec, raw, out)
            if text is not None:
                values[key] = text
    for spec in inputs:
        other = specs.get(spec.max_field) if spec.max_field else None
        if other and spec.key in values and values[spec.key] > values.get(other.key, math.inf):
            shown = {"value": _show(values.pop(spec.key)), "other_value": _show(values[other.key])}
            shown["other"] = _name(other, other.key)
            out.append(problem(spec, spec.key, "exceeds_whole", **shown))
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
    if not isinstance(data, Mapping):
        return out
    flagged = {p.key for p in out}
    for spec in inputs:
        if spec.required_to_submit and spec.key not in flagged:
            value = data.get(spec.key)
            if not isinstance(value, str) or not value.strip():
                out.append(problem(spec, spec.key, "empty"))
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
        return {k: _interchange(v) for k, v in self._data.items()}


def _interchange(value: Any) -> Any:
    if not isinstance(value, Decimal):
        return value
    return int(value) if value.as_tuple().exponent == 0 else format(value, "f")
