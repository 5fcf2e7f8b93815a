"""Public certificate verification, without login: the page a certificate's link (QR code)
opens, with a file check, and a search by serial number and company name."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, redirect, render_template, url_for
from flask_babel import gettext as _

from evalcenter.core.error_pages import render_error
from evalcenter.core.transaction import attempt
from evalcenter.documents import signing, verification
from evalcenter.documents.verification_forms import FileCheckForm, SearchForm
from evalcenter.extensions import limiter

bp = Blueprint("verify", __name__, url_prefix="/verify")


def _search_limit() -> str:
    return current_app.config.get("VERIFY_SEARCH_RATE_LIMIT", "10 per minute")


def _file_limit() -> str:
    return current_app.config.get("VERIFY_FILE_RATE_LIMIT", "20 per minute")


def _max_bytes() -> int:
    return current_app.config.get("VERIFY_FILE_MAX_BYTES", 10 * verification.MB)


def _private(response: Response) -> Response:
    """Verification pages are not for search engines or shared caches (a status may change)."""
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(429)
def too_many(err):
    return render_error(
        429,
        _(
            "You have searched or checked files too often in a short time. Wait a minute and "
            "try again. A certificate's QR code or link opens its page without any search."
        ),
    )


@bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit(_file_limit, methods=["POST"])
def show(token: str):
    verdict = verification.verdict(token)
    form = FileCheckForm()
    result = None
    if form.validate_on_submit():
        config = current_app.config
        result = attempt(
            lambda: verification.check_file(
                verdict.certificate,
                form.file.data.stream,
                _max_bytes(),
                signing.trusted_certificates(config),
            ),
            form,
        )
    status = 422 if form.errors or form.form_errors else 200
    page = render_template(
        "documents/web/verify.html",
        verdict=verdict,
        form=form,
        result=result,
        max_mb=_max_bytes() // verification.MB,
    )
    return _private(current_app.make_response((page, status)))


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_search_limit, methods=["POST"])
def search():
    form = SearchForm()
    not_found = False
    if form.validate_on_submit():
        cert = verification.find(form.serial.data, form.company_name.data)
        if cert is not None:
            return redirect(url_for("verify.show", token=cert.token))
        not_found = True
    status = 422 if form.errors else 200
    page = render_template("documents/web/search.html", form=form, not_found=not_found)
    return _private(current_app.make_response((page, status)))
