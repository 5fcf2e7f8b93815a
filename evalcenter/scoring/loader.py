"""Rule file -> :class:`~.model.RulesetModel`, with every problem as ``file:line: id: message``.

The whole document is validated once; each pydantic error is mapped back to the line of
its YAML node and the nearest rule id by :func:`locate`.
"""

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
_MAPPING, _LIST, _FLAG = (
    "a mapping of 'field: value' lines",
    "a list ('- ...' lines)",
    "true or false",
)
_SHAPES = {
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "list_type": _LIST,
    "tuple_type": _LIST,
    "string_type": "text",
    "string_too_short": "non-empty text",
    "bool_type": _FLAG,
    "bool_parsing": _FLAG,
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
    if kind in _SHAPES:
        return "'{key}' must be " + _SHAPES[kind]
    if kind in _BOUNDS:
        bound = next(iter(ctx.values()))
        return f"'{{key}}' must be {_BOUNDS[kind]} {bound}, got {err['input']}"
    if kind == "literal_error":
        hint = did_you_mean(str(err["input"]), ctx["expected"].split(" or "))
        return f"'{{key}}' must be {ctx['expected']}{hint}"
    if kind in ("too_short", "too_long"):
        return f"'{{key}}': {err['msg'].lower().replace('list should', 'the list should')}"
    return f"'{{key}}': {err['msg']}"


def validate(doc: Any, filename: str) -> tuple[m.RulesetModel | None, list[RuleProblem]]:
    """The model of the rule file ``doc`` and its problems."""
    if not isinstance(doc, LineDict):
        text = "the rule file must be a mapping of 'field: value' lines"
        return None, [RuleProblem(filename, 1, "ruleset", text)]
    problems = [RuleProblem(filename, *p) for p in duplicate_ids(doc)]
    try:
        return m.RulesetModel.model_validate(doc, context={}), problems
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    except (RecursionError, ArithmeticError, ValueError, TypeError) as exc:
        return None, [*problems, RuleProblem(filename, 1, "ruleset", f"cannot be read: {exc!r}")]
    for err in errors:
        given = err["ctx"]["problems"] if err["type"] == "rule" else (((), None),)
        for relative, text, *rid_given in given:
            loc = tuple(err["loc"]) + tuple(relative)
            line, rid, name, parent = locate(doc, loc)
            text = message({**err, "loc": loc}, parent) if text is None else text
            rid = rid_given[0] if rid_given else rid
            problems.append(RuleProblem(filename, line, rid, text.replace("{key}", name)))
    return None, problems


def duplicate_ids(doc: LineDict) -> list[tuple[int, str, str]]:
    """(line, id, message) for each id used a second time."""
    seen: dict[str, int] = {}
    out = []
    groups = m.dig(doc, "quantitative.groups")
    found = groups + [i for g in groups for i in m.dig(g, "indicators")]
    for path in m.ID_LISTS:
        found += m.dig(doc, path)
    for item in sorted(found, key=lambda i: i.line_of("id")):
        ident, line = item.get("id"), item.line_of("id")
        if isinstance(ident, str) and ident in seen:
            out.append(
                (line, ident, f"duplicate id '{ident}' (already used on line {seen[ident]})")
            )
        elif isinstance(ident, str):
            seen[ident] = line
    return out


def parse_ruleset_text(text: str, filename: str) -> m.RulesetModel:
    """Validate rule-file text; raise :class:`RulesetError` listing every problem."""
    try:
        document, duplicates = load_yaml(text)
    except YamlSourceError as exc:
        raise RulesetError([RuleProblem(filename, exc.line, "yaml", exc.message)]) from None
    model, problems = validate(document, filename)
    problems += [RuleProblem(filename, line, "yaml", text) for line, text in duplicates]
    if problems or model is None:
        raise RulesetError(sorted(problems, key=lambda p: p.line))
    return model
