"""EvalCenter scoring engine: declarative, validated, explainable, versioned rulesets.

Pure Python (PyYAML and the standard library; ``click`` only in :mod:`.cli`):
nothing here imports Flask or SQLAlchemy.

Typical use::

    ruleset = load_ruleset("scoring_rules/bj-excellent-etc-2025.yaml",
                           expected_sha256=round.ruleset_sha256)
    result = ruleset.evaluate(application_data, reviews=[82, 78.5, 85])
    result.quantitative, result.composite, result.recommendation, result.trace
"""

from .compiler import Plan
from .decimal_math import CONTEXT, cents, fmt2
from .diff import CorpusEntry, DiffRow, RulesetDiff, diff_rulesets, load_corpus
from .errors import ExpressionError, InputError, RuleProblem, RulesetError, RulesetIntegrityError
from .expressions import Expression, Symbol, Type, compile_expression
from .inputs import Application, Problem, Source, load_json
from .model import Label
from .panel import PanelResult, aggregate
from .registry import (
    RulesetInfo,
    default_rules_dir,
    find_ruleset,
    list_rulesets,
    load_published,
    newest_ruleset,
    sha256_file,
    verify,
    verify_sha256,
)
from .result import GateResult, IndicatorResult, ItemResult, Result, RulesetRef
from .ruleset import Ruleset, load_ruleset, ruleset_from_bytes
from .trace import TraceStep

__all__ = [
    "CONTEXT", "Application", "CorpusEntry", "DiffRow", "Expression", "ExpressionError",
    "GateResult", "IndicatorResult", "InputError", "ItemResult", "Label", "PanelResult", "Plan",
    "Problem", "Result", "RuleProblem", "Ruleset", "RulesetDiff", "RulesetError",
    "RulesetInfo", "RulesetIntegrityError", "RulesetRef", "Source", "Symbol", "TraceStep",
    "Type", "aggregate", "cents", "compile_expression", "default_rules_dir", "diff_rulesets",
    "find_ruleset", "fmt2", "list_rulesets", "load_corpus", "load_json", "load_published",
    "load_ruleset", "newest_ruleset", "ruleset_from_bytes", "sha256_file", "verify",
    "verify_sha256",
]  # fmt: skip
