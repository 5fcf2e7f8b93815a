"""List pages under a real WSGI server: the administrators' lists against a bare floor.

Builds, in a temporary directory:

  * the floor: a bare Flask + Flask-SQLAlchemy app (written to a module file here) whose one
    page lists 50 of 20,000 rows -- six columns including a JSON document of an
    application's size, newest first on an indexed column, rendered by a cached Jinja
    template into a plain HTML table -- on its own SQLite file;
  * the platform on a fresh SQLite database migrated with the measured checkout's own
    migrations, then bulk-filled: one administrator, one round pinned to the reference
    ruleset, N organisations, N applications carrying complete application data (the demo
    applications, cycled), most submitted and some drafts, and 5 audit events per
    application with realistic before/after documents.

Serves each with gunicorn (sync workers, 127.0.0.1 only), logs in as the administrator
through the real login form, then loads each page from this process with 4 client threads
on keep-alive ``http.client`` connections (gunicorn's sync workers close every connection,
so each request also pays a loopback connect, for the floor too): a short warm-up, then a
fixed time. Every response must be a 200 carrying the seeded rows. Prints requests per
second, p50 and p95 latency, the gunicorn workers' CPU time per request (from /proc; other
load on the machine hardly changes it) and both as ratios to the floor's. The floor is
measured again at the end: when it moved by more than 15%, something else used the CPUs
and the run says so. ``--rounds N`` measures every page N times, in turn, and keeps each
page's best round.

    .venv/bin/python bench/list_bench.py [--apps 2000] [--seconds 8] [--workers 2]
        [--threads 4] [--rounds 1] [--repo PATH] [--keep DIR]

``--repo`` measures another checkout of the platform (e.g. a git worktree of older code):
its ``wsgi.py``, ``evalcenter`` package and migrations are used, with this venv's Python.
``--keep DIR`` keeps copies of the seeded databases there (e.g. for ``EXPLAIN QUERY PLAN``).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

DEFAULT_REPO = Path(__file__).resolve().parent.parent
FLOOR_ROWS = 20_000
PAGE_SIZE = 50
AUDIT_PER_APPLICATION = 5
ADMIN_EMAIL = "admin@bench.evalcenter.cn"
ADMIN_PASSWORD = "Lantern-Quartz-Ferry-7193"  # noqa: S105 - a throwaway database's login
ROUND_NAME = "2025年度北京市高精尖产业优秀企业技术中心评价"
CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"'
)
# Seeded values every row of a list shows: proof that the page listed the rows.
USCC_MARK = b"91110108"
ACTOR_MARK = b"@bench.evalcenter.cn"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# -- the floor ---------------------------------------------------------------------------
FLOOR_APP = '''
"""The floor: one list page of a bare Flask + Flask-SQLAlchemy app."""

import json
import os
import random
import sys
from datetime import datetime, timedelta

from flask import Flask, render_template
from jinja2 import DictLoader
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, DateTime, String, func, insert, select
from sqlalchemy.orm import Mapped, mapped_column

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Companies</title></head>
<body><h1>Companies</h1>
<table>
<thead><tr><th>#</th><th>Name</th><th>Code</th><th>District</th><th>Status</th>
<th>Registered</th></tr></thead>
<tbody>{% for r in rows %}
<tr data-row="{{ r.id }}"><td>{{ r.id }}</td><td><a href="/items/{{ r.id }}">{{ r.name }}</a></td>
<td><code>{{ r.code }}</code></td><td>{{ r.data.get("district", "") }}</td>
<td>{{ r.status }}</td><td>{{ r.created_at.strftime("%Y-%m-%d %H:%M") }}</td></tr>
{% endfor %}</tbody></table></body></html>
"""

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.environ["FLOOR_DB"]
app.jinja_loader = DictLoader({"items.html": PAGE})
db = SQLAlchemy(app)


class Item(db.Model):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(18), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    data: Mapped[dict] = mapped_column(JSON)


@app.get("/items")
def items():
    stmt = select(Item).order_by(Item.created_at.desc(), Item.id.desc()).limit(50)
    return render_template("items.html", rows=db.session.scalars(stmt).all())


def seed(n, sample_file):
    samples = json.loads(open(sample_file, encoding="utf-8").read())
    rng = random.Random(7)
    start = datetime(2025, 1, 1)
    with app.app_context():
        db.create_all()
        rows = [
            {
                "name": samples[i % len(samples)]["company_name"] + str(i),
                "code": "9111%014d" % i,
                "status": rng.choice(["approved"] * 9 + ["pending"]),
                "created_at": start + timedelta(seconds=rng.randrange(200 * 86400)),
                "data": samples[i % len(samples)],
            }
            for i in range(n)
        ]
        for k in range(0, n, 1000):
            db.session.execute(insert(Item), rows[k : k + 1000])
        db.session.commit()
        print(json.dumps({"items": db.session.scalar(select(func.count(Item.id)))}))


if __name__ == "__main__":
    seed(int(sys.argv[1]), sys.argv[2])
'''


# -- seeding the platform (runs in a child process, inside the measured checkout) --------
def _uscc(index: int) -> str:
    """A valid, unique unified social credit code (GB 32100-2015) for ``index``."""
    digits, n = [], index
    for _ in range(9):
        n, r = divmod(n, len(USCC_ALPHABET))
        digits.append(USCC_ALPHABET[r])
    body = "91110108" + "".join(reversed(digits))
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def _columns(model) -> set[str]:
    return {c.name for c in model.__table__.columns}


def _bulk(db, model, rows: list[dict], chunk: int = 500) -> None:
    """Insert ``rows`` with core bulk inserts, keeping only the columns the model has."""
    from sqlalchemy import insert

    names = _columns(model)
    rows = [{k: v for k, v in row.items() if k in names} for row in rows]
    for k in range(0, len(rows), chunk):
        db.session.execute(insert(model), rows[k : k + chunk])


def _ruleset_sha(repo: Path, filename: str) -> str:
    try:
        from evalcenter.scoring import default_rules_dir, sha256_file

        return sha256_file(default_rules_dir() / filename)
    except ImportError:
        return hashlib.sha256((repo / "scoring_rules" / filename).read_bytes()).hexdigest()


def _make_admin(db):
    from evalcenter.accounts.models import User

    try:
        from evalcenter.accounts import services

        return services.create_user(
            None,
            services.NewUser(
                name="基准测试管理员", email=ADMIN_EMAIL, role="admin", password=ADMIN_PASSWORD
            ),
        )
    except Exception as err:  # noqa: BLE001 - the service changed: make the row directly
        print(
            f"create_user failed ({err!r}); inserting the administrator directly", file=sys.stderr
        )
        db.session.rollback()
        names = _columns(User)
        fields = {"name": "基准测试管理员", "email": ADMIN_EMAIL, "role": "admin", "active": True}
        user = User(**{k: v for k, v in fields.items() if k in names})
        user.set_password(ADMIN_PASSWORD)
        db.session.add(user)
        db.session.flush()
        return user


def _make_round(db, repo: Path):
    from evalcenter.rounds.models import EvaluationRound

    ruleset_id, version, filename = "bj-excellent-etc-2025", 1, "bj-excellent-etc-2025.yaml"
    now = datetime.now(UTC)
    fields = {
        "name": ROUND_NAME,
        "year": 2025,
        "ruleset_id": ruleset_id,
        "ruleset_version": version,
        "ruleset_sha256": _ruleset_sha(repo, filename),
        "status": "open",
        "description": "面向已认定的市级及以上企业技术中心，"
        "评价创新投入、人才梯队、技术积累与创新产出。",
        "opens_at": now - timedelta(days=40),
        "closes_at": now + timedelta(days=30),
    }
    names = _columns(EvaluationRound)
    rnd = EvaluationRound(**{k: v for k, v in fields.items() if k in names})
    db.session.add(rnd)
    db.session.flush()
    return rnd


ORG_A = "芯衡华瑞博远中科智源天工星河启明云图泰和恒信京创金桥朗润德清致远明德卓越鼎新"
ORG_B = ["微电子", "信息技术", "生物医药", "智能装备", "新能源", "网络科技", "数据科技", "材料"]


def _audit_events(rng, apps, orgs, admin) -> list[dict]:
    """Five events per application: the organisation's creation and approval, the draft's
    creation, a section save (a section's fields before and after) and the submission or,
    for drafts, the import of the whole data (every field, from nothing)."""
    from evalcenter.applications.sections import SECTION_BY_ID

    finance = list(SECTION_BY_ID["finance"].keys)
    events = []
    for app, org in zip(apps, orgs, strict=True):
        clerk = f"clerk{org['id']:05d}@bench.evalcenter.cn"
        ip = f"10.{org['id'] % 200}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        created = org["created_at"]
        data = app["data"]
        save_before = {k: round(float(data.get(k, 0)) * rng.uniform(0.8, 1.2), 2) for k in finance}
        base = {"object_label": org["name"], "ip": ip}
        rows = [
            {
                "action": "organisation.create",
                "object_type": "organisation",
                "object_id": str(org["id"]),
                "actor_label": clerk,
                "after": {"uscc": org["uscc"], "district": org["district"], "status": "pending"},
                "created_at": created,
            },
            {
                "action": "organisation.approve",
                "object_type": "organisation",
                "object_id": str(org["id"]),
                "actor_id": admin.id,
                "actor_label": ADMIN_EMAIL,
                "before": {"status": "pending", "reason": None},
                "after": {"status": "approved", "reason": ""},
                "created_at": created + timedelta(hours=rng.uniform(1, 48)),
            },
            {
                "action": "application.create",
                "object_type": "application",
                "object_id": str(app["id"]),
                "actor_label": clerk,
                "after": {"round_id": app["round_id"], "status": "draft"},
                "created_at": app["created_at"],
            },
            {
                "action": "application.save",
                "object_type": "application",
                "object_id": str(app["id"]),
                "actor_label": clerk,
                "before": save_before,
                "after": {k: data.get(k) for k in finance},
                "created_at": app["created_at"] + timedelta(hours=rng.uniform(1, 72)),
            },
        ]
        if app["status"] == "submitted":
            rows.append(
                {
                    "action": "application.submit",
                    "object_type": "application",
                    "object_id": str(app["id"]),
                    "actor_label": clerk,
                    "before": {"status": "draft"},
                    "after": {"status": "submitted", "snapshot": 1},
                    "created_at": app["submitted_at"],
                }
            )
        else:
            rows.append(
                {
                    "action": "application.import",
                    "object_type": "application",
                    "object_id": str(app["id"]),
                    "actor_label": clerk,
                    "before": dict.fromkeys(data),
                    "after": data,
                    "created_at": app["updated_at"],
                }
            )
        events.extend({**base, **row} for row in rows)
    return events


def seed_platform(n_apps: int, repo: Path) -> dict:
    """Migrate the database named by EVALCENTER_DATABASE_URL and fill it; returns counts."""
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    import evalcenter
    from evalcenter import create_app
    from evalcenter.accounts.models import Organisation
    from evalcenter.applications.models import Application
    from evalcenter.core.models import AuditEvent
    from evalcenter.extensions import db

    where = Path(evalcenter.__file__).resolve().parent.parent
    if where != repo.resolve():
        raise SystemExit(f"imported evalcenter from {where}, not from {repo}")
    samples = json.loads((repo / "evalcenter/demo/applications.json").read_text("utf-8"))
    rng = random.Random(2025)
    app = create_app()
    with app.app_context():
        upgrade()
        admin = _make_admin(db)
        rnd = _make_round(db, repo)
        now = datetime.now(UTC)
        t0 = now - timedelta(days=120)
        orgs, apps = [], []
        for i in range(n_apps):
            sample = samples[i % len(samples)]
            a, b = divmod(i, len(ORG_A))
            name = f"北京{ORG_A[b]}{ORG_A[a % len(ORG_A)]}{ORG_B[i % len(ORG_B)]}有限公司"
            if a >= len(ORG_A):
                name = name.replace("有限公司", f"第{a // len(ORG_A) + 1}分公司")
            created = t0 + timedelta(seconds=rng.randrange(70 * 86400))
            org = {
                "id": i + 1,
                "name": name,
                "uscc": _uscc(i + 1),
                "district": sample["district"],
                "industry_field": sample["industry_field"],
                "sector": sample["sector"],
                "status": "approved",
                "created_at": created,
                "approved_at": created + timedelta(hours=rng.uniform(1, 48)),
            }
            orgs.append(org)
            data = {**sample, "company_name": name, "uscc": org["uscc"]}
            started = max(created + timedelta(days=2), rnd.opens_at) + timedelta(
                seconds=rng.randrange(20 * 86400)
            )
            submitted = rng.random() < 0.85
            submitted_at = started + timedelta(seconds=rng.randrange(10 * 86400))
            apps.append(
                {
                    "id": i + 1,
                    "round_id": rnd.id,
                    "organisation_id": org["id"],
                    "status": "submitted" if submitted else "draft",
                    "data": data,
                    "version": rng.randint(3, 30),
                    "created_at": started,
                    "updated_at": submitted_at,
                    "submitted_at": submitted_at if submitted else None,
                }
            )
        _bulk(db, Organisation, orgs)
        _bulk(db, Application, apps)
        _bulk(db, AuditEvent, _audit_events(rng, apps, orgs, admin))
        db.session.commit()
        counts = {
            "organisations": db.session.scalar(select(func.count(Organisation.id))),
            "applications": db.session.scalar(select(func.count(Application.id))),
            "submitted": db.session.scalar(
                select(func.count(Application.id)).where(Application.status == "submitted")
            ),
            "audit_events": db.session.scalar(select(func.count(AuditEvent.id))),
            "round_id": rnd.id,
        }
        db.engine.dispose()
    return counts


# -- servers -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A gunicorn master started in its own process group; stopped with ``stop()``."""

    def __init__(self, name: str, target: str, cwd: Path, env: dict, workers: int, log: Path):
        self.name, self.port, self.log = name, free_port(), log
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--chdir",
            str(cwd),
            "--timeout",
            "60",
            "--log-level",
            "warning",
            target,
        ]
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name}: gunicorn exited\n{self.tail()}")
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            try:  # any HTTP answer means a worker has loaded the app
                _request(conn, "GET", "/", {})
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)
            finally:
                conn.close()
        raise RuntimeError(f"{self.name}: no answer on port {self.port}\n{self.tail()}")

    def worker_cpu(self) -> float | None:
        """CPU seconds (user + system) used so far by the master's worker processes, from
        /proc; None where there is no /proc."""
        total, found = 0.0, False
        try:
            entries = os.listdir("/proc")
        except OSError:
            return None
        for entry in entries:
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[1]) == self.proc.pid:  # ppid
                total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
                found = True
        return total if found else None

    def tail(self) -> str:
        self._log.flush()
        return self.log.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        self._log.close()


# -- HTTP client -------------------------------------------------------------------------
def _request(conn, method: str, path: str, headers: dict, body: str | None = None):
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    return response, response.read()


def _session_cookie(response, jar: dict) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        for morsel in SimpleCookie(header).values():
            jar[morsel.key] = morsel.value


def log_in(port: int) -> str:
    """Log in through the form; returns the Cookie header of the admin's session."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    jar: dict[str, str] = {}
    try:
        response, body = _request(conn, "GET", "/login", {})
        if response.status != 200:
            raise RuntimeError(f"GET /login answered {response.status}")
        _session_cookie(response, jar)
        match = CSRF_RE.search(body.decode())
        if not match:
            raise RuntimeError("no csrf_token on /login")
        form = urllib.parse.urlencode(
            {
                "email": ADMIN_EMAIL,
                "password": ADMIN_PASSWORD,
                "csrf_token": match.group(1) or match.group(2),
            }
        )
        cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
        response, body = _request(conn, "POST", "/login", headers, form)
        if response.status != 302:
            raise RuntimeError(f"POST /login answered {response.status}: {body[:300]!r}")
        _session_cookie(response, jar)
    finally:
        conn.close()
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def load(server: Server, path: str, marker: bytes, cookie: str, args) -> dict:
    """``args.threads`` clients on keep-alive connections: warm-up, then a timed window."""
    headers = {"Cookie": cookie} if cookie else {}
    lock = threading.Lock()
    latencies: list[float] = []
    sizes: list[int] = []
    failures: list[str] = []
    per_thread = max(1, args.max_requests // args.threads)
    window: dict[str, float] = {}

    def open_window() -> None:  # run once, by the last thread to reach the gate
        window["cpu"] = server.worker_cpu()
        window["start"] = time.monotonic()
        window["end"] = window["start"] + args.seconds

    start_gate = threading.Barrier(args.threads + 1, action=open_window)

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        mine: list[float] = []
        try:
            warm_until = time.monotonic() + args.warmup
            count = 0
            while time.monotonic() < warm_until and count < per_thread:
                _request(conn, "GET", path, headers)
                count += 1
            start_gate.wait()
            count = 0
            while time.monotonic() < window["end"] and count < per_thread:
                t = time.perf_counter()
                response, body = _request(conn, "GET", path, headers)
                mine.append((time.perf_counter() - t) * 1000)
                count += 1
                if response.status != 200 or not body or marker not in body:
                    with lock:
                        failures.append(f"{response.status} {len(body)} bytes")
                    break
                if count == 1:
                    with lock:
                        sizes.append(len(body))
        except Exception as err:  # noqa: BLE001 - reported as a failure
            with lock:
                failures.append(repr(err))
            start_gate.abort()
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(args.threads)]
    for t in threads:
        t.start()
    try:
        start_gate.wait(timeout=args.warmup + 120)
    except threading.BrokenBarrierError:
        window.setdefault("start", time.monotonic())
    for t in threads:
        t.join(timeout=args.seconds + 120)
    elapsed = time.monotonic() - window["start"]
    cpu_end = server.worker_cpu()
    cpu = None if cpu_end is None or window.get("cpu") is None else cpu_end - window["cpu"]
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "rps": n / elapsed if elapsed > 0 else 0.0,
        "p50": latencies[n // 2] if n else float("nan"),
        "p95": latencies[min(n - 1, int(n * 0.95))] if n else float("nan"),
        "bytes": max(sizes) if sizes else 0,
        "failures": failures,
        "cpu_ms": cpu * 1000 / n if cpu is not None and n else float("nan"),
    }


# -- main --------------------------------------------------------------------------------
def _git(repo: Path) -> str:
    def run(*cmd: str) -> str:
        out = subprocess.run(
            ["git", "--no-optional-locks", "-C", str(repo), *cmd],
            capture_output=True,
            text=True,
            check=False,
        )
        return out.stdout.strip()

    head = run("rev-parse", "--short", "HEAD") or "?"
    dirty = run("status", "--porcelain", "--", "evalcenter", "templates", "wsgi.py")
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def _run_child(cmd: list[str], cwd: Path, env: dict) -> dict:
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        tail = out.stdout[-2000:] + out.stderr[-4000:]
        raise RuntimeError(f"{' '.join(cmd[:3])}... failed:\n{tail}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps", type=int, default=2000, help="applications (and organisations)")
    parser.add_argument("--seconds", type=float, default=8.0, help="measured time per page")
    parser.add_argument("--warmup", type=float, default=1.5, help="warm-up time per page")
    parser.add_argument(
        "--rounds", type=int, default=1, help="measure every page this many times; keep the best"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--threads", type=int, default=4, help="concurrent client connections")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap per page")
    parser.add_argument("--repo", type=Path, default=DEFAULT_REPO, help="platform checkout")
    parser.add_argument(
        "--keep", type=Path, help="copy the seeded databases (platform.db, floor.db) here"
    )
    parser.add_argument("--seed-platform", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    repo = args.repo.resolve()

    if args.seed_platform:  # the child process that fills the platform's database
        print(json.dumps(seed_platform(args.apps, repo)))
        return 0
    if not (repo / "wsgi.py").is_file() or not (repo / "evalcenter").is_dir():
        parser.error(f"{repo} is not a checkout of the platform (no wsgi.py / evalcenter/)")

    with tempfile.TemporaryDirectory(prefix="evalcenter-listbench-") as tmp_name:
        tmp = Path(tmp_name)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith("EVALCENTER_")}
        base_env.pop("PYTHONPATH", None)
        floor_env = {**base_env, "FLOOR_DB": str(tmp / "floor.db")}
        (tmp / "floor_app.py").write_text(textwrap.dedent(FLOOR_APP), encoding="utf-8")
        platform_env = {
            **base_env,
            "PYTHONPATH": str(repo),
            "EVALCENTER_ENV": "development",
            "EVALCENTER_SECRET_KEY": "bench",
            "EVALCENTER_DATABASE_URL": f"sqlite:///{tmp / 'platform.db'}",
            "EVALCENTER_UPLOAD_DIR": str(tmp / "uploads"),
        }
        sample_file = repo / "evalcenter/demo/applications.json"

        t = time.perf_counter()
        floor_counts = _run_child(
            [sys.executable, "floor_app.py", str(FLOOR_ROWS), str(sample_file)], tmp, floor_env
        )
        counts = _run_child(
            [sys.executable, str(Path(__file__).resolve()), "--seed-platform",
             "--apps", str(args.apps), "--repo", str(repo)],
            repo,
            platform_env,
        )  # fmt: skip
        seed_seconds = time.perf_counter() - t
        size_mb = (tmp / "platform.db").stat().st_size / 1e6

        rid = counts["round_id"]
        mid_page = max(1, min(20, -(-counts["applications"] // PAGE_SIZE)))
        targets = [
            ("floor", f"floor: {PAGE_SIZE} of {FLOOR_ROWS:,} rows", "/items", b"data-row="),
            ("platform", f"/admin/rounds/{rid}/applications", None, USCC_MARK),
            ("platform", f"/admin/rounds/{rid}/applications?page={mid_page}", None,
             USCC_MARK),
            ("platform", "/admin/organisations", None, USCC_MARK),
            ("platform", "/admin/audit", None, ACTOR_MARK),
        ]  # fmt: skip

        servers: dict[str, Server] = {}
        results: dict[str, list[dict]] = {label: [] for _, label, _, _ in targets}
        floor_runs: list[float] = []
        try:
            servers["floor"] = Server(
                "floor", "floor_app:app", tmp, floor_env, args.workers, tmp / "floor.log"
            )
            servers["platform"] = Server(
                "platform", "wsgi:app", repo, platform_env, args.workers, tmp / "platform.log"
            )
            for server in servers.values():
                server.wait_ready()
            try:
                cookie = log_in(servers["platform"].port)
            except (OSError, RuntimeError, http.client.HTTPException) as err:
                print(f"logging in failed: {err}\n{servers['platform'].tail()}", file=sys.stderr)
                return 1
            # Every round measures every page; the floor once more at the end shows drift.
            plan = [t for _ in range(args.rounds) for t in targets] + [targets[0]]
            for n, (which, label, path, marker) in enumerate(plan):
                result = load(servers[which], path or label, marker, cookie, args)
                if result["failures"]:
                    print(f"\n{label}: FAILED: {result['failures'][:5]}", file=sys.stderr)
                    print(servers[which].tail(), file=sys.stderr)
                    return 1
                if which == "floor":
                    floor_runs.append(result["rps"])
                if n < len(plan) - 1:
                    results[label].append(result)
        finally:
            for server in servers.values():
                server.stop()
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                for name in ("platform.db", "floor.db"):
                    shutil.copy2(tmp / name, args.keep / name)

    best = {label: max(runs, key=lambda r: r["rps"]) for label, runs in results.items()}
    floor_rps = best[targets[0][1]]["rps"]
    rounds = f", best of {args.rounds} rounds" if args.rounds > 1 else ""
    print(
        f"List pages under gunicorn ({args.workers} sync workers), {args.threads} client "
        f"connections on 127.0.0.1, {args.warmup:g} s warm-up + {args.seconds:g} s per page"
        f"{rounds}"
    )
    print(f"platform: {repo} @ {_git(repo)}")
    print(
        f"python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"gunicorn {_gunicorn_version()}, SQLite {sqlite3.sqlite_version}"
    )
    print(
        f"seeded in {seed_seconds:.1f} s: floor {floor_counts['items']:,} rows; platform "
        f"{counts['organisations']:,} organisations, {counts['applications']:,} applications "
        f"({counts['submitted']:,} submitted, {counts['applications'] - counts['submitted']:,} "
        f"drafts), {counts['audit_events']:,} audit events, 1 admin, 1 round "
        f"({size_mb:.1f} MB)"
    )
    print()
    width = max(len(label) for label in best)
    floor_cpu = best[targets[0][1]]["cpu_ms"]
    print(f"{'page':<{width}}  {'req/s':>8}  {'p50 ms':>7}  {'p95 ms':>7}  {'vs floor':>8}  "
          f"{'CPU ms':>6}  {'x floor':>7}  {'requests':>8}  {'KiB':>6}")  # fmt: skip
    for label, r in best.items():
        print(
            f"{label:<{width}}  {r['rps']:>8.1f}  {r['p50']:>7.1f}  {r['p95']:>7.1f}  "
            f"{r['rps'] / floor_rps:>8.2f}  {r['cpu_ms']:>6.2f}  {r['cpu_ms'] / floor_cpu:>7.2f}  "
            f"{r['requests']:>8}  {r['bytes'] / 1024:>6.1f}"
        )
    spread = (max(floor_runs) - min(floor_runs)) / max(floor_runs)
    print(
        f"\nfloor measured {len(floor_runs)} times: "
        + ", ".join(f"{x:.0f}" for x in floor_runs)
        + f" req/s (spread {spread:.0%})"
    )
    print(
        "vs floor: requests/s as a share of the floor's. CPU ms: the gunicorn workers' CPU time "
        "(user + system) per request,\nwhich other load on the machine hardly changes; "
        "x floor: that time as a multiple of the floor's."
    )
    if spread > 0.15:
        print(
            "warning: the floor moved by more than 15% during the run: something else used "
            "the CPUs; the ratios are unreliable (run again on an idle machine, or with more "
            "--rounds)"
        )
    return 0


def _gunicorn_version() -> str:
    try:
        from importlib.metadata import version

        return version("gunicorn")
    except Exception:  # noqa: BLE001
        return "?"


if __name__ == "__main__":
    sys.exit(main())
