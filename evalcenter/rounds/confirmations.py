"""What the confirmation page of each round action says will happen."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from evalcenter.core.types import utcnow
from evalcenter.rounds.models import EvaluationRound

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _deadline(rnd: EvaluationRound) -> str:
    return rnd.closes_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def title(rnd: EvaluationRound, action: str) -> str:
    if action == "close" and utcnow() < rnd.closes_at:
        return _("Close the round before its deadline?")
    return {
        "open": _("Open the round for applications?"),
        "close": _("Close the round for applications?"),
        "start_review": _("Start the review of this round?"),
        "start_deciding": _("End the review and start the decisions?"),
        "start_publicity": _("Start the publicity of the decisions?"),
        "finish": _("Finish the round?"),
        "reopen": _("Reopen the round for applications?"),
    }[action]


def consequences(rnd: EvaluationRound, action: str) -> list[str]:
    """The sentences the page lists under "What will happen"."""
    deadline = _deadline(rnd)
    if action == "open":
        return [
            _(
                "Companies can start, edit and submit applications until %(time)s (Beijing time).",
                time=deadline,
            ),
            _("The round is shown to every company on its home page."),
        ]
    if action == "close":
        early = utcnow() < rnd.closes_at
        lines = [
            _("Companies can no longer start, edit or submit applications in this round."),
            _("Drafts stay visible to their companies but can no longer change."),
        ]
        if early:
            lines.insert(
                0,
                _(
                    "The deadline, %(time)s (Beijing time), has not passed yet: "
                    "the round closes early.",
                    time=deadline,
                ),
            )
        lines.append(_("If it was closed by mistake, it can be reopened with a reason."))
        return lines
    if action == "start_review":
        return [
            _(
                "The round moves to review: the applications accepted at the formal check "
                "are evaluated."
            ),
            _("The round can no longer be reopened for applications."),
        ]
    if action == "start_deciding":
        return [
            _(
                "Reviewers can no longer save or submit scores; the panel scores and the "
                "ranking are final."
            ),
            _("Every application under review must have enough submitted reviews."),
            _("Administrators then decide which centres are recognised."),
        ]
    if action == "start_publicity":
        return [
            _(
                "The recognised organisations are listed on the public page for %(days)s "
                "working days, and anyone may object with their real name.",
                days=rnd.publicity_days,
            ),
            _("Every application of the round must be decided."),
            _("Decisions can no longer change."),
        ]
    if action == "finish":
        return [
            _("Every objection must have a written outcome."),
            _("The recognised applications become ready for their certificates."),
            _("Companies see the outcome of their applications."),
        ]
    return [
        _("Companies can edit and submit applications again until the new closing time."),
        _("The new closing time must be in the future."),
        _("The reason and both deadlines are kept in the audit log."),
    ]
