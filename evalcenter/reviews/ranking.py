"""A round's ranking (§7): every scored application's panel evaluated by the engine, ranked by
the ruleset's keys (`Ruleset.rank_key`), with the quota line and pending applications apart.

The data comes in a constant number of queries (`queries`); the evaluations are CPU only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from evalcenter.reviews import queries
from evalcenter.reviews.panel import Panel, PanelReview, evaluate, panel_review, reviewer_codes
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import ruleset_for_round
from evalcenter.scoring import Label, Ruleset


@dataclass(frozen=True)
class Row:
    app_id: int
    reference: str | None
    organisation_name: str
    uscc: str
    district: str
    field: str
    submitted_at: datetime | None
    panel: Panel
    rank: int | None = None  # official rank among applications with a panel score
    within_quota: bool = False  # eligible and among the first `quota` eligible ones
    quota_line_after: bool = False  # the quota line is drawn below this row (as shown)


@dataclass(frozen=True)
class Filters:
    """Query-string filters; a value not among the choices is ignored."""

    field: str = ""
    district: str = ""
    recommendation: str = ""

    @classmethod
    def parse(cls, args: Mapping[str, str], choices: Mapping[str, Sequence[str]]) -> Filters:
        picked = {k: args.get(k, "") for k in ("field", "district", "recommendation")}
        return cls(**{k: v if v in choices[k] else "" for k, v in picked.items()})

    def keep(self, row: Row) -> bool:
        return (
            (not self.field or row.field == self.field)
            and (not self.district or row.district == self.district)
            and (not self.recommendation or row.panel.result.recommendation == self.recommendation)
        )

    @property
    def active(self) -> bool:
        return bool(self.field or self.district or self.recommendation)


@dataclass(frozen=True)
class Ranking:
    round: EvaluationRound
    ruleset: Ruleset
    ranked: list[Row]  # with a panel score, in ranking order
    pending: list[Row]  # fewer reviews than the panel rule needs, in submission order
    codes: dict[int, str]  # reviewer id -> R01…
    choices: dict[str, list[str]]  # filter values present in the round

    def field_label(self, code: str) -> Label:
        """The industry field's name in both languages (the code when the ruleset lacks it)."""
        spec = next((s for s in self.ruleset.inputs if s.key == "industry_field"), None)
        found = spec.value_labels.get(code) if spec else None
        return found or Label(code, code)

    def outcome_label(self, code: str) -> Label:
        return self.ruleset.model.recommendation.outcomes[code]

    @property
    def within_quota(self) -> list[int]:
        """The applications above the quota line, in ranking order (for a decision in bulk)."""
        return [row.app_id for row in self.ranked if row.within_quota]

    @property
    def minimum_reviews(self) -> int:
        return min(rule.min_reviews for rule in self.ruleset.model.expert.panel)

    def filtered(self, filters: Filters) -> Ranking:
        """The rows `filters` keep, their official rank and quota side unchanged."""
        return replace(
            self,
            ranked=mark_quota_line([r for r in self.ranked if filters.keep(r)]),
            pending=[r for r in self.pending if filters.keep(r)],
        )


@dataclass(frozen=True)
class Loaded:
    """What a round's ranking and calibration read from the database."""

    entries: list[Any]
    reviews: dict[int, list[PanelReview]]  # application id -> its panel's reviews
    codes: dict[int, str]


def load(rnd: EvaluationRound) -> Loaded:
    """Three queries: the scored applications, the submitted reviews, the reviewer ids."""
    codes = reviewer_codes(queries.round_reviewer_ids(rnd.id))
    reviews: dict[int, list[PanelReview]] = defaultdict(list)
    for row in queries.round_reviews(rnd.id):
        reviews[row.application_id].append(panel_review(row, codes))
    return Loaded(queries.scored_entries(rnd.id), dict(reviews), codes)


def round_ranking(rnd: EvaluationRound) -> Ranking:
    return rank_round(rnd, ruleset_for_round(rnd), load(rnd))


def rank_round(
    rnd: EvaluationRound,
    ruleset: Ruleset,
    loaded: Loaded,
    totals: Mapping[tuple[int, int], Decimal] | None = None,
) -> Ranking:
    """Evaluate and rank every entry (`totals`: (application, reviewer) -> a total used instead
    of the reviewer's, e.g. a normalised one)."""
    rows = []
    for e in loaded.entries:
        reviews = loaded.reviews.get(e.id, [])
        replaced = None if totals is None else [totals[e.id, r.reviewer_id] for r in reviews]
        panel = evaluate(
            ruleset, e.data, e.discrepancies, reviews, rnd.disagreement_threshold, replaced
        )
        rows.append(
            Row(
                app_id=e.id,
                reference=e.reference,
                organisation_name=e.organisation_name,
                uscc=e.uscc,
                district=str(e.data.get("district", "")),
                field=str(e.data.get("industry_field", "")),
                submitted_at=e.submitted_at,
                panel=panel,
            )
        )
    ranked = sorted(
        (r for r in rows if not r.panel.pending),
        key=lambda r: (ruleset.rank_key(r.panel.result, r.submitted_at), r.app_id),
    )
    pending = [r for r in rows if r.panel.pending]
    pending.sort(key=lambda r: (r.submitted_at is None, r.submitted_at or 0, r.app_id))
    choices = {
        "field": sorted({r.field for r in rows}),
        "district": sorted({r.district for r in rows}),
        "recommendation": sorted({r.panel.result.recommendation for r in rows}),
    }
    ranked = mark_quota_line(with_quota(ranked, rnd.quota))
    return Ranking(rnd, ruleset, ranked, pending, loaded.codes, choices)


def with_quota(ranked: list[Row], quota: int | None) -> list[Row]:
    """Number the rows and mark the eligible ones among the first `quota` eligible ones."""
    out, eligible = [], 0
    for n, row in enumerate(ranked, start=1):
        ok = row.panel.result.eligible
        eligible += ok
        within = quota is not None and ok and eligible <= quota
        out.append(replace(row, rank=n, within_quota=within))
    return out


def mark_quota_line(rows: list[Row]) -> list[Row]:
    """Draw the line below the last row within the quota (of the rows shown)."""
    last = max((n for n, r in enumerate(rows) if r.within_quota), default=None)
    return [replace(r, quota_line_after=n == last) for n, r in enumerate(rows)]
