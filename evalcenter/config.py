"""Configuration from EVALCENTER_* environment variables.

EVALCENTER_ENV             development | production (default) | testing
EVALCENTER_SECRET_KEY      required in production
EVALCENTER_DATABASE_URL    SQLAlchemy URL; default SQLite in the instance folder
EVALCENTER_UPLOAD_DIR      where evidence files are stored; default <instance>/uploads
EVALCENTER_RULES_DIR       the published rule files, read and written (new versions); default: the
                           rulesets shipped with the package (read-only) plus <instance>/rules,
                           where new versions are written
EVALCENTER_RATELIMIT_STORAGE_URI  e.g. redis://127.0.0.1:6379/0; required in production
                           (shared by every worker); default in-memory elsewhere
EVALCENTER_TRUSTED_PROXIES number of reverse proxies in front of the app (default 0)
EVALCENTER_SMTP_HOST       the SMTP server e-mails go through; without it development and
                           testing write e-mails to the log, production logs that none was sent
EVALCENTER_SMTP_PORT       default 587
EVALCENTER_SMTP_USER       login on the SMTP server (none when empty)
EVALCENTER_SMTP_PASSWORD
EVALCENTER_SMTP_STARTTLS   true (default) or false: upgrade the connection with STARTTLS
EVALCENTER_MAIL_FROM       the sender, e.g. "EvalCenter <noreply@example.cn>"
EVALCENTER_DOCUMENTS_DIR   where issued certificates and reports are stored;
                           default <instance>/documents
EVALCENTER_ISSUER_ZH       the issuing authority printed on documents, in Chinese and in English
EVALCENTER_ISSUER_EN       (defaults: 北京市经济和信息化局 / Beijing Municipal Bureau of Economy and
                           Information Technology)
EVALCENTER_SERIAL_PREFIX   certificate serials are <prefix>-<year>-<number>; default BJ-ETC
EVALCENTER_SIGNING_KEY     the PEM private key issued documents are signed with (PAdES), and
EVALCENTER_SIGNING_CERT    its PEM certificate (any further certificates in it: the chain). Set
                           both or neither. Without them development and testing sign with a
                           self-signed development key made once in <instance>/signing (the
                           signatures say so) and production refuses to issue documents
EVALCENTER_SIGNING_KEY_PASSWORD  the private key's password, if it is encrypted
EVALCENTER_BASE_URL        e.g. https://evalcenter.example.cn: links in e-mails sent outside a
                           request (`evalcenter notify due`); requests use their own host
EVALCENTER_REDIS_URL       e.g. redis://127.0.0.1:6379/1: background jobs go to the RQ queue
                           "evalcenter" there, run by `evalcenter worker` (default empty)
EVALCENTER_JOBS_RUNNER     rq | process | inline: how background jobs run (default: rq with a
                           Redis URL, else a local worker process the app starts; inline runs
                           them in the committing process, for tests)
EVALCENTER_JOBS_DIR        where jobs write their result files; default <instance>/jobs
EVALCENTER_JOB_MODULES     comma-separated modules imported at start-up that register further
                           job kinds (e.g. a test suite's); the platform's own need none
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ENVIRONMENTS = ("development", "production", "testing")
JOB_RUNNERS = ("rq", "process", "inline")
DEFAULT_LOCALE = "zh_CN"
LOCALES = ("zh_CN", "en")


class ConfigError(RuntimeError):
    """The configuration cannot be used; the message says what to set."""


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given without a driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    if not raw.isdigit():
        raise ConfigError(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


def _bool_env(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw not in ("true", "false", "1", "0", "yes", "no"):
        raise ConfigError(f"{name} must be true or false, not {raw!r}")
    return raw in ("true", "1", "yes")


def _require_shared_ratelimit_storage(uri: str) -> None:
    """In production every worker process must count login attempts in one shared store."""
    if not uri.strip() or uri.strip().startswith("memory:"):
        raise ConfigError(
            "EVALCENTER_RATELIMIT_STORAGE_URI is not set (or is memory://). In production the "
            "login limits must be shared by every worker process: set it to a Redis URL, e.g. "
            "redis://127.0.0.1:6379/0, or set EVALCENTER_ENV=development for a local demo."
        )


def _settle_jobs_runner(config: dict[str, Any]) -> None:
    """RQ when a Redis URL is given, else a local worker process; RQ needs the URL."""
    runner = config.get("JOBS_RUNNER") or ("rq" if config["REDIS_URL"] else "process")
    if runner not in JOB_RUNNERS:
        raise ConfigError(
            f"EVALCENTER_JOBS_RUNNER must be one of {', '.join(JOB_RUNNERS)}, not {runner!r}"
        )
    if runner == "rq" and not config["REDIS_URL"]:
        raise ConfigError(
            "EVALCENTER_JOBS_RUNNER is rq but EVALCENTER_REDIS_URL is not set: set it to the "
            "Redis server the workers use, e.g. redis://127.0.0.1:6379/1."
        )
    config["JOBS_RUNNER"] = runner


def build_config(instance_path: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the Flask config for this process, validated."""
    overrides = dict(overrides or {})
    env = overrides.pop("ENV", None) or os.environ.get("EVALCENTER_ENV", "production")
    if env not in ENVIRONMENTS:
        raise ConfigError(f"EVALCENTER_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}")
    instance = Path(instance_path)
    secret = os.environ.get("EVALCENTER_SECRET_KEY")
    if not secret and env == "production" and "SECRET_KEY" not in overrides:
        raise ConfigError(
            "EVALCENTER_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_hex(32))'), "
            "or set EVALCENTER_ENV=development for a local demo."
        )
    ratelimit_uri = os.environ.get("EVALCENTER_RATELIMIT_STORAGE_URI", "") or "memory://"
    if env == "production":
        _require_shared_ratelimit_storage(overrides.get("RATELIMIT_STORAGE_URI", ratelimit_uri))
    if bool(os.environ.get("EVALCENTER_SIGNING_KEY", "").strip()) != bool(
        os.environ.get("EVALCENTER_SIGNING_CERT", "").strip()
    ):
        raise ConfigError(
            "Set both EVALCENTER_SIGNING_KEY and EVALCENTER_SIGNING_CERT (the PEM private key "
            "and its certificate), or neither."
        )
    db_url = os.environ.get("EVALCENTER_DATABASE_URL") or f"sqlite:///{instance / 'evalcenter.db'}"
    config: dict[str, Any] = {
        "EVALCENTER_ENV": env,
        "SECRET_KEY": secret or "development-only-secret-key",
        "SQLALCHEMY_DATABASE_URI": db_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "UPLOAD_DIR": os.environ.get("EVALCENTER_UPLOAD_DIR") or str(instance / "uploads"),
        "RULES_DIR": os.environ.get("EVALCENTER_RULES_DIR") or None,
        # without RULES_DIR: listed with the shipped rulesets; new versions are written here
        "LOCAL_RULES_DIR": str(instance / "rules"),
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
        "ATTACHMENT_MAX_BYTES": 20 * 1024 * 1024,
        "APPLICATION_ATTACHMENTS_MAX_BYTES": 100 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env == "production",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": env == "production",
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": DEFAULT_LOCALE,
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).parent / "translations"),
        "LOCALES": LOCALES,
        "BOOTSTRAP_SERVE_LOCAL": True,
        "RATELIMIT_STORAGE_URI": ratelimit_uri,
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
        "AUDIT_PAGE_SIZE": 50,
        "PASSWORD_HASH_METHOD": "scrypt",
        "TRUSTED_PROXIES": _int_env("EVALCENTER_TRUSTED_PROXIES", 0),
        "MAIL_SMTP_HOST": os.environ.get("EVALCENTER_SMTP_HOST", "").strip(),
        "MAIL_SMTP_PORT": _int_env("EVALCENTER_SMTP_PORT", 587),
        "MAIL_SMTP_USER": os.environ.get("EVALCENTER_SMTP_USER", ""),
        "MAIL_SMTP_PASSWORD": os.environ.get("EVALCENTER_SMTP_PASSWORD", ""),
        "MAIL_SMTP_STARTTLS": _bool_env("EVALCENTER_SMTP_STARTTLS", True),
        "MAIL_SMTP_TIMEOUT": 20,
        "MAIL_FROM": os.environ.get("EVALCENTER_MAIL_FROM", "").strip()
        or "EvalCenter <noreply@localhost>",
        "DOCUMENTS_DIR": os.environ.get("EVALCENTER_DOCUMENTS_DIR") or str(instance / "documents"),
        "FONT_CACHE_DIR": str(instance / "fonts"),
        "ISSUER_ZH": os.environ.get("EVALCENTER_ISSUER_ZH", "").strip() or "北京市经济和信息化局",
        "ISSUER_EN": os.environ.get("EVALCENTER_ISSUER_EN", "").strip()
        or "Beijing Municipal Bureau of Economy and Information Technology",
        "SERIAL_PREFIX": os.environ.get("EVALCENTER_SERIAL_PREFIX", "").strip() or "BJ-ETC",
        "SIGNING_KEY": os.environ.get("EVALCENTER_SIGNING_KEY", "").strip(),
        "SIGNING_CERT": os.environ.get("EVALCENTER_SIGNING_CERT", "").strip(),
        "SIGNING_KEY_PASSWORD": os.environ.get("EVALCENTER_SIGNING_KEY_PASSWORD", ""),
        # the development key and every certificate signed with (files stay verifiable)
        "SIGNING_DIR": str(instance / "signing"),
        "MAIL_BASE_URL": os.environ.get("EVALCENTER_BASE_URL", "").strip().rstrip("/"),
        "REDIS_URL": os.environ.get("EVALCENTER_REDIS_URL", "").strip(),
        "JOBS_RUNNER": os.environ.get("EVALCENTER_JOBS_RUNNER", "").strip().lower(),
        "JOBS_DIR": os.environ.get("EVALCENTER_JOBS_DIR") or str(instance / "jobs"),
        "JOB_MODULES": [
            name.strip()
            for name in os.environ.get("EVALCENTER_JOB_MODULES", "").split(",")
            if name.strip()
        ],
    }
    if env == "testing":
        config["TESTING"] = True
        # Cheaper scrypt parameters keep the suite fast; still a real scrypt hash.
        config["PASSWORD_HASH_METHOD"] = "scrypt:1024:8:1"  # noqa: S105 - a method name
    config.update(overrides)
    _settle_jobs_runner(config)
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    return config
