"""Rule file -> :class:`~.model.RulesetModel`, with every problem as ``file:line: id: message``.

Sections are validated in file order, each by its pydantic model; what a section
declares (lists, inputs, derived values, ids) goes into the validation context of
the sections after it. Errors are mapped back to lines through the YAML tree.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from . import model as m
from .expressions import Symbol, Type, did_you_mean
from .messages import RuleProblem, RulesetError
from .yaml_source import BadNumber, LineDict, LineList, YamlSourceError, load_yaml


def _models(cls: type = m.Model) -> list[type]:
    return [m for sub in cls.__subclasses__() for m in (sub, *_models(sub))]


_ALIASES = [{f.alias or n for n, f in m.model_fields.items()} for m in _models()]
_SHAPES = {
    "dict_type": "must be a mapping of 'field: value' lines",
    "model_type": "must be a mapping of 'field: value' lines",
    "model_attributes_type": "must be a mapping of 'field: value' lines",
    "list_type": "must be a list ('- ...' lines)",
    "tuple_type": "must be a list ('- ...' lines)",
    "string_type": "must be text",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
}


def _walk(node: Any, loc: tuple, line: int, rid: str, ids: bool) -> tuple[int, str, Any, Any]:
    """Follow ``loc`` through the YAML tree: (line, innermost rule id, last key, its mapping)."""
    key, parent, matched = None, node if isinstance(node, LineDict) else None, False
    line = getattr(node, "line", line) if node is not None else line
    for part in (None, *loc):
        if part is None:
            pass
        elif isinstance(node, LineDict) and not isinstance(part, int) and part in node:
            parent, key, line, node = node, part, node.line_of(part), node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line, node = node.line_of(part), node[part]
        else:
            matched = False
            continue
        matched = part is not None
        ident = node.get("id") if isinstance(node, LineDict) else None
        if ids and isinstance(ident, str) and m.ID_RE.match(ident):
            rid = ident
    if not matched and isinstance(node, LineDict | LineList) and node:
        line = node.line
    return line, rid, key, parent


class _Parser:
    def __init__(self, filename: str) -> None:
        self.file = filename
        self.problems: list[RuleProblem] = []
        self.context: dict[str, Any] = {"symbols": {}, "lists": {}, "enums": {}}

    def add(self, line: int, rid: str, message: str) -> None:
        self.problems.append(RuleProblem(self.file, line, rid, message))

    def validate(self, cls: Any, value: Any, node: Any, line: int, rid: str) -> Any:
        """``cls`` validated from ``value`` (from ``node`` on ``line``), or ``None``."""
        try:
            return cls.model_validate(value, context=self.context)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                self.report(err, node, line, rid, cls is not m.Header)
        except (RecursionError, ArithmeticError, ValueError, TypeError) as exc:
            self.add(line, rid, f"cannot be read: {type(exc).__name__}")
        return None

    def report(self, err: Any, node: Any, line: int, rid: str, ids: bool) -> None:
        problems = err["ctx"]["problems"] if err["type"] == "rule" else (((), None),)
        for relative, message, *rid_given in problems:
            loc = tuple(err["loc"]) + tuple(relative)
            at, at_rid, key, parent = _walk(node, loc, line, rid, ids)
            if message is None:
                message = self.message(err, loc, key, parent)
            name = key if key is not None else (loc[-1] if loc else "this")
            self.add(at, rid_given[0] if rid_given else at_rid, message.replace("{key}", str(name)))

    @staticmethod
    def message(err: Any, loc: tuple, key: Any, parent: Any) -> str:
        kind, last = err["type"], loc[-1] if loc else ""
        if kind == "missing":
            return f"missing field '{last}'"
        if kind == "extra_forbidden":
            keys = set(parent or ())
            allowed = max(_ALIASES, key=lambda a: len(a & keys))
            return f"unknown field '{last}'{did_you_mean(last, allowed)}"
        if kind in _SHAPES:
            return "'{key}' " + _SHAPES[kind]
        if kind == "literal_error":
            shown = err["ctx"]["expected"]
            hint = did_you_mean(str(err["input"]), shown.split(" or "))
            return f"'{{key}}' must be {shown}{hint}"
        if kind in ("too_short", "too_long"):
            return f"'{{key}}': {err['msg'].lower().replace('list should', 'the list should')}"
        return f"'{{key}}': {err['msg']}"

    def section(self, cls: Any, doc: LineDict, name: str) -> Any:
        if name not in doc:
            return None
        return self.validate(cls, doc[name], doc[name], doc.line_of(name), name)

    def items(self, doc: Any, name: str) -> list[tuple[int, Any]]:
        """The items of the list ``doc[name]`` with their lines (a problem if not a list)."""
        value = doc.get(name) if isinstance(doc, LineDict) else None
        if value is None:
            return []
        if not isinstance(value, LineList):
            self.add(doc.line_of(name), name, f"'{name}' must be a list ('- ...' lines)")
            return []
        return [(value.line_of(n), item) for n, item in enumerate(value)]

    # -- sections -------------------------------------------------------------------------
    def parse(self, doc: Any) -> m.RulesetModel | None:
        if not isinstance(doc, LineDict):
            self.add(1, "ruleset", "the rule file must be a mapping of 'field: value' lines")
            return None
        self.validate(m.Document, doc, doc, doc.line, "ruleset")
        self.duplicate_ids(doc)
        header = self.section(m.Header, doc, "ruleset")
        self.section(m.Arithmetic, doc, "arithmetic")
        self.lists(doc)
        inputs = self.inputs(doc)
        derived = self.each(m.Derived, doc, "derived", symbol=True)
        gates = self.each(m.Gate, doc, "gates")
        self.context["vocabulary"], self.context["ids"] = _vocabulary(doc)
        parts = [self.section(cls, doc, name) for name, cls in _SECTIONS.items()]
        ranking, tests = self.each(m.RankKey, doc, "ranking"), self.tests(doc)
        if self.problems or header is None or None in parts:
            return None
        lists = MappingProxyType(dict(self.context["lists"]))
        return m.RulesetModel(header, lists, inputs, gates, derived, *parts, ranking, tests)

    def duplicate_ids(self, doc: LineDict) -> None:
        seen: dict[str, int] = {}
        groups = _dig(doc, ("quantitative", "groups"))
        found = [i for g in groups for i in _dig(g, ("indicators",))] + groups
        for path in (
            "gates",
            "derived",
            "bonus.items",
            "penalties.items",
            "expert_review.criteria",
        ):
            found += _dig(doc, tuple(path.split(".")))
        for item in sorted(found, key=lambda i: i.line_of("id")):
            ident = item.get("id")
            if isinstance(ident, str) and ident in seen:
                text = f"duplicate id '{ident}' (already used on line {seen[ident]})"
                self.add(item.line_of("id"), ident, text)
            elif isinstance(ident, str):
                seen[ident] = item.line_of("id")

    def lists(self, doc: LineDict) -> None:
        value = doc.get("lists")
        if value is None:
            return
        if not isinstance(value, LineDict):
            self.add(doc.line_of("lists"), "lists", "'lists' must map name: [values]")
            return
        for name, items in value.items():
            line = value.line_of(name)
            if not (isinstance(name, str) and m.KEY_RE.match(name) and isinstance(items, LineList)):
                self.add(line, "lists", f"list '{name}' must be a lowercase name and a list")
                continue
            good = [
                Decimal(i) if isinstance(i, int) else i
                for i in items
                if isinstance(i, str | int | Decimal) and not isinstance(i, bool | BadNumber)
            ]
            if len(good) != len(items) or len({type(v) for v in good}) > 1:
                self.add(line, name, "a list must hold only text or only numbers")
            elif len(set(good)) != len(good):
                self.add(line, name, "the list repeats a value")
            self.context["lists"][name] = frozenset(good)

    def inputs(self, doc: LineDict) -> tuple[m.InputSpec, ...]:
        value, specs = doc.get("inputs"), []
        if not isinstance(value, LineDict):
            self.add(doc.line_of("inputs"), "inputs", "'inputs' must map key: declaration")
            return ()
        for key, decl in value.items():
            line, rid = value.line_of(key), f"inputs.{key}"
            if not isinstance(key, str) or not m.KEY_RE.match(key):
                text = f"input key '{key}' must be lowercase letters, digits, '_'"
                self.add(line, "inputs", text)
                continue
            data = {**decl, "key": key} if isinstance(decl, dict) else decl
            spec = self.validate(m.InputSpec, data, decl, line, rid)
            if spec is not None:
                specs.append(spec)
        numbers = {s.key for s in specs if s.is_number}
        for spec in specs:
            if spec.max_field is not None and spec.max_field not in numbers:
                text = f"max: unknown number field '{spec.max_field}'"
                text += did_you_mean(spec.max_field, numbers)
                self.add(value.line_of(spec.key), f"inputs.{spec.key}", text)
            if not (spec.optional and spec.default is None):
                self.context["symbols"][spec.key] = spec.symbol
            if spec.kind == "enum":
                self.context["enums"][spec.key] = spec.values
        return tuple(specs)

    def each(self, cls: Any, doc: LineDict, name: str, symbol: bool = False) -> tuple:
        out = []
        for index, (line, item) in enumerate(self.items(doc, name)):
            ident = item.get("id") if isinstance(item, LineDict) else None
            if symbol and ident in self.context["symbols"]:
                self.add(line, str(ident), f"derived value '{ident}' has the name of an input")
                continue
            rid = name if cls is m.RankKey else f"{name}[{index + 1}]"
            model = self.validate(cls, item, item, line, rid)
            if model is not None:
                out.append(model)
            if symbol and isinstance(ident, str) and m.KEY_RE.match(ident):
                self.context["symbols"][ident] = Symbol(Type.NUMBER)
        return tuple(out)

    def tests(self, doc: LineDict) -> tuple[m.EmbeddedCase, ...]:
        cases: dict[str, m.EmbeddedCase] = {}
        for index, (line, item) in enumerate(self.items(doc, "tests")):
            case = self.validate(m.Case, item, item, line, f"tests[{index + 1}]")
            if case is None:
                continue
            rid, given = f"test '{case.name}'", case.model_fields_set
            base = cases.get(case.extends) if case.extends else None
            if case.name in cases or (case.extends and base is None):
                hint = did_you_mean(str(case.extends), cases)
                why = "is repeated" if case.name in cases else f"extends no earlier test{hint}"
                self.add(line, rid, f"test name '{case.name}' {why}")
                continue
            data = dict(base.data) if base else {}
            data.update(item.get("input") or {})
            for key in case.without or ():
                data.pop(key, None)
            reviews = base.reviews if base else None
            if "reviews" in given:
                reviews = None if case.reviews is None else tuple(case.reviews)
            problems = tuple(case.expect_problems) if case.expect_problems is not None else None
            source = case.source or (base.source if base else "scoring")
            expect = item.get("expect") or LineDict()
            cases[case.name] = m.EmbeddedCase(
                case.name, line, MappingProxyType(data), reviews, expect, problems, source
            )
        return tuple(cases.values())


_SECTIONS = {
    "quantitative": m.Quantitative,
    "bonus": m.AdjustmentSection,
    "penalties": m.AdjustmentSection,
    "expert_review": m.ExpertReview,
    "composite": m.Composite,
    "recommendation": m.Recommendation,
}


def _dig(node: Any, path: tuple) -> list[LineDict]:
    """The mappings in the list at ``path`` (missing or malformed parts give none)."""
    for part in path:
        node = node.get(part) if isinstance(node, LineDict) else None
    return [i for i in node if isinstance(i, LineDict)] if isinstance(node, LineList) else []


def _vocabulary(doc: LineDict) -> tuple[list[str], dict[str, list[str]]]:
    """Ranking keys and expected-result ids, read from the document's ids."""

    def ids(items: list[LineDict]) -> list[str]:
        return [i["id"] for i in items if isinstance(i.get("id"), str)]

    groups = _dig(doc, ("quantitative", "groups"))
    indicators = ids([i for g in groups for i in _dig(g, ("indicators",))])
    known = {
        "indicators": indicators,
        "groups": ids(groups),
        "bonus_items": ids(_dig(doc, ("bonus", "items"))),
        "penalty_items": ids(_dig(doc, ("penalties", "items"))),
    }
    vocabulary = [*m.RANK_FIXED, *known["groups"], *ids(_dig(doc, ("derived",)))]
    vocabulary += [f"{i}.{part}" for i in indicators for part in ("value", "points")]
    return vocabulary, known


def parse_ruleset_text(text: str, filename: str) -> m.RulesetModel:
    """Validate rule-file text; raise :class:`RulesetError` listing every problem."""
    try:
        document, duplicates = load_yaml(text)
    except YamlSourceError as exc:
        raise RulesetError([RuleProblem(filename, exc.line, "yaml", exc.message)]) from None
    parser = _Parser(filename)
    for line, message in duplicates:
        parser.add(line, "yaml", message)
    model = parser.parse(document)
    if parser.problems or model is None:
        raise RulesetError(sorted(parser.problems, key=lambda p: p.line))
    return model
