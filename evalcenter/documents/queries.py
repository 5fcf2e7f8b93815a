"""The read side of documents: a round's recognised applications with their certificates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from evalcenter.accounts.models import Organisation
from evalcenter.applications.models import Application
from evalcenter.core.job_models import Job
from evalcenter.documents.models import Certificate, EvaluationReport
from evalcenter.documents.models import CertificateStatus as S
from evalcenter.documents.policies import CERTIFIABLE
from evalcenter.extensions import db
from evalcenter.rounds.models import EvaluationRound

BATCH_KIND = "documents.issue_round"


@dataclass(frozen=True)
class Line:
    app_id: int
    reference: str | None
    organisation_name: str
    certificate: Certificate | None


def round_certificates(rnd: EvaluationRound) -> list[Line]:
    """Each published (recognised) application of the round, with its current certificate."""
    cert = aliased(Certificate)
    query = (
        select(Application.id, Application.reference, Organisation.name, cert)
        .join(Organisation, Organisation.id == Application.organisation_id)
        .outerjoin(cert, (cert.application_id == Application.id) & (cert.status != S.SUPERSEDED))
        .where(Application.round_id == rnd.id, Application.status.in_(CERTIFIABLE))
        .order_by(cert.number.is_(None), cert.number, Organisation.name, Application.id)
    )
    return [Line(*row) for row in db.session.execute(query).all()]


def round_jobs(rnd: EvaluationRound, limit: int = 5) -> list[Job]:
    """The round's latest batch issuances."""
    jobs = db.session.scalars(
        select(Job).where(Job.kind == BATCH_KIND).order_by(Job.id.desc()).limit(50)
    )
    return [j for j in jobs if (j.params or {}).get("round_id") == rnd.id][:limit]


def editions(cert: Certificate) -> list[Certificate]:
    """Every edition of the certificate's application, newest first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.application_id == cert.application_id)
            .order_by(Certificate.edition.desc())
        )
    )


def counts(lines: list[Line]) -> dict[str, Any]:
    issued = sum(1 for line in lines if line.certificate is not None)
    return {"total": len(lines), "issued": issued, "missing": len(lines) - issued}


def issued_file(sha256: str) -> str | None:
    """Which issued certificate or evaluation report a file with this sha256 is, in words
    (for the command line), or None."""
    cert = db.session.scalar(select(Certificate).where(Certificate.sha256 == sha256).limit(1))
    if cert is not None:
        return (
            f"certificate {cert.serial} of {cert.company_name}, issued {cert.issued_on}, "
            f"valid until {cert.valid_until}, now {cert.status}"
        )
    report = db.session.scalar(
        select(EvaluationReport).where(EvaluationReport.sha256 == sha256).limit(1)
    )
    if report is not None:
        name = report.application.organisation.name
        return f"evaluation report of {name}, issued {report.issued_at:%Y-%m-%d %H:%M} UTC"
    return None
