"""In-site messages (站内消息): the user's list, one message, and marking them all read."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from evalcenter.core.forms import ConfirmForm
from evalcenter.core.permissions import get_or_404
from evalcenter.core.redirects import safe_next
from evalcenter.notifications import policies, queries, services, texts
from evalcenter.notifications.models import Notification

bp = Blueprint("notifications", __name__)
bp.add_app_template_global(queries.unread_for_current_user, "unread_notifications")
bp.add_app_template_global(texts.render, "notification_texts")
bp.add_app_template_global(lambda link: safe_next(link, ""), "notification_link")


@bp.get("/notifications")
@login_required
def list_notifications():
    page = queries.page_for(current_user.id)
    return render_template("notifications/list.html", page=page, form=ConfirmForm())


@bp.get("/notifications/<int:notification_id>")
@login_required
def show(notification_id: int):
    notification = get_or_404(Notification, notification_id, policies.can_view_notification)
    services.mark_read(notification)
    subject, body = texts.render(notification.kind, notification.params)
    return render_template(
        "notifications/show.html", notification=notification, subject=subject, body=body
    )


@bp.post("/notifications/read")
@login_required
def mark_all_read():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.mark_all_read(current_user.id)
    flash(_("All your messages are marked as read."), "success")
    return redirect(url_for("notifications.list_notifications"))
