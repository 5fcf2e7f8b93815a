"""The panel result of one application (§6–7 of the indicator system): the engine computes
the panel score, the composite and the recommendation from the submitted reviews of
non-recused reviewers; this module adds the per-criterion means and the disagreement flag."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from evalcenter.scoring import Label, Result, Ruleset

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PanelReview:
    """One submitted review as the panel uses it: the reviewer's code (R01…), not their name."""

    reviewer_id: int
    code: str
    total: Decimal
    scores: Mapping[str, Decimal]
    review_id: int | None = None  # for the administrators' reopen link


@dataclass(frozen=True)
class Panel:
    result: Result  # the engine's: quantitative, panel score, composite, recommendation
    reviews: tuple[PanelReview, ...]
    means: Mapping[str, Decimal]  # per expert criterion, 2 dp half-up
    spread: Decimal | None  # highest minus lowest review total
    disagreement: bool  # the spread exceeds the round's threshold
    outcome: Label  # the recommendation's name in both languages

    @property
    def pending(self) -> bool:
        """Too few reviews for a panel score: the application cannot be ranked or decided."""
        return self.result.panel.score is None


def reviewer_codes(reviewer_ids: Iterable[int]) -> dict[int, str]:
    """R01, R02 … by reviewer id: stable for a round while its assignments stay."""
    return {rid: f"R{n:02d}" for n, rid in enumerate(sorted(set(reviewer_ids)), start=1)}


def panel_review(review: Any, codes: Mapping[int, str]) -> PanelReview:
    """A stored review row (reviewer_id, total, scores) with its reviewer's code."""
    scores = {cid: Decimal(str(value)) for cid, value in (review.scores or {}).items()}
    code = codes[review.reviewer_id]
    return PanelReview(review.reviewer_id, code, review.total, scores, getattr(review, "id", None))


def evaluate(
    ruleset: Ruleset,
    data: Mapping[str, Any],
    discrepancies: int,
    reviews: Sequence[PanelReview],
    threshold: Decimal,
    totals: Sequence[Decimal] | None = None,
) -> Panel:
    """The panel of one application from its frozen data, the verified discrepancies and its
    submitted reviews (`totals` replaces the reviews' totals, e.g. normalised ones)."""
    totals = [r.total for r in reviews] if totals is None else list(totals)
    values = {**data, "verified_discrepancies": discrepancies}
    result = ruleset.evaluate(values, totals, trace=False)
    spread = max(totals) - min(totals) if totals else None
    return Panel(
        result=result,
        reviews=tuple(sorted(reviews, key=lambda r: r.code)),
        means=criterion_means(ruleset, reviews),
        spread=spread,
        disagreement=spread is not None and spread > threshold,
        outcome=ruleset.model.recommendation.outcomes[result.recommendation],
    )


def criterion_means(ruleset: Ruleset, reviews: Sequence[PanelReview]) -> dict[str, Decimal]:
    if not reviews:
        return {}
    count = Decimal(len(reviews))
    return {
        c.id: (sum((r.scores.get(c.id, Decimal(0)) for r in reviews), Decimal(0)) / count).quantize(
            CENT, ROUND_HALF_UP
        )
        for c in ruleset.model.expert.criteria
    }


def application_panel(app: Any) -> Panel | None:
    """The panel of one application from its latest stored score (None: not scored yet)."""
    from evalcenter.applications.scoring_service import latest_score
    from evalcenter.reviews import queries
    from evalcenter.rounds.rulesets import ruleset_for_round

    score = latest_score(app)
    if score is None:
        return None
    snapshot = next(s for s in app.snapshots if s.number == score.snapshot_number)
    codes = reviewer_codes(queries.round_reviewer_ids(app.round_id))
    reviews = [panel_review(row, codes) for row in queries.application_reviews(app.id)]
    rnd = app.round
    return evaluate(
        ruleset_for_round(rnd),
        snapshot.data,
        score.verified_discrepancies,
        reviews,
        rnd.disagreement_threshold,
    )
