"""Downloads: the application form (申报书) of the submitted version, the evaluation report
and the certificate; each is served as an attachment, never shown inline."""

from __future__ import annotations

import io

from flask import Blueprint, Response, abort, send_file
from flask_login import current_user

from evalcenter.applications.models import Application
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.documents import builders, certificates, pdfs, policies, reports, storage
from evalcenter.documents.models import Certificate

bp = Blueprint("documents", __name__)


def send_pdf(pdf: bytes | str, name: str) -> Response:
    """A PDF (bytes, or a stored document's file name) as a download."""
    body = io.BytesIO(pdf) if isinstance(pdf, bytes) else storage.path(pdf)
    if not isinstance(pdf, bytes) and not body.exists():
        abort(404)
    response = send_file(
        body, mimetype="application/pdf", as_attachment=True, download_name=name, max_age=0
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/applications/<int:app_id>/application-form.pdf")
@roles_required(Role.APPLICANT, Role.ADMIN)
def application_form(app_id: int):
    app = get_or_404(Application, app_id, policies.can_download_form)
    data = builders.application_form_data(app.latest_snapshot)
    pdf = attempt(lambda: pdfs.application_form(data))
    if pdf is None:
        return pdfs.failed()
    return send_pdf(pdf, f"申报书-{app.reference or app.id}.pdf")


@bp.get("/applications/<int:app_id>/report.pdf")
@roles_required(Role.APPLICANT, Role.ADMIN)
def report(app_id: int):
    app = get_or_404(Application, app_id, policies.can_download_report)
    issued = attempt(lambda: reports.issue(current_user, app))
    if issued is None:
        return pdfs.failed()
    return send_pdf(issued.file_name, f"评价报告-{app.reference or app.id}.pdf")


@bp.get("/certificates/<int:cert_id>.pdf")
@roles_required(Role.APPLICANT, Role.ADMIN)
def certificate(cert_id: int):
    cert = get_or_404(Certificate, cert_id, policies.can_download_certificate)
    return send_pdf(cert.file_name, f"证书-{cert.serial}.pdf")


@bp.get("/applications/<int:app_id>/certificate.pdf")
@roles_required(Role.APPLICANT, Role.ADMIN)
def application_certificate(app_id: int):
    app = get_or_404(Application, app_id, policies.can_view_certificates)
    cert = certificates.current(app) or abort(404)
    return send_pdf(cert.file_name, f"证书-{cert.serial}.pdf")
