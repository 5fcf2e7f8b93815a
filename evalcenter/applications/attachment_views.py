"""Evidence files: upload, list, download as attachments, delete while editable."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.applications import attachments as files
from evalcenter.applications import services
from evalcenter.applications.access import application_or_404, attachment_or_404
from evalcenter.applications.forms import AttachmentForm
from evalcenter.applications.messages import error_message
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import roles_required
from evalcenter.core.roles import Role
from evalcenter.extensions import db

bp = Blueprint("attachments", __name__, url_prefix="/applications/<int:app_id>/attachments")


def _limits() -> services.UploadLimits:
    cfg = current_app.config
    return services.UploadLimits(
        cfg["UPLOAD_DIR"], cfg["ATTACHMENT_MAX_BYTES"], cfg["APPLICATION_ATTACHMENTS_MAX_BYTES"]
    )


@bp.route("", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def manage(app_id: int):
    app = application_or_404(app_id)
    form = AttachmentForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            services.add_attachment(
                current_user, app, form.kind.data, upload.stream, upload.filename, _limits()
            )
            db.session.commit()
        except files.AttachmentError as err:
            db.session.rollback()
            form.file.errors = [*form.file.errors, files.message(err)]
        except services.ApplicationError as err:
            db.session.rollback()
            flash(error_message(err), "danger")
        else:
            flash(_("The file has been uploaded."), "success")
            return redirect(url_for("attachments.manage", app_id=app.id))
    current = [a for a in app.attachments if not a.kind.startswith("superseded:")]
    return render_template(
        "applications/attachments.html",
        app=app,
        form=form,
        attachments=current,
        kinds=files.KINDS,
        required=files.REQUIRED_KINDS,
        delete_form=ConfirmForm(),
        missing_kinds=services.missing_attachment_kinds(app),
        editable=services.is_editable(app),
        per_file_mb=current_app.config["ATTACHMENT_MAX_BYTES"] // (1024 * 1024),
        per_app_mb=current_app.config["APPLICATION_ATTACHMENTS_MAX_BYTES"] // (1024 * 1024),
    ), (200 if not form.errors else 422)


@bp.get("/<int:attachment_id>")
@roles_required(Role.APPLICANT, Role.ADMIN)
def download(app_id: int, attachment_id: int):
    app = application_or_404(app_id)
    attachment = attachment_or_404(app, attachment_id)
    try:
        path = files.path_of(attachment, current_app.config["UPLOAD_DIR"])
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.original_name,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:attachment_id>/delete")
@roles_required(Role.APPLICANT)
def delete(app_id: int, attachment_id: int):
    app = application_or_404(app_id)
    attachment = attachment_or_404(app, attachment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.remove_attachment(current_user, app, attachment, current_app.config["UPLOAD_DIR"])
        db.session.commit()
        flash(_("The file has been removed."), "info")
    except services.ApplicationError as err:
        db.session.rollback()
        flash(error_message(err), "danger")
    return redirect(url_for("attachments.manage", app_id=app.id))
