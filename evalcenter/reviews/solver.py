"""Assigning reviewers to applications as a min-cost flow (the method of the OpenReview matcher
and HotCRP's autoassigner), solved by OR-Tools. Pure: plain data in, plain data out.

The network: source → application (capacity: the reviewers it still needs) → reviewer (one arc
per allowed pair; cost 0 when the reviewer's fields include the application's industry field,
else 1) → sink. Each reviewer reaches the sink through two arcs: the first, up to the lower
bound of a balanced load, carries a reward large enough that every flow filling it is preferred;
the second carries the rest up to the upper bound. Minimum cost therefore fills lower bounds
first, then maximises the pairs that share a field. Inputs are sorted, so the same problem
always gives the same answer.

Balanced loads: the smallest level `hi` such that loads clamp(hi, fixed_i, cap_i) give every
application its reviewers; each reviewer then takes between clamp(hi - 1, ...) and
clamp(hi, ...) assignments: within one of the mean, or their cap, or what is already fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

Pair = tuple[int, int]  # (application id, reviewer id)


@dataclass(frozen=True)
class ApplicationItem:
    id: int
    field: str  # industry field code
    label: str  # how explanations name it (the organisation's name)


@dataclass(frozen=True)
class ReviewerItem:
    id: int
    fields: frozenset[str]
    label: str
    cap: int | None = None  # most assignments in the round


@dataclass(frozen=True)
class Problem:
    applications: tuple[ApplicationItem, ...]
    reviewers: tuple[ReviewerItem, ...]
    per_application: int
    fixed: frozenset[Pair] = frozenset()  # existing assignments, kept as they are
    pins: frozenset[Pair] = frozenset()  # pairs the administrator requires
    conflicts: frozenset[Pair] = frozenset()
    forbidden: frozenset[Pair] = frozenset()  # pairs the administrator excluded


@dataclass(frozen=True)
class Cause:
    """One reason the problem has no solution: a message code and its parameters."""

    code: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Solution:
    new_pairs: tuple[Pair, ...]  # pins and solver choices, sorted; `fixed` not repeated
    loads: dict[int, int]  # reviewer id → assignments in the round, fixed ones included
    matches: int  # pairs (fixed and new) sharing the application's field
    total: int  # pairs (fixed and new)
    causes: tuple[Cause, ...] = ()  # empty when solved

    @property
    def feasible(self) -> bool:
        return not self.causes

    @property
    def match_rate(self) -> Decimal:
        """The share of pairs that share the application's field, 0 to 1."""
        return Decimal(self.matches) / Decimal(self.total) if self.total else Decimal(0)


def solve(problem: Problem) -> Solution:
    apps = sorted(problem.applications, key=lambda a: a.id)
    reviewers = sorted(problem.reviewers, key=lambda r: r.id)
    app_index = {a.id: i for i, a in enumerate(apps)}
    rev_index = {r.id: j for j, r in enumerate(reviewers)}
    taken = {p for p in problem.fixed | problem.pins if p[0] in app_index and p[1] in rev_index}
    new_pins = sorted(p for p in problem.pins if p in taken and p not in problem.fixed)
    causes = _pin_causes(problem, apps, reviewers, app_index, rev_index, taken)

    pre = np.zeros(len(reviewers), dtype=np.int64)  # fixed and pinned load per reviewer
    have = np.zeros(len(apps), dtype=np.int64)  # fixed and pinned reviewers per application
    for a, r in taken:
        pre[rev_index[r]] += 1
        have[app_index[a]] += 1
    needed = np.maximum(problem.per_application - have, 0)
    total = int(problem.per_application * len(apps))
    big = total + 1
    caps = np.array([r.cap if r.cap is not None else big for r in reviewers], dtype=np.int64)
    upper, lower = _load_bounds(pre, caps, total)

    allowed = np.ones((len(apps), len(reviewers)), dtype=bool)
    excluded = taken | problem.conflicts | problem.forbidden
    for a, r in excluded:
        if a in app_index and r in rev_index:
            allowed[app_index[a], rev_index[r]] = False
    allowed[:, upper <= pre] = False
    lower = np.minimum(lower, pre + allowed.sum(axis=0))  # a reviewer cannot exceed their pairs

    if not causes:
        causes = _count_causes(apps, reviewers, allowed, needed, caps, pre, total)
    if causes:
        return _result(problem, apps, reviewers, (), tuple(causes))

    chosen, short = _flow(apps, reviewers, allowed, needed, pre, lower, upper, big)
    if short:
        causes = [Cause("assign_balance_too_tight", {"application": apps[i].label}) for i in short]
        return _result(problem, apps, reviewers, (), tuple(causes))
    return _result(problem, apps, reviewers, (*new_pins, *chosen), ())


def best_replacement(
    application: ApplicationItem,
    candidates: list[ReviewerItem],
    loads: dict[int, int],
    excluded: set[int],
) -> ReviewerItem | None:
    """The reviewer to fill one freed slot: a field match first, then the lowest load, then
    the lowest id; never one in `excluded` (conflicted, banned, already on it) or at their cap."""
    eligible = [
        r
        for r in candidates
        if r.id not in excluded and (r.cap is None or loads.get(r.id, 0) < r.cap)
    ]
    if not eligible:
        return None
    return min(
        eligible, key=lambda r: (application.field not in r.fields, loads.get(r.id, 0), r.id)
    )


def _load_bounds(pre: np.ndarray, caps: np.ndarray, total: int) -> tuple[np.ndarray, np.ndarray]:
    """Each reviewer's (upper, lower) load: the lowest level that covers `total`, clamped to what
    is already fixed and to the reviewer's cap."""
    ceiling = np.maximum(caps, pre)
    if len(pre) == 0 or int(ceiling.sum()) < total:
        return ceiling, np.minimum(pre, ceiling)
    lo, hi = 0, int(ceiling.max())
    while lo < hi:  # smallest level whose clamped loads reach the total
        mid = (lo + hi) // 2
        if int(np.clip(mid, pre, ceiling).sum()) >= total:
            hi = mid
        else:
            lo = mid + 1
    return np.clip(hi, pre, ceiling), np.clip(hi - 1, pre, ceiling)


def _pin_causes(problem, apps, reviewers, app_index, rev_index, taken) -> list[Cause]:
    causes = []
    for a, r in sorted(problem.pins):
        if (a, r) in problem.conflicts and a in app_index and r in rev_index:
            causes.append(
                Cause(
                    "assign_pin_conflict",
                    {
                        "application": apps[app_index[a]].label,
                        "reviewer": reviewers[rev_index[r]].label,
                    },
                )
            )
    per_app: dict[int, int] = {}
    per_rev: dict[int, int] = {}
    for a, r in taken:
        per_app[a] = per_app.get(a, 0) + 1
        per_rev[r] = per_rev.get(r, 0) + 1
    for a in sorted(per_app):
        if per_app[a] > problem.per_application:
            causes.append(
                Cause(
                    "assign_pins_exceed_need",
                    {
                        "application": apps[app_index[a]].label,
                        "n": per_app[a],
                        "k": problem.per_application,
                    },
                )
            )
    for r in sorted(per_rev):
        reviewer = reviewers[rev_index[r]]
        if reviewer.cap is not None and per_rev[r] > reviewer.cap:
            causes.append(
                Cause(
                    "assign_pins_exceed_cap",
                    {"reviewer": reviewer.label, "n": per_rev[r], "cap": reviewer.cap},
                )
            )
    return causes


def _count_causes(apps, reviewers, allowed, needed, caps, pre, total) -> list[Cause]:
    causes = []
    possible = allowed.sum(axis=1)
    for i in np.nonzero(possible < needed)[0]:
        causes.append(
            Cause(
                "assign_too_few_reviewers",
                {
                    "application": apps[i].label,
                    "n": int(possible[i]),
                    "k": int(needed[i]),
                },
            )
        )
    capacity = int(np.maximum(caps, pre).sum())
    if capacity < total:
        causes.append(Cause("assign_capacity_too_small", {"n": capacity, "k": total}))
    return causes


def _flow(apps, reviewers, allowed, needed, pre, lower, upper, big):
    """Solve the network; the chosen pairs and the indices of applications left short."""
    n_apps, n_revs = allowed.shape
    source, sink = n_apps + n_revs, n_apps + n_revs + 1
    rows, cols = np.nonzero(allowed)  # row-major: sorted by application, then reviewer
    fields = sorted({a.field for a in apps} | {f for r in reviewers for f in r.fields})
    has = np.zeros((len(fields), n_revs), dtype=bool)
    column = {f: k for k, f in enumerate(fields)}
    for j, r in enumerate(reviewers):
        for f in r.fields:
            has[column[f], j] = True
    app_field = np.array([column[a.field] for a in apps], dtype=np.int64)
    pair_costs = np.where(has[app_field[rows], cols], 0, 1).astype(np.int64)

    reviewer_nodes = np.arange(n_revs, dtype=np.int32) + n_apps
    first = np.maximum(lower - pre, 0)
    second = np.maximum(upper - pre, 0) - first
    tails = np.concatenate(
        [
            np.full(n_apps, source, dtype=np.int32),
            rows.astype(np.int32),
            reviewer_nodes,
            reviewer_nodes,
        ]
    )
    heads = np.concatenate(
        [
            np.arange(n_apps, dtype=np.int32),
            (cols + n_apps).astype(np.int32),
            np.full(n_revs, sink, dtype=np.int32),
            np.full(n_revs, sink, dtype=np.int32),
        ]
    )
    capacities = np.concatenate([needed, np.ones(len(rows), dtype=np.int64), first, second]).astype(
        np.int64
    )
    costs = np.concatenate(
        [
            np.zeros(n_apps, dtype=np.int64),
            pair_costs,
            np.full(n_revs, -big, dtype=np.int64),
            np.zeros(n_revs, dtype=np.int64),
        ]
    )
    flow = SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    flow.set_node_supply(source, int(needed.sum()))
    flow.set_node_supply(sink, -int(needed.sum()))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        return (), list(range(n_apps))
    flows = flow.flows(np.arange(len(tails), dtype=np.int32))
    short = [i for i in range(n_apps) if flows[i] < needed[i]]
    used = np.nonzero(flows[n_apps : n_apps + len(rows)])[0]
    chosen = tuple((apps[rows[k]].id, reviewers[cols[k]].id) for k in used)
    return chosen, short


def _result(problem, apps, reviewers, pairs, causes) -> Solution:
    """The solution with `pairs` added to the fixed ones (none when there are causes)."""
    known_apps = {a.id: a for a in apps}
    known_revs = {r.id: r for r in reviewers}
    kept = [p for p in problem.fixed if p[0] in known_apps and p[1] in known_revs]
    new_pairs = tuple(sorted(pairs))
    loads = {r.id: 0 for r in reviewers}
    matches = 0
    for a, r in [*kept, *new_pairs]:
        loads[r] += 1
        matches += known_apps[a].field in known_revs[r].fields
    return Solution(
        new_pairs=new_pairs,
        loads=loads,
        matches=matches,
        total=len(kept) + len(new_pairs),
        causes=causes,
    )
