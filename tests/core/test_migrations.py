"""Alembic migrations build the whole schema from an empty database, on SQLite and PostgreSQL,
and match the models exactly."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from evalcenter import create_app
from evalcenter.extensions import db

PG_ADMIN_URL = os.environ.get(
    "EVALCENTER_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture()
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'fresh.db'}"


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    name = f"evalcenter_mig_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as err:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {err}")
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _check_upgrade_from_empty(url: str, tmp_path) -> None:
    app = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": url,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    with app.app_context():
        assert inspect(db.engine).get_table_names() == []
        upgrade()
        with db.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diffs == [], f"models and migrations differ: {diffs}"
        tables = set(inspect(db.engine).get_table_names())
        assert {
            "users",
            "organisations",
            "evaluation_rounds",
            "applications",
            "application_snapshots",
            "attachments",
            "audit_events",
        } <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_sqlite_upgrade_from_empty(sqlite_url, tmp_path):
    _check_upgrade_from_empty(sqlite_url, tmp_path)


@pytest.mark.postgres
def test_postgres_upgrade_from_empty(postgres_url, tmp_path):
    _check_upgrade_from_empty(postgres_url, tmp_path)
