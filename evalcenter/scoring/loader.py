"""Rule file -> :class:`~.model.RulesetModel`, with every problem as ``file:line: id: message``
(:func:`locate` maps each pydantic error to its YAML line and nearest rule id)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from . import model as m
from .expressions import did_you_mean
from .messages import RuleProblem, RulesetError
from .yaml_source import LineDict, LineList, YamlSourceError, load_yaml


def _models(cls: type = m.Model) -> list[type]:
    return [m for sub in cls.__subclasses__() for m in (sub, *_models(sub))]


_ALIASES = [{f.alias or n for n, f in m.model_fields.items()} for m in _models()]
_SHAPES = {
    "dict": "a mapping of 'field: value' lines",
    "model": "a mapping of 'field: value' lines",
    "model_attributes": "a mapping of 'field: value' lines",
    "list": "a list ('- ...' lines)",
    "tuple": "a list ('- ...' lines)",
    "string": "text",
    "string_too_short": "non-empty text",
    "bool": "true or false",
    "date": "a date written as YYYY-MM-DD",
}
_BOUNDS = {"greater_than": "greater than", "greater_than_equal": "at least", "less_than": "below"}
_LISTED = ("gates", "derived", "tests")
_SECTIONS = {f.alias or n for n, f in m.RulesetModel.model_fields.items()}


def locate(doc: LineDict, loc: tuple) -> tuple[int, str, str, Any]:
    """The line, nearest rule id, field name and enclosing mapping of the node at ``loc``."""
    node, line, rid, key, parent, matched = doc, doc.line, "ruleset", None, doc, False
    for depth, part in enumerate(loc):
        if isinstance(node, LineDict) and isinstance(part, int) and part not in node:
            part = list(node)[part] if 0 <= part < len(node) else part
        if isinstance(node, LineDict) and not isinstance(part, int) and part in node:
            parent, key, line, node = node, part, node.line_of(part), node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.line_of(part), node[part]
        else:
            matched = False
            continue
        matched = True
        if depth == 0 and part in _SECTIONS:
            rid = str(part)
        elif depth == 1 and loc[0] == "inputs":
            rid = f"inputs.{part}"
        elif depth == 1 and loc[0] in _LISTED:
            rid = f"{loc[0]}[{part + 1}]"
        ident = node.get("id") if isinstance(node, LineDict) and loc[0] != "ruleset" else None
        if isinstance(ident, str) and m.ID_RE.match(ident):
            rid = ident
    if (not matched or isinstance(node, LineDict)) and isinstance(node, LineDict | LineList):
        line = node.line if node else line
    name = key if key is not None else (loc[-1] if loc else "this")
    return line, rid, str(name), parent


def message(err: Any, parent: Any) -> str:
    """A pydantic error as a rule-file message (``{key}`` stands for the field)."""
    kind, last, ctx = err["type"], str(err["loc"][-1]) if err["loc"] else "", err.get("ctx", {})
    if kind == "missing":
        return f"missing field '{last}'"
    if kind == "extra_forbidden":
        keys = set(parent or ())
        allowed = max(_ALIASES, key=lambda a: len(a & keys))
        return f"unknown field '{last}'{did_you_mean(last, allowed)}"
    shape = kind.removesuffix("_type").removesuffix("_parsing")
    if shape in _SHAPES:
        return "'{key}' must be " + _SHAPES[shape]
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()))
        return f"'{{key}}' must be {_BOUNDS[kind]} {bound}, got {err['input']}"
    if kind == "literal_error":
        hint = did_you_mean(str(err["input"]), ctx["expected"].split(" or "))
        return f"'{{key}}' must be {ctx['expected']}{hint}"
    if kind in ("too_short", "too_long"):
        return f"'{{key}}': {err['msg'].lower().replace('list should', 'the list should')}"
    return f"'{{key}}': {err['msg']}"


def parse_ruleset_text(text: str, filename: str) -> m.RulesetModel:
    """Validate rule-file text; raise :class:`RulesetError` listing every problem."""
    try:
        doc, duplicates = load_yaml(text)
    except YamlSourceError as exc:
        raise RulesetError([RuleProblem(filename, exc.line, "yaml", exc.message)]) from None
    problems = [RuleProblem(filename, line, "yaml", text) for line, text in duplicates]
    if not isinstance(doc, LineDict):
        text = "the rule file must be a mapping of 'field: value' lines"
        raise RulesetError([RuleProblem(filename, 1, "ruleset", text)])
    context: dict[str, Any] = {}
    try:
        model = m.RulesetModel.model_validate(doc, context=context)
    except ValidationError as exc:
        problems += _problems(doc, exc.errors(include_url=False), filename)
    except (RecursionError, ArithmeticError, ValueError, TypeError) as exc:
        problems.append(
            RuleProblem(filename, 1, "ruleset", f"cannot be read: {type(exc).__name__}")
        )
    problems += [RuleProblem(filename, *p) for p in _duplicate_ids(context.get("items", {}))]
    if problems:
        raise RulesetError(sorted(problems, key=lambda p: p.line))
    return model


def _problems(doc: LineDict, errors: list, filename: str) -> list[RuleProblem]:
    """Each pydantic error (and each problem of a ``rule`` error) at its line and rule id."""
    out = []
    for err in errors:
        if err["type"] == "too_short" and err["ctx"]["actual_length"] < len(err["input"]):
            continue  # some items were refused, each with its own problem
        given = err["ctx"]["problems"] if err["type"] == "rule" else (((), None),)
        for relative, text, *rid_given in given:
            loc = tuple(err["loc"]) + tuple(relative)
            line, rid, name, parent = locate(doc, loc)
            text = message({**err, "loc": loc}, parent) if text is None else text
            rid = rid_given[0] if rid_given else rid
            out.append(RuleProblem(filename, line, rid, text.replace("{key}", name)))
    return out


def _duplicate_ids(items: dict[str, list[LineDict]]) -> list[tuple[int, str, str]]:
    """(line, id, message) for each id used a second time."""
    seen: dict[str, int] = {}
    out = []
    for item in sorted((i for v in items.values() for i in v), key=lambda i: i.line_of("id")):
        ident, line = item.get("id"), item.line_of("id")
        if isinstance(ident, str) and ident in seen:
            out.append(
                (line, ident, f"duplicate id '{ident}' (already used on line {seen[ident]})")
            )
        elif isinstance(ident, str):
            seen[ident] = line
    return out
