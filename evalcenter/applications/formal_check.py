"""What the confirmation pages of the formal check say will happen."""

from __future__ import annotations

from flask_babel import gettext as _

from evalcenter.applications.models import Application
from evalcenter.core.confirmation import page_texts


def confirmation(app: Application, accept: bool) -> dict:
    """The texts of the confirmation page of accepting or returning ``app``."""
    if accept:
        lines = [
            _(
                "The latest submitted version is scored with the round's ruleset, less 5 points "
                "for each verified discrepancy (at most 15)."
            ),
            _("The application goes on to the review; the company can no longer change it."),
        ]
        return page_texts(_("Accept this application?"), _("Accept"), "primary", lines)
    lines = [
        _("The company sees the reason you give on its application and its status page."),
        _(
            "The company can correct the application and submit it again; the version it "
            "submitted is kept for comparison."
        ),
    ]
    if not app.round.is_open():
        lines.append(
            _(
                "The round is closed for applications: the company can resubmit only after the "
                "round is reopened or its deadline extended."
            )
        )
    return page_texts(_("Return this application?"), _("Return for correction"), "danger", lines)
