"""Scoring throughput: the engine on the reference ruleset vs. a hand-written Decimal function.

Generates N valid applications (seeded), validates them once, then times, on one
core and in the same run, (a) :func:`hand_score`, a plain-Python implementation of
the same indicator system, (b) ``Ruleset.evaluate`` without and (c) with the full
trace recorded, and (d) compact ``Result.to_json`` with the trace rendered (in
English) for ``render`` of them, once the other results are freed. Asserts that the
engine and the baseline give identical numbers for every application, traced or not.

    .venv/bin/python bench/score_bench.py [--n 10000] [--seed 2025] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evalcenter.explain import render_trace, result_json  # noqa: E402
from evalcenter.scoring import CONTEXT, Source, load_ruleset  # noqa: E402
from evalcenter.scoring.uscc import ALPHABET, check_character  # noqa: E402

RULES = Path(__file__).resolve().parent.parent / "scoring_rules" / "bj-excellent-etc-2025.yaml"
DISTRICTS = [
    "东城区",
    "西城区",
    "朝阳区",
    "海淀区",
    "丰台区",
    "石景山区",
    "门头沟区",
    "房山区",
    "通州区",
    "顺义区",
    "昌平区",
    "大兴区",
    "怀柔区",
    "平谷区",
    "密云区",
    "延庆区",
    "北京经济技术开发区",
]
FIELDS = [
    "next_gen_it",
    "pharma_health",
    "integrated_circuits",
    "connected_vehicles",
    "smart_manufacturing",
    "green_energy",
    "blockchain_computing",
    "sci_tech_services",
    "smart_city",
    "info_content",
]
CENT = Decimal("0.01")


# -- generated applications -------------------------------------------------------------
def _money(rng: random.Random, low: float, high: float) -> str:
    return str(Decimal(rng.uniform(low, high)).quantize(CENT))


def _uscc(rng: random.Random) -> str:
    body = "9111" + "".join(rng.choice(ALPHABET) for _ in range(13))
    return body + check_character(body)


def generate(n: int, seed: int) -> list[tuple[dict, list[Decimal]]]:
    """``n`` valid applications with 0-7 reviewers' totals each."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        revenue = float(_money(rng, 500, 300000))
        employees = rng.randint(40, 6000)
        rd_staff = rng.randint(0, employees)
        ip = rng.randint(0, 200)
        projects = rng.choice([0, rng.randint(1, 120)])
        profit = _money(rng, -0.05 * revenue, 0.25 * revenue) if rng.random() > 0.05 else "0"
        app = {
            "company_name": f"北京测试科技有限公司{i}",
            "uscc": _uscc(rng),
            "district": rng.choice(DISTRICTS + ["河北省"]) if rng.random() < 0.2 else "海淀区",
            "industry_field": rng.choice(FIELDS),
            "sector": rng.choice(["C", "I", "M", "E", "other"]),
            "is_specialized_sme": rng.random() < 0.3,
            "centre_level": rng.choice(["national", "municipal", "municipal", "none"]),
            "last_evaluation_grade": rng.choice(["excellent", "good", "basic", "fail", "none"]),
            "integrity_violation_3y": rng.random() < 0.03,
            "major_incident_3y": rng.random() < 0.03,
            "main_revenue": str(revenue),
            "total_profit": profit,
            "rd_expenditure": _money(rng, 0, 0.2 * revenue),
            "new_product_revenue": _money(rng, 0, revenue),
            "new_product_profit": _money(rng, -2000, 20000),
            "rd_equipment_value": _money(rng, 0, 5000),
            "training_expenditure": _money(rng, 0, 500),
            "employees": employees,
            "rd_staff": rd_staff,
            "rd_staff_prev_year": rng.choice([0, rng.randint(0, employees)]),
            "senior_experts_phd": rng.randint(0, min(employees, 40)),
            "intl_talent_rd": rng.randint(0, 20),
            "intl_talent_testing": rng.choice([0, rng.randint(0, 5)]),
            "intl_talent_standards": rng.choice([0, rng.randint(0, 5)]),
            "external_expert_person_months": str(Decimal(rng.randint(0, 900)) / 10),
            "valid_ip": ip,
            "valid_invention_patents": rng.randint(0, ip),
            "rd_projects": projects,
            "basic_applied_projects": rng.randint(0, projects),
            "national_platforms": rng.randint(0, 3),
            "provincial_platforms": rng.randint(0, 4),
            "accredited_labs": rng.randint(0, 4),
            "invention_applications_year": rng.randint(0, 40),
            "standards_international": rng.randint(0, 2),
            "standards_national": rng.randint(0, 5),
            "standards_industry": rng.randint(0, 8),
            "key_product_breakthroughs": rng.randint(0, 4),
            "national_awards_3y": rng.randint(0, 2),
            "provincial_awards_3y": rng.randint(0, 4),
            "ai_cross_industry_projects": rng.randint(0, 4),
            "innovation_centre_or_pilot_platform": rng.random() < 0.3,
            "chain_leader": rng.random() < 0.2,
            "verified_discrepancies": rng.choice([0, 0, 0, 0, 1, 2, 4]),
        }
        reviews = [Decimal(rng.randint(80, 200)) / 2 for _ in range(rng.randint(0, 7))]
        out.append((app, reviews))
    return out


# -- the hand-written implementation ------------------------------------------------------
D = Decimal
S, T = D("0.6"), D("0.4")
BEIJING = frozenset(DISTRICTS)
HIGH_END = frozenset(FIELDS)
A1_LEVELS = {
    "C": (D(3), D(8)),
    "I": (D(6), D(15)),
    "M": (D(6), D(15)),
    "E": (D(2), D(5)),
    "other": (D(3), D(8)),
}
A3_LEVELS = {
    "C": (D(500), D(2000)),
    "I": (D(300), D(1000)),
    "M": (D(300), D(1000)),
    "E": (D(1000), D(3000)),
    "other": (D(500), D(2000)),
}
B1_LEVELS = {
    "C": (D(10), D(30)),
    "I": (D(30), D(60)),
    "M": (D(30), D(60)),
    "E": (D(5), D(15)),
    "other": (D(10), D(30)),
}
ZERO = D("0.00")


def curve(v: Decimal, w: Decimal, b: Decimal, f: Decimal) -> Decimal:
    if v >= f:
        return w.quantize(CENT)
    if v > b:
        return (w * (S + T * (v - b) / (f - b))).quantize(CENT, ROUND_HALF_UP)
    if v > 0:
        return (S * w * v / b).quantize(CENT, ROUND_HALF_UP)
    return ZERO


def ratio(a: Decimal, b: Decimal) -> Decimal:
    return a / b if b > 0 else D(0)


K_0 = D(0)
K_0_2 = D("0.2")
K_1 = D(1)
K_10 = D(10)
K_100 = D(100)
K_15 = D(15)
K_2 = D(2)
K_20 = D(20)
K_3 = D(3)
K_4 = D(4)
K_5 = D(5)
K_50 = D(50)
K_6 = D(6)
K_60 = D(60)
K_8 = D(8)


def hand_score(d: dict, reviews: list[Decimal]) -> tuple:
    """The indicator system written out by hand (Decimal, the same rounding)."""
    with localcontext(CONTEXT):
        sector = d["sector"]
        rd_sme = d["is_specialized_sme"] and d["main_revenue"] < 20000
        failed = tuple(
            g
            for g, ok in (
                ("G1", d["district"] in BEIJING),
                ("G2", d["centre_level"] in ("national", "municipal")),
                ("G3", d["industry_field"] in HIGH_END),
                ("G4", d["rd_expenditure"] >= 1000 or (rd_sme and d["rd_expenditure"] >= 500)),
                ("G5", d["rd_staff"] >= (80 if sector in ("I", "M") else 60)),
                ("G6", d["valid_ip"] >= 10),
                ("G7", not d["integrity_violation_3y"]),
                ("G8", d["last_evaluation_grade"] != "fail"),
            )
            if not ok
        )
        rd, rev, staff = d["rd_expenditure"], d["main_revenue"], d["rd_staff"]
        prev, profit = d["rd_staff_prev_year"], d["total_profit"]
        intl = (d["intl_talent_rd"], d["intl_talent_testing"], d["intl_talent_standards"])
        a = (
            curve(ratio(rd, rev) * 100, K_10, *A1_LEVELS[sector]),
            curve(ratio(rd, staff), K_6, K_8, K_60),
            curve(d["rd_equipment_value"], K_6, *A3_LEVELS[sector]),
        )
        b = (
            curve(ratio(staff, d["employees"]) * 100, K_6, *B1_LEVELS[sector]),
            curve(d["senior_experts_phd"], K_5, K_3, K_20),
            curve(intl[0] + intl[1] + intl[2], K_6, K_2, K_15),
            curve(D(sum(1 for x in intl if x > 0)), K_3, K_1, K_3),
            curve(ratio(d["training_expenditure"], staff), K_3, K_0_2, K_1),
            curve(d["external_expert_person_months"], K_2, K_10, K_50),
            curve(ratio(staff - prev, prev) * 100, K_3, K_2, K_15),
        )
        c = (
            curve(d["valid_ip"], K_4, K_10, K_50),
            curve(d["valid_invention_patents"], K_4, K_3, K_20),
            curve(ratio(d["basic_applied_projects"], d["rd_projects"]) * 100, K_3, K_5, K_20),
            curve(d["national_platforms"], K_3, K_1, K_2),
            curve(d["provincial_platforms"], K_2, K_1, K_3),
            curve(d["accredited_labs"], K_4, K_1, K_3),
        )
        std = 3 * d["standards_international"] + 2 * d["standards_national"]
        e = (
            curve(d["invention_applications_year"], K_5, K_3, K_20),
            curve(std + d["standards_industry"], K_5, K_1, K_10),
            curve(ratio(d["new_product_revenue"], rev) * 100, K_8, K_15, K_60),
            curve(ratio(d["new_product_profit"], profit) * 100, K_4, K_10, K_50),
            curve(ratio(profit, rev) * 100, K_3, K_3, K_15),
            curve(d["key_product_breakthroughs"], K_5, K_1, K_3),
        )
        groups = (sum(a, ZERO), sum(b, ZERO), sum(c, ZERO), sum(e, ZERO))
        base = sum(groups, ZERO)
        bonus = min(
            (K_3 if d["innovation_centre_or_pilot_platform"] else ZERO)
            + min(2 * d["ai_cross_industry_projects"], K_4)
            + min(3 * d["national_awards_3y"] + d["provincial_awards_3y"], K_4)
            + (K_2 if d["chain_leader"] else ZERO),
            K_10,
        ).quantize(CENT)
        penalty = (
            (K_10 if d["major_incident_3y"] else ZERO) + min(5 * d["verified_discrepancies"], K_15)
        ).quantize(CENT)
        quantitative = min(max(base + bonus - penalty, ZERO), K_100).quantize(CENT)
        n = len(reviews)
        panel = composite = None
        if n >= 3:
            ordered = sorted(reviews)
            used = ordered[1:-1] if n >= 5 else ordered
            panel = (sum(used, K_0) / len(used)).quantize(CENT, ROUND_HALF_UP)
            composite = (S * quantitative + T * panel).quantize(CENT, ROUND_HALF_UP)
        if failed:
            recommendation = "ineligible"
        elif composite is None:
            recommendation = "pending"
        else:
            recommendation = (
                "recommend"
                if composite >= 80
                else "shortlist"
                if composite >= 70
                else "not_recommended"
            )
        return (
            not failed,
            failed,
            a + b + c + e,
            groups,
            base,
            bonus,
            penalty,
            quantitative,
            panel,
            composite,
            recommendation,
        )


def engine_tuple(result) -> tuple:  # type: ignore[no-untyped-def]
    """The same numbers, read from an engine result."""
    return (
        result.eligible,
        tuple(g.id for g in result.failed_gates),
        tuple(r.points for r in result.indicators.values()),
        tuple(result.groups.values()),
        result.base,
        result.bonus,
        result.penalty,
        result.quantitative,
        result.panel.score,
        result.composite,
        result.recommendation,
    )


def _best_of(repeat: int, *runs):  # type: ignore[no-untyped-def]
    """Time each run ``repeat`` times, interleaved so load changes hit all alike."""
    best = [float("inf")] * len(runs)
    outputs: list = [None] * len(runs)
    for _ in range(repeat):
        for index, fn in enumerate(runs):
            gc.collect()
            start = time.perf_counter()
            outputs[index] = fn()
            best[index] = min(best[index], time.perf_counter() - start)
    return best, outputs


def run(n: int = 10_000, seed: int = 2025, repeat: int = 5, render: int = 1000) -> dict:
    """Run the benchmark; returns the figures (and raises if any result differs)."""
    ruleset = load_ruleset(RULES)
    cases = generate(n, seed)
    start = time.perf_counter()
    parsed = [(ruleset.parse_application(app, Source.SCORING), revs) for app, revs in cases]
    validate_s = time.perf_counter() - start
    plain = [(p.values, revs) for p, revs in parsed]
    evaluate = ruleset.evaluate
    (hand_s, plain_s, trace_s), (expected, results, traced) = _best_of(
        repeat,
        lambda: [hand_score(v, revs) for v, revs in plain],
        lambda: [evaluate(p, revs, trace=False) for p, revs in parsed],
        lambda: [evaluate(p, revs, trace=True) for p, revs in parsed],
    )
    compared = 0
    for index, want in enumerate(expected):
        for result in (results[index], traced[index]):
            got = engine_tuple(result)
            if got != want:
                raise AssertionError(f"application {index}: engine {got} != hand-written {want}")
        compared += 1
    eligible = sum(r.eligible for r in results)
    subset = traced[: min(render, n)]
    for scored in (expected, results, traced, parsed, plain, cases):
        scored.clear()  # only the rendered results stay in memory
    (json_s,), (texts,) = _best_of(repeat, lambda: [result_json(r, indent=None) for r in subset])
    # the rendered trace is in the JSON
    assert all('"trace":["Ruleset ' in text for text in texts)
    assert not texts or json.loads(texts[0])["trace"] == render_trace(subset[0].trace)
    render_s = json_s / max(len(subset), 1)
    return {
        "applications": n,
        "compared": compared,
        "eligible": eligible,
        "hand_per_s": n / hand_s,
        "plain_per_s": n / plain_s,
        "trace_per_s": n / trace_s,
        "trace_share": hand_s / trace_s,
        "validate_per_s": n / validate_s,
        "json_per_s": 1 / render_s if render_s else float("inf"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    f = run(args.n, args.seed, args.repeat)
    print(
        f"applications:                   {f['applications']} ({f['eligible']} eligible), "
        f"identical results: {f['compared']} of {f['applications']}"
    )
    print(f"hand-written baseline:          {f['hand_per_s']:,.0f} applications/s")
    print(f"engine, plain scoring:          {f['plain_per_s']:,.0f} applications/s")
    print(
        f"engine, full trace recorded:    {f['trace_per_s']:,.0f} applications/s "
        f"({f['trace_share']:.2f} of the baseline)"
    )
    print(f"JSON with the rendered trace:   {f['json_per_s']:,.0f} results/s")
    print(f"input validation (separate):    {f['validate_per_s']:,.0f} applications/s")
    ok = f["trace_share"] >= 1 / 3 and f["json_per_s"] >= 5000
    print(f"targets (trace >= 1/3 of baseline, JSON >= 5,000/s): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
