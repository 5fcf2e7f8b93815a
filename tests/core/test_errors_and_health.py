"""Error pages in both languages, /healthz, and configuration refusals."""

from __future__ import annotations

import pytest

from evalcenter import create_app
from evalcenter.config import ConfigError, build_config
from tests.conftest import client_for, csrf_token


def test_404_page_in_both_languages(app, client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert 'lang="zh-CN"' in response.get_data(as_text=True)
    client.get("/lang/en")
    html = client.get("/nowhere").get_data(as_text=True)
    assert 'lang="en"' in html and "Page not found" in html


def test_403_page(app, people):
    response = client_for(app, people.applicant).get("/admin/users")
    assert response.status_code == 403


def test_405_page(app, client):
    assert client.put("/login").status_code == 405


def test_413_page_is_friendly(app, client):
    token = csrf_token(client, "/login")
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = client.post("/login", data={"csrf_token": token, "email": big, "password": "p"})
    assert response.status_code == 413
    assert "<h1>" in response.get_data(as_text=True)


def test_csrf_error_page_explains(app, client):
    client.get("/lang/en")
    response = client.post("/login", data={"email": "a@b.cn", "password": "x"})
    assert response.status_code == 400
    assert "Reload the page" in response.get_data(as_text=True)


def test_healthz_ok(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_unreachable(tmp_path):
    broken = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/x",
            "UPLOAD_DIR": str(tmp_path),
        }
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_500_page_is_rendered_and_logged(tmp_path, caplog):
    app = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "x",
            "UPLOAD_DIR": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
        }
    )

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "<h1>" in response.get_data(as_text=True)
    assert "unhandled error" in caplog.text


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("EVALCENTER_SECRET_KEY", raising=False)
    monkeypatch.setenv("EVALCENTER_ENV", "production")
    with pytest.raises(ConfigError, match="EVALCENTER_SECRET_KEY"):
        create_app()


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("EVALCENTER_ENV", "production")
    monkeypatch.setenv("EVALCENTER_SECRET_KEY", "k" * 32)
    monkeypatch.setenv("EVALCENTER_RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("EVALCENTER_DATABASE_URL", f"sqlite:///{tmp_path / 'p.db'}")
    monkeypatch.setenv("EVALCENTER_UPLOAD_DIR", str(tmp_path / "up"))
    # The configuration only: an app built here would point the shared limiter at Redis.
    config = build_config(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert not config.get("TESTING")


def test_database_url_uses_psycopg3(monkeypatch, tmp_path):
    monkeypatch.setenv("EVALCENTER_DATABASE_URL", "postgresql://u@db.example/evalcenter")
    app = create_app({"ENV": "testing", "SECRET_KEY": "x", "UPLOAD_DIR": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg://")


def test_unknown_environment_is_refused(monkeypatch):
    monkeypatch.setenv("EVALCENTER_ENV", "staging")
    with pytest.raises(ConfigError, match="EVALCENTER_ENV"):
        create_app()


def test_security_headers_on_every_page(app, client):
    for url in ("/login", "/nowhere", "/static/css/evalcenter.css"):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        response.close()


def test_trusted_proxy_gives_client_address(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALCENTER_TRUSTED_PROXIES", "1")
    proxied = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "x",
            "UPLOAD_DIR": str(tmp_path),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.db'}",
        }
    )

    @proxied.get("/whoami")
    def whoami():
        from flask import request

        return request.remote_addr or ""

    response = proxied.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.get_data(as_text=True) == "203.0.113.9"


def test_bad_proxy_count_is_refused(monkeypatch):
    monkeypatch.setenv("EVALCENTER_TRUSTED_PROXIES", "two")
    with pytest.raises(ConfigError, match="EVALCENTER_TRUSTED_PROXIES"):
        create_app({"ENV": "testing", "SECRET_KEY": "x"})


def test_nul_characters_are_refused_before_any_view_reads_them(app, people):
    """PostgreSQL cannot store NUL and no field accepts it: a clear 400, never a 500."""
    from tests.conftest import client_for, csrf_token

    admin = client_for(app, people.admin)
    for url in ("/admin/users?q=a%00b", "/admin/organisations?q=%00", "/admin/audit?actor=%00"):
        response = admin.get(url)
        assert response.status_code == 400
        assert "NUL" in response.get_data(as_text=True)
    anonymous = app.test_client()
    token = csrf_token(anonymous, "/login")
    response = anonymous.post(
        "/login", data={"csrf_token": token, "email": "a\x00@example.cn", "password": "x" * 12}
    )
    assert response.status_code == 400
