"""What-if: a round's applications scored under the ruleset it is pinned to and under a
candidate; the figures an officer reads (rank and recommendation changes, the distribution of
the quantitative score difference)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import ruleset_for_round
from evalcenter.rulesets.chart import Bar, histogram
from evalcenter.rulesets.queries import round_corpus
from evalcenter.scoring import Label, Ruleset, RulesetDiff, diff_rulesets


@dataclass(frozen=True)
class Row:
    """One application under the round's ruleset and the candidate."""

    name: str
    changed: bool
    figures: dict[str, Any]  # DiffRow.to_dict(): scores, change, ranks, indicator changes
    old_outcome: Label | str | None
    new_outcome: Label | str | None


@dataclass(frozen=True)
class Figures:
    scored: int
    changed: int
    rank_moved: int
    recommendation_changed: int
    eligibility_changed: int
    skipped: tuple[tuple[str, int], ...]
    rows: tuple[Row, ...]
    bars: tuple[Bar, ...]


def _outcome(ruleset: Ruleset, key: str | None) -> Label | str | None:
    """An outcome's label from the rule file (its key only if the file has no label)."""
    return ruleset.model.recommendation.outcomes.get(key, key) if key else None


def figures(diff: RulesetDiff) -> Figures:
    summary = diff.summary()
    rows = tuple(
        Row(
            r.name,
            r.changed,
            r.to_dict(),
            _outcome(diff.old, r.old.recommendation),
            _outcome(diff.new, r.new.recommendation),
        )
        for r in diff.rows
    )
    differences = [r.new.quantitative - r.old.quantitative for r in diff.rows]
    return Figures(
        scored=len(diff.rows),
        changed=len(diff.changed),
        rank_moved=summary["rank_moved"],
        recommendation_changed=summary["recommendation_changed"],
        eligibility_changed=summary["eligibility_changed"],
        skipped=tuple((name, len(problems)) for name, problems in diff.skipped),
        rows=rows,
        bars=tuple(histogram(differences)) if differences else (),
    )


def compare(rnd: EvaluationRound, candidate: Ruleset) -> Figures:
    """Score the round's applications under both rulesets (nothing is stored)."""
    return figures(diff_rulesets(ruleset_for_round(rnd), candidate, round_corpus(rnd)))
