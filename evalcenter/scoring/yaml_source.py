"""YAML that remembers lines: mappings load as :class:`LineDict`, lists as :class:`LineList`.

Floats are exact ``Decimal``; aliases, deep nesting and overlong numbers are refused.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

MAX_DEPTH = 30
MAX_NUMBER_LENGTH = 40


class _Lines:
    line: int = 0  # where the node starts
    lines: dict  # key or index -> line

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineDict(_Lines, dict):
    """A mapping that knows the line of each key."""


class LineList(_Lines, list):
    """A list that knows the line of each item."""


class BadNumber(str):
    """A YAML number that is not a finite decimal (``.inf``, ``.nan``) or is too long."""


class YamlSourceError(Exception):
    """The text is not YAML, or uses a construct rule files do not allow."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}")


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []
        self.depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        line = self.peek_event().start_mark.line + 1
        if isinstance(self.peek_event(), yaml.AliasEvent):
            raise YamlSourceError(line, "aliases (*name) are not allowed in rule files")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlSourceError(line, f"nested more than {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _lined(result: Any, node: yaml.Node, lines: dict) -> Any:
    result.line, result.lines = node.start_mark.line + 1, lines
    return result


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = _lined(LineDict(), node, {})
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | bool | Decimal) or isinstance(key, BadNumber):
            raise YamlSourceError(line, "mapping keys must be plain text")
        if key in result:
            loader.duplicates.append((line, f"duplicate key '{key}'"))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    return _lined(items, node, {n: c.start_mark.line + 1 for n, c in enumerate(node.value)})


def _construct_number(loader: _Loader, node: yaml.ScalarNode) -> int | Decimal | BadNumber:
    text = str(loader.construct_scalar(node))
    if len(text) > MAX_NUMBER_LENGTH:
        return BadNumber(text[:MAX_NUMBER_LENGTH] + "…")
    try:
        if node.tag.endswith(":int"):
            return yaml.SafeLoader.construct_yaml_int(loader, node)
        value = Decimal(text.replace("_", ""))
    except (ValueError, InvalidOperation):
        return BadNumber(text)
    return value if value.is_finite() else BadNumber(text.replace("_", ""))


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        message = f"'{node.value}' is not a valid date (YYYY-MM-DD)"
        raise YamlSourceError(node.start_mark.line + 1, message) from None


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_number)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_number)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(text: str) -> tuple[Any, list[tuple[int, str]]]:
    """The document and (line, message) warnings; :class:`YamlSourceError` if unreadable."""
    try:
        loader = _Loader(text)
        return loader.get_single_data(), loader.duplicates
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError, TypeError) as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else text.count("\n", 0, getattr(exc, "position", 0)) + 1
        detail = getattr(exc, "problem", None) or getattr(exc, "reason", None)
        raise YamlSourceError(line, f"not valid YAML: {detail or type(exc).__name__}") from None
