"""The ranking of a round: 2,000 scored applications and 10,000 reviews (five each), on SQLite
and on PostgreSQL, and the SQL statements of the ranking page.

Seeds a fresh database migrated with this checkout's migrations (bulk inserts: organisations,
applications with the spec's example data varied per application, their snapshots and stored
scores, 200 reviewers, assignments and submitted reviews), then times `round_ranking` (loading
plus one engine evaluation per application) and the calibration, best of three, and counts the
statements of the ranking page requested by a logged-in administrator for the full round and
for a round of 5 applications (the counts must be equal: bounded).

PostgreSQL: the URL of an administrative connection in ``EVALCENTER_BENCH_PG`` or
``PG_ADMIN_URL``; a throwaway database is created and dropped (as `scripts/with_postgres.py`
does). Without one, or when it is unreachable, PostgreSQL is skipped with a message.

    .venv/bin/python bench/ranking_bench.py [--apps 2000] [--reviewers 200] [--per-app 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert, select  # noqa: E402

from evalcenter import create_app  # noqa: E402
from evalcenter.extensions import db  # noqa: E402
from tests.factories import PASSWORD, uscc  # noqa: E402

EXAMPLE = json.loads((ROOT / "tests/data/spec-examples/ic-manufacturer.json").read_text("utf-8"))
DISTRICTS = ["海淀区", "朝阳区", "东城区", "丰台区", "昌平区", "大兴区"]
FIELDS = ["integrated_circuits", "next_gen_it", "pharma_health", "smart_manufacturing"]


def _app(url: str, tmp: Path):
    return create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "bench-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_DIR": str(tmp / "uploads"),
            "LOCAL_RULES_DIR": str(tmp / "rules"),
            "RATELIMIT_STORAGE_URI": "memory://",
            "WTF_CSRF_ENABLED": False,
        }
    )


def _round(name: str, quota: int):
    from evalcenter.rounds.models import EvaluationRound, RoundStatus
    from evalcenter.scoring import default_rules_dir, sha256_file

    now = datetime.now(UTC)
    rnd = EvaluationRound(
        name=name,
        year=2025,
        ruleset_id="bj-excellent-etc-2025",
        ruleset_version=1,
        ruleset_sha256=sha256_file(default_rules_dir() / "bj-excellent-etc-2025.yaml"),
        status=RoundStatus.REVIEWING,
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
        quota=quota,
    )
    db.session.add(rnd)
    db.session.flush()
    return rnd


def seed(n_apps: int, n_reviewers: int, per_app: int, offset: int, reviewers: list[int], rnd):
    """Bulk-insert `n_apps` scored applications of `rnd` with `per_app` reviews each."""
    from evalcenter.accounts.models import Organisation
    from evalcenter.applications.models import Application, ApplicationSnapshot
    from evalcenter.applications.score_models import ApplicationScore
    from evalcenter.reviews.models import Assignment, Review
    from evalcenter.rounds.rulesets import ruleset_for_round

    rng = random.Random(offset)
    ruleset = ruleset_for_round(rnd)
    when = datetime(2025, 3, 1, tzinfo=UTC)
    ids = range(offset + 1, offset + n_apps + 1)
    datas, orgs, apps, snaps, scores = {}, [], [], [], []
    for i in ids:
        code = uscc(i)
        data = {
            **EXAMPLE,
            "company_name": f"北京基准{i:05d}科技有限公司",
            "uscc": code,
            "district": rng.choice(DISTRICTS),
            "industry_field": rng.choice(FIELDS),
            "rd_expenditure": 5000 + rng.randrange(4000),
            "new_product_profit": rng.randrange(6000),
        }
        datas[i] = data
        result = ruleset.evaluate({**data, "verified_discrepancies": 0}, trace=False)
        orgs.append(
            {
                "id": i,
                "name": data["company_name"],
                "uscc": code,
                "district": data["district"],
                "industry_field": data["industry_field"],
                "sector": "C",
                "status": "approved",
            }
        )
        submitted = when + timedelta(minutes=i)
        apps.append(
            {
                "id": i,
                "round_id": rnd.id,
                "organisation_id": i,
                "status": "accepted",
                "data": data,
                "submitted_at": submitted,
                "reference": f"BENCH-{i:06d}",
            }
        )
        snaps.append({"application_id": i, "number": 1, "data": data, "created_at": submitted})
        scores.append(
            {
                "application_id": i,
                "snapshot_number": 1,
                "ruleset_id": ruleset.id,
                "ruleset_version": ruleset.version,
                "ruleset_sha256": ruleset.sha256,
                "eligible": result.eligible,
                "quantitative": result.quantitative,
                "result": {"quantitative": str(result.quantitative)},
            }
        )
    db.session.execute(insert(Organisation), orgs)
    db.session.execute(insert(Application), apps)
    db.session.execute(insert(ApplicationSnapshot), snaps)
    db.session.execute(insert(ApplicationScore), scores)
    assignments, reviews = [], []
    n = 0
    for i in ids:
        for reviewer in rng.sample(reviewers[:n_reviewers], per_app):
            n += 1
            aid = offset * per_app + n
            total = Decimal(rng.randrange(100, 190)) / 2
            part = min(total, Decimal(15))
            scores_ = {"X1": str(part), "X2": str(total - part)}
            assignments.append(
                {
                    "id": aid,
                    "round_id": rnd.id,
                    "application_id": i,
                    "reviewer_id": reviewer,
                    "status": "submitted",
                }
            )
            reviews.append(
                {
                    "assignment_id": aid,
                    "application_id": i,
                    "reviewer_id": reviewer,
                    "scores": scores_,
                    "total": total,
                    "status": "submitted",
                    "submitted_at": when,
                }
            )
    db.session.execute(insert(Assignment), assignments)
    db.session.execute(insert(Review), reviews)


def _reviewers(n: int) -> list[int]:
    from evalcenter.accounts.models import User

    admin = User(email="admin@bench.cn", name="admin", role="admin")
    admin.set_password(PASSWORD)
    db.session.add(admin)
    rows = [
        {"email": f"r{k}@bench.cn", "name": f"专家{k}", "role": "reviewer", "password_hash": "x"}
        for k in range(n)
    ]
    db.session.execute(insert(User), rows)
    return list(db.session.scalars(select(User.id).where(User.role == "reviewer")))


def _best(fn, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _statements(client, url: str) -> int:
    count = [0]

    def on_execute(*args):
        count[0] += 1

    event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)
    return count[0]


def measure(label: str, url: str, tmp: Path, args) -> None:
    from flask_migrate import upgrade

    from evalcenter.reviews.calibration import round_calibration
    from evalcenter.reviews.ranking import round_ranking

    app = _app(url, tmp)
    with app.app_context():
        upgrade()
        start = time.perf_counter()
        reviewers = _reviewers(args.reviewers)
        big = _round("基准轮次", quota=args.apps // 10)
        seed(args.apps, args.reviewers, args.per_app, 0, reviewers, big)
        small = _round("小轮次", quota=1)
        seed(5, args.reviewers, args.per_app, args.apps, reviewers, small)
        db.session.commit()
        seeded = time.perf_counter() - start
        big_id, small_id = big.id, small.id
        ranking = round_ranking(big)
        ranked, pending = len(ranking.ranked), len(ranking.pending)
        t_rank = _best(lambda: round_ranking(db.session.get(type(big), big_id)))
        t_cal = _best(lambda: round_calibration(db.session.get(type(big), big_id)), runs=1)
        db.session.remove()
    client = app.test_client()
    client.post("/login", data={"email": "admin@bench.cn", "password": PASSWORD})
    with app.app_context():
        counts = []
        for r in (small_id, big_id):
            client.get(f"/admin/rounds/{r}/ranking")  # warm-up (e.g. the session's first touch)
            counts.append(_statements(client, f"/admin/rounds/{r}/ranking"))
        db.engine.dispose()
    reviews = args.apps * args.per_app
    print(f"{label}: seeded {args.apps} applications, {reviews} reviews in {seeded:.1f} s")
    print(f"  ranking computation (load + {ranked} ranked, {pending} pending): {t_rank:.3f} s")
    print(f"  calibration (two rankings + statistics): {t_cal:.3f} s")
    verdict = "bounded" if counts[0] == counts[1] else "NOT bounded"
    print(
        f"  ranking page SQL statements: {counts[0]} (5 applications), "
        f"{counts[1]} ({args.apps} applications): {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=2000)
    parser.add_argument("--reviewers", type=int, default=200)
    parser.add_argument("--per-app", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", Path(tmp), args)
    admin_url = os.environ.get("EVALCENTER_BENCH_PG") or os.environ.get("PG_ADMIN_URL")
    if not admin_url:
        print("PostgreSQL: skipped (set EVALCENTER_BENCH_PG or PG_ADMIN_URL to an admin URL)")
        return
    import psycopg

    name = f"evalcenter_bench_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as err:
        print(f"PostgreSQL: skipped, not reachable ({err.__class__.__name__})")
        return
    with admin, tempfile.TemporaryDirectory() as tmp:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = admin_url.rsplit("/", 1)[0] + "/" + name
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            measure("PostgreSQL", url, Path(tmp), args)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
