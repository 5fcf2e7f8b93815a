"""The PDF of each document as the sample commands make it: rendered now; the signing step
belongs here too (a certificate and a report are signed, the application form is printed to be
signed by hand), so every caller of these gets it at once."""

from __future__ import annotations

from evalcenter.documents import render
from evalcenter.documents.data import ApplicationFormData, CertificateData, ReportData
from evalcenter.documents.fonts import Fonts


def certificate_pdf(data: CertificateData, fonts: Fonts) -> bytes:
    return render.render_certificate(data, fonts)


def report_pdf(data: ReportData, fonts: Fonts) -> bytes:
    return render.render_report(data, fonts)


def application_form_pdf(data: ApplicationFormData, fonts: Fonts) -> bytes:
    return render.render_application_form(data, fonts)
