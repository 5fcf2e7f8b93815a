"""The main navigation of each role. Its links and texts depend only on the role, the
language and where the app is mounted, so each such combination is built once per process:
every page shows the navigation, and building it (a dozen URLs, as many translations) was a
tenth of a list page's time."""

from __future__ import annotations

from flask import request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from evalcenter.core.roles import Role

LINKS = {
    Role.APPLICANT: (("web.index", _l("Home")), ("colleagues.list_colleagues", _l("Colleagues"))),
    Role.REVIEWER: (
        ("web.index", _l("Home")),
        ("reviewer.relations_page", _l("My declared relations")),
        ("reviews.my_assignments", _l("My assignments")),
    ),
    Role.ADMIN: (
        ("web.index", _l("Home")),
        ("web_admin.rounds", _l("Evaluation rounds")),
        ("admin_organisations.list_organisations", _l("Organisations")),
        ("admin_users.list_users", _l("Users")),
        ("admin_reviewers.list_reviewers", _l("Reviewers")),
        ("rulesets.list_all", _l("Scoring rulesets")),
        ("audit.audit_log", _l("Audit log")),
    ),
    None: (
        ("signup.signup", _l("Register your organisation")),
        ("accounts.login", _l("Log in")),
    ),
}
_built: dict[tuple, tuple[tuple[str, str], ...]] = {}


def main_links() -> tuple[tuple[str, str], ...]:
    """(href, text) of the current user's navigation links, in the page's language."""
    from flask import url_for

    role = current_user.role if current_user.is_authenticated else None
    key = (role, str(get_locale()), request.script_root)
    links = _built.get(key)
    if links is None:
        links = tuple((url_for(endpoint), str(text)) for endpoint, text in LINKS[role])
        _built[key] = links
    return links


def is_current(href: str) -> bool:
    """Whether the page belongs to the section ``href`` leads to (aria-current)."""
    path = request.path
    return path == href or (href != "/" and path.startswith(href + "/"))
