"""YAML loading that remembers lines: mappings become :class:`LineDict`, sequences
:class:`LineList`; floats are exact ``Decimal``; aliases, deep nesting and absurdly long
numbers are refused, duplicate keys reported."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

MAX_DEPTH = 30
MAX_NUMBER_LENGTH = 40


class LineDict(dict):
    """A dict with ``line`` (where it starts) and ``key_lines`` (key -> line)."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list with ``line`` (where it starts) and ``item_lines`` (index -> line)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


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
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlSourceError(line, "aliases (*name) are not allowed in rule files")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise YamlSourceError(line, f"nested more than {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line, result.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | bool | Decimal) or isinstance(key, BadNumber):
            raise YamlSourceError(line, "mapping keys must be plain text")
        if key in result:
            loader.duplicates.append((line, f"duplicate key '{key}'"))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


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
    loader = None
    try:
        loader = _Loader(text)
        return loader.get_single_data(), loader.duplicates
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSourceError(line, f"not valid YAML: {exc.problem or exc}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        message = f"not valid YAML: {exc.reason} (#x{exc.character:04x})"
        raise YamlSourceError(line, message) from None
    except (yaml.YAMLError, RecursionError, MemoryError, ValueError, TypeError) as exc:
        raise YamlSourceError(1, f"not valid YAML: {type(exc).__name__}") from None
    finally:
        if loader is not None:
            loader.dispose()
