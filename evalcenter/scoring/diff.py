"""What-if: score a corpus of applications under two rulesets and report what changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .inputs import load_json
from .messages import InputError, two
from .result import Result
from .ruleset import Ruleset


@dataclass(frozen=True)
class CorpusEntry:
    """One application of a corpus, with its reviews and submission time if known."""

    name: str
    data: Any
    reviews: tuple[Any, ...] | None = None
    submitted_at: str | None = None


def _entry(name: str, item: Any, reviews: Any = None) -> CorpusEntry:
    if isinstance(item, dict) and "application" in item:
        return CorpusEntry(
            str(item.get("name") or name),
            item["application"],
            tuple(item.get("reviews") or ()) or None,
            item.get("submitted_at"),
        )
    if isinstance(item, dict) and isinstance(item.get("company_name"), str):
        name = item["company_name"]
    return CorpusEntry(name, item, tuple(reviews) if reviews else None)


def load_corpus(path: str | Path) -> list[CorpusEntry]:
    """Applications from a directory of ``*.json`` files or from one JSON file.

    A file may hold one application, a list of them, or ``{"application": ...,
    "reviews": [...], "submitted_at": ..., "name": ...}`` objects. ``X.expected.json``
    files are not applications; their ``review_totals`` become the reviews of ``X.json``.
    """
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.glob("*.json"))
    entries = []
    for file in files:
        if file.name.endswith(".expected.json"):
            continue
        content = load_json(file.read_bytes())
        reviews = None
        expected = file.with_name(file.name[:-5] + ".expected.json")
        if expected.is_file():
            reviews = load_json(expected.read_bytes()).get("review_totals")
        if isinstance(content, list):
            for index, item in enumerate(content, start=1):
                entries.append(_entry(f"{file.name}[{index}]", item))
        else:
            entries.append(_entry(file.name, content, reviews))
    return entries


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
        return (
            self.old.quantitative != self.new.quantitative
            or self.old.composite != self.new.composite
            or self.old.recommendation != self.new.recommendation
            or self.old.eligible != self.new.eligible
            or self.old_rank != self.new_rank
        )

    def to_dict(self) -> dict[str, Any]:
        def delta(a: Decimal | None, b: Decimal | None) -> str | None:
            return None if a is None or b is None else _two(b - a)

        return {
            "name": self.name,
            "eligible": [self.old.eligible, self.new.eligible],
            "quantitative": [_two(self.old.quantitative), _two(self.new.quantitative)],
            "quantitative_change": delta(self.old.quantitative, self.new.quantitative),
            "composite": [_two(self.old.composite), _two(self.new.composite)],
            "composite_change": delta(self.old.composite, self.new.composite),
            "recommendation": [self.old.recommendation, self.new.recommendation],
            "rank": [self.old_rank, self.new_rank],
            "indicator_changes": {
                k: [_two(r.points), _two(self.new.indicators[k].points)]
                for k, r in self.old.indicators.items()
                if k in self.new.indicators and r.points != self.new.indicators[k].points
            },
        }


@dataclass(frozen=True)
class RulesetDiff:
    """The rows of a what-if comparison plus the applications that could not be scored."""

    old: Ruleset
    new: Ruleset
    rows: tuple[DiffRow, ...]
    skipped: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    @property
    def changed(self) -> tuple[DiffRow, ...]:
        return tuple(r for r in self.rows if r.changed)

    def summary(self) -> dict[str, int]:
        rows = self.rows
        return {
            "applications": len(rows),
            "skipped": len(self.skipped),
            "quantitative_changed": sum(r.old.quantitative != r.new.quantitative for r in rows),
            "composite_changed": sum(r.old.composite != r.new.composite for r in rows),
            "recommendation_changed": sum(
                r.old.recommendation != r.new.recommendation for r in rows
            ),
            "eligibility_changed": sum(r.old.eligible != r.new.eligible for r in rows),
            "rank_moved": sum(r.old_rank != r.new_rank for r in rows),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old.ref.to_dict(),
            "new": self.new.ref.to_dict(),
            "summary": self.summary(),
            "changes": [r.to_dict() for r in self.changed],
            "skipped": [{"name": n, "problems": list(p)} for n, p in self.skipped],
        }

    def format_text(self) -> str:
        o, n = self.old.ref, self.new.ref
        s = self.summary()
        lines = [
            f"old: {o.id} v{o.version} (sha256 {o.sha256[:12]})",
            f"new: {n.id} v{n.version} (sha256 {n.sha256[:12]})",
            f"{s['applications']} applications scored, {s['skipped']} skipped; changed: "
            f"quantitative {s['quantitative_changed']}, composite {s['composite_changed']}, "
            f"recommendation {s['recommendation_changed']}, eligibility "
            f"{s['eligibility_changed']}, rank {s['rank_moved']}",
        ]
        for row in self.changed:
            d = row.to_dict()
            parts = [
                f"quantitative {d['quantitative'][0]} → {d['quantitative'][1]} "
                f"({_signed(d['quantitative_change'])})"
            ]
            if row.old.composite is not None or row.new.composite is not None:
                parts.append(f"composite {d['composite'][0]} → {d['composite'][1]}")
            if row.old.recommendation != row.new.recommendation:
                parts.append(f"recommendation {row.old.recommendation} → {row.new.recommendation}")
            if row.old.eligible != row.new.eligible:
                parts.append(f"eligible {row.old.eligible} → {row.new.eligible}")
            if row.old_rank != row.new_rank:
                parts.append(f"rank {row.old_rank} → {row.new_rank}")
            if d["indicator_changes"]:
                parts.append(
                    "indicators "
                    + ", ".join(f"{k} {a}→{b}" for k, (a, b) in d["indicator_changes"].items())
                )
            lines.append(f"- {row.name}: " + "; ".join(parts))
        for name, problems in self.skipped:
            lines.append(
                f"! {name}: not scored: {problems[0]}"
                + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "")
            )
        return "\n".join(lines)


def _signed(value: str | None) -> str:
    if value is None:
        return "n/a"
    return value if value.startswith("-") else "+" + value


def diff_rulesets(old: Ruleset, new: Ruleset, corpus: Sequence[CorpusEntry]) -> RulesetDiff:
    """Score every corpus entry under both rulesets; ranks use each ruleset's ranking keys.

    Entries without a submission time rank after those with one, in corpus order.
    """
    scored: list[tuple[CorpusEntry, Result, Result, tuple]] = []
    skipped = []
    for index, entry in enumerate(corpus):
        try:
            a = old.evaluate(entry.data, entry.reviews)
            b = new.evaluate(entry.data, entry.reviews)
        except InputError as exc:
            skipped.append((entry.name, tuple(str(p) for p in exc.problems)))
            continue
        scored.append((entry, a, b, (entry.submitted_at or "~", index)))

    def ranks(rs: Ruleset, which: int) -> dict[int, int]:
        order = sorted(
            range(len(scored)), key=lambda i: rs.rank_key(scored[i][which], scored[i][3])
        )
        return {i: n for n, i in enumerate(order, start=1)}

    old_ranks, new_ranks = ranks(old, 1), ranks(new, 2)
    rows = tuple(
        DiffRow(e.name, a, b, old_ranks[i], new_ranks[i]) for i, (e, a, b, _) in enumerate(scored)
    )
    return RulesetDiff(old, new, rows, tuple(skipped))


def _two(value: Decimal | None) -> str | None:
    return None if value is None else two(value)
