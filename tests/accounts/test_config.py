"""Production refuses per-process rate-limit storage; development and tests keep memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evalcenter import create_app
from evalcenter.config import ConfigError, build_config


@pytest.fixture()
def production(monkeypatch, tmp_path):
    monkeypatch.setenv("EVALCENTER_ENV", "production")
    monkeypatch.setenv("EVALCENTER_SECRET_KEY", "k" * 32)
    monkeypatch.setenv("EVALCENTER_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    monkeypatch.setenv("EVALCENTER_UPLOAD_DIR", str(tmp_path / "up"))
    monkeypatch.delenv("EVALCENTER_RATELIMIT_STORAGE_URI", raising=False)
    return monkeypatch


@pytest.mark.parametrize("uri", [None, "", "memory://", "  memory://  "])
def test_production_refuses_to_start_without_shared_rate_limit_storage(production, uri):
    if uri is not None:
        production.setenv("EVALCENTER_RATELIMIT_STORAGE_URI", uri)
    with pytest.raises(ConfigError, match="EVALCENTER_RATELIMIT_STORAGE_URI") as info:
        create_app()
    assert "redis://" in str(info.value)  # says what to set


def test_production_refuses_memory_storage_given_in_code(production, tmp_path):
    production.setenv("EVALCENTER_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    with pytest.raises(ConfigError, match="EVALCENTER_RATELIMIT_STORAGE_URI"):
        build_config(str(tmp_path), {"RATELIMIT_STORAGE_URI": "memory://"})


def test_production_app_starts_with_redis_storage(tmp_path):
    """In a separate process: building a production app here would point the shared
    limiter of the test app at Redis. Redis is only contacted when a limit is checked."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "EVALCENTER_ENV": "production",
        "EVALCENTER_SECRET_KEY": "k" * 32,
        "EVALCENTER_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
        "EVALCENTER_UPLOAD_DIR": str(tmp_path / "up"),
        "EVALCENTER_RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    }
    code = "from evalcenter import create_app; print(create_app().config['RATELIMIT_STORAGE_URI'])"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "redis://127.0.0.1:6379/0"


def test_console_script_in_production_without_storage_explains(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "EVALCENTER_ENV": "production",
        "EVALCENTER_SECRET_KEY": "k" * 32,
    }
    result = subprocess.run(
        [sys.executable, "-m", "evalcenter.cli", "db", "current"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 2
    assert "EVALCENTER_RATELIMIT_STORAGE_URI" in result.stderr


@pytest.mark.parametrize("env", ["development", "testing"])
def test_development_and_tests_keep_in_memory_storage(monkeypatch, tmp_path, env):
    monkeypatch.setenv("EVALCENTER_ENV", env)
    monkeypatch.delenv("EVALCENTER_RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("EVALCENTER_SECRET_KEY", raising=False)
    config = build_config(str(tmp_path))
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
