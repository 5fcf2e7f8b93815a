"""Server time of the application form: the page, a save, and a save with an error.

Builds the app on a temporary, migrated SQLite database with an approved organisation,
its applicant contact, an open round and a draft holding the spec's example data; logs in
through the real login form (CSRF on) with Flask's test client, then times N rounds of,
interleaved:

  (a) GET of the finance section form page;
  (b) POST of a valid finance save (validation of the whole draft, the version check, the
      audit record, the commit) -- answered with a redirect. The browser's follow-up GET,
      which renders the form again with the updated self-assessment, is not part of (b);
      it is shown on its own line for reference;
  (c) POST of the same save with a validation error (new-product revenue above main
      revenue): nothing stored, the form re-rendered with its messages and the
      self-assessment;

and, as a baseline in the same run, GET /healthz (one ``SELECT 1``). Each time is
``time.perf_counter()`` around one in-process request (the WSGI app, no network).

    .venv/bin/python bench/form_bench.py [--runs 200] [--warmup 10]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from evalcenter import create_app  # noqa: E402
from evalcenter.extensions import db  # noqa: E402
from tests.applications.helpers import example_data  # noqa: E402
from tests.conftest import (  # noqa: E402
    CSRF_RE,
    PASSWORD,
    make_organisation,
    make_round,
    make_user,
)

EMAIL = "clerk@bench.example.cn"
VERSION_RE = re.compile(r'name="version" type="hidden" value="(\d+)"')
SCORE_RE = re.compile(r'data-quantitative="([^"]+)"')
FINANCE = {
    "main_revenue": "86500",
    "total_profit": "9120.5",
    "rd_expenditure": "7350",
    "new_product_revenue": "41200",
    "new_product_profit": "5230.25",
    "rd_equipment_value": "1680",
    "training_expenditure": "96",
}


class QueryCounter:
    """Counts the SQL statements sent by the app's engine."""

    def __init__(self, engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, *args, **kwargs) -> None:
        self.count += 1


def _setup(tmp: Path):
    from flask_migrate import upgrade

    from evalcenter.applications import services

    app = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "bench-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.db'}",
            "UPLOAD_DIR": str(tmp / "uploads"),
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    sample = json.dumps(example_data(), ensure_ascii=False).encode()
    with app.app_context():
        upgrade()
        org = make_organisation("北京芯原微电子科技有限公司", "91110108MA01XC7K2M")
        user = make_user("applicant", EMAIL, org)
        rnd = make_round()
        draft = services.start(user, rnd)
        db.session.flush()
        services.import_json(user, draft, sample, draft.version)
        db.session.commit()
        app_id = draft.id
        counter = QueryCounter(db.engine)
    return app, app_id, counter


def _token(html: str) -> str:
    match = CSRF_RE.search(html)
    if not match:
        raise SystemExit("no CSRF token in the page")
    return match.group(1) or match.group(2)


def _log_in(client) -> None:
    token = _token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    )
    if response.status_code != 302:
        raise SystemExit(f"login failed: {response.status_code}")


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def _stats(samples: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(samples),
        "p90": statistics.quantiles(samples, n=10, method="inclusive")[-1],
        "mean": statistics.fmean(samples),
    }


def run(runs: int = 200, warmup: int = 10) -> dict:
    """Time the requests; returns {name: {"median", "p90", "mean", "queries"}}."""
    with tempfile.TemporaryDirectory(prefix="evalcenter-bench-") as tmp:
        app, app_id, counter = _setup(Path(tmp))
        url = f"/applications/{app_id}/sections/finance"
        client = app.test_client()
        _log_in(client)
        html = client.get(url).get_data(as_text=True)
        token, version = _token(html), int(VERSION_RE.search(html).group(1))

        def get_form():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            return response

        def save(i: int):
            # Alternate a value so every save really changes the draft.
            answers = {**FINANCE, "training_expenditure": "96" if i % 2 else "97"}
            data = {"csrf_token": token, "version": str(version), "save": "1", **answers}
            response = client.post(url, data=data)
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
            return response

        def save_invalid():
            answers = {**FINANCE, "new_product_revenue": "90000"}
            data = {"csrf_token": token, "version": str(version), "save": "1", **answers}
            response = client.post(url, data=data)
            body = response.get_data(as_text=True)
            assert response.status_code == 200 and "ec-error-summary" in body, body[:500]
            return response

        def healthz():
            response = client.get("/healthz")
            assert response.status_code == 200
            return response

        times: dict[str, list[float]] = {
            name: [] for name in ("healthz", "form", "save", "follow", "invalid")
        }
        queries: dict[str, list[int]] = {name: [] for name in times}
        score = None
        for i in range(warmup + runs):
            for name, fn in (
                ("healthz", healthz),
                ("form", get_form),
                ("save", lambda i=i: save(i)),
                ("invalid", save_invalid),
            ):
                before = counter.count
                elapsed, response = _timed(fn)
                if i >= warmup:
                    times[name].append(elapsed)
                    queries[name].append(counter.count - before)
                if name == "save":  # the browser's follow-up GET: not part of (b)
                    before = counter.count
                    elapsed, follow = _timed(lambda r=response: client.get(r.headers["Location"]))
                    if i >= warmup:
                        times["follow"].append(elapsed)
                        queries["follow"].append(counter.count - before)
                    page = follow.get_data(as_text=True)
                    version = int(VERSION_RE.search(page).group(1))
                    score = SCORE_RE.search(page).group(1)
        with app.app_context():
            db.engine.dispose()
    out = {name: {**_stats(samples), "queries": statistics.median(queries[name])}
           for name, samples in times.items()}  # fmt: skip
    out["score"] = score
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    if args.runs < 2:
        parser.error("--runs must be at least 2")
    f = run(args.runs, args.warmup)
    base = f["healthz"]["median"]
    print(
        f"{args.runs} runs (+{args.warmup} warm-up), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, self-assessment after save: {f['score']}"
    )
    print(f"{'':38} {'median':>8} {'p90':>8} {'mean':>8}  {'x healthz':>9}  SQL")
    rows = (
        ("(a) GET section form (finance)", "form"),
        ("(b) POST valid save (-> 302)", "save"),
        ("    its redirected GET (not in b)", "follow"),
        ("(c) POST save with validation error", "invalid"),
        ("baseline: GET /healthz", "healthz"),
    )
    for label, name in rows:
        s = f[name]
        print(
            f"{label:38} {s['median']:7.2f}ms {s['p90']:7.2f}ms {s['mean']:7.2f}ms"
            f"  {s['median'] / base:8.1f}x  {s['queries']:3.0f}"
        )


if __name__ == "__main__":
    main()
