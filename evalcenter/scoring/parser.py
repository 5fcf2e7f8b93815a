"""Rule file -> :class:`RulesetModel`, collecting every problem as ``file:line: id: message``."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from .errors import RuleProblem, RulesetError
from .model import RulesetModel
from .parse_adjustments import AdjustmentParser
from .parse_cases import CaseParser
from .parse_derived import DerivedParser
from .parse_gates import GateParser
from .parse_header import HeaderParser
from .parse_inputs import InputParser
from .parse_quantitative import QuantitativeParser
from .parse_review import ReviewParser
from .yaml_source import YamlSourceError, load_yaml

TOP_LEVEL = (
    "ruleset", "arithmetic", "lists", "inputs", "gates", "derived", "quantitative", "bonus",
    "penalties", "expert_review", "composite", "recommendation", "ranking", "tests",
)  # fmt: skip
REQUIRED_TOP = (
    "ruleset", "inputs", "gates", "quantitative", "bonus", "penalties", "expert_review",
    "composite", "recommendation", "ranking",
)  # fmt: skip


def parse_ruleset_text(text: str, filename: str) -> RulesetModel:
    """Parse and validate rule-file text; raise :class:`RulesetError` listing every problem."""
    parser = _Parser(filename)
    try:
        document, duplicates = load_yaml(text)
    except YamlSourceError as exc:
        raise RulesetError([RuleProblem(filename, exc.line, "yaml", exc.message)]) from None
    for line, message in duplicates:
        parser.add(line, "yaml", message)
    model = parser.parse(document)
    if parser.problems or model is None:
        raise RulesetError(sorted(parser.problems, key=lambda p: p.line))
    return model


class _Parser(
    HeaderParser,
    InputParser,
    DerivedParser,
    GateParser,
    QuantitativeParser,
    AdjustmentParser,
    ReviewParser,
    CaseParser,
):
    """One rule file's parser: the section parsers combined, run in file order by :meth:`parse`."""

    def parse(self, doc: Any) -> RulesetModel | None:
        doc = self.mapping(doc, 1, "ruleset", "the rule file", TOP_LEVEL, REQUIRED_TOP)
        if doc is None:
            return None
        header = self.header(doc.get("ruleset"), doc.line_of("ruleset"))
        self.arithmetic(doc)
        self.parse_lists(doc)
        inputs = self.parse_inputs(doc.get("inputs"), doc.line_of("inputs"))
        derived = self.parse_derived(doc)
        gates = self.parse_gates(doc.get("gates"), doc.line_of("gates"))
        quant = self.parse_quantitative(doc.get("quantitative"), doc.line_of("quantitative"))
        bonus = self.parse_adjustments(doc.get("bonus"), doc.line_of("bonus"), "bonus")
        penalties = self.parse_adjustments(
            doc.get("penalties"), doc.line_of("penalties"), "penalties"
        )
        expert = self.parse_expert(doc.get("expert_review"), doc.line_of("expert_review"))
        composite = self.parse_composite(doc.get("composite"), doc.line_of("composite"))
        recommendation = self.parse_recommendation(
            doc.get("recommendation"), doc.line_of("recommendation")
        )
        groups = quant[3] if quant else ()
        ranking = self.parse_ranking(doc.get("ranking"), doc.line_of("ranking"), groups, derived)
        tests = self.parse_tests(doc, groups, bonus, penalties)
        if self.problems or None in (header, quant, expert, composite, recommendation):
            return None
        assert header and quant and expert and composite and recommendation
        return RulesetModel(
            id=header[0],
            version=header[1],
            effective_date=header[2],
            title=header[3],
            description=header[4],
            lists=MappingProxyType(dict(self.lists)),
            inputs=inputs,
            gates=gates,
            derived=derived,
            total=quant[0],
            clamp=quant[1],
            at_basic=quant[2],
            groups=groups,
            bonus=bonus,
            penalties=penalties,
            expert=expert,
            composite_weights=composite,
            recommendation=recommendation,
            ranking=ranking,
            tests=tests,
        )
