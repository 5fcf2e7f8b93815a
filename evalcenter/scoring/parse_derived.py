"""The 'derived' section: named values computed from the inputs."""

from __future__ import annotations

from .expressions import Symbol, Type
from .model import Derived
from .parse_common import KEY_RE, ParserBase
from .yaml_source import LineDict


class DerivedParser(ParserBase):
    def parse_derived(self, doc: LineDict) -> tuple[Derived, ...]:
        if "derived" not in doc:
            return ()
        seq = self.sequence(doc["derived"], doc.line_of("derived"), "derived", "'derived'")
        if seq is None:
            return ()
        result = []
        for index, item in enumerate(seq):
            m = self.mapping(
                item,
                seq.line_of(index),
                self.peek_id(item, f"derived[{index + 1}]"),
                "a derived value",
                ("id", "label", "unit", "value", "description"),
                ("id", "label", "value"),
            )
            if m is None:
                continue
            did = m.get("id")
            if isinstance(did, str) and KEY_RE.match(did) and did in self.symbols:
                self.add(m.line_of("id"), did, f"derived value '{did}' has the name of an input")
                continue
            did = self.identifier(m, f"derived[{index + 1}]", "derived value")
            if did is None:
                continue
            rule = self.value_rule(m, "value", did)
            if rule is not None:
                result.append(
                    Derived(
                        did, self.label(m, "label", did), self.text(m, "unit", did), rule, m.line
                    )
                )
            self.symbols[did] = Symbol(Type.NUMBER)
        return tuple(result)
