"""What the engine's codes say: problems and trace steps as sentences in the user's
language, results as JSON with the rendered trace, and rulesets described for reading.

The scoring engine returns codes and parameters only; the web layer (through Flask-Babel's
``gettext``) and the command line (through :func:`catalogue`) render them here. Pure Python,
like the engine: no Flask, SQLAlchemy or click.
"""

from .conditions import Phrasing
from .render import render_flat, render_problem, render_step, render_trace, result_dict, result_json
from .ruleset_page import describe_ruleset, ruleset_in_words
from .texts import FRAGMENTS, PROBLEMS, STEPS, catalogue, identity

__all__ = [
    "FRAGMENTS",
    "PROBLEMS",
    "Phrasing",
    "STEPS",
    "catalogue",
    "describe_ruleset",
    "identity",
    "render_flat",
    "render_problem",
    "render_step",
    "render_trace",
    "result_dict",
    "result_json",
    "ruleset_in_words",
]
