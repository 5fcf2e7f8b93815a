"""Administrators issue a round's certificates (one by one or all in the background), and
revoke or correct a certificate, each through its confirmation page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.applications.models import Application
from evalcenter.core import jobs
from evalcenter.core.confirmation import confirm_page
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt
from evalcenter.documents import certificates, confirmations, policies, queries
from evalcenter.documents.forms import CorrectForm, RevokeForm
from evalcenter.documents.models import Certificate
from evalcenter.rounds.models import EvaluationRound

bp = Blueprint("admin_documents", __name__, url_prefix="/admin")


def _list(rnd_id: int) -> str:
    return url_for("admin_documents.round_certificates", round_id=rnd_id)


def _show(cert: Certificate) -> str:
    return url_for("admin_documents.show", cert_id=cert.id)


@bp.get("/rounds/<int:round_id>/certificates")
@roles_required(Role.ADMIN)
def round_certificates(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, policies.is_admin)
    lines = queries.round_certificates(rnd)
    return render_template(
        "documents/web/round.html",
        rnd=rnd,
        lines=lines,
        counts=queries.counts(lines),
        jobs=queries.round_jobs(rnd),
    )


@bp.route("/rounds/<int:round_id>/certificates/issue", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def issue_round(round_id: int):
    rnd = get_or_404(EvaluationRound, round_id, policies.can_issue)
    form = ConfirmForm()
    if form.validate_on_submit():
        job = attempt(lambda: jobs.enqueue(current_user, queries.BATCH_KIND, round_id=rnd.id), form)
        if job is not None:
            return redirect(url_for("jobs.show", job_id=job.id))
    counts = queries.counts(queries.round_certificates(rnd))
    page = confirmations.issue_round(rnd, counts)
    return confirm_page(cancel=_list(rnd.id), form=form, thing=rnd.name, **page)


@bp.route("/applications/<int:app_id>/certificate/issue", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def issue_one(app_id: int):
    app = get_or_404(Application, app_id, policies.can_certify)
    form = ConfirmForm()
    if form.validate_on_submit():
        cert = attempt(lambda: certificates.issue(current_user, app), form)
        if cert is not None:
            flash(_("Certificate %(serial)s is issued.", serial=cert.serial), "success")
            return redirect(_show(cert))
    page = confirmations.issue_one(app)
    return confirm_page(cancel=_list(app.round_id), form=form, thing=app.organisation.name, **page)


@bp.get("/certificates/<int:cert_id>")
@roles_required(Role.ADMIN)
def show(cert_id: int):
    cert = get_or_404(Certificate, cert_id, policies.is_admin)
    return render_template(
        "documents/web/certificate.html",
        cert=cert,
        editions=queries.editions(cert),
        verify_url=certificates.verify_url(cert.token),
    )


@bp.route("/certificates/<int:cert_id>/revoke", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def revoke(cert_id: int):
    cert = get_or_404(Certificate, cert_id, policies.can_revoke)
    form = RevokeForm(data={"version": cert.version})
    if form.validate_on_submit():
        reason, version = form.reason.data, form.version.data
        if attempt(lambda: certificates.revoke(current_user, cert, reason, version), form):
            flash(_("Certificate %(serial)s is revoked.", serial=cert.serial), "success")
            return redirect(_show(cert))
    page = confirmations.revoke(cert)
    return confirm_page(cancel=_show(cert), form=form, thing=cert.serial, irreversible=True, **page)


@bp.route("/certificates/<int:cert_id>/correct", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def correct(cert_id: int):
    cert = get_or_404(Certificate, cert_id, policies.can_correct)
    form = CorrectForm(obj=cert)
    if form.validate_on_submit():
        printed = certificates.Printed(
            form.company_name.data or "", form.centre_name.data or "", form.district.data or ""
        )
        new = attempt(
            lambda: certificates.correct(current_user, cert, printed, form.reason.data), form
        )
        if new is not None:
            flash(_("Certificate %(serial)s replaces the old one.", serial=new.serial), "success")
            return redirect(_show(new))
    return render_template("documents/web/correct.html", cert=cert, form=form), (
        422 if form.errors else 200
    )
