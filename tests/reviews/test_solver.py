"""The assignment solver on random and hand-made instances: exactly k reviewers, no conflict,
balanced loads, caps, explained infeasibility, stable answers and a match rate no worse than
a greedy assignment's."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from evalcenter.reviews.solver import (
    ApplicationItem,
    Problem,
    ReviewerItem,
    best_replacement,
    solve,
)

FIELDS = [f"field{i}" for i in range(10)]


def random_problem(seed: int, n_apps=40, n_revs=12, k=3, scarce=False, n_conflicts=30) -> Problem:
    rng = random.Random(seed)
    apps = tuple(ApplicationItem(i, rng.choice(FIELDS), f"应用{i}") for i in range(1, n_apps + 1))
    # scarce expertise: each reviewer knows one field, most of them the same few fields
    revs = tuple(
        ReviewerItem(
            100 + j,
            frozenset([rng.choice(FIELDS[:3])] if scarce else rng.sample(FIELDS, 2)),
            f"专家{j}",
        )
        for j in range(n_revs)
    )
    conflicts = frozenset(
        (rng.randint(1, n_apps), 100 + rng.randrange(n_revs)) for _ in range(n_conflicts)
    )
    return Problem(apps, revs, k, conflicts=conflicts)


def _bench():
    """bench/assign_bench.py, whose greedy baseline the solver is measured against."""
    path = Path(__file__).resolve().parents[2] / "bench" / "assign_bench.py"
    spec = importlib.util.spec_from_file_location("assign_bench", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


greedy = _bench().greedy  # field matches of the greedy assignment, or None when stuck


def check_valid(problem: Problem, solution) -> None:
    assert solution.feasible, solution.causes
    per_app: dict[int, list[int]] = {}
    for a, r in solution.new_pairs:
        per_app.setdefault(a, []).append(r)
    assert {a.id for a in problem.applications} == set(per_app)
    assert all(len(rs) == problem.per_application for rs in per_app.values())
    assert all(len(set(rs)) == len(rs) for rs in per_app.values())
    assert not set(solution.new_pairs) & problem.conflicts


@pytest.mark.parametrize("seed", range(25))
def test_random_instances_never_assign_a_conflict_and_balance_loads(seed):
    problem = random_problem(seed, n_apps=30 + seed, n_conflicts=20 + 4 * seed)
    solution = solve(problem)
    check_valid(problem, solution)
    loads = solution.loads.values()
    assert max(loads) - min(loads) <= 1
    assert sum(loads) == problem.per_application * len(problem.applications)


@pytest.mark.parametrize("seed", range(25))
def test_match_rate_at_least_greedy(seed):
    problem = random_problem(seed, n_apps=36, n_revs=12, scarce=seed % 2 == 0)
    solution = solve(problem)
    check_valid(problem, solution)
    baseline = greedy(problem)
    if baseline is not None:
        assert solution.matches >= baseline


def test_beats_greedy_where_order_matters():
    """Greedy gives the first application the only expert the second needs; the flow does not."""
    apps = (ApplicationItem(1, "a", "甲"), ApplicationItem(2, "b", "乙"))
    revs = (ReviewerItem(10, frozenset({"a", "b"}), "X"), ReviewerItem(11, frozenset({"a"}), "Y"))
    problem = Problem(apps, revs, 1)
    assert greedy(problem) == 1
    solution = solve(problem)
    assert solution.new_pairs == ((1, 11), (2, 10))
    assert solution.matches == 2


def test_same_input_same_output_whatever_the_order():
    problem = random_problem(7)
    shuffled = Problem(
        tuple(reversed(problem.applications)),
        tuple(reversed(problem.reviewers)),
        problem.per_application,
        conflicts=problem.conflicts,
    )
    first = solve(problem)
    assert solve(problem) == first
    assert solve(shuffled) == first


def test_caps_are_respected_and_the_others_share_the_rest():
    base = random_problem(3, n_apps=30, n_revs=10, k=3, n_conflicts=0)
    capped = tuple(
        ReviewerItem(r.id, r.fields, r.label, cap=2 if i < 3 else None)
        for i, r in enumerate(base.reviewers)
    )
    solution = solve(Problem(base.applications, capped, 3))
    check_valid(base, solution)
    loads = [solution.loads[r.id] for r in capped]
    assert all(load <= 2 for load in loads[:3])
    assert max(loads[3:]) - min(loads[3:]) <= 1  # 90 - 6 = 84 over 7 reviewers: 12 each


def test_fixed_and_pinned_pairs_are_kept_and_counted():
    base = random_problem(5, n_apps=12, n_revs=6, k=2, n_conflicts=0)
    fixed = frozenset({(1, 100), (2, 100)})
    pins = frozenset({(3, 105)})
    solution = solve(Problem(base.applications, base.reviewers, 2, fixed=fixed, pins=pins))
    assert solution.feasible
    assert (3, 105) in solution.new_pairs
    assert not fixed & set(solution.new_pairs)
    per_app: dict[int, int] = {}
    for a, _ in [*fixed, *solution.new_pairs]:
        per_app[a] = per_app.get(a, 0) + 1
    assert set(per_app.values()) == {2}
    assert solution.loads[100] >= 2


def test_forbidden_pairs_are_not_assigned():
    base = random_problem(9, n_apps=10, n_revs=5, k=2, n_conflicts=0)
    forbidden = frozenset((a.id, 100) for a in base.applications[:5])
    solution = solve(Problem(base.applications, base.reviewers, 2, forbidden=forbidden))
    assert solution.feasible
    assert not forbidden & set(solution.new_pairs)


def test_too_few_reviewers_without_a_conflict_is_explained():
    apps = (ApplicationItem(1, "a", "北京甲公司"), ApplicationItem(2, "a", "北京乙公司"))
    revs = tuple(ReviewerItem(10 + j, frozenset({"a"}), f"R{j}") for j in range(5))
    conflicts = frozenset({(1, 10), (1, 11)})
    solution = solve(Problem(apps, revs, 5, conflicts=conflicts))
    assert not solution.feasible
    assert solution.new_pairs == ()
    [cause] = solution.causes
    assert cause.code == "assign_too_few_reviewers"
    assert cause.params == {"application": "北京甲公司", "n": 3, "k": 5}


def test_total_capacity_and_pins_beyond_a_cap_are_explained():
    apps = tuple(ApplicationItem(i, "a", f"A{i}") for i in range(1, 5))
    revs = (
        ReviewerItem(10, frozenset(), "张三", cap=1),
        ReviewerItem(11, frozenset(), "李四", cap=1),
    )
    short = solve(Problem(apps, revs, 1))
    assert [c.code for c in short.causes] == ["assign_capacity_too_small"]
    assert short.causes[0].params == {"n": 2, "k": 4}

    pinned = solve(Problem(apps[:2], revs, 1, pins=frozenset({(1, 10), (2, 10)})))
    assert pinned.causes[0].code == "assign_pins_exceed_cap"
    assert pinned.causes[0].params == {"reviewer": "张三", "n": 2, "cap": 1}


def test_a_pinned_conflict_is_explained():
    apps = (ApplicationItem(1, "a", "甲"),)
    revs = (ReviewerItem(10, frozenset(), "张三"), ReviewerItem(11, frozenset(), "李四"))
    solution = solve(Problem(apps, revs, 1, pins=frozenset({(1, 10)}), conflicts={(1, 10)}))
    assert [c.code for c in solution.causes] == ["assign_pin_conflict"]


def test_best_replacement_prefers_a_field_match_then_the_lowest_load():
    app = ApplicationItem(1, "a", "甲")
    revs = [
        ReviewerItem(10, frozenset({"b"}), "A"),
        ReviewerItem(11, frozenset({"a"}), "B"),
        ReviewerItem(12, frozenset({"a"}), "C"),
        ReviewerItem(13, frozenset({"a"}), "D", cap=1),
    ]
    loads = {10: 0, 11: 4, 12: 3, 13: 1}
    assert best_replacement(app, revs, loads, set()).id == 12
    assert best_replacement(app, revs, loads, {12}).id == 11
    assert best_replacement(app, revs, loads, {11, 12}).id == 10
    assert best_replacement(app, revs, loads, {10, 11, 12}) is None
