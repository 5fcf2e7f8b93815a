"""The `evalcenter` command line."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import func, select

from evalcenter.accounts.models import Organisation, User
from evalcenter.cli import create_user_command, seed_demo_command
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound


def test_create_user(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        create_user_command,
        [
            "--email",
            "New@Example.cn",
            "--name",
            "新专家",
            "--role",
            "reviewer",
            "--password",
            "Cli-Password-1",
        ],
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "new@example.cn"))
    assert user.role == "reviewer" and user.check_password("Cli-Password-1")


def test_create_user_refuses_bad_input(app, people):
    runner = app.test_cli_runner()
    for args in (
        [
            "--email",
            people.admin.email,
            "--name",
            "x",
            "--role",
            "admin",
            "--password",
            "Aa-123456789",
        ],
        ["--email", "a@b.cn", "--name", "x", "--role", "admin", "--password", "short"],
        ["--email", "a@b.cn", "--name", "x", "--role", "root", "--password", "Aa-123456789"],
        [
            "--email",
            "a@b.cn",
            "--name",
            "x",
            "--role",
            "applicant",
            "--password",
            "Aa-123456789",
            "--organisation-uscc",
            "911100000000000000",
        ],
    ):
        result = runner.invoke(create_user_command, args)
        assert result.exit_code == 2, (args, result.output)
    assert db.session.scalar(select(func.count(User.id))) == 4


def test_create_applicant_for_organisation(app, people):
    result = app.test_cli_runner().invoke(
        create_user_command,
        [
            "--email",
            "c3@example.cn",
            "--name",
            "经办人",
            "--role",
            "applicant",
            "--password",
            "Aa-123456789",
            "--organisation-uscc",
            people.organisation.uscc.lower(),
        ],
    )
    assert result.exit_code == 0, result.output


def test_seed_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(seed_demo_command)
    assert first.exit_code == 0, first.output
    assert "admin@demo.evalcenter.cn" in first.output
    counts = [
        db.session.scalar(select(func.count(m.id))) for m in (User, Organisation, EvaluationRound)
    ]
    assert counts == [1 + 5 + 24, 24, 1]
    second = runner.invoke(seed_demo_command)
    assert second.exit_code == 0, second.output
    assert counts == [
        db.session.scalar(select(func.count(m.id))) for m in (User, Organisation, EvaluationRound)
    ]
    from evalcenter.applications.models import Application

    drafts = list(db.session.scalars(select(Application)))
    assert len(drafts) == 24 and all(len(a.data) >= 46 for a in drafts)
    names = set(db.session.scalars(select(Organisation.name)))
    assert "北京犇腾喆睿信息技术有限公司" in names


def test_seed_demo_refuses_production(app, monkeypatch):
    monkeypatch.setitem(app.config, "EVALCENTER_ENV", "production")
    result = app.test_cli_runner().invoke(seed_demo_command)
    assert result.exit_code != 0
    assert "production" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_console_script_without_secret_in_production_explains(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "EVALCENTER_ENV": "production", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "evalcenter.cli", "db", "current"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "EVALCENTER_SECRET_KEY" in result.stderr


def test_console_script_scores_without_app_or_secret(tmp_path):
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    example = root / "tests" / "data" / "spec-examples" / "ic-manufacturer.json"
    env = {"PATH": "/usr/bin:/bin", "EVALCENTER_ENV": "production", "HOME": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "evalcenter.cli",
            "score",
            str(example),
            "--reviews",
            "82,78.5,85,90,74",
            "--no-trace",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["quantitative"], out["panel"], out["composite"]) == ("86.31", "81.83", "84.52")
    assert out["recommendation"] == "recommend"
