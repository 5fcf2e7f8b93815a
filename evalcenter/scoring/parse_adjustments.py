"""The 'bonus' and 'penalties' sections: capped point adjustments."""

from __future__ import annotations

from typing import Any

from .expressions import Type
from .model import Adjustment, AdjustmentSection
from .parse_common import ParserBase


class AdjustmentParser(ParserBase):
    def parse_adjustments(self, value: Any, line: int, rid: str) -> AdjustmentSection:
        m = self.mapping(value, line, rid, f"'{rid}'", ("cap", "items"), ("items",))
        if m is None:
            return AdjustmentSection()
        cap = self.number(m, "cap", rid, positive=True)
        seq = self.sequence(m.get("items"), m.line_of("items"), rid, "'items'")
        items = []
        for index, item in enumerate(seq or ()):
            im = self.mapping(
                item,
                seq.line_of(index),  # type: ignore[union-attr]
                self.peek_id(item, f"{rid}[{index + 1}]"),
                "an item",
                ("id", "label", "when", "points", "cap", "description"),
                ("id", "label", "points"),
            )
            if im is None:
                continue
            iid = self.identifier(im, f"{rid}[{index + 1}]", "item")
            if iid is None:
                continue
            when = self.expression(im, "when", iid, Type.BOOL)
            points = self.expression(im, "points", iid, Type.NUMBER)
            item_cap = self.number(im, "cap", iid, positive=True)
            if item_cap is not None and cap is not None and item_cap > cap:
                self.add(im.line_of("cap"), iid, f"item cap {item_cap} exceeds the total cap {cap}")
            if points is not None and ("when" not in im or when is not None):
                items.append(
                    Adjustment(iid, self.label(im, "label", iid), when, points, item_cap, im.line)
                )
        return AdjustmentSection(tuple(items), cap)
