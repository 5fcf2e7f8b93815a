"""What the assignment pages show, built from the round's data and the solver's proposal so
that the views stay thin."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from evalcenter.reviews import assignment
from evalcenter.reviews.models import Assignment, AssignmentStatus
from evalcenter.rounds.models import EvaluationRound

BAR_WIDTH = 360  # SVG units of the longest load bar


@dataclass(frozen=True)
class ReviewerLoad:
    name: str
    fields: tuple[str, ...]
    cap: int | None
    kept: int
    new: int
    matches: int
    bar: int  # SVG width of the load bar

    @property
    def load(self) -> int:
        return self.kept + self.new


@dataclass(frozen=True)
class ApplicationPairs:
    id: int
    organisation: str
    reference: str | None
    field: str
    kept: tuple[tuple[str, bool], ...]  # (reviewer name, shares the field)
    new: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class ConstraintRow:
    id: int
    kind: str
    organisation: str
    reviewer: str


@dataclass(frozen=True)
class RecusalRow:
    assignment_id: int
    organisation: str
    reviewer: str
    slot_free: bool


@dataclass(frozen=True)
class PreviewPage:
    rnd: EvaluationRound
    feasible: bool
    causes: list[str]
    digest: str
    new_count: int
    match_percent: str
    loads: list[ReviewerLoad]
    applications: list[ApplicationPairs]
    constraints: list[ConstraintRow]
    recusals: list[RecusalRow]
    application_choices: list[tuple[int, str]]
    reviewer_choices: list[tuple[int, str]]


def preview_page(rnd: EvaluationRound) -> PreviewPage:
    data, solution = assignment.preview(rnd)
    apps, reviewers = data.applications, data.reviewers
    kept = data.kept()
    new = list(solution.new_pairs)

    def shares(a: int, r: int) -> bool:
        return apps[a].field in reviewers[r].fields

    kept_load = Counter(r for a, r in kept if a in apps and r in reviewers)
    new_load = Counter(r for _, r in new)
    matches = Counter(r for a, r in [*kept, *new] if a in apps and r in reviewers and shares(a, r))
    longest = max([kept_load[r] + new_load[r] for r in reviewers] or [0]) or 1
    loads = [
        ReviewerLoad(
            name=rev.label,
            fields=tuple(sorted(rev.fields)),
            cap=rev.cap,
            kept=kept_load[rid],
            new=new_load[rid],
            matches=matches[rid],
            bar=round(BAR_WIDTH * (kept_load[rid] + new_load[rid]) / longest),
        )
        for rid, rev in reviewers.items()
    ]

    def named(pairs, app_id):
        return tuple(
            (reviewers[r].label, shares(a, r)) for a, r in pairs if a == app_id and r in reviewers
        )

    kept_by_app, new_by_app = _by_app(kept), _by_app(new)
    rows = [
        ApplicationPairs(
            a.id,
            a.organisation,
            a.reference,
            a.field,
            named(kept_by_app.get(a.id, []), a.id),
            named(new_by_app.get(a.id, []), a.id),
        )
        for a in apps.values()
    ]
    names = {a.id: a.organisation for a in apps.values()}
    return PreviewPage(
        rnd=rnd,
        feasible=solution.feasible,
        causes=assignment.explain(solution),
        digest=assignment.digest(solution),
        new_count=len(new),
        match_percent=f"{solution.match_rate * 100:.1f}",
        loads=loads,
        applications=rows,
        constraints=[
            ConstraintRow(
                c.id,
                c.kind,
                names.get(c.application_id, ""),
                reviewers[c.reviewer_id].label if c.reviewer_id in reviewers else "",
            )
            for c in data.constraints
        ],
        recusals=_recusals(data),
        application_choices=[(a.id, a.organisation) for a in apps.values()],
        reviewer_choices=[(r.id, r.label) for r in reviewers.values()],
    )


def _by_app(pairs):
    grouped: dict[int, list] = {}
    for a, r in pairs:
        grouped.setdefault(a, []).append((a, r))
    return grouped


def _recusals(data: assignment.RoundData) -> list[RecusalRow]:
    on_app = Counter(
        a.application_id for a in data.assignments if a.status != AssignmentStatus.RECUSED
    )
    k = data.rnd.reviewers_per_application
    return [
        RecusalRow(
            a.id,
            data.applications[a.application_id].organisation,
            data.reviewers[a.reviewer_id].label if a.reviewer_id in data.reviewers else "",
            on_app[a.application_id] < k,
        )
        for a in data.assignments
        if a.status == AssignmentStatus.RECUSED and a.application_id in data.applications
    ]


@dataclass(frozen=True)
class ReplacementPage:
    recused: Assignment
    organisation: str
    recused_reviewer: str
    suggestion_id: int | None
    suggestion: str | None
    suggestion_fields: tuple[str, ...]
    shares_field: bool


def replacement_page(recused: Assignment) -> ReplacementPage:
    suggestion = assignment.replacement_suggestion(recused)
    field = (recused.application.data or {}).get("industry_field") or (
        recused.application.organisation.industry_field
    )
    return ReplacementPage(
        recused=recused,
        organisation=recused.application.organisation.name,
        recused_reviewer=recused.reviewer.name,
        suggestion_id=suggestion.id if suggestion else None,
        suggestion=suggestion.label if suggestion else None,
        suggestion_fields=tuple(sorted(suggestion.fields)) if suggestion else (),
        shares_field=bool(suggestion and field in suggestion.fields),
    )
