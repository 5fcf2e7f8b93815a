"""Pages that span features (home dashboards, the audit log) and the app-wide error handlers
that need a feature or the rule engine. Nothing below imports from here."""

from __future__ import annotations

import logging

from flask import Flask

from evalcenter.core.error_pages import render_error
from evalcenter.scoring import RulesetError

log = logging.getLogger(__name__)


def init_web(app: Flask) -> None:
    from evalcenter.web.admin_views import bp as admin_bp
    from evalcenter.web.audit_views import bp as audit_bp
    from evalcenter.web.views import bp as web_bp

    for bp in (web_bp, admin_bp, audit_bp):
        app.register_blueprint(bp)
    from evalcenter.web.navigation import is_current, main_links

    app.jinja_env.globals.update(nav_main_links=main_links, nav_is_current=is_current)

    @app.errorhandler(RulesetError)
    def ruleset_error(err: RulesetError):
        log.error("ruleset refused: %s", "; ".join(str(p) for p in err.problems))
        return render_error(503)
