"""The 'inputs' section: input declarations, enum values and defaults."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .expressions import Symbol, Type, did_you_mean
from .model import InputSpec, Label
from .parse_common import KEY_RE, ParserBase
from .yaml_source import BadNumber, LineDict, LineList

INPUT_KINDS = ("money", "count", "number", "bool", "enum", "string", "uscc", "text")
KIND_TYPES = {
    "money": Type.NUMBER,
    "count": Type.NUMBER,
    "number": Type.NUMBER,
    "bool": Type.BOOL,
    "enum": Type.TEXT,
    "string": Type.TEXT,
    "uscc": Type.TEXT,
    "text": Type.TEXT,
}
COUNT_MAX = Decimal(10_000_000)


class InputParser(ParserBase):
    def parse_inputs(self, value: Any, line: int) -> tuple[InputSpec, ...]:
        if not isinstance(value, LineDict):
            self.add(line, "inputs", "'inputs' must be a mapping of key: declaration")
            return ()
        specs = []
        for key, decl in value.items():
            spec = self.input_spec(key, decl, value.line_of(key))
            if spec is not None:
                specs.append(spec)
                self.inputs[key] = spec
        for spec in specs:
            if spec.max_field is not None:
                other = self.inputs.get(spec.max_field)
                if other is None or not other.is_number:
                    hint = did_you_mean(spec.max_field, [s.key for s in specs if s.is_number])
                    self.add(
                        spec.line,
                        f"inputs.{spec.key}",
                        f"max: unknown number field '{spec.max_field}'{hint}",
                    )
            if not (spec.optional and spec.default is None):
                values = frozenset(spec.values) if spec.kind == "enum" else None
                self.symbols[spec.key] = Symbol(KIND_TYPES[spec.kind], values)
        return tuple(specs)

    def input_spec(self, key: Any, decl: Any, line: int) -> InputSpec | None:
        rid = f"inputs.{key}"
        if not isinstance(key, str) or not KEY_RE.match(key):
            self.add(line, "inputs", f"input key '{key}' must be lowercase letters, digits, '_'")
            return None
        common = (
            "type",
            "label",
            "unit",
            "optional",
            "default",
            "set_by",
            "required_to_submit",
            "description",
        )
        extra = {
            "money": ("min", "max", "above"),
            "count": ("min", "max", "above"),
            "number": ("min", "max", "above", "places"),
            "bool": (),
            "enum": ("values",),
            "string": ("min_length", "max_length"),
            "uscc": (),
            "text": ("max_length",),
        }
        kind = decl.get("type") if isinstance(decl, LineDict) else None
        allowed = common + extra.get(
            kind, ("min", "max", "above", "places", "values", "min_length", "max_length")
        )
        m = self.mapping(decl, line, rid, f"input '{key}'", allowed, ("type", "label"))
        if m is None:
            return None
        if kind not in INPUT_KINDS:
            self.add(
                m.line_of("type"),
                rid,
                f"unknown type '{kind}'{did_you_mean(kind, INPUT_KINDS)}"
                f" (types: {', '.join(INPUT_KINDS)})",
            )
            return None
        spec: dict[str, Any] = {"key": key, "kind": kind, "line": line}
        spec["label"] = self.label(m, "label", rid)
        spec["unit"] = self.text(m, "unit", rid)
        spec["optional"] = self.flag(m, "optional", rid)
        spec["required_to_submit"] = self.flag(m, "required_to_submit", rid)
        if "set_by" in m:
            if m["set_by"] != "administrator":
                self.add(
                    m.line_of("set_by"),
                    rid,
                    "set_by must be 'administrator'"
                    f"{did_you_mean(str(m['set_by']), ['administrator'])}",
                )
            spec["set_by_admin"] = True
        if kind in ("money", "count", "number"):
            integer = kind == "count"
            spec["minimum"] = self.number(m, "min", rid, integer=integer)
            spec["above"] = self.number(m, "above", rid)
            if isinstance(m.get("max"), str) and not isinstance(m.get("max"), BadNumber):
                spec["max_field"] = m["max"]
            else:
                spec["maximum"] = self.number(m, "max", rid, integer=integer)
            if kind == "count":
                if spec["minimum"] is None or spec["minimum"] < 0:
                    spec["minimum"] = Decimal(0) if spec["minimum"] is None else spec["minimum"]
                if spec.get("maximum") is None or spec["maximum"] > COUNT_MAX:
                    spec["maximum"] = COUNT_MAX
            places = self.number(
                m,
                "places",
                rid,
                default=Decimal(2 if kind == "money" else 0),
                non_negative=True,
                integer=True,
            )
            spec["places"] = int(places) if places is not None else 2
            if kind == "money" and spec["places"] != 2:
                self.add(m.line_of("places"), rid, "money always has two decimal places")
        if kind == "enum":
            spec["values"], spec["value_labels"] = self.enum_values(m, rid)
        if kind in ("string", "text"):
            for name in ("min_length", "max_length"):
                number = self.number(m, name, rid, non_negative=True, integer=True)
                spec[name] = int(number) if number is not None else None
        if "default" in m:
            spec["default"] = self.input_default(m, kind, rid)
        if spec["optional"] and kind not in ("text", "string") and spec.get("default") is None:
            self.add(line, rid, "an optional number, flag or choice needs a 'default'")
        return InputSpec(**spec)

    def enum_values(self, m: LineDict, rid: str) -> tuple[tuple[str, ...], Any]:
        raw = m.get("values")
        labels: dict[str, Label] = {}
        if isinstance(raw, LineList):
            values = []
            for index, item in enumerate(raw):
                if not isinstance(item, str):
                    self.add(raw.line_of(index), rid, "enum values must be text")
                    continue
                values.append(item)
        elif isinstance(raw, LineDict):
            values = []
            for item, label in raw.items():
                if not isinstance(item, str):
                    self.add(raw.line_of(item), rid, f"enum value '{item}' must be text (quote it)")
                    continue
                values.append(item)
                if isinstance(label, str):
                    labels[item] = Label(label, label)
                else:
                    holder = LineDict({"label": label})
                    holder.line, holder.key_lines = raw.line_of(item), {"label": raw.line_of(item)}
                    labels[item] = self.label(holder, "label", rid)
        else:
            self.add(m.line_of("values"), rid, "an enum needs 'values': a list or value: label")
            return (), MappingProxyType({})
        if not values or len(set(values)) != len(values):
            self.add(m.line_of("values"), rid, "enum values must be present and distinct")
        return tuple(values), MappingProxyType(labels)

    def input_default(self, m: LineDict, kind: str, rid: str) -> Any:
        value, line = m["default"], m.line_of("default")
        if kind in ("money", "count", "number"):
            return self.as_number(value, line, rid, "default", integer=kind == "count")
        if kind == "bool":
            if not isinstance(value, bool):
                self.add(line, rid, "default must be true or false")
            return value
        if not isinstance(value, str):
            self.add(line, rid, "default must be text")
        return value
