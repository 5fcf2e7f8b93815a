"""Issuing, revoking and correcting certificates (services: flush, never commit).

A certificate is issued for a recognised application of a finished round. Its serial is the
round's next number: the round's row is locked first (a write, so SQLite takes its write lock
and PostgreSQL its row lock), then the highest number is read, so two issuances never take the
same number and the numbers have no gaps. The PDF is rendered and signed before the record is
added: a failed render raises, the transaction rolls back and no number is used up.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from evalcenter.applications.lifecycle import APPLICATION
from evalcenter.applications.models import Application
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.lifecycle import Lifecycle
from evalcenter.core.types import utcnow
from evalcenter.decisions.models import Decision, Outcome
from evalcenter.documents import builders, pdfs, storage
from evalcenter.documents.models import Certificate
from evalcenter.documents.models import CertificateStatus as S
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound

LIFECYCLE = Lifecycle(
    _l("certificate"),
    {"revoke": {S.VALID: S.REVOKED}, "supersede": {S.VALID: S.SUPERSEDED}},
    {S.VALID: _l("valid"), S.REVOKED: _l("revoked"), S.SUPERSEDED: _l("superseded")},
)


@dataclass(frozen=True)
class Printed:
    """What a certificate prints about the company (a correction may change it)."""

    company_name: str
    centre_name: str
    district: str


def verify_url(token: str) -> str:
    """The public verification page as an absolute URL (the QR code's target)."""
    base = current_app.config.get("MAIL_BASE_URL") or ""
    if not base and has_request_context():
        base = request.host_url.rstrip("/")
    return f"{base}/verify/{token}"


def current(app: Application) -> Certificate | None:
    """The application's latest edition that is not superseded (valid or revoked)."""
    return db.session.scalar(
        select(Certificate)
        .where(Certificate.application_id == app.id, Certificate.status != S.SUPERSEDED)
        .order_by(Certificate.edition.desc())
        .limit(1)
    )


def recognition(app: Application) -> Decision:
    """The recognition a first certificate is issued on: published when the round finished."""
    decision = db.session.scalar(select(Decision).where(Decision.application_id == app.id))
    if (
        decision is None
        or decision.outcome != Outcome.RECOGNISED
        or not APPLICATION.allows("certify", app.status)
    ):
        raise ServiceError("certificate_not_published", name=app.organisation.name)
    return decision


def lock_round(rnd: EvaluationRound) -> None:
    """Take the round's issuing lock until the transaction ends."""
    db.session.execute(
        update(EvaluationRound)
        .where(EvaluationRound.id == rnd.id)
        .values(id=EvaluationRound.id)
        .execution_options(synchronize_session=False)
    )


def next_numbers(rnd: EvaluationRound, count: int = 1) -> list[int]:
    """The round's next ``count`` serial numbers (call with the round locked)."""
    last = db.session.scalar(
        select(func.coalesce(func.max(Certificate.number), 0)).where(Certificate.round_id == rnd.id)
    )
    return list(range(last + 1, last + 1 + count))


def serial(rnd: EvaluationRound, number: int) -> str:
    return f"{current_app.config['SERIAL_PREFIX']}-{rnd.year}-{number:04d}"


def printed_from(app: Application) -> Printed:
    name = str(app.latest_snapshot.data.get("company_name") or app.organisation.name).strip()
    district = str(app.latest_snapshot.data.get("district") or "").strip()
    return Printed(name, builders.centre_name(name), district)


def new_record(
    actor: Any,
    app: Application,
    decision_id: int | None,
    number: int,
    printed: Printed,
    edition: int,
) -> Certificate:
    """A certificate record, not yet added, with its number, token and dates."""
    rnd, snapshot = app.round, app.latest_snapshot
    issued_on = date.today()
    return Certificate(
        round_id=rnd.id,
        round=rnd,
        application_id=app.id,
        application=app,
        number=number,
        edition=edition,
        serial=serial(rnd, number),
        token=secrets.token_urlsafe(32),
        company_name=printed.company_name,
        centre_name=printed.centre_name,
        uscc=str(snapshot.data.get("uscc") or app.organisation.uscc),
        industry_field=str(snapshot.data.get("industry_field") or ""),
        district=printed.district,
        issued_on=issued_on,
        valid_until=builders.valid_until(issued_on),
        snapshot_id=snapshot.id,
        decision_id=decision_id,
        ruleset_sha256=rnd.ruleset_sha256,
        issued_by_id=getattr(actor, "id", None),
    )


def attach_pdf(cert: Certificate, pdf: bytes) -> None:
    cert.file_name, cert.sha256 = storage.save(pdf)


def record_issue(cert: Certificate, actor: Any, action: str = "certificate.issue") -> None:
    audit.created(
        action,
        cert,
        actor=actor,
        after={"serial": cert.serial, "sha256": cert.sha256, "edition": cert.edition},
    )


def first_edition(actor: Any, app: Application, number: int) -> Certificate:
    """The first certificate of a published recognition, numbered, not yet added; the
    application becomes certified."""
    decision = recognition(app)
    app.status = APPLICATION.target("certify", app.status)
    return new_record(actor, app, decision.id, number, printed_from(app), edition=1)


def issue(actor: Any, app: Application) -> Certificate:
    """The application's certificate: the existing one, or a new one (rendered and signed);
    the application becomes certified."""
    lock_round(app.round)
    existing = current(app)
    if existing is not None:
        return existing
    (number,) = next_numbers(app.round)
    cert = first_edition(actor, app, number)
    attach_pdf(cert, pdfs.certificate(builders.certificate_data(cert, verify_url(cert.token))))
    record_issue(cert, actor)
    return cert


def revoke(actor: Any, cert: Certificate, reason: str, version: int | None = None) -> Certificate:
    """Revoke a valid certificate; the verification page shows the date and reason."""
    if version is not None and version != cert.version:
        raise ServiceError("conflict")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("certificate_reason_required", "reason")
    cert.status = LIFECYCLE.target("revoke", cert.status)
    cert.revoked_at, cert.revoked_by_id, cert.reason = utcnow(), actor.id, reason
    db.session.flush()
    audit.record(
        "certificate.revoke", cert, actor=actor, before={"status": S.VALID},
        after={"status": S.REVOKED, "reason": reason},
    )  # fmt: skip
    return cert


def correct(actor: Any, cert: Certificate, printed: Printed, reason: str) -> Certificate:
    """Re-issue a valid certificate with corrected details under a new serial; the old one is
    marked superseded and links to the new one."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("certificate_reason_required", "reason")
    if not printed.company_name.strip():
        raise ServiceError("certificate_name_required", "company_name")
    LIFECYCLE.target("supersede", cert.status)
    app = cert.application
    lock_round(app.round)
    (number,) = next_numbers(app.round)
    new = new_record(actor, app, cert.decision_id, number, printed, edition=cert.edition + 1)
    attach_pdf(new, pdfs.certificate(builders.certificate_data(new, verify_url(new.token))))
    cert.status, cert.reason = S.SUPERSEDED, reason
    db.session.flush()  # the old edition first: it leaves the "current" slot
    record_issue(new, actor, "certificate.correct")
    cert.superseded_by_id = new.id
    db.session.flush()
    audit.record(
        "certificate.supersede", cert, actor=actor, before={"status": S.VALID},
        after={"status": S.SUPERSEDED, "by": new.serial, "reason": reason},
    )  # fmt: skip
    return new
