"""EvalCenter scoring engine: declarative, validated, explainable, versioned rulesets.

Pure Python (PyYAML, pydantic): nothing here imports Flask, SQLAlchemy or click, and the
only files it reads are rule files. Problems and trace steps are codes with parameters;
:mod:`evalcenter.explain` renders them. Its command line is :mod:`evalcenter.rules_cli`.

Typical use::

    ruleset = load_pinned(rules_dir, round.ruleset_id, round.ruleset_version, round.ruleset_sha256)
    result = ruleset.evaluate(application_data, reviews=[82, 78.5, 85])
    result.quantitative, result.composite, result.recommendation
    [explain.render_step(step, gettext, chinese) for step in result.trace]
"""

from .diff import CorpusEntry, RulesetDiff, diff_rulesets
from .inputs import Application, Problem, Source, load_json
from .messages import (
    CONTEXT,
    N_,
    InputError,
    Label,
    RuleProblem,
    RulesetError,
    RulesetIntegrityError,
    TraceStep,
)
from .result import Result
from .ruleset import (
    Ruleset,
    RulesetInfo,
    default_rules_dir,
    find_ruleset,
    list_rulesets,
    load_pinned,
    load_ruleset,
    ruleset_from_bytes,
    sha256_file,
)

__all__ = [
    "CONTEXT",
    "Application",
    "CorpusEntry",
    "InputError",
    "Label",
    "N_",
    "Problem",
    "Result",
    "RuleProblem",
    "Ruleset",
    "RulesetDiff",
    "RulesetError",
    "RulesetInfo",
    "RulesetIntegrityError",
    "Source",
    "TraceStep",
    "default_rules_dir",
    "diff_rulesets",
    "find_ruleset",
    "list_rulesets",
    "load_json",
    "load_pinned",
    "load_ruleset",
    "ruleset_from_bytes",
    "sha256_file",
]
