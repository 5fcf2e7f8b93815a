"""The 'gates' section: eligibility conditions."""

from __future__ import annotations

from typing import Any

from .expressions import Type
from .model import Gate
from .parse_common import ParserBase


class GateParser(ParserBase):
    def parse_gates(self, value: Any, line: int) -> tuple[Gate, ...]:
        seq = self.sequence(value, line, "gates", "'gates'")
        if seq is None:
            return ()
        gates = []
        for index, item in enumerate(seq):
            m = self.mapping(
                item,
                seq.line_of(index),
                self.peek_id(item, f"gates[{index + 1}]"),
                "a gate",
                ("id", "label", "require", "reason", "description"),
                ("id", "require", "reason"),
            )
            if m is None:
                continue
            gid = self.identifier(m, f"gates[{index + 1}]", "gate")
            if gid is None:
                continue
            require = self.expression(m, "require", gid, Type.BOOL)
            reason = self.label(m, "reason", gid)
            label = self.label(m, "label", gid, required=False) if "label" in m else reason
            if require is not None:
                gates.append(Gate(gid, label, require, reason, m.line))
        return tuple(gates)
