"""The subject and body of each kind of notification, English msgids filled with the event's
parameters in the reader's language (the caller picks it: the page's, or the recipient's with
`force_locale`). Parameters are inserted as plain text, never as markup or template code."""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

TEXTS = {
    "organisation_approved": (
        _l("Your organisation has been approved"),
        _l(
            "The administrators have approved %(organisation)s. Its applicant contacts can now "
            "submit applications to open rounds."
        ),
    ),
    "organisation_rejected": (
        _l("Your organisation's registration was not approved"),
        _l(
            "The administrators did not approve the registration of %(organisation)s. "
            "Their reason: %(reason)s"
        ),
    ),
    "application_returned": (
        _l("Your application has been returned for correction"),
        _l(
            "Application %(reference)s in %(round)s has been returned for correction. "
            "The administrators' reason: %(reason)s. Correct it and submit it again."
        ),
    ),
    "reviewer_assigned": (
        _l("You have applications to review"),
        _l(
            "You have been assigned %(count)s applications to review in %(round)s. Before "
            "opening each one, declare that you have no conflict of interest, or recuse yourself."
        ),
    ),
    "review_due": (
        _l("Reviews due in %(days)s days"),
        _l(
            "The review deadline of %(round)s is in %(days)s days (%(deadline)s), and %(count)s "
            "of your reviews are not submitted yet. Please submit them in time."
        ),
    ),
    "review_overdue": (
        _l("Your reviews are overdue"),
        _l(
            "The review deadline of %(round)s has passed (%(deadline)s), and %(count)s of your "
            "reviews are not submitted. Please submit them, or tell the administrators why you "
            "cannot."
        ),
    ),
    "review_recused": (
        _l("A reviewer has recused themselves"),
        _l(
            "%(reviewer)s has declared a conflict of interest with application %(reference)s of "
            "%(organisation)s in %(round)s. The slot is free: assign a replacement."
        ),
    ),
    "review_reopened": (
        _l("Your review has been reopened"),
        _l(
            "The administrators have reopened your review of application %(reference)s in "
            "%(round)s. Their reason: %(reason)s. Correct it and submit it again."
        ),
    ),
    "decision_made": (
        _l("A decision has been made on your application"),
        _l(
            "The administrators have decided on your application in %(round)s. Log in to see "
            "the outcome."
        ),
    ),
    "publicity_started": (
        _l("Publicity has started"),
        _l(
            "The outcome of %(round)s is published for public comment from %(starts_on)s to "
            "%(ends_on)s. Objections can be filed during this period."
        ),
    ),
    "objection_received": (
        _l("An objection has been filed"),
        _l(
            "An objection concerning %(organisation)s has been filed during the publicity of "
            "%(round)s. It must be resolved with a written outcome before the round can finish."
        ),
    ),
    "password_reset": (
        _l("Reset your EvalCenter password"),
        _l(
            "Someone, hopefully you, asked to reset the password of your account. Open the link "
            "below within %(minutes)s minutes to choose a new password; it works once. If you "
            "did not ask for it, ignore this message: your password stays as it is."
        ),
    ),
}
GENERIC = (
    _l("News from EvalCenter"),
    _l("There is news for you on the platform. Log in to see it."),
)

GREETING = _l("Hello %(name)s,")
PLATFORM = _l("EvalCenter")
LINK_LABEL = _l("Open it on the platform:")
FOOTER = _l(
    "This message was sent by the EvalCenter platform. Your messages are listed under "
    "Messages after you log in."
)


class _Params(dict):
    """Parameters for %-formatting: a missing one reads as empty text, never an error."""

    def __missing__(self, key: str) -> str:
        return ""


def _text(value: Any) -> str:
    """One parameter as text: a bilingual {"zh", "en"} label in the current language."""
    if isinstance(value, dict):
        return str(value.get("zh" if get_locale().language == "zh" else "en", ""))
    return str(value)


def _fill(msgid: Any, params: _Params) -> str:
    text = str(msgid)
    try:
        return text % params
    except (TypeError, ValueError):  # a translation with a broken placeholder
        return text


def render(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) of a notification in the current language; a kind without texts gets
    the generic ones."""
    subject, body = TEXTS.get(kind, GENERIC)
    values = _Params({key: _text(value) for key, value in (params or {}).items()})
    return _fill(subject, values), _fill(body, values)


def greeting(name: str) -> str:
    return _fill(GREETING, _Params(name=name))
