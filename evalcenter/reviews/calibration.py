"""Reviewer calibration for administrators: each reviewer's mean, spread and bias against the
panels they sat on, and the ranking the round would have with every reviewer's totals
normalised (shown beside the official ranking, never instead of it).

* bias: the mean of the reviewer's z-scores within each application's panel, z = (total −
  panel mean) / panel standard deviation (0 when the panel agrees exactly); panels with a
  single review are left out;
* normalised total: the reviewer's z-score over their own totals, put back on the round's
  scale (round mean + z × round standard deviation) and rounded to the review step; a
  reviewer with one review or no spread is only shifted by the difference of their mean to
  the round mean. The engine then computes panels, composites and the ranking as usual.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from evalcenter.reviews import queries
from evalcenter.reviews.ranking import Loaded, Ranking, Row, load, rank_round
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import ruleset_for_round

BIN_WIDTH = 10  # points per bar of the score distribution
CENT = Decimal("0.01")


def mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def spread(values: Sequence[Decimal]) -> Decimal:
    """The population standard deviation."""
    m = mean(values)
    return (sum(((v - m) ** 2 for v in values), Decimal(0)) / len(values)).sqrt()


@dataclass(frozen=True)
class ReviewerStats:
    reviewer_id: int
    code: str
    name: str
    count: int
    mean: Decimal
    spread: Decimal
    bias: Decimal | None  # mean z-score within the panels (None: no panel of two or more)
    bins: tuple[int, ...]  # how many totals fall in 0–10, 10–20 … 90–100


@dataclass(frozen=True)
class SideChange:
    """An application on the other side of the quota line under the normalised ranking."""

    official: Row
    normalised: Row


@dataclass(frozen=True)
class Report:
    reviewers: list[ReviewerStats]
    official: Ranking
    normalised: Ranking
    changes: list[SideChange]
    bin_labels: tuple[str, ...]


def _bins(totals: Sequence[Decimal], maximum: Decimal) -> tuple[int, ...]:
    count = int(maximum) // BIN_WIDTH
    out = [0] * count
    for t in totals:
        out[min(int(t) // BIN_WIDTH, count - 1)] += 1
    return tuple(out)


def panel_z_scores(loaded: Loaded) -> dict[int, list[Decimal]]:
    """Reviewer id -> their z-scores within each panel of two or more reviews."""
    z: dict[int, list[Decimal]] = defaultdict(list)
    for reviews in loaded.reviews.values():
        if len(reviews) < 2:
            continue
        totals = [r.total for r in reviews]
        m, s = mean(totals), spread(totals)
        for r in reviews:
            z[r.reviewer_id].append((r.total - m) / s if s else Decimal(0))
    return z


def normalised_totals(loaded: Loaded, step: Decimal, maximum: Decimal) -> dict:
    """(application id, reviewer id) -> the reviewer's total put on the round's scale."""
    by_reviewer: dict[int, list[Decimal]] = defaultdict(list)
    for reviews in loaded.reviews.values():
        for r in reviews:
            by_reviewer[r.reviewer_id].append(r.total)
    everything = [t for ts in by_reviewer.values() for t in ts]
    if not everything:
        return {}
    g_mean, g_spread = mean(everything), spread(everything)
    out = {}
    for app_id, reviews in loaded.reviews.items():
        for r in reviews:
            own = by_reviewer[r.reviewer_id]
            m, s = mean(own), spread(own)
            value = g_mean + (r.total - m) / s * g_spread if s else r.total - m + g_mean
            stepped = (value / step).quantize(Decimal(1), ROUND_HALF_UP) * step
            out[app_id, r.reviewer_id] = min(max(stepped, Decimal(0)), maximum)
    return out


def round_calibration(rnd: EvaluationRound) -> Report:
    ruleset = ruleset_for_round(rnd)
    expert = ruleset.model.expert
    loaded = load(rnd)
    official = rank_round(rnd, ruleset, loaded)
    totals = normalised_totals(loaded, expert.step, expert.total)
    normalised = rank_round(rnd, ruleset, loaded, totals)
    z = panel_z_scores(loaded)
    by_reviewer: dict[int, list[Decimal]] = defaultdict(list)
    for reviews in loaded.reviews.values():
        for r in reviews:
            by_reviewer[r.reviewer_id].append(r.total)
    names = queries.reviewer_names(list(by_reviewer))
    reviewers = [
        ReviewerStats(
            reviewer_id=rid,
            code=loaded.codes[rid],
            name=names.get(rid, ""),
            count=len(ts),
            mean=mean(ts).quantize(CENT, ROUND_HALF_UP),
            spread=spread(ts).quantize(CENT, ROUND_HALF_UP),
            bias=mean(z[rid]).quantize(CENT, ROUND_HALF_UP) if z[rid] else None,
            bins=_bins(ts, expert.total),
        )
        for rid, ts in sorted(by_reviewer.items(), key=lambda item: loaded.codes[item[0]])
    ]
    after = {r.app_id: r for r in normalised.ranked}
    changes = [
        SideChange(r, after[r.app_id])
        for r in official.ranked
        if rnd.quota is not None and r.within_quota != after[r.app_id].within_quota
    ]
    labels = tuple(f"{lo}–{lo + BIN_WIDTH}" for lo in range(0, int(expert.total), BIN_WIDTH))
    return Report(reviewers, official, normalised, changes, labels)
