"""Problems and trace steps as sentences, in English or (through a catalogue) Chinese.

A step's texts from the rule file are filled into its template once per subject; the
computed numbers each time, through a renderer generated per code (fast enough to render
every step of thousands of results a second).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from operator import itemgetter
from typing import Any

from evalcenter.scoring.messages import ARITY, FMT2, PARAMS, PLAIN, Label, Msg, plain, show, two

from .texts import FRAGMENTS, PROBLEMS, STEPS, Translate, identity

_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


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


def result_dict(result: Any, trace: bool = True, zh: Translate | None = None) -> dict[str, Any]:
    """A :class:`~evalcenter.scoring.Result` as JSON-ready data with the trace rendered in
    English (``trace``) and, given a translate callable ``zh``, in Chinese (``trace_zh``)."""
    out = result.to_dict()
    if trace:
        flat, sums, data = result.flat_trace()
        out["trace"] = render_flat(flat, identity, False, data, iter(sums))
        if zh:
            out["trace_zh"] = render_flat(flat, zh, True, data, iter(sums))
    return out


def result_json(result: Any, indent: int | None = 1, trace: bool = True, zh: Any = None) -> str:
    """:func:`result_dict` as JSON text; compact (no spaces) when ``indent`` is ``None``."""
    if indent is None:
        return _COMPACT.encode(result_dict(result, trace, zh))
    return json.dumps(result_dict(result, trace, zh), ensure_ascii=False, indent=indent)
