"""Run a command against a throwaway PostgreSQL database, created before and dropped after.

usage: python scripts/with_postgres.py ADMIN_URL COMMAND...
The command sees EVALCENTER_TEST_DATABASE_URL (the throwaway database) and
EVALCENTER_TEST_PG_ADMIN_URL (for tests that create databases of their own).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import psycopg


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    admin_url, command = sys.argv[1], sys.argv[2:]
    name = f"evalcenter_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as err:
        print(f"PostgreSQL is not reachable at {admin_url}: {err}", file=sys.stderr)
        return 1
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        env = dict(os.environ)
        env["EVALCENTER_TEST_DATABASE_URL"] = admin_url.rsplit("/", 1)[0] + "/" + name
        env["EVALCENTER_TEST_PG_ADMIN_URL"] = admin_url
        print(f"Using throwaway database {name}", flush=True)
        try:
            return subprocess.call(command, env=env)  # noqa: S603 - the developer's own command
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
