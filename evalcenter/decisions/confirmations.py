"""What the confirmation pages of decisions, the publicity start and the finish say."""

from __future__ import annotations

from collections import Counter

from flask_babel import gettext as _

from evalcenter.core.confirmation import page_texts
from evalcenter.decisions import calendar
from evalcenter.rounds.models import EvaluationRound


def bulk(outcome: str, count: int, changed: int) -> dict:
    """Deciding ``count`` applications at once, ``changed`` of them already decided."""
    if outcome == "recognised":
        title = _("Recognise %(n)d application(s)?", n=count)
        lines = [_("%(n)d application(s) will be recognised.", n=count)]
    else:
        title = _("Not recognise %(n)d application(s)?", n=count)
        lines = [
            _("%(n)d application(s) will not be recognised.", n=count),
            _("The rationale you give is shown to each of these companies."),
        ]
    if changed:
        lines.append(_("%(n)d of them already have a decision, which is replaced.", n=changed))
    lines.append(_("Companies learn the decisions only when the publicity starts."))
    kind = "primary" if outcome == "recognised" else "danger"
    return page_texts(title, _("Confirm the decisions"), kind, lines)


def publicity(rnd: EvaluationRound, counts: Counter, period: calendar.Period) -> dict:
    lines = [
        _(
            "%(recognised)d organisation(s) are listed as recognised on the public page; "
            "%(not)d are told they are not recognised, with the rationale.",
            recognised=counts.get("recognised", 0),
            **{"not": counts.get("not_recognised", 0)},
        ),
        _(
            "With the first day you choose, %(days)d working days: for the suggested day, from "
            "%(first)s to %(last)s.",
            days=period.days,
            first=period.starts_on.isoformat(),
            last=period.ends_on.isoformat(),
        ),
        _("Every company is notified of its decision; anyone may object on the public page."),
    ]
    if period.fallback:
        lines.append(
            _(
                "The official holiday calendar does not cover this period yet: weekends and "
                "the configured days were counted. Check the calendar page."
            )
        )
    return page_texts(_("Start the publicity?"), _("Start the publicity"), "danger", lines)


def finish(rnd: EvaluationRound, recognised: int) -> dict:
    lines = [
        _(
            "%(n)d recognised application(s) are published and ready for their certificates.",
            n=recognised,
        ),
        _("Companies see the outcome on their status page; the public page is taken down."),
    ]
    return page_texts(_("Finish the round?"), _("Finish the round"), "danger", lines)


def resolve() -> dict:
    lines = [
        _("The objection is closed with the outcome you write; it is kept in the audit log."),
    ]
    return page_texts(_("Resolve this objection?"), _("Resolve"), "primary", lines)


def remove_day() -> dict:
    lines = [_("Publicity periods computed from now on no longer count this day specially.")]
    return page_texts(_("Remove this calendar day?"), _("Remove"), "danger", lines)
