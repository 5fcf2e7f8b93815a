"""Evidence files: upload, list, download as attachments, remove while editable."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from evalcenter.applications import attachments as files
from evalcenter.applications import pages, policies, services
from evalcenter.applications.forms import AttachmentForm
from evalcenter.applications.models import Application, Attachment
from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404, roles_required
from evalcenter.core.roles import Role
from evalcenter.core.transaction import attempt

bp = Blueprint("attachments", __name__, url_prefix="/applications/<int:app_id>/attachments")


def _attachment(app_id: int, attachment_id: int, policy) -> Attachment:
    attachment = get_or_404(Attachment, attachment_id, policy)
    if attachment.application_id != app_id:
        abort(404)
    return attachment


@bp.route("", methods=["GET", "POST"])
@roles_required(Role.APPLICANT)
def manage(app_id: int):
    app = get_or_404(Application, app_id, policies.is_own)
    form = AttachmentForm(kind=request.args.get("kind", ""))  # a link may choose the kind
    if form.validate_on_submit():
        upload, limits = form.file.data, files.limits(current_app.config)
        if attempt(
            lambda: services.add_attachment(
                current_user, app, form.kind.data, upload.stream, upload.filename, limits
            ),
            form,
        ):
            flash(_("The file has been uploaded."), "success")
            return redirect(url_for("attachments.manage", app_id=app.id))
    context = pages.attachments(app)
    return render_template(
        "applications/attachments.html", form=form, delete_form=ConfirmForm(), **context
    ), (422 if form.errors else 200)


@bp.get("/<int:attachment_id>")
@roles_required(Role.APPLICANT, Role.ADMIN, Role.REVIEWER)
def download(app_id: int, attachment_id: int):
    attachment = _attachment(app_id, attachment_id, policies.can_view_attachment)
    path = files.existing_path(attachment, current_app.config["UPLOAD_DIR"]) or abort(404)
    response = send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.original_name,
        max_age=0,
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<int:attachment_id>/delete")
@roles_required(Role.APPLICANT)
def delete(app_id: int, attachment_id: int):
    attachment = _attachment(app_id, attachment_id, lambda u, a: policies.is_own(u, a.application))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    upload_dir = current_app.config["UPLOAD_DIR"]
    app = attachment.application
    if attempt(lambda: services.remove_attachment(current_user, app, attachment, upload_dir)):
        flash(_("The file has been removed."), "info")
    return redirect(url_for("attachments.manage", app_id=app_id))
