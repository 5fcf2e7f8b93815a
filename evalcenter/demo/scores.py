"""The full demo's review scores: pseudo-random, seeded by the company and the reviewer, so the
demo is the same every time. Each company has a level (the share of each criterion's maximum
its reviewers tend to give), each reviewer a slight bias; one panel disagrees on purpose."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from evalcenter.reviews.review_service import Entries

OPINIONS = (
    (Decimal("0.8"), "技术中心创新体系健全，研发投入持续，核心技术攻关成效突出，建议认定。"),
    (Decimal("0.7"), "技术中心运行规范，人才梯队和成果转化较好，协同创新仍有提升空间。"),
    (Decimal("0"), "技术中心基础较好，但核心技术积累与高端产品创制不足，建议加强。"),
)
LOW_COMMENT = "本项支撑材料较薄弱，建议补充近三年的具体成果与佐证。"


def _score(maximum: Decimal, share: float, step: Decimal) -> Decimal:
    """``share`` of the maximum, rounded to the ruleset's step, within 0 and the maximum."""
    steps = round(float(maximum) * min(max(share, 0.0), 1.0) / float(step))
    return min(step * steps, maximum)


def review_entries(expert: Any, level: float, seed: str, outlier: bool = False) -> Entries:
    """Scores for every criterion of the ruleset's ``expert`` model around ``level`` (an
    ``outlier`` reviewer scores far lower), a comment on the weakest one and an opinion."""
    rng = random.Random(seed)  # noqa: S311 (demo data, reproducible on purpose)
    share = level + rng.uniform(-0.04, 0.04) - (0.3 if outlier else 0.0)
    step = Decimal(str(expert.step))
    scores = {
        c.id: _score(Decimal(str(c.maximum)), share + rng.uniform(-0.06, 0.06), step)
        for c in expert.criteria
    }
    weakest = min(expert.criteria, key=lambda c: scores[c.id] / Decimal(str(c.maximum)))
    total = sum(scores.values(), Decimal(0)) / Decimal(str(expert.total))
    opinion = next(text for floor, text in OPINIONS if total >= floor)
    return Entries(
        scores={cid: format(value.normalize(), "f") for cid, value in scores.items()},
        comments={weakest.id: LOW_COMMENT},
        opinion=opinion,
    )
