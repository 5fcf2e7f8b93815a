"""Application factory."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import Flask

from evalcenter import extensions as ext
from evalcenter.config import build_config

ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Create the app: config, extensions, blueprints, error pages and CLI."""
    app = Flask(
        "evalcenter",
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(Path(__file__).parent / "static"),
    )
    app.config.from_mapping(build_config(app.instance_path, config))
    from evalcenter.core.permissions import IdConverter

    app.url_map.converters["int"] = IdConverter
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    Path(app.config["UPLOAD_DIR"]).mkdir(parents=True, exist_ok=True)

    _init_extensions(app)
    _register_blueprints(app)
    import evalcenter.documents.tasks  # noqa: F401 - registers the batch issuance job
    from evalcenter.core.jobs import init_jobs

    init_jobs(app)  # the job kinds of JOB_MODULES

    from evalcenter.core.error_pages import register_error_handlers
    from evalcenter.core.security import init_security
    from evalcenter.core.templating import register_template_helpers
    from evalcenter.core.transaction import init_transactions
    from evalcenter.web import init_web

    init_web(app)
    register_error_handlers(app)
    init_security(app)
    init_transactions(app)  # after the headers hook, so it runs first
    register_template_helpers(app)
    _register_policies(app)

    from evalcenter.cli import register_commands

    register_commands(app)
    _check_document_fonts(app)
    return app


def _init_extensions(app: Flask) -> None:
    from evalcenter.accounts.session import load_user_from_session
    from evalcenter.core.i18n import install_template_gettext, select_locale, select_timezone

    ext.db.init_app(app)
    with app.app_context():
        _configure_sqlite(ext.db.engine)
    ext.migrate.init_app(
        app, ext.db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True
    )
    ext.csrf.init_app(app)
    ext.babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    install_template_gettext(app)
    ext.bootstrap.init_app(app)
    ext.limiter.init_app(app)

    lm = ext.login_manager
    lm.init_app(app)
    lm.login_view = "accounts.login"
    lm.login_message_category = "warning"
    lm.session_protection = "basic"
    lm.user_loader(load_user_from_session)

    from flask_babel import lazy_gettext

    lm.login_message = lazy_gettext("Please log in to see this page.")

    # Make every model known to the metadata (migrations, relationships).
    from evalcenter import models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from evalcenter.accounts.admin_views import bp as admin_users_bp
    from evalcenter.accounts.colleague_views import bp as colleagues_bp
    from evalcenter.accounts.organisation_admin_views import bp as admin_orgs_bp
    from evalcenter.accounts.password_reset_views import bp as password_reset_bp
    from evalcenter.accounts.signup_views import bp as signup_bp
    from evalcenter.accounts.views import bp as accounts_bp
    from evalcenter.applications.admin_views import bp as admin_apps_bp
    from evalcenter.applications.attachment_views import bp as attachments_bp
    from evalcenter.applications.views import bp as applications_bp
    from evalcenter.core.job_views import bp as jobs_bp
    from evalcenter.core.views import bp as core_bp
    from evalcenter.decisions.calendar_views import bp as calendar_bp
    from evalcenter.decisions.public_views import bp as publicity_bp
    from evalcenter.decisions.views import bp as decisions_bp
    from evalcenter.documents.admin_views import bp as admin_documents_bp
    from evalcenter.documents.public_views import bp as verify_bp
    from evalcenter.documents.views import bp as documents_bp
    from evalcenter.notifications.views import bp as notifications_bp
    from evalcenter.reviews.admin_views import bp as admin_reviewers_bp
    from evalcenter.reviews.assignment_views import bp as assignment_bp
    from evalcenter.reviews.ranking_views import bp as ranking_bp
    from evalcenter.reviews.review_admin_views import bp as review_admin_bp
    from evalcenter.reviews.views import bp as reviewer_bp
    from evalcenter.reviews.workspace_views import bp as reviews_bp
    from evalcenter.rounds.ruleset_views import bp as rulesets_bp
    from evalcenter.rounds.views import bp as rounds_bp
    from evalcenter.rulesets.views import bp as ruleset_drafts_bp

    for bp in (
        core_bp,
        jobs_bp,
        accounts_bp,
        password_reset_bp,
        signup_bp,
        colleagues_bp,
        admin_users_bp,
        admin_orgs_bp,
        applications_bp,
        attachments_bp,
        admin_apps_bp,
        rulesets_bp,
        ruleset_drafts_bp,
        rounds_bp,
        assignment_bp,
        ranking_bp,
        reviews_bp,
        reviewer_bp,
        admin_reviewers_bp,
        review_admin_bp,
        notifications_bp,
        decisions_bp,
        calendar_bp,
        publicity_bp,
        verify_bp,
        documents_bp,
        admin_documents_bp,
    ):
        app.register_blueprint(bp)


def _check_document_fonts(app: Flask) -> None:
    """Say at start-up, loudly, what keeps documents from printing (or makes them slow); never
    stop the app. Outside tests the fonts are cut now (~0.6 s, once) rather than at the first
    document."""
    from evalcenter.documents import fonts

    cache_dir = app.config["FONT_CACHE_DIR"]
    problems = fonts.check(cache_dir)
    for problem in problems:
        log.warning(problem)
    if not problems and not app.testing:
        try:
            fonts.prepare(cache_dir)
        except (fonts.FontError, OSError) as err:
            log.warning("documents: the fonts could not be prepared: %s", err)


def _register_policies(app: Flask) -> None:
    """Templates ask the features' policies, as the views do."""
    from evalcenter.accounts.policies import POLICIES as accounts
    from evalcenter.applications.policies import POLICIES as applications
    from evalcenter.core.job_policies import POLICIES as jobs
    from evalcenter.decisions.policies import POLICIES as decisions
    from evalcenter.decisions.queries import announced_decision
    from evalcenter.documents.policies import POLICIES as documents
    from evalcenter.notifications.policies import POLICIES as notifications
    from evalcenter.reviews.assignment_policies import POLICIES as assignment
    from evalcenter.reviews.policies import POLICIES as reviews
    from evalcenter.rounds.policies import POLICIES as rounds
    from evalcenter.rulesets.policies import POLICIES as rulesets

    app.jinja_env.globals.update(
        accounts,
        **applications,
        **rounds,
        **rulesets,
        **reviews,
        **notifications,
        **decisions,
        **assignment,
        **jobs,
        **documents,
    )
    app.jinja_env.globals["announced_decision"] = announced_decision


def _configure_sqlite(engine) -> None:
    """Enforce foreign keys and wait for locks on SQLite, as PostgreSQL does."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
