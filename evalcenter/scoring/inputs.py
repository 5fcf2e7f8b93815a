"""Validation of an application document against a ruleset's input declarations.

Every violation is reported at once as a :class:`Problem` carrying the key, a
stable code and a message in English and in Chinese that a company clerk can
act on. Nothing is scored from an invalid document. Numbers are normalised to
``Decimal`` (money to cents); JSON should be read with :func:`load_json` so
that floats stay exact and ``NaN`` / huge numbers are reported, not crashed on.
"""

from __future__ import annotations

import enum
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from . import uscc
from .decimal_math import CONTEXT
from .expressions import did_you_mean
from .model import InputSpec, Label

MONEY_LIMIT = Decimal(1_000_000_000)
_DECIMAL_TEXT = re.compile(r"^-?\d{1,20}(\.\d{1,20})?$")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Cc except \t \n \r


class Source(enum.StrEnum):
    """Where application data comes from; decides who may set administrators' fields."""

    APPLICANT = "applicant"  # the applicant's web form
    IMPORT = "import"  # an applicant's JSON import
    ADMIN = "admin"  # administrators' formal check
    SCORING = "scoring"  # the scoring command / engine


ADMIN_SOURCES = frozenset({Source.ADMIN, Source.SCORING})


class NonFiniteNumber(str):
    """``NaN`` / ``Infinity`` met while reading JSON."""


class HugeNumber(str):
    """An integer with too many digits met while reading JSON."""


def load_json(text: str | bytes) -> Any:
    """Read JSON keeping decimals exact (``Decimal``) and marking NaN/huge numbers."""
    return json.loads(
        text,
        parse_float=Decimal,
        parse_int=lambda s: int(s) if len(s) <= 30 else HugeNumber(s),
        parse_constant=NonFiniteNumber,
    )


@dataclass(frozen=True)
class Problem:
    """One problem with one key of the application data."""

    key: str
    code: str
    message_en: str
    message_zh: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message_en} / {self.message_zh}"

    def to_dict(self) -> dict[str, str]:
        return {
            "key": self.key,
            "code": self.code,
            "message_en": self.message_en,
            "message_zh": self.message_zh,
        }


MESSAGES: dict[str, tuple[str, str]] = {
    "not_an_object": (
        "The application data must be a JSON object.",
        "申报数据必须是一个JSON对象。",
    ),
    "missing": ("{name_en} is missing.", "缺少{name_zh}。"),
    "unknown_key": (
        "'{key}' is not a field of the application; remove it{hint}.",
        "“{key}”不是申报数据中的字段，请删除{hint_zh}。",
    ),
    "set_by_admin": (
        "{name_en} is set by administrators at the formal check and cannot be "
        "supplied with an application; remove it.",
        "{name_zh}由管理员在形式审查时填写，申报数据中不能包含此项，请删除。",
    ),
    "not_a_number": (
        "{name_en} must be a number, not {got_en}.",
        "{name_zh}必须填写数字，不能是{got_zh}。",
    ),
    "not_finite": (
        "{name_en} must be a real number (NaN and infinity are not allowed).",
        "{name_zh}必须是有效数字（不能是NaN或无穷大）。",
    ),
    "not_an_integer": (
        "{name_en} must be a whole number written without a decimal point, e.g. 7.",
        "{name_zh}必须是整数，且不能带小数点，例如 7。",
    ),
    "too_many_decimals": (
        "{name_en} may have at most {places} decimal place(s); got {value}.",
        "{name_zh}最多保留{places}位小数（当前为{value}）。",
    ),
    "too_large": (
        "{name_en} is too large: at most {limit} in magnitude.",
        "{name_zh}数值过大：绝对值不能超过{limit}。",
    ),
    "below_minimum": (
        "{name_en} must be at least {limit}; got {value}.",
        "{name_zh}不能小于{limit}（当前为{value}）。",
    ),
    "not_above": (
        "{name_en} must be greater than {limit}; got {value}.",
        "{name_zh}必须大于{limit}（当前为{value}）。",
    ),
    "above_maximum": (
        "{name_en} must be at most {limit}; got {value}.",
        "{name_zh}不能大于{limit}（当前为{value}）。",
    ),
    "exceeds_whole": (
        "{name_en} ({value}) cannot be larger than {other_en} ({other}).",
        "{name_zh}（{value}）不能大于{other_zh}（{other}）。",
    ),
    "not_a_boolean": (
        "{name_en} must be true or false, not {got_en}.",
        "{name_zh}必须为是或否（true/false），不能是{got_zh}。",
    ),
    "not_text": ("{name_en} must be text, not {got_en}.", "{name_zh}必须是文字，不能是{got_zh}。"),
    "not_a_choice": (
        "{name_en} must be one of {choices}; got {value}{hint}.",
        "{name_zh}必须是以下之一：{choices}（当前为{value}）{hint_zh}。",
    ),
    "too_short": (
        "{name_en} must have at least {limit} characters.",
        "{name_zh}至少需要{limit}个字符。",
    ),
    "too_long": (
        "{name_en} must have at most {limit} characters (it has {count}).",
        "{name_zh}最多{limit}个字符（当前为{count}个）。",
    ),
    "control_characters": (
        "{name_en} contains invisible control characters; retype it.",
        "{name_zh}包含不可见的控制字符，请重新输入。",
    ),
    "uscc_length": (
        "{name_en} must have 18 characters (it has {count}).",
        "{name_zh}应为18位（当前为{count}位）。",
    ),
    "uscc_characters": (
        "{name_en} contains characters a USCC never uses: {chars} (only digits "
        "and capital letters except I, O, Z, S, V).",
        "{name_zh}含有不允许的字符：{chars}（只能是数字和除I、O、Z、S、V以外的大写字母）。",
    ),
    "uscc_check": (
        "{name_en} has a wrong check character (the last one); check the code for typing errors.",
        "{name_zh}的校验码（最后一位）不正确，请核对是否录入有误。",
    ),
    "empty": ("{name_en} must be filled in before submitting.", "提交前必须填写{name_zh}。"),
}

_GOT = {
    str: ("text", "文字"), bool: ("true/false", "是/否"), list: ("a list", "列表"),
    dict: ("an object", "对象"), type(None): ("empty (null)", "空值（null）"),
}  # fmt: skip


def _got(value: Any) -> tuple[str, str]:
    for kind, words in _GOT.items():
        if isinstance(value, kind):
            return (f'text "{value[:20]}"', f"文字“{value[:20]}”") if kind is str else words
    return (
        ("a number", "数字") if isinstance(value, int | float | Decimal) else ("this value", "该值")
    )


def problem(spec: InputSpec | None, key: str, code: str, **params: Any) -> Problem:
    """Build a bilingual problem for ``key`` from the message templates."""
    label = spec.label if spec else Label(key, key)
    params.setdefault("hint", "")
    params.setdefault("hint_zh", "")
    en, zh = MESSAGES[code]
    names = {"key": key, "name_en": f"{label.en} ({key})", "name_zh": f"“{label.zh}”（{key}）"}
    return Problem(key, code, en.format(**names, **params), zh.format(**names, **params))


def _show(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f") if abs(value.as_tuple().exponent) < 30 else str(value)
    return str(value)


def _number(spec: InputSpec, raw: Any, out: list[Problem]) -> Decimal | None:
    key = spec.key
    if isinstance(raw, NonFiniteNumber) or (isinstance(raw, float) and not math.isfinite(raw)):
        out.append(problem(spec, key, "not_finite"))
        return None
    if isinstance(raw, Decimal) and not raw.is_finite():
        out.append(problem(spec, key, "not_finite"))
        return None
    limit = MONEY_LIMIT if spec.kind != "count" else spec.maximum or MONEY_LIMIT
    if isinstance(raw, HugeNumber):
        out.append(problem(spec, key, "too_large", limit=_show(limit)))
        return None
    if spec.kind == "count":
        if type(raw) is not int:
            if isinstance(raw, float | Decimal):
                out.append(problem(spec, key, "not_an_integer"))
            else:
                got_en, got_zh = _got(raw)
                out.append(problem(spec, key, "not_a_number", got_en=got_en, got_zh=got_zh))
            return None
        value = Decimal(raw)
    elif isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str):
        got_en, got_zh = _got(raw)
        out.append(problem(spec, key, "not_a_number", got_en=got_en, got_zh=got_zh))
        return None
    elif isinstance(raw, str):
        if not _DECIMAL_TEXT.match(raw):
            got_en, got_zh = _got(raw)
            out.append(problem(spec, key, "not_a_number", got_en=got_en, got_zh=got_zh))
            return None
        value = Decimal(raw)
    else:
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if abs(value) > limit and spec.kind != "count":
        out.append(problem(spec, key, "too_large", limit=_show(limit)))
        return None
    if spec.kind != "count":
        step = Decimal(1).scaleb(-spec.places)
        try:
            rounded = value.quantize(step, context=CONTEXT)
        except (InvalidOperation, ArithmeticError):  # pragma: no cover - bounded above
            rounded = None
        if rounded != value:
            out.append(
                problem(spec, key, "too_many_decimals", places=spec.places, value=_show(value))
            )
            return None
        value = rounded
    return value


def _range(spec: InputSpec, value: Decimal, out: list[Problem]) -> bool:
    if (
        (spec.minimum is None or value >= spec.minimum)
        and (spec.above is None or value > spec.above)
        and (spec.maximum is None or value <= spec.maximum)
    ):
        return True
    shown = _show(value)
    if spec.minimum is not None and value < spec.minimum:
        out.append(problem(spec, spec.key, "below_minimum", limit=_show(spec.minimum), value=shown))
        return False
    if spec.above is not None and value <= spec.above:
        out.append(problem(spec, spec.key, "not_above", limit=_show(spec.above), value=shown))
        return False
    if spec.maximum is not None and value > spec.maximum:
        out.append(problem(spec, spec.key, "above_maximum", limit=f"{spec.maximum:,}", value=shown))
        return False
    return True


def _controls(text: str) -> bool:
    return _CONTROL.search(text) is not None


def _text(spec: InputSpec, raw: Any, out: list[Problem]) -> str | None:
    key = spec.key
    if not isinstance(raw, str) or isinstance(raw, NonFiniteNumber | HugeNumber):
        got_en, got_zh = _got(raw)
        out.append(problem(spec, key, "not_text", got_en=got_en, got_zh=got_zh))
        return None
    if spec.kind == "enum":
        if raw not in spec.values:
            hint = did_you_mean(raw, spec.values)
            out.append(
                problem(
                    spec,
                    key,
                    "not_a_choice",
                    choices=", ".join(spec.values),
                    value=repr(raw)[:40],
                    hint=hint,
                    hint_zh=hint and f"，{hint}",
                )
            )
            return None
        return raw
    if spec.kind == "uscc":
        code = raw.strip().upper()
        bad = uscc.bad_characters(code)
        if bad:
            out.append(problem(spec, key, "uscc_characters", chars=" ".join(bad)[:40]))
        elif len(code) != 18:
            out.append(problem(spec, key, "uscc_length", count=len(code)))
        elif not uscc.is_valid(code):
            out.append(problem(spec, key, "uscc_check"))
        else:
            return code
        return None
    text = raw.strip() if spec.kind == "string" else raw
    if _controls(text) or (spec.kind == "string" and ("\n" in text or "\r" in text)):
        out.append(problem(spec, key, "control_characters"))
        return None
    if spec.min_length is not None and len(text) < spec.min_length:
        out.append(problem(spec, key, "too_short", limit=spec.min_length))
        return None
    if spec.max_length is not None and len(text) > spec.max_length:
        out.append(problem(spec, key, "too_long", limit=spec.max_length, count=len(text)))
        return None
    return text


def validate_application(
    data: Any, inputs: Sequence[InputSpec], source: Source | str = Source.SCORING
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Check ``data``; return (normalised values, []) or (None, every problem)."""
    source = Source(source)
    if not isinstance(data, Mapping):
        return None, [problem(None, "", "not_an_object")]
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
            continue
        if spec.is_number:
            number = _number(spec, raw, out)
            if number is not None and _range(spec, number, out):
                values[key] = number
        elif spec.kind == "bool":
            if isinstance(raw, bool):
                values[key] = raw
            else:
                got_en, got_zh = _got(raw)
                out.append(problem(spec, key, "not_a_boolean", got_en=got_en, got_zh=got_zh))
        else:
            text = _text(spec, raw, out)
            if text is not None:
                values[key] = text
    for spec in inputs:
        other = specs.get(spec.max_field) if spec.max_field else None
        if other is None or spec.key not in values or other.key not in values:
            continue
        if values[spec.key] > values[other.key]:
            out.append(
                problem(
                    spec,
                    spec.key,
                    "exceeds_whole",
                    value=_show(values[spec.key]),
                    other=_show(values[other.key]),
                    other_en=f"{other.label.en} ({other.key})",
                    other_zh=f"“{other.label.zh}”",
                )
            )
            del values[spec.key]
    for key in data:
        if key not in specs:
            shown = str(key)[:60]
            hint = did_you_mean(shown, specs)
            out.append(problem(None, shown, "unknown_key", hint=hint, hint_zh=hint and f"{hint}"))
    if out:
        return None, out
    return values, []


def check_submittable(
    data: Any, inputs: Sequence[InputSpec], source: Source | str = Source.APPLICANT
) -> list[Problem]:
    """Problems blocking a submission: every validation problem plus empty narratives."""
    _, out = validate_application(data, inputs, source)
    if not isinstance(data, Mapping):
        return out
    flagged = {p.key for p in out}
    for spec in inputs:
        if not spec.required_to_submit or spec.key in flagged:
            continue
        value = data.get(spec.key)
        if not isinstance(value, str) or not value.strip():
            out.append(problem(spec, spec.key, "empty"))
    return out


class Application:
    """Validated, normalised application data (immutable); made by ``Ruleset.parse_application``."""

    __slots__ = ("values", "source", "schema", "_data")

    def __init__(self, values: dict[str, Any], source: Source, schema: str) -> None:
        object.__setattr__(self, "_data", values)
        object.__setattr__(self, "values", MappingProxyType(values))
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "schema", schema)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Application is immutable")

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __repr__(self) -> str:
        return f"Application({self._data.get('company_name', '?')!r})"

    def to_json_dict(self) -> dict[str, Any]:
        """Interchange form: counts as integers, money/decimals as exact strings."""
        out: dict[str, Any] = {}
        for key, value in self._data.items():
            if isinstance(value, Decimal):
                out[key] = int(value) if value.as_tuple().exponent == 0 else format(value, "f")
            else:
                out[key] = value
        return out


def labels_of(inputs: Sequence[InputSpec]) -> Mapping[str, Label]:
    """Key -> bilingual label, for forms and messages."""
    return MappingProxyType({spec.key: spec.label for spec in inputs})
