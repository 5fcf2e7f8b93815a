"""What the confirmation pages of issuing and revoking certificates say."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from evalcenter.applications.models import Application
from evalcenter.core.confirmation import page_texts
from evalcenter.documents.models import Certificate
from evalcenter.rounds.models import EvaluationRound


def issue_round(rnd: EvaluationRound, counts: dict[str, Any]) -> dict:
    lines = [
        _(
            "%(n)d recognised application(s) still need a certificate: each gets the round's "
            "next serial number, and its signed PDF is stored.",
            n=counts["missing"],
        ),
        _("Certificates already issued are kept as they are; issuing again never duplicates."),
        _("The evaluation report of every scored application of the round is issued as well."),
        _("It runs in the background: the next page shows the progress and any failures."),
    ]
    title = _("Issue the certificates of %(name)s?", name=rnd.name)
    return page_texts(title, _("Issue the certificates and reports"), "primary", lines)


def issue_one(app: Application) -> dict:
    lines = [
        _("The certificate gets the round's next serial number, which cannot be reused."),
        _(
            "It is valid for three years from today and can be checked by anyone on the public "
            "verification page."
        ),  # fmt: skip
    ]
    title = _("Issue the certificate of %(name)s?", name=app.organisation.name)
    return page_texts(title, _("Issue the certificate"), "primary", lines)


def revoke(cert: Certificate) -> dict:
    lines = [
        _(
            "The verification page will show certificate %(serial)s as revoked, with today's "
            "date and the reason you give.",
            serial=cert.serial,
        ),  # fmt: skip
        _("A revoked certificate cannot be made valid again."),
    ]
    title = _("Revoke certificate %(serial)s?", serial=cert.serial)
    return page_texts(title, _("Revoke the certificate"), "danger", lines)
