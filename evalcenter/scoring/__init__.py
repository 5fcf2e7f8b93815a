"""EvalCenter scoring engine: declarative, validated, explainable, versioned rulesets.

Pure Python (PyYAML, pydantic, Babel's catalogue reader; ``click`` only in
:mod:`.cli`): nothing here imports Flask or SQLAlchemy.

Typical use::

    ruleset = load_pinned(rules_dir, round.ruleset_id, round.ruleset_version, round.ruleset_sha256)
    result = ruleset.evaluate(application_data, reviews=[82, 78.5, 85])
    result.quantitative, result.composite, result.recommendation
    [render_step(step, gettext, chinese) for step in result.trace]
"""

from .decimal_math import CONTEXT, cents, fmt2
from .diff import CorpusEntry, DiffRow, RulesetDiff, diff_rulesets, load_corpus
from .errors import ExpressionError, InputError, RuleProblem, RulesetError, RulesetIntegrityError
from .inputs import Application, Problem, Source, load_json
from .messages import Label, TraceStep, catalogue, render_problem, render_step, render_trace
from .panel import PanelResult, aggregate
from .registry import (
    RulesetInfo,
    default_rules_dir,
    find_ruleset,
    list_rulesets,
    load_pinned,
    sha256_file,
)
from .result import GateResult, IndicatorResult, ItemResult, Result, RulesetRef
from .ruleset import Ruleset, load_ruleset, ruleset_from_bytes

__all__ = [
    "CONTEXT",
    "Application",
    "CorpusEntry",
    "DiffRow",
    "ExpressionError",
    "GateResult",
    "IndicatorResult",
    "InputError",
    "ItemResult",
    "Label",
    "PanelResult",
    "Problem",
    "Result",
    "RuleProblem",
    "Ruleset",
    "RulesetDiff",
    "RulesetError",
    "RulesetInfo",
    "RulesetIntegrityError",
    "RulesetRef",
    "Source",
    "TraceStep",
    "aggregate",
    "catalogue",
    "cents",
    "default_rules_dir",
    "diff_rulesets",
    "find_ruleset",
    "fmt2",
    "list_rulesets",
    "load_corpus",
    "load_json",
    "load_pinned",
    "load_ruleset",
    "render_problem",
    "render_step",
    "render_trace",
    "ruleset_from_bytes",
    "sha256_file",
]
