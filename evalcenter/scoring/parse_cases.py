"""The 'tests' section: test cases embedded in the rule file."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .expressions import did_you_mean
from .model import AdjustmentSection, EmbeddedCase, Group
from .parse_common import ParserBase
from .yaml_source import LineDict, LineList

EXPECT_KEYS = (
    "eligible", "failed_gates", "indicators", "values", "groups", "base", "bonus",
    "bonus_items", "penalty", "penalty_items", "quantitative", "panel", "composite",
    "recommendation",
)  # fmt: skip
SOURCES = ("applicant", "import", "admin", "scoring")


class CaseParser(ParserBase):
    def parse_tests(
        self,
        doc: LineDict,
        groups: tuple[Group, ...],
        bonus: AdjustmentSection,
        penalties: AdjustmentSection,
    ) -> tuple[EmbeddedCase, ...]:
        if "tests" not in doc:
            return ()
        seq = self.sequence(doc["tests"], doc.line_of("tests"), "tests", "'tests'")
        cases: dict[str, EmbeddedCase] = {}
        ids = {
            "indicators": self.declared.get("indicators", []),
            "values": self.declared.get("indicators", []),
            "groups": self.declared.get("groups", []),
            "bonus_items": [i.id for i in bonus.items],
            "penalty_items": [i.id for i in penalties.items],
        }
        for index, item in enumerate(seq or ()):
            line = seq.line_of(index)  # type: ignore[union-attr]
            m = self.mapping(
                item,
                line,
                f"tests[{index + 1}]",
                "a test case",
                (
                    "name",
                    "description",
                    "extends",
                    "input",
                    "without",
                    "reviews",
                    "source",
                    "expect",
                    "expect_problems",
                ),
                ("name",),
            )
            if m is None:
                continue
            name = m.get("name")
            rid = f"test '{name}'"
            if not isinstance(name, str) or not name or name in cases:
                self.add(m.line_of("name"), "tests", f"test name '{name}' missing or repeated")
                continue
            data: dict[str, Any] = {}
            reviews = None
            source = "scoring"
            if "extends" in m:
                base = cases.get(m["extends"]) if isinstance(m["extends"], str) else None
                if base is None:
                    self.add(
                        m.line_of("extends"),
                        rid,
                        f"extends: no earlier test "
                        f"'{m['extends']}'{did_you_mean(str(m['extends']), cases)}",
                    )
                    continue
                data, reviews, source = dict(base.data), base.reviews, base.source
            if "input" in m:
                if not isinstance(m["input"], LineDict):
                    self.add(m.line_of("input"), rid, "'input' must be a mapping")
                    continue
                data.update(m["input"])
            for key in m.get("without") or ():
                data.pop(key, None)
            if "reviews" in m:
                reviews = self.test_reviews(m, rid)
            if "source" in m:
                source = m["source"]
                if source not in SOURCES:
                    self.add(
                        m.line_of("source"),
                        rid,
                        f"source must be one of "
                        f"{', '.join(SOURCES)}{did_you_mean(str(source), SOURCES)}",
                    )
            expect = m.get("expect", LineDict())
            problems = m.get("expect_problems")
            if ("expect" in m) == ("expect_problems" in m):
                self.add(line, rid, "a test needs 'expect' or 'expect_problems' (one of them)")
                continue
            if "expect" in m:
                em = self.mapping(expect, m.line_of("expect"), rid, "'expect'", EXPECT_KEYS)
                if em is None:
                    continue
                for key, known in ids.items():
                    sub = em.get(key)
                    if sub is None:
                        continue
                    if not isinstance(sub, LineDict):
                        self.add(em.line_of(key), rid, f"expect.{key} must map id: value")
                        continue
                    for k in sub:
                        if k not in known:
                            self.add(
                                sub.line_of(k),
                                rid,
                                f"expect.{key}: unknown id '{k}'{did_you_mean(str(k), known)}",
                            )
            elif not isinstance(problems, LineList) or not all(
                isinstance(p, str) for p in problems
            ):
                self.add(
                    m.line_of("expect_problems"),
                    rid,
                    "expect_problems must list the keys expected to be refused",
                )
                continue
            cases[name] = EmbeddedCase(
                name=name,
                line=line,
                data=MappingProxyType(data),
                reviews=reviews,
                expect=expect,
                source=source,
                expect_problems=tuple(problems) if problems is not None else None,
            )
        return tuple(cases.values())

    def test_reviews(self, m: LineDict, rid: str) -> tuple[Decimal, ...] | None:
        value = m["reviews"]
        if value is None:
            return None
        seq = self.sequence(value, m.line_of("reviews"), rid, "'reviews'")
        if seq is None:
            return None
        out = []
        for index, item in enumerate(seq):
            number = self.as_number(item, seq.line_of(index), rid, "reviews")
            if number is not None:
                out.append(number)
        return tuple(out)
