"""Top-of-file sections: the 'ruleset' header, 'arithmetic' settings and named 'lists'."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .expressions import did_you_mean
from .parse_common import KEY_RE, SLUG_RE, ParserBase
from .yaml_source import BadNumber, LineDict


class HeaderParser(ParserBase):
    def header(self, value: Any, line: int) -> tuple | None:
        allowed = ("id", "version", "effective_date", "title", "description")
        m = self.mapping(value, line, "ruleset", "'ruleset'", allowed, allowed)
        if m is None:
            return None
        rid = m.get("id")
        if not isinstance(rid, str) or not SLUG_RE.match(rid):
            self.add(
                m.line_of("id"),
                "ruleset",
                "ruleset id must be lowercase letters, digits, '.', '-' or '_'",
            )
            rid = None
        version = self.number(m, "version", "ruleset", positive=True, integer=True)
        date = m.get("effective_date")
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            self.add(
                m.line_of("effective_date"),
                "ruleset",
                "effective_date must be a date written as YYYY-MM-DD",
            )
            date = None
        title = self.label(m, "title", "ruleset")
        description = self.text(m, "description", "ruleset") or ""
        if rid is None or version is None or date is None:
            return None
        return rid, int(version), date, title, description

    def arithmetic(self, doc: LineDict) -> None:
        if "arithmetic" not in doc:
            return
        m = self.mapping(
            doc["arithmetic"],
            doc.line_of("arithmetic"),
            "arithmetic",
            "'arithmetic'",
            ("decimals", "rounding"),
        )
        if m is None:
            return
        if m.get("decimals", 2) != 2:
            self.add(m.line_of("decimals"), "arithmetic", "only 'decimals: 2' is supported")
        if m.get("rounding", "half_up") != "half_up":
            self.add(
                m.line_of("rounding"),
                "arithmetic",
                f"only 'rounding: half_up' is supported{did_you_mean(m['rounding'], ['half_up'])}",
            )

    def parse_lists(self, doc: LineDict) -> None:
        if "lists" not in doc:
            return
        m = self.mapping(
            doc["lists"],
            doc.line_of("lists"),
            "lists",
            "'lists'",
            doc["lists"] if isinstance(doc["lists"], dict) else (),
        )
        if m is None:
            return
        for name, items in m.items():
            line = m.line_of(name)
            if not isinstance(name, str) or not KEY_RE.match(name):
                self.add(
                    line, "lists", f"list name '{name}' must be lowercase letters, digits, '_'"
                )
                continue
            seq = self.sequence(items, line, name, f"list '{name}'")
            if seq is None:
                continue
            values: list[Any] = []
            for index, item in enumerate(seq):
                if isinstance(item, str | int) and not isinstance(item, bool | BadNumber):
                    values.append(item if isinstance(item, str) else Decimal(item))
                elif isinstance(item, Decimal):
                    values.append(item)
                else:
                    self.add(seq.line_of(index), name, "list items must be text or numbers")
            if len({type(v) for v in values}) > 1:
                self.add(line, name, "a list must hold only text or only numbers")
            if len(set(values)) != len(values):
                self.add(line, name, "the list repeats a value")
            self.lists[name] = frozenset(values)
