"""What the confirmation pages of the formal check say will happen."""

from __future__ import annotations

from flask_babel import gettext as _

from evalcenter.applications.models import Application


def consequences(app: Application, accept: bool) -> list[str]:
    if accept:
        return [
            _(
                "The latest submitted version is scored with the round's ruleset, less 5 points "
                "for each verified discrepancy (at most 15)."
            ),
            _("The application goes on to the review; the company can no longer change it."),
        ]
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
    return lines
