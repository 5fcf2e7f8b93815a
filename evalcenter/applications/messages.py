"""User-facing messages for application errors, in the user's language."""

from __future__ import annotations

from flask_babel import gettext as _

from evalcenter.applications.services import ApplicationError
from evalcenter.core.i18n import is_chinese

_MESSAGES = {
    "round_closed": lambda p: _(
        "The evaluation round is closed for applications (closing "
        "time, Beijing time, is shown on the application page). The "
        "draft stays visible but can no longer change."
    ),
    "not_editable": lambda p: _(
        "The application has been submitted and can no longer be "
        "changed. If it is returned for correction you can edit it "
        "again."
    ),
    "version_conflict": lambda p: _(
        "Someone else saved this application after you opened the "
        "page. Your changes were NOT saved: they are still in the "
        "form below. Compare them with the current application, "
        "then save again."
    ),
    "bad_json": lambda p: _(
        "The file is not valid JSON (%(detail)s). Export a draft to see the expected format.",
        detail=p.get("detail", ""),
    ),
    "organisation_not_approved": lambda p: _(
        "Your organisation has not been approved by the "
        "administrators yet, so the application cannot be "
        "submitted. You can keep editing the draft."
    ),
    "not_withdrawable": lambda p: _(
        "The review has started: the application can no longer be withdrawn."
    ),
    "not_submitted": lambda p: _("Only a submitted application can be accepted or returned."),
    "reason_required": lambda p: _("Say what the company must correct."),
    "bad_discrepancies": lambda p: _("The number of verified discrepancies cannot be negative."),
    "invalid_data": lambda p: _(
        "Some answers need correcting; nothing was saved. See the messages below."
    ),
}


def error_message(err: Exception) -> str:
    """The message for an ApplicationError; a concurrent update (StaleDataError from the
    version counter) reads as a version conflict."""
    if isinstance(err, ApplicationError):
        return _MESSAGES[err.code](err.params)
    return _MESSAGES["version_conflict"]({})


def problem_text(problem, *, with_key: bool = True) -> str:
    """The problem in the user's language; beside a form field the data key is left out."""
    text = problem.message_zh if is_chinese() else problem.message_en
    if not with_key:
        text = text.replace(f"（{problem.key}）", "").replace(f" ({problem.key})", "")
    return text
