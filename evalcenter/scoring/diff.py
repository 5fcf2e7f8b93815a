"""What-if comparison: score a corpus of applications under two rulesets and report what changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .inputs import Problem
from .messages import InputError, fmt2
from .result import Result
from .ruleset import Ruleset

_COMPARED = ("quantitative", "composite", "recommendation", "eligible")
_NUMBERS = ("quantitative", "composite")


@dataclass(frozen=True)
class CorpusEntry:
    """One application of a corpus, with its reviews and submission time if known."""

    name: str
    data: Any
    reviews: tuple[Any, ...] | None = None
    submitted_at: str | None = None


@dataclass(frozen=True)
class DiffRow:
    """One application under the old and the new ruleset."""

    name: str
    old: Result
    new: Result
    old_rank: int
    new_rank: int

    @property
    def changed(self) -> bool:
        moved = self.old_rank != self.new_rank
        return moved or any(getattr(self.old, k) != getattr(self.new, k) for k in _COMPARED)

    def to_dict(self) -> dict[str, Any]:
        old, new, out = self.old, self.new, {"name": self.name}
        for key in ("eligible", "quantitative", "composite", "recommendation"):
            a, b = getattr(old, key), getattr(new, key)
            out[key] = [fmt2(a), fmt2(b)] if key in _NUMBERS else [a, b]
            if key in _NUMBERS:
                out[f"{key}_change"] = None if a is None or b is None else fmt2(b - a)
        out["rank"] = [self.old_rank, self.new_rank]
        out["indicator_changes"] = {
            k: [fmt2(r.points), fmt2(new.indicators[k].points)]
            for k, r in old.indicators.items()
            if k in new.indicators and r.points != new.indicators[k].points
        }
        return out


@dataclass(frozen=True)
class RulesetDiff:
    """The rows of a what-if comparison plus the applications that could not be scored."""

    old: Ruleset
    new: Ruleset
    rows: tuple[DiffRow, ...]
    skipped: tuple[tuple[str, tuple[Problem, ...]], ...] = ()  # not scored: why

    @property
    def changed(self) -> tuple[DiffRow, ...]:
        return tuple(r for r in self.rows if r.changed)

    def summary(self) -> dict[str, int]:
        rows = self.rows
        out = {"applications": len(rows), "skipped": len(self.skipped)}
        for key in _COMPARED:
            name = "eligibility" if key == "eligible" else key
            out[f"{name}_changed"] = sum(getattr(r.old, key) != getattr(r.new, key) for r in rows)
        out["rank_moved"] = sum(r.old_rank != r.new_rank for r in rows)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.ref.to_dict(),
            "new": self.new.ref.to_dict(),
            "summary": self.summary(),
            "changes": [r.to_dict() for r in self.changed],
            "skipped": [
                {"name": n, "problems": [p.to_dict() for p in ps]} for n, ps in self.skipped
            ],
        }


def diff_rulesets(old: Ruleset, new: Ruleset, corpus: Sequence[CorpusEntry]) -> RulesetDiff:
    """Score the corpus under both rulesets and rank by each one's keys (unsubmitted last)."""
    scored: list[tuple[CorpusEntry, Result, Result, tuple]] = []
    skipped = []
    for index, entry in enumerate(corpus):
        try:
            a = old.evaluate(entry.data, entry.reviews)
            b = new.evaluate(entry.data, entry.reviews)
        except InputError as exc:
            skipped.append((entry.name, exc.problems))
            continue
        scored.append((entry, a, b, (entry.submitted_at or "~", index)))

    def ranks(rs: Ruleset, which: int) -> dict[int, int]:
        order = sorted(scored, key=lambda row: rs.rank_key(row[which], row[3]))
        return {row[3][1]: n for n, row in enumerate(order, start=1)}

    old_ranks, new_ranks = ranks(old, 1), ranks(new, 2)
    rows = tuple(
        DiffRow(e.name, a, b, old_ranks[key[1]], new_ranks[key[1]]) for e, a, b, key in scored
    )
    return RulesetDiff(old, new, rows, tuple(skipped))
